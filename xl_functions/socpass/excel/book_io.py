"""Reading the register from an open workbook (desktop Excel, Office.js, or xlwings' remote engine).

One bulk read per sheet (its used range), then the same `register_from_values` the file reader
uses, so a button in Excel sees exactly the data and findings that `socpass validate` reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.reader import is_register_sheet, register_from_values
from ..core.register import RegisterData

if TYPE_CHECKING:
    import xlwings as xw


def sheet_values(sheet: xw.Sheet) -> list[list[object]]:
    """The sheet's cells anchored at A1 (as calamine returns them), read in one operation.

    The used range may start below or right of A1 (a title row deleted, a table moved); padding
    with empty rows and columns keeps Excel row numbers and column letters right in findings.
    """
    used = sheet.used_range
    values = used.options(ndim=2).value or []
    top, left = used.row - 1, used.column - 1
    width = left + max((len(r) for r in values), default=0)
    return [[None] * width for _ in range(top)] + [[None] * left + list(r) for r in values]


def register_from_book(book: xw.Book) -> RegisterData:
    """The register in `book`: every sheet the schema knows, read in bulk and checked."""
    sheets = {s.name: sheet_values(s) for s in book.sheets if is_register_sheet(s.name)}
    return register_from_values(sheets, source=Path(book.fullname))
