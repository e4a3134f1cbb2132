"""Conditional formatting where it helps the eye, kept by the workbook as the data changes:
- Pupils: a pupil who has left is greyed out (the row stays: it holds their history);
- Attendance: a month's lessons missed without a valid reason at or above the Settings threshold;
- Risk: rows coloured by tier (resolved ones green), an overdue plan and a passed review date red;
- Plans: a review date that has passed without a review, unless the plan is closed.

Rules reach from row 2 to the writer's guided last row, so rows added later are coloured too.
Settings are read by key (INDEX/MATCH over the Settings sheet's columns: a conditional format
may not use a Table reference), so a threshold changed there recolours at once.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.schema import PLAN_OUTCOMES, RISK_STATUS, TIERS, YES, Lang, Sheet, setting, sheet

#: Row fill per block of the Risk sheet: here, in the Flag button's writes and in `flag --out`.
ROW_COLORS = {"intensive": "#F8CBAD", "targeted": "#FFE699", "resolved": "#E2EFDA"}
OVER_FILL = "#F8CBAD"
OVER_FONT = "#9C0006"
LEFT_FONT = "#8C8C8C"


def row_block(tier: str, status: str) -> str:
    """The colour block of a Risk row: resolved rows form their own block after the tiers."""
    return "resolved" if status == "resolved" else tier


def _letters(sh: Sheet) -> dict[str, str]:
    """Column key (lookups included) -> its letter in the written sheet."""
    return {c.key: xl_col_to_name(i) for i, c in enumerate(sh.layout())}


def setting_formula(key: str, lang: Lang) -> str:
    """A Settings value by key, its default when blank (A1 references: usable in a rule)."""
    settings = sheet("settings")
    at = _letters(settings)
    name = settings.name(lang).replace("'", "''")
    value = (
        f"INDEX('{name}'!${at['value']}:${at['value']},"
        f"MATCH(\"{key}\",'{name}'!${at['key']}:${at['key']},0))"
    )
    return f'IFERROR(IF({value}="",{setting(key).default},{value}),{setting(key).default})'


def highlight(workbook: Workbook, ws: Worksheet, sh: Sheet, lang: Lang, last_row: int) -> None:
    """Add the sheet's rules (if it has any) from row 2 to `last_row` (0-based)."""
    at = _letters(sh)
    width = xl_col_to_name(len(sh.layout()) - 1)
    rows = f"A2:{width}{last_row + 1}"

    def fmt(**props: object):
        return workbook.add_format(props)

    def rule(cells: str, formula: str, look, stop: bool = False) -> None:
        ws.conditional_format(
            cells, {"type": "formula", "criteria": formula, "format": look, "stop_if_true": stop}
        )

    def column(key: str) -> str:
        return f"{at[key]}2:{at[key]}{last_row + 1}"

    if sh.key == "pupils":
        rule(rows, f'=${at["left"]}2<>""', fmt(font_color=LEFT_FONT, italic=True))
    elif sh.key == "attendance":
        planned, missed = f"${at['planned']}2", f"${at['missed_unexcused']}2"
        threshold = setting_formula("attendance_threshold_pct", lang)
        rule(
            column("missed_unexcused"),
            f"=AND(ISNUMBER({planned}),{planned}>0,ISNUMBER({missed}),"
            f"{missed}*100>={planned}*{threshold})",
            fmt(bg_color=OVER_FILL, font_color=OVER_FONT, bold=True),
        )
    elif sh.key == "risk":
        resolved = _label(RISK_STATUS, "resolved", lang)
        rule(rows, f'=${at["status"]}2="{resolved}"', fmt(bg_color=ROW_COLORS["resolved"]), True)
        for tier in ("intensive", "targeted"):
            label = _label(TIERS, tier, lang)
            rule(rows, f'=${at["tier"]}2="{label}"', fmt(bg_color=ROW_COLORS[tier]))
        red = fmt(font_color=OVER_FONT, bold=True)
        rule(column("plan_overdue"), f'=${at["plan_overdue"]}2="{YES(lang)}"', red)
        review = f"${at['next_review']}2"
        rule(column("next_review"), f"=AND(ISNUMBER({review}),{review}<TODAY())", red)
    elif sh.key == "plans":
        due, done = f"${at['review_date']}2", f"${at['reviewed_on']}2"
        closed = _label(PLAN_OUTCOMES, "closed", lang)
        rule(
            column("review_date"),
            f'=AND(ISNUMBER({due}),{due}<TODAY(),OR({done}="",{done}<{due}),'
            f'${at["outcome"]}2<>"{closed}")',
            fmt(bg_color=OVER_FILL, font_color=OVER_FONT, bold=True),
        )


def _label(choices, key: str, lang: Lang) -> str:
    return next(c.label(lang) for c in choices if c.key == key).replace('"', '""')
