"""Report: the annual analysis report as a Word document (and, asked for, a PDF).

The register is only read, and one with errors gets no report (numbers from wrong data would be
signed and sent on). Under the default name — next to the register, with the school year — an
existing report is never overwritten ("… (2).docx"): it may have been edited before signing. An
explicit output file is replaced, after a backup of it. Blank school name, pedagogue or director,
and typed text in another language than the report's, are said as warnings.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Protocol

from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.report_context import report_notes
from ..core.schema import Lang, Text
from ..files.atomic import unused_path
from .job import Job

NOT_DOCX = Text("-o: .docx файлы болуы керек ({path}).", "-o: нужен файл .docx ({path}).")
SAME_FILE = Text(
    "-o тізілімнің өзін көрсетеді; тізілім өзгертілмейді, басқа файл атын беріңіз.",
    "-o указывает на сам реестр; реестр не изменяется, укажите другой файл.",
)
WRITING = Text("Жылдық есеп жазылуда…", "Пишется годовой отчёт…")
CONVERTING = Text("PDF жасалуда (LibreOffice)…", "Создаётся PDF (LibreOffice)…")
WRITTEN = Text("Есеп жазылды: {path}", "Отчёт записан: {path}")
BACKUP = Text("Бұрынғы есептің көшірмесі: {path}", "Копия прежнего отчёта: {path}")


def report_file_name(register: RegisterData, lang: Lang) -> str:
    """The report's file name with the school year: "report_2025-2026_kk.docx"."""
    year = file_name_part(str(register.settings.get("school_year") or ""))
    return f"report_{year or 'year'}_{lang}.docx"


def file_name_part(text: str) -> str:
    """Text typed in the register made safe in a file name: anything but letters, digits, "."
    and "-" becomes "_" (a class typed "5/А" makes no subfolder)."""
    return re.sub(r"[^\w.-]+", "_", text).strip("_")


class ReportSource(Protocol):
    """A register to report on, and the folder its report goes to by default."""

    folder: Path
    path: Path | None  # the register's own file, when it has one here

    def read(self) -> RegisterData: ...


def report(
    job: Job,
    source: ReportSource,
    out: Path | None = None,
    template: Path | None = None,
    today: date | None = None,
    pdf: bool = False,
    as_of: date | None = None,
) -> Path:
    """Write the report in the job's language, counting pupils as of `as_of` (default: the end
    of the school year's lessons); returns the docx written."""
    # matplotlib and docxtpl load only when a report is written, not for every socpass action
    from ..render.report import convert_to_pdf, report_bytes, write_report

    register = job.read(source, as_of)
    job.require_clean(register)
    lang = job.lang
    job.progress(WRITING)
    target = out or unused_path(source.folder / report_file_name(register, lang))
    if target.suffix.lower() != ".docx":
        raise SocpassError(NOT_DOCX, path=target)
    if source.path is not None and target.exists() and target.resolve() == source.path.resolve():
        raise SocpassError(SAME_FILE)
    data = report_bytes(register, lang, template, today)
    written = write_report(target, data, source.path, backup=target.exists())
    job.outcome.result = target
    job.wrote(target)
    job.say(WRITTEN, path=target)
    if written.backup is not None:
        job.say(BACKUP, path=written.backup)
    for note in report_notes(register, lang):
        job.warn(note)
    if pdf:
        job.progress(CONVERTING)
        job.say(WRITTEN, path=convert_to_pdf(target))
    return target
