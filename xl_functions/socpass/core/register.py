"""The register as the core sees it: one typed pandas frame per sheet, the settings, the findings.

Frames use the schema's column keys (never header text) plus `_row`, the Excel row each record
came from, so later checks and messages can point the user at the cell. Types per `ColType`:
ID/TEXT/CLASS -> str ("" when empty), INT -> pandas Int64, MONEY/NUMBER -> Float64,
DATE -> datetime64 (NaT when empty), BOOL -> bool (empty = False), CHOICE -> the choice key or None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .findings import Finding
from .schema import ColType, Lang, sheet
from .school_year import SchoolYear
from .values import empty_value

ROW = "_row"

#: The pandas dtype of a frame column per schema column type (see the module docstring).
DTYPES: dict[ColType, object] = {
    ColType.TEXT: str,
    ColType.ID: str,
    ColType.CLASS: str,
    ColType.IIN: str,
    ColType.SCHOOL_YEAR: str,
    ColType.SCHOOL_CODE: str,
    ColType.INT: "Int64",
    ColType.MONEY: "Float64",
    ColType.NUMBER: "Float64",
    ColType.DATE: "datetime64[ns]",
    ColType.BOOL: bool,
    ColType.CHOICE: object,
}


@dataclass
class RegisterData:
    lang: Lang
    frames: dict[str, pd.DataFrame]  # sheet key -> frame
    settings: dict[str, object]  # setting key -> typed value (schema defaults filled in)
    findings: list[Finding] = field(default_factory=list)
    source: Path | None = None
    #: The date counts and flags are as of, when one was asked for (`--as-of`); see `as_of_date`.
    as_of: date | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def frame(self, sheet_key: str) -> pd.DataFrame:
        """The sheet's frame; an empty typed one for a sheet the register does not have."""
        found = self.frames.get(sheet_key)
        return typed_frame(sheet_key) if found is None else found

    @property
    def school_year(self) -> SchoolYear:
        """The school year of Settings; `SocpassError` if it is not one (validate reports it)."""
        return SchoolYear.parse(self.settings.get("school_year"))

    @property
    def as_of_date(self) -> date:
        """The date pupils are counted and flagged as of (`core.roll`): the one asked for, else
        the day the school year's lessons end."""
        return self.as_of or self.school_year.end_of_lessons


def typed_frame(sheet_key: str, records: Iterable[Mapping[str, object]] = ()) -> pd.DataFrame:
    """A frame of `sheet_key` as the reader gives it, from records keyed by schema column keys.

    Every schema column is there with its dtype; a key a record lacks (or holds None for) is the
    column's empty value; `_row` is taken from the records, else numbered from Excel row 2.
    """
    rows = list(records)
    data: dict[str, pd.Series] = {}
    for col in sheet(sheet_key).columns:
        empty = empty_value(col)
        values = [_given(row.get(col.key), empty) for row in rows]
        data[col.key] = pd.Series(values, dtype=DTYPES[col.type])  # type: ignore[call-overload]
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    numbers = [row.get(ROW) for row in rows]
    if not all(isinstance(n, int) for n in numbers):
        numbers = list(range(2, len(rows) + 2))
    frame[ROW] = pd.Series(numbers, dtype="int64")
    return frame


def _given(value: object, empty: object) -> object:
    """`value`, or the column's empty value for None / NaN."""
    if value is None or (isinstance(value, float) and value != value):
        return empty
    return value
