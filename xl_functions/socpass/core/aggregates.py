"""A school's figures for its education department: the register reduced to aggregates.

`school_figures(register, as_of)` turns a `RegisterData` into one flat mapping (metric key,
school year) → number: the passport counts of this year and of the year before (`passport`,
History), hot meals, aid by source and kind with sums (`aid`), the early-warning counts by tier,
indicator and grade (`risk.tier_summary`), the plans and their reviews (`risk_status`), events
by direction. The same figures come out of a return file (`core.returns`) and out of a full
register read by the department, so `socpass consolidate` rolls up either.

The metric keys (`AGGREGATES`) are the contract between a school and its department: a key, once
published, keeps its meaning; a new key or a changed meaning is a new `FORMAT_VERSION`, and an
older socpass refuses a return of a newer format instead of misreading it. They are documented in
docs/district-return.md (a test keeps that page and this list in step).

Aggregates only: nothing here holds a pupil's name, IIN, birth date, address, phone or any text
typed in the register; the school is known by its code, name, district and region.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import pandas as pd

from .aid import helped_by
from .findings import SocpassError
from .history import year_counts
from .passport import FAMILY_METRICS, count_metrics
from .register import RegisterData
from .risk import flag, tier_summary
from .risk_rules import INDICATOR_LABELS, INDICATORS
from .risk_status import plan_reviews
from .roll import NO_REASON, NO_REASON_TEXT, movement, register_pupils
from .schema import (
    AID_KINDS,
    AID_SOURCES,
    DIRECTIONS,
    GRADES,
    HISTORY_METRICS,
    LEAVING_REASONS,
    TIERS,
    Lang,
    Text,
    sheet,
)
from .school_year import SchoolYear
from .values import school_code_kind

#: The name and version of the return's format, written into every return and checked on reading.
FORMAT = "socpass-return"
FORMAT_VERSION = 1

Unit = Literal["pupils", "families", "tenge", "events", "people"]
Section = Literal["passport", "movement", "aid", "risk", "plans", "events"]
Source = Literal["register", "return"]
#: Units that count children or their families: blanked from 1 to 4 in a return to be published.
PERSONAL_UNITS: tuple[Unit, ...] = ("pupils", "families")
SMALL_COUNTS = range(1, 5)

SECTIONS: dict[Section, Text] = {
    "passport": Text("Әлеуметтік паспорт", "Социальный паспорт"),
    "movement": Text("Келгендер мен кеткендер", "Прибывшие и выбывшие"),
    "aid": Text("Көмек", "Помощь"),
    "risk": Text("Ерте ескерту", "Раннее предупреждение"),
    "plans": Text("Жеке қолдау жоспарлары", "Индивидуальные планы поддержки"),
    "events": Text("Іс-шаралар", "Мероприятия"),
}

NO_SCHOOL_CODE = Text(
    "«{sheet}» парағында мектептің коды (БСН немесе ҰБДҚ коды) толтырылмаған: онсыз білім бөлімі "
    "бұл мектептің деректерін басқа мектептерден ажырата алмайды.",
    "На листе «{sheet}» не указан код школы (БИН или код НОБД): без него отдел образования не "
    "сможет отличить данные этой школы от других.",
)


@dataclass(frozen=True)
class Aggregate:
    """One metric of a return: its key, how it reads in each language, what it counts.

    `both_years`: last year's value is given too (from History); `count_key`: an amount in tenge
    that is blanked together with the count it sums (a sum over one child is that child's aid).
    """

    key: str
    label: Text
    unit: Unit
    section: Section
    both_years: bool = False
    count_key: str | None = None


def _passport() -> list[Aggregate]:
    found = [
        Aggregate("pupils.total", Text("Оқушылар саны", "Число учащихся"), "pupils", "passport")
    ]
    for m in HISTORY_METRICS:
        found.append(
            Aggregate(
                f"passport.{m.key}.pupils",
                Text(f"{m.label.kk}: оқушылар", f"{m.label.ru}: учащиеся"),
                "pupils",
                "passport",
                both_years=True,
            )
        )
        if m.key in FAMILY_METRICS:
            found.append(
                Aggregate(
                    f"passport.{m.key}.families",
                    Text(f"{m.label.kk}: отбасылар", f"{m.label.ru}: семьи"),
                    "families",
                    "passport",
                    both_years=True,
                )
            )
    return found


def _aid() -> list[Aggregate]:
    found = []
    for s in AID_SOURCES:
        src = s.label
        found += [
            Aggregate(
                f"aid.{s.key}.applications",
                Text(f"{src.kk}: өтініштер", f"{src.ru}: заявления"),
                "pupils",
                "aid",
            ),
            Aggregate(
                f"aid.{s.key}.pupils",
                Text(f"{src.kk}: көмек алған оқушылар", f"{src.ru}: учащиеся, получившие помощь"),
                "pupils",
                "aid",
            ),
            Aggregate(
                f"aid.{s.key}.amount",
                Text(f"{src.kk}: көмек сомасы, ₸", f"{src.ru}: сумма помощи, ₸"),
                "tenge",
                "aid",
                count_key=f"aid.{s.key}.pupils",
            ),
        ]
        for k in AID_KINDS:
            kind = k.label
            found += [
                Aggregate(
                    f"aid.{s.key}.{k.key}.pupils",
                    Text(f"{src.kk}: {kind.kk} — оқушылар", f"{src.ru}: {kind.ru} — учащиеся"),
                    "pupils",
                    "aid",
                ),
                Aggregate(
                    f"aid.{s.key}.{k.key}.amount",
                    Text(f"{src.kk}: {kind.kk} — сомасы, ₸", f"{src.ru}: {kind.ru} — сумма, ₸"),
                    "tenge",
                    "aid",
                    count_key=f"aid.{s.key}.{k.key}.pupils",
                ),
            ]
    return found


def _grade(grade: int) -> Text:
    return Text(f"{grade}-сынып", f"{grade} класс")


def _risk() -> list[Aggregate]:
    tier = {t.key: t.label for t in TIERS}
    found = [
        Aggregate(
            "risk.pupils",
            Text("Ерте ескерту: бағаланған оқушылар", "Раннее предупреждение: оценено учащихся"),
            "pupils",
            "risk",
        ),
        *(
            Aggregate(
                f"risk.tier.{t.key}",
                Text(f"Деңгей: {t.label.kk}", f"Уровень: {t.label.ru}"),
                "pupils",
                "risk",
            )
            for t in TIERS
        ),
        *(
            Aggregate(
                f"risk.indicator.{i}",
                Text(
                    f"Көрсеткіш: {INDICATOR_LABELS[i].kk}", f"Индикатор: {INDICATOR_LABELS[i].ru}"
                ),
                "pupils",
                "risk",
            )
            for i in INDICATORS
        ),
        Aggregate(
            "risk.caution",
            Text(
                "Сабаққа қатысу: назар аударатын деңгей (белгіленбегендер)",
                "Посещаемость: уровень внимания (среди не отмеченных)",
            ),
            "pupils",
            "risk",
        ),
    ]
    for g in GRADES:
        for t in TIERS:
            found.append(
                Aggregate(
                    f"risk.grade.{g}.{t.key}",
                    Text(f"{_grade(g).kk}: {tier[t.key].kk}", f"{_grade(g).ru}: {tier[t.key].ru}"),
                    "pupils",
                    "risk",
                )
            )
    return found


_PLANS = (
    Aggregate("plans.total", Text("Жеке жоспарлар", "Индивидуальные планы"), "pupils", "plans"),
    Aggregate(
        "plans.due",
        Text("Қарау мерзімі келген жоспарлар", "Планы с наступившим сроком пересмотра"),
        "pupils",
        "plans",
    ),
    Aggregate(
        "plans.reviewed_on_time",
        Text("Уақытында қаралған жоспарлар", "Планы, пересмотренные вовремя"),
        "pupils",
        "plans",
    ),
    Aggregate(
        "plans.overdue",
        Text("Қарау мерзімі өткен жоспарлар", "Планы с просроченным пересмотром"),
        "pupils",
        "plans",
    ),
)


def _events() -> list[Aggregate]:
    found = []
    for d in DIRECTIONS:
        found += [
            Aggregate(
                f"events.{d.key}.count",
                Text(f"{d.label.kk}: іс-шаралар", f"{d.label.ru}: мероприятия"),
                "events",
                "events",
            ),
            Aggregate(
                f"events.{d.key}.participants",
                Text(f"{d.label.kk}: қатысушылар", f"{d.label.ru}: участники"),
                "people",
                "events",
            ),
        ]
    return found


def _movement() -> list[Aggregate]:
    """Pupils who arrived and left during the year up to the as-of date (`core.roll.movement`),
    the leavers also by their reason."""
    found = [
        Aggregate(
            "movement.arrived", Text("Келген оқушылар", "Прибыло учащихся"), "pupils", "movement"
        ),
        Aggregate(
            "movement.left", Text("Кеткен оқушылар", "Выбыло учащихся"), "pupils", "movement"
        ),
    ]
    reasons = [(c.key, c.label) for c in LEAVING_REASONS] + [(NO_REASON, NO_REASON_TEXT)]
    for key, label in reasons:
        found.append(
            Aggregate(
                f"movement.left.{key}",
                Text(f"Кетті: {label.kk}", f"Выбыли: {label.ru}"),
                "pupils",
                "movement",
            )
        )
    return found


#: Every metric of a return, in the order the return and the district workbook list them.
AGGREGATES: tuple[Aggregate, ...] = (
    *_passport(),
    *_movement(),
    *_aid(),
    *_risk(),
    *_PLANS,
    *_events(),
)
AGGREGATE_KEYS = frozenset(a.key for a in AGGREGATES)
_BY_KEY = {a.key: a for a in AGGREGATES}


def aggregate(key: str) -> Aggregate:
    """The metric of `key`; KeyError for a key no return of this format has."""
    return _BY_KEY[key]


Value = int | float | None
Values = dict[tuple[str, str], Value]


@dataclass(frozen=True)
class SchoolIdentity:
    """Who a return is from: the official code (BIN or NEDB code) and the names people read."""

    code: str
    name: str
    district: str
    region: str

    @property
    def code_kind(self) -> str:
        return school_code_kind(self.code)


@dataclass(frozen=True)
class SchoolFigures:
    """One school's return, made from its register or read from its return file.

    `values` maps (metric key, school year text) to a number, or None where the number is
    unknown (last year not in History) or was blanked for publication (`suppressed`).
    """

    school: SchoolIdentity
    school_year: SchoolYear
    as_of: date
    lang: Lang
    values: Values = field(default_factory=dict)
    source: Source = "register"
    suppressed: bool = False
    file: str = ""

    @property
    def previous_year(self) -> SchoolYear:
        return self.school_year.previous

    def value(self, key: str, year: SchoolYear | None = None) -> Value:
        """The metric's value for `year` (default: the return's school year)."""
        return self.values.get((key, str(year or self.school_year)))

    def years(self, item: Aggregate) -> tuple[SchoolYear, ...]:
        return metric_years(item, self.school_year)


def metric_years(item: Aggregate, year: SchoolYear) -> tuple[SchoolYear, ...]:
    """The school years a return gives a metric for: the year before too for `both_years`."""
    return (year, year.previous) if item.both_years else (year,)


def school_identity(register: RegisterData) -> SchoolIdentity:
    """The school as its Settings name it; `SocpassError` (exit 1) without a school code."""
    settings = register.settings
    code = str(settings.get("school_code") or "").strip()
    if not code:
        raise SocpassError(NO_SCHOOL_CODE, exit_code=1, sheet=sheet("settings").name(register.lang))
    return SchoolIdentity(
        code=code,
        name=_text(settings.get("school_name")),
        district=_text(settings.get("district")),
        region=_text(settings.get("region")),
    )


def school_figures(
    register: RegisterData, as_of: date | None = None, file: str = ""
) -> SchoolFigures:
    """Every metric of `AGGREGATES` from a checked register: pupils counted, flags and plan
    reviews as of `as_of` (default: the register's own as-of date, `RegisterData.as_of_date`)."""
    if as_of is not None:
        register = replace(register, as_of=as_of)
    as_of = register.as_of_date
    school = school_identity(register)  # before any work: a register without a code is refused
    year = register.school_year
    current, previous = str(year), str(year.previous)
    values: Values = {}
    pupils = register_pupils(register)  # on the roll as of the register's as-of date
    values[("pupils.total", current)] = len(pupils)
    moved = movement(register.frame("pupils"), year, register.as_of_date)
    values[("movement.arrived", current)] = moved.arrived
    values[("movement.left", current)] = moved.left
    for key in [c.key for c in LEAVING_REASONS] + [NO_REASON]:
        values[(f"movement.left.{key}", current)] = moved.reasons.get(key, 0)
    now = count_metrics(pupils)
    before = year_counts(register.frame("history"), year.previous)
    for m in HISTORY_METRICS:
        last = before.get(m.key)
        values[(f"passport.{m.key}.pupils", current)] = now[m.key].pupils
        values[(f"passport.{m.key}.pupils", previous)] = last.pupils if last else None
        if m.key in FAMILY_METRICS:
            values[(f"passport.{m.key}.families", current)] = now[m.key].families
            values[(f"passport.{m.key}.families", previous)] = last.families if last else None
    for key, value in _aid_values(register.frame("aid")).items():
        values[(key, current)] = value
    summary = tier_summary(flag(register, as_of))
    for key, value in _risk_values(summary).items():
        values[(key, current)] = value
    reviews = plan_reviews(register.frame("plans"), as_of)
    values[("plans.total", current)] = reviews.total
    values[("plans.due", current)] = reviews.due
    values[("plans.reviewed_on_time", current)] = reviews.on_time
    values[("plans.overdue", current)] = int(summary["plans_overdue"])  # type: ignore[call-overload]
    for key, value in _event_values(register.frame("events")).items():
        values[(key, current)] = value
    return SchoolFigures(
        school=school,
        school_year=year,
        as_of=as_of,
        lang=register.lang,
        values=values,
        source="register",
        file=file,
    )


def _aid_values(aid: pd.DataFrame) -> dict[str, Value]:
    by_source = helped_by(aid, ["source"])
    by_kind = helped_by(aid, ["source", "kind"])
    applications = aid["source"].value_counts()
    found: dict[str, Value] = {}
    for s in AID_SOURCES:
        found[f"aid.{s.key}.applications"] = int(applications.get(s.key, 0))
        found[f"aid.{s.key}.pupils"], found[f"aid.{s.key}.amount"] = by_source.get(
            (s.key,), (0, 0.0)
        )
        for k in AID_KINDS:
            pupils, given = by_kind.get((s.key, k.key), (0, 0.0))
            found[f"aid.{s.key}.{k.key}.pupils"] = pupils
            found[f"aid.{s.key}.{k.key}.amount"] = given
    return found


def _risk_values(summary: Mapping[str, object]) -> dict[str, Value]:
    tiers: dict[str, int] = summary["tiers"]  # type: ignore[assignment]
    indicators: dict[str, int] = summary["indicators"]  # type: ignore[assignment]
    grades: dict[int, dict[str, int]] = summary["grades"]  # type: ignore[assignment]
    found: dict[str, Value] = {"risk.pupils": int(summary["pupils"])}  # type: ignore[call-overload]
    found |= {f"risk.tier.{t.key}": int(tiers.get(t.key, 0)) for t in TIERS}
    found |= {f"risk.indicator.{i}": int(indicators.get(i, 0)) for i in INDICATORS}
    found["risk.caution"] = int(summary["caution"])  # type: ignore[call-overload]
    for g in GRADES:
        for t in TIERS:
            found[f"risk.grade.{g}.{t.key}"] = int(grades.get(g, {}).get(t.key, 0))
    return found


def _event_values(events: pd.DataFrame) -> dict[str, Value]:
    found: dict[str, Value] = {}
    for d in DIRECTIONS:
        rows = events[events["direction"] == d.key]
        found[f"events.{d.key}.count"] = len(rows)
        found[f"events.{d.key}.participants"] = int(
            pd.to_numeric(rows["participants"], errors="coerce").fillna(0).sum()
        )
    return found


def suppress_small(figures: SchoolFigures) -> SchoolFigures:
    """The figures for publication: counts of children or families from 1 to 4 blanked, and the
    sums of aid over such counts (the sum over one child is what that child received)."""
    values = dict(figures.values)
    for (key, year), value in figures.values.items():
        item = aggregate(key)
        count = figures.values.get((item.count_key, year)) if item.count_key else value
        small = item.unit in PERSONAL_UNITS or item.count_key is not None
        if small and count in SMALL_COUNTS:
            values[(key, year)] = None
    return SchoolFigures(
        figures.school,
        figures.school_year,
        figures.as_of,
        figures.lang,
        values,
        figures.source,
        suppressed=True,
        file=figures.file,
    )


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
