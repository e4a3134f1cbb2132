"""Early warning: who is at risk in a period, why, since when, and what the Risk sheet shows.

`flag(data, today, period)` is the one entry point the Flag macro, `socpass flag` and the report
share; the rules live in `risk_rules`, the status and plans in `risk_status`, the periods in
`period`. Only pupils on the roll on the register's as-of date (`core.roll`) are evaluated: a pupil
who has left is not flagged, and an earlier flag of theirs is resolved. Everything here is a pure
function of the register and `today`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd

from .passport import grade_of
from .period import Period, resolve_period
from .register import ROW, RegisterData, typed_frame
from .risk_reasons import render
from .risk_rules import INDICATORS, TIER_ORDER, Evaluation, PupilRisk, Thresholds, evaluate
from .risk_status import STATUS_ORDER, NewPlan, OverduePlan, RiskRow, listed_before, track
from .roll import left_by, register_pupils
from .schema import NO, RISK_STATUS, TIERS, YES, Lang, Text, sheet

_TIER_LABELS = {c.key: c.label for c in TIERS}
_STATUS_LABELS = {c.key: c.label for c in RISK_STATUS}
_PLAN_OUTCOME_NEW = "in_progress"

DONE = Text(
    "ЕАЖ тізімі жаңартылды ({period}): жаңа — {new}, жалғасуда — {continuing}, "
    "тізімнен шықты — {resolved}; нысаналы деңгей — {targeted}, мамандырылған — {intensive}; "
    "жаңа жеке жоспар — {plans}.",
    "Список СРП обновлён ({period}): новых — {new}, продолжающихся — {continuing}, "
    "снятых — {resolved}; целевой уровень — {targeted}, специализированный — {intensive}; "
    "новых индивидуальных планов — {plans}.",
)
OVERDUE = Text(
    " Жоспарды қарау мерзімі өткен: {count} ({names}).",
    " Просрочен пересмотр планов: {count} ({names}).",
)


@dataclass(frozen=True)
class RiskResult:
    """One flag run: every pupil's evaluation, the Risk sheet's rows and the plans to add."""

    today: date
    period: Period
    evaluation: Evaluation = field(repr=False, compare=False)  # every pupil, on whole columns
    rows: tuple[RiskRow, ...]  # sorted: intensive, targeted, then resolved
    new_plans: tuple[NewPlan, ...]
    overdue: tuple[OverduePlan, ...]

    @property
    def quarter(self) -> int | None:
        """The academic quarter the results came from."""
        return self.evaluation.quarter

    @cached_property
    def pupils(self) -> tuple[PupilRisk, ...]:
        """Every pupil's evaluation in words, in Pupils sheet order; built when first asked for,
        since the Risk sheet, the summary and the report need only `rows` and `evaluation`."""
        return tuple(self.evaluation.risks())

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def flag(data: RegisterData, today: date, period: str = "auto") -> RiskResult:
    """Evaluate every pupil for `period` (see `core.period`) and track status against the Risk sheet."""
    frames = {**data.frames, "pupils": register_pupils(data)}
    resolved = resolve_period(period, data.frame("attendance"), data.school_year, today)
    evaluation = evaluate(frames, resolved, Thresholds.from_settings(data.settings))
    try:
        weeks = round(float(data.settings.get("review_weeks", 6)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        weeks = 6
    previous = frames.get("risk", pd.DataFrame())
    # Words only for the pupils the Risk sheet shows: flagged now or listed by the previous run.
    listed = evaluation.flagged | evaluation.tier.index.isin(list(listed_before(previous)))
    everyone = data.frame("pupils")
    rows, plans, overdue = track(
        evaluation.risks(listed),
        previous,
        frames.get("plans", pd.DataFrame()),
        today,
        weeks,
        pupil_names(everyone),
        left_by(everyone, data.as_of_date),
    )
    return RiskResult(today, resolved, evaluation, tuple(rows), tuple(plans), tuple(overdue))


def pupil_names(pupils: pd.DataFrame) -> dict[str, str]:
    """Pupil id -> name, for the plans (whose sheet shows the name by a formula, not a value)."""
    return dict(zip(pupils["id"].astype(str), pupils["full_name"].astype(str), strict=True))


# --------------------------------------------------------------------------- outputs


RISK_KEYS = sheet("risk").column_keys


def risk_header(lang: Lang) -> list[str]:
    return [c.header(lang) for c in sheet("risk").columns]


def risk_records(result: RiskResult, lang: Lang) -> list[dict[str, object]]:
    """The Risk sheet's rows keyed by schema column key, as the core reads them back: choice
    keys for tier and status, a bool for the overdue plan, the reasons in words in `lang`."""
    records = []
    for row in result.rows:
        p = row.pupil
        records.append(
            {
                "pupil_id": p.pupil_id,
                "full_name": p.full_name,
                "class": p.class_name,
                "coordinator": p.coordinator,
                "absence_pct": p.absence_pct,
                "failing_subjects": p.failing_subjects,
                "not_attested": p.not_attested,
                "incidents": p.incidents,
                "tier": p.tier,
                "reasons": render(p.reasons, lang),
                "context": render(p.context, lang),
                "status": row.status,
                "first_flagged": row.first_flagged,
                "next_review": row.next_review,
                "plan_overdue": row.plan_overdue,
                "actions": row.actions,
            }
        )
    return records


def risk_values(result: RiskResult, lang: Lang) -> list[list[object]]:
    """The Risk sheet's data rows in schema column order, as the workbook shows them."""
    shown = {
        "tier": lambda key: _TIER_LABELS[key](lang),
        "status": lambda key: _STATUS_LABELS[key](lang),
        "plan_overdue": lambda overdue: YES(lang) if overdue else NO(lang),
    }
    return [
        [shown[k](record[k]) if k in shown else record[k] for k in RISK_KEYS]
        for record in risk_records(result, lang)
    ]


def plan_records(result: RiskResult) -> list[dict[str, object]]:
    """The new Plans rows keyed by schema column key (missing keys are blank)."""
    return [
        {
            "pupil_id": p.pupil_id,
            "coordinator": p.coordinator,
            "start": p.start,
            "review_date": p.review_date,
            "outcome": _PLAN_OUTCOME_NEW,
        }
        for p in result.new_plans
    ]


def with_run(
    frames: dict[str, pd.DataFrame], result: RiskResult, lang: Lang
) -> dict[str, pd.DataFrame]:
    """The register's frames after a flag run, as the Flag button leaves the workbook: the Risk
    sheet replaced by the run's rows, the new plans appended to the Plans sheet."""
    earlier = frames.get("plans")
    plans = typed_frame("plans", plan_records(result)).drop(columns=ROW)
    if earlier is not None and not earlier.empty:
        plans = pd.concat([earlier.drop(columns=ROW, errors="ignore"), plans], ignore_index=True)
    risk = typed_frame("risk", risk_records(result, lang)).drop(columns=ROW)
    return {**frames, "risk": risk, "plans": plans}


def as_json(result: RiskResult, lang: Lang) -> dict[str, object]:
    """What `socpass flag --json` prints: keys for machines, reasons in `lang` for people."""
    return {
        "today": result.today.isoformat(),
        "period": result.period.spec,
        "period_text": result.period.describe(lang),
        "academic_quarter": result.quarter,
        "summary": tier_summary(result),
        "rows": [
            {
                "pupil_id": r.pupil.pupil_id,
                "full_name": r.pupil.full_name,
                "class": r.pupil.class_name,
                "coordinator": r.pupil.coordinator,
                "absence_pct": r.pupil.absence_pct,
                "failing_subjects": r.pupil.failing_subjects,
                "not_attested": r.pupil.not_attested,
                "incidents": r.pupil.incidents,
                "indicators": list(r.pupil.indicators),
                "tier": r.pupil.tier,
                "reasons": [t(lang) for t in r.pupil.reasons],
                "context": [t(lang) for t in r.pupil.context],
                "status": r.status,
                "first_flagged": r.first_flagged.isoformat(),
                "next_review": r.next_review.isoformat() if r.next_review else None,
                "plan_overdue": r.plan_overdue,
                "actions": r.actions,
            }
            for r in result.rows
        ],
        "new_plans": [
            {
                **rec,
                "full_name": p.full_name,
                "start": p.start.isoformat(),
                "review_date": p.review_date.isoformat(),
            }
            for rec, p in zip(plan_records(result), result.new_plans, strict=True)
        ],
        "overdue_plans": [
            {
                "pupil_id": o.pupil_id,
                "full_name": o.full_name,
                "review_date": o.review_date.isoformat(),
            }
            for o in result.overdue
        ],
    }


def _by_tier(tier: pd.Series) -> dict[str, int]:
    """Pupils per tier: {universal, targeted, intensive}."""
    counts = tier.value_counts()
    return {t: int(counts.get(t, 0)) for t in reversed(TIER_ORDER)}


def tier_summary(result: RiskResult) -> dict[str, object]:
    """Aggregates for the report and the dashboard: no names, only counts.

    Keys: pupils, tiers {universal, targeted, intensive}, flagged, flagged_share (0..1),
    indicators {attendance, academic, behaviour} (pupils meeting each), indicator_tiers
    {indicator: {targeted, intensive}} (the same pupils by tier), caution (pupils not
    flagged whose attendance is at the caution level: a watch list), status {new, continuing, resolved},
    grades {grade: {universal, targeted, intensive}} (grade None for classes without a number
    is left out), plans_new, plans_overdue.
    """
    table = result.evaluation.table()
    classes = table["class_name"]
    grade = classes.map({c: grade_of(c) for c in classes.unique()})  # a few dozen classes
    grades = table["tier"].groupby(grade.to_numpy(), sort=True)
    tiers = _by_tier(table["tier"])
    total = len(table)
    flagged = tiers["targeted"] + tiers["intensive"]
    return {
        "pupils": total,
        "tiers": tiers,
        "flagged": flagged,
        "flagged_share": flagged / total if total else 0.0,
        "indicators": {i: int(table[i].sum()) for i in INDICATORS},
        "indicator_tiers": {
            i: {t: int((table[i] & (table["tier"] == t)).sum()) for t in ("targeted", "intensive")}
            for i in INDICATORS
        },
        "caution": int((table["caution"] & (table["tier"] == "universal")).sum()),
        "status": {s: result.count(s) for s in STATUS_ORDER},
        "grades": {int(grade): _by_tier(tier) for grade, tier in grades},
        "plans_new": len(result.new_plans),
        "plans_overdue": len(result.overdue),
    }


def message(result: RiskResult, lang: Lang) -> str:
    """The short report the macro shows: counts by status and tier, overdue plans by name."""
    summary = tier_summary(result)
    text = DONE(lang).format(
        period=result.period.describe(lang),
        new=result.count("new"),
        continuing=result.count("continuing"),
        resolved=result.count("resolved"),
        targeted=summary["tiers"]["targeted"],  # type: ignore[index]
        intensive=summary["tiers"]["intensive"],  # type: ignore[index]
        plans=len(result.new_plans),
    )
    if result.overdue:
        names = ", ".join(o.full_name or o.pupil_id for o in result.overdue[:5])
        if len(result.overdue) > 5:
            names += ", …"
        text += OVERDUE(lang).format(count=len(result.overdue), names=names)
    return text
