"""Cell normalisation: one raw cell value (as calamine or xlwings returns it) to its typed value.

Registers are typed by hand, so the converters accept what people actually type (3.0 for 3,
"5 ә" for 5Ә, 01.09.2024 as text, "да" or "+" for yes) and refuse the rest with a `CellError`
whose bilingual message the reader turns into a finding that names the cell.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import pandas as pd

from . import iin as iin_rule
from .schema import (
    CLASS_LETTERS,
    GRADES,
    NO_VALUES,
    YES,
    YES_VALUES,
    ColType,
    Column,
    Lang,
    Text,
    choice_for,
)
from .school_year import NOT_A_SCHOOL_YEAR, SchoolYear

NOT_WHOLE = Text("«{value}» — бүтін сан емес", "«{value}» — не целое число")
NEGATIVE = Text("Сан теріс болмауы керек: {value}", "Число не может быть отрицательным: {value}")
TOO_LARGE = Text("«{value}» — тым үлкен сан", "«{value}» — слишком большое число")
NOT_NUMBER = Text("«{value}» — сан емес", "«{value}» — не число")
NOT_DATE = Text(
    "«{value}» — күн емес; кк.аа.жжжж түрінде жазыңыз",
    "«{value}» — не дата; введите в формате дд.мм.гггг",
)
DATE_OUT_OF_RANGE = Text(
    "«{value}» — {first}–{last} жылдар аралығындағы күн емес (жыл қате терілген болуы мүмкін)",
    "«{value}» — дата вне {first}–{last} годов (возможно, опечатка в годе)",
)
FORMULA_ERROR = Text(
    "Ұяшықтағы формула қате береді ({value}): формуланы немесе ол сілтейтін ұяшықтарды түзетіңіз",
    "Формула в ячейке даёт ошибку ({value}): исправьте формулу или ячейки, на которые она "
    "ссылается",
)
NOT_CALCULATED = Text(
    "Ұяшықтағы формуланың мәні есептелмеген (файлды формуланы есептемейтін бағдарлама "
    "сақтаған): файлды Excel-де ашып, сақтаңыз",
    "Значение формулы в ячейке не вычислено (файл сохранила программа, которая не считает "
    "формулы): откройте файл в Excel и сохраните",
)
NOT_YES_NO = Text("«{value}» — иә/жоқ мәні емес", "«{value}» — не значение «да»/«нет»")
NOT_CHOICE = Text(
    "«{value}» тізімде жоқ; рұқсат етілген мәндер: {allowed_kk}",
    "«{value}» нет в списке; допустимые значения: {allowed_ru}",
)
NOT_CLASS = Text(
    "«{value}» — сынып атауы емес; сынып нөмірін (0–11) және литерін жазыңыз, мысалы 5Ә",
    "«{value}» — не название класса; укажите номер класса (0–11) и литеру, например 5А",
)
IIN_FORMAT = Text(
    "ЖСН 12 цифрдан тұруы керек: «{value}»", "ИИН должен состоять из 12 цифр: «{value}»"
)
IIN_CHECK = Text(
    "ЖСН-нің бақылау цифры дұрыс емес: «{value}» (қате терілген болуы мүмкін)",
    "Неверная контрольная цифра ИИН: «{value}» (возможно, опечатка)",
)
NOT_SCHOOL_CODE = Text(
    "«{value}» — мектептің коды емес: БСН-ді (12 цифр) немесе ҰБДҚ кодын (4–11 цифр) жазыңыз",
    "«{value}» — не код школы: укажите БИН (12 цифр) или код НОБД (от 4 до 11 цифр)",
)
BIN_CHECK = Text(
    "БСН-нің бақылау цифры дұрыс емес: «{value}» (қате терілген болуы мүмкін)",
    "Неверная контрольная цифра БИН: «{value}» (возможно, опечатка)",
)
#: A NEDB (ҰБДҚ / НОБД) code is all digits and shorter than a BIN; fewer than 4 digits is a
#: school's number ("17"), not a code.
NEDB_DIGITS = range(4, 12)

#: No count in a school register comes near this; larger cells are typos (and overflow Int64).
MAX_COUNT = 10**9
#: No amount of aid comes near this (a trillion tenge): larger cells are an IIN or a typo.
MAX_MONEY = 10**12
#: Dates in a register (births, incidents, aid) fall within these years; others are typos.
FIRST_YEAR, LAST_YEAR = 1900, 2100
#: Characters of a cell a message quotes.
QUOTED_LENGTH = 60
_EXCEL_EPOCH = datetime(1899, 12, 30)
_FIRST_SERIAL, _LAST_SERIAL = 1, 73415  # 01.01.1900, 31.12.2100
_DMY = re.compile(
    r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})\s*(?:ж\.?|жыл|г\.?|года?)?$", re.IGNORECASE
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")
_WHOLE = re.compile(r"^([+-]?\d+)(?:[.,]0*)?$")
_CLASS = re.compile(r"^(\d{1,2})(\w)$")
_CLASS_SEPARATORS = str.maketrans("", "", " \u00a0-–—_./\\«»\"'()")
#: Latin letters (and the Kazakh Latin Ä / schwa) that look like a Cyrillic class letter.
_LOOKALIKES = str.maketrans({"A": "А", "B": "В", "E": "Е", "K": "К", "Ä": "Ә", "Ə": "Ә"})
_CURRENCY = re.compile(r"(₸|тг\.?|тенге|теңге|kzt|%)$", re.IGNORECASE)


#: Registers repeat a few labels thousands of times (months, quarters): look each up once.
_cached_choice_for = lru_cache(maxsize=4096)(choice_for)


@dataclass(frozen=True)
class FormulaCell:
    """A cell the workbook holds no usable value for, though it is not empty: a formula whose
    result is an Excel error (`error` "#REF!", "#DIV/0!", "#N/A"…), or one saved without its
    result (`error` None) by a program that does not calculate. Never read as blank or 0."""

    error: str | None = None
    formula: str = ""

    def __str__(self) -> str:
        return self.error or (f"={self.formula}" if self.formula else "")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; `message` is formatted with `params`."""

    def __init__(self, message: Text, **params: object) -> None:
        super().__init__(message.ru.format(**params))
        self.message = message
        self.params = params


def is_blank(raw: object) -> bool:
    """Empty cell: None, "" or only spaces (calamine gives "", xlwings None)."""
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    return isinstance(raw, str) and not raw.strip()


def display(raw: object) -> str:
    """The cell as the user typed it, for messages: 3.0 -> "3", dates as dd.mm.yyyy."""
    if type(raw) is str:  # most cells, so tested first
        return raw.strip()
    if isinstance(raw, bool):
        return str(raw).upper()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.strftime("%d.%m.%Y")
    return str(raw).strip()


def quoted(raw: object) -> str:
    """The cell as quoted in a message: like `display`, with the decimal comma Kazakh and
    Russian both write (80.5 -> "80,5"), so the number reads as it does in the user's Excel;
    a long text is cut (a message names the cell, it does not repeat a pasted page)."""
    if isinstance(raw, float) and math.isfinite(raw) and not raw.is_integer():
        return f"{raw:.15g}".replace(".", ",")
    text = display(raw)
    return text if len(text) <= QUOTED_LENGTH else text[: QUOTED_LENGTH - 1] + "…"


def empty_value(col: Column) -> object:
    """What an empty cell becomes in the frame (see `core/register.py`)."""
    match col.type:
        case ColType.BOOL:
            return False
        case ColType.CHOICE:
            return None
        case ColType.INT:
            return pd.NA
        case ColType.MONEY | ColType.NUMBER:
            return math.nan
        case ColType.DATE:
            return pd.NaT
        case _:
            return ""


def convert(col: Column, raw: object) -> object:
    """The typed value of a non-blank cell of `col`; raises `CellError` when it doesn't fit."""
    if isinstance(raw, FormulaCell):
        raise CellError(FORMULA_ERROR if raw.error else NOT_CALCULATED, value=str(raw))
    match col.type:
        case ColType.TEXT | ColType.ID:
            return display(raw)
        case ColType.SCHOOL_YEAR:
            year = SchoolYear.read(display(raw))
            if year is None:
                raise CellError(NOT_A_SCHOOL_YEAR, value=quoted(raw))
            return str(year)
        case ColType.INT:
            return to_int(raw)
        case ColType.MONEY:
            return _money(to_number(raw), raw)
        case ColType.NUMBER:
            return to_number(raw)
        case ColType.DATE:
            return to_date(raw)
        case ColType.BOOL:
            return to_bool(raw)
        case ColType.CLASS:
            return to_class(raw)
        case ColType.IIN:
            return to_iin(raw)
        case ColType.SCHOOL_CODE:
            return to_school_code(raw)
        case ColType.CHOICE:
            found = _cached_choice_for(col, display(raw))
            if found is None:
                raise CellError(
                    NOT_CHOICE,
                    value=quoted(raw),
                    allowed_kk=", ".join(c.label.kk for c in col.choices),
                    allowed_ru=", ".join(c.label.ru for c in col.choices),
                )
            return found.key
    raise AssertionError(col.type)  # every ColType is handled above


#: Cell types whose equal values (compared with their type: TRUE is not 1) always convert alike,
#: so a column's distinct cells can be converted once. Datetimes are not among them (equal instants
#: in two time zones fall on different dates), nor are NUMBER/MONEY columns (-0.0 == 0.0).
_MEMO_TYPES = frozenset({str, int, float, bool, date, type(None)})
_UNMEMOISED = frozenset({ColType.TEXT, ColType.ID, ColType.MONEY, ColType.NUMBER})


def convert_column(
    col: Column, raws: Sequence[object]
) -> tuple[list[object], list[tuple[int, CellError | None]]]:
    """`convert` over one column's cells: the typed values (`empty_value` where a cell is blank
    or bad) and the cells to report, by position: a bad cell with its `CellError`, a blank cell of
    a required column with None.

    A register repeats few distinct values per column (months, yes/no words, small counts,
    classes), so each distinct cell is converted once and the rest is a dictionary lookup; text
    and number columns, mostly distinct or cheap to convert, go cell by cell.
    """
    empty = empty_value(col)
    kinds = list(map(type, raws))
    if col.type in _UNMEMOISED or not _MEMO_TYPES.issuperset(kinds):
        if col.type in (ColType.TEXT, ColType.ID):
            outcomes = [r.strip() or None if r.__class__ is str else _outcome(col, r) for r in raws]
        else:
            outcomes = [_outcome(col, raw) for raw in raws]
        values = [empty if v is None or v.__class__ is CellError else v for v in outcomes]
        problems = [(i, v) for i, v in enumerate(outcomes) if _reported(col, v)]
        return values, problems  # type: ignore[return-value]
    keys = list(zip(kinds, raws, strict=True))
    distinct = dict.fromkeys(keys)
    for key in distinct:
        distinct[key] = _outcome(col, key[1])
    reported = {k for k, v in distinct.items() if _reported(col, v)}
    problems = [(i, distinct[k]) for i, k in enumerate(keys) if k in reported] if reported else []
    settled = {
        k: empty if v is None or v.__class__ is CellError else v for k, v in distinct.items()
    }
    return list(map(settled.__getitem__, keys)), problems  # type: ignore[return-value]


def _outcome(col: Column, raw: object) -> object:
    """The typed value of one cell, None when it is blank, its `CellError` when it is bad."""
    if is_blank(raw):
        return None
    try:
        return convert(col, raw)
    except CellError as exc:
        return exc


def _reported(col: Column, outcome: object) -> bool:
    return outcome.__class__ is CellError or (outcome is None and col.required)


def _money(value: float, raw: object) -> float:
    if value < 0:
        raise CellError(NEGATIVE, value=quoted(raw))
    if value > MAX_MONEY:
        raise CellError(TOO_LARGE, value=quoted(raw))
    return value


def to_int(raw: object) -> int:
    """A whole number >= 0: 3, 3.0, "3" and "3,0" are fine; "3,5", "abc" and -1 are not."""
    if isinstance(raw, bool):
        raise CellError(NOT_WHOLE, value=quoted(raw))
    text = raw.strip().replace("\u00a0", "") if isinstance(raw, str) else ""
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif m := _WHOLE.match(text):
        digits = m.group(1).lstrip("+-").lstrip("0")
        if len(digits) > len(str(MAX_COUNT)):  # 400 digits: no float or int conversion needed
            raise CellError(NEGATIVE if text.startswith("-") else TOO_LARGE, value=quoted(raw))
        value = int(m.group(1))
    else:
        raise CellError(NOT_WHOLE, value=quoted(raw))
    if value < 0:
        raise CellError(NEGATIVE, value=quoted(raw))
    if value > MAX_COUNT:
        raise CellError(TOO_LARGE, value=quoted(raw))
    return value


def to_number(raw: object) -> float:
    """Any number; text may use a decimal comma, spaces between thousands, ₸ or % at the end."""
    if isinstance(raw, bool):
        raise CellError(NOT_NUMBER, value=quoted(raw))
    if isinstance(raw, int | float):
        if math.isinf(raw):
            raise CellError(NOT_NUMBER, value=quoted(raw))
        return float(raw)
    text = _CURRENCY.sub("", str(raw).strip()).strip()
    text = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    text = text.replace("−", "-")
    try:
        value = float(text)
    except ValueError:
        raise CellError(NOT_NUMBER, value=quoted(raw)) from None
    if math.isnan(value) or math.isinf(value):
        raise CellError(NOT_NUMBER, value=quoted(raw))
    return value


def to_date(raw: object) -> pd.Timestamp:
    """An Excel date, a datetime, a serial number, or text dd.mm.yyyy, d.m.yy or yyyy-mm-dd,
    in the years `FIRST_YEAR`-`LAST_YEAR` (a year 3025 is a typo, and beyond pandas' dates)."""
    if isinstance(raw, date):  # a datetime too
        day = raw.date() if isinstance(raw, datetime) else raw
        return pd.Timestamp(_within_years(day, raw))
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if not math.isfinite(raw) or not 0 < raw < _LAST_SERIAL + 1:
            raise CellError(DATE_OUT_OF_RANGE if raw > 0 else NOT_DATE, **_date_params(raw))
        serial = int(raw)
        if serial < 60:  # Excel counts a 29.02.1900 that never was (serial 60): 1-59 are a day on
            serial += 1
        return pd.Timestamp(_EXCEL_EPOCH + timedelta(days=serial))
    text = str(raw).strip() if isinstance(raw, str) else ""
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            year += 2000 if year < 70 else 1900
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise CellError(NOT_DATE, value=quoted(raw))
    try:
        typed = date(year, month, day)
    except ValueError:
        raise CellError(NOT_DATE, value=quoted(raw)) from None
    return pd.Timestamp(_within_years(typed, raw))


def _within_years(day: date, raw: object) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(DATE_OUT_OF_RANGE, **_date_params(raw))
    return day


def _date_params(raw: object) -> dict[str, object]:
    return {"value": quoted(raw), "first": FIRST_YEAR, "last": LAST_YEAR}


def to_bool(raw: object) -> bool:
    """Yes/no: `schema.YES_VALUES` / `NO_VALUES`, TRUE/FALSE cells and the numbers 1/0."""
    if isinstance(raw, bool):
        return raw
    key = display(raw).lower()
    if key in YES_VALUES:
        return True
    if key in NO_VALUES:
        return False
    raise CellError(NOT_YES_NO, value=quoted(raw))


def to_class(raw: object) -> str:
    """ "5 ә", "5ә", "5-Ә", "5A" (Latin) -> "5Ә"; grade 0-11 and a letter of `CLASS_LETTERS`."""
    text = display(raw).translate(_CLASS_SEPARATORS).upper().translate(_LOOKALIKES)
    m = _CLASS.match(text)
    if not m or int(m.group(1)) not in GRADES or m.group(2) not in CLASS_LETTERS:
        raise CellError(NOT_CLASS, value=quoted(raw))
    return f"{int(m.group(1))}{m.group(2)}"


def to_iin(raw: object) -> str:
    """Twelve digits with a valid check digit. A number cell lost its leading zero: pad it back."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        text = str(int(raw)).zfill(12)
    else:
        text = display(raw).replace(" ", "").replace("\u00a0", "")
    if not iin_rule.is_well_formed(text):
        raise CellError(IIN_FORMAT, value=quoted(raw))
    if not iin_rule.is_valid(text):
        raise CellError(IIN_CHECK, value=text)
    return text


def to_school_code(raw: object) -> str:
    """The school's official code: a BIN (12 digits whose last is the mod-11 check digit, the
    rule of the IIN) or a NEDB code (4 to 11 digits); spaces are dropped."""
    text = display(raw).replace(" ", "").replace("\u00a0", "")
    if not (text.isascii() and text.isdigit()):
        raise CellError(NOT_SCHOOL_CODE, value=quoted(raw))
    if iin_rule.is_well_formed(text):
        if not iin_rule.is_valid(text):
            raise CellError(BIN_CHECK, value=text)
        return text
    if len(text) not in NEDB_DIGITS:
        raise CellError(NOT_SCHOOL_CODE, value=quoted(raw))
    return text


def school_code_kind(code: str) -> str:
    """ "bin" for a twelve-digit code, "nedb" for a shorter one (`to_school_code` checked it)."""
    return "bin" if iin_rule.is_well_formed(code) else "nedb"


def comparable(col: Column, value: object) -> object:
    """A typed value as compared across its spellings: 5 and 5.0, a date and a timestamp, a
    choice's key as text or number (month 5 and "5")."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):  # type: ignore[arg-type]
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return pd.Timestamp(value).normalize()
    if col.type is ColType.CHOICE:
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def int_or_none(value: object) -> int | None:
    """A count from a typed frame (NA/None: not given)."""
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type, call-overload]


def as_day(value: object) -> date | datetime:
    """A date cell's value: a `date` unless it has a time of day (XlsxWriter takes datetime
    1900-01-01 00:00 for a time alone and writes serial 0, shown as 00.01.1900)."""
    moment = pd.Timestamp(value).to_pydatetime().replace(tzinfo=None)  # type: ignore[arg-type]
    return moment.date() if moment == datetime.combine(moment.date(), time()) else moment


def as_typed(col: Column, value: object, lang: Lang) -> object:
    """A typed value as the pedagogue types it in `col` (None: a blank cell): yes as the word
    (no is left blank, as the templates write it), a choice as its label, a date as a date, a
    count as a number; a text already typed stays that text. Every writer (XlsxWriter, openpyxl,
    the open book) writes a str as text, never as a formula."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if not isinstance(value, str):
        try:
            if bool(pd.isna(value)):  # type: ignore[arg-type]
                return None
        except (TypeError, ValueError):
            pass
    t = col.type
    if t is ColType.CHOICE:
        return next((c.label(lang) for c in col.choices if c.key == str(value)), str(value))
    if isinstance(value, str):
        return value
    if t is ColType.DATE:
        return as_day(value)
    if t is ColType.BOOL:
        return YES(lang) if value else None
    if t is ColType.INT:
        return int(value)  # type: ignore[call-overload]
    if t in (ColType.MONEY, ColType.NUMBER):
        return float(value)  # type: ignore[arg-type]
    return str(value)
