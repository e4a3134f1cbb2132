"""The register in a workbook open in Excel (desktop Excel, Office.js, or xlwings' remote engine):
read it in bulk, and find its sheets, Tables and columns to write into.

One bulk read per sheet (its used range), then the same `register_from_values` the file reader
uses, so a button in Excel sees exactly the data and findings that `socpass validate` reports.
Sheets and columns are found as the reader finds them (either language, known header variants),
so a button writes into the register the pedagogue has, not into the template it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.reader import is_register_sheet, register_from_values
from ..core.register import RegisterData
from ..core.schema import (
    Lang,
    header_variants,
    normalize_header,
    normalize_label,
    sheet,
    sheet_for_name,
)

if TYPE_CHECKING:
    import xlwings as xw


def sheet_values(ws: xw.Sheet) -> list[list[object]]:
    """The sheet's cells anchored at A1 (as calamine returns them), read in one operation.

    The used range may start below or right of A1 (a title row deleted, a table moved); padding
    with empty rows and columns keeps Excel row numbers and column letters right in findings.
    """
    used = ws.used_range
    values = used.options(ndim=2).value or []
    top, left = used.row - 1, used.column - 1
    width = left + max((len(r) for r in values), default=0)
    return [[None] * width for _ in range(top)] + [[None] * left + list(r) for r in values]


def register_from_book(book: xw.Book) -> RegisterData:
    """The register in `book`: every sheet the schema knows, read in bulk and checked (a hidden
    copy never in place of the visible sheet, as from a file)."""
    wanted = [s for s in book.sheets if is_register_sheet(s.name)]
    sheets = {s.name: sheet_values(s) for s in wanted}
    hidden = {s.name for s in wanted if not s.visible}
    return register_from_values(sheets, source=Path(book.fullname), hidden=hidden)


def find_sheet(book: xw.Book, key: str) -> xw.Sheet | None:
    """The workbook's sheet for a schema sheet key (named in either language), if any."""
    for ws in book.sheets:
        found = sheet_for_name(ws.name)
        if found is not None and found.key == key:
            return ws
    return None


def sheet_or_new(book: xw.Book, key: str, lang: Lang) -> tuple[xw.Sheet, bool]:
    """The sheet for `key`, or a new one at the end (True when it was created)."""
    ws = find_sheet(book, key)
    if ws is not None:
        return ws, False
    return book.sheets.add(sheet(key).name(lang), after=book.sheets[len(book.sheets) - 1]), True


def find_table(ws: xw.Sheet, key: str) -> Any | None:
    """The sheet's Excel Table for `key` (by the schema's table name, else the sheet's only one)."""
    tables = list(ws.tables)
    wanted = normalize_label(sheet(key).table)
    return next((t for t in tables if normalize_label(t.name) == wanted), None) or (
        tables[0] if tables else None
    )


#: First characters that make Excel read typed text as something else: a formula (= + - @) or,
#: for the apostrophe, the text prefix itself.
_NOT_TEXT_START = tuple("=+-@'")


def as_typed_text(value: object) -> object:
    """A value for a range write, with text kept as text: Excel (desktop and Office.js alike)
    reads a written string as if typed, so "=HYPERLINK(…)" would become a live formula and
    "00123" the number 123. Such strings get Excel's text prefix, an apostrophe, which Excel
    does not keep in the value (it reads back as written) and shows nowhere but the formula bar."""
    if isinstance(value, str) and value and (value.startswith(_NOT_TEXT_START) or _numeric(value)):
        return "'" + value
    return value


def text_rows(rows: list[list[object]]) -> list[list[object]]:
    """`as_typed_text` over every cell of `rows`."""
    return [[as_typed_text(v) for v in row] for row in rows]


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return False
    return True


def header_keys(header: list[object], key: str) -> list[str | None]:
    """The schema column (or lookup) key of each header cell (None for the user's own columns),
    without the trailing unknown ones."""
    variants = {c.key: header_variants(c) for c in sheet(key).layout()}
    keys: list[str | None] = []
    for cell in header:
        text = normalize_header(cell)
        keys.append(next((k for k, names in variants.items() if text and text in names), None))
    while keys and keys[-1] is None:
        keys.pop()
    return keys
