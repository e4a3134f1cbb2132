"""What the commands share: the `--lang`, `--today`, `--as-of` and `--json` options."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..core.schema import LANGS

LANG_HELP = "хабарлама тілі / язык сообщений (әдепкі — тізілімнің / по умолчанию — как в реестре)"


def add_register_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")


def add_lang_option(parser: argparse.ArgumentParser, help_text: str = LANG_HELP) -> None:
    parser.add_argument("--lang", choices=LANGS, default=None, help=help_text)


def iso_day(text: str) -> date:
    """argparse type for `--today YYYY-MM-DD`."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"YYYY-MM-DD: {text!r}") from exc


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today", type=iso_day, default=None, help="бүгінгі күн / сегодня (YYYY-MM-DD)"
    )


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=iso_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="тәуекел мен жоспарлар қай күнгі / на какую дату риск и планы (әдепкі — бүгін / "
        "по умолчанию — сегодня)",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="JSON шығару / вывод в JSON")


def today(args: argparse.Namespace) -> date:
    """`--today`, else the computer's date."""
    return args.today or date.today()
