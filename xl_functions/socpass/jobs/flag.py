"""Flag: the pupils at risk in a period, with their tier, reasons and status since the last run.

The previous run and the place the new one goes are the `RiskMemory`: in Excel, the register's
own Risk and Plans sheets (`excel.book_register.BookRegister`); without Excel, a separate workbook
(`files.risk_workbook.RiskWorkbook`, `flag --out`); or nothing, and then nothing is saved. A
register with errors is not flagged: flags computed from wrong numbers would mislead a review.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from ..core import risk
from ..core.register import RegisterData
from ..core.schema import Lang, Text
from .job import Job, RegisterSource

WRITTEN = Text("Нәтиже жазылды: {path}", "Результат записан: {path}")
NOT_SAVED = Text(
    "Тізім ешқайда сақталған жоқ: сақтау үшін --out FILE.xlsx қосыңыз "
    "(Excel-де — «ЕАЖ тізімін жаңарту» батырмасы).",
    "Список нигде не сохранён: чтобы сохранить, добавьте --out FILE.xlsx "
    "(в Excel — кнопка «Обновить список СРП»).",
)


class RiskMemory(Protocol):
    """Where the previous flag run is kept and where the new one goes."""

    def recall(self, register: RegisterData, lang: Lang) -> RegisterData:
        """The register with the previous run's Risk rows and plans."""
        ...

    def keep(self, result: risk.RiskResult, lang: Lang) -> Path | None:
        """Store the new run; the file written, if it is a separate one."""
        ...


def flag(
    job: Job,
    source: RegisterSource,
    memory: RiskMemory | None,
    today: date,
    period: str = "auto",
    as_of: date | None = None,
) -> None:
    """Flag as of `today` for `period` (`core.period`), the pupils on the roll `as_of` (default:
    the end of the school year's lessons); `result` is the `RiskResult`."""
    register = job.read(source, as_of)
    job.require_clean(register)
    if memory is not None:
        register = memory.recall(register, job.lang)
    result = risk.flag(register, today, period)
    job.outcome.result = result
    job.outcome.data = risk.as_json(result, job.lang)
    written = memory.keep(result, job.lang) if memory is not None else None
    job.say(risk.message(result, job.lang))
    if written is not None:
        job.wrote(written)
        job.say(WRITTEN, path=written)
    elif memory is None:
        job.say(NOT_SAVED)
