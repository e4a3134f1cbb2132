"""The Close-year button's writes in the open workbook: the new History rows and the next year.

The new rows go in one range write below the History table's last filled row (the Table resized
over them), and the Settings' school year is one cell write. Nothing is saved: Excel cannot undo
a macro's writes, so the message tells the pedagogue to save, or to close without saving to undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..core.findings import SocpassError
from ..core.register import ROW
from ..core.schema import Lang, Text, normalize_label, sheet
from .book_io import as_typed_text, find_sheet, find_table, header_keys, text_rows

if TYPE_CHECKING:
    import xlwings as xw

NO_TABLE = Text(
    "«{sheet}» парағында {table} кестесі табылмады; ештеңе өзгертілген жоқ.",
    "На листе «{sheet}» не найдена таблица {table}; ничего не изменено.",
)


def table_of(book: xw.Book, key: str, lang: Lang) -> tuple[xw.Sheet, Any]:
    """The sheet and Excel Table of a schema sheet, or a clear refusal (exit 2)."""
    ws = find_sheet(book, key)
    table = find_table(ws, key) if ws is not None else None
    if ws is None or table is None:
        s = sheet(key)
        raise SocpassError(NO_TABLE, exit_code=2, sheet=s.name(lang), table=s.table)
    return ws, table


def append_history(book: xw.Book, history: pd.DataFrame, rows: pd.DataFrame, lang: Lang) -> None:
    """The new rows in one write below the last filled row; the Table grows to cover them.

    `history` is the History frame as read (its `_row`s say where the last filled row is)."""
    ws, table = table_of(book, "history", lang)
    top, left = table.range.row, table.range.column
    header = list(table.header_row_range.value)
    keys = header_keys(header, "history")
    labels = {c.key: c.label(lang) for c in sheet("history").column("metric").choices}

    def cell(record: dict[str, object], key: str | None) -> object:
        value = record.get(key) if key else None
        if key == "metric":
            return labels[str(value)]
        return None if value is None or pd.isna(value) else value

    values = [[cell(rec, k) for k in keys] for rec in rows.to_dict("records")]
    start = int(history[ROW].max()) + 1 if len(history) else top + 1
    last = start + len(values) - 1
    if last > table.range.last_cell.row:
        table.resize(ws.range((top, left), (last, left + len(header) - 1)))
    ws.range((start, left)).value = text_rows(values)


def set_school_year(book: xw.Book, settings: pd.DataFrame, school_year: str, lang: Lang) -> None:
    """Write the school year into the Settings row whose key is school_year (or add that row)."""
    ws, table = table_of(book, "settings", lang)
    top, left = table.range.row, table.range.column
    header = list(table.header_row_range.value)
    keys = header_keys(header, "settings")
    value_col = left + keys.index("value")
    found = settings[settings["key"].map(normalize_label) == "school_year"]
    if len(found):  # the row the reader used
        ws.range((int(found[ROW].iloc[0]), value_col)).value = as_typed_text(school_year)
        return
    row = int(settings[ROW].max()) + 1 if len(settings) else top + 1
    table.resize(ws.range((top, left), (row, left + len(header) - 1)))
    ws.range((row, left + keys.index("key"))).value = "school_year"
    ws.range((row, value_col)).value = as_typed_text(school_year)
