"""Status against the previous run (new / continuing / resolved), the user's notes, and plans."""

from __future__ import annotations

from datetime import date, timedelta

from socpass.core.risk import RiskResult, as_json, flag, message, plan_records
from support.risk import frame, month_rows, pupil, register

PUPILS = [pupil(str(i)) for i in range(1, 6)]


def previous(result: RiskResult, actions: dict[str, str] | None = None):
    """The Risk sheet as the reader would give it back after `result` was written."""
    rows = as_json(result, "kk")["rows"]
    return frame(
        "risk",
        [
            {
                "pupil_id": r["pupil_id"],
                "full_name": r["full_name"],
                "class": r["class"],
                "tier": r["tier"],
                "status": r["status"],
                "first_flagged": r["first_flagged"],
                "next_review": r["next_review"],
                "actions": (actions or {}).get(r["pupil_id"], r["actions"]),
            }
            for r in rows
        ],
    )


def plans_after(result: RiskResult, earlier: list[dict] | None = None):
    return frame("plans", [*(earlier or []), *plan_records(result)])


def october(missed: dict[str, int]) -> list[dict]:
    return [month_rows(pid, 10, 100, n) for pid, n in missed.items()]


def statuses(result: RiskResult) -> dict[str, str]:
    return {r.pupil.pupil_id: r.status for r in result.rows}


def test_two_runs_move_pupils_between_new_continuing_and_resolved():
    day1, day2 = date(2025, 11, 5), date(2025, 12, 3)
    first = flag(register(PUPILS, attendance=october({"1": 20, "2": 15, "3": 0})), day1)
    assert statuses(first) == {"1": "new", "2": "new"}
    assert {p.pupil_id for p in first.new_plans} == {"1", "2"}

    # November: pupil 1 still misses lessons, pupil 2 recovered, pupil 3 starts missing
    november = [
        month_rows("1", 11, 100, 25),
        month_rows("2", 11, 100, 0),
        month_rows("3", 11, 100, 30),
    ]
    second = flag(
        register(
            PUPILS,
            attendance=october({"1": 20, "2": 15, "3": 0}) + november,
            risk=previous(first),
            plans=plans_after(first),
        ),
        day2,
        "month:11",
    )
    assert statuses(second) == {"1": "continuing", "2": "resolved", "3": "new"}
    rows = {r.pupil.pupil_id: r for r in second.rows}
    assert rows["1"].first_flagged == day1  # kept from the first run
    assert rows["3"].first_flagged == day2
    assert rows["2"].first_flagged == day1 and rows["2"].pupil.tier == "universal"
    # the resolved row shows this run's numbers (November: nothing missed) and why it left
    assert rows["2"].pupil.absence_pct == 0.0 and rows["2"].pupil.indicators == ()
    assert [r.ru for r in rows["2"].pupil.reasons] == ["Все показатели ниже порогов"]
    assert [p.pupil_id for p in second.new_plans] == ["3"]  # 1 has an open plan already
    assert rows["1"].next_review == day1 + timedelta(weeks=6)
    assert second.rows[-1].status == "resolved"  # resolved rows come after the tiers

    # a third run: the resolved row is dropped, not repeated
    third = flag(
        register(
            PUPILS,
            attendance=october({"1": 20, "2": 15, "3": 0}) + november,
            risk=previous(second),
            plans=plans_after(second, plan_records(first)),
        ),
        day2 + timedelta(days=7),
        "month:11",
    )
    assert statuses(third) == {"1": "continuing", "3": "continuing"}


def test_pupil_flagged_again_after_resolution_is_new_and_keeps_notes():
    first = flag(register(PUPILS, attendance=october({"1": 20})), date(2025, 11, 5), "month:10")
    second = flag(
        register(PUPILS, risk=previous(first, {"1": "Ата-анасымен сөйлестік"})),
        date(2025, 11, 6),
        "month:10",
    )
    assert statuses(second) == {"1": "resolved"}
    third = flag(
        register(PUPILS, attendance=october({"1": 20}), risk=previous(second)),
        date(2025, 11, 7),
        "month:10",
    )
    row = third.rows[0]
    assert (row.status, row.first_flagged, row.actions) == (
        "new",
        date(2025, 11, 7),
        "Ата-анасымен сөйлестік",
    )


def test_user_notes_follow_the_pupil_while_flagged():
    first = flag(register(PUPILS, attendance=october({"1": 20, "2": 20})), date(2025, 11, 5))
    notes = {"1": "Қосымша сабақ, 2 рет аптасына", "2": "Психологпен кездесу"}
    second = flag(
        register(PUPILS, attendance=october({"1": 20}), risk=previous(first, notes)),
        date(2025, 11, 6),
    )
    assert {r.pupil.pupil_id: r.actions for r in second.rows} == notes  # 2 is resolved, text kept


def test_pupil_who_left_the_school_is_resolved_once():
    first = flag(register(PUPILS, attendance=october({"5": 20})), date(2025, 11, 5))
    second = flag(register(PUPILS[:4], risk=previous(first)), date(2025, 11, 6))
    assert statuses(second) == {"5": "resolved"}
    assert second.rows[0].pupil.reasons[0].ru == "Нет в списке учащихся"


def test_overdue_plans_are_marked_and_reported():
    today = date(2025, 12, 1)
    plans = frame(
        "plans",
        [
            # due, not reviewed: overdue
            {"pupil_id": "1", "full_name": "Оқушы 1", "review_date": "2025-11-20"},
            # due, reviewed after the date: fine
            {"pupil_id": "2", "review_date": "2025-11-20", "reviewed_on": "2025-11-21"},
            # due, but closed: fine
            {"pupil_id": "3", "review_date": "2025-11-01", "outcome": "closed"},
            # not yet due
            {"pupil_id": "4", "review_date": "2025-12-01"},
        ],
    )
    result = flag(
        register(PUPILS, attendance=october({"1": 20, "2": 20}), plans=plans), today, "month:10"
    )
    assert [o.pupil_id for o in result.overdue] == ["1"]
    assert {r.pupil.pupil_id: r.plan_overdue for r in result.rows} == {"1": True, "2": False}
    assert result.new_plans == ()  # both already have an open plan
    assert "Просрочен пересмотр планов: 1 (Оқушы 1)" in message(result, "ru")
    assert as_json(result, "ru")["summary"]["plans_overdue"] == 1
