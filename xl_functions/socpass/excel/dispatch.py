"""How every button runs: its job on the open workbook, then one message box with the outcome.

`run_macro` is the Excel shell's one place for what all buttons share: the `Job` (it speaks the
workbook's language once read), a `SocpassError` shown as its message (by `jobs.job.run`), and any
other failure shown as a short message in the workbook's language while the details go to
`socpass-error.log` next to the workbook — never a Python traceback window.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..core.schema import Text
from ..jobs.job import Job, Outcome, run
from .book_register import BookRegister

if TYPE_CHECKING:
    import xlwings as xw

LOG_NAME = "socpass-error.log"
FAILED = Text(
    "Әрекет орындалмады: бағдарламада күтпеген қате болды. Тізілімге ештеңе жазылған жоқ. "
    "Толығырақ: {log} (оны мектептің IT маманына немесе socpass жасаушыларына жіберіңіз).",
    "Действие не выполнено: в программе произошла непредвиденная ошибка. В реестр ничего не "
    "записано. Подробности: {log} (передайте этот файл IT-специалисту школы или разработчикам "
    "socpass).",
)


def run_macro(
    register: BookRegister,
    title: Text,
    action: Callable[..., object],
    *args: object,
    show: Callable[[Outcome], str] | None = None,
    **kwargs: object,
) -> str:
    """Run `action(job, register, *args, **kwargs)`; show and return the message.

    `show` composes the message from the outcome's `result` when the job's own messages are not
    what the message box should say.
    """
    job = Job()
    try:
        outcome = run(job, action, register, *args, **kwargs)
        text = show(outcome) if show is not None and outcome.result is not None else outcome.text
    except Exception:  # a bug or an environment failure: short message, details in the log
        text = FAILED(job.lang).format(log=_log_failure(register))
    return tell(register.book, text, title(job.lang))


def tell(book: xw.Book, text: str, title: str) -> str:
    """Show `text` in a message box; a client without message boxes shows the returned text."""
    with contextlib.suppress(NotImplementedError):
        book.app.alert(text, title=title)
    return text


def _log_failure(register: BookRegister) -> Path:
    """Append the current exception's details to the log beside the workbook; the log's path."""
    log = register.folder / LOG_NAME
    with contextlib.suppress(OSError):
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} socpass {__version__}\n")
            handle.write(traceback.format_exc())
    return log
