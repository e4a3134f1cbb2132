"""`socpass validate PATH [--json]`: list the register's problems by sheet, row and column."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..core.schema import Lang, Text
from ..jobs.job import Job, Outcome
from .common import (
    add_json_option,
    add_lang_option,
    add_password_option,
    add_register_argument,
    password,
)

if TYPE_CHECKING:
    from ..core.findings import Finding

DESCRIPTION = (
    "Тізілімдегі қателер мен ескертулерді парағы, жолы және бағанымен көрсету (файл өзгертілмейді; "
    "шығу коды: 0 — қате жоқ, 1 — деректерде қате бар, 2 — файлды пайдалану мүмкін емес) / "
    "Показать ошибки и предупреждения реестра с листом, строкой и столбцом (файл не изменяется; "
    "код выхода: 0 — ошибок нет, 1 — в данных есть ошибки, 2 — файл нельзя использовать)."
)
HEADINGS = (
    Text("Түрі", "Тип"),
    Text("Парақ", "Лист"),
    Text("Жол", "Строка"),
    Text("Баған", "Столбец"),
    Text("Хабарлама", "Сообщение"),
)
CHECKED = Text("Тексерілді: {file}", "Проверен файл: {file}")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate", help="тізілімді тексеру / проверить реестр", description=DESCRIPTION
    )
    add_register_argument(parser)
    add_json_option(parser)
    add_lang_option(parser)
    add_password_option(parser)
    parser.set_defaults(func=run, show=show)
    return parser


def run(job: Job, args: argparse.Namespace) -> int:
    from ..files.register_file import RegisterFile
    from ..jobs.validate import validate

    job.outcome.data = {"file": str(args.path)}
    return validate(job, RegisterFile(args.path, password(args, job)))


def show(outcome: Outcome, args: argparse.Namespace) -> None:
    if args.json:
        return
    print(CHECKED(outcome.lang).format(file=args.path))
    if outcome.result:
        print(format_table(outcome.result, outcome.lang))  # type: ignore[arg-type]


def format_table(findings: list[Finding], lang: Lang) -> str:
    """An aligned plain-text table: type, sheet, row, column (header and letter), message."""
    from ..core.findings import SEVERITY

    rows = [[h(lang) for h in HEADINGS]]
    for f in findings:
        column = f.column or ""
        if f.column_letter:
            column = f"{column} ({f.column_letter})"
        row = str(f.row) if f.row else ""
        rows.append([SEVERITY[f.severity](lang), f.sheet or "", row, column, f.text(lang)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADINGS) - 1)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(rows[0][-1]))
    return "\n".join(line.rstrip() for line in lines)
