"""The class teachers' forms as a class teacher gets them: one per class, in the register's
language, pre-filled, with the register's dropdowns, only ids and names locked, text as text,
printable, carrying what they were issued with."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from socpass.cli import main
from socpass.core.class_form import FILE_NAME, META_SHEET, NEW_ROWS, PUPIL_FIELDS
from socpass.demo import generate_demo
from socpass.files.class_form import read_class_form
from socpass.render.workbook import write_register

FORMULA_NAME = '=HYPERLINK("http://example.com","click")'


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> tuple[pd.DataFrame, object]:
    frames, settings = generate_demo(120, seed=5, lang="ru")
    pupils = frames["pupils"].copy()
    first = pupils.index[(pupils["class"] == "1А") & pupils["left"].isna()][0]
    pupils.loc[first, "full_name"] = FORMULA_NAME
    frames["pupils"] = pupils
    folder = tmp_path_factory.mktemp("forms")
    register = write_register(folder / "register.xlsx", "ru", frames, settings)
    out = folder / "out"
    assert main(["class-forms", str(register), "--out", str(out), "--class", "1a,2 А"]) == 0
    return pupils, out


def test_one_form_per_class_asked(forms) -> None:
    _, out = forms
    assert sorted(p.name for p in out.iterdir()) == [
        FILE_NAME("ru").format(cls="1А"),
        FILE_NAME("ru").format(cls="2А"),
    ]


def test_prefilled_in_the_registers_language(forms) -> None:
    pupils, out = forms
    path = out / FILE_NAME("ru").format(cls="1А")
    book = openpyxl.load_workbook(path)
    assert [ws.title for ws in book.worksheets if ws.sheet_state == "visible"] == [
        "Учащиеся",
        "Посещаемость",
        "Успеваемость",
    ]
    ws = book["Учащиеся"]
    expected = pupils[(pupils["class"] == "1А") & pupils["left"].isna()]
    assert [ws.cell(r, 1).value for r in range(2, 2 + len(expected))] == list(expected["id"])
    assert ws.cell(2, 2).value == FORMULA_NAME and ws.cell(2, 2).data_type == "s"  # text as text
    assert ws.cell(2 + len(expected), 2).value is None  # the first of NEW_ROWS empty rows
    assert book["Посещаемость"].cell(2 + len(expected) + NEW_ROWS, 2).value is not None
    assert book[META_SHEET].sheet_state == "veryHidden"
    assert all(
        book[name].sheet_state == "veryHidden"
        for name in book.sheetnames
        if name.startswith("_issued_")
    )
    form = read_class_form(path)
    assert (form.class_name, form.lang, form.findings) == ("1А", "ru", [])
    assert [e.pupil_id for e in form.entries] == [e.pupil_id for e in form.issued]


def test_only_ids_and_names_locked(forms) -> None:
    pupils, out = forms
    book = openpyxl.load_workbook(out / FILE_NAME("ru").format(cls="2А"))
    ws = book["Учащиеся"]
    assert ws.protection.sheet and not ws.protection.password
    count = int(((pupils["class"] == "2А") & pupils["left"].isna()).sum())
    assert ws.cell(2, 1).protection.locked and ws.cell(2, 2).protection.locked
    assert not ws.cell(2, 3 + PUPIL_FIELDS.index("phone")).protection.locked
    new_row = 2 + count  # an empty row for a pupil who comes: the name is open
    assert not ws.cell(new_row, 2).protection.locked
    grid = book["Посещаемость"]
    assert grid.protection.sheet
    assert not grid.cell(3, 3).protection.locked and grid.cell(3, 1).protection.locked


def test_dropdowns_help_and_print(forms) -> None:
    _, out = forms
    book = openpyxl.load_workbook(out / FILE_NAME("ru").format(cls="1А"))
    ws = book["Учащиеся"]
    column = openpyxl.utils.get_column_letter(3 + PUPIL_FIELDS.index("cat_orphan"))
    rules = [dv for dv in ws.data_validations.dataValidation if column in str(dv.sqref)]
    assert rules and rules[0].type == "list" and "да" in rules[0].formula1
    assert rules[0].prompt  # the register's input help
    for sheet in ("Учащиеся", "Посещаемость", "Успеваемость"):
        ws = book[sheet]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage  # one page wide


def test_forms_already_in_the_folder_are_never_written_over(forms, capsys) -> None:
    _, out = forms
    returned = out / FILE_NAME("ru").format(cls="1А")
    before = returned.read_bytes()
    register = out.parent / "register.xlsx"
    capsys.readouterr()
    assert (
        main(["class-forms", str(register), "--out", str(out), "--class", "1А", "--class", "3А"])
        == 2
    )
    assert "уже есть формы: 1А_форма_класса.xlsx" in capsys.readouterr().err
    assert returned.read_bytes() == before
    assert not (out / FILE_NAME("ru").format(cls="3А")).exists()
