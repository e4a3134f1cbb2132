"""A register workbook on disk, as the jobs use it: read it, and close its year in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from ..core.findings import SocpassError
from ..core.history import year_counts
from ..core.register import RegisterData
from ..core.schema import Lang, Text
from ..core.school_year import SchoolYear
from .register_edit import append_history
from .workbook_file import read_register

READ_BACK_FAILED = Text(
    "Жазылған «Жылдар» жолдары қайта оқылғанда сәйкес келмеді; файл көшірмеден қалпына келтірілді.",
    "Записанные строки листа «По годам» при повторном чтении не совпали; файл восстановлен "
    "из копии.",
)


class RegisterFile:
    """The register at `path`: read-only, except for the actions meant to write it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def read(self) -> RegisterData:
        return read_register(self.path)

    def close_year(
        self, register: RegisterData, rows: pd.DataFrame, lang: Lang, following: SchoolYear
    ) -> Path:
        """Append `rows` to History and set the next school year, in place; read the file back to
        check History holds exactly what was counted (else the backup is put back). The backup."""
        backup = append_history(self.path, rows, lang, str(following))
        year = register.school_year
        written = year_counts(read_register(self.path).frame("history"), year)
        if written != year_counts(rows, year):
            shutil.copy2(backup, self.path)
            raise SocpassError(READ_BACK_FAILED, exit_code=3)
        return backup
