"""`socpass upgrade PATH.xlsm|PATH.xlsx`: move a register's data into a workbook of this version,
keeping every cell and a backup of the old file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import add_lang_option, add_password_option, password


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "upgrade",
        help="тізілімді жаңа нұсқаға көшіру / перенести реестр в новую версию",
        description="Тізілімнің деректерін осы нұсқаның жаңа жұмыс кітабына көшіреді, ескі файл "
        "көшірме болып қалады / Переносит данные реестра в новую книгу этой версии, старый файл "
        "остаётся копией.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help=".xlsx / .xlsm")
    add_lang_option(parser)
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..jobs.upgrade import upgrade

    upgrade(job, args.path, password(args, job))
