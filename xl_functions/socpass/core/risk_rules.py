"""The early-warning rules: indicators per pupil, the tier, and the reasons in words and numbers.

Follows the UNICEF method (2019) as the design brief sets it; every threshold is a setting.
- attendance: share of planned lessons missed without a valid reason >= the threshold in any of the
  period's attendance windows; home-schooled pupils: strictly above their own threshold; pupils with
  a disability (category `disability`): their own threshold (home-schooled rule first when both).
  A share from the caution level up to the threshold is a caution: a note, never an indicator.
- academic: >= `academic_failing_min` failing subjects or >= `academic_not_attested_min` subjects
  not attested in the latest quarter with results; or repeating the year (any quarter).
- behaviour: >= `behaviour_serious_min` serious incidents (violence, theft, offence) or
  >= `behaviour_any_min` incidents of any kind in the behaviour window; or being on the intra-school,
  police or commission-for-minors register (these registers record behaviour the school already
  judged; counting them as a separate indicator would count the same behaviour twice).
- tier: no indicator -> universal; one -> targeted; >= `intensive_min_indicators` -> intensive; the
  police register or the commission for minors -> intensive whatever else.
The risk group and pedagogical-support registers are outcomes of this very process: context only.
Social categories are context only, never a reason.

Each indicator is computed on whole columns: pandas Series indexed by pupil id, in Pupils sheet
order. An indicator is a list of criteria (one rule each: who meets it, and the sentence that says
so); the sentences (`risk_reasons`) are composed only for the pupils `Evaluation.risks` is asked
about, and reasons only for pupils who end up flagged.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce

import numpy as np
import pandas as pd

from .period import Period, Window
from .risk_reasons import (
    DISABILITY_NOTE,
    HOME_NOTE,
    REPEATING_REASON,
    any_incidents_reason,
    attendance_reason,
    caution_reason,
    failing_reason,
    not_attested_reason,
    register_reason,
    serious_reason,
)
from .schema import CATEGORIES, REGISTERS, SERIOUS_INCIDENTS, Text, setting, sheet

INDICATORS = ("attendance", "academic", "behaviour")
INDICATOR_LABELS = {
    "attendance": Text("Сабаққа қатысу", "Посещаемость"),
    "academic": Text("Үлгерім", "Успеваемость"),
    "behaviour": Text("Мінез-құлық", "Поведение"),
}
TIER_ORDER = ("intensive", "targeted", "universal")
#: Registers that put a pupil in the intensive tier whatever else.
FORCING_REGISTERS = ("police", "commission")
#: Registers that meet the behaviour indicator.
BEHAVIOUR_REGISTERS = ("intra_school", *FORCING_REGISTERS)
#: Registers shown as context (the outcome of earlier flagging, not a cause of it).
CONTEXT_REGISTERS = ("risk_group", "ped_support")
_REGISTER_BY_KEY = {r.key: r for r in REGISTERS}


@dataclass(frozen=True)
class Thresholds:
    """The Settings sheet's early-warning thresholds (schema defaults fill the gaps)."""

    attendance_pct: float
    caution_pct: float
    home_pct: float
    disability_pct: float
    failing_min: int
    not_attested_min: int
    serious_min: int
    any_min: int
    intensive_min: int

    @classmethod
    def from_settings(cls, settings: dict[str, object]) -> Thresholds:
        def number(key: str) -> float:
            value = settings.get(key)
            try:
                return float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return float(setting(key).default)  # type: ignore[arg-type]

        def count(key: str) -> int:
            return max(1, round(number(key)))  # a minimum of 0 would flag every pupil

        return cls(
            attendance_pct=number("attendance_threshold_pct"),
            caution_pct=number("attendance_caution_pct"),
            home_pct=number("attendance_threshold_home_pct"),
            disability_pct=number("attendance_threshold_disability_pct"),
            failing_min=count("academic_failing_min"),
            not_attested_min=count("academic_not_attested_min"),
            serious_min=count("behaviour_serious_min"),
            any_min=count("behaviour_any_min"),
            intensive_min=count("intensive_min_indicators"),
        )


@dataclass(frozen=True)
class PupilRisk:
    """One pupil's indicators for the period, with the reasons in both languages."""

    pupil_id: str
    full_name: str
    class_name: str
    coordinator: str
    absence_pct: float | None  # the highest unexcused share among the attendance windows
    failing_subjects: int | None  # in the academic quarter; None without results
    not_attested: int | None
    incidents: int  # in the behaviour window
    indicators: tuple[str, ...]  # subset of INDICATORS, in that order
    tier: str  # a key of schema.TIERS
    reasons: tuple[Text, ...]
    context: tuple[Text, ...]
    caution: bool  # attendance at the caution level (below the threshold)

    @property
    def flagged(self) -> bool:
        return self.tier != "universal"


# --------------------------------------------------------------------------- criteria


@dataclass(frozen=True)
class Criterion:
    """One rule over every pupil: who meets it, and the sentence that says so for one pupil."""

    met: pd.Series  # bool by pupil id, in Pupils sheet order
    reason: Callable[[int], Text]  # the sentence for the pupil at this position (where met)

    @cached_property
    def _met(self) -> np.ndarray:
        return self.met.to_numpy(dtype=bool)

    def holds(self, i: int) -> bool:
        """Whether the pupil at position `i` (Pupils sheet order) meets the rule."""
        return bool(self._met[i])


def _sentences(criteria: tuple[Criterion, ...], i: int) -> tuple[Text, ...]:
    return tuple(c.reason(i) for c in criteria if c.holds(i))


@dataclass(frozen=True)
class Indicator:
    """An indicator: met when any of its criteria is; its reasons are theirs, in their order."""

    criteria: tuple[Criterion, ...]

    @cached_property
    def met(self) -> pd.Series:
        """bool by pupil id."""
        return reduce(operator.or_, (c.met for c in self.criteria))

    def reasons(self, i: int) -> tuple[Text, ...]:
        """The sentences for the pupil at position `i` (Pupils sheet order)."""
        return _sentences(self.criteria, i)


def _flag_column(frame: pd.DataFrame, key: str) -> pd.Series:
    if key not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[key].fillna(False).astype(bool)


def _always(text: Text) -> Callable[[int], Text]:
    return lambda _i: text


# --------------------------------------------------------------------------- attendance


@dataclass(frozen=True)
class AttendanceRule:
    """The threshold a pupil's unexcused share is held to."""

    threshold: float  # percent
    strict: bool  # the share must lie strictly above the threshold
    note: Text | None  # said in the reason, after the threshold


def attendance_rules(th: Thresholds) -> dict[str, AttendanceRule]:
    return {
        "home": AttendanceRule(th.home_pct, True, HOME_NOTE),
        "disability": AttendanceRule(th.disability_pct, False, DISABILITY_NOTE),
        "ordinary": AttendanceRule(th.attendance_pct, False, None),
    }


def attendance_rule(pupils: pd.DataFrame) -> pd.Series:
    """The rule key per pupil: home-schooled first, then disability, else ordinary."""
    home = _flag_column(pupils, "home_schooled")
    disabled = _flag_column(pupils, "cat_disability")
    keys = np.select([home, disabled], ["home", "disability"], "ordinary")
    return pd.Series(keys, index=pupils.index)


def _attendance_sums(attendance: pd.DataFrame, window: Window) -> pd.DataFrame:
    """planned and missed_unexcused per pupil over the window's months."""
    if attendance.empty:
        return pd.DataFrame(columns=["planned", "missed_unexcused"], dtype="float64")
    months = {str(m) for m in window.months}
    rows = attendance[attendance["month"].astype("string").isin(months)]
    return (
        rows[["pupil_id", "planned", "missed_unexcused"]]
        .assign(
            planned=lambda f: pd.to_numeric(f["planned"]).fillna(0).astype("float64"),
            missed_unexcused=lambda f: (
                pd.to_numeric(f["missed_unexcused"]).fillna(0).astype("float64")
            ),
        )
        .groupby("pupil_id", sort=False)  # reindexed by the caller: no need to sort
        .sum()
    )


@dataclass(frozen=True)
class Attendance(Indicator):
    """Attendance: one criterion per attendance window; cautions are notes, never the indicator."""

    cautions: tuple[Criterion, ...]  # per window: from the caution level up to the threshold
    absence_pct: pd.Series  # the highest share among the windows, rounded to 0.1; NaN: no lessons

    @cached_property
    def caution(self) -> pd.Series:
        """A window at the caution level and none at the threshold: the watch list."""
        return reduce(operator.or_, (c.met for c in self.cautions)) & ~self.met

    def caution_notes(self, i: int) -> tuple[Text, ...]:
        return _sentences(self.cautions, i)


def attendance_indicator(
    pupils: pd.DataFrame, attendance: pd.DataFrame, windows: tuple[Window, ...], th: Thresholds
) -> Attendance:
    """Met when the share of planned lessons missed without a valid reason reaches the pupil's
    threshold in any window; `pupils` is the Pupils sheet indexed by pupil id."""
    rules = attendance_rules(th)
    rule = attendance_rule(pupils)
    threshold = rule.map({k: r.threshold for k, r in rules.items()}).astype("float64")
    strict = rule.map({k: r.strict for k, r in rules.items()}).astype(bool)
    criteria, cautions, shares = [], [], []
    for window in windows:
        sums = _attendance_sums(attendance, window).reindex(pupils.index)
        planned, missed = sums["planned"], sums["missed_unexcused"]
        lessons = planned > 0  # exact comparisons below, without float division
        reached = (missed * 100 > threshold * planned).where(
            strict, missed * 100 >= threshold * planned
        )
        met = lessons & reached
        watch = lessons & ~met & (missed * 100 >= th.caution_pct * planned) & (missed > 0)
        share = (missed * 100 / planned).where(lessons)
        criteria.append(Criterion(met, _attendance_reason(window, share, rule, rules)))
        cautions.append(Criterion(watch, _caution_reason(window, share, th.caution_pct)))
        shares.append(share)
    highest = reduce(np.fmax, shares)
    absence = highest.map(lambda share: round(float(share), 1), na_action="ignore")
    return Attendance(tuple(criteria), tuple(cautions), absence)


def _attendance_reason(
    window: Window, share: pd.Series, rule: pd.Series, rules: dict[str, AttendanceRule]
) -> Callable[[int], Text]:
    def reason(i: int) -> Text:
        r = rules[rule.iat[i]]
        shown = round(float(share.iat[i]), 1)  # Python's rounding, not numpy's
        return attendance_reason(window, shown, r.threshold, r.strict, r.note)

    return reason


def _caution_reason(window: Window, share: pd.Series, caution: float) -> Callable[[int], Text]:
    return lambda i: caution_reason(window, round(float(share.iat[i]), 1), caution)


# --------------------------------------------------------------------------- academic


def academic_quarter(academic: pd.DataFrame, limit: int) -> int | None:
    """The latest quarter, not after `limit`, with any results typed."""
    if academic.empty:
        return None
    present = {int(q) for q in academic["quarter"].dropna().unique()}
    candidates = [q for q in present if q <= limit]
    return max(candidates) if candidates else None


def _academic_values(academic: pd.DataFrame, quarter: int | None) -> pd.DataFrame:
    if academic.empty or quarter is None:
        return pd.DataFrame(columns=["failing_subjects", "not_attested"], dtype="float64")
    rows = academic[academic["quarter"].astype("string") == str(quarter)]
    return (
        rows[["pupil_id", "failing_subjects", "not_attested"]]
        .assign(
            failing_subjects=lambda f: pd.to_numeric(f["failing_subjects"]).fillna(0),
            not_attested=lambda f: pd.to_numeric(f["not_attested"]).fillna(0),
        )
        .groupby("pupil_id", sort=False)  # reindexed by the caller: no need to sort
        .sum()
    )


def _repeating(academic: pd.DataFrame) -> set[str]:
    if academic.empty or "repeating" not in academic.columns:
        return set()
    return set(academic.loc[_flag_column(academic, "repeating"), "pupil_id"].astype(str))


@dataclass(frozen=True)
class Academic(Indicator):
    """Results of one quarter; the Risk sheet shows its counts (NaN: no results that quarter)."""

    quarter: int | None
    failing: pd.Series
    not_attested: pd.Series


def academic_indicator(
    pupils: pd.DataFrame, academic: pd.DataFrame, quarter_limit: int, th: Thresholds
) -> Academic:
    """Failing or not attested subjects in the latest quarter with results (not after
    `quarter_limit`), or repeating the year; `pupils` is the Pupils sheet indexed by pupil id."""
    quarter = academic_quarter(academic, quarter_limit)
    grades = _academic_values(academic, quarter).reindex(pupils.index)
    failing = np.trunc(grades["failing_subjects"].astype("float64"))
    not_attested = np.trunc(grades["not_attested"].astype("float64"))
    repeating = pd.Series(pupils.index.isin(list(_repeating(academic))), index=pupils.index)
    criteria = (
        Criterion(
            failing >= th.failing_min,
            lambda i: failing_reason(quarter, int(failing.iat[i]), th.failing_min),
        ),
        Criterion(
            not_attested >= th.not_attested_min,
            lambda i: not_attested_reason(quarter, int(not_attested.iat[i]), th.not_attested_min),
        ),
        Criterion(repeating, _always(REPEATING_REASON)),
    )
    return Academic(criteria, quarter, failing, not_attested)


# --------------------------------------------------------------------------- behaviour


def _incident_counts(behaviour: pd.DataFrame, window: Window) -> pd.DataFrame:
    """pupil id x incident type -> count, for incidents dated inside the window."""
    if behaviour.empty:
        return pd.DataFrame(index=pd.Index([], dtype=object))
    dates = pd.to_datetime(behaviour["date"])
    inside = behaviour[(dates >= pd.Timestamp(window.start)) & (dates <= pd.Timestamp(window.end))]
    return inside.groupby(["pupil_id", "type"]).size().unstack(fill_value=0)


@dataclass(frozen=True)
class Behaviour(Indicator):
    """Incidents in the behaviour window and the behaviour registers."""

    incidents: pd.Series  # of any kind, in the window
    forced: pd.Series  # on a register that makes the tier intensive whatever else


def behaviour_indicator(
    pupils: pd.DataFrame, behaviour: pd.DataFrame, window: Window, th: Thresholds
) -> Behaviour:
    """Serious incidents, incidents of any kind, or a behaviour register; `pupils` is the Pupils
    sheet indexed by pupil id."""
    counts = _incident_counts(behaviour, window).reindex(pupils.index, fill_value=0)
    serious = counts[[k for k in SERIOUS_INCIDENTS if k in counts.columns]].sum(axis=1)
    total = counts.sum(axis=1)

    def types(i: int) -> dict[str, int]:
        return {str(kind): int(n) for kind, n in counts.iloc[i].items() if n}

    registers = {key: _flag_column(pupils, f"reg_{key}") for key in BEHAVIOUR_REGISTERS}
    criteria = (
        Criterion(
            serious >= th.serious_min,
            lambda i: serious_reason(window, int(serious.iat[i]), types(i), th.serious_min),
        ),
        Criterion(
            total >= th.any_min,
            lambda i: any_incidents_reason(window, int(total.iat[i]), types(i), th.any_min),
        ),
        *(
            Criterion(flags, _always(register_reason(_REGISTER_BY_KEY[key])))
            for key, flags in registers.items()
        ),
    )
    forced = reduce(operator.or_, (registers[key] for key in FORCING_REGISTERS))
    return Behaviour(criteria, total, forced)


# --------------------------------------------------------------------------- tier and context


def tier(indicators: pd.Series, forced: pd.Series, intensive_min: int) -> pd.Series:
    """No indicator -> universal; one -> targeted; `intensive_min` or a forcing register -> intensive."""
    intensive = forced | (indicators >= intensive_min)
    keys = np.select([intensive, indicators > 0], ["intensive", "targeted"], "universal")
    return pd.Series(keys, index=indicators.index)


def context_flags(pupils: pd.DataFrame) -> tuple[tuple[Text, pd.Series], ...]:
    """What is shown next to the reasons, never a reason: social categories, the risk-group and
    pedagogical-support registers, home schooling."""
    return (
        *((c.label, _flag_column(pupils, f"cat_{c.key}")) for c in CATEGORIES),
        *((_REGISTER_BY_KEY[k].label, _flag_column(pupils, f"reg_{k}")) for k in CONTEXT_REGISTERS),
        (sheet("pupils").column("home_schooled").header, _flag_column(pupils, "home_schooled")),
    )


# --------------------------------------------------------------------------- evaluation


def _text(value: object) -> str:
    return str(value or "")


def _count(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


@dataclass(frozen=True)
class Evaluation:
    """Every pupil's indicators and tier on whole columns; `risks` puts chosen pupils into words."""

    pupils: pd.DataFrame  # the Pupils sheet, indexed by pupil id
    attendance: Attendance
    academic: Academic
    behaviour: Behaviour
    tier: pd.Series  # by pupil id: a key of schema.TIERS

    @property
    def quarter(self) -> int | None:
        """The academic quarter the results came from."""
        return self.academic.quarter

    @property
    def indicators(self) -> dict[str, Indicator]:
        return {
            "attendance": self.attendance,
            "academic": self.academic,
            "behaviour": self.behaviour,
        }

    @property
    def flagged(self) -> pd.Series:
        return self.tier != "universal"

    def table(self) -> pd.DataFrame:
        """One row per pupil, by pupil id: PupilRisk's names, numbers, indicators, tier and caution
        (reasons and context stay out: they are words, made by `risks`)."""
        texts = {
            column: [_text(v) for v in self.pupils[key].tolist()] if key in self.pupils else ""
            for column, key in (
                ("full_name", "full_name"),
                ("class_name", "class"),
                ("coordinator", "coordinator"),
            )
        }
        numbers = {
            "absence_pct": self.attendance.absence_pct,
            "failing_subjects": self.academic.failing,
            "not_attested": self.academic.not_attested,
            "incidents": self.behaviour.incidents,
            **{key: indicator.met for key, indicator in self.indicators.items()},
            "tier": self.tier,
            "caution": self.attendance.caution,
        }
        return pd.DataFrame(
            {**texts, **{k: v.to_numpy() for k, v in numbers.items()}}, index=self.tier.index
        )

    def reasons(self, i: int) -> tuple[Text, ...]:
        """A flagged pupil's reasons (position `i`, Pupils sheet order): the indicators' sentences,
        then the attendance cautions."""
        return (
            self.attendance.reasons(i)
            + self.academic.reasons(i)
            + self.behaviour.reasons(i)
            + self.attendance.caution_notes(i)
        )

    def risks(self, which: pd.Series | None = None) -> list[PupilRisk]:
        """The pupils `which` marks (every pupil by default), in Pupils sheet order, in words:
        reasons for flagged pupils, context for all."""
        positions = np.arange(len(self.tier))
        if which is not None:
            positions = positions[which.to_numpy(dtype=bool)]
        chosen = self.table().iloc[positions]
        context = [
            (label, flags.to_numpy(dtype=bool)) for label, flags in context_flags(self.pupils)
        ]
        return [
            PupilRisk(
                pupil_id=pupil_id,
                full_name=row["full_name"],
                class_name=row["class_name"],
                coordinator=row["coordinator"],
                absence_pct=None if math.isnan(row["absence_pct"]) else row["absence_pct"],
                failing_subjects=_count(row["failing_subjects"]),
                not_attested=_count(row["not_attested"]),
                incidents=int(row["incidents"]),
                indicators=tuple(key for key in INDICATORS if row[key]),
                tier=row["tier"],
                reasons=self.reasons(i) if row["tier"] != "universal" else (),
                context=tuple(label for label, flags in context if flags[i]),
                caution=row["caution"],
            )
            for i, pupil_id, row in zip(
                positions, chosen.index, chosen.to_dict("records"), strict=True
            )
        ]


def evaluate(frames: dict[str, pd.DataFrame], period: Period, th: Thresholds) -> Evaluation:
    """Every pupil's indicators and tier for the period, on whole columns."""

    def frame(key: str) -> pd.DataFrame:
        return frames.get(key, pd.DataFrame())

    listed = frame("pupils")
    ids = [str(v) for v in listed["id"].tolist()] if "id" in listed else []
    pupils = listed.set_axis(pd.Index(ids, dtype=object))
    attendance = attendance_indicator(pupils, frame("attendance"), period.attendance, th)
    academic = academic_indicator(pupils, frame("academic"), period.quarter_limit, th)
    behaviour = behaviour_indicator(pupils, frame("behaviour"), period.behaviour, th)
    met = sum(indicator.met.astype(int) for indicator in (attendance, academic, behaviour))
    return Evaluation(
        pupils, attendance, academic, behaviour, tier(met, behaviour.forced, th.intensive_min)
    )
