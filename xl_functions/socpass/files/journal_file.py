"""An electronic journal's export on disk: its first sheet with data, read through the same
checks as a register (`files.workbook_file`: size limits, encryption, a damaged package), never
opened for writing."""

from __future__ import annotations

from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import Text, sheet
from .encryption import Password
from .workbook_file import NOT_WORKBOOK, read_sheets

EMPTY_EXPORT = Text(
    "«{file}» кітабында деректері бар парақ жоқ.", "В книге «{file}» нет листа с данными."
)


NOT_AN_EXPORT = Text(
    "«{file}» — Excel кітабы емес: журнал экспорты .xlsx, .xlsm немесе .xls файлы болуы керек. "
    "CSV файлын Excel-де ашып, .xlsx ретінде сақтаңыз.",
    "«{file}» — не книга Excel: выгрузка журнала должна быть файлом .xlsx, .xlsm или .xls. "
    "Файл CSV откройте в Excel и сохраните как .xlsx.",
)
A_REGISTER = Text(
    "«{file}» — socpass тізілімі, журнал экспорты емес. Алдымен тізілімді, одан кейін "
    "электрондық журналдан шығарылған файлдарды көрсетіңіз.",
    "«{file}» — это реестр socpass, а не выгрузка журнала. Сначала укажите реестр, затем "
    "файлы, выгруженные из электронного журнала.",
)


def read_export(path: Path, password: Password | None = None) -> list[list[object]]:
    """The cells (anchored at A1) of the export's first sheet that holds anything."""
    try:
        sheets = read_sheets(path, lambda _name: True, password)
    except SocpassError as error:
        if error.message is NOT_WORKBOOK:  # .xls is read too, and a CSV is one save away
            raise SocpassError(NOT_AN_EXPORT, exit_code=2, file=path.name) from None
        raise
    names = [sheet(key).name for key in ("pupils", "attendance")]
    register_sheets = {n.kk for n in names} | {n.ru for n in names}
    if len(register_sheets & set(sheets)) >= 2:
        raise SocpassError(A_REGISTER, exit_code=2, file=path.name)
    for cells in sheets.values():
        if any(str(v).strip() for row in cells for v in row if v is not None):
            return cells
    raise SocpassError(EMPTY_EXPORT, exit_code=2, file=path.name)
