"""The Settings sheet read into typed settings: the school, the school year, thresholds, options.

Each row is (key, name, value); a row is recognised by its key, or by its label in either language
when the key was lost. Schema defaults fill what the sheet does not give; a value of the wrong
type is an error at its cell and the default is used, so the commands that refuse a register with
errors never compute with it.
"""

from __future__ import annotations

import math

from .findings import Finding
from .register import ROW
from .schema import SETTINGS, ColType, Column, Setting, Text, choice_for, normalize_label
from .school_year import NOT_A_SCHOOL_YEAR, SchoolYear
from .tables import Table
from .values import CellError, quoted, to_number, to_school_code

UNKNOWN_SETTING = Text(
    "«{key}» баптауы белгісіз, ескерілмейді", "Неизвестная настройка «{key}» не учитывается"
)
DUPLICATE_SETTING = Text(
    "«{key}» баптауы қайталанады; {first_row}-жолдағы мән қолданылады",
    "Настройка «{key}» повторяется; используется значение из строки {first_row}",
)
SETTING_NOT_NUMBER = Text(
    "«{label_kk}» баптауы: «{value}» — сан емес; әдепкі мән қолданылады: {default}",
    "Настройка «{label_ru}»: «{value}» — не число; используется значение по умолчанию: {default}",
)
SETTING_OUT_OF_RANGE = Text(
    "«{label_kk}» баптауы: {value} — {low} мен {high} аралығында болуы керек; әдепкі мән "
    "қолданылады: {default}",
    "Настройка «{label_ru}»: {value} — значение должно быть от {low} до {high}; используется "
    "значение по умолчанию: {default}",
)
SETTING_NOT_CHOICE = Text(
    "«{label_kk}» баптауы: «{value}» мәніне рұқсат жоқ ({allowed}); әдепкі мән қолданылады: {default}",
    "Настройка «{label_ru}»: недопустимое значение «{value}» ({allowed}); используется значение по умолчанию: {default}",
)


def _setting_for(key: str, name: str) -> Setting | None:
    """The setting a Settings row is about: by its key, else by its label in either language."""
    for s in SETTINGS:
        if normalize_label(key) == s.key:
            return s
    for s in SETTINGS:
        if name and normalize_label(name) in {
            normalize_label(s.label.kk),
            normalize_label(s.label.ru),
        }:
            return s
    return None


def read_settings(
    table: Table, findings: list[Finding]
) -> tuple[dict[str, object], set[str], dict[str, int]]:
    """Typed settings (the sheet's key/value rows over the schema defaults), the keys given a
    value, and the Excel row of each setting's (first) row; findings are appended to `findings`.

    A school year that is not one keeps the text typed (an error finding says so): falling back
    to the default year would put every date of the register in the wrong year."""
    result = {s.key: _typed_default(s) for s in SETTINGS}
    first_row: dict[str, int] = {}
    given: set[str] = set()
    frame = table.frame
    for key, name, value, row in zip(
        frame["key"], frame["name"], frame["value"], frame[ROW].tolist(), strict=True
    ):
        setting = _setting_for(key, name)
        if setting is None:
            if key:
                findings.append(
                    table.finding(
                        "warning", "unknown_setting", UNKNOWN_SETTING, row, "key", key=key
                    )
                )
            continue
        if setting.key in first_row:
            findings.append(
                table.finding(
                    "warning",
                    "duplicate_setting",
                    DUPLICATE_SETTING,
                    row,
                    "key",
                    key=setting.key,
                    first_row=first_row[setting.key],
                )
            )
            continue
        first_row[setting.key] = row
        if value:
            parsed = _parse_setting(table, setting, value, row)
            if isinstance(parsed, Finding):
                findings.append(parsed)
                if setting.type is ColType.SCHOOL_YEAR:
                    result[setting.key] = value
            else:
                result[setting.key] = parsed
                given.add(setting.key)
    return result, given, first_row


def _typed_default(setting: Setting) -> object:
    return _whole(setting.default) if setting.type is ColType.NUMBER else setting.default


def _whole(value: object) -> object:
    """Numbers as int when whole (10, not 10.0), like the schema's defaults."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parse_setting(table: Table, setting: Setting, value: str, row: int) -> object:
    """The typed value, or the error finding (naming the Settings row) when it doesn't fit."""
    labels = {"label_kk": setting.label.kk, "label_ru": setting.label.ru}
    if setting.type is ColType.NUMBER:
        try:
            number = to_number(value)
        except CellError:
            return table.finding(
                "error",
                "bad_setting",
                SETTING_NOT_NUMBER,
                row,
                "value",
                value=value,
                default=quoted(setting.default),
                **labels,
            )
        low, high = setting.bounds or (-math.inf, math.inf)
        if not low <= number <= high:
            return table.finding(
                "error",
                "bad_setting",
                SETTING_OUT_OF_RANGE,
                row,
                "value",
                value=quoted(number),
                low=quoted(low),
                high=quoted(high),
                default=quoted(setting.default),
                **labels,
            )
        return _whole(number)
    if setting.type is ColType.SCHOOL_YEAR:
        year = SchoolYear.read(value)
        if year is None:
            return table.finding(
                "error", "bad_school_year", NOT_A_SCHOOL_YEAR, row, "value", value=quoted(value)
            )
        return str(year)
    if setting.type is ColType.SCHOOL_CODE:
        try:
            return to_school_code(value)
        except CellError as exc:
            return table.finding(
                "error", "bad_school_code", exc.message, row, "value", **exc.params
            )
    if setting.type is ColType.CHOICE:
        probe = Column(
            setting.key, setting.label, ColType.CHOICE, setting.label, choices=setting.choices
        )
        found = choice_for(probe, value)
        if found is None:
            return table.finding(
                "error",
                "bad_setting",
                SETTING_NOT_CHOICE,
                row,
                "value",
                value=value,
                allowed=" / ".join(c.key for c in setting.choices),
                default=quoted(setting.default),
                **labels,
            )
        return found.key
    return value
