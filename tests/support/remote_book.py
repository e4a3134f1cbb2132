"""Test helper: open an .xlsx/.xlsm as an xlwings *remote* book, the way Excel's add-in would send it.

xlwings' remote engine (`xw.Book(json=payload)`, xlwings 0.37.8, `xlwings/pro/_xlremote.py`) runs
macro code against a JSON snapshot of the workbook that the Office.js / Office Scripts client
posts, and records every write as an *action* (`book.json()["actions"]`) instead of touching a
file. So a macro that takes `book: xw.Book` can be tested on Linux without Excel:

    from support.remote_book import book_from_xlsx

    book = book_from_xlsx(tmp_path / "register.xlsx")
    flag_pupils(book)                      # the macro under test
    actions = book.json()["actions"]       # what it would have written, e.g. {"func": "setValues", ...}

The payload mirrors the client's (see xlwings' `js/xlwings.ts` and its remote-engine tests):

- ``client``/``version``: "Office.js" and the installed xlwings version (the engine checks it);
- ``book``: ``name`` (the file name), ``active_sheet_index``, ``selection`` (an A1 address);
- ``names``: defined names that refer to one range (book- or sheet-scoped), read with openpyxl;
- ``sheets``: per sheet ``name``, ``values`` (from A1 to the last used cell, like the client's
  ``getValues()``: empty cells are ``""``, dates are ISO strings ending in "Z", whole numbers are
  JSON integers), ``used_range_address`` (``None`` for an empty sheet), ``tables`` (Excel Tables
  with their header/body addresses), ``visibility``, and empty ``pictures``/``shapes``/
  ``charts``/``notes``/``pivot_tables``.

The payload goes through a JSON round trip, so the book sees exactly what a real client's request
would give it. Cells are read with python-calamine (cached formula results, like Excel shows them).
"""

from __future__ import annotations

import json
import math
import os
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl  # noqa: E402
import python_calamine  # noqa: E402
import xlwings as xw  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402


def book_from_xlsx(
    path: str | Path, active_sheet: int = 0, selection: str | None = "A1"
) -> xw.Book:
    """An xlwings remote-engine book holding the workbook at `path` (the file is only read)."""
    return xw.Book(json=payload_from_xlsx(path, active_sheet, selection))


def payload_from_xlsx(
    path: str | Path, active_sheet: int = 0, selection: str | None = "A1"
) -> dict:
    """The JSON payload an xlwings client would send for the workbook at `path`."""
    path = Path(path)
    with path.open("rb") as handle:
        workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
        tables = _tables(path)
        sheets = [
            _sheet_payload(workbook.get_sheet_by_name(meta.name), meta, tables.get(meta.name, []))
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    payload = {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": active_sheet, "selection": selection},
        "names": _names(path, [s["name"] for s in sheets]),
        "sheets": sheets,
    }
    return json.loads(json.dumps(payload))


def _sheet_payload(sheet, meta, tables: list[dict]) -> dict:
    rows = sheet.to_python(skip_empty_area=False)
    empty = not any(any(v not in ("", None) for v in row) for row in rows)
    if empty:
        values, used = [[""]], None
    else:
        (top, left), (bottom, right) = sheet.start, sheet.end
        values = [[_json_cell(v) for v in row[: right + 1]] for row in rows[: bottom + 1]]
        used = _address(top, left, bottom, right)
    return {
        "name": meta.name,
        "values": values,
        "used_range_address": used,
        "visibility": str(meta.visible).rsplit(".", 1)[-1],  # "Visible", "Hidden", "VeryHidden"
        "tables": tables,
        "pictures": [],
        "shapes": [],
        "charts": [],
        "notes": [],
        "pivot_tables": [],
        "print_area": None,
        "show_gridlines": True,
    }


def _json_cell(value: object) -> object:
    """A cell as Excel's JavaScript API serialises it."""
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "#NUM!"
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}T00:00:00.000Z"
    if isinstance(value, time):
        return f"1899-12-30T{value:%H:%M:%S}.000Z"
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return value


def _address(top: int, left: int, bottom: int, right: int) -> str:
    """0-based corners -> "B3:F5" (or "B3" for one cell), as the client sends addresses."""
    first = f"{get_column_letter(left + 1)}{top + 1}"
    last = f"{get_column_letter(right + 1)}{bottom + 1}"
    return first if first == last else f"{first}:{last}"


def _tables(path: Path) -> dict[str, list[dict]]:
    """Sheet name -> its Excel Tables as the client describes them (header, body, totals)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
        names = workbook.table_names
    except python_calamine.CalamineError:  # e.g. .xls, which has no Tables
        return {}
    result: dict[str, list[dict]] = {}
    for name in names:
        table = workbook.get_table_by_name(name)
        (top, left), (bottom, right) = table.start, table.end
        header = top - 1  # calamine's start is the first body row
        result.setdefault(table.sheet, []).append(
            {
                "name": name,
                "range_address": _address(header, left, bottom, right),
                "header_row_range_address": _address(header, left, header, right),
                "data_body_range_address": _address(top, left, bottom, right),
                "total_row_range_address": None,
                "show_headers": True,
                "show_totals": False,
                "table_style": "TableStyleMedium2",
                "show_autofilter": True,
            }
        )
    return result


def _names(path: Path, sheet_names: list[str]) -> list[dict]:
    """Defined names that refer to a single range, book-scoped and sheet-scoped."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        scoped = [(None, workbook.defined_names)]
        scoped += [(ws.title, ws.defined_names) for ws in workbook.worksheets]
        result = []
        for scope, names in scoped:
            for name, defined in names.items():
                if name.startswith("_xlnm."):  # Excel's built-in names: not listed by the client
                    continue
                if "!" not in defined.attr_text:  # a Table column (Pupils[ID]), not a sheet range
                    continue
                targets = list(defined.destinations)
                if len(targets) != 1 or targets[0][0] not in sheet_names:
                    continue
                sheet, address = targets[0]
                result.append(
                    {
                        "name": name,
                        "sheet_index": sheet_names.index(sheet),
                        "address": address.replace("$", ""),
                        "scope_sheet_name": scope,
                        "scope_sheet_index": sheet_names.index(scope) if scope else None,
                        "book_scope": scope is None,
                    }
                )
        return result
    finally:
        workbook.close()


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def typed_as_excel(cell, value) -> None:
    """A written value as Excel takes it: "'…" is text without its apostrophe, "=…" a formula
    (openpyxl makes one of a string starting with "="), anything else as it is."""
    if isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]
        cell.data_type = "s"
    else:
        cell.value = value


def apply_actions(path: Path, book, out: Path) -> Path:
    """Play the book's recorded writes onto a copy of `path` (values, clears, table sizes), as
    Excel would take them."""
    wb = openpyxl.load_workbook(path)
    for action in book.json()["actions"]:
        if action["sheet_position"] is None:
            continue
        ws = wb.worksheets[action["sheet_position"]]
        if action["func"] == "setValues":
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    if isinstance(value, str) and _ISO_DATE.match(value):
                        value = date.fromisoformat(value)
                    cell = ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j)
                    typed_as_excel(cell, None if value == "" else value)
        elif action["func"] == "rangeClearContents":
            for i in range(action["row_count"]):
                for j in range(action["column_count"]):
                    ws.cell(
                        action["start_row"] + 1 + i, action["start_column"] + 1 + j
                    ).value = None
        elif action["func"] == "resizeTable":
            table = list(ws.tables.values())[action["args"][0]]
            table.ref = action["args"][1].replace("$", "")
            table.autoFilter.ref = table.ref
    wb.save(out)
    return out
