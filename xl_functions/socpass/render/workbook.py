"""Write a register workbook (.xlsx) from the schema: the empty template or a filled register.

Every data sheet becomes an Excel Table with a styled header row, frozen with the pupil's id and
name; every column gets the help of the schema as an input message and, where the type allows, a
dropdown or a range check that reaches well below the table, so rows the pedagogue adds later are
guided the same way. A pupil id offers the pupils' ids as a dropdown and has the pupil's name and
class beside it (`render.lookups`); print setup and highlighting are `render.print_setup` and
`render.highlights`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.schema import (
    CLASS_LETTERS,
    GRADES,
    HISTORY_METRICS,
    LISTS_SHEET,
    NO,
    SETTINGS,
    SHEETS,
    YES,
    ColType,
    Column,
    Lang,
    Lookup,
    Setting,
    Sheet,
    Text,
    sheet,
)
from ..core.school_year import SchoolYear
from ..core.teaching_load import default_teaching_load
from ..core.values import as_day, as_typed
from ..files.atomic import library_errors, write_file
from ..files.workbook_file import opens_with_sheets
from .cells import write_value
from .control import write_control_sheet
from .highlights import highlight
from .lookups import PUPIL_IDS_NAME, PupilValues, lookup_formula, pupil_ids_source
from .print_setup import fit_row_heights, page_setup, text_height
from .xlsm import add_macros

#: Validations and column formats reach this Excel row (at least), so typed rows get them too.
SPARE_LAST_ROW = 5000
#: Extra guided rows below a filled table that is already longer than SPARE_LAST_ROW.
SPARE_ROWS = 1000
#: Fixed creation date: the same input gives the same workbook content.
CREATED = datetime(2025, 9, 1)
HISTORY_YEARS = 2  # previous school years the empty History sheet offers
DATE_MIN, DATE_MAX = date(1990, 1, 1), date(2099, 12, 31)
DATE_FORMAT = "dd.mm.yyyy"
TABLE_STYLE = "Table Style Medium 2"
HEADER_COLOR = "#1F4E79"
LOOKUP_HEADER_COLOR = "#5B7FA6"  # the pupil name / class columns: computed, not typed
INLINE_LIST_LIMIT = 255  # Excel's limit for a comma-separated list source
#: Sheets of a row per pupil and month or quarter: thousands of short rows, printed as a log.
LOG_SHEETS = ("attendance", "academic")
#: Text columns at least this wide hold sentences (an address, a description): wrapped, so they
#: print whole instead of being cut at the column's edge.
WRAP_FROM_WIDTH = 24

TITLE = Text("Мектептің әлеуметтік паспорты", "Социальный паспорт школы")
ERROR_TITLE = Text("Қате мән", "Неверное значение")
CHOOSE = Text("Мәнді ашылмалы тізімнен таңдаңыз.", "Выберите значение из раскрывающегося списка.")
WHOLE = Text("Бүтін сан жазыңыз (0 немесе одан көп).", "Введите целое число (0 или больше).")
AMOUNT = Text("Сан жазыңыз (0 немесе одан көп).", "Введите число (0 или больше).")
DATE_HINT = Text(
    "Күнді кк.аа.жжжж түрінде жазыңыз, мысалы 01.09.2025.",
    "Введите дату в виде дд.мм.гггг, например 01.09.2025.",
)
CLASS_HINT = Text("Сынып нөмірі мен литері, мысалы 5Ә.", "Номер класса и литера, например 5А.")
IIN_HINT = Text("ЖСН 12 цифрдан тұрады.", "ИИН состоит из 12 цифр.")
PUPIL_HINT = Text(
    "Оқушылар парағында мұндай ID жоқ. ЖСН жазсаңыз, «Иә» басыңыз.",
    "Такого ID нет на листе «Учащиеся». Если вы ввели ИИН, нажмите «Да».",
)
LOOKUP_HELP = Text(
    "Оқушы ID бойынша өзі толады; өзгертпеңіз",
    "Заполняется сам по ID учащегося; не изменяйте",
)


def write_register(
    path: str | Path,
    lang: Lang,
    frames: Mapping[str, pd.DataFrame] | None = None,
    settings: Mapping[str, object] | None = None,
    extra_columns: Mapping[str, pd.DataFrame] | None = None,
) -> Path:
    """Write the register to `path` through the one write path (`files.atomic.write_file`).

    `frames` are keyed by sheet key with schema column keys (dtypes as in `core.register`); a sheet
    without a frame gets an empty table (History: rows for the previous school years to type in;
    Teaching load: the default lessons per week and weeks per month, `core.teaching_load`).
    `extra_columns` (by sheet key) are the user's own columns, headed by their column names, one
    row per row of the sheet's frame: they become text columns at the right of the table.
    A path ending in .xlsm gets the macros (`render.xlsm`): buttons, custom functions, xlwings.
    """
    path = Path(path)
    data = register_bytes(path, lang, frames, settings, extra_columns)
    write_file(path, data, check=opens_with_sheets(register_sheet_names(lang)))
    return path


def register_bytes(
    path: Path,
    lang: Lang,
    frames: Mapping[str, pd.DataFrame] | None = None,
    settings: Mapping[str, object] | None = None,
    extra_columns: Mapping[str, pd.DataFrame] | None = None,
) -> bytes:
    """The register workbook for `path` (see `write_register`), built in memory: no temporary
    file of XlsxWriter's ever holds its pupils; a path ending in .xlsm gets the macros."""
    values = register_settings(lang, settings)
    frames = dict(frames or {})
    if "history" not in frames:
        frames["history"] = empty_history(str(values["school_year"]))
    if "teaching_load" not in frames:
        frames["teaching_load"] = default_teaching_load()
    out = io.BytesIO()
    with library_errors(path):
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        macros = path.suffix.lower() == ".xlsm"
        _build(workbook, lang, frames, values, dict(extra_columns or {}), macros)
        workbook.close()
    return out.getvalue()


def register_sheet_names(lang: Lang) -> list[str]:
    """The sheets a register written in `lang` has: what a written file is checked for."""
    return [sh.name(lang) for sh in SHEETS]


def register_settings(
    lang: Lang, settings: Mapping[str, object] | None = None
) -> dict[str, object]:
    """Every schema setting with its default, overridden by `settings`; `language` is `lang`."""
    given = dict(settings or {})
    unknown = set(given) - {s.key for s in SETTINGS}
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    values = {s.key: given.get(s.key, s.default) for s in SETTINGS}
    values["language"] = lang
    return values


def empty_history(school_year: str) -> pd.DataFrame:
    """One row per previous school year and History metric, numbers left for the user."""
    years = [str(y) for y in SchoolYear.parse(school_year).earlier(HISTORY_YEARS)]
    rows = [(y, m.key) for y in years for m in HISTORY_METRICS]
    return pd.DataFrame(
        {
            "school_year": [y for y, _ in rows],
            "metric": [m for _, m in rows],
            "pupils": pd.array([None] * len(rows), dtype="Int64"),
            "families": pd.array([None] * len(rows), dtype="Int64"),
        }
    )


# --------------------------------------------------------------------------- building


class _Styles:
    """The few formats the register uses, created once per workbook."""

    def __init__(self, workbook: Workbook) -> None:
        base = {"valign": "top"}
        self.header = workbook.add_format(
            {
                **base,
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_COLOR,
                "text_wrap": True,
                "border": 1,
                "border_color": "#BFBFBF",
            }
        )
        self.lookup_header = workbook.add_format(
            {
                **base,
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": LOOKUP_HEADER_COLOR,
                "text_wrap": True,
                "border": 1,
                "border_color": "#BFBFBF",
            }
        )
        self.text = workbook.add_format(base)  # short text: one line
        self.wrapped = workbook.add_format({**base, "text_wrap": True})
        self.code = workbook.add_format({**base, "num_format": "@"})  # IIN, ids: kept as typed
        self.lookup = workbook.add_format({**base, "font_color": "#404040"})
        self.date = workbook.add_format({**base, "num_format": DATE_FORMAT, "align": "left"})
        self.int = workbook.add_format({**base, "num_format": "0"})
        self.money = workbook.add_format({**base, "num_format": "#,##0"})
        self.number = workbook.add_format({**base, "num_format": "0.0"})
        self.plain = workbook.add_format(base)
        self.muted = workbook.add_format({**base, "font_color": "#7F7F7F"})
        self.setting_number = workbook.add_format({**base, "align": "left"})

    def for_column(self, col: Column) -> Format:
        if col.type is ColType.TEXT and col.width >= WRAP_FROM_WIDTH:
            return self.wrapped
        return self.for_type(col.type)

    def for_type(self, type_: ColType) -> Format:
        return {
            ColType.TEXT: self.text,
            ColType.IIN: self.code,
            ColType.ID: self.code,
            ColType.DATE: self.date,
            ColType.INT: self.int,
            ColType.MONEY: self.money,
            ColType.NUMBER: self.number,
        }.get(type_, self.plain)


class Lists:
    """Dropdown sources: inline when Excel allows, else a named range on the hidden lists sheet."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.columns: list[list[str]] = []
        self.names: set[str] = set()

    def source(self, name: str, labels: list[str]) -> list[str] | str:
        if all("," not in x for x in labels) and len(",".join(labels)) <= INLINE_LIST_LIMIT:
            return labels
        if name in self.names:  # one list serving several columns (e.g. classes)
            return f"={name}"
        self.names.add(name)
        self.columns.append(labels)
        letter = xl_col_to_name(len(self.columns) - 1)
        self.workbook.define_name(name, f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(labels)}")
        return f"={name}"

    def write_sheet(self) -> None:
        if not self.columns:
            return
        ws = self.workbook.add_worksheet(LISTS_SHEET)
        for col, labels in enumerate(self.columns):
            ws.write_column(0, col, labels)
        ws.hide()


def _build(
    workbook: Workbook,
    lang: Lang,
    frames: Mapping[str, pd.DataFrame],
    values: dict[str, object],
    extra_columns: Mapping[str, pd.DataFrame],
    macros: bool,
) -> None:
    workbook.set_properties(
        {
            "title": TITLE(lang),
            "subject": str(values.get("school_name") or ""),
            "author": str(values.get("pedagogue") or ""),
            "comments": "socpass",
            "created": CREATED,
        }
    )
    styles = _Styles(workbook)
    lists = Lists(workbook)
    workbook.define_name(PUPIL_IDS_NAME, pupil_ids_source(lang))
    pupil_values = PupilValues(frames.get("pupils"))
    control = None
    for sh in SHEETS:
        ws = workbook.add_worksheet(sh.name(lang))
        ws.set_tab_color(sh.tab_color)
        if sh.key == "control":
            write_control_sheet(workbook, ws, lang, values, frames)
            control = ws
        elif sh.key == "settings":
            _write_settings(ws, lang, values, styles, lists)
        else:
            extra = extra_columns.get(sh.key)
            guided = _write_table(
                ws, sh, lang, frames.get(sh.key), styles, lists, extra, pupil_values
            )
            highlight(workbook, ws, sh, lang, guided)
    lists.write_sheet()
    if macros and control is not None:
        add_macros(workbook, control, lang)


def _write_table(
    ws: Worksheet,
    sh: Sheet,
    lang: Lang,
    frame: pd.DataFrame | None,
    styles: _Styles,
    lists: Lists,
    extra: pd.DataFrame | None = None,
    pupil_values: PupilValues | None = None,
) -> int:
    """Write `sh` as an Excel Table from `frame` (or one blank row when there is no data); returns
    the last row (0-based) its validations guide.

    `extra` holds the user's own columns (header = column name), written as text after the
    schema's columns, inside the table. The lookups (`sh.lookups`) follow the pupil id, as
    formulas with the values `pupil_values` gives as their cached results.
    """
    n_rows = 0 if frame is None else len(frame)
    layout = sh.layout()
    extra_headers = [] if extra is None else [str(c) for c in extra.columns]
    last_col = len(layout) + len(extra_headers) - 1
    ws.add_table(
        0,
        0,
        max(n_rows, 1),
        last_col,
        {
            "name": sh.table,
            "style": TABLE_STYLE,
            "columns": [_table_column(sh, c, lang, styles) for c in layout]
            + [{"header": h, "header_format": styles.header} for h in extra_headers],
        },
    )
    if extra is not None:
        _write_extra(ws, len(layout), extra, styles)
    spare_last = max(SPARE_LAST_ROW - 1, n_rows + SPARE_ROWS)  # zero-based
    wrapped: dict[int, list[pd.Series]] = {}  # column width -> the wrapped columns' texts
    for col_num, col in enumerate(layout):
        if isinstance(col, Lookup):
            ws.set_column(col_num, col_num, col.width, styles.lookup)
            _write_lookup(ws, sh, col, col_num, lang, frame, styles, pupil_values)
            continue
        fmt = styles.for_column(col)
        ws.set_column(col_num, col_num, col.width, fmt)
        if frame is not None and col.key in frame.columns:
            for row_num, value in enumerate(frame[col.key].tolist(), start=1):
                write_cell(ws, row_num, col_num, col, value, lang, fmt)
            if fmt is styles.wrapped:
                wrapped[col.width] = wrapped.get(col.width, []) + [frame[col.key]]
        if n_rows == 0:
            ws.write_blank(1, col_num, None, fmt)  # the table's one blank row, formatted
        options = validation(sh, col, lang, lists)
        if options:
            ws.data_validation(1, col_num, spare_last, col_num, options)
    ws.set_row(0, _header_height(layout, lang))
    fit_row_heights(ws, [(w, texts) for w, columns in wrapped.items() for texts in columns])
    ws.freeze_panes(1, sh.frozen_columns)
    ws.ignore_errors({"number_stored_as_text": f"A1:{xl_col_to_name(last_col)}{spare_last + 1}"})
    page_setup(ws, [c.width for c in layout], sh.frozen_columns, log=sh.key in LOG_SHEETS)
    return spare_last


def _table_column(sh: Sheet, col: Column | Lookup, lang: Lang, styles: _Styles) -> dict:
    """A Table column: its header, and for a lookup its formula (Excel fills it in new rows)."""
    if isinstance(col, Lookup):
        return {
            "header": col.header(lang),
            "header_format": styles.lookup_header,
            "formula": lookup_formula(sh, col, lang),
            "format": styles.lookup,
        }
    return {
        "header": col.header(lang),
        "header_format": styles.header,
        "format": styles.for_column(col),
    }


def _write_lookup(
    ws: Worksheet,
    sh: Sheet,
    lookup: Lookup,
    col_num: int,
    lang: Lang,
    frame: pd.DataFrame | None,
    styles: _Styles,
    pupil_values: PupilValues | None,
) -> None:
    """The lookup's formula in every data row (the table's one blank row when there is none),
    with its value on the frame being written; an input message says it fills itself."""
    formula = lookup_formula(sh, lookup, lang)
    ids = frame["pupil_id"].tolist() if frame is not None and len(frame) else [None]
    for row_num, pupil_id in enumerate(ids, start=1):
        cached = pupil_values.value(lookup, pupil_id) if pupil_values else ""
        ws.write_formula(row_num, col_num, formula, styles.lookup, cached)
    ws.data_validation(
        1,
        col_num,
        max(len(ids), 1),
        col_num,
        {
            "validate": "any",
            "input_title": input_title(lookup.header(lang)),
            "input_message": LOOKUP_HELP(lang),
        },
    )


def _write_extra(ws: Worksheet, first_col: int, extra: pd.DataFrame, styles: _Styles) -> None:
    """The user's own columns, each cell as typed (text stays text, numbers stay numbers)."""
    for offset, name in enumerate(extra.columns):
        col = first_col + offset
        ws.set_column(col, col, max(12, min(40, len(str(name)) + 2)), styles.text)
        for row, value in enumerate(extra[name].tolist(), start=1):
            if _is_empty(value):
                continue
            if isinstance(value, datetime | date):
                ws.write_datetime(row, col, as_day(value), styles.date)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(row, col, value, styles.plain)
            else:
                ws.write_string(row, col, str(value), styles.text)


def _write_settings(
    ws: Worksheet, lang: Lang, values: dict[str, object], styles: _Styles, lists: Lists
) -> None:
    """The Settings table: per schema setting its label, value and explanation in the workbook's
    language, and (grey, last, not printed) the key the program reads."""
    sh = sheet("settings")
    at = {c.key: i for i, c in enumerate(sh.columns)}
    ws.add_table(
        0,
        0,
        len(SETTINGS),
        len(sh.columns) - 1,
        {
            "name": sh.table,
            "style": TABLE_STYLE,
            "columns": [
                {"header": c.header(lang), "header_format": styles.header} for c in sh.columns
            ],
        },
    )
    for col in sh.columns:
        fmt = styles.muted if col.key == "key" else styles.wrapped
        ws.set_column(at[col.key], at[col.key], col.width, fmt)
    for row_num, s in enumerate(SETTINGS, start=1):
        ws.write_string(row_num, at["name"], s.label(lang), styles.wrapped)
        ws.write_string(row_num, at["explanation"], s.help(lang), styles.wrapped)
        ws.write_string(row_num, at["key"], s.key, styles.muted)
        height = max(
            text_height(s.label(lang), sh.column("name").width),
            text_height(str(values[s.key] or ""), sh.column("value").width),
            text_height(s.help(lang), sh.column("explanation").width),
        )
        ws.set_row(row_num, height)
        _write_setting_value(ws, row_num, at["value"], s, values[s.key], lang, styles, lists)
    ws.set_row(0, _header_height(sh.columns, lang))
    ws.freeze_panes(1, 1)
    printed = [c.width for c in sh.columns if c.key != "key"]
    page_setup(ws, printed, 1, last_row=len(SETTINGS))


def _write_setting_value(
    ws: Worksheet,
    row: int,
    col: int,
    s: Setting,
    value: object,
    lang: Lang,
    styles: _Styles,
    lists: Lists,
) -> None:
    help_text = sheet("settings").column("value").help(lang)
    options: dict[str, object] = {
        "input_title": input_title(s.label(lang)),
        "input_message": help_text,
    }
    if s.type is ColType.NUMBER:
        if not _is_empty(value):
            ws.write_number(row, col, float(value), styles.setting_number)  # type: ignore[arg-type]
        options |= {"validate": "decimal", "criteria": ">=", "value": 0}
        options |= {"error_title": ERROR_TITLE(lang), "error_message": AMOUNT(lang)}
    else:
        # a code typed as digits stays text, with its leading zeros (a BIN may start with 0)
        fmt = styles.code if s.type is ColType.SCHOOL_CODE else styles.wrapped
        if not _is_empty(value):
            ws.write_string(row, col, str(value), fmt)
        elif fmt is styles.code:
            ws.write_blank(row, col, None, fmt)
        if s.choices:
            labels = [c.label(lang) for c in s.choices]
            options |= {"validate": "list", "source": lists.source(f"list_setting_{s.key}", labels)}
            options |= {"error_title": ERROR_TITLE(lang), "error_message": CHOOSE(lang)}
        else:
            options["validate"] = "any"
    ws.data_validation(row, col, row, col, options)


def write_cell(
    ws: Worksheet, row: int, col: int, column: Column, value: object, lang: Lang, fmt: Format
) -> None:
    """One typed value as the user would have typed it (`as_typed`); strings never become
    formulas. A blank value writes nothing."""
    typed = as_typed(column, value, lang)
    if typed is not None:
        write_value(ws, row, col, typed, fmt)


def _is_empty(value: object) -> bool:
    if value is None or (isinstance(value, str) and value == ""):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def validation(sh: Sheet, col: Column, lang: Lang, lists: Lists) -> dict[str, object] | None:
    """Data validation options for a column: dropdown or range check, plus its input message."""
    options: dict[str, object] = {}
    help_text = col.help(lang)
    if help_text:
        options |= {"input_title": input_title(col.header(lang)), "input_message": help_text[:255]}
    error: Text | None = None
    t = col.type
    if t is ColType.CHOICE:
        labels = [c.label(lang) for c in col.choices]
        options |= {"validate": "list", "source": lists.source(f"list_{sh.key}_{col.key}", labels)}
        error = CHOOSE
    elif t is ColType.BOOL:
        options |= {"validate": "list", "source": [YES(lang), NO(lang)]}
        error = CHOOSE
    elif t is ColType.DATE:
        options |= {"validate": "date", "criteria": "between"}
        options |= {"minimum": DATE_MIN, "maximum": DATE_MAX}
        error = DATE_HINT
    elif t is ColType.INT:
        options |= {"validate": "integer", "criteria": ">=", "value": 0}
        error = WHOLE
    elif t is ColType.MONEY:
        options |= {"validate": "decimal", "criteria": ">=", "value": 0}
        error = AMOUNT
    elif t is ColType.CLASS:
        # every grade × letter, as a dropdown that only warns: "5 ә" is still read as 5Ә
        labels = [f"{grade}{letter}" for grade in GRADES for letter in CLASS_LETTERS]
        options |= {"validate": "list", "source": lists.source("list_classes", labels)}
        options["error_type"] = "warning"
        error = CLASS_HINT
    elif t is ColType.IIN:
        options |= {"validate": "length", "criteria": "==", "value": 12}
        error = IIN_HINT
    elif col.references == "pupils":
        # the pupils' ids as a dropdown that only warns: an IIN is fine too
        options |= {"validate": "list", "source": f"={PUPIL_IDS_NAME}", "error_type": "warning"}
        error = PUPIL_HINT
    elif help_text:
        options["validate"] = "any"
    else:
        return None
    if error is not None:
        options |= {"error_title": ERROR_TITLE(lang), "error_message": error(lang)}
    return options


def input_title(text: str) -> str:
    """An input-message title within Excel's 32-character limit."""
    return text if len(text) <= 32 else text[:31] + "…"


def _header_height(columns: tuple[Column | Lookup, ...], lang: Lang) -> float:
    """Row height that shows every wrapped header whole (column widths are in characters)."""
    return max(text_height(c.header(lang), c.width) for c in columns) + 6
