"""The early-warning rules as they were before the vectorised rewrite: the reference, not the code.

A frozen copy of `socpass.core.risk_rules` (evaluate and what it needs: thresholds, wording,
per-pupil loop) as it stood before the indicators were computed on whole columns, plus the
per-pupil counting that `risk.tier_summary` did then. `tests/test_risk_vector_equivalence.py`
checks that the new code gives exactly these results. Do not edit it to make a test pass: a
difference is either a bug in the new code or a deliberate change to document in that test.

The rules it implements (as in the original module docstring):

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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from socpass.core.formatting import format_number
from socpass.core.passport import grade_of
from socpass.core.period import Period, Window
from socpass.core.schema import (
    CATEGORIES,
    INCIDENT_TYPES,
    REGISTERS,
    SERIOUS_INCIDENTS,
    Lang,
    Register,
    Text,
    setting,
    sheet,
)

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


# --------------------------------------------------------------------------- wording


def pct(value: float, lang: Lang, decimals: int | None = None) -> str:
    """14.2 -> '14,2%' (babel's decimal comma); whole thresholds without decimals: '10%'."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{format_number(value, lang, decimals)}%"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _both(build) -> Text:  # build(lang) -> str
    return Text(_sentence(build("kk")), _sentence(build("ru")))


def _label_lower(text: str) -> str:
    """'Зорлық-зомбылық' -> 'зорлық-зомбылық', keeping abbreviations such as 'ЕБҚ' intact."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def attendance_rule(
    home_schooled: bool, disabled: bool, th: Thresholds
) -> tuple[float, bool, Text | None]:
    """(threshold, strict, note) for a pupil: home-schooled first, then disability, else ordinary."""
    if home_schooled:
        return th.home_pct, True, Text("үйде оқиды", "надомное обучение")
    if disabled:
        return th.disability_pct, False, Text("мүгедектігі бар бала", "ребёнок с инвалидностью")
    return th.attendance_pct, False, None


def meets_attendance(missed: float, planned: float, threshold: float, strict: bool) -> bool:
    """missed/planned reaches the threshold (in percent); exact, without float division."""
    if planned <= 0:
        return False
    return missed * 100 > threshold * planned if strict else missed * 100 >= threshold * planned


def attendance_reason(
    window: Window, share: float, threshold: float, strict: bool, note: Text | None
) -> Text:
    def build(lang: Lang) -> str:
        limit = pct(threshold, lang)
        if lang == "kk":
            rule = f"шегі: {limit}-дан жоғары" if strict else f"шегі {limit}"
            rule += f", {note.kk}" if note else ""
            return f"{window.when(lang)} сабақтың {pct(share, lang, 1)}-ын дәлелсіз себеппен жіберді ({rule})"
        rule = f"порог: более {limit}" if strict else f"порог {limit}"
        rule += f", {note.ru}" if note else ""
        return f"{window.when(lang)} пропустил(а) без уважительной причины {pct(share, lang, 1)} уроков ({rule})"

    return _both(build)


def caution_reason(window: Window, share: float, caution: float) -> Text:
    def build(lang: Lang) -> str:
        if lang == "kk":
            return (
                f"{window.when(lang)} сабақтың {pct(share, lang, 1)}-ын дәлелсіз себеппен "
                f"жіберді: ескерту деңгейі ({pct(caution, lang)}), шектен төмен"
            )
        return (
            f"{window.when(lang)} пропустил(а) без уважительной причины {pct(share, lang, 1)} "
            f"уроков: уровень внимания ({pct(caution, lang)}), ниже порога"
        )

    return _both(build)


def failing_reason(quarter: int, count: int, minimum: int) -> Text:
    return Text(
        f"{quarter}-тоқсанда {count} пәннен «2» алды (шегі {minimum})",
        f"В {quarter}-й четверти предметов с «2»: {count} (порог {minimum})",
    )


def not_attested_reason(quarter: int, count: int, minimum: int) -> Text:
    return Text(
        f"{quarter}-тоқсанда {count} пән бойынша аттестатталмады (шегі {minimum})",
        f"В {quarter}-й четверти не аттестован(а) по предметам: {count} (порог {minimum})",
    )


REPEATING_REASON = Text("Сыныпта қайта оқиды", "Оставлен(а) на повторное обучение")


def _types_text(types: dict[str, int], lang: Lang) -> str:
    return ", ".join(
        f"{_label_lower(c.label(lang))} — {types[c.key]}" for c in INCIDENT_TYPES if c.key in types
    )


def serious_reason(window: Window, count: int, types: dict[str, int], minimum: int) -> Text:
    def build(lang: Lang) -> str:
        kinds = _types_text({k: v for k, v in types.items() if k in SERIOUS_INCIDENTS}, lang)
        if lang == "kk":
            return f"{window.when(lang)} {count} ауыр оқиға тіркелді ({kinds}; шегі {minimum})"
        return f"{window.when(lang)}: серьёзных нарушений — {count} ({kinds}; порог {minimum})"

    return _both(build)


def any_incidents_reason(window: Window, count: int, types: dict[str, int], minimum: int) -> Text:
    def build(lang: Lang) -> str:
        kinds = _types_text(types, lang)
        if lang == "kk":
            return f"{window.when(lang)} барлығы {count} оқиға тіркелді ({kinds}; шегі {minimum})"
        return f"{window.when(lang)}: всего нарушений — {count} ({kinds}; порог {minimum})"

    return _both(build)


def register_reason(reg: Register) -> Text:
    return Text(f"Есепте тұр: {reg.label.kk}", f"Состоит на учёте: {reg.label.ru}")


def render(texts: Iterable[Text], lang: Lang) -> str:
    """Reasons or context as one cell: sentences joined by '; '."""
    return "; ".join(t(lang) for t in texts)


# --------------------------------------------------------------------------- evaluation


def _flag_column(frame: pd.DataFrame, key: str) -> pd.Series:
    if key not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[key].fillna(False).astype(bool)


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
        .groupby("pupil_id")
        .sum()
    )


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
        .groupby("pupil_id")
        .sum()
    )


def _repeating(academic: pd.DataFrame) -> set[str]:
    if academic.empty or "repeating" not in academic.columns:
        return set()
    return set(academic.loc[_flag_column(academic, "repeating"), "pupil_id"].astype(str))


def _incident_types(behaviour: pd.DataFrame, window: Window) -> dict[str, dict[str, int]]:
    """pupil id -> incident type -> count, for incidents dated inside the window."""
    if behaviour.empty:
        return {}
    dates = pd.to_datetime(behaviour["date"])
    inside = behaviour[(dates >= pd.Timestamp(window.start)) & (dates <= pd.Timestamp(window.end))]
    counts = inside.groupby(["pupil_id", "type"]).size()
    result: dict[str, dict[str, int]] = {}
    for (pupil, kind), n in counts.items():
        result.setdefault(str(pupil), {})[str(kind)] = int(n)
    return result


def tier_for(indicators: int, forced: bool, intensive_min: int) -> str:
    if forced or indicators >= intensive_min:
        return "intensive"
    return "targeted" if indicators else "universal"


def evaluate(
    frames: dict[str, pd.DataFrame], period: Period, th: Thresholds
) -> tuple[list[PupilRisk], int | None]:
    """Every pupil's indicators, tier and reasons; also the academic quarter used."""
    empty = pd.DataFrame()
    pupils = frames.get("pupils", empty)
    attendance = frames.get("attendance", empty)
    academic = frames.get("academic", empty)
    behaviour = frames.get("behaviour", empty)

    windows = [(w, _attendance_sums(attendance, w)) for w in period.attendance]
    quarter = academic_quarter(academic, period.quarter_limit)
    grades = _academic_values(academic, quarter)
    repeating = _repeating(academic)
    incidents = _incident_types(behaviour, period.behaviour)

    home = _flag_column(pupils, "home_schooled")
    disabled = _flag_column(pupils, "cat_disability")
    registers = {key: _flag_column(pupils, f"reg_{key}") for key in BEHAVIOUR_REGISTERS}
    context_flags = [(c.label, _flag_column(pupils, f"cat_{c.key}")) for c in CATEGORIES] + [
        (_REGISTER_BY_KEY[k].label, _flag_column(pupils, f"reg_{k}")) for k in CONTEXT_REGISTERS
    ]
    home_label = sheet("pupils").column("home_schooled").header

    result = []
    for idx, pupil in pupils.iterrows():
        pid = str(pupil["id"])
        reasons: list[Text] = []
        indicators: list[str] = []

        threshold, strict, note = attendance_rule(bool(home[idx]), bool(disabled[idx]), th)
        shares, met, caution_notes = [], False, []
        for window, sums in windows:
            if pid not in sums.index:
                continue
            planned = float(sums.at[pid, "planned"])
            missed = float(sums.at[pid, "missed_unexcused"])
            if planned <= 0:
                continue
            share = round(missed * 100 / planned, 1)
            shares.append(missed * 100 / planned)
            if meets_attendance(missed, planned, threshold, strict):
                met = True
                reasons.append(attendance_reason(window, share, threshold, strict, note))
            elif missed * 100 >= th.caution_pct * planned and missed > 0:
                caution_notes.append(caution_reason(window, share, th.caution_pct))
        if met:
            indicators.append("attendance")
        caution = bool(caution_notes) and not met

        failing = not_attested = None
        academic_met = False
        if quarter is not None and pid in grades.index:
            failing = int(grades.at[pid, "failing_subjects"])
            not_attested = int(grades.at[pid, "not_attested"])
            if failing >= th.failing_min:
                academic_met = True
                reasons.append(failing_reason(quarter, failing, th.failing_min))
            if not_attested >= th.not_attested_min:
                academic_met = True
                reasons.append(not_attested_reason(quarter, not_attested, th.not_attested_min))
        if pid in repeating:
            academic_met = True
            reasons.append(REPEATING_REASON)
        if academic_met:
            indicators.append("academic")

        types = incidents.get(pid, {})
        serious = sum(n for k, n in types.items() if k in SERIOUS_INCIDENTS)
        total = sum(types.values())
        behaviour_met = False
        if serious >= th.serious_min:
            behaviour_met = True
            reasons.append(serious_reason(period.behaviour, serious, types, th.serious_min))
        if total >= th.any_min:
            behaviour_met = True
            reasons.append(any_incidents_reason(period.behaviour, total, types, th.any_min))
        on_registers = [key for key in BEHAVIOUR_REGISTERS if registers[key][idx]]
        for key in on_registers:
            behaviour_met = True
            reasons.append(register_reason(_REGISTER_BY_KEY[key]))
        if behaviour_met:
            indicators.append("behaviour")

        forced = any(key in FORCING_REGISTERS for key in on_registers)
        tier = tier_for(len(indicators), forced, th.intensive_min)
        if tier != "universal":
            reasons.extend(caution_notes)
        context = [label for label, flags in context_flags if flags[idx]]
        if home[idx]:
            context.append(home_label)
        result.append(
            PupilRisk(
                pupil_id=pid,
                full_name=str(pupil.get("full_name", "") or ""),
                class_name=str(pupil.get("class", "") or ""),
                coordinator=str(pupil.get("coordinator", "") or ""),
                absence_pct=round(max(shares), 1) if shares else None,
                failing_subjects=failing,
                not_attested=not_attested,
                incidents=total,
                indicators=tuple(indicators),
                tier=tier,
                reasons=tuple(reasons),
                context=tuple(context),
                caution=caution,
            )
        )
    return result, quarter


# --------------------------------------------------------------------------- tier_summary, v1


def tier_counts(pupils: list[PupilRisk]) -> dict[str, object]:
    """The pupil-derived part of `risk.tier_summary` as it was: one pass over every PupilRisk."""
    tiers = {t: 0 for t in reversed(TIER_ORDER)}
    indicators = {i: 0 for i in INDICATORS}
    grades: dict[int, dict[str, int]] = {}
    for p in pupils:
        tiers[p.tier] += 1
        for i in p.indicators:
            indicators[i] += 1
        grade = grade_of(p.class_name)
        if grade is not None:
            grades.setdefault(grade, {t: 0 for t in reversed(TIER_ORDER)})[p.tier] += 1
    total = len(pupils)
    flagged = tiers["targeted"] + tiers["intensive"]
    return {
        "pupils": total,
        "tiers": tiers,
        "flagged": flagged,
        "flagged_share": flagged / total if total else 0.0,
        "indicators": indicators,
        "caution": sum(1 for p in pupils if p.caution and not p.flagged),
        "grades": dict(sorted(grades.items())),
    }
