"""Upgrade: move a register's data into a workbook of this version (sheets, columns, dropdowns,
macros), in the same language and file format, with the old file kept next to it as a backup.

Nothing typed is lost, even in a register with errors (`files.carry_over`): cells that do not
parse stay as typed, the school's own columns move to the right of their table.
"""

from __future__ import annotations

from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import SETTINGS, Text, sheet
from ..files.atomic import write_file, writing
from ..files.carry_over import carry_over
from ..files.encryption import Password
from ..files.workbook_file import opens_with_sheets
from ..render.workbook import register_bytes, register_sheet_names
from .job import Job

UPGRADED = Text("Тізілім жаңартылды: {path}", "Реестр обновлён: {path}")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
KEPT_TYPED = Text(
    "Қатесі бар {count} ұяшық жазылғандай сақталды; оларды socpass validate көрсетеді.",
    "Ячеек с ошибками: {count}, они сохранены как были введены; их покажет socpass validate.",
)
KEPT_COLUMNS = Text(
    "«{sheet}» парағындағы өз бағандарыңыз кестенің оң жағына көшірілді: {columns}",
    "Ваши столбцы на листе «{sheet}» перенесены в правую часть таблицы: {columns}",
)
NOT_REGISTER = Text(
    "{path}: тек .xlsx немесе .xlsm тізілімін жаңартуға болады.",
    "{path}: обновить можно только реестр .xlsx или .xlsm.",
)


def upgrade(job: Job, path: Path, password: Password | None = None) -> None:
    """Replace the file by a workbook of this version with its data, after a backup; held from
    reading to writing, encrypted again with its password when it was encrypted."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise SocpassError(NOT_REGISTER, path=path)
    with writing(path):
        carried = carry_over(path, password)
        register = carried.register
        job.speak(register.lang)
        settings = {s.key: register.settings.get(s.key, s.default) for s in SETTINGS}
        data = register_bytes(path, register.lang, carried.frames, settings, carried.extra_columns)
        written = write_file(
            path,
            data,
            backup=True,
            check=opens_with_sheets(register_sheet_names(register.lang)),
            encrypt_with=carried.password,
        )
    job.wrote(path)
    job.say(BACKUP, path=written.backup)
    job.say(UPGRADED, path=path)
    if carried.kept_typed:
        job.say(KEPT_TYPED, count=carried.kept_typed)
    for key, extra in carried.extra_columns.items():
        job.say(KEPT_COLUMNS, sheet=sheet(key).name(job.lang), columns=", ".join(extra))
