"""`socpass class-forms PATH --out DIR [--class 5Ә …]`: a form per class for its class teacher,
pre-filled from the register (which is only read)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import (
    add_classes_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    add_today_option,
    password,
    today,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "class-forms",
        help="сынып жетекшілерінің формалары / формы классных руководителей",
        description="Әр сыныпқа оқушылары, сабаққа қатысуы және үлгерімі толтырылған форма жазу "
        "(тізілім өзгертілмейді) / Записать для каждого класса форму с его учащимися, "
        "посещаемостью и успеваемостью (реестр не изменяется).",
    )
    add_register_argument(parser)
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="формалар жазылатын қалта / папка для форм",
    )
    add_classes_option(parser)
    add_lang_option(parser)
    add_password_option(parser)
    add_today_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.class_forms import class_forms

    store = RegisterFile(args.path, password(args, job))
    class_forms(job, store, args.out, args.classes, today(args))
