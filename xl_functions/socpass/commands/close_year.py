"""`socpass close-year PATH [--today D] [--force]`: archive this school year's counts in History
and start the next (written atomically, with a backup)."""

from __future__ import annotations

import argparse

from ..jobs.job import Job
from .common import (
    add_lang_option,
    add_password_option,
    add_register_argument,
    add_today_option,
    password,
    today,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "close-year",
        help="оқу жылын жабу / закрыть учебный год",
        description="Осы жылдың сандарын «Жылдар» парағына көшіріп, келесі оқу жылын бастау / "
        "Перенести числа текущего года на лист «По годам» и начать следующий учебный год.",
    )
    add_register_argument(parser)
    add_lang_option(parser)
    add_password_option(parser)
    add_today_option(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="оқу жылы әлі аяқталмаса да жабу / закрыть, даже если учебный год ещё не закончился",
    )
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.close_year import close_year

    close_year(job, RegisterFile(args.path, password(args, job)), today(args), args.force)
