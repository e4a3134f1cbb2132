"""The Kazakhstan individual identification number (IIN, ЖСН/ИИН): check digit, birth date, sex.

An IIN is yymmdd + one century/sex digit + four serial digits + a check digit. The check digit is
the public mod-11 rule: weights 1..11 over the first eleven digits; if the remainder is 10, a second
pass with weights 3..11, 1, 2; if that is 10 again, no valid check digit exists. A business
identification number (BIN, БСН/БИН: a school's official code) has the same twelve digits and the
same check digit, so `is_valid` checks both.
"""

from __future__ import annotations

from datetime import date

_WEIGHTS_1 = tuple(range(1, 12))
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

#: 7th digit -> (century start year, sex key as in `schema.SEX`).
_CENTURY_SEX = {
    "1": (1800, "m"),
    "2": (1800, "f"),
    "3": (1900, "m"),
    "4": (1900, "f"),
    "5": (2000, "m"),
    "6": (2000, "f"),
}


def check_digit(first11: str) -> int | None:
    """The check digit for eleven digits, or None when both passes give 10 (no valid IIN)."""
    digits = [int(c) for c in first11]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if rest != 10:
            return rest
    return None


def is_well_formed(iin: str) -> bool:
    """Twelve ASCII digits."""
    return len(iin) == 12 and iin.isascii() and iin.isdigit()


def is_valid(iin: str) -> bool:
    """Twelve digits whose last one is the mod-11 check digit of the first eleven."""
    return is_well_formed(iin) and check_digit(iin[:11]) == int(iin[11])


def century_sex(iin: str) -> tuple[int, str] | None:
    """(century start year, sex key) from the 7th digit; None for digits outside 1-6."""
    return _CENTURY_SEX.get(iin[6]) if is_well_formed(iin) else None


def birth_date(iin: str) -> date | None:
    """The birth date encoded in the IIN, or None when the 7th digit or yymmdd is not a date."""
    cs = century_sex(iin)
    if cs is None:
        return None
    try:
        return date(cs[0] + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None
