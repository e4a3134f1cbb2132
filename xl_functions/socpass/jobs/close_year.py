"""Close the year: archive this school year's counts in History and move Settings to the next year.

What a pedagogue expects from "close the year": this year's numbers are kept in History (for next
year's comparison and report) and the register moves on to the next school year. Pupils and the
yearly sheets are not touched: moving classes up, removing graduates and clearing last year's
records are her decisions, so the message says what is left to do. A year already in History is
refused; so is a year that has not ended (`SchoolYear.closable_from`) unless forced.

The same job closes a register file (`files.register_file.RegisterFile`: written atomically with a
backup, read back) and a workbook open in Excel (`excel.book_register.BookRegister`: written in
the book, which the pedagogue then saves — or closes without saving to undo).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Protocol

import pandas as pd

from ..core.closing import NOT_ENDED, check_year_ended, clear_sheets_advice
from ..core.findings import SocpassError
from ..core.history import closing_rows
from ..core.passport import count_metrics
from ..core.register import RegisterData
from ..core.roll import register_pupils
from ..core.schema import Lang, Text
from ..core.school_year import SchoolYear
from .job import Job

CLOSING = Text("{year} оқу жылы жабылуда…", "Закрывается {year} учебный год…")
CLOSED = Text(
    "{year} оқу жылы жабылды: «Жылдар» парағына {rows} жол қосылды. "
    "Баптаулардағы оқу жылы енді {next}.",
    "{year} учебный год закрыт: на лист «По годам» добавлено строк: {rows}. "
    "Учебный год в настройках теперь {next}.",
)
PUPILS_UNCHANGED = Text(
    "Оқушылар парағы өзгерген жоқ: сыныптарды көшіруді (5Ә → 6Ә) және түлектерді шығаруды "
    "өзіңіз жасаңыз.",
    "Лист учащихся не изменён: перевод в следующий класс (5А → 6А) и выбытие выпускников "
    "сделайте сами.",
)
NOT_ENDED_FORCIBLE = Text(
    NOT_ENDED.kk + " Бәрібір жабу керек болса, --force параметрін қосыңыз.",
    NOT_ENDED.ru + " Если закрыть нужно всё равно, добавьте параметр --force.",
)
BACKUP = Text(
    "Бұрынғы файлдың көшірмесі (өткен жылдың барлық жолдарымен): {path}",
    "Копия прежнего файла (со всеми строками прошлого года): {path}",
)
SAVE_TO_KEEP = Text(
    "Файлды сақтаңыз (болдырмау үшін — сақтамай жабыңыз). Өткен жылдың жолдарын өшірмес бұрын "
    "файлдың көшірмесін басқа атпен мұрағат ретінде сақтаңыз.",
    "Сохраните файл (чтобы отменить — закройте без сохранения). Перед удалением строк прошлого "
    "года сохраните копию файла под другим именем как архив.",
)


class YearCloser(Protocol):
    """A register that can take the closing rows: a file, or a book open in Excel."""

    def read(self) -> RegisterData: ...

    def writing(self) -> AbstractContextManager[None]:
        """Held from reading the register to writing it back (a file: no other writer)."""
        ...

    def close_year(
        self, register: RegisterData, rows: pd.DataFrame, lang: Lang, following: SchoolYear
    ) -> Path | None:
        """Write the rows and the next year; the backup of the old file, if one was made."""
        ...


def close_year(job: Job, store: YearCloser, today: date, force: bool | None = False) -> None:
    """Close the register's school year as of `today`; `force` closes before the year has ended
    (None: forcing is not offered, as on the Excel button, so the refusal does not suggest it)."""
    with store.writing():
        backup = _close(job, store, today, force)
    job.say(PUPILS_UNCHANGED)
    job.say(clear_sheets_advice(job.lang))
    if backup is None:
        job.say(SAVE_TO_KEEP)
    else:
        job.wrote(backup)
        job.say(BACKUP, path=backup)


def _close(job: Job, store: YearCloser, today: date, force: bool | None) -> Path | None:
    """Read, check, write: the closing itself, while the register is held."""
    register = job.read(store)
    job.require_clean(register)
    year = register.school_year
    rows = closing_rows(register.frame("history"), count_metrics(register_pupils(register)), year)
    if not force:
        try:
            check_year_ended(year, today)
        except SocpassError as refusal:
            if force is None:
                raise
            raise SocpassError(NOT_ENDED_FORCIBLE, exit_code=1, **refusal.params) from None
    job.progress(CLOSING, year=str(year))
    backup = store.close_year(register, rows, register.lang, year.next)
    job.say(CLOSED, year=str(year), rows=len(rows), next=str(year.next))
    return backup
