"""`socpass new PATH [--lang kk|ru] [--force] [--today D] [--via-excel]`: an empty register to
start typing into (PATH.xlsm adds the buttons and custom functions; `--via-excel`, on Windows with
Excel, then has Excel open and save it, so Excel writes the VBA project itself)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import add_lang_option, add_today_option, today


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "new",
        help="Бос тізілім жасау / создать пустой реестр",
        description="Бос тізілім (.xlsx, .xlsm) жасау / Создать пустой реестр (.xlsx, .xlsm).",
    )
    parser.add_argument(
        "path",
        metavar="PATH",
        type=Path,
        help="жаңа .xlsx немесе .xlsm файлы / новый файл .xlsx или .xlsm",
    )
    add_lang_option(
        parser, "тізілім тілі / язык реестра (kk, ru; әдепкі / по умолчанию $SOCPASS_LANG или kk)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="бар файлдың үстінен жазу, көшірмесін сақтап / перезаписать, сохранив копию",
    )
    add_today_option(parser)  # decides the school year in Settings (from August: the coming one)
    parser.add_argument(
        "--via-excel",
        action="store_true",
        help="жазылған файлды Excel-де ашып, қайта сақтау (Windows) / открыть записанный файл в "
        "Excel и пересохранить (Windows)",
    )
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..jobs.new import new

    new(job, args.path, args.lang or job.lang, today(args), args.force, args.via_excel)
