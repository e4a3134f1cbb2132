"""The Flag button: `flag_at_risk(book)` flags pupils at risk inside the open register.

One bulk read per table (through `book_io.register_from_book`), then a bounded number of writes
whatever the number of pupils: the Risk table in one values write (header + rows, surplus old rows
cleared, the table resized), its fill reset once and set once per tier block (rows are sorted by
tier), one number format for the date columns, and the new plans appended to the Plans table in one
write. The user's `actions` text is carried over by the core. The same function runs under desktop
Excel (`flag_at_risk_caller`, via RunPython), xlwings' Office.js clients and the remote engine.
Sheets without an Excel Table are written with their header in row 1 from column A.
"""

from __future__ import annotations

import contextlib
from datetime import date
from itertools import groupby

import xlwings as xw

from ..core.findings import SocpassError
from ..core.register import ROW
from ..core.risk import RiskResult, flag, message, plan_records, risk_header, risk_values
from ..core.schema import (
    ColType,
    Lang,
    Text,
    header_variants,
    normalize_label,
    sheet,
    sheet_for_name,
)
from ..files.risk_workbook import DATE_FORMAT, ROW_COLORS, row_block
from .book_io import register_from_book

TITLE = Text("Тәуекел тобы", "Группа риска")
HAS_ERRORS = Text(
    "Тізілімде {count} қате бар, тәуекел белгіленбеді. Алдымен түзетіңіз: {first}",
    "В реестре ошибок: {count}, группа риска не отмечена. Сначала исправьте: {first}",
)
WHERE = Text(
    "{sheet}, {row}-жол, «{column}»: {message}", "{sheet}, строка {row}, «{column}»: {message}"
)
#: Columns scanned for a header when a sheet has no Excel Table.
_PLAIN_HEADER_WIDTH = 40


def flag_at_risk(book: xw.Book, today: date | None = None, period: str = "auto") -> str:
    """Flag pupils at risk in `book`; show and return the short report (workbook language)."""
    data = register_from_book(book)
    lang = data.lang
    if data.errors:
        first = data.errors[0]
        text = HAS_ERRORS(lang).format(
            count=len(data.errors),
            first=WHERE(lang).format(
                sheet=first.sheet, row=first.row, column=first.column, message=first.text(lang)
            ),
        )
        return _tell(book, text, lang)
    try:
        result = flag(data, today or date.today(), period)
    except SocpassError as exc:
        return _tell(book, exc.text(lang), lang)
    plans = data.frames.get("plans")
    next_plan_row = int(plans[ROW].max()) + 1 if plans is not None and len(plans) else None
    write_risk(book, result, lang)
    append_plans(book, result, lang, next_plan_row)
    return _tell(book, message(result, lang), lang)


def flag_at_risk_caller() -> None:
    """Entry point for the button (RunPython): the workbook that called."""
    flag_at_risk(xw.Book.caller())


def _tell(book: xw.Book, text: str, lang: Lang) -> str:
    # A client without message boxes: the caller shows the returned text instead.
    with contextlib.suppress(NotImplementedError):
        book.app.alert(text, title=TITLE(lang))
    return text


def _find_sheet(book: xw.Book, key: str) -> xw.Sheet | None:
    for ws in book.sheets:
        found = sheet_for_name(ws.name)
        if found is not None and found.key == key:
            return ws
    return None


def _find_table(ws: xw.Sheet, key: str):
    tables = list(ws.tables)
    wanted = normalize_label(sheet(key).table)
    return next((t for t in tables if normalize_label(t.name) == wanted), None) or (
        tables[0] if tables else None
    )


def _sheet_or_new(book: xw.Book, key: str, lang: Lang) -> tuple[xw.Sheet, bool]:
    ws = _find_sheet(book, key)
    if ws is not None:
        return ws, False
    return book.sheets.add(sheet(key).name(lang), after=book.sheets[len(book.sheets) - 1]), True


def write_risk(book: xw.Book, result: RiskResult, lang: Lang) -> None:
    """The Risk table: header + rows in one write, coloured by tier block."""
    ws, created = _sheet_or_new(book, "risk", lang)
    table = None if created else _find_table(ws, "risk")
    header = risk_header(lang)
    rows = risk_values(result, lang)
    width = len(header)
    if table is not None:
        top, left = table.range.row, table.range.column
        body = table.data_body_range
        old_rows = body.shape[0] if body is not None else 0
    else:
        top, left = 1, 1
        old_rows = 0 if created else max(0, ws.used_range.last_cell.row - top)
    body_rows = max(len(rows), 1)  # an Excel Table keeps at least one data row

    if old_rows > len(rows):
        ws.range((top + 1 + len(rows), left), (top + old_rows, left + width - 1)).clear_contents()
    if table is not None:
        table.resize(ws.range((top, left), (top + body_rows, left + width - 1)))
    ws.range((top, left)).value = [header, *rows]

    painted = max(old_rows, body_rows)
    ws.range((top + 1, left), (top + painted, left + width - 1)).color = None
    blocks = [row_block(r.pupil.tier, r.status) for r in result.rows]
    first = top + 1
    for block, run in groupby(blocks):
        size = len(list(run))
        if ROW_COLORS.get(block):
            ws.range((first, left), (first + size - 1, left + width - 1)).color = ROW_COLORS[block]
        first += size
    if rows:
        for first_col, last_col in _date_column_runs():
            ws.range(
                (top + 1, left + first_col), (top + len(rows), left + last_col)
            ).number_format = DATE_FORMAT


def _date_column_runs() -> list[tuple[int, int]]:
    """(first, last) indices of each run of adjacent date columns of the Risk sheet."""
    runs: list[tuple[int, int]] = []
    for i, col in enumerate(sheet("risk").columns):
        if col.type != ColType.DATE:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _plan_keys(header: list[object]) -> list[str | None]:
    """The schema key of each header cell of the Plans sheet (None for the user's own columns)."""
    variants = {c.key: header_variants(c) for c in sheet("plans").columns}
    keys: list[str | None] = []
    for cell in header:
        text = normalize_label(cell)
        keys.append(next((k for k, names in variants.items() if text and text in names), None))
    while keys and keys[-1] is None:
        keys.pop()
    return keys


def append_plans(book: xw.Book, result: RiskResult, lang: Lang, next_row: int | None) -> None:
    """Append one Plans row per new plan, in the sheet's own column order, in one write."""
    records = plan_records(result)
    if not records:
        return
    outcome = {c.key: c.label(lang) for c in sheet("plans").column("outcome").choices}
    ws, created = _sheet_or_new(book, "plans", lang)
    table = None if created else _find_table(ws, "plans")
    if created:
        keys: list[str | None] = list(sheet("plans").column_keys)
        top, left = 1, 1
    elif table is not None:
        top, left = table.range.row, table.range.column
        keys = _plan_keys(list(table.header_row_range.value))
    else:
        top, left = 1, 1
        keys = _plan_keys(list(ws.range((1, 1), (1, _PLAIN_HEADER_WIDTH)).value))
    if not any(keys):
        keys = list(sheet("plans").column_keys)

    def cell(record: dict[str, object], key: str | None) -> object:
        if key == "outcome":
            return outcome.get(str(record.get(key)), "")
        return record.get(key) if key else None

    rows = [[cell(rec, key) for key in keys] for rec in records]
    start = max(next_row or top + 1, top + 1)
    if created:
        ws.range((top, left)).value = [[sheet("plans").column(k).header(lang) for k in keys], *rows]
        return
    last = start + len(rows) - 1
    if table is not None and last > table.range.last_cell.row:
        table.resize(ws.range((top, left), (last, left + len(table.header_row_range.value) - 1)))
    ws.range((start, left)).value = rows
