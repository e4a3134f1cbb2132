"""The Control sheet's dashboard: the passport table as native formulas, for Excel without Python.

Every number is a formula over the register's own Tables (structured references such as
`Pupils[Жетім]`, which Excel 2010+ and LibreOffice both read and which follow the table as it
grows), so the dashboard is right on any computer and agrees with `socpass.core.passport`:
- a flag counts when its cell holds any of the schema's yes words (иә, да, +, 1, x, ✓ ...);
- families = distinct non-blank family ids among flagged pupils: a flagged row counts when it is
  the first row with its (family id, flag) key, found with MATCH (no CSE array formula needed);
- only pupils on the roll on the as-of date count (`core.roll`): arrived by then (or no arrival
  date) and not left by then; the date is the end of the school year's lessons, computed from the
  Settings' school year and shown above the table;
- History rows without a pupils number are not typed in yet and are skipped, as in the core;
- last year = the latest such school year in History before the Settings' school year, looked for up
  to YEARS_BACK years back (COUNTIF with an array of candidate years: AGGREGATE over an array
  fails in LibreOffice); a metric typed twice for a year takes its last row (LOOKUP).

Each formula is written with its result (`core.passport.summary_for` on the frames being written)
as the cached value, so a viewer that does not recalculate on load (LibreOffice's default for
xlsx, file previews, phone apps) shows the right numbers, not zeros; Excel recalculates them.
Below the passport, `write_risk_summary` adds the early-warning list (ЕАЖ / СРП) at a glance: the
Risk Table's pupils per tier and status (COUNTIF on the labels the Flag button writes), overdue
plans, and the Plans Table's plans and open plans, counted as the report counts them.
Rows and columns are XlsxWriter's 0-based indices.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.formatting import NO_DATA
from ..core.passport import countable, summary_for
from ..core.risk_status import plan_counts
from ..core.schema import (
    CATEGORIES,
    NEW,
    REGISTERS,
    RISK_STATUS,
    TIERS,
    YES_VALUES,
    Lang,
    Text,
    metric,
    sheet,
    year_change,
)
from ..core.school_year import END_OF_LESSONS, SchoolYear

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
AS_OF = Text("Күні", "На дату")
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

YEARS_BACK = 20
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"

RISK_TITLE = Text(
    "ЕАЖ тізімі (ерте алдын алу жүйесі)", "Список СРП (система раннего предупреждения)"
)
RISK_PUPILS = Text("Оқушылар", "Учащихся")
PLANS_TOTAL = Text("Жеке жоспарлар: барлығы", "Индивидуальные планы: всего")
PLANS_OPEN = Text("Жеке жоспарлар: жабылмаған", "Индивидуальные планы: не закрыты")
#: (Risk column, choice keys) counted by label, top to bottom; then the overdue plans row.
RISK_ROWS = (("tier", ("targeted", "intensive")), ("status", ("new", "continuing", "resolved")))
_RISK_CHOICES = {"tier": TIERS, "status": RISK_STATUS}


def escaped(header: str) -> str:
    """A header inside a structured reference, the characters Excel reserves escaped with '."""
    for ch in "'#[]":
        header = header.replace(ch, "'" + ch)
    return header


def table_ref(sheet_key: str, column_key: str, lang: Lang) -> str:
    """`Table[Header]` for a schema column."""
    s = sheet(sheet_key)
    return f"{s.table}[{escaped(s.column(column_key).header(lang))}]"


def setting_value(key: str, lang: Lang) -> str:
    """The Settings table's value for `key` (INDEX/MATCH on its key column)."""
    return (
        f"INDEX({table_ref('settings', 'value', lang)},"
        f'MATCH("{key}",{table_ref("settings", "key", lang)},0))'
    )


def _is_yes(flag_ref: str) -> str:
    words = ";".join(f'"{w}"' for w in sorted(YES_VALUES))
    return f"ISNUMBER(MATCH(LOWER(TRIM({flag_ref})),{{{words}}},0))"


def _on_roll(lang: Lang, as_of: str) -> str:
    """1 for each pupil on the roll on the date in cell `as_of` (`core.roll`): arrived by then
    (a blank arrival date compares as 0, before any date) and not left by then."""
    arrived = table_ref("pupils", "arrived", lang)
    left = table_ref("pupils", "left", lang)
    return f'({arrived}<={as_of})*((({left}="")+({left}>{as_of}))>0)'


def _counted(flag_column: str, lang: Lang, as_of: str) -> str:
    """1 for each pupil on the roll whose flag holds a yes word."""
    return f"{_is_yes(table_ref('pupils', flag_column, lang))}*{_on_roll(lang, as_of)}"


def pupils_formula(flag_column: str, lang: Lang, as_of: str) -> str:
    """Pupils on the roll on the date in cell `as_of` whose flag holds a yes word."""
    return f"=SUMPRODUCT({_counted(flag_column, lang, as_of)})"


def families_formula(flag_column: str, lang: Lang, as_of: str) -> str:
    """Distinct non-blank family ids among counted pupils (first occurrence of each key)."""
    fam = table_ref("pupils", "family_id", lang)
    yes = f"({_counted(flag_column, lang, as_of)}>0)"
    key = f'TRIM({fam})&"|"&{yes}'
    first = f"MATCH({key},{key},0)=ROW({fam})-MIN(ROW({fam}))+1"
    return f'=SUMPRODUCT({yes}*(TRIM({fam})<>"")*({first}))'


def _history_lookup(value_column: str, prev_cell: str, label_cell: str, lang: Lang) -> str:
    years = table_ref("history", "school_year", lang)
    metric = table_ref("history", "metric", lang)
    values = table_ref("history", value_column, lang)
    match = f'(LEFT(TRIM({years}),4)={prev_cell}&"")*(TRIM({metric})={label_cell})'
    match += f'*({table_ref("history", "pupils", lang)}<>"")'
    if value_column == "families":
        match += f'*({values}<>"")'
    return f'=IF({prev_cell}="","",IFERROR(LOOKUP(2,1/({match}),{values}),""))'


def _change_formula(prev_cell: str, cur_cell: str, lang: Lang) -> str:
    return (
        f'=IF(OR({prev_cell}="",{cur_cell}=""),"{NO_DATA}",'
        f'IF({prev_cell}=0,IF({cur_cell}=0,"{NO_DATA}","{NEW(lang)}"),({cur_cell}-{prev_cell})/{prev_cell}))'
    )


def _cached_change(previous: int | None, current: int | None, lang: Lang) -> float | str:
    """What `_change_formula` gives for these counts (None stands for an empty cell): the rule
    of `schema.year_change`, as the formula computes it."""
    change = year_change(previous, current)
    if change is None or change == "same":
        return NO_DATA
    return NEW(lang) if change == "new" else change


def _serial(day: date) -> int:
    """An Excel date serial, for a date formula's cached result."""
    return (day - date(1899, 12, 30)).days


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
    Settings' school year hold: they give each formula's cached result. Returns the next free row
    below the table.
    """
    previous, summary = summary_for(countable(pupils), history, school_year, lang)
    by_metric = {row.metric: row for row in summary}
    current_start = getattr(SchoolYear.read(school_year), "start", None)
    previous_start = getattr(SchoolYear.read(previous), "start", None)

    bold = workbook.add_format({"bold": True})
    head = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
    )
    cell = workbook.add_format({"border": 1})
    number = workbook.add_format({"border": 1, "num_format": "0"})
    change = workbook.add_format({"border": 1, "num_format": CHANGE_FORMAT, "align": "right"})

    r, c = first_row, first_col
    worksheet.write_string(r, c, TITLE(lang), bold)

    settings_value = setting_value("school_year", lang)
    cur_start = xl_rowcol_to_cell(r + 1, c + 4, row_abs=True, col_abs=True)
    as_of = xl_rowcol_to_cell(r, c + 3, row_abs=True, col_abs=True)
    month, day = END_OF_LESSONS
    worksheet.write_string(r, c + 2, AS_OF(lang), bold)
    worksheet.write_formula(
        r,
        c + 3,
        f'=IF({cur_start}="","",DATE({cur_start}+1,{month},{day}))',
        workbook.add_format({"bold": True, "num_format": "dd.mm.yyyy", "align": "left"}),
        _serial(SchoolYear.parse(school_year).end_of_lessons) if current_start is not None else "",
    )
    prev_start = xl_rowcol_to_cell(r + 1, c + 6, row_abs=True, col_abs=True)
    years = table_ref("history", "school_year", lang)
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
    pupils = table_ref("history", "pupils", lang)
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

    for i, key in enumerate(DASHBOARD_METRICS):
        row = r + HEADER_ROWS + i
        counted = metric(key)
        label = xl_rowcol_to_cell(row, c, col_abs=True)
        counts = by_metric[key]
        worksheet.write_string(row, c, counted.label(lang), cell)
        kinds = [("pupils", pupils_formula, counts.previous_pupils, counts.current_pupils)]
        if counted.families_counted:
            kinds.append(
                ("families", families_formula, counts.previous_families, counts.current_families)
            )
        else:
            for j in (2, 4, 6):
                worksheet.write_blank(row, c + j, None, cell)
        for offset, (column, formula, previous, current) in enumerate(kinds):
            before, now = (
                xl_rowcol_to_cell(row, c + 1 + offset),
                xl_rowcol_to_cell(row, c + 3 + offset),
            )
            lookup = _history_lookup(column, prev_start, label, lang)
            worksheet.write_formula(row, c + 1 + offset, lookup, number, _blank_if_none(previous))
            worksheet.write_formula(
                row, c + 3 + offset, formula(counted.flag, lang, as_of), number, current
            )
            worksheet.write_formula(
                row,
                c + 5 + offset,
                _change_formula(before, now, lang),
                change,
                _cached_change(previous, current, lang),
            )
    worksheet.set_column(c, c, 34)
    worksheet.set_column(c + 1, c + len(VALUE_COLUMNS), 12)
    return r + HEADER_ROWS + len(DASHBOARD_METRICS)


def risk_summary_rows(
    risk: pd.DataFrame | None, lang: Lang, plans: pd.DataFrame | None = None
) -> list[tuple[str, str, int]]:
    """(label, formula, cached result) per line of the early-warning block.

    `risk` is the Risk frame being written (choice keys, `plan_overdue` as bool), `plans` the
    Plans frame; the formulas count what the writer puts in its cells: each choice's label in
    `lang`, and yes words; the plans as `risk_status.plan_counts` counts them (and the report).
    """
    frame = risk if risk is not None else pd.DataFrame()
    rows = []
    for column, keys in RISK_ROWS:
        header = sheet("risk").column(column).header(lang)
        labels = {c.key: c.label(lang) for c in _RISK_CHOICES[column]}
        values = frame[column] if column in frame else pd.Series(dtype=object)
        for key in keys:
            label = labels[key].replace('"', '""')
            rows.append(
                (
                    f"{header}: {labels[key]}",
                    f'=COUNTIF({table_ref("risk", column, lang)},"{label}")',
                    int((values == key).sum()),
                )
            )
    overdue = frame["plan_overdue"] if "plan_overdue" in frame else pd.Series(dtype=object)
    rows.append(
        (
            sheet("risk").column("plan_overdue").header(lang),
            f"=SUMPRODUCT(--{_is_yes(table_ref('risk', 'plan_overdue', lang))})",
            int(overdue.eq(True).sum()),  # bools and blanks: only True is written as yes
        )
    )
    total, open_plans = plan_counts(plans)
    ids = f'(LEN(TRIM({table_ref("plans", "pupil_id", lang)}&""))>0)'
    closed = next(c for c in sheet("plans").column("outcome").choices if c.key == "closed")
    names = ";".join(f'"{n.lower()}"' for n in (closed.key, closed.label.kk, closed.label.ru))
    outcome = f'LOWER(TRIM({table_ref("plans", "outcome", lang)}&""))'
    rows.append((PLANS_TOTAL(lang), f"=SUMPRODUCT(--{ids})", total))
    rows.append(
        (PLANS_OPEN(lang), f"=SUMPRODUCT({ids}*ISNA(MATCH({outcome},{{{names}}},0)))", open_plans)
    )
    return rows


def write_risk_summary(
    workbook: Workbook,
    worksheet: Worksheet,
    lang: Lang,
    risk: pd.DataFrame | None,
    first_row: int,
    first_col: int = 7,
    plans: pd.DataFrame | None = None,
) -> int:
    """Write the early-warning block (title, header, one line per count) at (first_row, first_col).

    Returns the next free row. Tier and status are counted on their labels in the workbook's
    language, the ones the Flag button writes; `risk` (the Risk frame being written) gives the
    cached results.
    """
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#FCE4D6", "border": 1}
    )
    cell = workbook.add_format({"border": 1})
    number = workbook.add_format({"border": 1, "num_format": "0"})
    r, c = first_row, first_col
    worksheet.write_string(r, c, RISK_TITLE(lang), bold)
    worksheet.write_string(r + 1, c, sheet("risk").name(lang), head)
    worksheet.write_string(r + 1, c + 1, RISK_PUPILS(lang), head)
    lines = risk_summary_rows(risk, lang, plans)
    for i, (label, formula, cached) in enumerate(lines, start=r + 2):
        worksheet.write_string(i, c, label, cell)
        worksheet.write_formula(i, c + 1, formula, number, cached)
    return r + 2 + len(lines)
