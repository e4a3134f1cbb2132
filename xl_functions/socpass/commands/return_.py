"""`socpass return REGISTER`: the school's figures for its education department (aggregates only)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import (
    add_as_of_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    password,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "return",
        help="білім бөліміне жиынтық (тек сандар) / сводка для отдела образования (только числа)",
        description=(
            "Мектептің жиынтығын білім бөліміне арналған шағын Excel файлына жазу: тек жиынтық "
            "сандар, оқушылардың аты-жөні мен ЖСН-і жоқ / Записать сводку школы в небольшой файл "
            "Excel для отдела образования: только сводные числа, без имён и ИИН учащихся."
        ),
    )
    add_register_argument(parser)
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        help="xlsx файлы (әдепкі: тізілімнің жанында) / файл xlsx (по умолчанию: рядом с реестром)",
    )
    add_as_of_option(parser)
    parser.add_argument(
        "--suppress-small",
        action="store_true",
        help="1–4 сандарын жасыру (жариялау үшін) / скрыть числа от 1 до 4 (для публикации)",
    )
    add_lang_option(
        parser,
        "жиынтық пен хабарлама тілі / язык сводки и сообщений "
        "(әдепкі — тізілімнің / по умолчанию — как в реестре)",
    )
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.return_ import school_return

    school_return(
        job, RegisterFile(args.path, password(args, job)), args.out, args.as_of, args.suppress_small
    )
