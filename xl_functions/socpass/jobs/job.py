"""One user action under way: the language it speaks, what it says, what it writes, how it ends.

Every job (validate, summary, flag, report, close-year, upgrade, new, demo, …) is a function
`action(job, …)` over a `Job`; the shells build the `Job`, call `run`, and only show the outcome:
the command line prints its messages and exits with its code, a button shows them in a message
box. So the things every action shares exist once, here:

- the language: `--lang` when given, else the register's once it has been read (`Job.read`),
  else `$SOCPASS_LANG`, else Kazakh;
- `run` turns a `SocpassError` into a message in that language and its exit code;
- `Job.require_clean` refuses a register with errors (`RegisterHasErrors`: one message listing
  the first ones, each placed by sheet, row and column).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from ..core.findings import RegisterHasErrors, SocpassError
from ..core.schema import LANGS, Lang, Text

if TYPE_CHECKING:
    from ..core.register import RegisterData

Level = Literal["info", "warning", "error", "progress"]

WARNINGS = Text(
    "Ескерту: {count} (толығырақ: socpass validate)",
    "Предупреждений: {count} (подробнее: socpass validate)",
)


def default_lang() -> Lang:
    """The language before a register tells it: $SOCPASS_LANG, else Kazakh."""
    env = os.environ.get("SOCPASS_LANG", "").strip().lower()
    return env if env in LANGS else "kk"  # type: ignore[return-value]


@dataclass(frozen=True)
class Message:
    level: Level
    text: str
    step: tuple[int, int] | None = None  # (done, total): a step of a progress bar


@dataclass
class Outcome:
    """What an action ended with: its messages (in `lang`), exit code, files and data.

    `result` is the action's typed result for the shell that shows it (a table, a message box),
    `data` the same for machines (`--json`); `files` what was written, in order.
    """

    lang: Lang
    exit_code: int = 0
    messages: list[Message] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    result: object = None
    data: dict[str, object] | None = None

    @property
    def text(self) -> str:
        """Every message but progress lines, one per line: what a message box shows."""
        return "\n".join(m.text for m in self.messages if m.level != "progress")


class RegisterSource(Protocol):
    """Where a job reads the register from: a file (`files.register_file.RegisterFile`) or a
    workbook open in Excel (`excel.book_io.BookRegister`)."""

    def read(self) -> RegisterData: ...


class Job:
    """The shared object of one action: built once by the shell, passed to the action."""

    def __init__(
        self, lang: Lang | None = None, on_message: Callable[[Message], None] | None = None
    ) -> None:
        self._fixed = lang is not None
        self.outcome = Outcome(lang or default_lang())
        self._on_message = on_message
        self._warnings = 0  # of the register read, said once the action is done

    @property
    def lang(self) -> Lang:
        return self.outcome.lang

    def speak(self, lang: Lang) -> None:
        """Speak `lang` from now on, unless the user chose a language."""
        if not self._fixed:
            self.outcome.lang = lang

    def read(self, source: RegisterSource, as_of: date | None = None) -> RegisterData:
        """Read the register and speak its language; `as_of` is the date its pupils are counted
        and flagged as of (`core.roll`; None: the end of the school year's lessons)."""
        register = source.read()
        self.speak(register.lang)
        return register if as_of is None else replace(register, as_of=as_of)

    def require_clean(self, register: RegisterData) -> None:
        """Refuse (exit 1) a register with errors; its warnings are counted aloud at the end."""
        if register.errors:
            raise RegisterHasErrors(register.errors)
        self._warnings = len(register.warnings)

    # ------------------------------------------------------------------ what the action says

    def say(self, text: Text | str, level: Level = "info", **params: object) -> None:
        """A message in the job's language (`Text` templates are filled with `params`)."""
        shown = text(self.lang).format(**params) if isinstance(text, Text) else text
        message = Message(level, shown)
        self.outcome.messages.append(message)
        if self._on_message is not None:
            self._on_message(message)

    def warn(self, text: Text | str, **params: object) -> None:
        self.say(text, "warning", **params)

    def progress(self, text: Text | str, **params: object) -> None:
        """A line for a step that takes a while (the command line shows it, a message box not)."""
        self.say(text, "progress", **params)

    def advance(self, done: int, total: int, text: Text | str, **params: object) -> None:
        """One step of a long action over many items, for a progress bar (the command line
        draws it; it is not kept among the messages)."""
        if self._on_message is not None:
            shown = text(self.lang).format(**params) if isinstance(text, Text) else text
            self._on_message(Message("progress", shown, (done, total)))

    def wrote(self, path: Path) -> None:
        self.outcome.files.append(path)

    def fail(self, error: SocpassError) -> None:
        """End with `error`, in the job's language (for machines too: `data["fatal"]`); an
        error about a file in a known language speaks it, unless the user chose one."""
        if error.lang is not None:
            self.speak(error.lang)
        text = error.text(self.lang)
        self.say(text, "error")
        self.outcome.exit_code = error.exit_code
        data = self.outcome.data = {**(self.outcome.data or {}), "fatal": text}
        if "detail" in error.params:  # the library's own wording of the cause, for a technician
            data["detail"] = str(error.params["detail"])

    def finish(self) -> None:
        """Say what is said after a successful action: the register's warnings, counted."""
        if self._warnings:
            self.warn(WARNINGS, count=self._warnings)


def run(job: Job, action: Callable[..., object], *args: object, **kwargs: object) -> Outcome:
    """Run `action(job, *args, **kwargs)`; a `SocpassError` ends it as a message and exit code."""
    try:
        code = action(job, *args, **kwargs)
    except SocpassError as error:
        job.fail(error)
    else:
        if isinstance(code, int):
            job.outcome.exit_code = code
        job.finish()
    return job.outcome
