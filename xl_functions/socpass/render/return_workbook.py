"""Write a school's return: a small workbook of aggregates for the education department.

Three sheets: one for people, in the school's language (who the school is, the school year, and
each metric with last year, this year and the change, grouped by section), and the two machine
sheets of `core.returns` (`about`, `data`) that `socpass consolidate` reads. Every text cell is
written as a string (a school name starting with "=" stays text), and the file goes through
the one write path (`files.atomic.write_file`).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..core.aggregates import AGGREGATES, SECTIONS, SchoolFigures
from ..core.formatting import format_change
from ..core.returns import ABOUT_HEADER, ABOUT_SHEET, DATA_HEADER, DATA_SHEET, about_rows, data_rows
from ..core.schema import Lang, Text, setting
from ..files.atomic import Written, library_errors, write_file
from ..files.workbook_file import opens_with_sheets
from .cells import write_value

SHEET_NAME = Text("Жиынтық", "Сводка")
TITLE = Text(
    "Әлеуметтік паспорттың жиынтығы: {year} оқу жылы",
    "Сводка социального паспорта за {year} учебный год",
)
CODE_KINDS = {"bin": Text("БСН", "БИН"), "nedb": Text("ҰБДҚ коды", "код НОБД")}
SCHOOL_YEAR = Text("Оқу жылы", "Учебный год")
AS_OF = Text("Деректер күні", "Данные на")
MADE_WITH = Text("Жасаған бағдарлама", "Программа")
PRIVACY = Text(
    "Мұнда тек жиынтық сандар бар: оқушылардың аты-жөні, ЖСН-і, туған күні, мекенжайы, телефоны "
    "және тізілімге жазылған мәтіндер жоқ.",
    "Здесь только сводные числа: ни имён, ни ИИН, ни дат рождения, ни адресов, ни телефонов "
    "учащихся, ни текста из реестра.",
)
SUPPRESSED = Text(
    "Жариялауға арналған нұсқа: 1-ден 4-ке дейінгі сандар (және олардың көмек сомалары) "
    "жасырылған. Білім бөліміне толық нұсқасын жіберіңіз.",
    "Версия для публикации: числа от 1 до 4 (и суммы помощи по ним) скрыты. В отдел "
    "образования отправьте полную версию.",
)
MACHINE = Text(
    "«about» және «data» парақтары бағдарламаға арналған: оларды өзгертпеңіз.",
    "Листы «about» и «data» предназначены для программы: не изменяйте их.",
)
HEADERS = (
    Text("Көрсеткіш", "Показатель"),
    None,  # last school year
    None,  # this school year
    Text("Өзгерісі", "Изменение"),
    Text("Кілт", "Ключ"),
)
WIDTHS = (62, 12, 12, 12, 34)
#: A fixed creation date: the same figures give the same workbook content.
CREATED = datetime(2025, 9, 1)


def write_return(
    path: Path,
    figures: SchoolFigures,
    lang: Lang,
    register: Path | None = None,
    backup: bool = False,
) -> Written:
    """Write the return of `figures` to `path` through the one write path (no more open than the
    `register` it comes from; with `backup`, an earlier file there is kept); readable sheet in
    `lang`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = return_bytes(path, figures, lang)
    check = opens_with_sheets([SHEET_NAME(lang), ABOUT_SHEET, DATA_SHEET])
    return write_file(path, data, backup=backup, derived_from=register, check=check)


def return_bytes(path: Path, figures: SchoolFigures, lang: Lang) -> bytes:
    """The return workbook, built in memory."""
    out = io.BytesIO()
    with library_errors(path):
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        workbook.set_properties(
            {
                "title": TITLE(lang).format(year=figures.school_year),
                "author": "socpass",
                "created": CREATED,
            }
        )
        _readable(workbook, workbook.add_worksheet(SHEET_NAME(lang)), figures, lang)
        _about(workbook.add_worksheet(ABOUT_SHEET), figures)
        _data(workbook.add_worksheet(DATA_SHEET), figures)
        workbook.close()
    return out.getvalue()


def _readable(workbook: Workbook, ws: Worksheet, figures: SchoolFigures, lang: Lang) -> None:
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E79"})
    note = workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True})
    header = workbook.add_format(
        {
            "bold": True,
            "font_color": "#FFFFFF",
            "bg_color": "#1F4E79",
            "border": 1,
            "text_wrap": True,
        }
    )
    section = workbook.add_format({"bold": True, "bg_color": "#D9E2F3", "border": 1})
    text = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    count = workbook.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
    centred = workbook.add_format({"border": 1, "align": "right", "valign": "top"})
    key = workbook.add_format({"border": 1, "font_color": "#7F7F7F", "valign": "top"})
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)

    school = figures.school
    ws.write_string(0, 0, TITLE(lang).format(year=figures.school_year), title)
    code = f"{school.code} ({CODE_KINDS[school.code_kind](lang)})"
    identity = (
        (setting("school_name").label(lang), school.name),
        (setting("school_code").label(lang), code),
        (setting("district").label(lang), school.district),
        (setting("region").label(lang), school.region),
        (SCHOOL_YEAR(lang), str(figures.school_year)),
        (AS_OF(lang), figures.as_of.strftime("%d.%m.%Y")),
        (MADE_WITH(lang), f"socpass {__version__}"),
    )
    row = 2
    for name, value in identity:
        ws.write_string(row, 0, name, bold)
        ws.write_string(row, 1, value)
        row += 1
    row += 1
    notes = [PRIVACY(lang), *([SUPPRESSED(lang)] if figures.suppressed else []), MACHINE(lang)]
    for line in notes:
        ws.merge_range(row, 0, row, len(WIDTHS) - 1, "", note)
        ws.write_string(row, 0, line, note)
        ws.set_row(row, 30)
        row += 1
    row += 1

    years = (str(figures.previous_year), str(figures.school_year))
    for col, head in enumerate(HEADERS):
        shown = head(lang) if head is not None else years[col - 1]
        ws.write_string(row, col, shown, header)
    ws.freeze_panes(row + 1, 0)
    row += 1
    current_section = None
    for item in AGGREGATES:
        if item.section != current_section:
            current_section = item.section
            ws.merge_range(row, 0, row, len(WIDTHS) - 1, "", section)
            ws.write_string(row, 0, SECTIONS[item.section](lang), section)
            row += 1
        now = figures.value(item.key)
        before = figures.value(item.key, figures.previous_year) if item.both_years else None
        ws.write_string(row, 0, item.label(lang), text)
        write_value(ws, row, 1, before, count)
        write_value(ws, row, 2, now, count)
        change = format_change(before, now, lang) if item.both_years else ""
        ws.write_string(row, 3, change, centred)
        ws.write_string(row, 4, item.key, key)
        row += 1
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _about(ws: Worksheet, figures: SchoolFigures) -> None:
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 50)
    for col, head in enumerate(ABOUT_HEADER):
        ws.write_string(0, col, head)
    for row, (key, value) in enumerate(about_rows(figures), start=1):
        ws.write_string(row, 0, key)
        if isinstance(value, int):
            ws.write_number(row, 1, value)
        else:
            ws.write_string(row, 1, value)


def _data(ws: Worksheet, figures: SchoolFigures) -> None:
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 14)
    for col, head in enumerate(DATA_HEADER):
        ws.write_string(0, col, head)
    for row, (key, year, value) in enumerate(data_rows(figures), start=1):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, year)
        write_value(ws, row, 2, value, None)
    ws.freeze_panes(1, 0)
