"""The Validate button: `validate_register(book)` checks the open register and tells what to fix.

One bulk read per table (`book_io.register_from_book`, the same reader as `socpass validate`) and
no write at all: the pedagogue gets a message box with the counts and the first findings, errors
first, each with sheet, row and column, so she can go straight to the cell. A message box holds
about 1,000 characters, so the list stops there and says how many more there are.
"""

from __future__ import annotations

import contextlib

import xlwings as xw

from ..core.findings import Finding
from ..core.schema import Lang, Text
from .book_io import register_from_book

TITLE = Text("Тексеру", "Проверка")
ALL_GOOD = Text("Қате табылған жоқ.", "Ошибок не найдено.")
COUNTS = Text(
    "Қате: {errors}, ескерту: {warnings}.", "Ошибок: {errors}, предупреждений: {warnings}."
)
SEVERITY = {"error": Text("Қате", "Ошибка"), "warning": Text("Ескерту", "Предупреждение")}
WHERE = Text("{sheet}, {row}-жол, «{column}»", "{sheet}, строка {row}, «{column}»")
MORE = Text(
    "… және тағы {count}. Алдымен осыларды түзетіп, қайта тексеріңіз.",
    "… и ещё {count}. Исправьте сначала эти и проверьте снова.",
)
#: Windows' MsgBox shows at most 1,024 characters; leave room for the closing line.
MESSAGE_LIMIT = 900


def validate_register(book: xw.Book) -> str:
    """Check `book`; show and return the message (workbook language). Writes nothing."""
    data = register_from_book(book)
    return _tell(book, validation_message(data.findings, data.lang), data.lang)


def validate_caller() -> None:
    """Entry point for the button (RunPython): the workbook that called."""
    validate_register(xw.Book.caller())


def validation_message(findings: list[Finding], lang: Lang) -> str:
    """Counts, then the findings (errors first) that fit in a message box, then how many are left."""
    if not findings:
        return ALL_GOOD(lang)
    errors = sum(f.severity == "error" for f in findings)
    lines = [COUNTS(lang).format(errors=errors, warnings=len(findings) - errors), ""]
    ordered = sorted(findings, key=lambda f: f.severity != "error")  # stable: reader's order
    size = len(lines[0])
    for shown, finding in enumerate(ordered):
        line = f"{SEVERITY[finding.severity](lang)}: {_where(finding, lang)}: {finding.text(lang)}"
        if size + len(line) > MESSAGE_LIMIT:
            lines.append(MORE(lang).format(count=len(ordered) - shown))
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def _where(finding: Finding, lang: Lang) -> str:
    if finding.row is None or finding.column is None:
        return finding.sheet or ""
    return WHERE(lang).format(sheet=finding.sheet, row=finding.row, column=finding.column)


def _tell(book: xw.Book, text: str, lang: Lang) -> str:
    # A client without message boxes: the caller shows the returned text instead.
    with contextlib.suppress(NotImplementedError):
        book.app.alert(text, title=TITLE(lang))
    return text
