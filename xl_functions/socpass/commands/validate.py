"""`socpass validate PATH`: list the register's problems by sheet, row and column; never write.

Exit code 0 when there are no errors (warnings allowed), 1 when the data has errors, 2 when the
file cannot be used at all (the reader's `SocpassError`; with `--json`, the library's technical
wording of the cause, if any, goes under "detail", never into the user's message).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..core.findings import Finding, SocpassError
from ..core.reader import read_register
from ..core.schema import SHEETS, Lang, Text, sheet_for_name
from .common import add_lang_option, default_lang

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
SEVERITY = {"error": Text("қате", "ошибка"), "warning": Text("ескерту", "предупреждение")}
CHECKED = Text("Тексерілді: {file}", "Проверен файл: {file}")
COUNTS = Text(
    "Қате: {errors}, ескерту: {warnings}.", "Ошибок: {errors}, предупреждений: {warnings}."
)
ALL_GOOD = Text("Қате табылған жоқ.", "Ошибок не найдено.")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate", help="тізілімді тексеру / проверить реестр", description=DESCRIPTION
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")
    parser.add_argument("--json", action="store_true", help="JSON шығару / вывод в JSON")
    add_lang_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        register = read_register(args.path)
    except SocpassError as exc:
        if not args.json:
            raise  # the CLI prints its one-line message in $SOCPASS_LANG / --lang
        lang = args.lang or default_lang()
        report = {"file": str(args.path), "fatal": exc.text(lang)}
        if "detail" in exc.params:
            report["detail"] = str(exc.params["detail"])
        print(json.dumps(report, ensure_ascii=False))
        return exc.exit_code
    lang: Lang = args.lang or register.lang
    findings = sorted(register.findings, key=_position)
    errors, warnings = len(register.errors), len(register.warnings)
    if args.json:
        report = {
            "file": str(args.path),
            "errors": errors,
            "warnings": warnings,
            "findings": [f.as_dict(lang) for f in findings],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(CHECKED(lang).format(file=args.path))
        if findings:
            print(format_table(findings, lang))
        print(COUNTS(lang).format(errors=errors, warnings=warnings) if findings else ALL_GOOD(lang))
    return 1 if errors else 0


def _position(finding: Finding) -> tuple[int, int, str]:
    """Sheets in the register's order, then rows top to bottom, then column letters."""
    sheet = sheet_for_name(finding.sheet or "")
    order = SHEETS.index(sheet) if sheet else len(SHEETS)
    letter = finding.column_letter or ""
    return order, finding.row or 0, f"{len(letter):02d}{letter}"


def format_table(findings: list[Finding], lang: Lang) -> str:
    """An aligned plain-text table: type, sheet, row, column (header and letter), message."""
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
