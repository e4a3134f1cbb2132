"""`socpass flag PATH`: the Flag button's result without Excel: a table, JSON, or a separate workbook.

The register itself is only read. A register with data errors is not flagged (flags computed from
wrong numbers would mislead a support review): the errors are listed and the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from ..core.findings import SocpassError
from ..core.reader import read_register
from ..core.risk import RiskResult, as_json, flag, message
from ..core.risk_rules import render
from ..core.schema import RISK_STATUS, TIERS, Lang, Text
from ..files.risk_workbook import read_risk_workbook, write_risk_workbook
from .common import add_lang_option, add_today_option, default_lang, report_findings

SAME_FILE = Text(
    "--out тізілімнің өзін көрсетеді; тізілім өзгертілмейді, басқа файл атын беріңіз.",
    "--out указывает на сам реестр; реестр не изменяется, укажите другой файл.",
)
NOT_XLSX = Text("--out: .xlsx файлы болуы керек ({path}).", "--out: нужен файл .xlsx ({path}).")
WRITTEN = Text("Нәтиже жазылды: {path}", "Результат записан: {path}")
CANNOT_WRITE = Text(
    "{path} файлын жазу мүмкін болмады: {error}", "Не удалось записать {path}: {error}"
)
HEADINGS = Text("Сынып|Аты-жөні|Деңгей|Мәртебесі|Себептері", "Класс|ФИО|Уровень|Статус|Причины")
NOT_SAVED = Text(
    "Тізім ешқайда сақталған жоқ: сақтау үшін --out FILE.xlsx қосыңыз "
    "(Excel-де — «Тәуекелді белгілеу» батырмасы).",
    "Список нигде не сохранён: чтобы сохранить, добавьте --out FILE.xlsx "
    "(в Excel — кнопка «Отметить группу риска»).",
)
NOBODY = Text("Тәуекел тобында ешкім жоқ.", "В группе риска никого нет.")

_TIERS = {c.key: c.label for c in TIERS}
_STATUSES = {c.key: c.label for c in RISK_STATUS}


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "flag",
        help="тәуекел тобын белгілеу / отметить группу риска",
        description=(
            "Тәуекел тобындағы оқушыларды белгілеу (тізілім өзгертілмейді) / "
            "Отметить учащихся группы риска (реестр не изменяется)."
        ),
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")
    parser.add_argument(
        "--period",
        default="auto",
        help=(
            "month:10 | quarter:2 | ytd | auto (әдепкі: соңғы толық ай және жыл басынан / "
            "по умолчанию: последний полный месяц и с начала года)"
        ),
    )
    parser.add_argument("--json", action="store_true", help="JSON шығару / вывод в JSON")
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
    parser.set_defaults(func=run)
    return parser


def _print_table(result: RiskResult, lang: Lang) -> None:
    if not result.rows:
        print(NOBODY(lang))
        return
    headings = HEADINGS(lang).split("|")
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


def run(args: argparse.Namespace) -> int:
    data = read_register(args.path)
    lang: Lang = args.lang or data.lang or default_lang()
    if not report_findings(data, lang):
        return 1
    try:
        earlier_plans = None
        if args.out is not None:
            _check_out(args.out, args.path)
            if args.out.exists():  # an earlier --out file is the previous run
                risk, earlier_plans = read_risk_workbook(args.out, lang)
                own = data.frames.get("plans")
                plans = [f for f in (own, earlier_plans) if f is not None and not f.empty]
                data.frames = {
                    **data.frames,
                    "risk": risk,
                    "plans": pd.concat(plans) if plans else earlier_plans,
                }
        result = flag(data, args.today or date.today(), args.period)
        if args.out is not None:
            try:
                write_risk_workbook(args.out, result, lang, earlier_plans)
            except OSError as exc:
                raise SocpassError(CANNOT_WRITE, path=args.out, error=exc.strerror or exc) from exc
    except SocpassError as exc:  # in the workbook's language, which the CLI guard does not know
        print(exc.text(lang), file=sys.stderr)
        return exc.exit_code
    notes = sys.stderr if args.json else sys.stdout  # keep stdout pure JSON
    if args.json:
        print(json.dumps(as_json(result, lang), ensure_ascii=False, indent=2))
    elif args.out is None:
        _print_table(result, lang)
    print(message(result, lang), file=notes)
    if args.out is not None:
        print(WRITTEN(lang).format(path=args.out), file=notes)
    else:
        print(NOT_SAVED(lang), file=notes)
    return 0


def _check_out(out: Path, register: Path) -> None:
    if out.suffix.lower() != ".xlsx":
        raise SocpassError(NOT_XLSX, path=out)
    if out.exists() and out.resolve() == register.resolve():
        raise SocpassError(SAME_FILE)
