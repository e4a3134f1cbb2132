"""Which stretch of the school year a flag run looks at: a month, a quarter, or the year to date.

The Attendance sheet keys months by number ("9".."5") and the Academic sheet by quarter ("1".."4");
the `school_year` setting ("2025-2026") places them in the calendar: September to December 2025,
January to May 2026. Academic quarters: Q1 = Sep–Oct, Q2 = Nov–Dec, Q3 = Jan–Mar, Q4 = Apr–May.

The default run ("auto") follows the UNICEF method's rhythm (monthly attendance, quarterly results):
- attendance: the latest complete month with attendance data AND the year to date; the indicator is
  met when either window meets the threshold (a sudden bad month or a slow steady drift both count);
- academic: the latest quarter with results, not after today's quarter;
- behaviour: incidents from the start of the latest complete month's quarter up to today.
An explicit period (`month:10`, `quarter:2`, `ytd`) uses that one window for attendance and
behaviour, and the latest quarter with results that does not lie after it for academic results
(the year to date: not after today's quarter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from .findings import SocpassError
from .schema import MONTH_ORDER, MONTHS, Lang, Text
from .school_year import SchoolYear

WindowKind = Literal["month", "quarter", "ytd", "quarter_to_date"]

#: School-year months of each academic quarter.
QUARTER_MONTHS: dict[int, tuple[int, ...]] = {1: (9, 10), 2: (11, 12), 3: (1, 2, 3), 4: (4, 5)}

BAD_PERIOD = Text(
    "Кезең дұрыс емес: «{spec}». Мүмкін мәндер: ай:9 … ай:5 (month:9), тоқсан:1 … тоқсан:4 "
    "(quarter:1), жыл (оқу жылының басынан бері, ytd), auto.",
    "Неверный период: «{spec}». Допустимо: месяц:9 … месяц:5 (month:9), четверть:1 … "
    "четверть:4 (quarter:1), год (с начала учебного года, ytd), auto.",
)
#: The words of `--period`, in English, Kazakh and Russian.
PERIOD_KINDS = {
    "month": "month",
    "m": "month",
    "ай": "month",
    "месяц": "month",
    "мес": "month",
    "quarter": "quarter",
    "q": "quarter",
    "тоқсан": "quarter",
    "четверть": "quarter",
    "чет": "quarter",
}
WHOLE_PERIODS = {
    "auto": "auto",
    "авто": "auto",
    "ytd": "ytd",
    "жыл": "ytd",
    "оқу жылы": "ytd",
    "год": "ytd",
    "учебный год": "ytd",
}


@dataclass(frozen=True)
class Window:
    """A stretch of the school year: its months (attendance) and its dates (behaviour)."""

    kind: WindowKind
    number: int | None  # the month (1..12) or the quarter (1..4); None for the year to date
    months: tuple[int, ...]  # school-year months inside, in school order
    start: date
    end: date  # inclusive

    def when(self, lang: Lang) -> str:
        """The window as a sentence opener: 'қазан айында' / 'за октябрь'."""
        if self.kind == "month":
            label = _month_label(self.number or 9, lang).lower()
            return f"{label} айында" if lang == "kk" else f"за {label}"
        if self.kind == "quarter":
            return f"{self.number}-тоқсанда" if lang == "kk" else f"за {self.number}-ю четверть"
        if self.kind == "quarter_to_date":
            return (
                f"{self.number}-тоқсанның басынан бері"
                if lang == "kk"
                else f"с начала {self.number}-й четверти"
            )
        return "оқу жылының басынан бері" if lang == "kk" else "с начала учебного года"

    def span(self, lang: Lang) -> str:
        """The window after "бойынша" / as an adverbial: 'мамыр айы' / 'за май'."""
        if lang == "ru":
            return self.when(lang)
        if self.kind == "month":
            return f"{_month_label(self.number or 9, lang).lower()} айы"
        if self.kind == "quarter":
            return f"{self.number}-тоқсан"
        if self.kind == "quarter_to_date":
            return f"{self.number}-тоқсанның басынан бергі кезең"
        return "оқу жылының басынан бергі кезең"


@dataclass(frozen=True)
class Period:
    """What one flag run looks at (see the module docstring for the rules)."""

    spec: str  # as asked: "auto", "month:10", "quarter:2", "ytd"
    attendance: tuple[Window, ...]  # the indicator is met when any window meets the threshold
    quarter_limit: int  # academic: the latest quarter with results, not after this one
    behaviour: Window

    def describe(self, lang: Lang) -> str:
        """'қазан айында; оқу жылының басынан бері' — the attendance windows, for headings."""
        return "; ".join(w.when(lang) for w in self.attendance)


def _month_label(month: int, lang: Lang) -> str:
    return next(m.label(lang) for m in MONTHS if int(m.key) == month)


def quarter_of(month: int) -> int:
    return next(q for q, months in QUARTER_MONTHS.items() if month in months)


def month_window(month: int, year: SchoolYear) -> Window:
    return Window("month", month, (month,), year.month_start(month), year.month_end(month))


def quarter_window(quarter: int, year: SchoolYear) -> Window:
    months = QUARTER_MONTHS[quarter]
    return Window(
        "quarter", quarter, months, year.month_start(months[0]), year.month_end(months[-1])
    )


def ytd_window(year: SchoolYear, today: date) -> Window:
    """September up to today's month; the whole year once it is over (or not yet begun)."""
    months = tuple(m for m in MONTH_ORDER if year.month_start(m) <= today) or MONTH_ORDER
    year_end = year.month_end(MONTH_ORDER[-1])
    end = today if year.first_day <= today <= year_end else year_end
    return Window("ytd", None, months, year.first_day, end)


def parse_period(spec: str) -> tuple[str, int | None]:
    """Check the syntax of `--period`: ('auto'|'ytd', None), ('month', 10) or ('quarter', 2);
    Kazakh and Russian words too: ай:10, тоқсан:2, жыл / месяц:10, четверть:2, год."""
    text = " ".join((spec or "auto").strip().lower().split())
    if text in WHOLE_PERIODS:
        return WHOLE_PERIODS[text], None
    match = re.fullmatch(r"(\w+)\s*[:=]?\s*(\d{1,2})", text)
    if match and match.group(1) in PERIOD_KINDS:
        kind = PERIOD_KINDS[match.group(1)]
        number = int(match.group(2))
        if (kind == "month" and number in MONTH_ORDER) or (
            kind == "quarter" and number in QUARTER_MONTHS
        ):
            return kind, number
    raise SocpassError(BAD_PERIOD, exit_code=2, spec=spec)


def months_with_data(attendance: pd.DataFrame) -> list[int]:
    """School-year months that have at least one attendance row with planned lessons."""
    if attendance.empty:
        return []
    rows = attendance[attendance["planned"].fillna(0) > 0]
    present = {int(m) for m in rows["month"].dropna().unique()}
    return [m for m in MONTH_ORDER if m in present]


def latest_complete_month(attendance: pd.DataFrame, year: SchoolYear, today: date) -> int:
    """The latest month with attendance data that has ended before today.

    Falls back to the latest month with data (a register typed mid-month), then to the latest month
    that has ended (no attendance typed yet), then to September.
    """
    with_data = months_with_data(attendance)
    ended = [m for m in MONTH_ORDER if year.month_end(m) < today]
    complete = [m for m in with_data if m in ended]
    for candidates in (complete, with_data, ended):
        if candidates:
            return candidates[-1]
    return MONTH_ORDER[0]


def resolve_period(spec: str, attendance: pd.DataFrame, year: SchoolYear, today: date) -> Period:
    """The windows of one run, from `--period` (or 'auto'), the data and today's date."""
    kind, number = parse_period(spec)
    ytd = ytd_window(year, today)
    if kind == "month" and number is not None:
        window = month_window(number, year)
        return Period(f"month:{number}", (window,), quarter_of(number), window)
    if kind == "quarter" and number is not None:
        window = quarter_window(number, year)
        return Period(f"quarter:{number}", (window,), number, window)
    if kind == "ytd":
        return Period("ytd", (ytd,), quarter_of(ytd.months[-1]), ytd)
    month = latest_complete_month(attendance, year, today)
    quarter = quarter_of(month)
    behaviour = Window(
        "quarter_to_date",
        quarter,
        tuple(m for m in QUARTER_MONTHS[quarter] if m in ytd.months) or QUARTER_MONTHS[quarter],
        year.month_start(QUARTER_MONTHS[quarter][0]),
        max(ytd.end, year.month_end(month)),
    )
    return Period("auto", (month_window(month, year), ytd), quarter_of(ytd.months[-1]), behaviour)
