"""Summary: the social passport table — pupils / families per category, register and hot-meal
source, this year against the latest earlier year in History, with the change; or this year per
class or grade. A register with errors is refused: its numbers would be wrong.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Literal

from ..core.passport import (
    CATEGORY_METRICS,
    FAMILY_METRICS,
    counts_by,
    register_summary,
    uncounted_metrics,
    uncounted_notes,
)
from ..core.register import RegisterData
from ..core.roll import register_pupils
from ..core.schema import HISTORY_METRICS, Lang, Text, category
from .job import Job, RegisterSource

GroupBy = Literal["class", "grade"]

TITLE = Text(
    "Әлеуметтік паспорт, {year} оқу жылы ({date} жағдай бойынша)",
    "Социальный паспорт, {year} учебный год (по состоянию на {date})",
)
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
SHORT_NAMES = Text("Қысқартулар: {names}.", "Сокращения: {names}.")
#: The terminal width the tables are made to fit.
WIDTH = 100


def summary(
    job: Job,
    source: RegisterSource,
    by: GroupBy | None = None,
    quiet: bool = False,
    as_of: date | None = None,
) -> None:
    """The table as data (`data`, for --json) and, unless `quiet`, as text (a message); pupils
    as of `as_of` (default: the end of the school year's lessons)."""
    register = job.read(source, as_of)
    job.require_clean(register)
    if by:
        job.outcome.data, text = _by_group(register, by, job.lang)
    else:
        job.outcome.data, text = _summary(register, job.lang)
    if not quiet:
        job.say(text)


def _title(register: RegisterData, lang: Lang) -> str:
    return TITLE(lang).format(
        year=register.settings["school_year"], date=register.as_of_date.strftime("%d.%m.%Y")
    )


def _summary(register: RegisterData, lang: Lang) -> tuple[dict[str, object], str]:
    year = register.settings["school_year"]
    previous, rows = register_summary(register, lang=lang)
    data = {
        "school_year": year,
        "as_of": register.as_of_date.isoformat(),
        "previous_year": previous,
        "rows": [r.as_dict() for r in rows],
    }
    lines = [
        _title(register, lang),
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
                r.label + ("" if r.counted else " *"),
                _pair(r.previous_pupils, r.previous_families, r.metric),
                _pair(r.current_pupils, r.current_families, r.metric),
                change,
            ]
        )
    notes = uncounted_notes([r.metric for r in rows if not r.counted], lang)
    return data, "\n".join(lines + _aligned(table) + notes)


def _by_group(register: RegisterData, by: GroupBy, lang: Lang) -> tuple[dict[str, object], str]:
    """One row per class (or grade), one column per category under its short name, so the table
    fits a terminal of 100 columns; the short names are spelled out below it."""
    groups = counts_by(register_pupils(register), by)
    absent = uncounted_metrics(register)
    data = {
        "school_year": register.settings["school_year"],
        "as_of": register.as_of_date.isoformat(),
        "by": by,
        "groups": {
            g: {m: {"pupils": c.pupils, "families": c.families} for m, c in counts.items()}
            for g, counts in groups.items()
        },
    }
    heads = [
        category(m).short_label(lang) + (" *" if m in absent else "") for m in CATEGORY_METRICS
    ]
    table = [[BY_HEADER[by](lang), *heads]]
    for group, counts in groups.items():
        table.append(
            [
                group or "?",
                *(_pair(counts[m].pupils, counts[m].families, m) for m in CATEGORY_METRICS),
            ]
        )
    shortened = "; ".join(
        f"{c.short_label(lang)} — {c.label(lang).lower()}"
        for c in map(category, CATEGORY_METRICS)
        if c.short_label(lang) != c.label(lang)
    )
    legend = textwrap.wrap(SHORT_NAMES(lang).format(names=shortened), width=WIDTH)
    notes = uncounted_notes([m for m in CATEGORY_METRICS if m in absent], lang)
    title = _title(register, lang)
    lines = [title, PUPILS_FAMILIES(lang), "", *_aligned(table), *notes, "", *legend]
    return data, "\n".join(lines)


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
