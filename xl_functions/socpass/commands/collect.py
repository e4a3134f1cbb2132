"""`socpass collect PATH FORM…|DIR [--apply]`: what the returned class forms change in the
register; with --apply, write it (atomically, with a backup)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import (
    add_json_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    password,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "collect",
        help="сынып формаларын жинау / собрать формы классов",
        description="Қайтарылған сынып формалары тізілімде нені өзгертетінін көрсету; --apply "
        "қосылса, тізілімге жазу (көшірмесі сақталады) / Показать, что возвращённые формы классов "
        "изменят в реестре; с --apply записать в реестр (с резервной копией).",
    )
    add_register_argument(parser)
    parser.add_argument(
        "forms",
        nargs="+",
        type=Path,
        metavar="FORM|DIR",
        help="формалар немесе олар жатқан қалта / формы или папка с ними",
    )
    parser.add_argument(
        "--apply",
        action="store_true",
        help="өзгерістерді тізілімге жазу / записать изменения в реестр",
    )
    add_json_option(parser)
    add_lang_option(parser)
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> int:
    from ..files.register_file import RegisterFile
    from ..jobs.collect import collect_forms

    return collect_forms(job, RegisterFile(args.path, password(args, job)), args.forms, args.apply)
