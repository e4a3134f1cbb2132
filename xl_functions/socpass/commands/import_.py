"""`socpass import attendance|marks REGISTER FILE… [--class 5Ә] [--month M | --quarter Q]
[--map "export header=register column"]… [--apply]`: read electronic journals' exports into the
register (a dry run unless --apply)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.schema import Text
from ..jobs.job import Job
from .common import add_lang_option, add_password_option, password
from .language import speaking

BAD_CLASS = Text(
    "сынып нөмірі мен литері керек, мысалы 5Ә", "нужны номер и литера класса, например 5А"
)
BAD_MONTH = Text("ай: 1–12 немесе атауы (Қазан)", "месяц: 1–12 или название (Октябрь)")


def _class(text: str) -> str:
    from ..core.values import CellError, to_class

    try:
        return to_class(text)
    except CellError:
        raise argparse.ArgumentTypeError(BAD_CLASS(speaking())) from None


def _month(text: str) -> int:
    from ..core.schema import choice_for, sheet

    if text.strip().isdigit() and 1 <= int(text) <= 12:
        return int(text)
    found = choice_for(sheet("attendance").column("month"), text)
    if found is None:
        raise argparse.ArgumentTypeError(BAD_MONTH(speaking()))
    return int(found.key)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="электрондық журналдан импорт / импорт из электронного журнала",
        description=(
            "Электрондық журналдың (Kundelik, BilimClass, Mektep…) экспортынан сабаққа қатысуды "
            "немесе тоқсандық бағаларды тізілімге енгізу; --apply болмаса, тек не өзгеретінін "
            "көрсетеді / Внести в реестр посещаемость или четвертные оценки из выгрузки "
            "электронного журнала (Kundelik, BilimClass, Mektep…); без --apply только показывает, "
            "что изменится. Үлгілер / форматы: docs/journal-imports.md"
        ),
    )
    parser.add_argument(
        "kind",
        choices=("attendance", "marks"),
        metavar="attendance|marks",
        help="attendance — сабаққа қатысу / посещаемость; marks — тоқсандық бағалар / четвертные "
        "оценки",
    )
    parser.add_argument(
        "path", metavar="REGISTER", type=Path, help="тізілім / реестр (.xlsx, .xlsm)"
    )
    parser.add_argument(
        "files", metavar="FILE", type=Path, nargs="+", help="журнал экспорты / выгрузка журнала"
    )
    parser.add_argument(
        "--class",
        dest="class_name",
        type=_class,
        metavar="5Ә",
        help="файлдың тақырыбында сынып болмаса / если класса нет в заголовке файла",
    )
    period = parser.add_mutually_exclusive_group()
    period.add_argument(
        "--month",
        type=_month,
        metavar="M",
        help="файлдың тақырыбында ай болмаса (10 немесе Қазан) / если месяца нет в заголовке "
        "(10 или Октябрь)",
    )
    period.add_argument(
        "--quarter",
        type=int,
        choices=(1, 2, 3, 4),
        metavar="Q",
        help="тоқсан (1–4), тақырыпта болмаса / четверть (1–4), если её нет в заголовке",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar='"HEADER=COLUMN"',
        help='экспорттағы баған = тізілім бағаны, мысалы "Прогулы=Дәлелсіз жіберді" / столбец '
        'выгрузки = столбец реестра, например "Прогулы=Пропущено без уважительной причины"',
    )
    parser.add_argument(
        "--apply",
        action="store_true",
        help="тізілімге жазу (көшірмесі сақталады) / записать в реестр (с резервной копией)",
    )
    add_password_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> int:
    from ..core.journal_layouts import Hints, parse_map
    from ..files.register_file import RegisterFile
    from ..jobs.import_journal import import_journal

    hints = Hints(args.class_name, args.month, args.quarter, parse_map(args.map))
    secret = password(args, job)
    register = RegisterFile(args.path, secret)
    return import_journal(job, register, args.kind, args.files, hints, args.apply, secret)
