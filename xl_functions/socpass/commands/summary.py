"""`socpass summary PATH [--json] [--by class|grade] [--lang kk|ru]`: the social passport table.

Prints this year's pupils/families per category, register and hot-meal source against the
latest earlier year in History, with the change. Warnings do not stop it (they are counted on
stderr); errors in the data do, since the numbers would be wrong: the first errors are printed
with their sheet, row and column, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from ..core.passport import CATEGORY_METRICS, FAMILY_METRICS, counts_by, summary_for
from ..core.reader import read_register
from ..core.register import RegisterData
from ..core.schema import HISTORY_METRICS, Lang, Text
from .common import add_lang_option, report_findings

TITLE = Text("Әлеуметтік паспорт, {year} оқу жылы", "Социальный паспорт, {year} учебный год")
COMPARED = Text("Салыстыру: {year} оқу жылымен", "Сравнение с {year} учебным годом")
NO_PREVIOUS = Text(
    "«Жылдар» парағында өткен жылдың сандары жоқ: өзгеріс есептелмейді.",
    "На листе «По годам» нет чисел прошлого года: изменение не вычисляется.",
)
HEADERS = (
    Text("Санат / есеп", "Категория / учёт"),
    Text("Өткен жыл", "Прошлый год"),
    Text("Биыл", "Текущий год"),
    Text("Өзгерісі", "Изменение"),
)
BY_HEADER = {"class": Text("Сынып", "Класс"), "grade": Text("Параллель", "Параллель")}
PUPILS_FAMILIES = Text("оқушы/отбасы", "учащихся/семей")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "summary",
        help="әлеуметтік паспорт кестесі / таблица социального паспорта",
        description="Санаттар бойынша оқушылар мен отбасылар, өткен жылмен салыстыру / "
        "Учащиеся и семьи по категориям, сравнение с прошлым годом.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")
    parser.add_argument("--json", action="store_true", help="JSON түрінде / в виде JSON")
    parser.add_argument(
        "--by",
        choices=("class", "grade"),
        help="сынып немесе параллель бойынша / по классам или параллелям",
    )
    add_lang_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    register = read_register(args.path)
    lang: Lang = args.lang or register.lang
    if not report_findings(register, lang):
        return 1
    if args.by:
        print(_by_group(register, args.by, lang, args.json))
    else:
        print(_summary(register, lang, args.json))
    return 0


def _summary(register: RegisterData, lang: Lang, as_json: bool) -> str:
    year = register.settings["school_year"]
    frames = register.frames
    previous, rows = summary_for(frames["pupils"], frames["history"], year, lang)
    if as_json:
        data = {
            "school_year": year,
            "previous_year": previous,
            "rows": [r.as_dict() for r in rows],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = [
        TITLE(lang).format(year=year),
        COMPARED(lang).format(year=previous) if previous else NO_PREVIOUS(lang),
        "",
    ]
    table = [[h(lang) for h in HEADERS]]
    for r in rows:
        change = r.change_pupils_text
        if r.metric in FAMILY_METRICS:
            change += f" / {r.change_families_text}"
        table.append(
            [
                r.label,
                _pair(r.previous_pupils, r.previous_families, r.metric),
                _pair(r.current_pupils, r.current_families, r.metric),
                change,
            ]
        )
    return "\n".join(lines + _aligned(table))


def _by_group(register: RegisterData, by: str, lang: Lang, as_json: bool) -> str:
    groups = counts_by(register.frames["pupils"], by)  # type: ignore[arg-type]
    if as_json:
        data = {
            "school_year": register.settings["school_year"],
            "by": by,
            "groups": {
                g: {m: {"pupils": c.pupils, "families": c.families} for m, c in counts.items()}
                for g, counts in groups.items()
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    table = [[BY_HEADER[by](lang), *(g or "?" for g in groups)]]
    for m in CATEGORY_METRICS:
        table.append(
            [_label(m, lang), *(_pair(c[m].pupils, c[m].families, m) for c in groups.values())]
        )
    title = TITLE(lang).format(year=register.settings["school_year"])
    return "\n".join([title, PUPILS_FAMILIES(lang), "", *_aligned(table)])


def _label(metric: str, lang: Lang) -> str:
    return next(m.label(lang) for m in HISTORY_METRICS if m.key == metric)


def _pair(pupils: int | None, families: int | None, metric: str) -> str:
    """ "120/65" for a family category, "5" for a pupils-only one, "—" when unknown."""
    if pupils is None:
        return "—"
    if metric in FAMILY_METRICS:
        return f"{pupils}/{'—' if families is None else families}"
    return str(pupils)


def _aligned(table: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]
