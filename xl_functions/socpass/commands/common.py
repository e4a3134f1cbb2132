"""What the commands share: the register argument, the `--lang`, `--today`, `--as-of`, `--json`
and `--password` options."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from datetime import date, datetime
from pathlib import Path

from ..core.schema import Text
from ..files.encryption import PROMPT, Password
from ..jobs.job import Job
from .language import lang_code, speaking

LANG_HELP = "хабарлама тілі / язык сообщений (әдепкі — тізілімнің / по умолчанию — как в реестре)"
BAD_DAY = Text(
    "күн КК.АА.ЖЖЖЖ (01.06.2026) немесе ЖЖЖЖ-АА-КК (2026-06-01) түрінде болуы керек, ал "
    "берілгені: «{value}»",
    "дата должна быть в виде ДД.ММ.ГГГГ (01.06.2026) или ГГГГ-ММ-ДД (2026-06-01), а указано: "
    "«{value}»",
)
NO_SUCH_DAY = Text(
    "«{value}» — күнтізбеде мұндай күн жоқ", "«{value}» — такого дня в календаре нет"
)
DAY_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
#: A day written in one of the formats, whatever its numbers (31.02.2026 is shaped right).
DAY_SHAPE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{1,2}-\d{1,2}")


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


def add_classes_option(parser: argparse.ArgumentParser) -> None:
    """`--class 5Ә,6А` or `--class 5Ә --class 6А`: one value an option, so a register path typed
    after it is not taken for a class (a class may hold a space: «5 Ә»)."""
    parser.add_argument(
        "--class",
        dest="classes",
        action="extend",
        type=class_list,
        default=[],
        metavar="CLASS[,CLASS…]",
        help="тек осы сыныптар: --class 5Ә,6А немесе --class 5Ә --class 6А (әдепкі — барлығы) / "
        "только эти классы: --class 5А,6Б или --class 5А --class 6Б (по умолчанию — все)",
    )


def class_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def iso_day(text: str) -> date:
    """argparse type for a day (`--today`, `--as-of`): 01.06.2026 as a user writes it, or
    2026-06-01."""
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    wrong = NO_SUCH_DAY if DAY_SHAPE.fullmatch(text.strip()) else BAD_DAY
    raise argparse.ArgumentTypeError(wrong(speaking()).format(value=text))


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=iso_day,
        default=None,
        metavar="DD.MM.YYYY",
        help="бүгінгі күн / сегодня (КК.АА.ЖЖЖЖ / ДД.ММ.ГГГГ; ЖЖЖЖ-АА-КК / ГГГГ-ММ-ДД)",
    )


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=iso_day,
        default=None,
        metavar="DD.MM.YYYY",
        help="оқушылар осы күнгі жағдай бойынша саналады (әдепкі — оқу жылының соңы) / учащиеся "
        "считаются по состоянию на эту дату (по умолчанию — конец учебного года)",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="JSON шығару / вывод в JSON")


def today(args: argparse.Namespace) -> date:
    """`--today`, else the computer's date."""
    return args.today or date.today()


PASSWORD_HELP = (
    "құпиясөзбен қорғалған тізілімнің құпиясөзі (жақсысы — SOCPASS_PASSWORD айнымалысы немесе "
    "сұрау) / пароль защищённого реестра (лучше — переменная SOCPASS_PASSWORD или запрос)"
)
ENCRYPT_HELP = (
    "нәтиже файлын да сол құпиясөзбен шифрлау (онда аты-жөндер бар) / зашифровать и файл "
    "результата тем же паролем (в нём есть ФИО)"
)


def add_password_option(parser: argparse.ArgumentParser, encrypt_output: bool = False) -> None:
    """`--password` for an encrypted register (and `--encrypt-output` for outputs with names)."""
    parser.add_argument("--password", metavar="PASSWORD", default=None, help=PASSWORD_HELP)
    if encrypt_output:
        parser.add_argument("--encrypt-output", action="store_true", help=ENCRYPT_HELP)


def password(args: argparse.Namespace, job: Job) -> Password:
    """The password: `--password`, else $SOCPASS_PASSWORD, else asked on the terminal (only when a
    file turns out to be encrypted, and only when one is attached)."""
    given = args.password if args.password is not None else os.environ.get("SOCPASS_PASSWORD")

    def ask(file: str) -> str:
        try:
            return getpass.getpass(PROMPT(job.lang).format(file=file))
        except EOFError:
            return ""

    return Password(given, ask if sys.stdin.isatty() else None)
