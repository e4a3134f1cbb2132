"""`socpass flag --out FILE.xlsx`: the flag run as a separate workbook; the register stays untouched.

Two sheets in the register's own layout (schema names and headers): the Risk table, coloured by tier
as the Flag button colours it, and the individual plans with the pupil's name and class beside the
id (as values: this workbook has no Pupils sheet to look them up in). Both print as a list: A4
landscape, one page wide, long texts wrapped, header and names repeated. Written atomically. The same file is the
memory of the previous run for users without Excel: `read_risk_workbook` gives its Risk and Plans
tables back, so the next run can tell new from continuing and resolved, keep the text typed in the
`actions` column and the plans already opened.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import xlsxwriter

from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.risk import RiskResult, plan_records, risk_values
from ..core.schema import ColType, Lang, Lookup, Text, sheet, sheet_for_name
from ..core.tables import frame_from_values
from ..render.highlights import ROW_COLORS, row_block
from ..render.lookups import PupilValues
from ..render.print_setup import fit_row_heights, page_setup, text_height
from .atomic import replacing
from .workbook_file import read_sheets

NOT_A_RISK_LIST = Text(
    "{path} файлы бар, бірақ ол socpass тәуекел тізімі емес; басқа файл атын беріңіз.",
    "Файл {path} уже существует, но это не список риска socpass; укажите другое имя файла.",
)
NOT_XLSX = Text("--out: .xlsx файлы болуы керек ({path}).", "--out: нужен файл .xlsx ({path}).")
SAME_FILE = Text(
    "--out тізілімнің өзін көрсетеді; тізілім өзгертілмейді, басқа файл атын беріңіз.",
    "--out указывает на сам реестр; реестр не изменяется, укажите другой файл.",
)
RISK_LIST_ERRORS = Text(
    "Бұрынғы тәуекел тізімінде ({path}) қате бар: {sheet}, {row}-жол, «{column}»: {message}",
    "В прежнем списке риска ({path}) есть ошибка: {sheet}, строка {row}, «{column}»: {message}",
)

DATE_FORMAT = "dd.mm.yyyy"
#: Columns at least this wide (reasons, needs, the notes typed) wrap, so they print whole.
WRAP_FROM_WIDTH = 24


def _write_table(
    book, ws, sheet_key: str, lang: Lang, rows: list[list[object]], fills: list[str | None]
):
    schema_sheet = sheet(sheet_key)
    layout = schema_sheet.layout()
    header = [c.header(lang) for c in layout]
    cell_formats: dict[tuple[str | None, bool, bool], object] = {}

    def fmt(fill: str | None, is_date: bool, wrap: bool):
        key = (fill, is_date, wrap)
        if key not in cell_formats:
            props: dict[str, object] = {"valign": "top", "text_wrap": wrap}
            if fill:
                props |= {"bg_color": fill, "pattern": 1}
            if is_date:
                props["num_format"] = DATE_FORMAT
            cell_formats[key] = book.add_format(props)
        return cell_formats[key]

    wraps = [c.width >= WRAP_FROM_WIDTH for c in layout]
    for col, column in enumerate(layout):
        ws.set_column(col, col, column.width)
    for r, (values, fill) in enumerate(zip(rows, fills, strict=True), start=1):
        for c, (value, column, wrap) in enumerate(zip(values, layout, wraps, strict=True)):
            is_date = not isinstance(column, Lookup) and column.type == ColType.DATE
            style = fmt(fill, is_date, wrap)
            if value is None or value == "":
                ws.write_blank(r, c, None, style)
            elif isinstance(value, date):
                ws.write_datetime(r, c, value, style)
            else:
                ws.write(r, c, value, style)
    heading = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    ws.add_table(
        0,
        0,
        max(len(rows), 1),
        len(header) - 1,
        {
            "name": schema_sheet.table,
            "columns": [{"header": h, "header_format": heading} for h in header],
            "style": "Table Style Light 1",
        },
    )
    ws.set_row(0, max(text_height(h, c.width) for h, c in zip(header, layout, strict=True)) + 6)
    fit_row_heights(ws, [(c.width, [r[i] for r in rows]) for i, c in enumerate(layout) if wraps[i]])
    ws.freeze_panes(1, schema_sheet.frozen_columns)
    page_setup(ws, [c.width for c in layout], schema_sheet.frozen_columns)


def read_risk_workbook(path: Path, lang: Lang) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Risk and Plans frames of an earlier `--out` file (refuses any other workbook)."""
    try:
        cells = read_sheets(path, lambda name: True)
    except SocpassError:  # not a workbook at all, or a damaged one
        raise SocpassError(NOT_A_RISK_LIST, exit_code=2, path=path) from None
    found = {s.key: cells[name] for name in cells if (s := sheet_for_name(name)) is not None}
    if sorted(found) != ["plans", "risk"]:
        # anything else (a register copy, another workbook) is not ours to overwrite
        raise SocpassError(NOT_A_RISK_LIST, exit_code=2, path=path)
    frames = []
    for key in ("risk", "plans"):
        frame, findings = frame_from_values(sheet(key), found[key], sheet(key).name(lang))
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            first = errors[0]
            raise SocpassError(
                RISK_LIST_ERRORS,
                exit_code=1,
                path=path,
                sheet=first.sheet,
                row=first.row,
                column=first.column,
                message=first.text(lang),
            )
        frames.append(frame)
    return frames[0], frames[1]


def write_risk_workbook(
    path: str | Path,
    result: RiskResult,
    lang: Lang,
    earlier_plans: pd.DataFrame | None = None,
    pupils: pd.DataFrame | None = None,
) -> Path:
    """Write the Risk rows and the plans (`earlier_plans`, then the new ones) to `path`, atomically;
    `pupils` (the register's) give each plan's pupil name and class."""
    target = Path(path)
    with replacing(target) as tmp:
        book = xlsxwriter.Workbook(tmp, {"remove_timezone": True, "strings_to_formulas": False})
        risk_ws = book.add_worksheet(sheet("risk").name(lang))
        fills = [ROW_COLORS.get(row_block(r.pupil.tier, r.status)) for r in result.rows]
        _write_table(book, risk_ws, "risk", lang, risk_values(result, lang), fills)

        plans_ws = book.add_worksheet(sheet("plans").name(lang))
        outcome = {c.key: c.label(lang) for c in sheet("plans").column("outcome").choices}
        names = PupilValues(pupils)
        records = _plan_records(earlier_plans) + plan_records(result)

        def cell(rec: dict[str, object], col) -> object:
            if isinstance(col, Lookup):
                return names.value(col, rec.get("pupil_id"))
            return outcome.get(rec.get(col.key), "") if col.key == "outcome" else rec.get(col.key)

        plan_rows = [[cell(rec, col) for col in sheet("plans").layout()] for rec in records]
        _write_table(book, plans_ws, "plans", lang, plan_rows, [None] * len(plan_rows))
        book.close()
    return target


def _plan_records(plans: pd.DataFrame | None) -> list[dict[str, object]]:
    """Plans frame rows as plain records (dates as `date`, blanks as None) for writing back."""
    if plans is None:
        return []
    rows = plans.drop(columns="_row", errors="ignore").to_dict("records")
    return [{key: _plain(value) for key, value in row.items()} for row in rows]


def _plain(value: object) -> object:
    if pd.isna(value) or value == "":
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


class RiskWorkbook:
    """The memory of flag runs for a register kept without Excel: a separate .xlsx (`flag --out`).

    `recall` reads an earlier file as the previous run (its Risk rows give the statuses and the
    notes typed in them; its plans join the register's), `keep` rewrites it with the new run.
    """

    def __init__(self, path: Path, register: Path) -> None:
        self.path, self.register = path, register
        self._earlier_plans: pd.DataFrame | None = None
        self._pupils: pd.DataFrame | None = None

    def recall(self, register: RegisterData, lang: Lang) -> RegisterData:
        """The register with the earlier file's run; refuses a file that is not ours to write."""
        if self.path.suffix.lower() != ".xlsx":
            raise SocpassError(NOT_XLSX, path=self.path)
        if self.path.exists() and self.path.resolve() == self.register.resolve():
            raise SocpassError(SAME_FILE)
        self._pupils = register.frame("pupils")
        if not self.path.exists():
            return register
        risk, self._earlier_plans = read_risk_workbook(self.path, lang)
        plans = [f for f in (register.frames.get("plans"), self._earlier_plans) if f is not None]
        plans = [f for f in plans if not f.empty] or [self._earlier_plans]
        frames = {**register.frames, "risk": risk, "plans": pd.concat(plans)}
        return replace(register, frames=frames)

    def keep(self, result: RiskResult, lang: Lang) -> Path:
        return write_risk_workbook(self.path, result, lang, self._earlier_plans, self._pupils)
