"""The Flag button's writes: the Risk table and the new individual plans, in the open workbook.

Names and notes are written as text (`book_io.as_typed_text`), never as formulas. A bounded
number of writes whatever the number of pupils: the Risk table in one values write
(header + rows, surplus old rows cleared, the Table resized), its fill reset once and set once per
tier block (rows are sorted by tier), one number format per run of date columns, and the new plans
appended to the Plans table in one write per run of columns around the pupil name and class, which
are formulas the Table fills in itself. Sheets without an Excel Table are written with their
header in row 1 from column A.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from ..core.risk import RiskResult, plan_records, risk_header, risk_values
from ..core.schema import ColType, Lang, sheet
from ..files.risk_workbook import DATE_FORMAT
from ..render.highlights import ROW_COLORS, row_block
from .book_io import find_table, header_keys, sheet_or_new, text_rows

if TYPE_CHECKING:
    import xlwings as xw

#: Columns scanned for a header when a sheet has no Excel Table.
_PLAIN_HEADER_WIDTH = 40


def write_risk(book: xw.Book, result: RiskResult, lang: Lang) -> None:
    """The Risk table: header + rows in one write, coloured by tier block."""
    ws, created = sheet_or_new(book, "risk", lang)
    table = None if created else find_table(ws, "risk")
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
    ws.range((top, left)).value = [header, *text_rows(rows)]

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


def append_plans(book: xw.Book, result: RiskResult, lang: Lang, next_row: int | None) -> None:
    """Append one Plans row per new plan, in the sheet's own column order, in one write."""
    records = plan_records(result)
    if not records:
        return
    outcome = {c.key: c.label(lang) for c in sheet("plans").column("outcome").choices}
    ws, created = sheet_or_new(book, "plans", lang)
    table = None if created else find_table(ws, "plans")
    if created:
        keys: list[str | None] = list(sheet("plans").column_keys)
        top, left = 1, 1
    elif table is not None:
        top, left = table.range.row, table.range.column
        keys = header_keys(list(table.header_row_range.value), "plans")
    else:
        top, left = 1, 1
        keys = header_keys(list(ws.range((1, 1), (1, _PLAIN_HEADER_WIDTH)).value), "plans")
    if not any(keys):
        keys = list(sheet("plans").column_keys)

    def cell(record: dict[str, object], key: str | None) -> object:
        if key == "outcome":
            return outcome.get(str(record.get(key)), "")
        return record.get(key) if key else None

    start = max(next_row or top + 1, top + 1)
    if created:
        rows = text_rows([[cell(rec, key) for key in keys] for rec in records])
        ws.range((top, left)).value = [[sheet("plans").column(k).header(lang) for k in keys], *rows]
        return
    last = start + len(records) - 1
    if table is not None and last > table.range.last_cell.row:
        table.resize(ws.range((top, left), (last, left + len(table.header_row_range.value) - 1)))
    for first, run in _written_runs(keys):  # the name / class formulas are left to the Table
        ws.range((start, left + first)).value = text_rows(
            [[cell(rec, k) for k in run] for rec in records]
        )


def _written_runs(keys: list[str | None]) -> list[tuple[int, list[str | None]]]:
    """(first index, keys) of each run of adjacent columns that are not lookups."""
    lookups = {lk.key for lk in sheet("plans").lookups}
    runs: list[tuple[int, list[str | None]]] = []
    for i, key in enumerate(keys):
        if key in lookups:
            continue
        if runs and runs[-1][0] + len(runs[-1][1]) == i:
            runs[-1][1].append(key)
        else:
            runs.append((i, [key]))
    return runs
