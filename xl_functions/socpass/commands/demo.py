"""`socpass demo [--out DIR] [--pupils N] [--seed S] [--lang kk|ru]`: the built-in example school,
and the main job run on it (validate, flag, report)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.schema import Text
from ..jobs.job import Job
from .common import add_lang_option

DEFAULT_OUT = Path("socpass-demo")

HELP = Text(
    "Демо-мектептің тізілімін жасап, оны тексеру",
    "Создать реестр демо-школы и проверить его",
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "demo", help=f"{HELP.kk} / {HELP.ru}", description=f"{HELP.kk} / {HELP.ru}."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"қалта / папка (әдепкі / по умолчанию ./{DEFAULT_OUT}/)",
    )
    parser.add_argument(
        "--pupils", type=int, default=1000, metavar="N", help="оқушы саны / число учащихся"
    )
    parser.add_argument(
        "--seed", type=int, default=2025, metavar="S", help="кездейсоқ сан тұқымы / зерно"
    )
    add_lang_option(parser, "тізілім мен есеп тілі / язык реестра и отчёта (kk, ru)")
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..jobs.demo import demo

    demo(job, args.out, args.pupils, args.seed, args.lang or job.lang)
