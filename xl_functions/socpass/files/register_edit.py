"""Edit the tables of an existing register workbook, in memory: the closed year's rows appended
to History (close-year), rows changed or added anywhere (`apply_row_edits`: collecting class forms,
importing journal exports).

The register is the pedagogue's own file, so it is edited as it is (openpyxl, VBA kept for .xlsm)
rather than rebuilt: new rows go below a Table's last filled row, take that row's style and
formulas (the names beside ids) and the Table is extended over them; other cells keep theirs.
The edit takes the workbook's bytes and gives new bytes (`files.openpyxl_memory`: no temporary file holds the register, not even an
encrypted one's plain content); `files.register_file` writes them through the one write path.
Cells already in the workbook keep their type: a name typed as "=HYPERLINK(…)" stays text.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass

import openpyxl
import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from ..core.findings import SocpassError
from ..core.schema import (
    Lang,
    Sheet,
    Text,
    header_variants,
    normalize_header,
    normalize_label,
    sheet,
)
from ..core.values import CellError, as_typed, comparable, convert, is_blank
from .openpyxl_memory import workbook_bytes
from .package import check_sizes
from .workbook_file import CORRUPTED

NO_TABLE = Text(
    "«{sheet}» парағында {table} кестесі табылмады; файл өзгертілген жоқ.",
    "На листе «{sheet}» не найдена таблица {table}; файл не изменён.",
)
CANNOT_EDIT = Text(
    "socpass «{file}» файлына жаза алмайды: оның ішкі құрылымы Excel сақтағандай емес (оқуға "
    "болады, өзгертуге болмайды). Файлды Excel-де ашып, қайта сақтаңыз да, қайталаңыз. Файл "
    "өзгертілген жоқ.",
    "socpass не может записать в файл «{file}»: его внутреннее устройство не такое, каким его "
    "сохраняет Excel (читать можно, изменять нельзя). Откройте файл в Excel, сохраните заново и "
    "повторите. Файл не изменён.",
)
NO_COLUMN = Text(
    "«{sheet}» парағының {table} кестесінде «{header}» бағаны жоқ; файл өзгертілген жоқ.",
    "В таблице {table} на листе «{sheet}» нет столбца «{header}»; файл не изменён.",
)


def append_history(
    data: bytes, file: str, rows: pd.DataFrame, lang: Lang, next_school_year: str | None
) -> bytes:
    """The workbook `data` with `rows` (History keys) below the History table and the next
    school year set; `file` names it in messages. Metrics are written as their labels in `lang`,
    as a pedagogue would type them."""
    book = _load(data, file)
    _append_rows(book, rows, lang)
    if next_school_year is not None:
        _set_school_year(book, next_school_year)
    book.calculation.fullCalcOnLoad = True  # the dashboard's formulas see the new rows at once
    return workbook_bytes(book)


def _load(data: bytes, file: str) -> Workbook:
    """The workbook for editing; one that openpyxl cannot take (though a reader could read it)
    is refused in one line (exit 2), after its parts were held to the size limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_sizes(archive, file)
            macros = "xl/vbaProject.bin" in archive.NameToInfo
            if "[Content_Types].xml" not in archive.NameToInfo:  # a part every workbook has
                raise SocpassError(CORRUPTED, file=file, detail="no [Content_Types].xml")
        with warnings.catch_warnings():
            # openpyxl cannot keep whole-column print areas ("$A:$E") and says so on stderr;
            # without one, Excel prints the used range, which is what such an area amounts to.
            warnings.filterwarnings("ignore", "Print area cannot be set", UserWarning)
            return openpyxl.load_workbook(io.BytesIO(data), keep_vba=macros)
    except SocpassError:
        raise
    except Exception as exc:  # openpyxl's XML, zip and model errors: all mean "cannot edit it"
        raise SocpassError(CANNOT_EDIT, exit_code=2, file=file, detail=str(exc)[:200]) from None


def _find_table(book: Workbook, sheet_key: str) -> tuple[Worksheet, Table]:
    """The sheet with the key's Table, a visible one first (as the reader reads it)."""
    s = sheet(sheet_key)
    for ws in sorted(book.worksheets, key=lambda ws: ws.sheet_state != "visible"):
        if s.table in ws.tables:
            return ws, ws.tables[s.table]
    raise SocpassError(NO_TABLE, exit_code=2, sheet=s.name.kk, table=s.table)


def _columns(ws: Worksheet, table: Table, sheet_key: str, keys: tuple[str, ...]) -> dict[str, int]:
    """Schema key -> worksheet column number for the columns `keys`, matched on the Table's
    header row."""
    s = sheet(sheet_key)
    min_col, min_row, max_col, _ = range_boundaries(table.ref)
    headers = {
        normalize_header(ws.cell(min_row, c).value): c
        for c in range(min_col, max_col + 1)
        if ws.cell(min_row, c).value is not None
    }
    found: dict[str, int] = {}
    for col in (s.column(k) for k in keys):
        match = next((headers[v] for v in header_variants(col) if v in headers), None)
        if match is None:
            named_ru = normalize_label(ws.title) == normalize_label(s.name.ru)
            header = col.header("ru" if named_ru else "kk")
            raise SocpassError(NO_COLUMN, exit_code=2, sheet=ws.title, table=s.table, header=header)
        found[col.key] = match
    return found


def _append_rows(book: Workbook, rows: pd.DataFrame, lang: Lang) -> None:
    ws, table = _find_table(book, "history")
    cols = _columns(ws, table, "history", sheet("history").column_keys)
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    last_filled = max(
        (r for r in range(min_row + 1, max_row + 1) if _row_has_values(ws, r, min_col, max_col)),
        default=min_row,
    )
    labels = {c.key: c.label(lang) for c in sheet("history").column("metric").choices}
    style_row = last_filled if last_filled > min_row else None
    for offset, rec in enumerate(rows.to_dict("records"), start=1):
        r = last_filled + offset
        values = {
            "school_year": rec["school_year"],
            "metric": labels[rec["metric"]],
            "pupils": None if pd.isna(rec["pupils"]) else int(rec["pupils"]),
            "families": None if pd.isna(rec["families"]) else int(rec["families"]),
        }
        for key, c in cols.items():
            cell = ws.cell(r, c)
            put(cell, values[key])
            if style_row is not None:
                cell._style = copy(ws.cell(style_row, c)._style)
    new_last = max(max_row, last_filled + len(rows))
    ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{new_last}"
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def put(cell: Cell, value: object) -> None:
    """Set a cell; a string is text even when it starts with "=" (openpyxl would make a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _row_has_values(ws: Worksheet, row: int, min_col: int, max_col: int) -> bool:
    return any(ws.cell(row, c).value not in (None, "") for c in range(min_col, max_col + 1))


def _set_school_year(book: Workbook, school_year: str) -> None:
    ws, table = _find_table(book, "settings")
    cols = _columns(ws, table, "settings", ("key", "value"))
    _, min_row, _, max_row = range_boundaries(table.ref)
    for r in range(min_row + 1, max_row + 1):
        if normalize_label(ws.cell(r, cols["key"]).value) == "school_year":
            put(ws.cell(r, cols["value"]), school_year)
            return
    # no school_year row: the reader used the default, so add the row the reader will find
    r = max_row + 1
    put(ws.cell(r, cols["key"]), "school_year")
    put(ws.cell(r, cols["value"]), school_year)
    min_col, _, max_col, _ = range_boundaries(table.ref)
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{r}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref


@dataclass(frozen=True)
class RowEdit:
    """One row of a register table to change, or to add when no row matches.

    `match` and `values` map schema column keys to typed values as `core.values.convert` gives
    them (a choice's key, a month's number, a `pd.Timestamp` for a date, True/False for yes/no);
    None or NA writes a blank cell. The first row whose `match` cells convert to those values is
    changed; with none, a new row holds `match` and `values` together.
    """

    sheet: str
    match: Mapping[str, object]
    values: Mapping[str, object]


def apply_row_edits(data: bytes, file: str, edits: Sequence[RowEdit], lang: Lang) -> bytes:
    """The workbook `data` with `edits` made (values written as the pedagogue types them in
    `lang`: yes/no and choices as words, dates as dates, text never a formula)."""
    book = _load(data, file)
    by_sheet: dict[str, list[RowEdit]] = {}
    for edit in edits:
        by_sheet.setdefault(edit.sheet, []).append(edit)
    for sheet_key, sheet_edits in by_sheet.items():
        _edit_table(book, sheet_key, sheet_edits, lang)
    book.calculation.fullCalcOnLoad = True  # formulas (dashboard, names beside ids) see the edits
    return workbook_bytes(book)


def _edit_table(book: Workbook, sheet_key: str, edits: list[RowEdit], lang: Lang) -> None:
    ws, table = _find_table(book, sheet_key)
    s = sheet(sheet_key)
    keys = tuple(dict.fromkeys(k for e in edits for k in (*e.match, *e.values)))
    cols = _columns(ws, table, sheet_key, keys)
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    filled = [
        r for r in range(min_row + 1, max_row + 1) if _row_has_values(ws, r, min_col, max_col)
    ]
    index: dict[tuple[tuple[str, object], ...], int] = {}
    last = filled[-1] if filled else min_row
    for edit in edits:
        wanted = _match_key(s, edit.match)
        if wanted not in index:  # index the rows by this edit's match columns, once per key set
            for r in filled:
                index.setdefault(_row_key(ws, r, s, cols, edit.match), r)
        row = index.get(wanted)
        if row is None:
            last += 1
            row = last
            _start_row(ws, row, filled[-1] if filled else None, min_col, max_col)
            index[wanted] = row
            for key, value in edit.match.items():
                put(ws.cell(row, cols[key]), as_typed(s.column(key), value, lang))
        for key, value in edit.values.items():
            put(ws.cell(row, cols[key]), as_typed(s.column(key), value, lang))
    if last > max_row:
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last}"
        table.ref = ref
        if table.autoFilter is not None:
            table.autoFilter.ref = ref


def _match_key(s: Sheet, match: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple((k, comparable(s.column(k), v)) for k, v in match.items())


def _row_key(
    ws: Worksheet, row: int, s: Sheet, cols: dict[str, int], match: Mapping[str, object]
) -> tuple[tuple[str, object], ...]:
    key = []
    for k in match:
        raw = ws.cell(row, cols[k]).value
        try:
            value = None if is_blank(raw) else convert(s.column(k), raw)
        except CellError:
            value = raw
        key.append((k, comparable(s.column(k), value)))
    return tuple(key)


def _start_row(ws: Worksheet, row: int, model: int | None, min_col: int, max_col: int) -> None:
    """A new Table row styled as `model` (the last filled one), with its formulas (the names
    beside ids use `[#This Row]`, so the same text works in every row)."""
    if model is None:
        return
    for c in range(min_col, max_col + 1):
        source, cell = ws.cell(model, c), ws.cell(row, c)
        cell._style = copy(source._style)
        if source.data_type == "f":
            cell.value = source.value
