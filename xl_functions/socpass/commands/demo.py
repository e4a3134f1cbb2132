"""`socpass demo [--out DIR] [--pupils N] [--seed S] [--lang kk|ru]`: the built-in example school.

Writes a synthetic register (`socpass.demo`) to DIR/demo_register_<lang>.xlsx and runs the
main job on it, so a new user sees the whole tool work on realistic data before typing anything:
validate the register, flag pupils at risk (written to a separate workbook, as `socpass flag --out`
does) and write the annual report (docx), all as of the end of the demo's school year.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..core.findings import SocpassError
from ..core.period import school_year_start
from ..core.reader import read_register
from ..core.register import RegisterData
from ..core.risk import flag, message
from ..core.schema import LANGS, Lang, Text
from ..demo import generate_demo
from ..files.risk_workbook import write_risk_workbook
from ..render.workbook import write_register
from .common import default_lang
from .validate import format_table

DEFAULT_OUT = Path("socpass-demo")
MAX_PUPILS = 20_000

HELP = Text(
    "Демо-мектептің тізілімін жасап, оны тексеру",
    "Создать реестр демо-школы и проверить его",
)
CREATED = Text(
    "Демо-мектеп жасалды: {pupils} оқушы, {families} отбасы, {classes} сынып (seed {seed}).",
    "Создана демо-школа: учащихся — {pupils}, семей — {families}, классов — {classes} (seed {seed}).",
)
WRITTEN = Text("Тізілім: {path}", "Реестр: {path}")
CHECKED = Text(
    "Тексеру: қате — {errors}, ескерту — {warnings}.",
    "Проверка: ошибок — {errors}, предупреждений — {warnings}.",
)
FLAGGED = Text("Тәуекел тобы: {path}", "Группа риска: {path}")
REPORTED = Text("Жылдық есеп: {path}", "Годовой отчёт: {path}")
NEXT = Text(
    "Тізілімді Excel-де ашыңыз; тексеру: socpass validate {path}",
    "Откройте реестр в Excel; проверка: socpass validate {path}",
)
BAD_PUPILS = Text(
    "--pupils: оқушы саны 1 мен {max} аралығында болуы керек, ал берілгені: {value}.",
    "--pupils: число учащихся должно быть от 1 до {max}, а указано: {value}.",
)
NOT_A_FOLDER = Text(
    "{path} — қалта емес; --out арқылы қалтаны көрсетіңіз.",
    "{path} — не папка; укажите папку в --out.",
)
CANNOT_WRITE = Text("{path} жазу мүмкін болмады: {error}", "Не удалось записать {path}: {error}")


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
    parser.add_argument("--lang", choices=LANGS, default=None, help="kk | ru")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or default_lang()
    if not 1 <= args.pupils <= MAX_PUPILS:
        raise SocpassError(BAD_PUPILS, exit_code=2, max=MAX_PUPILS, value=args.pupils)
    path = _write(args.out, args.pupils, args.seed, lang)
    register = read_register(path)
    _print_summary(register, args.seed, lang)
    if register.errors:
        print(format_table(register.errors, lang))
        return 1
    from ..render.report import render_report, report_file_name  # heavy: matplotlib, docxtpl

    as_of = _end_of_school_year(register)
    result = flag(register, as_of)
    risk_path = write_risk_workbook(args.out / f"demo_risk_{lang}.xlsx", result, lang)
    print(FLAGGED(lang).format(path=risk_path))
    print("  " + message(result, lang))
    report_path = render_report(
        register, args.out / report_file_name(register, lang), lang, today=as_of
    )
    print(REPORTED(lang).format(path=report_path))
    print(NEXT(lang).format(path=path))
    return 0


def _end_of_school_year(register: RegisterData) -> date:
    """The demo is seen just after its school year (1 June), when the annual report is written."""
    return date(school_year_start(register.settings["school_year"]) + 1, 6, 1)


def _write(out: Path, pupils: int, seed: int, lang: Lang) -> Path:
    """Generate the demo and write it; the demo's own file is replaced, atomically, on each run."""
    if out.exists() and not out.is_dir():
        raise SocpassError(NOT_A_FOLDER, exit_code=2, path=out)
    frames, settings = generate_demo(pupils=pupils, seed=seed, lang=lang)
    path = out / f"demo_register_{lang}.xlsx"
    try:
        out.mkdir(parents=True, exist_ok=True)
        return write_register(path, lang, frames, settings)
    except OSError as exc:
        raise SocpassError(CANNOT_WRITE, exit_code=2, path=path, error=exc.strerror or exc) from exc


def _print_summary(register: RegisterData, seed: int, lang: Lang) -> None:
    pupils = register.frame("pupils")
    print(
        CREATED(lang).format(
            pupils=len(pupils),
            families=pupils["family_id"].nunique(),
            classes=pupils["class"].nunique(),
            seed=seed,
        )
    )
    print(WRITTEN(lang).format(path=register.source))
    print(CHECKED(lang).format(errors=len(register.errors), warnings=len(register.warnings)))
