"""The register file on disk: tell unusable files apart, then take every register sheet's cells out
of the workbook read-only (python-calamine) and hand them to `core.reader`.

A file that cannot be used raises `SocpassError` (exit code 2) whose message says why in the
user's words; the library's own (English) wording goes only into the error's `detail` parameter,
which no message template shows and `socpass validate --json` passes on.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import python_calamine

from ..core.findings import SocpassError
from ..core.reader import is_register_sheet, register_from_values
from ..core.register import RegisterData
from ..core.schema import Text

FILE_MISSING = Text("«{file}» файлы табылмады", "Файл «{file}» не найден")
FILE_EMPTY = Text("«{file}» файлы бос (0 байт)", "Файл «{file}» пустой (0 байт)")
FILE_UNREADABLE = Text(
    "«{file}» файлын оқу мүмкін емес: оған қол жеткізу жоқ (файл басқа бағдарламада ашық "
    "болуы немесе оны оқуға рұқсат болмауы мүмкін)",
    "Не удаётся прочитать файл «{file}»: нет доступа (возможно, файл открыт в другой "
    "программе или нет прав на чтение)",
)
NOT_WORKBOOK = Text(
    "«{file}» — Excel кітабы емес (.xlsx немесе .xlsm файлы керек)",
    "«{file}» — не книга Excel (нужен файл .xlsx или .xlsm)",
)
ENCRYPTED = Text(
    "«{file}» құпиясөзбен қорғалған: Excel-де құпиясөзді алып тастап, файлды қайта сақтаңыз",
    "Файл «{file}» защищён паролем: снимите пароль в Excel и сохраните файл заново",
)
CORRUPTED = Text(
    "«{file}» файлы бүлінген: Excel кітабының құрылымы оқылмайды; файлды Excel-де ашып, қайта "
    "сақтап көріңіз немесе сақтық көшірмесін алыңыз",
    "Файл «{file}» повреждён: структура книги Excel не читается; попробуйте открыть его в Excel "
    "и сохранить заново или возьмите резервную копию",
)
SHEET_DAMAGED = Text(
    "«{file}» файлындағы «{sheet}» парағының деректері бүлінген, оларды оқу мүмкін емес; файлды "
    "Excel-де ашып, қайта сақтап көріңіз",
    "Данные листа «{sheet}» в файле «{file}» повреждены и не читаются; попробуйте открыть файл "
    "в Excel и сохранить заново",
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: The workbook stream of a legacy .xls ("Workbook", or "Book" in Excel 5/95) in the OLE directory.
_XLS_STREAMS = tuple(n.encode("utf-16-le") for n in ("Workbook", "Book"))


def read_register(path: str | Path) -> RegisterData:
    """Read a register workbook (.xlsx / .xlsm) without ever opening it for writing.

    Raises `SocpassError` (exit code 2) with a one-line message when the file is missing, empty,
    not a workbook, encrypted, corrupted, or lacks a required sheet.
    """
    path = Path(path)
    return register_from_values(read_sheets(path, is_register_sheet), path)


def read_sheets(path: Path, wanted: Callable[[str], bool]) -> dict[str, list[list[object]]]:
    """The cells (anchored at A1, as calamine gives them) of every worksheet whose name is
    `wanted`, in workbook order; the file is checked first and only ever opened for reading."""
    _check_file(path)
    try:
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
            names = [
                m.name
                for m in book.sheets_metadata
                if m.typ == python_calamine.SheetTypeEnum.WorkSheet and wanted(m.name)
            ]
    except OSError as exc:
        raise SocpassError(FILE_UNREADABLE, file=path.name, detail=_first_line(exc)) from None
    except python_calamine.PasswordError:  # a protected legacy .xls
        raise SocpassError(ENCRYPTED, file=path.name) from None
    except Exception as exc:  # calamine's errors: a damaged zip or workbook part
        raise SocpassError(CORRUPTED, file=path.name, detail=_first_line(exc)) from None
    return {name: _sheet_values(book, name, path) for name in names}


def _sheet_values(
    book: python_calamine.CalamineWorkbook, name: str, path: Path
) -> list[list[object]]:
    """One sheet's cells; a sheet whose XML is damaged is named in the message."""
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's XML / zip errors for this sheet's part
        raise SocpassError(
            SHEET_DAMAGED, file=path.name, sheet=name, detail=_first_line(exc)
        ) from None


def _check_file(path: Path) -> None:
    """Tell the unusable files apart by their bytes, before calamine's less readable errors."""
    if not path.exists():
        raise SocpassError(FILE_MISSING, file=str(path))
    if not path.is_file():
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            is_ole = head == _OLE_MAGIC
            streams = handle.read() if is_ole else b""
    except OSError as exc:
        raise SocpassError(FILE_UNREADABLE, file=path.name, detail=_first_line(exc)) from None
    if not head:
        raise SocpassError(FILE_EMPTY, file=path.name)
    if _ENCRYPTED_STREAM in streams:
        raise SocpassError(ENCRYPTED, file=path.name)
    if is_ole and any(name in streams for name in _XLS_STREAMS):
        return  # a legacy .xls: calamine reads it
    if is_ole:  # another Office file (.doc, .ppt) renamed
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    if not head.startswith(_ZIP_MAGIC):
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SocpassError(CORRUPTED, file=path.name, detail=_first_line(exc)) from None
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise SocpassError(NOT_WORKBOOK, file=path.name)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
