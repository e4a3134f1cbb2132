"""Periods of the school year: months in the calendar, quarters, the year to date, the default."""

from __future__ import annotations

from datetime import date

import pytest
from socpass.core.findings import SocpassError
from socpass.core.period import (
    latest_complete_month,
    month_window,
    parse_period,
    quarter_window,
    resolve_period,
    ytd_window,
)
from socpass.core.reader import register_from_values
from socpass.core.risk import flag
from socpass.core.school_year import SchoolYear
from support.records import sample_records, to_values
from support.risk import frame, month_rows, pupil, register

Y2025 = SchoolYear(2025)


def attendance(*months: int):
    return frame("attendance", [month_rows("1", m, 100, 0) for m in months])


@pytest.mark.parametrize(
    ("value", "year"), [("2025-2026", 2025), (" 2025–2026 ", 2025), ("2025/26", 2025)]
)
def test_school_year_start(value, year):
    assert SchoolYear.parse(value).start == year


@pytest.mark.parametrize("value", ["2025", "2025-2027", "биыл", None])
def test_bad_school_year_names_the_setting(value):
    settings = [{"key": "school_year", "value": value}]
    findings = register_from_values(to_values({**sample_records(), "settings": settings})).errors
    bad = [(f.sheet, f.row, f.column) for f in findings if f.code == "bad_school_year"]
    assert bad == ([] if value is None else [("Баптаулар", 2, "Мәні")])  # blank: the default
    with pytest.raises(SocpassError) as err:
        SchoolYear.parse(value)
    assert err.value.exit_code == 1
    assert "оқу жылы емес" in err.value.text("kk") and "не учебный год" in err.value.text("ru")


def test_months_fall_in_the_right_calendar_year():
    assert month_window(9, Y2025).start == date(2025, 9, 1)
    assert month_window(12, Y2025).end == date(2025, 12, 31)
    assert month_window(2, Y2025).end == date(2026, 2, 28)
    assert month_window(5, Y2025).start == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("quarter", "months", "start", "end"),
    [
        (1, (9, 10), date(2025, 9, 1), date(2025, 10, 31)),
        (2, (11, 12), date(2025, 11, 1), date(2025, 12, 31)),
        (3, (1, 2, 3), date(2026, 1, 1), date(2026, 3, 31)),
        (4, (4, 5), date(2026, 4, 1), date(2026, 5, 31)),
    ],
)
def test_quarters(quarter, months, start, end):
    window = quarter_window(quarter, Y2025)
    assert (window.months, window.start, window.end) == (months, start, end)


def test_year_to_date():
    assert ytd_window(Y2025, date(2025, 11, 5)).months == (9, 10, 11)
    assert ytd_window(Y2025, date(2026, 7, 1)).months == (9, 10, 11, 12, 1, 2, 3, 4, 5)
    assert ytd_window(Y2025, date(2026, 7, 1)).end == date(2026, 5, 31)


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("month:10", ("month", 10)),
        ("quarter:2", ("quarter", 2)),
        ("q3", ("quarter", 3)),
        ("ytd", ("ytd", None)),
        ("", ("auto", None)),
    ],
)
def test_parse_period(spec, parsed):
    assert parse_period(spec) == parsed


@pytest.mark.parametrize("spec", ["month:7", "quarter:5", "week:1", "октябрь"])
def test_bad_period_is_a_clear_error(spec):
    with pytest.raises(SocpassError) as err:
        parse_period(spec)
    assert err.value.exit_code == 2 and spec in err.value.text("ru")


def test_latest_complete_month_skips_the_month_in_progress():
    data = attendance(9, 10, 11)
    assert latest_complete_month(data, Y2025, date(2025, 11, 20)) == 10
    assert latest_complete_month(data, Y2025, date(2025, 12, 1)) == 11
    # typed mid-September only: that month, rather than nothing
    assert latest_complete_month(attendance(9), Y2025, date(2025, 9, 20)) == 9


def test_auto_period_windows():
    period = resolve_period("auto", attendance(9, 10, 11), Y2025, date(2025, 11, 20))
    assert [w.kind for w in period.attendance] == ["month", "ytd"]
    assert period.attendance[0].number == 10
    assert period.behaviour.start == date(2025, 9, 1)  # quarter 1, up to today
    assert period.behaviour.end == date(2025, 11, 20)
    assert period.describe("ru") == "за октябрь; с начала учебного года"


def test_explicit_quarter_reads_that_quarter_only():
    data = register(
        [pupil("1")],
        attendance=[month_rows("1", 10, 100, 30), month_rows("1", 11, 100, 0)],
    )
    assert flag(data, date(2026, 1, 10), "quarter:2").pupils[0].tier == "universal"
    assert flag(data, date(2026, 1, 10), "quarter:1").pupils[0].tier == "targeted"
