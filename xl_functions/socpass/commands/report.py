"""`socpass report PATH`: the Report button without Excel: the annual report as docx (and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import (
    add_as_of_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    add_today_option,
    password,
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="жылдық есеп (docx) / годовой отчёт (docx)",
        description=(
            "Жылдық талдау есебін Word құжаты ретінде жазу (тізілім өзгертілмейді) / "
            "Записать годовой аналитический отчёт в документ Word (реестр не изменяется)."
        ),
    )
    add_register_argument(parser)
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        help="docx файлы (әдепкі: тізілімнің жанында) / файл docx (по умолчанию: рядом с реестром)",
    )
    add_lang_option(
        parser,
        "есеп пен хабарлама тілі / язык отчёта и сообщений "
        "(әдепкі — тізілімнің / по умолчанию — как в реестре)",
    )
    parser.add_argument(
        "--pdf", action="store_true", help="PDF-ті де жасау (LibreOffice) / также PDF (LibreOffice)"
    )
    parser.add_argument(
        "--template", type=Path, help="өз docx үлгіңіз / свой шаблон docx (вместо настройки)"
    )
    add_today_option(parser)
    add_as_of_option(parser)
    add_password_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.report import report

    source = RegisterFile(args.path, password(args, job))
    report(job, source, args.out, args.template, args.today, args.pdf, args.as_of)
