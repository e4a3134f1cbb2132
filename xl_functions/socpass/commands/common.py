"""What the commands share: the `--lang`, `--today` and `--json` options, the register argument."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from ..core.schema import Text
from .language import lang_code, speaking

LANG_HELP = "хабарлама тілі / язык сообщений (әдепкі — тізілімнің / по умолчанию — как в реестре)"
BAD_DAY = Text(
    "күн КК.АА.ЖЖЖЖ (01.06.2026) немесе ЖЖЖЖ-АА-КК (2026-06-01) түрінде болуы керек, ал "
    "берілгені: «{value}»",
    "дата должна быть в виде ДД.ММ.ГГГГ (01.06.2026) или ГГГГ-ММ-ДД (2026-06-01), а указано: "
    "«{value}»",
)
DAY_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def add_register_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")


def add_lang_option(parser: argparse.ArgumentParser, help_text: str = LANG_HELP) -> None:
    """`--lang kk|ru` (kz, қаз, рус too). A command's own --lang leaves the one typed before the
    command alone unless it is given (`socpass --lang ru summary X`)."""
    parser.add_argument(
        "--lang",
        type=lang_code,
        default=argparse.SUPPRESS,
        metavar="kk|ru",
        help=help_text,
    )


def iso_day(text: str) -> date:
    """argparse type for a day (`--today`, `--as-of`): 01.06.2026 as a user writes it, or
    2026-06-01."""
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(BAD_DAY(speaking()).format(value=text))


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=iso_day,
        default=None,
        metavar="DD.MM.YYYY",
        help="бүгінгі күн / сегодня (КК.АА.ЖЖЖЖ / ДД.ММ.ГГГГ or YYYY-MM-DD)",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="JSON шығару / вывод в JSON")


def today(args: argparse.Namespace) -> date:
    """`--today`, else the computer's date."""
    return args.today or date.today()
