"""User text is written as text everywhere: a pupil named `=HYPERLINK(…)`, a class teacher "+7…",
notes "-…" or "@…" come back as typed from every workbook socpass writes (risk list, close-year,
upgrade, the Flag button), never as a live formula."""

from __future__ import annotations

import shutil
from datetime import date

import openpyxl
import pytest
from socpass.cli import main
from socpass.core.schema import SHEETS, sheet
from socpass.demo import generate_demo
from socpass.excel.macros import flag_at_risk
from socpass.render.lookups import lookup_formula
from socpass.render.workbook import write_register
from support.libreoffice import first_sheet_as_opened
from support.remote_book import apply_actions, book_from_xlsx

pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set")

TODAY = date(2026, 3, 10)
NAMES = (
    '=HYPERLINK("http://x.example","click {i}")',
    "+7 701 000 {i}",
    "-Асанов Бекзат {i}",
    "@Серікқызы Айым {i}",
)
TEACHER = '=HYPERLINK("http://t.example","teacher {i}")'
NOTES = ("=1+1", "-2 кеңес өтті", "@мұғалім", "+ата-анасымен кездесу")


def _hostile(i: int) -> str:
    return NAMES[i % len(NAMES)].format(i=i)


@pytest.fixture
def register(tmp_path):
    frames, settings = generate_demo(120, seed=7, lang="kk")
    pupils = frames["pupils"]
    pupils["full_name"] = [_hostile(i) for i in range(len(pupils))]
    pupils["coordinator"] = [TEACHER.format(i=i % 5) for i in range(len(pupils))]
    if "plans" in frames and len(frames["plans"]):
        names = dict(zip(pupils["id"], pupils["full_name"], strict=True))
        frames["plans"]["full_name"] = frames["plans"]["pupil_id"].map(names).fillna("=SUM(1)")
    return write_register(tmp_path / "register.xlsx", "kk", frames, settings)


def _user_texts(path) -> set[str]:
    texts = {TEACHER.format(i=i) for i in range(5)} | set(NOTES)
    book = openpyxl.load_workbook(path, read_only=True)
    ws = book[sheet("pupils").name("kk")]
    texts |= {row[2] for row in ws.iter_rows(min_row=2, values_only=True) if row[2]}
    return texts


#: socpass' own formulas on the data sheets: the pupil's name and class beside an id.
LOOKUPS = {lookup_formula(sh, lk, "kk") for sh in SHEETS for lk in sh.lookups}


def _formulas(path, skip: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(sheet, cell, formula) of every formula cell but socpass' own name and class lookups,
    leaving out the sheets in `skip`."""
    book = openpyxl.load_workbook(path)
    return [
        (ws.title, cell.coordinate, str(cell.value))
        for ws in book.worksheets
        if ws.title not in skip
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" and cell.value not in LOOKUPS
    ]


def _texts(path) -> set[str]:
    book = openpyxl.load_workbook(path)
    return {
        cell.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "s" and isinstance(cell.value, str)
    }


def test_the_risk_list_holds_names_teachers_and_typed_notes_as_text(register, tmp_path, capsys):
    risk = tmp_path / "risk.xlsx"
    assert main(["flag", str(register), "--out", str(risk), "--today", TODAY.isoformat()]) == 0
    assert _formulas(risk) == []
    flagged = _texts(risk) & _user_texts(register)
    assert any(t.startswith("=HYPERLINK") for t in flagged)
    assert any(t.startswith("=HYPERLINK") and "teacher" in t for t in flagged)

    # the pedagogue types notes that look like formulas into «Жұмыс барысы», as text
    book = openpyxl.load_workbook(risk)
    ws = book[sheet("risk").name("kk")]
    column = sheet("risk").column_keys.index("actions") + 1
    for row, note in enumerate(NOTES, start=2):
        ws.cell(row, column).value = note
        ws.cell(row, column).data_type = "s"
    book.save(risk)

    assert main(["flag", str(register), "--out", str(risk), "--today", TODAY.isoformat()]) == 0
    assert _formulas(risk) == []
    assert set(NOTES) <= _texts(risk)


def test_close_year_and_upgrade_keep_user_text_as_text(register, tmp_path, capsys):
    user = _user_texts(register)
    control = (sheet("control").name("kk"),)  # the dashboard's own formulas live there
    assert main(["close-year", str(register), "--today", "2026-06-01"]) == 0
    assert _formulas(register, skip=control) == []
    assert user <= _texts(register) | set(NOTES)
    assert main(["upgrade", str(register)]) == 0
    assert _formulas(register, skip=control) == []
    assert user <= _texts(register) | set(NOTES)


def test_the_flag_button_writes_names_with_excels_text_prefix(register, tmp_path):
    book = book_from_xlsx(register)
    flag_at_risk(book, today=TODAY)
    written = [
        value
        for action in book.json()["actions"]
        if action["func"] == "setValues"
        for row in action["values"]
        for value in row
        if isinstance(value, str)
    ]
    hostile = [v for v in written if v.lstrip("'")[:1] in tuple("=+-@")]
    assert hostile and all(v.startswith("'") for v in hostile)
    played = apply_actions(register, book, tmp_path / "after_button.xlsx")
    control = (sheet("control").name("kk"),)
    assert _formulas(played, skip=control) == []
    assert any(t.startswith("=HYPERLINK") for t in _texts(played))


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_names_as_typed(register, tmp_path, capsys):
    risk = tmp_path / "risk.xlsx"
    assert main(["flag", str(register), "--out", str(risk), "--today", TODAY.isoformat()]) == 0
    shown = first_sheet_as_opened(risk, tmp_path)
    keys = sheet("risk").column_keys
    names = [row[keys.index("full_name")] for row in shown[1:]]
    teachers = [row[keys.index("coordinator")] for row in shown[1:]]
    assert names and set(names) <= _user_texts(register)
    assert any(n.startswith('=HYPERLINK("http://x.example"') for n in names)
    assert all(t.startswith('=HYPERLINK("http://t.example"') for t in teachers)
