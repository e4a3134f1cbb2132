"""Section I of the report: the social passport counts, by school, class and grade, and their change.

Counting rules, the same in the custom functions, the dashboard formulas and the report:
- pupils in a category = pupils with the category's flag;
- families in a category = distinct non-blank family ids among those pupils (a family counts when
  any of its children does); orphans and children without parental care are counted as pupils
  only (families None), as in the source report; registers and hot meals are pupil counts too;
- hot meals by source = pupils with free hot meals from that source; a pupil with hot meals but no
  source written is counted under "other", so no pupil drops out of the total;
- only pupils on the roll on the date counted as of (`core.roll`) count: the end of the school
  year's lessons unless another date is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Literal

import pandas as pd

from .checks import ABSENT_COUNTED_COLUMN
from .formatting import format_change
from .history import Count, previous_year, year_counts
from .register import RegisterData
from .roll import pupils_on_roll
from .schema import CATEGORIES, CLASS_LETTERS, HISTORY_METRICS, Lang, metric, sheet, year_change
from .school_year import SchoolYear
from .values import empty_value

GroupBy = Literal["class", "grade"]
METRIC_KEYS = tuple(m.key for m in HISTORY_METRICS)
CATEGORY_METRICS = tuple(c.key for c in CATEGORIES)
FAMILY_METRICS = frozenset(m.key for m in HISTORY_METRICS if m.families_counted)

_GRADE = re.compile(r"^\s*(\d{1,2})")


def countable(pupils: pd.DataFrame | None) -> pd.DataFrame:
    """`pupils` with every schema column, a sheet or column not given being empty.

    The workbook writer accepts frames with any of the schema's columns and leaves a column it is
    not given blank, which the reader and the dashboard's formulas read as "no"; counting it the
    same way gives the numbers that workbook holds.
    """
    frame = pd.DataFrame() if pupils is None else pupils
    missing = {c.key: empty_value(c) for c in sheet("pupils").columns if c.key not in frame}
    return frame.assign(**missing) if missing else frame


def metric_flags(pupils: pd.DataFrame, key: str) -> pd.Series:
    """Which pupils a History metric counts (a bool Series aligned with `pupils`); KeyError for
    an unknown metric."""
    found = metric(key)
    flags = pupils[found.flag].astype(bool)
    if found.source is None:
        return flags
    sources = pupils["meal_source"]
    if found.source == "other":
        return flags & (sources.isna() | (sources == found.source))
    return flags & (sources == found.source)


def count_metric(pupils: pd.DataFrame, metric: str) -> Count:
    """Pupils and (for family categories) distinct families for one metric."""
    flags = metric_flags(pupils, metric)
    families = None
    if metric in FAMILY_METRICS:
        ids = pupils.loc[flags, "family_id"].astype(str).str.strip()
        families = int(ids[ids != ""].nunique())
    return Count(metric, int(flags.sum()), families)


def count_metrics(pupils: pd.DataFrame, metrics: tuple[str, ...] = METRIC_KEYS) -> dict[str, Count]:
    """Every History metric counted on the pupils frame, in the schema's order."""
    return {m: count_metric(pupils, m) for m in metrics}


def grade_of(class_name: object) -> int | None:
    """5 for "5Ә", 11 for "11 А"; None when the class has no number."""
    match = _GRADE.match(str(class_name or ""))
    return int(match.group(1)) if match else None


def class_sort_key(class_name: str) -> tuple[int, int, str]:
    """Order classes as a school lists them: 1А, 1Ә, 1Б, ..., 2А, ..., 11К; odd names last."""
    grade = grade_of(class_name)
    rest = _GRADE.sub("", class_name).strip().upper()
    letter = CLASS_LETTERS.index(rest) if rest in CLASS_LETTERS else len(CLASS_LETTERS)
    return (99 if grade is None else grade, letter, rest)


def class_names(pupils: pd.DataFrame) -> pd.Series:
    """Each pupil's class as the per-class counts group it (a str Series aligned with `pupils`)."""
    return pupils["class"].astype(str).str.strip()


def counts_by(
    pupils: pd.DataFrame, by: GroupBy, metrics: tuple[str, ...] = METRIC_KEYS
) -> dict[str, dict[str, Count]]:
    """Counts per class (or grade level), in school order.

    Pupil counts add up to the school's; family counts may not, since siblings in two classes make
    their family count in both.
    """
    names = class_names(pupils)
    if by == "grade":
        names = names.map(lambda c: "" if grade_of(c) is None else str(grade_of(c)))
    groups = sorted(set(names), key=class_sort_key)
    return {g: count_metrics(pupils[names == g], metrics) for g in groups}


@dataclass(frozen=True)
class SummaryRow:
    """One line of the year-over-year table: a metric, last year's and this year's counts, change."""

    metric: str
    label: str
    previous_pupils: int | None
    previous_families: int | None
    current_pupils: int
    current_families: int | None
    change_pupils: float | None  # ratio (0.25 = +25 %); None when there is nothing to divide by
    change_families: float | None
    change_pupils_text: str  # "−18,2 %", "жаңа", or "—" when last year is unknown
    change_families_text: str
    #: False when the register has no column for the metric (counted as 0): say so beside it.
    counted: bool = True

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _ratio(previous: int | None, current: int | None) -> float | None:
    """The change as a number, where it is one (see `schema.year_change`)."""
    change = year_change(previous, current)
    return change if isinstance(change, float) else None


def summarize(
    current: Mapping[str, Count],
    previous: Mapping[str, Count],
    lang: Lang,
    metrics: tuple[str, ...] = METRIC_KEYS,
) -> list[SummaryRow]:
    """The comparison table from two years' counts (a metric missing last year shows "—")."""
    labels = {m.key: m.label(lang) for m in HISTORY_METRICS}
    rows = []
    for key in metrics:
        now = current[key]
        before = previous.get(key)
        prev_p = before.pupils if before else None
        prev_f = before.families if before and key in FAMILY_METRICS else None
        cur_f = now.families if key in FAMILY_METRICS else None
        rows.append(
            SummaryRow(
                metric=key,
                label=labels[key],
                previous_pupils=prev_p,
                previous_families=prev_f,
                current_pupils=now.pupils,
                current_families=cur_f,
                change_pupils=_ratio(prev_p, now.pupils),
                change_families=_ratio(prev_f, cur_f),
                change_pupils_text=format_change(prev_p, now.pupils, lang),
                change_families_text=format_change(prev_f, cur_f, lang),
            )
        )
    return rows


def summary_for(
    pupils: pd.DataFrame,
    history: pd.DataFrame,
    school_year: object,
    lang: Lang,
    metrics: tuple[str, ...] = METRIC_KEYS,
    as_of: date | None = None,
) -> tuple[str | None, list[SummaryRow]]:
    """This year's counts (pupils on the roll `as_of`, default the end of the year's lessons)
    against the latest earlier year in History: (that year, the table).

    `SocpassError` when `school_year` is not a school year (`core.school_year`)."""
    year = SchoolYear.parse(school_year)
    before = previous_year(history, year)
    previous = year_counts(history, before) if before else {}
    present = pupils_on_roll(pupils, as_of or year.end_of_lessons)
    table = summarize(count_metrics(present, metrics), previous, lang, metrics)
    return (str(before) if before else None), table


def uncounted_metrics(register: RegisterData) -> set[str]:
    """The metrics whose Pupils column the register does not have (each counts 0; the reader
    warned about it: `checks.absent_counted_columns`)."""
    absent = {f.params.get("key") for f in register.findings if f.code == "absent_counted_column"}
    return {m.key for m in HISTORY_METRICS if m.flag in absent}


def uncounted_notes(metrics: Iterable[str], lang: Lang) -> list[str]:
    """The reader's warning for each metric without its Pupils column, said again beside the 0
    it causes (marked * in the tables of `summary` and the report)."""
    headers = [sheet("pupils").column(metric(m).flag).header for m in metrics]
    return [
        "* " + ABSENT_COUNTED_COLUMN(lang).format(header_kk=h.kk, header_ru=h.ru) for h in headers
    ]


def register_summary(
    register: RegisterData, metrics: tuple[str, ...] = METRIC_KEYS, lang: Lang | None = None
) -> tuple[str | None, list[SummaryRow]]:
    """`summary_for` on a read register, for its school year and as-of date, in `lang` (default:
    its own); a metric without its column is marked not `counted`."""
    previous, rows = summary_for(
        register.frame("pupils"),
        register.frame("history"),
        register.settings["school_year"],
        lang or register.lang,
        metrics,
        register.as_of_date,
    )
    absent = uncounted_metrics(register)
    return previous, [replace(r, counted=False) if r.metric in absent else r for r in rows]
