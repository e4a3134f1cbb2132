"""Findings about a register (errors and warnings) and the error that stops a command.

Messages are `Text` templates in both languages, formatted with the finding's parameters only when
shown, so one finding can be printed in Kazakh or Russian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .schema import Lang, Text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem in the register, located by sheet, Excel row and column as the user sees them."""

    severity: Severity
    code: str  # stable identifier, e.g. "duplicate_id"; tests and --json use it
    message: Text  # template with {placeholders} filled from `params`
    sheet: str | None = None  # the sheet's name as it is in the workbook
    row: int | None = None  # Excel row number (1-based), None for the whole sheet/column
    column: str | None = None  # the column's header as it is in the workbook
    column_letter: str | None = None  # e.g. "D"
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: Lang) -> str:
        return self.message(lang).format(**self.params)

    def as_dict(self, lang: Lang) -> dict[str, object]:
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "column_letter": self.column_letter,
            "message": self.text(lang),
        }


class SocpassError(Exception):
    """A condition that stops a command with a one-line message in the user's language.

    `exit_code` 2 means the input cannot be used at all (missing, not a workbook, corrupted).
    """

    def __init__(self, message: Text, exit_code: int = 2, **params: object) -> None:
        super().__init__(message.ru.format(**params))
        self.message = message
        self.params = params
        self.exit_code = exit_code

    def text(self, lang: Lang) -> str:
        return self.message(lang).format(**self.params)
