"""The early-warning rules at, just below and just above every threshold (synthetic pupils only)."""

from __future__ import annotations

import pytest
from socpass.core.risk import flag, tier_summary
from socpass.core.schema import Text
from support.risk import TODAY, month_rows, pupil, register

KINDS = {
    "ordinary": {},
    "home": {"home_schooled": True},
    "disabled": {"cat_disability": True},
}


def run(pupils, settings=None, period="month:10", **frames):
    result = flag(register(pupils, settings=settings, **frames), TODAY, period)
    return {p.pupil_id: p for p in result.pupils}


def absence(kind: str, missed: int, settings=None):
    """The evaluation of one pupil of `kind` who missed `missed` of 1,000 lessons in October."""
    return run(
        [pupil("1", **KINDS[kind])], settings, attendance=[month_rows("1", 10, 1000, missed)]
    )["1"]


# --------------------------------------------------------------------------- attendance

# (kind, settings, missed of 1000, flagged)
ATTENDANCE_CASES = [
    ("ordinary", None, 99, False),
    ("ordinary", None, 100, True),  # at the threshold: 10% counts
    ("ordinary", None, 101, True),
    ("home", None, 99, False),
    ("home", None, 100, False),  # home-schooled: strictly above 10%
    ("home", None, 101, True),
    ("home", {"attendance_threshold_home_pct": 20}, 200, False),
    ("home", {"attendance_threshold_home_pct": 20}, 201, True),
    ("disabled", {"attendance_threshold_disability_pct": 15}, 149, False),
    ("disabled", {"attendance_threshold_disability_pct": 15}, 150, True),
    ("disabled", {"attendance_threshold_disability_pct": 15}, 151, True),
    ("disabled", None, 100, True),  # default: the same 10% as everyone
    ("ordinary", {"attendance_threshold_pct": 12.5}, 124, False),
    ("ordinary", {"attendance_threshold_pct": 12.5}, 125, True),
]


@pytest.mark.parametrize(("kind", "settings", "missed", "flagged"), ATTENDANCE_CASES)
def test_attendance_threshold(kind, settings, missed, flagged):
    p = absence(kind, missed, settings)
    assert ("attendance" in p.indicators) is flagged
    assert p.tier == ("targeted" if flagged else "universal")
    assert p.absence_pct == pytest.approx(missed / 10, abs=0.05)


def test_disabled_pupil_uses_own_threshold_not_the_general_one():
    settings = {"attendance_threshold_disability_pct": 15}
    assert absence("disabled", 120, settings).tier == "universal"
    assert absence("ordinary", 120, settings).tier == "targeted"


@pytest.mark.parametrize(("missed", "caution"), [(49, False), (50, True), (99, True), (100, False)])
def test_caution_level_below_threshold_is_a_note_not_a_flag(missed, caution):
    p = absence("ordinary", missed)
    assert p.caution is caution
    if missed < 100:
        assert p.tier == "universal"
        assert p.reasons == ()


def test_missed_with_valid_reason_does_not_count():
    p = run([pupil("1")], attendance=[month_rows("1", 10, 100, 0, excused=60)])["1"]
    assert p.tier == "universal" and p.absence_pct == 0


def test_default_period_flags_a_bad_month_or_a_bad_year():
    """Auto: the latest complete month (October) and the year to date; either is enough."""
    bad_month = [month_rows("1", 9, 100, 0), month_rows("1", 10, 100, 12)]  # Oct 12%, YTD 6%
    bad_year = [month_rows("2", 9, 100, 16), month_rows("2", 10, 100, 6)]  # Oct 6%, YTD 11%
    fine = [month_rows("3", 9, 100, 8), month_rows("3", 10, 100, 8)]
    result = run(
        [pupil("1"), pupil("2"), pupil("3")], period="auto", attendance=bad_month + bad_year + fine
    )
    assert result["1"].tier == result["2"].tier == "targeted"
    assert result["3"].tier == "universal"
    assert "Қазан айында" in result["1"].reasons[0].kk
    assert "Оқу жылының басынан бері" in result["2"].reasons[0].kk
    # the other window at the caution level is a note after the reason, not a caution flag
    assert result["1"].reasons[1].ru == (
        "С начала учебного года пропустил(а) без уважительной причины 6,0% уроков: "
        "уровень внимания (5%), ниже порога"
    )
    assert result["1"].caution is False
    assert (
        result["2"].reasons[1].ru.startswith("За октябрь")
        and "внимания" in result["2"].reasons[1].ru
    )


def test_attendance_reason_reads_as_the_issue_asks():
    p = absence("ordinary", 142)
    assert p.reasons[0].kk == "Қазан айында сабақтың 14,2%-ын дәлелсіз себеппен жіберді (шегі 10%)"
    assert (
        p.reasons[0].ru
        == "За октябрь пропустил(а) без уважительной причины 14,2% уроков (порог 10%)"
    )
    home = absence("home", 150)
    assert "10%-дан жоғары" in home.reasons[0].kk and "более 10%" in home.reasons[0].ru
    assert home.reasons[0] == Text(
        "Қазан айында сабақтың 15,0%-ын дәлелсіз себеппен жіберді "
        "(шегі: 10%-дан жоғары, үйде оқиды)",
        "За октябрь пропустил(а) без уважительной причины 15,0% уроков "
        "(порог: более 10%, надомное обучение)",
    )
    disabled = absence("disabled", 200, {"attendance_threshold_disability_pct": 15})
    assert disabled.reasons == (
        Text(
            "Қазан айында сабақтың 20,0%-ын дәлелсіз себеппен жіберді "
            "(шегі 15%, мүгедектігі бар бала)",
            "За октябрь пропустил(а) без уважительной причины 20,0% уроков "
            "(порог 15%, ребёнок с инвалидностью)",
        ),
    )


def test_caution_note_follows_the_reasons_of_a_pupil_flagged_otherwise():
    p = run(
        [pupil("1")],
        attendance=[month_rows("1", 10, 100, 7)],
        behaviour=incidents("theft"),
    )["1"]
    assert p.tier == "targeted" and p.indicators == ("behaviour",) and p.caution is True
    assert p.reasons == (
        Text(
            "Қазан айында 1 ауыр оқиға тіркелді (ұрлық — 1; шегі 1)",
            "За октябрь: серьёзных нарушений — 1 (кража — 1; порог 1)",
        ),
        Text(
            "Қазан айында сабақтың 7,0%-ын дәлелсіз себеппен жіберді: "
            "ескерту деңгейі (5%), шектен төмен",
            "За октябрь пропустил(а) без уважительной причины 7,0% уроков: "
            "уровень внимания (5%), ниже порога",
        ),
    )


def test_reasons_come_in_the_order_of_the_rules():
    """Attendance windows, academic (failing, not attested, repeating), behaviour (serious, any,
    registers), then the caution notes; context stays apart."""
    p = run(
        [
            pupil(
                "1",
                reg_intra_school=True,
                reg_police=True,
                reg_commission=True,
                reg_risk_group=True,
                cat_low_income=True,
            )
        ],
        period="auto",
        attendance=[month_rows("1", 9, 100, 0), month_rows("1", 10, 100, 12)],
        academic=[
            {
                "pupil_id": "1",
                "quarter": "1",
                "failing_subjects": 2,
                "not_attested": 1,
                "repeating": True,
            }
        ],
        behaviour=incidents("violence", "bullying"),
    )["1"]
    assert p.tier == "intensive" and p.indicators == ("attendance", "academic", "behaviour")
    assert [r.ru.split(" ")[0] + " " + r.ru.split(" ")[1] for r in p.reasons] == [
        "За октябрь",
        "В 1-й",
        "В 1-й",
        "Оставлен(а) на",
        "С начала",  # quarter-to-date window: serious incidents
        "С начала",  # ... and incidents of any kind
        "Состоит на",
        "Состоит на",
        "Состоит на",
        "С начала",  # the year to date at the caution level: a note, last
    ]
    assert "серьёзных" in p.reasons[4].ru and "всего нарушений" in p.reasons[5].ru
    assert "Внутришкольный" in p.reasons[6].ru and "уровень внимания" in p.reasons[9].ru
    assert [c.ru for c in p.context] == ["Малообеспеченная семья", "Группа риска"]


# --------------------------------------------------------------------------- academic


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    ("minimum", "failing", "flagged"),
    [(1, 0, False), (1, 1, True), (1, 2, True), (2, 1, False), (2, 2, True), (2, 3, True)],
)
def test_failing_subjects_threshold(kind, minimum, failing, flagged):
    p = run(
        [pupil("1", **KINDS[kind])],
        {"academic_failing_min": minimum},
        academic=[
            {"pupil_id": "1", "quarter": "1", "failing_subjects": failing, "not_attested": 0}
        ],
    )["1"]
    assert ("academic" in p.indicators) is flagged
    assert p.failing_subjects == failing


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    ("minimum", "count", "flagged"),
    [(1, 0, False), (1, 1, True), (2, 1, False), (2, 2, True), (2, 3, True)],
)
def test_not_attested_threshold(kind, minimum, count, flagged):
    p = run(
        [pupil("1", **KINDS[kind])],
        {"academic_not_attested_min": minimum},
        academic=[{"pupil_id": "1", "quarter": "1", "failing_subjects": 0, "not_attested": count}],
    )["1"]
    assert ("academic" in p.indicators) is flagged


def test_repeating_the_year_is_academic_risk():
    p = run(
        [pupil("1")],
        academic=[{"pupil_id": "1", "quarter": "1", "failing_subjects": 0, "repeating": True}],
    )["1"]
    assert p.indicators == ("academic",)
    assert p.reasons[0].ru == "Оставлен(а) на повторное обучение"


def test_academic_uses_the_latest_quarter_with_results():
    academic = [
        {"pupil_id": "1", "quarter": "1", "failing_subjects": 3},
        {"pupil_id": "1", "quarter": "2", "failing_subjects": 0},
        {"pupil_id": "2", "quarter": "1", "failing_subjects": 0},
        {"pupil_id": "2", "quarter": "2", "failing_subjects": 1},
    ]
    result = run([pupil("1"), pupil("2")], period="ytd", academic=academic)
    assert result["1"].tier == "universal"
    assert result["2"].tier == "targeted"
    assert result["2"].reasons[0].kk.startswith("2-тоқсанда 1 пәннен «2» алды")
    # asking for October looks at quarter 1, not at later results
    assert run([pupil("1")], period="month:10", academic=academic)["1"].tier == "targeted"


# --------------------------------------------------------------------------- behaviour


def incidents(*types: str, day: str = "2025-10-10") -> list[dict]:
    return [{"date": day, "pupil_id": "1", "type": t} for t in types]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    ("settings", "types", "flagged"),
    [
        (None, (), False),
        (None, ("violence",), True),  # one serious incident meets serious_min = 1
        (None, ("theft",), True),
        (None, ("offence",), True),
        (None, ("bullying",), False),  # one of any kind is below any_min = 2
        (None, ("bullying", "truancy"), True),
        (None, ("other", "other", "other"), True),
        ({"behaviour_serious_min": 2}, ("violence",), False),
        ({"behaviour_serious_min": 2}, ("violence", "theft"), True),
        ({"behaviour_serious_min": 2, "behaviour_any_min": 4}, ("violence", "other"), False),
        (
            {"behaviour_serious_min": 2, "behaviour_any_min": 4},
            ("violence", "theft", "other"),
            True,
        ),
        ({"behaviour_any_min": 3}, ("bullying", "bullying"), False),
        ({"behaviour_any_min": 3}, ("bullying", "bullying", "bullying"), True),
    ],
)
def test_behaviour_thresholds(kind, settings, types, flagged):
    p = run([pupil("1", **KINDS[kind])], settings, behaviour=incidents(*types))["1"]
    assert ("behaviour" in p.indicators) is flagged
    assert p.incidents == len(types)


def test_incidents_outside_the_period_do_not_count():
    p = run([pupil("1")], behaviour=incidents("violence", day="2025-09-30"))["1"]
    assert p.tier == "universal" and p.incidents == 0
    p = run([pupil("1")], period="quarter:1", behaviour=incidents("violence", day="2025-09-30"))[
        "1"
    ]
    assert p.tier == "targeted"
    assert p.reasons[0].kk == "1-тоқсанда 1 ауыр оқиға тіркелді (зорлық-зомбылық — 1; шегі 1)"


# --------------------------------------------------------------------------- registers and tiers


@pytest.mark.parametrize("register_key", ["police", "commission"])
def test_police_or_commission_is_intensive_whatever_else(register_key):
    settings = {"intensive_min_indicators": 3}
    alone = run([pupil("1", **{f"reg_{register_key}": True})], settings)["1"]
    assert alone.tier == "intensive"
    short = {"police": "ОДП", "commission": "КДН"}[register_key]
    assert [r.ru.startswith("Состоит на учёте:") and short in r.ru for r in alone.reasons] == [True]


def test_intra_school_register_alone_is_targeted():
    p = run([pupil("1", reg_intra_school=True)])["1"]
    assert p.tier == "targeted" and p.indicators == ("behaviour",)


def test_risk_group_register_is_context_not_a_reason():
    p = run([pupil("1", reg_risk_group=True)])["1"]
    assert p.tier == "universal"


@pytest.mark.parametrize(("intensive_min", "expected"), [(2, "intensive"), (3, "targeted")])
def test_two_indicators_and_the_intensive_setting(intensive_min, expected):
    p = run(
        [pupil("1")],
        {"intensive_min_indicators": intensive_min},
        attendance=[month_rows("1", 10, 100, 20)],
        academic=[{"pupil_id": "1", "quarter": "1", "failing_subjects": 1}],
    )["1"]
    assert p.indicators == ("attendance", "academic")
    assert p.tier == expected


def test_three_indicators_are_intensive():
    p = run(
        [pupil("1")],
        attendance=[month_rows("1", 10, 100, 20)],
        academic=[{"pupil_id": "1", "quarter": "1", "failing_subjects": 1}],
        behaviour=incidents("theft"),
    )["1"]
    assert p.tier == "intensive" and len(p.reasons) == 3


def test_social_category_is_context_only_never_a_reason():
    categories = {"cat_low_income": True, "cat_large_family": True, "cat_orphan": True}
    alone = run([pupil("1", **categories)])["1"]
    assert alone.tier == "universal" and alone.reasons == ()
    flagged = run([pupil("1", **categories)], attendance=[month_rows("1", 10, 100, 30)])["1"]
    assert flagged.tier == "targeted"
    assert [c.ru for c in flagged.context] == [
        "Многодетная семья",
        "Сирота",
        "Малообеспеченная семья",
    ]
    assert not any("Малообеспеч" in r.ru for r in flagged.reasons)


def test_tier_summary_counts_tiers_indicators_and_grades():
    result = flag(
        register(
            [
                pupil("1", class_name="5А"),
                pupil("2", class_name="5Ә", reg_police=True),
                pupil("3", class_name="7Б"),
                pupil("4", class_name="7Б"),
            ],
            attendance=[month_rows("1", 10, 100, 15), month_rows("4", 10, 100, 6)],
        ),
        TODAY,
        "month:10",
    )
    summary = tier_summary(result)
    assert summary["tiers"] == {"universal": 2, "targeted": 1, "intensive": 1}
    assert summary["indicators"] == {"attendance": 1, "academic": 0, "behaviour": 1}
    assert summary["grades"] == {
        5: {"universal": 0, "targeted": 1, "intensive": 1},
        7: {"universal": 2, "targeted": 0, "intensive": 0},
    }
    assert summary["caution"] == 1 and summary["flagged_share"] == 0.5
    assert summary["status"] == {"new": 2, "continuing": 0, "resolved": 0}


def test_tier_summary_leaves_classes_without_a_number_out_of_grades_and_flagged_out_of_caution():
    result = flag(
        register(
            [
                pupil("1", class_name="Дайындық"),
                pupil("2", class_name=""),
                pupil("3", class_name="10Ә"),
                pupil("4", class_name="10Ә"),
            ],
            attendance=[month_rows("1", 10, 100, 30), month_rows("3", 10, 100, 6)],
            behaviour=[{"date": "2025-10-10", "pupil_id": "3", "type": "theft"}],
        ),
        TODAY,
        "month:10",
    )
    summary = tier_summary(result)
    assert summary["pupils"] == 4 and summary["tiers"] == {
        "universal": 2,
        "targeted": 2,
        "intensive": 0,
    }
    assert summary["grades"] == {10: {"universal": 1, "targeted": 1, "intensive": 0}}
    assert summary["caution"] == 0  # pupil 3 is at the caution level but flagged already
    assert summary["indicators"] == {"attendance": 1, "academic": 0, "behaviour": 1}


def test_every_pupil_is_evaluated_and_the_rows_carry_the_same_evaluation():
    pupils = [pupil(str(i)) for i in range(1, 6)]
    result = flag(
        register(pupils, attendance=[month_rows("4", 10, 100, 20), month_rows("2", 10, 100, 5)]),
        TODAY,
        "month:10",
    )
    assert [p.pupil_id for p in result.pupils] == ["1", "2", "3", "4", "5"]
    assert [p.tier for p in result.pupils] == ["universal"] * 3 + ["targeted", "universal"]
    assert [r.pupil for r in result.rows] == [result.pupils[3]]
    assert result.pupils[1].caution and result.pupils[1].reasons == ()


def test_a_register_without_pupils_flags_nobody():
    result = flag(register([]), TODAY)
    assert result.pupils == () and result.rows == ()
    assert tier_summary(result)["tiers"] == {"universal": 0, "targeted": 0, "intensive": 0}
    assert tier_summary(result)["flagged_share"] == 0.0
