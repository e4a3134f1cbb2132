"""The Report button: `generate_report(book)` writes the annual report for the open register.

The register is read in one bulk read per table (`book_io.register_from_book`); nothing is written
to the workbook. The docx goes next to the workbook, named with the school year. A book without a
folder on this machine (xlwings' remote engine and Office.js clients send only the file name) gets
its report in a `socpass-reports` folder in the system's temp directory instead; either way the
message tells the path. On desktop Excel the document is then opened in Word.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import xlwings as xw

from ..core.findings import SocpassError
from ..core.report_context import report_notes
from ..core.schema import Lang, Text
from ..files.atomic import unused_path
from ..render.report import render_report, report_file_name
from .book_io import register_from_book

TITLE = Text("Жылдық есеп", "Годовой отчёт")
DONE = Text("Жылдық есеп жазылды: {path}", "Годовой отчёт записан: {path}")
HAS_ERRORS = Text(
    "Тізілімде {count} қате бар, есеп жазылмады. Алдымен түзетіңіз: {first}",
    "В реестре ошибок: {count}, отчёт не записан. Сначала исправьте: {first}",
)
WHERE = Text(
    "{sheet}, {row}-жол, «{column}»: {message}", "{sheet}, строка {row}, «{column}»: {message}"
)


def report_folder(book: xw.Book) -> Path:
    """The workbook's folder when it has one here, else a temp folder for remote clients."""
    full = Path(book.fullname)
    if full.is_absolute() and full.parent.is_dir():
        return full.parent
    return Path(tempfile.gettempdir()) / "socpass-reports"


def generate_report(book: xw.Book, today: date | None = None, open_file: bool = True) -> str:
    """Write the report for `book`; show and return a message with the document's path."""
    data = register_from_book(book)
    lang: Lang = data.lang
    if data.errors:
        first = data.errors[0]
        where = WHERE(lang).format(
            sheet=first.sheet, row=first.row, column=first.column, message=first.text(lang)
        )
        return _tell(book, HAS_ERRORS(lang).format(count=len(data.errors), first=where), lang)
    folder = report_folder(book)
    if Path(book.fullname).is_absolute():
        data.source = Path(book.fullname)  # a relative report_template is next to the workbook
    try:
        out = unused_path(folder / report_file_name(data, lang))  # never over an edited report
        path = render_report(data, out, lang, today=today)
    except SocpassError as exc:
        return _tell(book, exc.text(lang), lang)
    except OSError as exc:
        return _tell(book, f"{folder}: {exc.strerror or exc}", lang)
    if open_file and book.app.engine.name != "remote":
        _open(path)
    # blank school name / pedagogue / director: said after the path, before anyone signs
    message = "\n".join([DONE(lang).format(path=path), *report_notes(data, lang)])
    return _tell(book, message, lang)


def generate_report_caller() -> None:
    """Entry point for the button (RunPython): the workbook that called."""
    generate_report(xw.Book.caller())


def _open(path: Path) -> None:
    """Open the document with the system's program for docx (Word), where the platform has one."""
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)])


def _tell(book: xw.Book, text: str, lang: Lang) -> str:
    # A client without message boxes: the caller shows the returned text instead.
    with contextlib.suppress(NotImplementedError):
        book.app.alert(text, title=TITLE(lang))
    return text
