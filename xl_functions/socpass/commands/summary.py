"""`socpass summary PATH [--json] [--by class|grade]`: the social passport table."""

from __future__ import annotations

import argparse

from ..files.register_file import RegisterFile
from ..jobs.job import Job
from ..jobs.summary import summary
from .common import (
    add_json_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    password,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "summary",
        help="әлеуметтік паспорт кестесі / таблица социального паспорта",
        description="Санаттар бойынша оқушылар мен отбасылар, өткен жылмен салыстыру / "
        "Учащиеся и семьи по категориям, сравнение с прошлым годом.",
    )
    add_register_argument(parser)
    add_json_option(parser)
    parser.add_argument(
        "--by",
        choices=("class", "grade"),
        help="сынып немесе параллель бойынша / по классам или параллелям",
    )
    add_lang_option(parser)
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    summary(job, RegisterFile(args.path, password(args, job)), args.by, quiet=args.json)
