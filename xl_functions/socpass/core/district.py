"""The district: the figures of many schools rolled up, and what a department reads from them.

`roll_up` takes what the workers made of each file (a school's figures or a refusal) and decides
which schools count: one school year (the one most schools sent, unless given), one return per
school and year (a second one is refused, naming the first), no return blanked for publication.
`District` then gives the totals with last year and the change, each school's early-warning
shares against the district's rule of thumb, and the schools with the largest rises and falls.
Pure: no files, no Dask; the same inputs in any order give the same district.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .aggregates import AGGREGATES, SchoolFigures, SchoolIdentity, Value
from .passport import CATEGORY_METRICS
from .schema import Text, year_change
from .school_year import SchoolYear

#: The district's rule of thumb: a school whose share of pupils in a tier is above this is marked.
RULE_OF_THUMB = {"targeted": 0.15, "intensive": 0.05}
#: How many rises and falls the district report lists.
LARGEST = 5

DUPLICATE = Text(
    "{code} мектебінің {year} оқу жылына деректері бұрыннан бар ({first}), бұл файл екінші рет "
    "есептелмейді",
    "данные школы {code} за {year} учебный год уже есть ({first}), этот файл повторно не "
    "учитывается",
)
OTHER_YEAR = Text(
    "файл {year} оқу жылына арналған, ал аудан {district_year} оқу жылы бойынша жиналуда",
    "файл за {year} учебный год, а район сводится за {district_year} учебный год",
)
SUPPRESSED = Text(
    "бұл жариялауға арналған нұсқа (1-ден 4-ке дейінгі сандар жасырылған): мектептен толық "
    "жиынтықты сұраңыз",
    "это версия для публикации (числа от 1 до 4 скрыты): запросите у школы полную сводку",
)
NOT_RECEIVED = Text("файлы келмеген", "файл не поступил")


@dataclass(frozen=True)
class Refusal:
    """A file that was not counted, and why (a finished sentence in each language)."""

    file: str
    reason: Text
    school: SchoolIdentity | None = None


@dataclass(frozen=True)
class ExpectedSchool:
    """A school the department expects a file from (`consolidate --expected`)."""

    code: str
    name: str = ""


@dataclass(frozen=True)
class Total:
    """A metric over the district: last year's and this year's sums, how many schools gave each,
    and the change over the schools that gave both years (like for like)."""

    key: str
    previous: Value
    current: Value
    schools: int
    compared: int
    compared_previous: Value  # the two years' sums over the `compared` schools
    compared_current: Value

    @property
    def change(self) -> float | str | None:
        """`schema.year_change` over the schools that gave both years."""
        return year_change(self.compared_previous, self.compared_current)


@dataclass(frozen=True)
class SchoolRisk:
    """One school's early-warning shares, and the tiers in which it is above the rule of thumb."""

    school: SchoolIdentity
    pupils: int
    targeted: int
    intensive: int

    @property
    def shares(self) -> dict[str, float]:
        whole = self.pupils or 1
        return {"targeted": self.targeted / whole, "intensive": self.intensive / whole}

    @property
    def above(self) -> tuple[str, ...]:
        return tuple(t for t, share in self.shares.items() if share > RULE_OF_THUMB[t])


@dataclass(frozen=True)
class SchoolChange:
    """A school's change in one passport category, in pupils."""

    school: SchoolIdentity
    metric: str
    previous: int
    current: int

    @property
    def difference(self) -> int:
        return self.current - self.previous

    @property
    def ratio(self) -> float | str | None:
        return year_change(self.previous, self.current)


@dataclass(frozen=True)
class District:
    school_year: SchoolYear
    schools: tuple[SchoolFigures, ...]
    refused: tuple[Refusal, ...] = ()
    missing: tuple[ExpectedSchool, ...] = ()

    @property
    def previous_year(self) -> SchoolYear:
        return self.school_year.previous

    @property
    def name(self) -> str:
        """The district most schools name in their Settings ("" when none does)."""
        return _most_common(s.school.district for s in self.schools)

    @property
    def region(self) -> str:
        return _most_common(s.school.region for s in self.schools)

    @property
    def as_of(self) -> str:
        """The date the schools counted as of (dd.mm.yyyy), or the span of dates when their
        returns were made on different days; "" without schools."""
        dates = sorted({s.as_of for s in self.schools})
        return "–".join(d.strftime("%d.%m.%Y") for d in dates[:: max(len(dates) - 1, 1)])

    def count(self, source: str) -> int:
        """Schools counted from returns ("return") or from full registers ("register")."""
        return sum(1 for s in self.schools if s.source == source)

    def total(self, key: str) -> Total:
        now = [s.value(key) for s in self.schools]
        before = [s.value(key, self.previous_year) for s in self.schools]
        both = [(b, n) for b, n in zip(before, now, strict=True) if b is not None and n is not None]
        return Total(
            key=key,
            previous=_sum(before),
            current=_sum(now),
            schools=sum(v is not None for v in now),
            compared=len(both),
            compared_previous=sum(b for b, _ in both) if both else None,
            compared_current=sum(n for _, n in both) if both else None,
        )

    def totals(self) -> list[Total]:
        return [self.total(item.key) for item in AGGREGATES]

    def risks(self) -> list[SchoolRisk]:
        return [
            SchoolRisk(
                s.school,
                int(s.value("risk.pupils") or 0),
                int(s.value("risk.tier.targeted") or 0),
                int(s.value("risk.tier.intensive") or 0),
            )
            for s in self.schools
        ]

    def changes(self) -> tuple[list[SchoolChange], list[SchoolChange]]:
        """The `LARGEST` largest rises and falls of a school in a passport category, in pupils
        (a count is a better guide than a percentage, which makes 1 → 2 a doubling)."""
        found = []
        for s in self.schools:
            for metric in CATEGORY_METRICS:
                key = f"passport.{metric}.pupils"
                before, now = s.value(key, self.previous_year), s.value(key)
                if before is not None and now is not None and before != now:
                    found.append(SchoolChange(s.school, metric, int(before), int(now)))
        rises = sorted((c for c in found if c.difference > 0), key=lambda c: -c.difference)
        falls = sorted((c for c in found if c.difference < 0), key=lambda c: c.difference)
        return rises[:LARGEST], falls[:LARGEST]


def roll_up(
    results: Sequence[SchoolFigures | Refusal],
    school_year: SchoolYear | None = None,
    expected: Iterable[ExpectedSchool] = (),
) -> District:
    """The district from the workers' results, in input order (the first of two files of the
    same school and year counts)."""
    figures = [r for r in results if isinstance(r, SchoolFigures)]
    refused = [r for r in results if isinstance(r, Refusal)]
    year = school_year or _usual_year(f for f in figures if not f.suppressed)
    kept: dict[str, SchoolFigures] = {}
    for f in figures:
        if f.suppressed:
            refused.append(Refusal(f.file, SUPPRESSED, f.school))
        elif year is not None and f.school_year != year:
            reason = _filled(OTHER_YEAR, year=str(f.school_year), district_year=str(year))
            refused.append(Refusal(f.file, reason, f.school))
        elif f.school.code in kept:
            first = kept[f.school.code].file
            reason = _filled(DUPLICATE, code=f.school.code, year=str(year), first=first)
            refused.append(Refusal(f.file, reason, f.school))
        else:
            kept[f.school.code] = f
    order = {r.file: i for i, r in enumerate(results)}
    refused.sort(key=lambda r: order.get(r.file, len(order)))
    missing = tuple(e for e in expected if e.code not in kept)
    schools = tuple(sorted(kept.values(), key=lambda f: school_sort_key(f.school)))
    return District(year or SchoolYear(0), schools, tuple(refused), missing)


def school_sort_key(school: SchoolIdentity) -> tuple[object, ...]:
    """Schools by name as people sort them ("№ 2" before "№ 10"), then by code."""
    parts = re.split(r"(\d+)", school.name.casefold())
    return (tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts), school.code)


def _usual_year(figures: Iterable[SchoolFigures]) -> SchoolYear | None:
    """The school year most files are for (the later one on a tie)."""
    counts = Counter(f.school_year for f in figures)
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y.start))


def _sum(values: list[Value]) -> Value:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _most_common(names: Iterable[str]) -> str:
    counts = Counter(n for n in names if n)
    return min(counts, key=lambda n: (-counts[n], n)) if counts else ""


def _filled(text: Text, **params: object) -> Text:
    return Text(text.kk.format(**params), text.ru.format(**params))
