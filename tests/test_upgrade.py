"""`socpass upgrade`: the data moves into a fresh workbook, cell for cell, with a backup kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from socpass.cli import main
from socpass.core.schema import SHEETS
from socpass.demo import generate_demo
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register


def cells_by_header(path: Path) -> dict[str, dict[str, list[object]]]:
    """Sheet -> header -> the column's values below the header (trailing blanks dropped)."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    out: dict[str, dict[str, list[object]]] = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        columns: dict[str, list[object]] = {}
        for j, header in enumerate(rows[0] if rows else []):
            values = [r[j] if j < len(r) else "" for r in rows[1:]]
            while values and values[-1] == "":
                values.pop()
            if header != "" or values:
                columns[str(header)] = values
        out[name] = columns
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frames, settings = generate_demo(pupils=150, seed=11, lang="kk")
    return write_register(tmp_path_factory.mktemp("upgrade") / "demo.xlsm", "kk", frames, settings)


@pytest.mark.slow
def test_upgrade_keeps_every_cell_of_every_sheet(tmp_path: Path, demo: Path, capsys) -> None:
    path = tmp_path / "register.xlsm"
    path.write_bytes(demo.read_bytes())
    before = cells_by_header(path)
    assert main(["upgrade", str(path)]) == 0
    [backup] = tmp_path.glob("register.bak-*.xlsm")
    assert backup.read_bytes() == demo.read_bytes()
    after = cells_by_header(path)
    data_sheets = [s.name("kk") for s in SHEETS if s.columns]
    assert sum(len(before[n].get(next(iter(before[n])), [])) for n in data_sheets) > 500
    for name in data_sheets:
        assert after[name] == before[name], name
    with zipfile.ZipFile(path) as package:
        assert "xl/vbaProject.bin" in package.namelist()
    assert backup.name in capsys.readouterr().out


@pytest.mark.slow
def test_bad_cells_and_own_columns_are_carried_over(tmp_path: Path, demo: Path) -> None:
    book = openpyxl.load_workbook(demo, keep_vba=True)
    ws = book["Оқушылар"]
    headers = [c.value for c in ws[1]]
    birth = headers.index("Туған күні") + 1
    ws.cell(2, birth).value = "31.02.2015"  # does not parse: an error the user must still see
    notes = ws.max_column + 1
    ws.cell(1, notes).value = "Ескертпе"  # the school's own column
    ws.cell(3, notes).value = "анасымен сөйлесу"
    ws.cell(4, notes).value = 42
    path = tmp_path / "old.xlsx"
    book.save(path)
    errors_before = [(f.sheet, f.row, f.column) for f in read_register(path).errors]
    assert errors_before == [("Оқушылар", 2, "Туған күні")]

    assert main(["upgrade", str(path)]) == 0
    assert len(list(tmp_path.glob("old.bak-*.xlsx"))) == 1
    after = cells_by_header(path)["Оқушылар"]
    assert after["Туған күні"][0] == "31.02.2015"
    assert after["Ескертпе"][:3] == ["", "анасымен сөйлесу", 42]
    assert [(f.sheet, f.row, f.column) for f in read_register(path).errors] == errors_before
    table_ref = openpyxl.load_workbook(path)["Оқушылар"].tables["Pupils"].ref
    assert table_ref.split(":")[1].rstrip("0123456789") == openpyxl.utils.get_column_letter(notes)

    assert main(["upgrade", str(path)]) == 0  # a second upgrade keeps the first backup
    assert len(list(tmp_path.glob("old.bak-*.xlsx"))) == 2


def test_not_a_register_is_refused_clearly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    assert main(["upgrade", str(path), "--lang", "ru"]) == 2
    assert "notes.xlsx" in capsys.readouterr().err
    assert path.read_text() == "not a workbook"
    assert list(tmp_path.glob("notes.bak*")) == []
