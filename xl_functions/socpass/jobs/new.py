"""New: an empty register to start typing into (.xlsm: with the buttons and custom functions).

The school year in Settings is the current one on `today` (from August: the one about to start).
An existing file is refused unless forced, and then kept as a backup.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import Lang, Text
from ..core.school_year import SchoolYear
from ..excel.desktop import require_desktop_excel, resave_via_excel
from ..files.atomic import write_file
from ..files.workbook_file import opens_with_sheets
from ..render.workbook import register_bytes, register_sheet_names
from .job import Job

WRITTEN = Text("Тізілім жазылды: {path}", "Реестр записан: {path}")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
EXISTS = Text(
    "{path} файлы бар. Үстінен жазу үшін --force қосыңыз (бұрынғы файлдың көшірмесі сақталады).",
    "Файл {path} уже существует. Чтобы перезаписать его, добавьте --force (копия прежнего файла "
    "сохранится).",
)
NOT_XLSX = Text(
    "{path}: тізілім .xlsx немесе .xlsm (батырмалары мен макростары бар) файлы болуы керек.",
    "{path}: реестр должен быть файлом .xlsx или .xlsm (с кнопками и макросами).",
)
MACROS_HINT = Text(
    "Батырмалар мен SOCPASS_… функциялары Windows-тағы Excel-де жұмыс істейді; бір реттік "
    "баптау: socpass setup-excel",
    "Кнопки и функции SOCPASS_… работают в Excel для Windows; однократная настройка: "
    "socpass setup-excel",
)
IS_FOLDER = Text(
    "{path} — бұл қалта, файл атын көрсетіңіз.", "{path} — это папка, укажите имя файла."
)
NO_FOLDER = Text("{folder} қалтасы жоқ.", "Папка {folder} не существует.")


def new(
    job: Job, path: Path, lang: Lang, today: date, force: bool = False, via_excel: bool = False
) -> Path:
    """Write an empty register in `lang` to `path`; returns the path written. `via_excel` (the
    fallback if a school's Excel ever rejects our VBA project): Excel then re-saves the file."""
    job.speak(lang)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise SocpassError(NOT_XLSX, path=path)
    if path.is_dir():
        raise SocpassError(IS_FOLDER, path=path)
    if not path.parent.is_dir():
        raise SocpassError(NO_FOLDER, folder=path.parent)
    if path.exists() and not force:
        raise SocpassError(EXISTS, path=path)
    if via_excel:
        require_desktop_excel()  # refuses (exit 2) before anything is written
    data = register_bytes(path, lang, settings={"school_year": str(SchoolYear.of(today))})
    check = opens_with_sheets(register_sheet_names(lang))
    written = write_file(path, data, backup=path.exists(), check=check)
    if written.backup is not None:
        job.say(BACKUP, path=written.backup)
    job.wrote(path)
    job.say(WRITTEN, path=path)
    if via_excel:
        job.say(resave_via_excel(path))
    if suffix == ".xlsm":
        job.say(MACROS_HINT)
    return path
