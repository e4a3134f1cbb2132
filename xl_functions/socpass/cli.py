"""The `socpass` command: one sub-command per module in `socpass.commands`, each a few lines over
one job (`socpass.jobs`).

A command module defines `add_parser(subparsers)`, which sets `func(job, args)` (runs the job)
and, for a command with output of its own (a table), `show(outcome, args)`. This module does the
rest once: the `Job` in the user's language, one guard that turns any failure into one clear line
and an exit code (0 fine, 1 the data has errors or the action is refused, 2 the input cannot be
used, 3 a bug, 130 interrupted, 141 output pipe closed); never a traceback. The parser itself
speaks the user's language (`commands.language`): --lang anywhere on the line, else
$SOCPASS_LANG, else Kazakh; a bare `socpass` prints the help.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import signal
import sys

from . import __version__
from .commands.common import LANG_HELP
from .commands.language import Parser, argparse_speaks, argparse_word, lang_code, lang_in
from .core.schema import Text
from .jobs.job import Job, Message, Outcome, default_lang, run

#: Sub-command modules, in the order `socpass --help` lists them.
COMMAND_MODULES = (
    "demo",
    "new",
    "validate",
    "summary",
    "flag",
    "report",
    "class_forms",
    "collect",
    "class_passport",
    "import_",
    "return_",
    "consolidate",
    "close_year",
    "upgrade",
    "setup_excel",
    "doctor",
)

UNEXPECTED = Text(
    "Күтпеген қате: {error}. Файл өзгертілген жоқ.",
    "Непредвиденная ошибка: {error}. Файл не изменён.",
)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; its help and errors in the language of `argparse_speaks`."""
    parser = Parser(
        prog="socpass",
        description=(
            "Мектептің әлеуметтік паспорты: тізілім, санақ, ерте алдын алу, жылдық есеп / "
            "Социальный паспорт школы: реестр, подсчёты, раннее предупреждение, годовой отчёт."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"socpass {__version__}",
        help=argparse_word("show program's version number and exit"),
    )
    parser.add_argument("--lang", type=lang_code, default=None, metavar="kk|ru", help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _end_cleanly_on_sigterm()
    argv = sys.argv[1:] if argv is None else list(argv)
    speech = lang_in(argv) or default_lang()
    with argparse_speaks(speech):
        parser = build_parser()
        args = parser.parse_args(argv)  # a mistake: its usage and message, exit 2
        if args.command is None:  # bare `socpass` (or only --lang): what it can do
            parser.print_help()
            return 0
    as_json = bool(getattr(args, "json", False))
    show = getattr(args, "show", None)
    # A command with output of its own (a table) prints its messages after it; the others as they
    # come, so a long job (demo, report) is seen to progress.
    printer = _Printer(as_json, streaming=show is None)
    job = Job(args.lang, on_message=printer.message)
    try:
        outcome = run(job, args.func, args)
        if show is not None and outcome.result is not None:
            show(outcome, args)
        printer.flush(outcome)
        if as_json and outcome.data is not None:
            print(json.dumps(outcome.data, ensure_ascii=False, indent=2, default=str))
        return outcome.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # the last guard: a user never sees a traceback
        print(UNEXPECTED(job.lang).format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 3


def _end_cleanly_on_sigterm() -> None:
    """A terminated run (SIGTERM: a closed window, a task manager) unwinds like Ctrl+C, so a write
    under way removes its temporary file; only SIGKILL leaves one, for the next run to remove."""
    with contextlib.suppress(ValueError, AttributeError):  # not the main thread; no SIGTERM
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


class _Printer:
    """Results on stdout (stderr when stdout carries JSON), warnings, errors and progress on
    stderr; as they come, or (not `streaming`) progress at once and the rest when asked.

    Progress lines ("Жылдық есеп жазылуда…") are for a person watching a terminal: with stderr
    piped into a log or a script they are left out, so a refusal stays the one line it promises.
    """

    def __init__(self, as_json: bool, streaming: bool) -> None:
        self.as_json, self.streaming = as_json, streaming
        self.progress = sys.stderr.isatty()

    def message(self, message: Message) -> None:
        if message.level == "progress":
            if self.progress:
                self._print(message)
        elif self.streaming:
            self._print(message)

    def flush(self, outcome: Outcome) -> None:
        if not self.streaming:
            for message in outcome.messages:
                if message.level != "progress":
                    self._print(message)

    def _print(self, message: Message) -> None:
        if message.step is not None:
            _print_bar(message.text, *message.step)
            return
        to_stderr = message.level != "info" or self.as_json
        print(message.text, file=sys.stderr if to_stderr else sys.stdout, flush=True)


#: Width of the progress bar, in characters.
BAR_WIDTH = 30


def _print_bar(text: str, done: int, total: int) -> None:
    """A progress bar on stderr: redrawn in place on a terminal, a line each tenth of the way in
    a log."""
    filled = BAR_WIDTH * done // max(total, 1)
    line = f"{text} [{'█' * filled}{'·' * (BAR_WIDTH - filled)}] {done}/{total}"
    if sys.stderr.isatty():
        print(f"\r{line}", end="\n" if done >= total else "", file=sys.stderr, flush=True)
    elif done >= total or done * 10 // max(total, 1) > (done - 1) * 10 // max(total, 1):
        print(line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
