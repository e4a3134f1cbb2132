"""The Control sheet's buttons: each a job run on the open workbook (`dispatch.run_macro`).

The VBA calls only this module (`RunPython "import socpass.excel.macros as m; m.<name>_caller()"`),
on `xw.Book.caller()`; the functions without `_caller` take the workbook and are what the tests
run under xlwings' remote engine. Keeping the VBA pointed at this module lets the code behind the
buttons move without a new workbook.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import xlwings as xw

from ..core.findings import SEVERITY, Finding
from ..core.reader import lang_from_sheet_names
from ..core.schema import Lang, Text
from ..jobs.close_year import close_year as close_year_job
from ..jobs.collect import collect_forms
from ..jobs.flag import flag
from ..jobs.job import Outcome
from ..jobs.report import report
from ..jobs.return_ import school_return
from ..jobs.validate import ALL_GOOD, COUNTS, validate
from .book_register import BookRegister
from .dispatch import run_macro

FLAG_TITLE = Text("ЕАЖ тізімі", "Список СРП")
REPORT_TITLE = Text("Жылдық есеп", "Годовой отчёт")
VALIDATE_TITLE = Text("Тексеру", "Проверка")
CLOSE_TITLE = Text("Жылды жабу", "Закрыть год")
RETURN_TITLE = Text("Білім бөліміне жиынтық", "Сводка в отдел образования")
COLLECT_TITLE = Text("Сынып формаларын жинау", "Сбор форм классов")
#: Where the Collect button looks for returned forms: this folder beside the workbook.
FORMS_FOLDER = "class_forms"

MORE = Text(
    "… және тағы {count}. Алдымен осыларды түзетіп, қайта тексеріңіз.",
    "… и ещё {count}. Исправьте сначала эти и проверьте снова.",
)
MORE_LINES = Text(
    "… және тағы {count} жол (толық тізім: socpass collect командасы)",
    "… и ещё строк: {count} (полный список: команда socpass collect)",
)
#: Windows' MsgBox shows at most 1,024 characters; leave room for the closing line.
MESSAGE_LIMIT = 900

__all__ = [
    "close_year_caller",
    "collect_forms_caller",
    "flag_at_risk_caller",
    "generate_report_caller",
    "school_return_caller",
    "validate_caller",
]


def flag_at_risk(book: xw.Book, today: date | None = None, period: str = "auto") -> str:
    """Flag pupils at risk into the book's Risk and Plans sheets; the short report."""
    register = BookRegister(book)  # the register, and the memory of the previous run
    return run_macro(register, FLAG_TITLE, flag, register, today or date.today(), period)


def generate_report(book: xw.Book, today: date | None = None, open_file: bool = True) -> str:
    """Write the annual report next to the workbook (a new file, never over an edited one)."""

    def done(outcome: Outcome) -> str:
        if open_file and book.app.engine.name != "remote":
            _open(outcome.result)  # type: ignore[arg-type]
        return outcome.text

    return run_macro(BookRegister(book), REPORT_TITLE, report, today=today, show=done)


def validate_register(book: xw.Book) -> str:
    """Check the book and list the first findings (errors first) in a message box; no writes."""
    return run_macro(BookRegister(book), VALIDATE_TITLE, validate, show=validation_message)


def write_school_return(book: xw.Book, as_of: date | None = None) -> str:
    """Write the school's return for its education department next to the workbook (a new file,
    never over an earlier one)."""
    return run_macro(BookRegister(book), RETURN_TITLE, school_return, as_of=as_of)


def close_year(book: xw.Book, today: date | None = None) -> str:
    """Archive this year's counts in History and move Settings on (no forcing from a button)."""
    today = today or date.today()
    return run_macro(BookRegister(book), CLOSE_TITLE, close_year_job, today, force=None)


def collect_class_forms(
    book: xw.Book, folder: Path | None = None, confirm: Callable[[str, str], bool] | None = None
) -> str:
    """Show what the returned forms in `folder` (default: `FORMS_FOLDER` beside the workbook)
    change and ask before writing it into the book (`confirm(question, title)`, by default a
    yes/no box), then write it for the pedagogue to save."""
    register = BookRegister(book)
    forms = folder or register.folder / FORMS_FOLDER

    def yes_no(text: str, title: str) -> bool:  # desktop Excel answers; other clients say no
        return book.app.alert(text, title=title, buttons="yes_no") == "yes"

    def ask(text: str, lang: Lang) -> bool:
        return (confirm or yes_no)(fitted(text, lang), COLLECT_TITLE(lang))

    return run_macro(register, COLLECT_TITLE, collect_forms, [forms], False, ask)


def flag_at_risk_caller() -> None:
    flag_at_risk(xw.Book.caller())


def generate_report_caller() -> None:
    generate_report(xw.Book.caller())


def validate_caller() -> None:
    validate_register(xw.Book.caller())


def school_return_caller() -> None:
    write_school_return(xw.Book.caller())


def close_year_caller() -> None:
    close_year(xw.Book.caller())


def collect_forms_caller() -> None:
    book = xw.Book.caller()
    folder = picked_folder(book)
    if folder is not CANCELLED:
        collect_class_forms(book, folder)


#: The folder dialog was closed without choosing: the button does nothing.
CANCELLED = Path()
#: Office's msoFileDialogFolderPicker; `Show()` returns -1 when a folder was chosen.
FOLDER_PICKER, CHOSEN = 4, -1


def picked_folder(book: xw.Book) -> Path | None:
    """The folder the pedagogue picks in Excel's own dialog, opened at `FORMS_FOLDER` beside the
    workbook (or the workbook's folder); `CANCELLED` if she closes it; None where Excel has no
    such dialog (not desktop Excel): the button then reads `FORMS_FOLDER`."""
    try:
        dialog = book.app.api.FileDialog(FOLDER_PICKER)
    except Exception:  # no COM API (the remote engine, a Mac without it): the default folder
        return None
    beside = Path(book.fullname).parent
    start = beside / FORMS_FOLDER if (beside / FORMS_FOLDER).is_dir() else beside
    dialog.Title = COLLECT_TITLE(lang_from_sheet_names([s.name for s in book.sheets]))
    dialog.InitialFileName = f"{start}{os.sep}"
    if dialog.Show() != CHOSEN:
        return CANCELLED
    return Path(dialog.SelectedItems(1))


def validation_message(outcome: Outcome) -> str:
    """Counts, then the findings (errors first) that fit in a message box, then how many are left."""
    findings: list[Finding] = outcome.result  # type: ignore[assignment]
    lang: Lang = outcome.lang
    if not findings:
        return ALL_GOOD(lang)
    errors = sum(f.severity == "error" for f in findings)
    lines = [COUNTS(lang).format(errors=errors, warnings=len(findings) - errors), ""]
    ordered = sorted(findings, key=lambda f: f.severity != "error")  # stable: reading order
    size = len(lines[0])
    for shown, finding in enumerate(ordered):
        kind = SEVERITY[finding.severity](lang).capitalize()
        line = f"{kind}: {finding.where(lang)}: {finding.text(lang)}"
        if size + len(line) > MESSAGE_LIMIT:
            lines.append(MORE(lang).format(count=len(ordered) - shown))
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def fitted(text: str, lang: Lang) -> str:
    """`text` cut to what a message box shows, keeping its last line (the question)."""
    if len(text) <= MESSAGE_LIMIT:
        return text
    *lines, question = text.splitlines()
    kept: list[str] = []
    size = len(question)
    for line in lines:
        if size + len(line) > MESSAGE_LIMIT:
            break
        kept.append(line)
        size += len(line) + 1
    more = MORE_LINES(lang).format(count=len(lines) - len(kept))
    return "\n".join([*kept, more, "", question])


def _open(path: Path) -> None:
    """Open the document with the system's program for docx (Word), where the platform has one."""
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)])
