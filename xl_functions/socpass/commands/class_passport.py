"""`socpass class-passport REGISTER`: each class's social passport as a Word document to sign."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import (
    add_as_of_option,
    add_classes_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    password,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "class-passport",
        help="сыныптың әлеуметтік паспорты (docx) / социальный паспорт класса (docx)",
        description=(
            "Әр сыныптың әлеуметтік паспортын сынып жетекшісі қол қоятын Word құжаты ретінде "
            "жазу (тізілім өзгертілмейді) / Записать социальный паспорт каждого класса в "
            "документ Word на подпись классному руководителю (реестр не изменяется)."
        ),
    )
    add_register_argument(parser)
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="DIR",
        help="қалта (әдепкі: тізілімнің жанында) / папка (по умолчанию: рядом с реестром)",
    )
    add_classes_option(parser)
    add_as_of_option(parser)
    parser.add_argument(
        "--pdf", action="store_true", help="PDF-ті де жасау (LibreOffice) / также PDF (LibreOffice)"
    )
    add_lang_option(
        parser,
        "паспорт пен хабарлама тілі / язык паспорта и сообщений "
        "(әдепкі — тізілімнің / по умолчанию — как в реестре)",
    )
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.class_passport import class_passports

    source = RegisterFile(args.path, password(args, job))
    class_passports(job, source, args.out, args.classes, args.as_of, args.pdf)
