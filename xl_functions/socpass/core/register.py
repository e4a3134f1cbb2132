"""The register as the core sees it: one typed pandas frame per sheet, the settings, the findings.

Frames use the schema's column keys (never header text) plus `_row`, the Excel row each record
came from, so later checks and messages can point the user at the cell. Types per `ColType`:
ID/TEXT/CLASS -> str ("" when empty), INT -> pandas Int64, MONEY/NUMBER -> Float64,
DATE -> datetime64 (NaT when empty), BOOL -> bool (empty = False), CHOICE -> the choice key or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .findings import Finding
from .schema import ColType, Lang

ROW = "_row"

#: The pandas dtype of a frame column per schema column type (see the module docstring).
DTYPES: dict[ColType, object] = {
    ColType.TEXT: str,
    ColType.ID: str,
    ColType.CLASS: str,
    ColType.IIN: str,
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

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def frame(self, sheet_key: str) -> pd.DataFrame:
        return self.frames[sheet_key]
