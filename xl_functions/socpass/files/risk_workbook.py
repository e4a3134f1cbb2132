"""`socpass flag --out FILE.xlsx`: the flag run as a separate workbook; the register stays untouched.

Two sheets in the register's own layout (schema names and headers): the Risk table, coloured by tier
as the Flag button colours it, and the individual plans with the pupil's name and class beside the
id (as values: this workbook has no Pupils sheet to look them up in). Both print as a list: A4
landscape, one page wide, long texts wrapped, the header and names repeated on every page.
Built in memory and written through the
one write path, never more open than the register it comes from, encrypted with the register's
password when asked (`--encrypt-output`: it holds names and reasons). Names and notes are written
as text, never as formulas. The same file is the memory of the previous run for users without
Excel: `read_risk_workbook` gives its Risk and Plans tables back, so the next run can tell new from
continuing and resolved, keep the text typed in the `actions` column and the plans already opened.
"""

from __future__ import annotations

import io
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
from ..render.cells import write_value
from ..render.highlights import ROW_COLORS, row_block
from ..render.lookups import PupilValues
from ..render.print_setup import fit_row_heights, page_setup, text_height
from .atomic import library_errors, write_file
from .encryption import NEEDS_PASSWORD, WRONG_PASSWORD, Password
from .workbook_file import opens_with_sheets, read_sheets

NOT_A_RISK_LIST = Text(
    "{path} файлы бар, бірақ ол socpass жазған ЕАЖ тізімі емес; басқа файл атын беріңіз.",
    "Файл {path} уже существует, но это не список СРП, записанный socpass; укажите другое "
    "имя файла.",
)
NOT_XLSX = Text("--out: .xlsx файлы болуы керек ({path}).", "--out: нужен файл .xlsx ({path}).")
SAME_FILE = Text(
    "--out тізілімнің өзін көрсетеді; тізілім өзгертілмейді, басқа файл атын беріңіз.",
    "--out указывает на сам реестр; реестр не изменяется, укажите другой файл.",
)
NO_PASSWORD_TO_ENCRYPT = Text(
    "--encrypt-output: {path} файлын шифрлау үшін құпиясөз керек (--password немесе "
    "SOCPASS_PASSWORD).",
    "--encrypt-output: чтобы зашифровать {path}, нужен пароль (--password или SOCPASS_PASSWORD).",
)
RISK_LIST_ERRORS = Text(
    "Бұрынғы ЕАЖ тізімінде ({path}) қате бар: {sheet}, {row}-жол, «{column}»: {message}",
    "В прежнем списке СРП ({path}) есть ошибка: {sheet}, строка {row}, «{column}»: {message}",
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
            typed_date = not isinstance(column, Lookup) and column.type == ColType.DATE
            write_value(ws, r, c, value, fmt(fill, typed_date or isinstance(value, date), wrap))
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


def read_risk_workbook(
    path: Path, lang: Lang, password: Password | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Risk and Plans frames of an earlier `--out` file (refuses any other workbook)."""
    try:
        cells = read_sheets(path, lambda name: True, password)
    except SocpassError as error:  # not a workbook at all, or a damaged one
        if error.message in (NEEDS_PASSWORD, WRONG_PASSWORD):
            raise
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


def risk_workbook_bytes(
    result: RiskResult,
    lang: Lang,
    earlier_plans: pd.DataFrame | None = None,
    pupils: pd.DataFrame | None = None,
) -> bytes:
    """The Risk rows and the plans (`earlier_plans`, then the new ones) as an .xlsx, in memory;
    `pupils` (the register's) give each plan's pupil name and class."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True})
    risk_ws = book.add_worksheet(sheet("risk").name(lang))
    fills = [ROW_COLORS.get(row_block(r.pupil.tier, r.status)) for r in result.rows]
    _write_table(book, risk_ws, "risk", lang, risk_values(result, lang), fills)

    plans_ws = book.add_worksheet(sheet("plans").name(lang))
    outcome = {c.key: c.label(lang) for c in sheet("plans").column("outcome").choices}
    names = PupilValues(pupils)
    records = _plan_records(earlier_plans) + plan_records(result)

    def cell(rec: dict[str, object], col: object) -> object:
        if isinstance(col, Lookup):
            return names.value(col, rec.get("pupil_id"))
        key = col.key  # type: ignore[attr-defined]
        return outcome.get(rec.get(key), "") if key == "outcome" else rec.get(key)

    plan_rows = [[cell(rec, col) for col in sheet("plans").layout()] for rec in records]
    _write_table(book, plans_ws, "plans", lang, plan_rows, [None] * len(plan_rows))
    book.close()
    return out.getvalue()


def write_risk_workbook(
    path: str | Path,
    result: RiskResult,
    lang: Lang,
    earlier_plans: pd.DataFrame | None = None,
    derived_from: Path | None = None,
    encrypt_with: str | None = None,
    pupils: pd.DataFrame | None = None,
) -> Path:
    """Write the risk list to `path` through the one write path (see the module)."""
    target = Path(path)
    with library_errors(target):
        data = risk_workbook_bytes(result, lang, earlier_plans, pupils)
    names = [sheet("risk").name(lang), sheet("plans").name(lang)]
    write_file(
        target,
        data,
        backup=True,  # the list carries the statuses, notes and plans typed into it
        derived_from=derived_from,
        check=opens_with_sheets(names),
        encrypt_with=encrypt_with,
    )
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
    notes typed in them; its plans join the register's), `keep` rewrites it with the new run,
    encrypted with `password` when `encrypt` (an encrypted earlier file is read with it).
    """

    def __init__(
        self, path: Path, register: Path, password: Password | None = None, encrypt: bool = False
    ) -> None:
        self.path, self.register = path, register
        self.password, self.encrypt = password, encrypt
        self._earlier_plans: pd.DataFrame | None = None
        self._pupils: pd.DataFrame | None = None

    def recall(self, register: RegisterData, lang: Lang) -> RegisterData:
        """The register with the earlier file's run; refuses a file that is not ours to write."""
        if self.path.suffix.lower() != ".xlsx":
            raise SocpassError(NOT_XLSX, path=self.path)
        if self.path.exists() and self.path.resolve() == self.register.resolve():
            raise SocpassError(SAME_FILE)
        if self.encrypt and (self.password is None or not self.password.for_file(self.register)):
            raise SocpassError(NO_PASSWORD_TO_ENCRYPT, path=self.path)
        self._pupils = register.frame("pupils")
        if not self.path.exists():
            return register
        risk, self._earlier_plans = read_risk_workbook(self.path, lang, self.password)
        plans = [f for f in (register.frames.get("plans"), self._earlier_plans) if f is not None]
        plans = [f for f in plans if not f.empty] or [self._earlier_plans]
        frames = {**register.frames, "risk": risk, "plans": pd.concat(plans)}
        return replace(register, frames=frames)

    def keep(self, result: RiskResult, lang: Lang) -> Path:
        secret = self.password.for_file(self.register) if self.password and self.encrypt else None
        return write_risk_workbook(
            self.path, result, lang, self._earlier_plans, self.register, secret, self._pupils
        )
