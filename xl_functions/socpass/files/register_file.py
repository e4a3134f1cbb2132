"""A register workbook on disk, as the jobs use it: read it, and edit it in place.

The file is only read, except by `close_year` and `apply_edits` (collect, import): the jobs hold
it for the whole read-modify-write (`writing`: refused while Excel has it open or another socpass
writes it); it is edited in memory and written back through the one write path with a backup,
encrypted again with the same password when it was encrypted. `close_year` then reads it back
to check History holds what was counted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.findings import SocpassError
from ..core.history import year_counts
from ..core.reader import is_register_sheet, register_from_values
from ..core.register import RegisterData
from ..core.schema import Lang, Text
from ..core.school_year import SchoolYear
from .atomic import write_file, writing
from .encryption import Password
from .in_use import sweep
from .workbook_file import (
    WorkbookFile,
    open_workbook,
    opens_with_sheets,
    read_workbook,
    sheet_names,
)

READ_BACK_FAILED = Text(
    "Жазылған «Жылдар» жолдары қайта оқылғанда сәйкес келмеді; файл көшірмеден қалпына келтірілді.",
    "Записанные строки листа «По годам» при повторном чтении не совпали; файл восстановлен "
    "из копии.",
)
NOT_EDITABLE = Text(
    "«{file}» — ескі .xls кітабы: socpass оны оқиды, бірақ жаза алмайды. Оны Excel-де .xlsx "
    "(немесе .xlsm) ретінде сақтап, жаңа файлмен қайталаңыз. Файл өзгертілген жоқ.",
    "«{file}» — старая книга .xls: socpass читает её, но записать не может. Сохраните её в Excel "
    "как .xlsx (или .xlsm) и повторите с новым файлом. Файл не изменён.",
)


if TYPE_CHECKING:
    from .register_edit import RowEdit


class RegisterFile:
    """The register at `path` (opened with `password` when it is encrypted): read-only, except
    for the actions meant to write it."""

    def __init__(self, path: str | Path, password: Password | None = None) -> None:
        self.path = Path(path)
        self.password = password
        self._book: WorkbookFile | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent

    def read(self) -> RegisterData:
        sweep(self.path)  # a killed write's temporary file holds pupil data: not left lying
        self._book = open_workbook(self.path, self.password)
        cells = read_workbook(self._book, is_register_sheet)
        return register_from_values(cells.sheets, self.path, cells.hidden, cells.findings)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the file from reading it to writing it back (see `files.atomic.writing`)."""
        with writing(self.path):
            yield

    def close_year(
        self, register: RegisterData, rows: pd.DataFrame, lang: Lang, following: SchoolYear
    ) -> Path:
        """Append `rows` to History and set the next school year, in place; read the file back to
        check History holds exactly what was counted (else the backup is put back). The backup."""
        from .register_edit import append_history  # openpyxl: only for the jobs that edit

        backup, password = self._edit_in_place(
            lambda data: append_history(data, self.path.name, rows, lang, str(following))
        )
        year = register.school_year
        after = read_workbook(open_workbook(self.path, Password(password)), is_register_sheet)
        history = register_from_values(after.sheets, self.path, after.hidden).frame("history")
        if year_counts(history, year) != year_counts(rows, year):
            self.restore(backup)
            raise SocpassError(READ_BACK_FAILED, exit_code=2)
        return backup

    def apply_edits(self, edits: Sequence[RowEdit], lang: Lang) -> Path:
        """Make `edits` in place (atomically, encrypted again if it was); the backup."""
        from .register_edit import apply_row_edits  # openpyxl: only for the jobs that edit

        backup, _ = self._edit_in_place(
            lambda data: apply_row_edits(data, self.path.name, edits, lang)
        )
        return backup

    def _edit_in_place(self, edit: Callable[[bytes], bytes]) -> tuple[Path, str | None]:
        """Write `edit(the workbook's plain bytes)` over the file through the one write path,
        with a backup, encrypted again with its password if it had one (an .xls is refused):
        the backup, and that password for reading the file back."""
        book = self._book or open_workbook(self.path, self.password)
        if book.kind != "xlsx":
            raise SocpassError(NOT_EDITABLE, file=self.path.name)
        written = write_file(
            self.path,
            edit(book.data),
            backup=True,
            check=opens_with_sheets(sheet_names(book.data)),
            encrypt_with=book.password,
        )
        assert written.backup is not None
        self._book = None  # what was read is no longer the file
        return written.backup, book.password

    def restore(self, backup: Path) -> None:
        """Put `backup` (made by `close_year` or `apply_edits`) back in the file's place: an edit that read back
        wrong is undone."""
        write_file(self.path, backup.read_bytes())
        self._book = None
