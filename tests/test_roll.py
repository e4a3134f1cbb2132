"""Arrivals and leavers: a pupil who left keeps every row of history, and counts, flags and the
report are as of a stated date (the end of the school year's lessons unless `--as-of` says)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from socpass.core.roll import movement, on_roll
from socpass.core.school_year import SchoolYear
from socpass.files.workbook_file import read_register
from support.cli import run_socpass
from support.records import make_iin, sample_records, to_values, write_xlsx
from support.report import docx_text

YEAR = SchoolYear(2025)
MONTHS = ("Қыркүйек", "Қазан", "Қараша", "Желтоқсан")


def _leaver_register(tmp_path, **pupil_one):
    """The sample register (kk, 2025-2026) where pupil 1 (large family) left on 15.01.2026 to
    another school, after missing a fifth of the lessons each month from September to December."""
    records = sample_records("kk")
    records["pupils"][0] |= {
        "left": date(2026, 1, 15),
        "left_reason": "Басқа мектепке ауысу",
        **pupil_one,
    }
    records["attendance"] = [
        {"pupil_id": "1", "month": m, "planned": 100, "missed_unexcused": 20} for m in MONTHS
    ] + [{"pupil_id": "2", "month": m, "planned": 80} for m in MONTHS]
    return write_xlsx(tmp_path / "r.xlsx", to_values(records, "kk"))


def _large_families(path, *args) -> int:
    run = run_socpass("summary", path, "--json", *args)
    assert run.returncode == 0, run.stderr
    rows = {r["metric"]: r for r in json.loads(run.stdout)["rows"]}
    return rows["large_family"]["current_pupils"]


def _flagged(path, *args) -> list[str]:
    run = run_socpass("flag", path, "--json", *args)
    assert run.returncode == 0, run.stderr
    return [r["pupil_id"] for r in json.loads(run.stdout)["rows"]]


def test_a_leaver_validates_counts_until_leaving_and_is_not_flagged_after(tmp_path):
    path = _leaver_register(tmp_path)
    run = run_socpass("validate", path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert read_register(path).errors == []
    # counted as of 10 January, not at the end of the year (two large-family pupils, then one)
    assert _large_families(path) == 1
    assert _large_families(path, "--as-of", "2026-01-10") == 2
    # flagged while at school (missed 20 % in December), not once gone
    assert _flagged(path, "--today", "2026-01-10", "--as-of", "2026-01-10") == ["1"]
    assert _flagged(path, "--today", "2026-02-01") == []
    assert _flagged(path, "--today", "2026-01-20", "--as-of", "2026-01-20") == []


def test_a_pupil_who_left_is_resolved_on_the_risk_list_with_the_date(tmp_path):
    path = _leaver_register(tmp_path)
    out = tmp_path / "risk.xlsx"
    first = run_socpass(
        "flag", path, "--out", out, "--today", "2026-01-10", "--as-of", "2026-01-10"
    )
    assert first.returncode == 0, first.stderr
    second = run_socpass("flag", path, "--out", out, "--today", "2026-02-01", "--json")
    rows = json.loads(second.stdout)["rows"]
    assert [(r["pupil_id"], r["status"], r["reasons"]) for r in rows] == [
        ("1", "resolved", ["Мектептен кетті: 15.01.2026"])
    ]


def test_the_summary_says_which_date_it_counts_as_of(tmp_path):
    path = _leaver_register(tmp_path)
    assert "(25.05.2026 жағдай бойынша)" in run_socpass("summary", path).stdout
    run = run_socpass("summary", path, "--as-of", "2026-01-10", "--lang", "ru")
    assert "(по состоянию на 10.01.2026)" in run.stdout


def test_a_bad_as_of_date_is_refused(tmp_path):
    run = run_socpass("summary", _leaver_register(tmp_path), "--as-of", "10.13.2026")
    assert run.returncode == 2 and "Traceback" not in run.stderr


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_report_states_the_date_and_who_arrived_and_left(tmp_path, lang):
    path = _leaver_register(tmp_path)
    out = tmp_path / f"report_{lang}.docx"
    run = run_socpass("report", path, "-o", out, "--lang", lang, "--today", "2026-05-31")
    assert run.returncode == 0, run.stderr
    text = docx_text(out)
    if lang == "kk":
        assert "25.05.2026 жағдай бойынша" in text
        assert (
            "01.09.2025 – 25.05.2026 аралығында мектепке келген оқушылар саны – 0, мектептен "
            "кеткендері – 1 (басқа мектепке ауысу – 1)."
        ) in text
    else:
        assert "по состоянию на 25.05.2026" in text
        assert (
            "С 01.09.2025 по 25.05.2026 в школу прибыло учащихся: 0, выбыло: 1 "
            "(перевод в другую школу – 1)."
        ) in text


def test_the_report_counts_as_of_the_date_asked(tmp_path):
    path = _leaver_register(tmp_path)
    out = tmp_path / "r.docx"
    run = run_socpass("report", path, "-o", out, "--as-of", "2026-01-10", "--today", "2026-05-31")
    assert run.returncode == 0, run.stderr
    text = docx_text(out)
    assert "10.01.2026 жағдай бойынша" in text
    assert "мектепке келген және мектептен кеткен оқушылар тіркелмеген" in text


# --------------------------------------------------------------------------- the rule


def _pupils(*spans):
    return pd.DataFrame(
        {
            "id": [str(i) for i in range(len(spans))],
            "arrived": pd.to_datetime([a for a, _, _ in spans]),
            "left": pd.to_datetime([b for _, b, _ in spans]),
            "left_reason": [r for _, _, r in spans],
        }
    )


def test_on_the_roll_from_the_arrival_day_until_the_day_before_leaving():
    pupils = _pupils(
        (None, None, None),
        ("2025-11-10", None, None),
        (None, "2026-01-15", "other_school"),
    )
    assert on_roll(pupils, date(2025, 11, 9)).tolist() == [True, False, True]
    assert on_roll(pupils, date(2025, 11, 10)).tolist() == [True, True, True]
    assert on_roll(pupils, date(2026, 1, 14)).tolist() == [True, True, True]
    assert on_roll(pupils, date(2026, 1, 15)).tolist() == [True, True, False]
    assert on_roll(pupils, None).tolist() == [True, True, False]  # without a date: not left


def test_movement_counts_the_year_up_to_the_date_with_reasons_in_the_schemas_order():
    pupils = _pupils(
        ("2025-09-01", None, None),  # there from the first day: not an arrival
        ("2025-10-03", None, None),
        ("2026-03-02", None, None),
        (None, "2025-06-20", "other_town"),  # left last year
        (None, "2025-12-01", "other"),
        (None, "2026-01-15", "other_school"),
        (None, "2026-02-01", "other_school"),
        (None, "2026-02-03", None),
    )
    moved = movement(pupils, YEAR, date(2026, 2, 1))
    assert (moved.arrived, moved.left) == (1, 3)
    assert moved.reasons == {"other_school": 2, "other": 1}
    later = movement(pupils, YEAR, YEAR.end_of_lessons)
    assert (later.arrived, later.left, later.reasons["none"]) == (2, 4, 1)


# --------------------------------------------------------------------------- checks


def test_leaving_before_arriving_is_an_error_and_a_reason_without_a_date_a_warning(tmp_path):
    records = sample_records("ru")
    records["pupils"][0] |= {"arrived": date(2025, 10, 1), "left": date(2025, 9, 20)}
    records["pupils"][1] |= {"left_reason": "Выезд за рубеж"}
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    assert [(f.severity, f.code, f.row, f.column) for f in register.findings] == [
        ("error", "left_before_arrived", 2, "Дата выбытия"),
        ("warning", "reason_without_left", 3, "Причина выбытия"),
    ]
    assert register.findings[0].text("ru") == (
        "Дата выбытия (20.09.2025) раньше даты прибытия (01.10.2025)"
    )


def test_a_pupil_may_be_referred_to_by_iin(tmp_path):
    records = sample_records("kk")
    iin = make_iin(date(2012, 3, 15), "m")
    assert records["pupils"][0]["iin"] == iin
    records["attendance"][0]["pupil_id"] = iin
    records["behaviour"][0]["pupil_id"] = int(iin)  # typed as a number: the leading zero is gone
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "kk")))
    assert register.findings == []
    assert register.frames["attendance"]["pupil_id"].tolist() == ["1", "2"]
    assert register.frames["behaviour"]["pupil_id"].tolist() == ["1"]
