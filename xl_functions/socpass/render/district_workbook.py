"""Write the district workbook: the totals, every school's figures, the early-warning picture.

Sheets, in the department's language: the district totals (last year, this year, the change over
the schools that gave both, how many schools gave each) with a chart of the categories; one row
per school × metric as an Excel Table to filter; each school's early-warning shares with the
schools above the district's rule of thumb marked, and a chart; the files not counted and the
schools whose file never came, with the reason; and an `about` sheet that marks the workbook as a
district workbook (so a later run given this folder skips it instead of misreading it).
Aggregates only: schools are named, children never. Text cells are written as strings, the file
through the one write path, with a fixed creation date, so the same district gives the same file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..core.aggregates import AGGREGATES, SECTIONS, SchoolFigures, aggregate
from ..core.district import NOT_RECEIVED, RULE_OF_THUMB, District
from ..core.passport import CATEGORY_METRICS
from ..core.returns import ABOUT_HEADER, ABOUT_SHEET, DISTRICT_FORMAT
from ..core.schema import NEW, NO, TIERS, Lang, Text, year_change
from ..files.atomic import Written, library_errors, write_file
from ..files.workbook_file import opens_with_sheets
from .cells import write_value

FORMAT_VERSION = 1
CREATED = datetime(2025, 9, 1)
#: Rows of an Excel worksheet.
MAX_ROWS = 1_048_576

TOTALS = Text("Аудан", "Район")
SCHOOLS = Text("Мектептер", "Школы")
RISK = Text("Ерте ескерту", "Раннее предупреждение")
REFUSED = Text("Есепке алынбаған", "Не учтено")
TITLE = Text(
    "Аудан бойынша әлеуметтік паспорт: {year} оқу жылы",
    "Социальный паспорт района за {year} учебный год",
)
DISTRICT = Text("Аудан (қала)", "Район (город)")
REGION = Text("Облыс", "Область")
SCHOOL_YEAR = Text("Оқу жылы", "Учебный год")
COUNTED = Text(
    "Есепке алынған мектептер: {schools} (жиынтықтан – {returns}, толық тізілімнен – {registers})",
    "Учтено школ: {schools} (из сводок – {returns}, из полных реестров – {registers})",
)
NOT_COUNTED = Text(
    "Есепке алынбаған файлдар: {refused}; файлы келмеген мектептер: {missing}",
    "Не учтено файлов: {refused}; школ без файла: {missing}",
)
MADE = Text("Жасалған күні: {day} (socpass {version})", "Дата: {day} (socpass {version})")
PRIVACY = Text(
    "Тек жиынтық сандар: оқушылар туралы жеке деректер жоқ. Өзгеріс екі жылдың да деректерін "
    "берген мектептер бойынша есептелген.",
    "Только сводные числа: персональных данных учащихся нет. Изменение рассчитано по школам, "
    "давшим данные за оба года.",
)
SECTION = Text("Бөлім", "Раздел")
METRIC = Text("Көрсеткіш", "Показатель")
CHANGE = Text("Өзгерісі", "Изменение")
WITH_VALUE = Text("Мектептер (биыл)", "Школ (текущий год)")
COMPARED = Text("Мектептер (екі жыл)", "Школ (оба года)")
KEY = Text("Кілт", "Ключ")
CODE = Text("Коды", "Код")
SCHOOL = Text("Мектеп", "Школа")
SOURCE = Text("Дереккөзі", "Источник")
SOURCES = {"return": Text("жиынтық", "сводка"), "register": Text("тізілім", "реестр")}
AS_OF = Text("Деректер күні", "Данные на")
PUPILS = Text("Оқушылар", "Учащихся")
SHARE = Text("{tier}, %", "{tier}, %")
ABOVE = Text("Ережеден жоғары", "Выше правила")
RULE = Text(
    "Ауданның ережесі: нысаналы деңгейдегі оқушылардың үлесі {targeted}-дан, мамандырылған деңгейдегі "
    "үлесі {intensive}-дан жоғары мектеп белгіленеді.",
    "Правило района: отмечается школа, где доля учащихся целевого уровня выше {targeted}, "
    "специализированного – выше {intensive}.",
)
DISTRICT_ROW = Text("Аудан бойынша", "По району")
SCHOOLS_ABOVE = Text("мектептер: {count}", "школ: {count}")
FILE = Text("Файл", "Файл")
REASON = Text("Себебі", "Причина")
CHART_CATEGORIES = Text("Санаттар бойынша оқушылар", "Учащиеся по категориям")
CHART_RISK = Text("Ерте ескерту: мектептердегі үлестер", "Раннее предупреждение: доли по школам")


class _Formats:
    def __init__(self, workbook: Workbook) -> None:
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 14, "font_color": "#1F4E79"})
        self.bold = add({"bold": True})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.header = add(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#1F4E79",
                "border": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.text = add({"border": 1, "valign": "top"})
        self.count = add({"border": 1, "num_format": "#,##0", "valign": "top"})
        self.plain_count = add({"num_format": "#,##0"})
        self.percent = add({"border": 1, "num_format": "0.0%", "valign": "top"})
        self.right = add({"border": 1, "align": "right", "valign": "top"})
        self.muted = add({"border": 1, "font_color": "#7F7F7F", "valign": "top"})
        self.total_text = add({"border": 1, "bold": True, "bg_color": "#D9E2F3"})
        self.total_count = add(
            {"border": 1, "bold": True, "bg_color": "#D9E2F3", "num_format": "#,##0"}
        )
        self.total_percent = add(
            {"border": 1, "bold": True, "bg_color": "#D9E2F3", "num_format": "0.0%"}
        )
        self.above = add({"bg_color": "#F8CBAD", "font_color": "#9C0006"})


def write_district_workbook(
    path: Path, district: District, lang: Lang, today: date, backup: bool = False
) -> Written:
    """Write the district workbook to `path` through the one write path, in `lang` (with
    `backup`, an earlier file there is kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    with library_errors(path):
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        workbook.set_properties(
            {
                "title": TITLE(lang).format(year=district.school_year),
                "author": "socpass",
                "created": CREATED,
            }
        )
        formats = _Formats(workbook)
        _totals(workbook, workbook.add_worksheet(TOTALS(lang)), district, lang, today, formats)
        _schools(workbook, district, lang, formats)
        _risk(workbook, workbook.add_worksheet(RISK(lang)), district, lang, formats)
        _refused(workbook.add_worksheet(REFUSED(lang)), district, lang, formats)
        _about(workbook.add_worksheet(ABOUT_SHEET), district, today)
        workbook.close()
    check = opens_with_sheets([TOTALS(lang), SCHOOLS(lang), RISK(lang), REFUSED(lang), ABOUT_SHEET])
    return write_file(path, out.getvalue(), backup=backup, check=check)


def _change(
    ws: Worksheet, row: int, col: int, change: float | str | None, lang: Lang, f: _Formats
) -> None:
    """The change as a percentage Excel can sort, "жаңа" / "новое" from 0, "—" when unknown."""
    if isinstance(change, float):
        ws.write_number(row, col, change, f.percent)
    elif change == "same":
        ws.write_number(row, col, 0, f.percent)
    elif change == "new":
        ws.write_string(row, col, NEW(lang), f.right)
    else:
        ws.write_string(row, col, "—", f.right)


def _headers(ws: Worksheet, row: int, headers: list[str], widths: list[int], f: _Formats) -> None:
    ws.set_row(row, 30)  # two lines of a wrapped header
    for col, (head, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(row, col, head, f.header)
        ws.set_column(col, col, width)


def _totals(
    workbook: Workbook, ws: Worksheet, district: District, lang: Lang, today: date, f: _Formats
) -> None:
    ws.write_string(0, 0, TITLE(lang).format(year=district.school_year), f.title)
    lines = [
        (DISTRICT(lang), district.name),
        (REGION(lang), district.region),
        (SCHOOL_YEAR(lang), str(district.school_year)),
    ]
    row = 2
    for name, value in lines:
        ws.write_string(row, 0, name, f.bold)
        ws.write_string(row, 1, value)
        row += 1
    for line in (
        COUNTED(lang).format(
            schools=len(district.schools),
            returns=district.count("return"),
            registers=district.count("register"),
        ),
        NOT_COUNTED(lang).format(refused=len(district.refused), missing=len(district.missing)),
        MADE(lang).format(day=today.strftime("%d.%m.%Y"), version=__version__),
        PRIVACY(lang),
    ):
        ws.write_string(row, 0, line, f.note)
        row += 1
    row += 1
    years = (str(district.previous_year), str(district.school_year))
    headers = [
        SECTION(lang),
        METRIC(lang),
        *years,
        CHANGE(lang),
        WITH_VALUE(lang),
        COMPARED(lang),
        KEY(lang),
    ]
    _headers(ws, row, headers, [22, 60, 12, 12, 11, 12, 12, 34], f)
    ws.freeze_panes(row + 1, 2)
    first = row + 1
    category_rows = []
    for total in district.totals():
        row += 1
        item = aggregate(total.key)
        ws.write_string(row, 0, SECTIONS[item.section](lang), f.text)
        ws.write_string(row, 1, item.label(lang), f.text)
        write_value(ws, row, 2, total.previous if item.both_years else None, f.count)
        write_value(ws, row, 3, total.current, f.count)
        if item.both_years:
            _change(ws, row, 4, total.change, lang, f)
        else:
            ws.write_blank(row, 4, None, f.text)
        ws.write_number(row, 5, total.schools, f.count)
        ws.write_number(row, 6, total.compared if item.both_years else 0, f.count)
        ws.write_string(row, 7, total.key, f.muted)
        if total.key in {f"passport.{m}.pupils" for m in CATEGORY_METRICS}:
            category_rows.append(row)
    ws.autofilter(first - 1, 0, row, len(headers) - 1)
    chart = workbook.add_chart({"type": "bar"})
    sheet = TOTALS(lang)
    for col, year in ((2, years[0]), (3, years[1])):
        chart.add_series(
            {
                "name": year,
                "categories": [sheet, category_rows[0], 1, category_rows[-1], 1],
                "values": [sheet, category_rows[0], col, category_rows[-1], col],
                "fill": {"color": "#9DB9D9" if col == 2 else "#1F4E79"},
            }
        )
    chart.set_title({"name": CHART_CATEGORIES(lang)})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 420})
    ws.insert_chart(xl_rowcol_to_cell(1, 9), chart)
    ws.print_area(0, 0, row, len(headers) - 1)  # the table; the chart is for the screen
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _schools(workbook: Workbook, district: District, lang: Lang, f: _Formats) -> None:
    """One row per school × metric, as Excel Tables (filter by school, metric, key): as many
    sheets as Excel's row limit asks for (a whole country's 7,700 schools make more than a
    million rows). The Tables' style draws the cells, so only numbers get a format, and a cell
    with nothing to show is not written."""
    per_sheet = max((MAX_ROWS - 1) // len(AGGREGATES), 1)
    schools = district.schools
    for number, first in enumerate(range(0, max(len(schools), 1), per_sheet), start=1):
        name = SCHOOLS(lang) + (f" {number}" if number > 1 else "")
        ws = workbook.add_worksheet(name)
        _school_rows(ws, schools[first : first + per_sheet], district, lang, f, number)


def _school_rows(
    ws: Worksheet,
    schools: Sequence[SchoolFigures],
    district: District,
    lang: Lang,
    f: _Formats,
    number: int,
) -> None:
    years = (str(district.previous_year), str(district.school_year))
    headers = [CODE(lang), SCHOOL(lang), KEY(lang), METRIC(lang), *years, CHANGE(lang)]
    widths = [14, 36, 34, 60, 12, 12, 11]
    labels = [(item, item.label(lang)) for item in AGGREGATES]
    row = 0
    for figures in schools:
        code, name = figures.school.code, figures.school.name
        for item, label in labels:
            row += 1
            ws.write_string(row, 0, code)
            ws.write_string(row, 1, name)
            ws.write_string(row, 2, item.key)
            ws.write_string(row, 3, label)
            now = figures.value(item.key)
            if now is not None:
                ws.write_number(row, 5, now, f.plain_count)
            if item.both_years:
                before = figures.value(item.key, district.previous_year)
                if before is not None:
                    ws.write_number(row, 4, before, f.plain_count)
                _change(ws, row, 6, year_change(before, now), lang, f)
    ws.add_table(
        0,
        0,
        max(row, 1),
        len(headers) - 1,
        {
            "name": "Schools" + (str(number) if number > 1 else ""),
            "style": "Table Style Light 9",
            "columns": [{"header": h, "header_format": f.header} for h in headers],
        },
    )
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 2)


def _risk(workbook: Workbook, ws: Worksheet, district: District, lang: Lang, f: _Formats) -> None:
    tier = {t.key: t.label(lang) for t in TIERS}
    pct = {t: f"{round(share * 100)} %" for t, share in RULE_OF_THUMB.items()}
    ws.write_string(0, 0, RISK(lang), f.title)
    ws.write_string(1, 0, RULE(lang).format(**pct), f.note)
    headers = [
        CODE(lang),
        SCHOOL(lang),
        DISTRICT(lang),
        SOURCE(lang),
        AS_OF(lang),
        PUPILS(lang),
        tier["targeted"],
        tier["intensive"],
        SHARE(lang).format(tier=tier["targeted"]),
        SHARE(lang).format(tier=tier["intensive"]),
        ABOVE(lang),
    ]
    top = 3
    _headers(ws, top, headers, [14, 40, 20, 10, 12, 11, 12, 12, 13, 13, 26], f)
    ws.freeze_panes(top + 1, 2)
    row = top
    risks = district.risks()
    for figures, risk in zip(district.schools, risks, strict=True):
        row += 1
        shares = risk.shares
        ws.write_string(row, 0, risk.school.code, f.text)
        ws.write_string(row, 1, risk.school.name, f.text)
        ws.write_string(row, 2, risk.school.district, f.text)
        ws.write_string(row, 3, SOURCES[figures.source](lang), f.text)
        ws.write_string(row, 4, figures.as_of.strftime("%d.%m.%Y"), f.text)
        ws.write_number(row, 5, risk.pupils, f.count)
        ws.write_number(row, 6, risk.targeted, f.count)
        ws.write_number(row, 7, risk.intensive, f.count)
        ws.write_number(row, 8, shares["targeted"], f.percent)
        ws.write_number(row, 9, shares["intensive"], f.percent)
        marked = ", ".join(tier[t] for t in risk.above)
        ws.write_string(row, 10, marked or NO(lang), f.text)
    last = row
    row += 1
    pupils = sum(r.pupils for r in risks)
    targeted = sum(r.targeted for r in risks)
    intensive = sum(r.intensive for r in risks)
    for col in range(5):
        ws.write_string(row, col, DISTRICT_ROW(lang) if col == 1 else "", f.total_text)
    ws.write_number(row, 5, pupils, f.total_count)
    ws.write_number(row, 6, targeted, f.total_count)
    ws.write_number(row, 7, intensive, f.total_count)
    ws.write_number(row, 8, targeted / pupils if pupils else 0, f.total_percent)
    ws.write_number(row, 9, intensive / pupils if pupils else 0, f.total_percent)
    above = sum(1 for r in risks if r.above)
    ws.write_string(row, 10, SCHOOLS_ABOVE(lang).format(count=above), f.total_text)
    for col, key in ((8, "targeted"), (9, "intensive")):
        ws.conditional_format(
            top + 1,
            col,
            last,
            col,
            {"type": "cell", "criteria": ">", "value": RULE_OF_THUMB[key], "format": f.above},
        )
    if risks:
        chart = workbook.add_chart({"type": "column"})
        sheet = RISK(lang)
        for col, color in ((8, "#F4B183"), (9, "#C00000")):
            chart.add_series(
                {
                    "name": [sheet, top, col],
                    "categories": [sheet, top + 1, 1, last, 1],
                    "values": [sheet, top + 1, col, last, col],
                    "fill": {"color": color},
                }
            )
        chart.set_title({"name": CHART_RISK(lang)})
        chart.set_y_axis({"num_format": "0%"})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": max(600, 24 * len(risks)), "height": 360})
        ws.insert_chart(xl_rowcol_to_cell(row + 2, 1), chart)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _refused(ws: Worksheet, district: District, lang: Lang, f: _Formats) -> None:
    _headers(ws, 0, [FILE(lang), SCHOOL(lang), REASON(lang)], [46, 40, 100], f)
    row = 0
    for refusal in district.refused:
        row += 1
        school = refusal.school
        ws.write_string(row, 0, refusal.file, f.text)
        ws.write_string(row, 1, f"{school.code} {school.name}".strip() if school else "", f.text)
        ws.write_string(row, 2, refusal.reason(lang), f.text)
    for missing in district.missing:
        row += 1
        ws.write_string(row, 0, "", f.text)
        ws.write_string(row, 1, f"{missing.code} {missing.name}".strip(), f.text)
        ws.write_string(row, 2, NOT_RECEIVED(lang), f.text)
    ws.freeze_panes(1, 0)


def _about(ws: Worksheet, district: District, today: date) -> None:
    rows: list[tuple[str, str | int]] = [
        ("format", DISTRICT_FORMAT),
        ("format_version", FORMAT_VERSION),
        ("school_year", str(district.school_year)),
        ("district", district.name),
        ("region", district.region),
        ("schools", len(district.schools)),
        ("refused", len(district.refused)),
        ("missing", len(district.missing)),
        ("made", today.isoformat()),
    ]
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 40)
    for col, head in enumerate(ABOUT_HEADER):
        ws.write_string(0, col, head)
    for row, (key, value) in enumerate(rows, start=1):
        ws.write_string(row, 0, key)
        if isinstance(value, int):
            ws.write_number(row, 1, value)
        else:
            ws.write_string(row, 1, value)
