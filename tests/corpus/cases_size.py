"""Sheets that reach the edges of a worksheet: row 1,048,576, column XFD (16,384), the whole sheet.

Real registers get there by accident: a stray keystroke far away, a whole column or the whole
sheet formatted, a value dragged down to the bottom, a Table stretched to the last row. socpass
must read them within 2 GiB and 120 s, or say in one line that it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from socpass.core.schema import MONTHS

from .bases import base_parts, letter, name, write_broken
from .model import OK, case, error, everywhere, findings, readable, unusable
from .zipxml import (
    column_letter,
    edit_sheet,
    set_cells,
    set_dimension,
    sheet_parts,
    text_cell,
    write_streamed,
)

LAST_ROW, LAST_COL = 1_048_576, "XFD"
ATTENDANCE_ROWS = 360  # the demo's attendance rows: Excel rows 2..361


def _too_big_or(where) -> dict:
    """A far cell with data: the finding on its row, or one line saying the sheet is too large."""
    return everywhere(findings(where), unusable(), upgrade=(OK, unusable()))


@case(
    _too_big_or(error(name("pupils"), LAST_ROW)),
)
def stray_value_at_xfd1048576(folder: Path) -> Path:
    """One "x" typed at XFD1048576 of the Pupils sheet (Ctrl+End, then a stray keystroke)."""
    parts = base_parts()
    ref = f"{LAST_COL}{LAST_ROW}"
    edit_sheet(parts, name("pupils"), lambda x: set_cells(x, {ref: text_cell(ref, "x")}))
    return write_broken(folder / "register.xlsx", parts)


@case(_too_big_or(error(name("behaviour"), LAST_ROW)))
def stray_value_at_a1048576(folder: Path) -> Path:
    """One value in the last row of the Behaviour sheet's first column (Ctrl+Down, then typing)."""
    parts = base_parts()
    ref = f"A{LAST_ROW}"
    edit_sheet(parts, name("behaviour"), lambda x: set_cells(x, {ref: text_cell(ref, "x")}))
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def stray_value_far_in_control_sheet(folder: Path) -> Path:
    """A value at XFD1048576 on the Control sheet, which socpass does not read."""
    parts = base_parts()
    ref = f"{LAST_COL}{LAST_ROW}"
    edit_sheet(parts, name("control"), lambda x: set_cells(x, {ref: text_cell(ref, "x")}))
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def dimension_whole_sheet(folder: Path) -> Path:
    """The Pupils sheet's stored used range is A1:XFD1048576 (whole sheet selected and formatted)."""
    parts = base_parts()
    edit_sheet(parts, name("pupils"), lambda x: set_dimension(x, f"A1:{LAST_COL}{LAST_ROW}"))
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def cols_whole_sheet(folder: Path) -> Path:
    """One <col min=1 max=16384> style over the Pupils sheet: every column formatted."""
    parts = base_parts()
    cols = '<cols><col min="1" max="16384" width="14" style="3" customWidth="1"/></cols>'
    edit_sheet(parts, name("pupils"), lambda x: re.sub(r"<cols>.*?</cols>", cols, x, flags=re.S))
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def styled_empty_cell_at_xfd1048576(folder: Path) -> Path:
    """An empty but formatted cell at XFD1048576 (a fill colour put on the last cell)."""
    parts = base_parts()
    ref = f"{LAST_COL}{LAST_ROW}"
    edit_sheet(parts, name("pupils"), lambda x: set_cells(x, {ref: f'<c r="{ref}" s="3"/>'}))
    return write_broken(folder / "register.xlsx", parts)


@case(
    readable(),
)
def empty_text_formula_at_xfd1048576(folder: Path) -> Path:
    """A formula returning "" at XFD1048576 (=IF(…;"") copied to the last cell): a cell that
    holds a value, though the value is empty."""
    parts = base_parts()
    ref = f"{LAST_COL}{LAST_ROW}"
    cell = f'<c r="{ref}" t="str"><f>""</f><v></v></c>'
    edit_sheet(parts, name("pupils"), lambda x: set_cells(x, {ref: cell}))
    return write_broken(folder / "register.xlsx", parts)


def _streamed_sheet(folder: Path, sheet_key: str, rows: Iterator[bytes]) -> Path:
    """The register with extra rows streamed into one sheet after its data."""
    parts = base_parts()
    part = sheet_parts(parts)[name(sheet_key)]
    xml = parts[part]
    xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:F{LAST_ROW}"/>'.encode(), xml)
    at = xml.index(b"</sheetData>")
    chunks = [xml[:at], *rows, xml[at:]]
    return write_streamed(folder / "register.xlsx", parts, part, chunks)


def _batched(make_row, first: int, last: int, batch: int = 20_000) -> Iterator[bytes]:
    for start in range(first, last + 1, batch):
        stop = min(start + batch, last + 1)
        yield "".join(make_row(r) for r in range(start, stop)).encode()


@case(readable())
def rows_formatted_to_bottom(folder: Path) -> Path:
    """Every empty row of the Attendance sheet down to 1,048,576 formatted (a whole-row fill)."""
    first = ATTENDANCE_ROWS + 2
    rows = _batched(lambda r: f'<row r="{r}" s="3" customFormat="1"/>', first, LAST_ROW)
    return _streamed_sheet(folder, "attendance", rows)


@case(
    everywhere(
        findings(error(name("attendance"), ATTENDANCE_ROWS + 2, "A", "required_empty")),
        unusable(),
        upgrade=(OK, unusable()),
    ),
)
def rows_1048576_filled_down(folder: Path) -> Path:
    """The Attendance month column filled down to row 1,048,576 (the fill handle double-clicked
    past the table): a sheet of 1,048,576 rows, each with a month but no pupil."""
    month = MONTHS[0].label("kk")
    col = letter("attendance", "month")
    first = ATTENDANCE_ROWS + 2
    rows = _batched(
        lambda r: f'<row r="{r}"><c r="{col}{r}" t="inlineStr"><is><t>{month}</t></is></c></row>',
        first,
        LAST_ROW,
    )
    return _streamed_sheet(folder, "attendance", rows)


@case(readable())
def header_to_column_xfd(folder: Path) -> Path:
    """The Recommendations header row continued with the school's own headers from B to XFD:
    all 16,384 columns used (a header filled right to the end of the sheet)."""
    parts = base_parts()
    cells = {
        f"{column_letter(i)}1": text_cell(f"{column_letter(i)}1", f"Өз бағаным {i}")
        for i in range(1, 16384)
    }

    def edit(xml: str) -> str:
        row = re.search(r'<row r="1"[^>]*>.*?</row>', xml, re.S).group(0)
        extra = "".join(cells.values())
        xml = xml.replace(row, row[: -len("</row>")] + extra + "</row>")
        return set_dimension(xml, "A1:XFD10")

    edit_sheet(parts, name("recommendations"), edit)
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def history_table_to_bottom(folder: Path) -> Path:
    """The History Table (ListObject) stretched to row 1,048,576 (Resize Table to the end)."""
    parts = base_parts()
    for part, data in parts.items():
        if part.startswith("xl/tables/") and b'name="History"' in data:
            parts[part] = re.sub(rb'ref="A1:D\d+"', f'ref="A1:D{LAST_ROW}"'.encode(), data)
    return write_broken(folder / "register.xlsx", parts)
