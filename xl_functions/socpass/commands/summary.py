"""`socpass summary PATH [--json] [--by class|grade]`: the social passport table."""

from __future__ import annotations

import argparse

from ..jobs.job import Job
from .common import (
    add_as_of_option,
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
    by = parser.add_argument(
        "--by",
        type=group_by,
        choices=("class", "grade"),
        metavar="class|grade",
        help="сынып немесе параллель бойынша / по классам или параллелям (сынып, класс, параллель)",
    )
    by.aliases = tuple(BY_WORDS)  # type: ignore[attr-defined]  # for "did you mean"
    add_as_of_option(parser)
    add_lang_option(parser)
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


#: What a user may type after --by, in either language.
BY_WORDS = {
    "class": "class",
    "сынып": "class",
    "сыныптар": "class",
    "класс": "class",
    "классы": "class",
    "grade": "grade",
    "параллель": "grade",
    "параллельдер": "grade",
    "параллели": "grade",
}


def group_by(text: str) -> str:
    """argparse type for --by: the key for a known word, else the text (argparse refuses it)."""
    return BY_WORDS.get(text.strip().lower(), text)


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.summary import summary

    summary(
        job,
        RegisterFile(args.path, password(args, job)),
        args.by,
        quiet=args.json,
        as_of=args.as_of,
    )
