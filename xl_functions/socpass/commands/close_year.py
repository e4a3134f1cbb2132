"""`socpass close-year PATH [--lang kk|ru] [--today YYYY-MM-DD] [--force]`: archive this school
year's counts and start the next.

What a pedagogue expects from "close the year": this year's numbers are kept in History (for next
year's comparison and report) and the register moves on to the next school year. Pupils and the
yearly sheets are not touched: moving classes up, removing graduates and clearing last year's
records are her decisions, so the message says what is left to do. A year already in History is
refused; so is a year that has not ended (before 25 May, `core.closing`) unless `--force`. The
file is written atomically with a backup and read back to check that History holds exactly what
was counted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path

from ..core.closing import NOT_ENDED, check_year_ended, clear_sheets_advice
from ..core.findings import SocpassError
from ..core.history import canonical_year, closing_rows, next_school_year, year_counts
from ..core.passport import count_metrics
from ..core.reader import read_register
from ..core.schema import Lang, Text
from ..files.register_edit import append_history
from .common import add_lang_option, add_today_option, report_findings

CLOSED = Text(
    "{year} оқу жылы жабылды: «Жылдар» парағына {rows} жол қосылды. "
    "Баптаулардағы оқу жылы енді {next}.",
    "{year} учебный год закрыт: на лист «По годам» добавлено строк: {rows}. "
    "Учебный год в настройках теперь {next}.",
)
PUPILS_UNCHANGED = Text(
    "Оқушылар парағы өзгерген жоқ: сыныптарды көшіруді (5Ә → 6Ә) және түлектерді шығаруды "
    "өзіңіз жасаңыз.",
    "Лист учащихся не изменён: перевод в следующий класс (5А → 6А) и выбытие выпускников "
    "сделайте сами.",
)
FORCE_HINT = Text(
    "Бәрібір жабу керек болса, --force параметрін қосыңыз.",
    "Если закрыть нужно всё равно, добавьте параметр --force.",
)
BACKUP = Text(
    "Бұрынғы файлдың көшірмесі (өткен жылдың барлық жолдарымен): {path}",
    "Копия прежнего файла (со всеми строками прошлого года): {path}",
)
READ_BACK_FAILED = Text(
    "Жазылған «Жылдар» жолдары қайта оқылғанда сәйкес келмеді; файл көшірмеден қалпына келтірілді.",
    "Записанные строки листа «По годам» при повторном чтении не совпали; файл восстановлен "
    "из копии.",
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "close-year",
        help="оқу жылын жабу / закрыть учебный год",
        description="Осы жылдың сандарын «Жылдар» парағына көшіріп, келесі оқу жылын бастау / "
        "Перенести числа текущего года на лист «По годам» и начать следующий учебный год.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")
    add_lang_option(parser)
    add_today_option(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="оқу жылы әлі аяқталмаса да жабу / закрыть, даже если учебный год ещё не закончился",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    register = read_register(args.path)
    lang: Lang = args.lang or register.lang
    if not report_findings(register, lang):
        return 1
    year = canonical_year(register.settings["school_year"])
    counts = count_metrics(register.frames["pupils"])
    try:  # refusals in the register's language, not the shell's default
        rows = closing_rows(register.frames["history"], counts, year)
        if not args.force:
            check_year_ended(year, args.today or date.today())
    except SocpassError as exc:
        hint = f" {FORCE_HINT(lang)}" if exc.message is NOT_ENDED else ""
        print(exc.text(lang) + hint, file=sys.stderr)
        return exc.exit_code
    following = next_school_year(year)
    backup = append_history(args.path, rows, register.lang, following)
    if year_counts(read_register(args.path).frames["history"], year) != counts:
        shutil.copy2(backup, args.path)
        raise SocpassError(READ_BACK_FAILED, exit_code=3)
    print(CLOSED(lang).format(year=year, rows=len(rows), next=following))
    print(PUPILS_UNCHANGED(lang))
    print(clear_sheets_advice(lang))
    print(BACKUP(lang).format(path=backup))
    return 0
