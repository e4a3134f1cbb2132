"""Wrong data in single cells: formula errors, impossible or far-away dates, numbers out of any
range, broken settings. socpass must name the cell (sheet, row, column) with exit 1, never exit 3.

Each case changes one cell of the valid demo register (Excel row 2 of a sheet unless said
otherwise), so the expected finding is exactly there.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from socpass.core.schema import sheet

from .bases import base_parts, base_values, letter, name, setting_row, write_broken
from .model import OK, REFUSING, Expect, case, data_error, error, readable, warning
from .zipxml import (
    edit_sheet,
    error_cell,
    formula_cell,
    number_cell,
    set_cells,
    sheet_parts,
    text_cell,
)

EXCEL_EPOCH = date(1899, 12, 30)
ATT, BEH, AID, HIS, SET, PUP = (
    name(k) for k in ("attendance", "behaviour", "aid", "history", "settings", "pupils")
)


def _put(folder: Path, sheet_key: str, cells: dict[str, str]) -> Path:
    parts = base_parts()
    edit_sheet(parts, name(sheet_key), lambda x: set_cells(x, cells))
    return write_broken(folder / "register.xlsx", parts)


def _cell(sheet_key: str, column_key: str, row: int = 2) -> str:
    return f"{letter(sheet_key, column_key)}{row}"


def _date_style() -> int:
    """The style socpass gives the Behaviour date column (dd.mm.yyyy)."""
    parts = base_parts()
    xml = parts[sheet_parts(parts)[BEH]].decode()
    return int(re.search(r'<c r="A2" s="(\d+)"', xml).group(1))


def _serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


# --------------------------------------------------------------------------- formulas

MISSED = _cell("attendance", "missed_unexcused")  # optional whole number
MONTH = _cell("attendance", "month")  # required choice
AMOUNT = _cell("aid", "amount")  # money


@case(
    data_error(error(ATT, 2, MISSED[0], "bad_int")),
)
def formula_ref_error(folder: Path) -> Path:
    """ "Missed without reason" is a formula whose reference was deleted: the cell shows #REF!."""
    return _put(folder, "attendance", {MISSED: error_cell(MISSED, "#REF!+1", "#REF!")})


@case(
    data_error(error(AID, 2, AMOUNT[0], "bad_money")),
)
def formula_div0_error(folder: Path) -> Path:
    """An aid amount computed as total / number of children, with 0 children: #DIV/0!."""
    return _put(folder, "aid", {AMOUNT: error_cell(AMOUNT, "45000/0", "#DIV/0!")})


@case(
    data_error(error(ATT, 2, MONTH[0], "bad_choice")),
)
def formula_na_error(folder: Path) -> Path:
    """The month is a VLOOKUP that found nothing: the cell shows #N/A."""
    cell = error_cell(MONTH, 'VLOOKUP("x",_lists!A:A,1,FALSE)', "#N/A")
    return _put(folder, "attendance", {MONTH: cell})


@case(
    data_error(error(ATT, 2, MISSED[0])),
)
def formula_without_cached_value(folder: Path) -> Path:
    """A formula saved by a tool that does not calculate (no cached value): the number is unknown
    until Excel recalculates, so it must not be taken as 0."""
    return _put(folder, "attendance", {MISSED: formula_cell(MISSED, "1+1")})


@case(readable())
def formula_with_cached_value(folder: Path) -> Path:
    """A formula with its cached result (=1+0 → 1): a normal Excel cell, read as its value."""
    return _put(folder, "attendance", {MISSED: formula_cell(MISSED, "1+0", "1")})


# --------------------------------------------------------------------------- dates

DAY = _cell("behaviour", "date")
BAD_DATE = error(BEH, 2, DAY[0], "bad_date")


@case(data_error(BAD_DATE))
def date_31_02_text(folder: Path) -> Path:
    """An incident dated 31.02.2025, typed as text: a day that does not exist."""
    return _put(folder, "behaviour", {DAY: text_cell(DAY, "31.02.2025")})


@case(data_error(BAD_DATE))
def date_29_02_1900_text(folder: Path) -> Path:
    """29.02.1900 typed as text: Excel's phantom leap day, not a real date."""
    return _put(folder, "behaviour", {DAY: text_cell(DAY, "29.02.1900")})


_OUTSIDE = warning(BEH, 2, DAY[0], "outside_school_year")


@case(
    readable(
        validate=Expect(0, finding=_OUTSIDE),
        upgrade=Expect(0, keeps=(BEH, DAY, "1900-01-01")),
    ),
)
def date_01_01_1900_serial(folder: Path) -> Path:
    """An incident dated 01.01.1900 (date serial 1, what a cleared date cell shows after typing 1)."""
    return _put(folder, "behaviour", {DAY: number_cell(DAY, 1, _date_style())})


@case(readable(validate=Expect(0, finding=_OUTSIDE)))
def date_29_02_1900_serial(folder: Path) -> Path:
    """Date serial 60: Excel shows it as 29.02.1900, a day that never existed (Lotus' leap-year bug)."""
    return _put(folder, "behaviour", {DAY: number_cell(DAY, 60, _date_style())})


@case(data_error(BAD_DATE))
def year_1600_text(folder: Path) -> Path:
    """An incident typed as 01.10.1600 (a slip for 2016 or 2006)."""
    return _put(folder, "behaviour", {DAY: text_cell(DAY, "01.10.1600")})


@case(data_error(BAD_DATE))
def year_3025_text(folder: Path) -> Path:
    """An incident typed as 01.10.3025 (a slip for 2025)."""
    return _put(folder, "behaviour", {DAY: text_cell(DAY, "01.10.3025")})


@case(data_error(BAD_DATE))
def year_3025_date_cell(folder: Path) -> Path:
    """A real date cell (serial number, date format) holding 01.10.3025."""
    cell = number_cell(DAY, _serial(date(3025, 10, 1)), _date_style())
    return _put(folder, "behaviour", {DAY: cell})


@case(data_error(BAD_DATE))
def year_9999_text(folder: Path) -> Path:
    """31.12.9999, the "no end date" placeholder some systems export."""
    return _put(folder, "behaviour", {DAY: text_cell(DAY, "31.12.9999")})


@case(data_error(BAD_DATE))
def year_9999_date_cell(folder: Path) -> Path:
    """The largest Excel date (serial 2958465 = 31.12.9999) in a date cell."""
    return _put(folder, "behaviour", {DAY: number_cell(DAY, 2958465, _date_style())})


# --------------------------------------------------------------------------- numbers

PLANNED = _cell("attendance", "planned")


@case(data_error(error(ATT, 2, PLANNED[0], "bad_int")))
def count_1e20(folder: Path) -> Path:
    """1E+20 planned lessons (a number pasted into the wrong column, shown as 1E+20)."""
    return _put(folder, "attendance", {PLANNED: number_cell(PLANNED, "1E+20")})


@case(
    {
        **readable(),
        **{
            cmd: (OK, Expect(1, finding=error(AID, 2, AMOUNT[0])))
            for cmd in ("validate", *REFUSING)
        },
    }
)
def money_1e20(folder: Path) -> Path:
    """An aid amount of 1E+20 tenge (an IIN pasted into the amount)."""
    return _put(folder, "aid", {AMOUNT: number_cell(AMOUNT, "1E+20")})


@case(data_error(error(ATT, 2, PLANNED[0], "bad_int")))
def negative_count(folder: Path) -> Path:
    """-5 planned lessons."""
    return _put(folder, "attendance", {PLANNED: number_cell(PLANNED, -5)})


@case(
    data_error(error(ATT, 2, MISSED[0], "bad_int")),
)
def number_400_digits_text(folder: Path) -> Path:
    """A 400-digit number typed as text (a key held down)."""
    return _put(folder, "attendance", {MISSED: text_cell(MISSED, "9" * 400)})


@case(data_error(error(ATT, 2, MISSED[0], "bad_int")))
def number_400_digits_cell(folder: Path) -> Path:
    """A number cell whose stored value has 400 digits (more than a double can hold)."""
    return _put(folder, "attendance", {MISSED: number_cell(MISSED, "9" * 400)})


# --------------------------------------------------------------------------- records


@case(data_error(error(HIS, 36, letter("history", "metric"), "duplicate_record")))
def duplicate_history_year(folder: Path) -> Path:
    """The same school year and category twice in History (last year's rows pasted again, with
    other numbers): which one is last year's figure?"""
    year, metric, pupils, _ = base_values()[HIS][1]
    row = 36  # below the demo's 34 History rows
    cells = {
        f"A{row}": text_cell(f"A{row}", str(year)),
        f"B{row}": text_cell(f"B{row}", str(metric)),
        f"C{row}": number_cell(f"C{row}", int(pupils) + 5),
    }
    return _put(folder, "history", cells)


@case(data_error(error(PUP, 3, "A", "duplicate_id")))
def duplicate_pupil_id(folder: Path) -> Path:
    """Two pupils with the same id (a row copied and not renumbered)."""
    first_id = base_values()[PUP][1][0]
    return _put(folder, "pupils", {"A3": text_cell("A3", str(first_id))})


# --------------------------------------------------------------------------- settings

VALUE = letter("settings", "value")


def _setting(folder: Path, key: str, value: str | float) -> Path:
    ref = f"{VALUE}{setting_row(key)}"
    key_at = [c.key for c in sheet("settings").columns].index("key")
    assert base_values()[SET][setting_row(key) - 1][key_at] == key
    return _put(folder, "settings", {ref: number_cell(ref, value)})


def _bad_setting(key: str) -> dict:
    return data_error(error(SET, setting_row(key), VALUE, "bad_setting"))


@case(
    _bad_setting("attendance_threshold_pct"),
)
def threshold_150_percent(folder: Path) -> Path:
    """The attendance threshold set to 150 % (typed 150 meaning 15,0)."""
    return _setting(folder, "attendance_threshold_pct", 150)


@case(
    _bad_setting("attendance_threshold_pct"),
)
def threshold_minus_10_percent(folder: Path) -> Path:
    """The attendance threshold set to -10 %."""
    return _setting(folder, "attendance_threshold_pct", -10)


@case(
    _bad_setting("review_weeks"),
)
def review_weeks_huge(folder: Path) -> Path:
    """The plan review period set to 100,000,000 weeks (an IIN typed into the wrong row)."""
    return _setting(folder, "review_weeks", 100_000_000)


def _settings_rows(folder: Path, keep_header: bool) -> Path:
    parts = base_parts()

    def edit(xml: str) -> str:
        data = re.search(r"<sheetData>(.*)</sheetData>", xml, re.S)
        header = re.search(r'<row r="1".*?</row>', data.group(1), re.S).group(0)
        body = header if keep_header else ""
        return xml[: data.start(1)] + body + xml[data.end(1) :]

    edit_sheet(parts, SET, edit)
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def settings_header_only(folder: Path) -> Path:
    """The Settings table with its header and no rows (all rows deleted): defaults apply."""
    return _settings_rows(folder, keep_header=True)


@case(data_error(error(SET, None, None, "no_header")))
def settings_blank_sheet(folder: Path) -> Path:
    """The Settings sheet emptied completely (Select all, Delete)."""
    return _settings_rows(folder, keep_header=False)
