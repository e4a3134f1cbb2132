"""`socpass flag --out FILE.xlsx`: the flag run as a separate workbook; the register stays untouched.

Two sheets in the register's own layout (schema names and headers): the Risk table, coloured by tier
as the Flag button colours it, and the plans the button would create. Written atomically.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import xlsxwriter

from ..core.risk import RiskResult, plan_records, risk_values
from ..core.schema import ColType, Lang, sheet

#: Row fill per block of the Risk sheet (the Flag button uses the same colours).
ROW_COLORS = {"intensive": "#F8CBAD", "targeted": "#FFE699", "resolved": "#E2EFDA"}
DATE_FORMAT = "dd.mm.yyyy"


def row_block(tier: str, status: str) -> str:
    """The colour block of a Risk row: resolved rows form their own block after the tiers."""
    return "resolved" if status == "resolved" else tier


def _write_table(
    book, ws, sheet_key: str, lang: Lang, rows: list[list[object]], fills: list[str | None]
):
    schema_sheet = sheet(sheet_key)
    header = [c.header(lang) for c in schema_sheet.columns]
    cell_formats: dict[tuple[str | None, bool], object] = {}

    def fmt(fill: str | None, is_date: bool):
        key = (fill, is_date)
        if key not in cell_formats:
            props: dict[str, object] = {"valign": "top"}
            if fill:
                props |= {"bg_color": fill, "pattern": 1}
            if is_date:
                props["num_format"] = DATE_FORMAT
            cell_formats[key] = book.add_format(props)
        return cell_formats[key]

    for col, column in enumerate(schema_sheet.columns):
        ws.set_column(col, col, column.width)
    for r, (values, fill) in enumerate(zip(rows, fills, strict=True), start=1):
        for c, (value, column) in enumerate(zip(values, schema_sheet.columns, strict=True)):
            is_date = column.type == ColType.DATE
            if value is None or value == "":
                ws.write_blank(r, c, None, fmt(fill, is_date))
            elif isinstance(value, date):
                ws.write_datetime(r, c, value, fmt(fill, True))
            else:
                ws.write(r, c, value, fmt(fill, is_date))
    ws.add_table(
        0,
        0,
        max(len(rows), 1),
        len(header) - 1,
        {
            "name": schema_sheet.table,
            "columns": [{"header": h} for h in header],
            "style": "Table Style Light 1",
        },
    )
    ws.freeze_panes(1, 0)


def write_risk_workbook(path: str | Path, result: RiskResult, lang: Lang) -> Path:
    """Write the Risk rows and the new plans to `path` (a new .xlsx), atomically."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=target.parent or Path("."))
    os.close(fd)
    try:
        book = xlsxwriter.Workbook(tmp, {"remove_timezone": True})
        risk_ws = book.add_worksheet(sheet("risk").name(lang))
        fills = [ROW_COLORS.get(row_block(r.pupil.tier, r.status)) for r in result.rows]
        _write_table(book, risk_ws, "risk", lang, risk_values(result, lang), fills)

        plans_ws = book.add_worksheet(sheet("plans").name(lang))
        plan_columns = sheet("plans").columns
        outcome = {c.key: c.label(lang) for c in sheet("plans").column("outcome").choices}
        plan_rows = [
            [
                outcome.get(rec.get(col.key), "") if col.key == "outcome" else rec.get(col.key)
                for col in plan_columns
            ]
            for rec in plan_records(result)
        ]
        _write_table(book, plans_ws, "plans", lang, plan_rows, [None] * len(plan_rows))
        book.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
