"""Return: the school's figures for its education department, as a small workbook of aggregates.

The register is only read, and one with errors or without a school code gets no return (a
department would add up wrong numbers, or could not tell the school apart). The early-warning
counts and the plans' reviews are as of `as_of` (default: the end of the year's lessons). Under the default name — next
to the register, with the school code and the year — an existing return is never overwritten
("… (2).xlsx"); an explicit output file is replaced, after a backup of it. With `suppress`, counts
from 1 to 4 are blanked, for a return that will be published.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.aggregates import SchoolFigures, school_figures, suppress_small
from ..core.findings import SocpassError
from ..core.schema import Text
from ..files.atomic import unused_path
from .job import Job
from .report import ReportSource

NOT_XLSX = Text("-o: .xlsx файлы болуы керек ({path}).", "-o: нужен файл .xlsx ({path}).")
SAME_FILE = Text(
    "-o тізілімнің өзін көрсетеді; тізілім өзгертілмейді, басқа файл атын беріңіз.",
    "-o указывает на сам реестр; реестр не изменяется, укажите другой файл.",
)
WRITTEN = Text(
    "Білім бөліміне арналған жиынтық жазылды: {path}",
    "Сводка для отдела образования записана: {path}",
)
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
SUPPRESSED = Text(
    "1-ден 4-ке дейінгі сандар жасырылды: бұл нұсқа жариялауға арналған, білім бөліміне толық "
    "нұсқасын жіберіңіз.",
    "Числа от 1 до 4 скрыты: эта версия для публикации, в отдел образования отправьте полную.",
)


def return_file_name(figures: SchoolFigures) -> str:
    """ "return_230740050870_2025-2026.xlsx" (with "_public" when small counts are blanked)."""
    public = "_public" if figures.suppressed else ""
    return f"return_{figures.school.code}_{figures.school_year}{public}.xlsx"


def school_return(
    job: Job,
    source: ReportSource,
    out: Path | None = None,
    as_of: date | None = None,
    suppress: bool = False,
) -> Path:
    """Write the school's return; the path written."""
    from ..render.return_workbook import write_return

    register = job.read(source, as_of)
    job.require_clean(register)
    figures = school_figures(register)
    if suppress:
        figures = suppress_small(figures)
    target = out or unused_path(source.folder / return_file_name(figures))
    if target.suffix.lower() != ".xlsx":
        raise SocpassError(NOT_XLSX, path=target)
    if source.path is not None and target.exists() and target.resolve() == source.path.resolve():
        raise SocpassError(SAME_FILE)
    written = write_return(target, figures, job.lang, source.path, backup=target.exists())
    job.outcome.result = target
    job.wrote(target)
    job.say(WRITTEN, path=target)
    if written.backup is not None:
        job.say(BACKUP, path=written.backup)
    if suppress:
        job.warn(SUPPRESSED)
    return target
