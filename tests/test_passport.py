"""The passport counts and the year-over-year table, as the pedagogue reads them in the report."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from socpass.core.formatting import format_change
from socpass.core.history import previous_year, year_counts
from socpass.core.passport import (
    CATEGORY_METRICS,
    FAMILY_METRICS,
    METRIC_KEYS,
    count_metric,
    count_metrics,
    counts_by,
    grade_of,
    register_summary,
    summary_for,
)
from socpass.core.schema import year_change
from socpass.core.school_year import SchoolYear
from support.passport import CLASSES, history_frame, register, typed_pupils


def _family_school() -> pd.DataFrame:
    """Two siblings in one single-parent family (different classes), an orphan, a blank family."""
    return typed_pupils(
        [
            {"id": "1", "class": "5Ә", "family_id": "F1", "cat_single_parent": True},
            {"id": "2", "class": "7А", "family_id": "F1", "cat_single_parent": True},
            {"id": "3", "class": "5Ә", "family_id": "F2", "cat_single_parent": True},
            {"id": "4", "class": "5А", "family_id": "F3", "cat_orphan": True},
            {"id": "5", "class": "5А", "family_id": "", "cat_single_parent": True},
            {"id": "6", "class": "11А", "family_id": "F4", "hot_meals": True},
            {
                "id": "7",
                "class": "11А",
                "family_id": "F4",
                "hot_meals": True,
                "meal_source": "fund",
            },
            {"id": "8", "class": "11А", "family_id": "F5", "meal_source": "fund"},
        ]
    )


def test_siblings_make_one_family_and_orphans_are_pupils_only():
    counts = count_metrics(_family_school())
    assert counts["single_parent"].pupils == 4
    # F1 (two siblings) + F2; the pupil without a family id is not a family
    assert counts["single_parent"].families == 2
    assert counts["orphan"].pupils == 1
    assert counts["orphan"].families is None
    assert counts["large_family"].pupils == 0 and counts["large_family"].families == 0


def test_hot_meals_by_source_count_every_pupil_on_meals_once():
    counts = count_metrics(_family_school())
    # pupil 6 has meals without a source -> "other"; pupil 8 has a source but no meals -> none
    assert counts["meals_fund"].pupils == 1
    assert counts["meals_other"].pupils == 1
    assert counts["meals_tenant"].pupils == 0


def test_by_class_and_grade_in_school_order():
    pupils = _family_school()
    by_class = counts_by(pupils, "class")
    assert list(by_class) == ["5А", "5Ә", "7А", "11А"]
    assert by_class["5Ә"]["single_parent"].pupils == 2
    by_grade = counts_by(pupils, "grade")
    assert list(by_grade) == ["5", "7", "11"]
    assert by_grade["5"]["single_parent"].pupils == 3
    # the F1 siblings are in grades 5 and 7: their family counts in both
    assert by_grade["5"]["single_parent"].families == 2
    assert by_grade["7"]["single_parent"].families == 1


@pytest.mark.parametrize(("name", "grade"), [("5Ә", 5), ("11 А", 11), ("0А", 0), ("А", None)])
def test_grade_is_the_number_part_of_the_class(name, grade):
    assert grade_of(name) == grade


def test_summary_compares_with_the_latest_earlier_year_with_numbers():
    pupils = _family_school()
    history = history_frame(
        [
            ("2023-2024", "single_parent", 9, 9),
            ("2024–2025", "single_parent", 5, 4),  # en dash, as people type it
            ("2024-2025", "orphan", 0, None),
            ("2025-2026", "single_parent", None, None),  # blank template row of this year
            ("2026-2027", "single_parent", 1, 1),  # a later year never counts as "previous"
        ]
    )
    year, rows = summary_for(pupils, history, "2025-2026", "ru")
    assert year == "2024-2025"
    by = {r.metric: r for r in rows}
    sp = by["single_parent"]
    assert (sp.previous_pupils, sp.previous_families) == (5, 4)
    assert (sp.current_pupils, sp.current_families) == (4, 2)
    assert sp.change_pupils == pytest.approx(-0.2)
    assert sp.change_pupils_text == "−20,0\u00a0%"
    assert sp.change_families_text == "−50,0\u00a0%"
    assert by["orphan"].change_pupils_text == "новое"  # 0 -> 1
    assert by["orphan"].change_families_text == "—"
    assert by["large_family"].previous_pupils is None
    assert by["large_family"].change_pupils_text == "—"  # not typed last year: no change shown
    assert sp.label == "Неполная семья"


def test_blank_template_years_do_not_hide_the_last_typed_year():
    history = history_frame([("2023-2024", "orphan", 3, None), ("2024-2025", "orphan", None, None)])
    assert previous_year(history, SchoolYear(2025)) == SchoolYear(2023)
    assert year_counts(history, SchoolYear(2024)) == {}


def test_no_history_gives_no_previous_year():
    year, rows = register_summary(register(_family_school()))
    assert year is None
    assert all(r.change_pupils_text == "—" for r in rows)


def test_a_metric_typed_twice_takes_the_last_row():
    history = history_frame([("2024-2025", "orphan", 3, None), ("2024-2025", "orphan", 4, None)])
    assert year_counts(history, "2024-2025")["orphan"].pupils == 4


def test_change_is_formatted_for_each_language():
    assert format_change(110, 90, "kk") == "−18,2\u00a0%"
    assert format_change(20, 25, "ru") == "+25,0\u00a0%"
    assert format_change(0, 3, "kk") == "жаңа"
    assert format_change(0, 0, "ru") == "0,0\u00a0%"


# --------------------------------------------------------------------------- properties

_pupil = st.fixed_dictionaries(
    {
        "class": st.sampled_from(CLASSES),
        "family_id": st.sampled_from(["", "F1", "F2", "F3", "F4", "F5", "F6"]),
        **{f"cat_{k}": st.booleans() for k in CATEGORY_METRICS},
        "reg_police": st.booleans(),
        "hot_meals": st.booleans(),
        "meal_source": st.sampled_from([None, "fund", "tenant", "other"]),
    }
)
_school = st.lists(_pupil, max_size=40).map(
    lambda rows: (
        typed_pupils([{"id": str(i), **r} for i, r in enumerate(rows)])
        if rows
        else typed_pupils([{"id": "0", "class": "1А"}]).iloc[0:0]
    )
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(_school)
def test_families_never_exceed_pupils(pupils):
    for key, count in count_metrics(pupils).items():
        if key in FAMILY_METRICS:
            assert 0 <= count.families <= count.pupils
        else:
            assert count.families is None


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(_school, st.sampled_from(["class", "grade"]))
def test_pupils_by_class_or_grade_add_up_to_the_school(pupils, by):
    total = count_metrics(pupils)
    groups = counts_by(pupils, by)
    for key in METRIC_KEYS:
        assert sum(g[key].pupils for g in groups.values()) == total[key].pupils
        if key in FAMILY_METRICS:  # siblings in two classes count in both, never fewer
            assert sum(g[key].families for g in groups.values()) >= total[key].families


@given(st.integers(min_value=0, max_value=10**6))
def test_change_of_a_number_to_itself_is_zero(x):
    change = year_change(x, x)
    assert change == ("same" if x == 0 else 0)
    assert format_change(x, x, "kk") == "0,0\u00a0%"


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_the_sign_of_the_change_follows_the_data(previous, current):
    ratio = year_change(previous, current)
    assert math.copysign(1, ratio) == math.copysign(1, current - previous) or ratio == 0
    text = format_change(previous, current, "ru")
    if round(ratio * 100, 1) > 0:
        assert text.startswith("+")
    elif round(ratio * 100, 1) < 0:
        assert text.startswith("−")


def test_count_metric_rejects_an_unknown_metric():
    with pytest.raises(KeyError):
        count_metric(_family_school(), "unicorns")
