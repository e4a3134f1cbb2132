"""Write a class teacher's form (.xlsx, XlsxWriter): one class's pupils, attendance and results.

Three sheets, as in the register and in its language: Pupils (a row per pupil: id and name, then
the social-passport columns), Attendance (the same pupils, three columns per school month) and
Results (two columns per quarter). The grids' rows are the Pupils sheet's rows, the id and name
shown by formulas, so a pupil added in an empty row below the class appears there too. Dropdowns
and input help are the register's (`render.workbook.validation`). The sheets are protected
without a password with only the ids and names locked (a class teacher cannot renumber or rename
pupils, insert or sort rows, and so cannot break the row order the grids follow); every other
cell is open. Very hidden: what the form was issued for (`META_SHEET`) and a copy of each sheet
as issued (`ISSUED_PREFIX`), which collecting compares the returned form with.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.class_form import (
    FORM_KIND,
    FORM_SHEETS,
    ISSUED_PREFIX,
    META_SHEET,
    NEW_ROWS,
    TITLE,
    Entry,
    Field,
    fields,
)
from ..core.schema import ColType, Lang, sheet
from ..files.atomic import library_errors, write_file
from ..files.workbook_file import opens_with_sheets
from .print_setup import page_setup, text_height
from .workbook import DATE_FORMAT, HEADER_COLOR, Lists, input_title, validation, write_cell

#: The grids' columns, narrow: a month's three counts fit a screen's width.
GRID_WIDTH = 9
ID_WIDTH, NAME_WIDTH = 10, 32
#: Open for the class teacher: resizing columns and rows; the rest is Excel's protection default.
PROTECTION = {"format_columns": True, "format_rows": True}


def form_sheet_names(lang: Lang) -> list[str]:
    """The visible sheets of a form in `lang` (what a written form is checked for)."""
    return [sheet(key).name(lang) for key in FORM_SHEETS]


def write_class_form(
    path: Path, lang: Lang, class_name: str, school_year: str, entries: list[Entry]
) -> Path:
    """Write the form of `class_name` to `path` through the one write path."""
    out = io.BytesIO()
    with library_errors(path):
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        title = TITLE(lang).format(cls=class_name, year=school_year)
        workbook.set_properties({"title": title, "comments": "socpass"})
        formats = _Formats(workbook)
        lists = Lists(workbook)
        for issued in (False, True):
            for key in FORM_SHEETS:
                name = sheet(key).name(lang)
                ws = workbook.add_worksheet(ISSUED_PREFIX + key if issued else name)
                _write_sheet(ws, key, lang, entries, formats, lists, sheet("pupils").name(lang))
                if issued:
                    ws.very_hidden()
                else:
                    ws.protect("", PROTECTION)
                    ws.set_header(f"&C{title.replace('&', '&&')}")
        _write_meta(workbook, class_name, school_year, lang)
        lists.write_sheet()
        workbook.close()
    write_file(path, out.getvalue(), check=opens_with_sheets(form_sheet_names(lang)))
    return path


class _Formats:
    """Locked headers, ids and names; open (unlocked) input cells of each type."""

    def __init__(self, workbook: Workbook) -> None:
        base = {"valign": "top", "border": 1, "border_color": "#BFBFBF"}
        self.header = workbook.add_format(
            {**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOR}
            | {"text_wrap": True, "align": "center"}
        )
        self.locked = workbook.add_format({**base, "bg_color": "#F2F2F2", "num_format": "@"})
        self.open = {
            t: workbook.add_format({**base, "locked": False, **extra})
            for t, extra in (
                (ColType.TEXT, {}),
                (ColType.ID, {"num_format": "@"}),
                (ColType.IIN, {"num_format": "@"}),
                (ColType.DATE, {"num_format": DATE_FORMAT, "align": "left"}),
                (ColType.INT, {"num_format": "0"}),
            )
        }

    def input(self, t: ColType) -> Format:
        return self.open.get(t, self.open[ColType.TEXT])


def _write_sheet(
    ws: Worksheet,
    key: str,
    lang: Lang,
    entries: list[Entry],
    formats: _Formats,
    lists: Lists,
    pupils_sheet: str,
) -> None:
    """One form sheet: headers, the pupils' rows, `NEW_ROWS` empty rows, validations."""
    columns = fields(key)
    grid = key != "pupils"
    top = 2 if grid else 1  # header rows
    last = top + len(entries) + NEW_ROWS - 1
    pupils = sheet("pupils")
    for c, (head, width) in enumerate(
        (
            (pupils.column("id").header(lang), ID_WIDTH),
            (pupils.column("full_name").header(lang), NAME_WIDTH),
        )
    ):
        ws.set_column(
            c, c, width, formats.locked if grid or c == 0 else formats.input(ColType.TEXT)
        )
        if grid:
            ws.merge_range(0, c, 1, c, head, formats.header)
        else:
            ws.write_string(0, c, head, formats.header)
    for i, f in enumerate(columns, start=2):
        ws.set_column(i, i, GRID_WIDTH if grid else f.column.width, formats.input(f.column.type))
        ws.write_string(top - 1, i, f.column.header(lang), formats.header)
        options = validation(sheet(key), f.column, lang, lists)
        if options:
            if "input_title" in options:
                options["input_title"] = input_title(f.header(lang))
            ws.data_validation(top, i, last, i, options)
    if grid:
        _write_periods(ws, columns, lang, formats)
    rows: list[Entry | None] = [*entries, *[None] * NEW_ROWS]
    for r, entry in enumerate(rows, start=top):
        if grid:
            _write_shown(ws, r, r - top + 2, entry, pupils_sheet, formats)
        elif entry is None:
            ws.write_blank(r, 0, None, formats.locked)  # the id is given on collecting
            ws.write_blank(r, 1, None, formats.input(ColType.TEXT))
        else:
            ws.write_string(r, 0, entry.pupil_id, formats.locked)
            ws.write_string(r, 1, entry.full_name, formats.locked)
        for i, f in enumerate(columns, start=2):
            fmt = formats.input(f.column.type)
            ws.write_blank(r, i, None, fmt)  # open even where the register holds nothing
            if entry is not None:
                write_cell(ws, r, i, f.column, entry.values.get(f.key), lang, fmt)
    widths = [ID_WIDTH, NAME_WIDTH, *(GRID_WIDTH if grid else f.column.width for f in columns)]
    height = max(
        text_height(f.column.header(lang), GRID_WIDTH if grid else f.column.width) for f in columns
    )
    ws.set_row(top - 1, height + 6)
    ws.freeze_panes(top, 2)
    page_setup(ws, widths, 2)
    ws.repeat_rows(0, top - 1)
    ws.ignore_errors({"number_stored_as_text": f"A1:{xl_col_to_name(len(widths) - 1)}{last + 1}"})


def _write_periods(
    ws: Worksheet, columns: tuple[Field, ...], lang: Lang, formats: _Formats
) -> None:
    """The month or quarter above its columns, merged over them."""
    first = 2
    for i, f in enumerate(columns, start=2):
        ends = i + 1 == len(columns) + 2 or columns[i - 1].period != f.period
        if ends:
            assert f.period is not None
            if i > first:
                ws.merge_range(0, first, 0, i, f.period.label(lang), formats.header)
            else:
                ws.write_string(0, i, f.period.label(lang), formats.header)
            first = i + 1


def _write_shown(
    ws: Worksheet,
    row: int,
    pupils_row: int,
    entry: Entry | None,
    pupils_sheet: str,
    formats: _Formats,
) -> None:
    """A grid row's id and name: formulas showing the Pupils sheet's row (with its values)."""
    quoted = "'" + pupils_sheet.replace("'", "''") + "'"
    for c, value in ((0, entry.pupil_id if entry else ""), (1, entry.full_name if entry else "")):
        cell = f"{quoted}!{xl_rowcol_to_cell(pupils_row - 1, c)}"
        ws.write_formula(row, c, f'=IF({cell}="","",{cell})', formats.locked, value)


def _write_meta(workbook: Workbook, class_name: str, school_year: str, lang: Lang) -> None:
    ws = workbook.add_worksheet(META_SHEET)
    for r, (key, value) in enumerate(
        (
            ("form", FORM_KIND),
            ("class", class_name),
            ("school_year", school_year),
            ("language", lang),
        )
    ):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.very_hidden()
