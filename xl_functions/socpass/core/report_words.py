"""Small pieces every part of the report's content shares: a figure's data, user text made safe,
numbers and years as the report prints them, and the abbreviations it spells out at first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .formatting import NO_DATA, format_number, format_percent
from .language import Case, count_phrase
from .register import RegisterData
from .schema import Lang, sheet

ChartKind = Literal["grouped", "change", "bars", "families", "tiers"]

#: Abbreviations the report uses, with the words they stand for (as a stem: the first use
#: inflects them, "ішкі істер басқармасының (ІІБ) есебінде"). Each is written out in full, the
#: abbreviation in brackets after it, where the built-in report first uses it.
ABBREVIATIONS: dict[Lang, dict[str, str]] = {
    "kk": {
        "ЕБҚ": "ерекше білім берілуіне қажеттілігі бар",
        "АҚҚ": "ата-анасының қамқорлығынсыз қалған",
        "ЖББҚ": "жалпыға бірдей білім беру қор",
        "ІІБ": "ішкі істер басқарма",
        "КІЖК": "кәмелетке толмағандардың істері және олардың құқықтарын қорғау жөніндегі комиссия",
        "ЕАЖ": "ерте алдын алу жүйе",
    },
    "ru": {
        "ООП": "особыми образовательными потребностями",
        "ОВД": "органах внутренних дел",
        "КДН": "комиссии по делам несовершеннолетних и защите их прав",
        "СРП": "система раннего предупреждения",
    },
}

# Characters XML 1.0 forbids, plus \a and \f, which docxtpl would turn into paragraph and page breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")
#: A school year as printed: a non-breaking hyphen keeps "2025-2026" on one line.
NON_BREAKING_HYPHEN = "\u2011"


@dataclass(frozen=True)
class Chart:
    """One figure's data: which chart function draws it (`render.charts`) and its arguments."""

    kind: ChartKind
    args: dict[str, object]


def user_text(value: object) -> str:
    """Free text typed by the user, made safe for a docx: control characters dropped, no "nan"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def frame(register: RegisterData, key: str) -> pd.DataFrame:
    """The sheet's frame, or an empty one with its columns."""
    found = register.frames.get(key)
    if found is None:
        return pd.DataFrame(columns=list(sheet(key).column_keys))
    return found


def number_or_dash(value: float | None, lang: Lang) -> str:
    return NO_DATA if value is None else format_number(value, lang)


def pct(part: float, whole: float, lang: Lang) -> str:
    return format_percent(100 * part / whole if whole else 0.0, lang, 1)


def lower_first(label: str) -> str:
    """A label inside a sentence: "Нысаналы" -> "нысаналы" (abbreviations such as ЕБҚ kept)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def day(value: object) -> str:
    """A date as the report prints it: 01.09.2025 ("" when there is none)."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d.%m.%Y")


def show_year(year: str) -> str:
    """ "2025-2026" with a non-breaking hyphen, so a line or a narrow cell never splits it."""
    return year.replace("-", NON_BREAKING_HYPHEN)


def pupils_phrase(n: int, lang: Lang, case: Case = "nom") -> str:
    """ "1 000 оқушы", "10 оқушыға", "22 учащихся", "10 учащимся": the number as printed."""
    return count_phrase(n, "pupil", lang, case, shown=format_number(n, lang))


def people_phrase(n: int, lang: Lang) -> str:
    """ "35 адам" / "35 человек"."""
    return count_phrase(n, "person", lang, shown=format_number(n, lang))
