"""What several commands share: the `--lang`/`--today` options and stopping on data errors.

Commands that compute from the register (summary, flag, report, close-year) refuse a register with
errors, because numbers from wrong data would be signed and sent on; they all list the first errors
the same way, with sheet, row and column.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from ..core.findings import Finding
from ..core.register import RegisterData
from ..core.schema import LANGS, Lang, Text

SHOWN_ERRORS = 10

HAS_ERRORS = Text(
    "Тізілімде {count} қате бар; алдымен оларды түзетіңіз (толық тізім: socpass validate):",
    "В реестре ошибок: {count}; сначала исправьте их (полный список: socpass validate):",
)
WARNINGS = Text(
    "Ескерту: {count} (толығырақ: socpass validate)",
    "Предупреждений: {count} (подробнее: socpass validate)",
)
MORE = Text("… және тағы {count}", "… и ещё {count}")
WHERE = Text("{sheet}, {row}-жол, «{column}»", "{sheet}, строка {row}, «{column}»")


def default_lang() -> Lang:
    """The language for messages before a workbook tells us: $SOCPASS_LANG, else Kazakh."""
    env = os.environ.get("SOCPASS_LANG", "").strip().lower()
    return env if env in LANGS else "kk"  # type: ignore[return-value]


LANG_HELP = "хабарлама тілі / язык сообщений (әдепкі — тізілімнің / по умолчанию — как в реестре)"


def add_lang_option(parser: argparse.ArgumentParser, help_text: str = LANG_HELP) -> None:
    parser.add_argument("--lang", choices=LANGS, default=None, help=help_text)


def iso_day(text: str) -> date:
    """argparse type for `--today YYYY-MM-DD`."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"YYYY-MM-DD: {text!r}") from exc


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today", type=iso_day, default=None, help="бүгінгі күн / сегодня (YYYY-MM-DD)"
    )


def where(finding: Finding, lang: Lang) -> str:
    """'Оқушылар, 12-жол, «ЖСН»' — the place a finding points at, as the user names it."""
    if finding.row is None or finding.column is None:
        return finding.sheet or ""
    return WHERE(lang).format(sheet=finding.sheet, row=finding.row, column=finding.column)


def report_findings(register: RegisterData, lang: Lang) -> bool:
    """Print the first errors with where they are, or else the count of warnings (stderr);
    True when there are no errors and the command may go on."""
    errors = register.errors
    if not errors:
        if register.warnings:
            print(WARNINGS(lang).format(count=len(register.warnings)), file=sys.stderr)
        return True
    print(HAS_ERRORS(lang).format(count=len(errors)), file=sys.stderr)
    for finding in errors[:SHOWN_ERRORS]:
        print(f"  {where(finding, lang)}: {finding.text(lang)}", file=sys.stderr)
    if len(errors) > SHOWN_ERRORS:
        print("  " + MORE(lang).format(count=len(errors) - SHOWN_ERRORS), file=sys.stderr)
    return False
