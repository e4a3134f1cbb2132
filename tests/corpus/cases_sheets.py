"""The register's sheets themselves: hidden, very hidden, stale copies, chart sheets, missing ones,
a register typed without Excel Tables.

A very hidden sheet (xlVeryHidden) is invisible in Excel's Unhide list: a pedagogue cannot know it
is there, so socpass must never count from it instead of the sheet she sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference
from socpass.core.reader import MISSING_SHEET, MISSING_SHEETS
from socpass.files.register_edit import NO_TABLE

from .bases import base_parts, letter, name, write_base, write_broken, write_plain
from .model import Expect, case, everywhere, readable, unusable
from .zipxml import Parts, set_cells, sheet_parts, text_cell

STALE = "ЕСКІ КӨШІРМЕ"


def _set_state(parts: Parts, sheet_name: str, state: str) -> None:
    wb = parts["xl/workbook.xml"].decode()
    tag = re.search(rf'<sheet name="{re.escape(sheet_name)}"[^>]*/>', wb).group(0)
    parts["xl/workbook.xml"] = wb.replace(tag, tag[:-2] + f' state="{state}"/>').encode()


@case(readable())
def hidden_data_sheet(folder: Path) -> Path:
    """The Aid sheet hidden (right click → Hide) to declutter the tabs."""
    parts = base_parts()
    _set_state(parts, name("aid"), "hidden")
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def very_hidden_data_sheet(folder: Path) -> Path:
    """The Events sheet made very hidden (xlVeryHidden, from the VBA editor)."""
    parts = base_parts()
    _set_state(parts, name("events"), "veryHidden")
    return write_broken(folder / "register.xlsx", parts)


@case(
    readable(flag=Expect(0, stdout_lacks=STALE), summary=Expect(0, stdout_lacks=STALE)),
)
def stale_pupils_copy_very_hidden_first(folder: Path) -> Path:
    """A very hidden copy of last year's Pupils sheet (named «Учащиеся»), first in the workbook,
    left by an old macro; the visible «Оқушылар» sheet holds this year's pupils."""
    parts = base_parts()
    pupils_part = sheet_parts(parts)[name("pupils")]
    col = letter("pupils", "full_name")
    copy = parts[pupils_part].decode()
    copy = re.sub(r"<tableParts.*?</tableParts>|<tableParts[^>]*/>", "", copy, flags=re.S)
    copy = set_cells(
        copy, {f"{col}{r}": text_cell(f"{col}{r}", f"{STALE} {r}") for r in range(2, 42)}
    )
    parts["xl/worksheets/sheet99.xml"] = copy.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rel = (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet99.xml"/>'
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", rel + "</Relationships>"
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    override = (
        '<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    wb = parts["xl/workbook.xml"].decode()
    sheet = '<sheet name="Учащиеся" sheetId="99" state="veryHidden" r:id="rId99"/>'
    wb = wb.replace("<sheets>", "<sheets>" + sheet, 1)
    # print areas are tied to sheet positions: drop them rather than point them at other sheets
    wb = re.sub(r"<definedName name=\"_xlnm[^>]*>.*?</definedName>", "", wb)
    parts["xl/workbook.xml"] = wb.encode()
    return write_broken(folder / "register.xlsx", parts)


def _with_chartsheet(folder: Path, title: str, drop: str | None) -> Path:
    """The register re-saved by openpyxl with a chart sheet `title` (and sheet `drop` removed)."""
    path = write_base(folder / "register.xlsx")
    book = openpyxl.load_workbook(path)
    history = book[name("history")]
    if drop is not None:
        book.remove(book[drop])
    chart = BarChart()
    chart.add_data(Reference(history, min_col=3, min_row=1, max_row=10), titles_from_data=True)
    book.create_chartsheet(title).add_chart(chart)
    book.save(path)
    return path


@case(readable())
def chartsheet_named_like_data_sheet(folder: Path) -> Path:
    """A chart on its own sheet named «По годам» (the Russian name of History) in a Kazakh
    register, next to the real «Жылдар» sheet."""
    return _with_chartsheet(folder, name("history", "ru"), None)


@case(everywhere(unusable(MISSING_SHEET)))
def chartsheet_in_place_of_data_sheet(folder: Path) -> Path:
    """The Aid sheet deleted and a chart sheet named «Көмек» made in its place."""
    return _with_chartsheet(folder, name("aid"), name("aid"))


def _without(parts: Parts, *sheet_names: str) -> Parts:
    wb = parts["xl/workbook.xml"].decode()
    for sheet_name in sheet_names:
        wb = re.sub(rf'<sheet name="{re.escape(sheet_name)}"[^>]*/>', "", wb)
    parts["xl/workbook.xml"] = re.sub(
        r"<definedName name=\"_xlnm[^>]*>.*?</definedName>", "", wb
    ).encode()
    return parts


@case(everywhere(unusable(MISSING_SHEET)))
def kk_missing_sheet(folder: Path) -> Path:
    """A Kazakh register whose Attendance sheet was deleted."""
    parts = _without(base_parts("kk"), name("attendance"))
    return write_broken(folder / "register.xlsx", parts)


@case(
    everywhere(unusable(MISSING_SHEET, "ru")),
)
def ru_missing_sheet(folder: Path) -> Path:
    """A Russian register whose «Посещаемость» sheet was deleted."""
    parts = _without(base_parts("ru"), name("attendance", "ru"))
    return write_broken(folder / "register.xlsx", parts)


@case(
    everywhere(unusable(MISSING_SHEETS, "ru")),
)
def ru_missing_two_sheets(folder: Path) -> Path:
    """A Russian register whose «Поведение» and «Помощь» sheets were deleted."""
    parts = _without(base_parts("ru"), name("behaviour", "ru"), name("aid", "ru"))
    return write_broken(folder / "register.xlsx", parts)


@case(readable(close_year=unusable(NO_TABLE)))
def plain_register_without_tables(folder: Path) -> Path:
    """The register's sheets typed into a plain workbook (no Excel Tables): readable, but
    close-year has no History table to extend and must say so in one line."""
    return write_plain(folder / "register.xlsx")


@case(readable())
def sheet_names_in_other_case_and_spacing(folder: Path) -> Path:
    """Sheet names retyped as «ОҚУШЫЛАР» and «сабаққа  қатысу» (capitals, a double space)."""
    parts = base_parts()
    wb = parts["xl/workbook.xml"].decode()
    wb = wb.replace(f'name="{name("pupils")}"', 'name="ОҚУШЫЛАР"')
    wb = wb.replace(f'name="{name("attendance")}"', 'name="сабаққа  қатысу"')
    parts["xl/workbook.xml"] = re.sub(
        r"<definedName name=\"_xlnm[^>]*>.*?</definedName>", "", wb
    ).encode()
    return write_broken(folder / "register.xlsx", parts)
