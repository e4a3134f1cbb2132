"""The early warning on whole columns gives exactly what the per-pupil loop gave.

`reference/risk_rules_v1.py` is the pre-vectorisation code, frozen. On demo schools and on a
register of awkward cases, for several periods, both must give the same pupils, tiers, indicators,
numbers (and their Python types), caution flags, reasons and context in both languages, the same
summary counts, and the same Risk sheet rows when a previous run is on the sheet.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

import pytest
from reference import risk_rules_v1 as v1
from socpass.core.period import resolve_period
from socpass.core.register import RegisterData
from socpass.core.risk import RiskResult, as_json, flag, plan_records, pupil_names, tier_summary
from socpass.core.risk_rules import Thresholds, evaluate
from socpass.core.risk_status import track
from socpass.core.roll import left_by, register_pupils
from support.report import demo_register
from support.risk import frame, month_rows, pupil, register

MARCH, JUNE = date(2026, 3, 10), date(2026, 6, 1)
#: (period, today): the default run mid-year and after the year, and each explicit kind.
PERIODS = [
    ("auto", MARCH),
    ("auto", JUNE),
    ("month:10", MARCH),
    ("quarter:2", MARCH),
    ("ytd", MARCH),
    ("ytd", JUNE),
]


def described(pupil_risk) -> dict[str, object]:
    """Every field with its value and its Python type (14.2 and numpy's 14.2 are not the same
    thing in a JSON dump or a workbook cell)."""
    return {k: (type(v).__name__, v) for k, v in asdict(pupil_risk).items()}


def reference_run(data: RegisterData, spec: str, today: date):
    period = resolve_period(spec, data.frame("attendance"), data.school_year, today)
    pupils, quarter = v1.evaluate(data.frames, period, v1.Thresholds.from_settings(data.settings))
    return period, pupils, quarter


def assert_same_evaluation(data: RegisterData, spec: str, today: date) -> None:
    period, expected, quarter = reference_run(data, spec, today)
    evaluation = evaluate(data.frames, period, Thresholds.from_settings(data.settings))
    assert evaluation.quarter == quarter
    every = evaluation.risks()
    assert [p.pupil_id for p in every] == [p.pupil_id for p in expected]
    for new, old in zip(every, expected, strict=True):
        assert described(new) == described(old), new.pupil_id
    # the words are made for the pupils asked about only, and the same whichever are asked
    flagged = evaluation.risks(evaluation.flagged)
    assert [described(p) for p in flagged] == [described(p) for p in expected if p.flagged]


def assert_same_flag(data: RegisterData, spec: str, today: date) -> RiskResult:
    """flag() against the reference evaluation fed to the same status tracking; both evaluate
    the pupils on the roll on the register's as-of date (`core.roll`: leavers are not flagged)."""
    result = flag(data, today, spec)
    on_roll = replace(data, frames={**data.frames, "pupils": register_pupils(data)})
    _, expected, quarter = reference_run(on_roll, spec, today)
    everyone = data.frame("pupils")
    rows, plans, overdue = track(
        expected,
        data.frames.get("risk", frame("risk")),
        data.frames.get("plans", frame("plans")),
        today,
        round(float(data.settings.get("review_weeks", 6))),
        pupil_names(everyone),
        left_by(everyone, data.as_of_date),
    )
    assert result.quarter == quarter
    assert [
        (described(r.pupil), r.status, r.first_flagged, r.next_review, r.plan_overdue, r.actions)
        for r in result.rows
    ] == [
        (described(r.pupil), r.status, r.first_flagged, r.next_review, r.plan_overdue, r.actions)
        for r in rows
    ]
    assert list(result.new_plans) == plans and list(result.overdue) == overdue
    summary, counts = tier_summary(result), v1.tier_counts(expected)
    assert {k: summary[k] for k in counts} == counts
    return result


def with_previous_run(data: RegisterData, earlier: RiskResult) -> RegisterData:
    """The register after `earlier` was written to its Risk and Plans sheets."""
    rows = as_json(earlier, data.lang)["rows"]
    risk = frame(
        "risk",
        [
            {
                **{k: r[k] for k in ("pupil_id", "full_name", "class", "tier", "status")},
                "first_flagged": r["first_flagged"],
                "next_review": r["next_review"],
                "actions": f"Қадағалау {i}" if i % 3 == 0 else "",
            }
            for i, r in enumerate(rows)
        ],
    )
    plans = frame("plans", plan_records(earlier))
    return RegisterData(data.lang, {**data.frames, "risk": risk, "plans": plans}, data.settings)


# --------------------------------------------------------------------------- demo schools


DEMOS = [
    pytest.param((300, 7, "kk"), id="300-seed7"),
    pytest.param((300, 2025, "ru"), id="300-seed2025"),
    pytest.param((3000, 11, "kk"), id="3000-seed11", marks=pytest.mark.slow),
    pytest.param((3000, 42, "ru"), id="3000-seed42", marks=pytest.mark.slow),
]


@pytest.fixture(scope="module", params=DEMOS)
def demo(request) -> RegisterData:
    pupils, seed, lang = request.param
    return demo_register(lang, pupils=pupils, seed=seed)


@pytest.mark.parametrize(("spec", "today"), PERIODS)
def test_demo_school_evaluates_as_before(demo, spec, today):
    assert_same_evaluation(demo, spec, today)


def test_demo_school_flags_as_before_across_two_runs(demo):
    first = assert_same_flag(demo, "auto", MARCH)
    assert first.rows, "the demo school has pupils at risk"
    second = assert_same_flag(with_previous_run(demo, first), "auto", JUNE)
    statuses = {r.status for r in second.rows}
    assert "continuing" in statuses and "resolved" in statuses


# --------------------------------------------------------------------------- awkward cases


def messy_register(settings: dict[str, object] | None = None) -> RegisterData:
    """Pupils at and around every edge the rules have (school year 2025-2026)."""
    pupils = [
        pupil("A1"),  # exactly 10% in October
        pupil("A2", home_schooled=True),  # exactly 10%, home-schooled: strictly above needed
        pupil("A3", home_schooled=True),  # 10.1%
        pupil("A4", cat_disability=True),  # 15%
        pupil("A5", cat_disability=True, home_schooled=True),  # 12%: the home rule first
        pupil("A6", cat_low_income=True),  # no attendance rows at all
        pupil("A7"),  # planned 0 with lessons missed, then an ordinary month
        pupil("A8"),  # caution level in one month, above the threshold in another
        pupil("A9", reg_police=True, class_name="9Б"),  # police register only
        pupil("B1", reg_commission=True, class_name="9Б"),
        pupil(
            "B2", reg_intra_school=True, reg_risk_group=True, reg_ped_support=True, cat_orphan=True
        ),
        pupil("B3", class_name="11А"),  # repeating the year in quarter 1 only
        pupil("B4", class_name="11А"),  # results in every quarter
        pupil("B5", class_name=""),  # incidents of several kinds, one without a type
        pupil("B6", class_name="Дайындық"),  # no grade number; incidents outside the window
        pupil("B7"),  # the same month typed twice
        pupil("B8"),  # more missed than planned
        pupil("B9"),  # 9% every month: caution all year, never the threshold
        pupil("C1", cat_large_family=True, home_schooled=True),  # caution, home-schooled
        pupil("C2"),  # a third of lessons: 33,3%
        pupil("C3", reg_police=True, cat_disability=True),  # forced and attendance
        pupil("C4"),  # nothing at all
    ]
    attendance = [
        month_rows("A1", 10, 1000, 100),
        month_rows("A2", 10, 1000, 100),
        month_rows("A3", 10, 1000, 101),
        month_rows("A4", 10, 1000, 150),
        month_rows("A5", 10, 1000, 120),
        month_rows("A7", 10, 0, 3),
        month_rows("A7", 9, 100, 0),
        month_rows("A8", 9, 100, 14),
        month_rows("A8", 10, 100, 7),
        month_rows("B7", 11, 50, 4),
        month_rows("B7", 11, 50, 4),
        month_rows("B8", 12, 10, 12),
        month_rows("C1", 2, 80, 5),
        month_rows("C2", 1, 90, 30),
        month_rows("C2", 2, 90, 0, excused=30),
        month_rows("C3", 10, 200, 19),
        month_rows("ZZ", 10, 100, 90),  # not on the Pupils sheet
        *(month_rows("B9", m, 100, 9) for m in (9, 10, 11, 12, 1, 2, 3, 4, 5)),
        *(month_rows(p, m, 100, 0) for p in ("A9", "B1", "C4") for m in (9, 10, 2)),
    ]
    academic = [
        {"pupil_id": "B3", "quarter": "1", "failing_subjects": 0, "repeating": True},
        {"pupil_id": "B3", "quarter": "2", "failing_subjects": 0},
        *(
            {"pupil_id": "B4", "quarter": str(q), "failing_subjects": f, "not_attested": n}
            for q, f, n in ((1, 3, 0), (2, 0, 2), (3, 1, 1), (4, 2, 0))
        ),
        {"pupil_id": "A8", "quarter": "2", "failing_subjects": 1, "not_attested": 0},
        {"pupil_id": "C4", "quarter": "3", "failing_subjects": 0, "not_attested": 0},
    ]
    behaviour = [
        *(
            {"date": day, "pupil_id": "B5", "type": kind}
            for day, kind in (
                ("2025-10-01", "violence"),
                ("2025-10-02", "bullying"),
                ("2025-11-20", "bullying"),
                ("2026-01-15", "theft"),
                ("2026-02-02", None),
                ("2026-03-02", "truancy"),
                ("2026-04-20", "other"),
            )
        ),
        *(
            {"date": day, "pupil_id": "B6", "type": "violence"}
            for day in ("2025-08-31", "2025-09-01", "2025-12-31", "2026-01-01", "2026-06-01")
        ),
        {"date": "2025-10-10", "pupil_id": "ZZ", "type": "offence"},
        {"date": None, "pupil_id": "C4", "type": "theft"},
    ]
    return register(pupils, attendance, academic, behaviour, settings=settings)


SETTINGS = {
    "defaults": None,
    "own thresholds": {
        "attendance_threshold_pct": 12.5,
        "attendance_caution_pct": 6,
        "attendance_threshold_home_pct": 20,
        "attendance_threshold_disability_pct": 15,
        "academic_failing_min": 2,
        "academic_not_attested_min": 2,
        "behaviour_serious_min": 2,
        "behaviour_any_min": 3,
        "intensive_min_indicators": 3,
    },
    "odd values": {
        "attendance_threshold_pct": "көп",
        "attendance_caution_pct": 0,  # no caution level: a pupil missing nothing is not on it
        "behaviour_any_min": 0,
        "review_weeks": 2,
    },
}


@pytest.mark.parametrize("settings", list(SETTINGS))
@pytest.mark.parametrize(("spec", "today"), [*PERIODS, ("month:2", MARCH), ("quarter:1", JUNE)])
def test_awkward_register_evaluates_as_before(settings, spec, today):
    assert_same_evaluation(messy_register(SETTINGS[settings]), spec, today)


@pytest.mark.parametrize("settings", list(SETTINGS))
def test_awkward_register_flags_as_before_across_two_runs(settings):
    data = messy_register(SETTINGS[settings])
    first = assert_same_flag(data, "month:10", date(2025, 11, 5))
    assert {"A9", "B1"} <= {r.pupil.pupil_id for r in first.rows}  # forced whatever the settings
    assert_same_flag(with_previous_run(data, first), "auto", MARCH)


def test_the_awkward_register_reaches_every_edge():
    """The cases above are what they say (so the comparison is not of empty lists)."""
    by_id = {p.pupil_id: p for p in flag(messy_register(), date(2025, 11, 5), "month:10").pupils}
    assert by_id["A1"].tier == "targeted" and by_id["A2"].tier == "universal"
    assert by_id["A3"].tier == "targeted" and "10%-дан жоғары" in by_id["A3"].reasons[0].kk
    assert by_id["A6"].absence_pct is None and by_id["A7"].absence_pct is None
    assert by_id["A9"].tier == by_id["B1"].tier == "intensive"
    assert by_id["B2"].tier == "targeted" and len(by_id["B2"].context) == 3
    assert by_id["C3"].indicators == ("behaviour",) and by_id["C3"].tier == "intensive"
    assert by_id["B6"].incidents == 0 and by_id["B5"].incidents == 2
    assert by_id["B9"].caution and by_id["B9"].tier == "universal"
    assert by_id["B3"].indicators == ("academic",)
    assert by_id["C4"].failing_subjects is None and by_id["C4"].tier == "universal"
