"""Findings about a register (errors and warnings) and the error that stops a command.

Messages are `Text` templates in both languages, formatted with the finding's parameters only when
shown, so one finding can be printed in Kazakh or Russian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .schema import Lang, Text

Severity = Literal["error", "warning"]

SEVERITY = {"error": Text("қате", "ошибка"), "warning": Text("ескерту", "предупреждение")}
WHERE = Text("{sheet}, {row}-жол, «{column}»", "{sheet}, строка {row}, «{column}»")
HAS_ERRORS = Text(
    "Тізілімде {count} қате бар; алдымен оларды түзетіңіз (толық тізім — «Тексеру» батырмасы "
    "немесе socpass validate):",
    "В реестре ошибок: {count}; сначала исправьте их (полный список — кнопка «Проверить» или "
    "socpass validate):",
)
MORE = Text("… және тағы {count}", "… и ещё {count}")
#: Errors listed when a register with errors is refused (the rest are counted).
SHOWN_ERRORS = 10


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

    def where(self, lang: Lang) -> str:
        """'Оқушылар, 12-жол, «ЖСН»': the place the finding points at, as the user names it."""
        if self.row is None or self.column is None:
            return self.sheet or ""
        return WHERE(lang).format(sheet=self.sheet, row=self.row, column=self.column)

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

    #: The language of the file the error is about, when known (a Russian register missing a
    #: sheet is answered in Russian, though the register could not be read).
    lang: Lang | None = None

    def __init__(self, message: Text, exit_code: int = 2, **params: object) -> None:
        super().__init__(message.ru.format(**params))
        self.message = message
        self.params = params
        self.exit_code = exit_code

    def speaking(self, lang: Lang | None) -> SocpassError:
        """This error, said in `lang` unless the user chose a language (see `Job.fail`)."""
        self.lang = lang
        return self

    def text(self, lang: Lang) -> str:
        return self.message(lang).format(**self.params)


class RegisterHasErrors(SocpassError):
    """An action that computes from the register refuses one with errors (exit 1): numbers from
    wrong data would be signed and sent on. The message lists the first errors, each placed."""

    def __init__(self, errors: list[Finding]) -> None:
        super().__init__(HAS_ERRORS, exit_code=1, count=len(errors))
        self.errors = errors

    def text(self, lang: Lang) -> str:
        lines = [super().text(lang)]
        lines += [f"  {f.where(lang)}: {f.text(lang)}" for f in self.errors[:SHOWN_ERRORS]]
        if len(self.errors) > SHOWN_ERRORS:
            lines.append("  " + MORE(lang).format(count=len(self.errors) - SHOWN_ERRORS))
        return "\n".join(lines)
