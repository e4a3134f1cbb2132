"""`socpass flag PATH`: the Flag button's result without Excel: a table, JSON, or a separate
workbook (`--out`, which is also the memory of the previous run). The register is only read."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.schema import RISK_STATUS, TIERS, Lang, Text, sheet
from ..jobs.job import Job, Outcome
from .common import (
    add_as_of_option,
    add_json_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    add_today_option,
    password,
    today,
)

if TYPE_CHECKING:
    from ..core.risk import RiskResult

#: The table's columns: those of the Risk sheet, under its headers.
COLUMNS = ("class", "full_name", "tier", "status", "reasons")
NOBODY = Text("ЕАЖ тізімінде ешкім жоқ.", "В списке СРП никого нет.")

_TIERS = {c.key: c.label for c in TIERS}
_STATUSES = {c.key: c.label for c in RISK_STATUS}


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "flag",
        help="ЕАЖ тізімі / список СРП",
        description=(
            "Ерте алдын алу жүйесі (ЕАЖ) бойынша қолдауды қажет ететін оқушылар (тізілім "
            "өзгертілмейді) / Учащиеся, которым нужна поддержка по системе раннего "
            "предупреждения (СРП); реестр не изменяется."
        ),
    )
    add_register_argument(parser)
    parser.add_argument(
        "--period",
        default="auto",
        metavar="P",
        help=(
            "ай:10 | тоқсан:2 | жыл / месяц:10 | четверть:2 | год (month:10 | quarter:2 | ytd) | "
            "auto (әдепкі: соңғы толық ай және жыл басынан / по умолчанию: последний полный "
            "месяц и с начала года)"
        ),
    )
    add_json_option(parser)
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE.xlsx",
        help="нәтижені бөлек .xlsx-ке жазу; файл бар болса, ол алдыңғы нәтиже ретінде оқылады "
        "(мәртебе, жазбалар, жоспарлар сақталады) / записать в отдельный .xlsx; если файл уже "
        "есть, он читается как прошлый результат (статусы, записи и планы сохраняются)",
    )
    add_lang_option(parser)
    add_today_option(parser)
    add_as_of_option(parser)
    add_password_option(parser, encrypt_output=True)
    parser.set_defaults(func=run, show=show)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..files.register_file import RegisterFile
    from ..jobs.flag import flag

    secret = password(args, job)
    memory = None
    if args.out is not None:
        from ..files.risk_workbook import RiskWorkbook  # XlsxWriter only when a file is written

        memory = RiskWorkbook(args.out, args.path, secret, args.encrypt_output)
    flag(job, RegisterFile(args.path, secret), memory, today(args), args.period, args.as_of)


def show(outcome: Outcome, args: argparse.Namespace) -> None:
    """The flagged pupils as a table, when they are neither saved nor printed as JSON."""
    if args.out is None and not args.json:
        print_table(outcome.result, outcome.lang)  # type: ignore[arg-type]


def print_table(result: RiskResult, lang: Lang) -> None:
    from ..core.risk_reasons import render

    if not result.rows:
        print(NOBODY(lang))
        return
    headings = [sheet("risk").column(key).header(lang) for key in COLUMNS]
    rows = [
        [
            r.pupil.class_name,
            r.pupil.full_name,
            _TIERS[r.pupil.tier](lang),
            _STATUSES[r.status](lang),
            render(r.pupil.reasons, lang),
        ]
        for r in result.rows
    ]
    widths = [max(len(str(row[i])) for row in [headings, *rows]) for i in range(4)]
    for row in [headings, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=False)), row[4])
