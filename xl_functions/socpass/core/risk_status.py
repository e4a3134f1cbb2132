"""Status of each flag against the previous run, and the individual plans that follow a flag.

The previous run is the Risk sheet itself: its rows say who was flagged, since when, and what the
user typed in the `actions` column. Rules:
- flagged now, active before (new or continuing) -> continuing, keeping `first_flagged`;
- flagged now, not active before -> new, first flagged today (a pupil resolved earlier and flagged
  again starts a new episode);
- active before, not flagged now -> one row with status resolved (also when the pupil left the
  school, which the row says with the date, or the Pupils sheet); rows already resolved in the
  previous run are dropped;
- the user's `actions` text follows the pupil on every kept row.
A newly flagged pupil without an open plan (outcome other than closed) gets a new plan: coordinator
= the class teacher, start = today, review = today + `review_weeks`. A plan is overdue when its
review date has passed and it was not reviewed on or after that date, unless it is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from .passport import class_sort_key
from .risk_rules import TIER_ORDER, PupilRisk
from .schema import Text

STATUS_ORDER = ("new", "continuing", "resolved")

RESOLVED_REASON = Text("Барлық көрсеткіш шектен төмен", "Все показатели ниже порогов")
LEFT_REASON = Text("Оқушылар тізімінде жоқ", "Нет в списке учащихся")
LEFT_SCHOOL = Text("Мектептен кетті: {date}", "Выбыл(а) из школы: {date}")


@dataclass(frozen=True)
class RiskRow:
    """One row of the Risk sheet."""

    pupil: PupilRisk
    status: str  # a key of schema.RISK_STATUS
    first_flagged: date
    next_review: date | None
    plan_overdue: bool
    actions: str  # typed by the user, carried over


@dataclass(frozen=True)
class NewPlan:
    """A Plans row to append for a newly flagged pupil."""

    pupil_id: str
    full_name: str
    coordinator: str
    start: date
    review_date: date


@dataclass(frozen=True)
class OverduePlan:
    pupil_id: str
    full_name: str
    review_date: date


def _date(value: object) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def open_plans(plans: pd.DataFrame) -> dict[str, dict]:
    """pupil id -> the pupil's latest plan that is not closed (by start date, then row)."""
    if plans is None or plans.empty:
        return {}
    rows = plans[plans["outcome"].astype("string").fillna("") != "closed"]
    latest: dict[str, dict] = {}
    for record in rows.to_dict("records"):
        pid = str(record["pupil_id"])
        start = _date(record.get("start")) or date.min
        previous = latest.get(pid)
        if previous is None or start >= (_date(previous.get("start")) or date.min):
            latest[pid] = record
    return latest


def plan_counts(plans: pd.DataFrame | None) -> tuple[int, int]:
    """(plans, plans not closed): rows of the Plans sheet with a pupil id, as the dashboard's
    formulas and the report count them."""
    if plans is None or plans.empty:
        return 0, 0
    listed = plans[plans["pupil_id"].fillna("").astype(str).str.strip() != ""]
    closed = listed["outcome"].astype("string").fillna("") == "closed"
    return len(listed), int((~closed).sum())


def overdue_plans(
    plans: pd.DataFrame, today: date, names: Mapping[str, str] | None = None
) -> list[OverduePlan]:
    """Plans not closed whose review date has passed without a review on or after it; the
    pupil's name from `names` (pupil id -> name) when the plan does not hold one."""
    if plans is None or plans.empty:
        return []
    result = []
    for record in plans.to_dict("records"):
        if _text(record.get("outcome")) == "closed":
            continue
        due = _date(record.get("review_date"))
        reviewed = _date(record.get("reviewed_on"))
        if due is not None and due < today and (reviewed is None or reviewed < due):
            pid = str(record["pupil_id"])
            name = _text(record.get("full_name")) or (names or {}).get(pid, "")
            result.append(OverduePlan(pid, name, due))
    return result


@dataclass(frozen=True)
class PlanReviews:
    """How the plans' reviews went by a date: plans on the sheet, plans whose review date has
    passed (due), and of those the ones reviewed no later than that date (on time)."""

    total: int
    due: int
    on_time: int


def plan_reviews(plans: pd.DataFrame, today: date) -> PlanReviews:
    """Plans due for review before `today` (as `overdue_plans` dates them) and reviewed on time."""
    due = plans[plans["review_date"].notna() & (plans["review_date"] < pd.Timestamp(today))]
    on_time = due[due["reviewed_on"].notna() & (due["reviewed_on"] <= due["review_date"])]
    return PlanReviews(len(plans), len(due), len(on_time))


def _previous_rows(previous: pd.DataFrame) -> dict[str, dict]:
    """pupil id -> the previous run's row (the first one when a pupil appears twice)."""
    if previous is None or previous.empty:
        return {}
    rows: dict[str, dict] = {}
    for record in previous.to_dict("records"):
        pid = _text(record.get("pupil_id"))
        if pid and pid not in rows:
            rows[pid] = record
    return rows


def listed_before(previous: pd.DataFrame) -> set[str]:
    """The pupil ids on the previous run's Risk sheet (whatever their status)."""
    return set(_previous_rows(previous))


def _left_pupil(record: dict, left_on: date | None = None) -> PupilRisk:
    """A pupil no longer evaluated, as the previous run described them: gone from the school on
    `left_on`, else from the Pupils sheet."""
    reason = LEFT_REASON
    if left_on is not None:
        day = left_on.strftime("%d.%m.%Y")
        reason = Text(LEFT_SCHOOL.kk.format(date=day), LEFT_SCHOOL.ru.format(date=day))
    return PupilRisk(
        pupil_id=_text(record.get("pupil_id")),
        full_name=_text(record.get("full_name")),
        class_name=_text(record.get("class")),
        coordinator=_text(record.get("coordinator")),
        absence_pct=None,
        failing_subjects=None,
        not_attested=None,
        incidents=0,
        indicators=(),
        tier="universal",
        reasons=(reason,),
        context=(),
        caution=False,
    )


def row_sort_key(row: RiskRow) -> tuple:
    """Tier blocks (intensive, targeted, then resolved rows), then class and name."""
    return (
        TIER_ORDER.index(row.pupil.tier),
        class_sort_key(row.pupil.class_name),
        row.pupil.full_name,
        row.pupil.pupil_id,
    )


def track(
    pupils: list[PupilRisk],
    previous: pd.DataFrame,
    plans: pd.DataFrame,
    today: date,
    review_weeks: int,
    names: Mapping[str, str] | None = None,
    left_on: Mapping[str, date] | None = None,
) -> tuple[list[RiskRow], list[NewPlan], list[OverduePlan]]:
    """The Risk sheet's rows (sorted by tier), the plans to create and the overdue plans.

    `pupils`: the current evaluation of every flagged pupil and of every pupil `listed_before`
    (other pupils make no row), in Pupils sheet order (new plans follow it). `names` (pupil id ->
    name) name the pupils of overdue plans, `left_on` (pupil id -> date) the pupils who left.
    """
    before = _previous_rows(previous)
    plans_open = open_plans(plans)
    overdue = overdue_plans(plans, today, names)
    overdue_ids = {p.pupil_id for p in overdue}
    review_after = timedelta(weeks=max(0, review_weeks))

    rows: list[RiskRow] = []
    new_plans: list[NewPlan] = []
    current = {p.pupil_id: p for p in pupils}

    def row(pupil: PupilRisk, status: str, first: date, review: date | None) -> RiskRow:
        record = before.get(pupil.pupil_id, {})
        return RiskRow(
            pupil,
            status,
            first,
            review,
            pupil.pupil_id in overdue_ids,
            _text(record.get("actions")),
        )

    for pupil in pupils:
        if not pupil.flagged:
            continue
        record = before.get(pupil.pupil_id)
        plan = plans_open.get(pupil.pupil_id)
        review = _date(plan.get("review_date")) if plan else None
        if record is not None and _text(record.get("status")) != "resolved":
            first = _date(record.get("first_flagged")) or today
            rows.append(row(pupil, "continuing", first, review))
            continue
        if plan is None:
            review = today + review_after
            new_plans.append(
                NewPlan(pupil.pupil_id, pupil.full_name, pupil.coordinator, today, review)
            )
        rows.append(row(pupil, "new", today, review))

    for pid, record in before.items():
        if _text(record.get("status")) == "resolved" or (pid in current and current[pid].flagged):
            continue
        pupil = current.get(pid)
        if pupil is None:
            pupil = _left_pupil(record, (left_on or {}).get(pid))
        else:
            pupil = replace(pupil, reasons=(RESOLVED_REASON,))
        plan = plans_open.get(pid)
        first = _date(record.get("first_flagged")) or today
        rows.append(row(pupil, "resolved", first, _date(plan.get("review_date")) if plan else None))

    rows.sort(key=row_sort_key)
    return rows, new_plans, overdue
