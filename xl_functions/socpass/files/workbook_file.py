"""The register file on disk: tell unusable files apart, open an encrypted one in memory, check
the package, then take every register sheet's cells out of the workbook read-only
(python-calamine) and hand them to `core.reader`.

A file that cannot be used raises `SocpassError` (exit code 2) whose message says why in the
user's words, in the register's language when its sheet names tell it; the library's own (English)
wording goes only into the error's `detail` parameter, which no message template shows and
`socpass validate --json` passes on. The file is only ever read: a password-protected register is
decrypted into memory (`files.encryption`), never into a file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from ..core.findings import Finding, SocpassError
from ..core.reader import is_register_sheet, lang_from_sheet_names, register_from_values
from ..core.register import RegisterData
from ..core.schema import Lang, Text
from ..core.tables import column_letter
from .encryption import LEGACY_ENCRYPTED, Password, decrypt
from .package import MAX_TOTAL, Damaged, Package, for_reading, too_large

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
FAR_CELL = Text(
    "{cell} ұяшығында кестеден алыс тұрған мән бар (кездейсоқ басылған болуы мүмкін): оны өшіріңіз "
    "немесе кестеге көшіріңіз",
    "В ячейке {cell} значение далеко от таблицы (возможно, нажато случайно): удалите его или "
    "перенесите в таблицу",
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: The workbook stream of a legacy .xls ("Workbook", or "Book" in Excel 5/95) in the OLE directory.
_XLS_STREAMS = tuple(n.encode("utf-16-le") for n in ("Workbook", "Book"))


@dataclass
class WorkbookFile:
    """A workbook's bytes as a reader or an editor needs them: the plain package (decrypted in
    memory when the file is encrypted) or a legacy .xls."""

    path: Path
    data: bytes
    kind: str  # "xlsx" (any zip package) or "xls"
    password: str | None = None  # set when the file on disk is encrypted with it


@dataclass
class WorkbookCells:
    """The cells of a workbook's wanted worksheets and what the reader must know about them."""

    sheets: dict[str, list[list[object]]]
    hidden: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    lang: Lang = "kk"


def read_register(path: str | Path, password: Password | None = None) -> RegisterData:
    """Read a register workbook (.xlsx / .xlsm) without ever opening it for writing.

    Raises `SocpassError` (exit code 2) with a one-line message when the file is missing, empty,
    not a workbook, encrypted without the right password, corrupted, or lacks a required sheet.
    """
    path = Path(path)
    cells = read_workbook(open_workbook(path, password), is_register_sheet)
    return register_from_values(cells.sheets, path, cells.hidden, cells.findings)


def read_sheets(
    path: Path, wanted: Callable[[str], bool], password: Password | None = None
) -> dict[str, list[list[object]]]:
    """The cells (anchored at A1, as calamine gives them) of every worksheet whose name is
    `wanted`, in workbook order; the file is checked first and only ever opened for reading."""
    return read_workbook(open_workbook(path, password), wanted).sheets


def open_workbook(path: Path, password: Password | None = None) -> WorkbookFile:
    """The file's workbook bytes, told apart from unusable files by its bytes first (before
    calamine's less readable errors), decrypted in memory when it is encrypted."""
    data = _file_bytes(path)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            return _decrypted(path, data, password)
        if any(name in data for name in _XLS_STREAMS):
            return WorkbookFile(path, data, "xls")  # a legacy .xls: calamine reads it
        raise SocpassError(NOT_WORKBOOK, file=path.name)  # another Office file (.doc) renamed
    _check_package(path, data)
    return WorkbookFile(path, data, "xlsx")


def read_workbook(book: WorkbookFile, wanted: Callable[[str], bool]) -> WorkbookCells:
    """The `wanted` worksheets' cells; hidden sheets, formula cells without a usable value and
    cells far outside a sheet's data are told to the reader (see `files.package`)."""
    path = book.path
    package = Package(io.BytesIO(book.data)) if book.kind == "xls" else _package(book, wanted)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(package.data)
        metadata = [
            m for m in workbook.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    except python_calamine.PasswordError:  # a protected legacy .xls
        raise SocpassError(LEGACY_ENCRYPTED, file=path.name) from None
    except Exception as exc:  # calamine's errors: a damaged zip or workbook part
        raise SocpassError(CORRUPTED, file=path.name, detail=_first_line(exc)) from None
    lang = lang_from_sheet_names([m.name for m in metadata])
    names = [m.name for m in metadata if wanted(m.name)]
    cells = WorkbookCells({}, lang=lang)
    for meta in metadata:
        if meta.name in names and meta.visible != python_calamine.SheetVisibleEnum.Visible:
            cells.hidden.add(meta.name)
    for name in names:
        values = _sheet_values(workbook, name, path, lang)
        _mark(values, package.marks.get(name, {}))
        cells.sheets[name] = values
        cells.findings += [_far_finding(name, f.row, f.column) for f in package.far.get(name, [])]
    return cells


def sheet_names(data: bytes) -> list[str]:
    """The names of a workbook package's sheets (calamine reads only its workbook part)."""
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names


def opens_with_sheets(names: Collection[str]) -> Callable[[bytes], None]:
    """A check for a workbook socpass wrote: the zip is whole and calamine finds `names` in it."""

    def check(data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()
        if broken is not None:
            raise ValueError(f"bad CRC in {broken}")
        found = set(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
        missing = [name for name in names if name not in found]
        if missing:
            raise ValueError(f"sheets missing: {missing}")

    return check


def _package(book: WorkbookFile, wanted: Callable[[str], bool]) -> Package:
    try:
        return for_reading(book.data, book.path.name, wanted)
    except Damaged as exc:
        if exc.sheet is not None:
            raise SocpassError(
                SHEET_DAMAGED, file=book.path.name, sheet=exc.sheet, detail=exc.detail
            ) from None
        raise SocpassError(CORRUPTED, file=book.path.name, detail=exc.detail) from None


def _mark(values: list[list[object]], marks: dict[tuple[int, int], object]) -> None:
    """Put the formula cells calamine read as empty back in their place."""
    for (row, col), mark in marks.items():
        while len(values) <= row:
            values.append([])
        cells = values[row]
        if len(cells) <= col:
            cells.extend([""] * (col + 1 - len(cells)))
        cells[col] = mark


def _far_finding(sheet: str, row: int, column: int) -> Finding:
    letter = column_letter(column - 1)
    return Finding(
        "error", "far_cell", FAR_CELL, sheet, row, letter, letter, {"cell": f"{letter}{row}"}
    )


def _sheet_values(
    book: python_calamine.CalamineWorkbook, name: str, path: Path, lang: Lang
) -> list[list[object]]:
    """One sheet's cells; a sheet whose XML is damaged is named in the message."""
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's XML / zip errors for this sheet's part
        raise SocpassError(
            SHEET_DAMAGED, file=path.name, sheet=name, detail=_first_line(exc)
        ).speaking(lang) from None


def _file_bytes(path: Path) -> bytes:
    if not path.exists():
        raise SocpassError(FILE_MISSING, file=str(path))
    if not path.is_file():
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    try:
        size = path.stat().st_size
        if size > MAX_TOTAL:  # no register comes near; reading it would only fill the memory
            raise too_large(path.name, path.name, size, MAX_TOTAL)
        data = path.read_bytes()
    except OSError as exc:
        raise SocpassError(FILE_UNREADABLE, file=path.name, detail=_first_line(exc)) from None
    if not data:
        raise SocpassError(FILE_EMPTY, file=path.name)
    return data


def _check_package(path: Path, data: bytes) -> None:
    """A zip holding a workbook part, or the message saying what the file is instead."""
    if not data.startswith(_ZIP_MAGIC):
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.NameToInfo)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SocpassError(CORRUPTED, file=path.name, detail=_first_line(exc)) from None
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise SocpassError(NOT_WORKBOOK, file=path.name)


def _decrypted(path: Path, data: bytes, password: Password | None) -> WorkbookFile:
    plain = decrypt(io.BytesIO(data), path, password)
    _check_package(path, plain)
    return WorkbookFile(path, plain, "xlsx", password.for_file(path) if password else None)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
