"""`socpass summary`: the table a pedagogue prints, as text or JSON, by class, and its refusals."""

from __future__ import annotations

import json

import pytest
from socpass.cli import main
from socpass.core.passport import count_metrics, counts_by
from socpass.render.workbook import write_register
from support.passport import history_frame, synthetic_pupils


def _register(tmp_path, lang="kk", pupils=None, history=None):
    frames = {"pupils": pupils if pupils is not None else synthetic_pupils(90, seed=41)}
    if history is not None:
        frames["history"] = history
    return write_register(tmp_path / "register.xlsx", lang, frames, {"school_year": "2025-2026"})


def test_summary_prints_previous_current_and_change(tmp_path, capsys):
    pupils = synthetic_pupils(90, seed=41)
    counts = count_metrics(pupils)
    sp = counts["single_parent"]
    history = history_frame(
        [
            ("2024-2025", "single_parent", sp.pupils * 2, sp.families * 2),
            ("2024-2025", "orphan", 0, None),
        ]
    )
    path = _register(tmp_path, "kk", pupils, history)

    assert main(["summary", str(path)]) == 0

    out = capsys.readouterr().out
    assert "2025-2026 оқу жылы" in out and "2024-2025 оқу жылымен" in out
    line = next(x for x in out.splitlines() if x.startswith("Толық емес отбасы"))
    assert f"{sp.pupils * 2}/{sp.families * 2}" in line and f"{sp.pupils}/{sp.families}" in line
    assert line.endswith("−50,0\u00a0% / −50,0\u00a0%")
    orphan = next(x for x in out.splitlines() if x.startswith("Жетім"))
    assert orphan.endswith("жаңа") if counts["orphan"].pupils else orphan.endswith("0,0\u00a0%")


def test_summary_json_in_russian(tmp_path, capsys):
    path = _register(tmp_path, "kk")
    assert main(["summary", str(path), "--json", "--lang", "ru"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["school_year"] == "2025-2026" and data["previous_year"] is None
    first = data["rows"][0]
    assert first["metric"] == "single_parent" and first["label"] == "Неполная семья"
    assert (
        first["current_pupils"]
        == count_metrics(synthetic_pupils(90, seed=41))["single_parent"].pupils
    )


@pytest.mark.slow
def test_summary_by_class_gives_each_class_its_column(tmp_path, capsys):
    pupils = synthetic_pupils(90, seed=41)
    path = _register(tmp_path, "ru", pupils)
    assert main(["summary", str(path), "--by", "class", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = counts_by(pupils, "class")
    assert list(data["groups"]) == list(expected)
    assert data["groups"]["5Ә"]["low_income"]["pupils"] == expected["5Ә"]["low_income"].pupils

    assert main(["summary", str(path), "--by", "grade"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[3].split()[1:] == list(counts_by(pupils, "grade"))


def test_summary_with_data_errors_lists_them_and_exits_1(tmp_path, capsys):
    path = _register(tmp_path, "ru", synthetic_pupils(90, seed=42, blank_families=0.3))
    assert main(["summary", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "В реестре ошибок" in captured.err
    assert "строка" in captured.err and "«ID семьи»" in captured.err
    assert "… и ещё" in captured.err  # more than ten: the rest are counted, not listed


def test_summary_of_a_missing_file_is_one_clear_line(tmp_path, capsys):
    assert main(["summary", str(tmp_path / "nope.xlsx"), "--lang", "kk"]) == 2
    err = capsys.readouterr().err.strip()
    assert "nope.xlsx" in err and "Traceback" not in err and len(err.splitlines()) == 1
