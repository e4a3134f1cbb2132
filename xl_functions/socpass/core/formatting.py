"""Numbers as a Kazakh or Russian reader expects them: decimal comma, grouped thousands, signs.

Formatting is babel's (CLDR data for kk and ru); this module only chooses the patterns.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from .schema import NEW, Lang, year_change

LOCALES: dict[Lang, str] = {"kk": "kk_KZ", "ru": "ru_RU"}
NO_DATA = "—"


def format_number(value: float, lang: Lang, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (babel's grouping and decimal comma for the language)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def format_percent(value: float, lang: Lang, decimals: int = 1, signed: bool = False) -> str:
    """12.34 (already in percent) -> '12,3%'; with `signed`, '+12,3%' / '−12,3%'.

    One style everywhere, the sign right after the number, as a Kazakh ending needs it
    ("7,6%-ы") and as the early-warning reasons write it.
    """
    rounded = round(value, decimals)
    body = format_number(abs(rounded), lang, decimals)
    sign = ""
    if signed and rounded > 0:
        sign = "+"
    elif rounded < 0:
        sign = "−"  # U+2212 MINUS SIGN, as typeset text uses
    return f"{sign}{body}%"


def format_change(previous: float | None, current: float | None, lang: Lang) -> str:
    """The year-over-year change (`schema.year_change`) as tables and the report show it:
    '−18,2%', '+5,0%', 'жаңа' from 0 to more, '—' from 0 to 0 (nothing to compare) and when a
    count is unknown."""
    change = year_change(previous, current)
    if change is None or change == "same":
        return NO_DATA
    if change == "new":
        return NEW(lang)
    return format_percent(float(change) * 100, lang, decimals=1, signed=True)
