"""The `socpass` command: one sub-command per module in `socpass.commands`.

Every command reports problems as one clear line in the user's language and an exit code
(0 fine, 1 the data has errors, 2 the input cannot be used); never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .commands.common import default_lang
from .core.findings import SocpassError
from .core.schema import Lang, Text

#: Sub-command modules, in the order `socpass --help` lists them. Each defines
#: `add_parser(subparsers) -> argparse.ArgumentParser` and sets `func(args) -> int` on it.
COMMAND_MODULES = (
    "demo",
    "new",
    "validate",
    "summary",
    "flag",
    "report",
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
    parser = argparse.ArgumentParser(
        prog="socpass",
        description="Әлеуметтік паспорт / Социальный паспорт школы: register, counts, early warning, report.",
    )
    parser.add_argument("--version", action="version", version=f"socpass {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as exc:  # during development: a command not written yet
            if exc.name == f"{__package__}.commands.{name}":
                continue
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang: Lang = getattr(args, "lang", None) or default_lang()
    try:
        return int(args.func(args) or 0)
    except SocpassError as exc:
        print(exc.text(lang), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # the last guard: a user never sees a traceback
        print(UNEXPECTED(lang).format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
