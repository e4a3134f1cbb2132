"""The register open in Excel, as the jobs use it: read in bulk, written in a few bulk writes.

`BookRegister` is what a button hands to a job: the register source (`read`), the memory of flag
runs (the book's own Risk and Plans sheets: `recall`, `keep`), the store that takes the closing
rows of a year (`close_year`), the one that takes the rows of class forms (`apply_edits`) and
the folder a report goes to. Nothing is saved: the pedagogue
saves the workbook, or closes it without saving to undo.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.register import ROW, RegisterData
from ..core.risk import RiskResult
from ..core.schema import Lang
from ..core.school_year import SchoolYear
from .book_io import register_from_book
from .history_sheet import append_history, set_school_year
from .risk_sheets import append_plans, write_risk
from .row_edits import apply_book_edits

if TYPE_CHECKING:
    import xlwings as xw

    from ..files.register_edit import RowEdit


class BookRegister:
    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self._register: RegisterData | None = None

    @property
    def path(self) -> Path | None:
        """The workbook's file on this machine; None for a remote client (only a name is sent)."""
        full = Path(self.book.fullname)
        return full if full.is_absolute() else None

    @property
    def folder(self) -> Path:
        """The workbook's folder when it has one here, else a temp folder for remote clients."""
        if self.path is not None and self.path.parent.is_dir():
            return self.path.parent
        return Path(tempfile.gettempdir()) / "socpass-reports"

    def read(self) -> RegisterData:
        register = register_from_book(self.book)
        register.source = self.path  # a relative report_template is next to the workbook
        self._register = register
        return register

    # ------------------------------------------------------------------ flag runs

    def recall(self, register: RegisterData, lang: Lang) -> RegisterData:
        """The previous run is already in the register: its Risk and Plans sheets."""
        return register

    def keep(self, result: RiskResult, lang: Lang) -> None:
        plans = self._register.frame("plans") if self._register is not None else None
        next_row = int(plans[ROW].max()) + 1 if plans is not None and len(plans) else None
        write_risk(self.book, result, lang)
        append_plans(self.book, result, lang, next_row)

    # ------------------------------------------------------------------ closing the year

    def writing(self) -> contextlib.nullcontext[None]:
        """Nothing to hold: the book is open in this Excel, and the pedagogue saves it."""
        return contextlib.nullcontext()

    def close_year(
        self, register: RegisterData, rows: pd.DataFrame, lang: Lang, following: SchoolYear
    ) -> None:
        append_history(self.book, register.frame("history"), rows, lang)
        set_school_year(self.book, register.frame("settings"), str(following), lang)

    # ------------------------------------------------------------------ collecting class forms

    def apply_edits(self, edits: Sequence[RowEdit], lang: Lang) -> None:
        """Make the row edits in the book (no backup: the pedagogue saves, or closes to undo)."""
        if self._register is None:
            self.read()
        assert self._register is not None
        apply_book_edits(self.book, self._register, edits, lang)
