"""Row edits (`files.register_edit.RowEdit`) made in the workbook open in Excel: the Collect
class forms button's writes.

A row is found as the file edit finds it (the first whose match cells hold the typed values; the
rows and their Excel row numbers are the register as read), else added below the Table's last
filled row, the Table grown over the new rows (Excel fills their lookup formulas in). Values are
written as the pedagogue types them (`core.values.as_typed`), text kept as text. Nothing is
saved: the pedagogue saves the workbook, or closes it without saving to undo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..core.register import ROW, RegisterData
from ..core.schema import Lang, Sheet, sheet
from ..core.values import as_typed, comparable
from .book_io import as_typed_text, header_keys
from .history_sheet import table_of

if TYPE_CHECKING:
    import xlwings as xw

    from ..files.register_edit import RowEdit


def apply_book_edits(
    book: xw.Book, register: RegisterData, edits: Sequence[RowEdit], lang: Lang
) -> None:
    """Make `edits` in `book`, whose register as read is `register`."""
    by_sheet: dict[str, list[RowEdit]] = {}
    for edit in edits:
        by_sheet.setdefault(edit.sheet, []).append(edit)
    for key, sheet_edits in by_sheet.items():
        _edit_sheet(book, register, key, sheet_edits, lang)


def _edit_sheet(
    book: xw.Book, register: RegisterData, key: str, edits: list[RowEdit], lang: Lang
) -> None:
    ws, table = table_of(book, key, lang)
    top, left = table.range.row, table.range.column
    header = list(table.header_row_range.value)
    columns = {k: left + i for i, k in enumerate(header_keys(header, key)) if k}
    s, frame = sheet(key), register.frame(key)
    last = int(frame[ROW].max()) if len(frame) else top
    rows: dict[tuple[object, ...], int] = {}
    indexed: set[tuple[str, ...]] = set()
    writes: list[tuple[int, int, object]] = []
    for edit in edits:
        keys = tuple(edit.match)
        if keys not in indexed:  # the rows by this edit's match columns, once per key set
            indexed.add(keys)
            for record in reversed(frame.to_dict("records")):  # the first row wins
                rows[(keys, *_key(s, keys, record))] = int(record[ROW])
        wanted = (keys, *_key(s, keys, edit.match))
        values = dict(edit.values)
        if wanted not in rows:
            last += 1
            rows[wanted] = last
            values = {**edit.match, **values}
        for k, v in values.items():
            writes.append((rows[wanted], columns[k], as_typed(s.column(k), v, lang)))
    if last > table.range.last_cell.row:
        table.resize(ws.range((top, left), (last, left + len(header) - 1)))
    for row, col, value in writes:
        ws.range((row, col)).value = as_typed_text(value)


def _key(s: Sheet, keys: tuple[str, ...], values: Mapping[str, object]) -> tuple[object, ...]:
    return tuple(comparable(s.column(k), values[k]) for k in keys)
