"""The Control sheet's dashboard: the passport table as native formulas, for Excel without Python.

Every number is a formula over the register's own Tables (structured references such as
`Pupils[Жетім]`, which Excel 2010+ and LibreOffice both read and which follow the table as it
grows), so the dashboard is right on any computer and agrees with `socpass.core.passport`:
- a flag counts when its cell holds any of the schema's yes words (иә, да, +, 1, x, ✓ ...);
- families = distinct non-blank family ids among flagged pupils: a flagged row counts when it is
  the first row with its (family id, flag) key, found with MATCH (no CSE array formula needed);
- History rows without a pupils number are not typed in yet and are skipped, as in the core;
- last year = the latest such school year in History before the Settings' school year, looked for up
  to YEARS_BACK years back (COUNTIF with an array of candidate years: AGGREGATE over an array
  fails in LibreOffice); a metric typed twice for a year takes its last row (LOOKUP).

Each formula is written with its result (`core.passport.summary_for` on the frames being written)
as the cached value, so a viewer that does not recalculate on load (LibreOffice's default for
xlsx, file previews, phone apps) shows the right numbers, not zeros; Excel recalculates them.
Rows and columns are XlsxWriter's 0-based indices.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.history import year_start
from ..core.passport import FAMILY_METRICS, countable, summary_for
from ..core.schema import CATEGORIES, REGISTERS, YES_VALUES, Lang, Text, sheet

#: The metrics the dashboard shows, top to bottom: categories, then registers (pupils only).
DASHBOARD_METRICS = (*(c.key for c in CATEGORIES), *(f"reg_{r.key}" for r in REGISTERS))
#: Rows above the first metric row: title, school years, column headers.
HEADER_ROWS = 3
#: Columns after the label column, left to right.
VALUE_COLUMNS = (
    "previous_pupils",
    "previous_families",
    "current_pupils",
    "current_families",
    "change_pupils",
    "change_families",
)

TITLE = Text("Әлеуметтік паспорт (формулалар)", "Социальный паспорт (формулы)")
CURRENT_YEAR = Text("Оқу жылы", "Учебный год")
PREVIOUS_YEAR = Text("Өткен жыл", "Прошлый год")
HEADERS = {
    "label": Text("Санат / есеп", "Категория / учёт"),
    "previous_pupils": Text("Өткен жыл: оқушы", "Прошлый год: учащихся"),
    "previous_families": Text("Өткен жыл: отбасы", "Прошлый год: семей"),
    "current_pupils": Text("Биыл: оқушы", "Текущий год: учащихся"),
    "current_families": Text("Биыл: отбасы", "Текущий год: семей"),
    "change_pupils": Text("Өзгерісі: оқушы", "Изменение: учащиеся"),
    "change_families": Text("Өзгерісі: отбасы", "Изменение: семьи"),
}
NEW = Text("жаңа", "новое")  # the same word as core.formatting.NEW
NO_DATA = "—"
YEARS_BACK = 20
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"


def _ref(sheet_key: str, column_key: str, lang: Lang) -> str:
    """`Table[Header]` for a schema column, escaping the characters Excel reserves with '."""
    s = sheet(sheet_key)
    header = s.column(column_key).header(lang)
    for ch in "'#[]":
        header = header.replace(ch, "'" + ch)
    return f"{s.table}[{header}]"


def _is_yes(flag_ref: str) -> str:
    words = ";".join(f'"{w}"' for w in sorted(YES_VALUES))
    return f"ISNUMBER(MATCH(LOWER(TRIM({flag_ref})),{{{words}}},0))"


def pupils_formula(flag_column: str, lang: Lang) -> str:
    """Pupils whose flag holds a yes word."""
    return f"=SUMPRODUCT(--{_is_yes(_ref('pupils', flag_column, lang))})"


def families_formula(flag_column: str, lang: Lang) -> str:
    """Distinct non-blank family ids among flagged pupils (first occurrence of each key)."""
    fam = _ref("pupils", "family_id", lang)
    yes = _is_yes(_ref("pupils", flag_column, lang))
    key = f'TRIM({fam})&"|"&{yes}'
    first = f"MATCH({key},{key},0)=ROW({fam})-MIN(ROW({fam}))+1"
    return f'=SUMPRODUCT({yes}*(TRIM({fam})<>"")*({first}))'


def _history_lookup(value_column: str, prev_cell: str, label_cell: str, lang: Lang) -> str:
    years = _ref("history", "school_year", lang)
    metric = _ref("history", "metric", lang)
    values = _ref("history", value_column, lang)
    match = f'(LEFT(TRIM({years}),4)={prev_cell}&"")*(TRIM({metric})={label_cell})'
    match += f'*({_ref("history", "pupils", lang)}<>"")'
    if value_column == "families":
        match += f'*({values}<>"")'
    return f'=IF({prev_cell}="","",IFERROR(LOOKUP(2,1/({match}),{values}),""))'


def _change_formula(prev_cell: str, cur_cell: str, lang: Lang) -> str:
    return (
        f'=IF(OR({prev_cell}="",{cur_cell}=""),"{NO_DATA}",'
        f'IF({prev_cell}=0,IF({cur_cell}=0,0,"{NEW(lang)}"),({cur_cell}-{prev_cell})/{prev_cell}))'
    )


def _cached_change(
    previous: int | None, current: int | None, ratio: float | None, lang: Lang
) -> float | str:
    """What `_change_formula` gives for these counts (None stands for an empty cell)."""
    if previous is None or current is None:
        return NO_DATA
    if previous == 0:
        return 0 if current == 0 else NEW(lang)
    return ratio


def _blank_if_none(value: int | None) -> int | str:
    return "" if value is None else value


def write_dashboard(
    workbook: Workbook,
    worksheet: Worksheet,
    lang: Lang,
    pupils: pd.DataFrame | None,
    history: pd.DataFrame,
    school_year: str,
    first_row: int = 2,
    first_col: int = 7,
) -> None:
    """Write the passport table with its title at (first_row, first_col), 0-based.

    `pupils`, `history` and `school_year` are what the workbook's Pupils and History Tables and the
    Settings' school year hold: they give each formula's cached result.
    """
    previous, summary = summary_for(countable(pupils), history, school_year, lang)
    by_metric = {row.metric: row for row in summary}
    current_start, previous_start = year_start(school_year), year_start(previous)

    bold = workbook.add_format({"bold": True})
    head = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
    )
    cell = workbook.add_format({"border": 1})
    number = workbook.add_format({"border": 1, "num_format": "0"})
    change = workbook.add_format({"border": 1, "num_format": CHANGE_FORMAT, "align": "right"})

    r, c = first_row, first_col
    worksheet.write_string(r, c, TITLE(lang), bold)

    settings_value = f'INDEX({_ref("settings", "value", lang)},MATCH("school_year",{_ref("settings", "key", lang)},0))'
    cur_start = xl_rowcol_to_cell(r + 1, c + 4, row_abs=True, col_abs=True)
    prev_start = xl_rowcol_to_cell(r + 1, c + 6, row_abs=True, col_abs=True)
    years = _ref("history", "school_year", lang)
    worksheet.write_string(r + 1, c, CURRENT_YEAR(lang), bold)
    worksheet.write_formula(r + 1, c + 1, f'=IFERROR({settings_value},"")', None, school_year)
    worksheet.write_string(r + 1, c + 2, PREVIOUS_YEAR(lang), bold)
    worksheet.write_formula(
        r + 1,
        c + 3,
        f'=IF({prev_start}="","{NO_DATA}",{prev_start}&"-"&({prev_start}+1))',
        None,
        previous or NO_DATA,
    )
    # Helper cells (start years as numbers) that the row formulas compare against; kept visible
    # but grey, since a hidden cell on a pedagogue's sheet is a puzzle when something looks wrong.
    grey = workbook.add_format({"font_color": "#A6A6A6"})
    worksheet.write_formula(
        r + 1,
        c + 4,
        f'=IFERROR(--LEFT(TRIM({settings_value}),4),"")',
        grey,
        _blank_if_none(current_start),
    )
    back = ",".join(str(k) for k in range(1, YEARS_BACK + 1))
    pupils = _ref("history", "pupils", lang)
    found = f'INDEX(COUNTIFS({years},({cur_start}-{{{back}}})&"*",{pupils},"<>")>0,0)'
    worksheet.write_formula(
        r + 1,
        c + 6,
        f'=IFERROR({cur_start}-MATCH(TRUE,{found},0),"")',
        grey,
        _blank_if_none(previous_start),
    )

    header_row = r + 2
    worksheet.set_row(header_row, 45)  # three wrapped lines: "Прошлый год: учащихся"
    worksheet.write_string(header_row, c, HEADERS["label"](lang), head)
    for i, key in enumerate(VALUE_COLUMNS, start=1):
        worksheet.write_string(header_row, c + i, HEADERS[key](lang), head)

    labels = {c_.key: c_.label(lang) for c_ in CATEGORIES}
    labels |= {f"reg_{r_.key}": r_.label(lang) for r_ in REGISTERS}
    for i, metric in enumerate(DASHBOARD_METRICS):
        row = r + HEADER_ROWS + i
        flag = metric if metric.startswith("reg_") else f"cat_{metric}"
        label = xl_rowcol_to_cell(row, c, col_abs=True)
        at = {k: xl_rowcol_to_cell(row, c + j) for j, k in enumerate(VALUE_COLUMNS, start=1)}
        counts = by_metric[metric]
        worksheet.write_string(row, c, labels[metric], cell)
        worksheet.write_formula(
            row,
            c + 1,
            _history_lookup("pupils", prev_start, label, lang),
            number,
            _blank_if_none(counts.previous_pupils),
        )
        worksheet.write_formula(
            row, c + 3, pupils_formula(flag, lang), number, counts.current_pupils
        )
        worksheet.write_formula(
            row,
            c + 5,
            _change_formula(at["previous_pupils"], at["current_pupils"], lang),
            change,
            _cached_change(
                counts.previous_pupils, counts.current_pupils, counts.change_pupils, lang
            ),
        )
        if metric in FAMILY_METRICS:
            worksheet.write_formula(
                row,
                c + 2,
                _history_lookup("families", prev_start, label, lang),
                number,
                _blank_if_none(counts.previous_families),
            )
            worksheet.write_formula(
                row, c + 4, families_formula(flag, lang), number, counts.current_families
            )
            worksheet.write_formula(
                row,
                c + 6,
                _change_formula(at["previous_families"], at["current_families"], lang),
                change,
                _cached_change(
                    counts.previous_families, counts.current_families, counts.change_families, lang
                ),
            )
        else:
            for j in (2, 4, 6):
                worksheet.write_blank(row, c + j, None, cell)
    worksheet.set_column(c, c, 34)
    worksheet.set_column(c + 1, c + len(VALUE_COLUMNS), 12)
