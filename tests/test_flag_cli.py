"""`socpass flag PATH`: table, JSON, a separate workbook; the register itself is never written."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from socpass.cli import main
from socpass.core.schema import sheet
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register
from support.cli import run_socpass
from support.risk import frame, month_rows, pupil, register

# openpyxl cannot represent the register's whole-column print areas; irrelevant here.
pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set")

TODAY = "2025-11-05"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small(tmp_path) -> Path:
    """Five synthetic pupils: one home-schooled, one with a disability, one on the police register."""
    data = register(
        [
            pupil("1", full_name="Сапаров Ерлан"),
            pupil("2", full_name="Ахметова Дина", home_schooled=True),
            pupil("3", full_name="Иванов Пётр", cat_disability=True, class_name="7Б"),
            pupil("4", full_name="Нұрланов Әли", reg_police=True, class_name="9А"),
            pupil("5", full_name="Ким Алина"),
        ],
        attendance=[
            month_rows("1", 10, 100, 14),
            month_rows("2", 10, 100, 10),
            month_rows("3", 10, 100, 11),
            month_rows("5", 10, 100, 2),
        ],
        lang="ru",
    )
    frames = {k: v.drop(columns="_row") for k, v in data.frames.items()}
    return write_register(tmp_path / "register.xlsx", "ru", frames, data.settings)


def test_table_in_the_workbook_language(small, capsys):
    before = digest(small)
    assert main(["flag", str(small), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "Нұрланов Әли" in out and "Специализированный" in out
    assert "За октябрь пропустил(а) без уважительной причины 14,0% уроков (порог 10%)" in out
    assert "Ахметова" not in out  # home-schooled at exactly 10%: not above the threshold
    assert "Ким Алина" not in out
    assert "новых — 3" in out
    assert digest(small) == before


def test_without_out_it_says_nothing_was_saved_and_counts_warnings(small, capsys):
    assert main(["flag", str(small), "--today", TODAY]) == 0
    captured = capsys.readouterr()
    assert "Список нигде не сохранён: чтобы сохранить, добавьте --out FILE.xlsx" in captured.out
    warnings = len(read_register(small).warnings)
    assert warnings > 0  # the synthetic register has no school name / pedagogue
    assert f"Предупреждений: {warnings} (подробнее: socpass validate)" in captured.err


def test_json_is_pure_and_in_the_asked_language(small, capsys):
    assert main(["flag", str(small), "--json", "--lang", "kk", "--today", TODAY]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert [(r["pupil_id"], r["tier"], r["status"]) for r in result["rows"]] == [
        ("4", "intensive", "new"),
        ("1", "targeted", "new"),
        ("3", "targeted", "new"),
    ]
    assert result["rows"][1]["reasons"][0].startswith("Қазан айында сабақтың 14,0%-ын")
    assert result["summary"]["tiers"] == {"universal": 2, "targeted": 2, "intensive": 1}
    assert "жаңа — 3" in captured.err


def test_out_writes_a_separate_workbook(small, tmp_path, capsys):
    before = digest(small)
    out = tmp_path / "flags.xlsx"
    assert main(["flag", str(small), "--out", str(out), "--today", TODAY]) == 0
    assert digest(small) == before
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == [sheet("risk").name.ru, sheet("plans").name.ru]
    rows = book.get_sheet_by_name(sheet("risk").name.ru).to_python()
    assert rows[0] == [c.header.ru for c in sheet("risk").columns]
    assert [r[0] for r in rows[1:]] == ["4", "1", "3"]
    fills = openpyxl.load_workbook(out)[sheet("risk").name.ru]
    colours = [fills.cell(r, 1).fill.fgColor.rgb for r in (2, 3, 4)]
    assert colours[0] != colours[1] == colours[2]  # intensive block, then targeted block
    plans = book.get_sheet_by_name(sheet("plans").name.ru).to_python()
    # each plan shows the pupil's name and class beside the id, as values (no Pupils sheet here)
    assert plans[0][:4] == [sheet("plans").column("pupil_id").header.ru, "ФИО", "Класс", "Куратор"]
    assert len(plans) == 4 and plans[1][1:4] == ["Сапаров Ерлан", "5А", "Мұғалім А."]


def test_a_second_run_keeps_the_earlier_list_as_a_backup(small, tmp_path, capsys):
    """The list holds what the pedagogue typed into it (statuses, notes, plans): updating it keeps
    the earlier one beside it, byte for byte, under the one backup rule."""
    out = tmp_path / "flags.xlsx"
    assert main(["flag", str(small), "--out", str(out), "--today", TODAY]) == 0
    first = out.read_bytes()
    assert main(["flag", str(small), "--out", str(out), "--today", TODAY]) == 0
    capsys.readouterr()
    backups = list(tmp_path.glob("flags.bak-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == first


def _rewrite_register_attendance(path: Path, pupil_id: str, missed: int) -> None:
    """Change one pupil's October unexcused absences, as the pedagogue would in Excel."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet("attendance").name.ru]
    header = [c.value for c in ws[1]]
    id_col = header.index(sheet("attendance").column("pupil_id").header.ru) + 1
    missed_col = header.index(sheet("attendance").column("missed_unexcused").header.ru) + 1
    for row in range(2, ws.max_row + 1):
        if str(ws.cell(row, id_col).value) == pupil_id:
            ws.cell(row, missed_col).value = missed
    book.save(path)


def test_an_earlier_out_file_is_the_previous_run(small, tmp_path, capsys):
    """Without Excel, `--out` carries statuses, typed notes and plans from one run to the next."""
    out = tmp_path / "flags.xlsx"
    assert main(["flag", str(small), "--out", str(out), "--today", TODAY]) == 0
    risk_name = sheet("risk").name.ru
    book = openpyxl.load_workbook(out)
    ws = book[risk_name]
    actions = [c.value for c in ws[1]].index(sheet("risk").column("actions").header.ru) + 1
    ws.cell(2, actions).value = "Беседа с мамой 10.11"  # pupil 4, who stays flagged
    book.save(out)
    _rewrite_register_attendance(small, "1", 2)  # pupil 1 now attends: resolved
    _rewrite_register_attendance(small, "5", 20)  # pupil 5 now misses 20%: new
    capsys.readouterr()

    assert main(["flag", str(small), "--out", str(out), "--json", "--today", TODAY]) == 0
    result = json.loads(capsys.readouterr().out)
    statuses = {r["pupil_id"]: r["status"] for r in result["rows"]}
    assert statuses == {"4": "continuing", "3": "continuing", "5": "new", "1": "resolved"}
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name(risk_name)
    by_id = {r[0]: r for r in rows.to_python()[1:]}
    assert by_id["4"][actions - 1] == "Беседа с мамой 10.11"
    plans = python_calamine.CalamineWorkbook.from_path(str(out))
    plan_ids = [r[0] for r in plans.get_sheet_by_name(sheet("plans").name.ru).to_python()[1:]]
    assert sorted(plan_ids) == ["1", "3", "4", "5"]  # run 1's three plans kept, one new


def test_out_never_overwrites_another_workbook(small, tmp_path, capsys):
    copy = tmp_path / "copy_of_register.xlsx"
    shutil.copy(small, copy)
    junk = tmp_path / "notes.xlsx"
    junk.write_bytes(b"not a workbook")
    for target in (copy, junk):
        before = digest(target)
        assert main(["flag", str(small), "--out", str(target), "--today", TODAY]) == 2
        assert "это не список СРП, записанный socpass" in capsys.readouterr().err
        assert digest(target) == before


def test_out_refuses_to_overwrite_the_register(small, capsys):
    before = digest(small)
    assert main(["flag", str(small), "--out", str(small), "--today", TODAY]) == 2
    assert "реестр не изменяется" in capsys.readouterr().err
    assert digest(small) == before


def test_bad_period_is_refused(small, capsys):
    assert main(["flag", str(small), "--period", "month:7"]) == 2
    assert "Неверный период: «month:7»" in capsys.readouterr().err


def test_register_with_errors_exits_1_naming_the_cell(small, tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    shutil.copy(small, broken)
    wb = openpyxl.load_workbook(broken)
    wb[sheet("attendance").name.ru]["F2"] = 500  # more lessons missed than planned
    wb.save(broken)
    before = digest(broken)
    assert main(["flag", str(broken), "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert "Посещаемость, строка 2" in err
    assert digest(broken) == before


@pytest.mark.slow
def test_bad_school_year_is_a_message_not_a_traceback(tmp_path):
    data = register([pupil("1")])
    frames = {k: v.drop(columns="_row") for k, v in data.frames.items()}
    path = write_register(tmp_path / "r.xlsx", "kk", frames, data.settings)
    wb = openpyxl.load_workbook(path)
    settings = wb[sheet("settings").name.kk]
    row = next(
        r for r in range(2, settings.max_row + 1) if settings.cell(r, 4).value == "school_year"
    )
    settings.cell(row, 2).value = "биылғы жыл"
    wb.save(path)
    run = run_socpass("flag", path)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"Баптаулар, {row}-жол" in run.stderr and "«биылғы жыл» — оқу жылы емес" in run.stderr


def test_empty_previous_state_and_nobody_at_risk(tmp_path, capsys):
    data = register([pupil("1")], risk=frame("risk"))
    frames = {k: v.drop(columns="_row") for k, v in data.frames.items()}
    path = write_register(tmp_path / "r.xlsx", "kk", frames, data.settings)
    assert main(["flag", str(path), "--today", TODAY]) == 0
    assert "ЕАЖ тізімінде ешкім жоқ." in capsys.readouterr().out
