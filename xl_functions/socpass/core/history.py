"""The History sheet: past years' counts, and the rows "close year" appends for the current year.

History is long-format (school year × metric → pupils, families) so a school can type in past
years by hand and the report can compare any two years. School years are compared by their first
calendar year, so "2024-2025", "2024–2025" and "2024/25" are the same year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .findings import SocpassError
from .schema import HISTORY_METRICS, Text

HISTORY_KEYS = ("school_year", "metric", "pupils", "families")

_YEAR = re.compile(r"(\d{4})")

BAD_SCHOOL_YEAR = Text(
    "«{year}» — оқу жылы емес. Баптаулар парағында оқу жылын 2025-2026 түрінде жазыңыз.",
    "«{year}» — не учебный год. Укажите учебный год на листе «Настройки» в виде 2025-2026.",
)
ALREADY_CLOSED = Text(
    "{year} оқу жылы бұрыннан жабылған: «Жылдар» парағында оның {rows} жолы бар. "
    "Қайта жабу үшін алдымен сол жолдарды өшіріңіз. Файл өзгертілген жоқ.",
    "{year} учебный год уже закрыт: на листе «По годам» есть {rows} его строк. "
    "Чтобы закрыть заново, сначала удалите эти строки. Файл не изменён.",
)


@dataclass(frozen=True)
class Count:
    """Pupils and families for one metric; families is None where only pupils are counted."""

    metric: str
    pupils: int
    families: int | None


def year_start(school_year: object) -> int | None:
    """2024 for "2024-2025" (or "2024/25", "2024–2025"); None when no year is written."""
    match = _YEAR.search(str(school_year or ""))
    return int(match.group(1)) if match else None


def canonical_year(school_year: object) -> str:
    """The school year spelled as the register writes it: "2024-2025"."""
    start = year_start(school_year)
    if start is None:
        raise SocpassError(BAD_SCHOOL_YEAR, exit_code=1, year=school_year)
    return f"{start}-{start + 1}"


def next_school_year(school_year: object) -> str:
    """The school year after `school_year`: "2024-2025" -> "2025-2026"."""
    start = int(canonical_year(school_year)[:4])
    return f"{start + 1}-{start + 2}"


def _starts(history: pd.DataFrame) -> pd.Series:
    return history["school_year"].map(year_start)


def previous_year(history: pd.DataFrame, school_year: object) -> str | None:
    """The latest school year before `school_year` with a number in History; None if none.

    Rows without numbers do not count: the template lists the previous years with blank cells
    for the pedagogue to fill in, and a blank year must not hide the last year actually typed.
    """
    current = year_start(school_year)
    filled = _filled(history)
    if current is None or filled.empty:
        return None
    starts = _starts(filled)
    earlier = starts[starts.notna() & (starts < current)]
    if earlier.empty:
        return None
    return canonical_year(int(earlier.max()))


def year_counts(history: pd.DataFrame, school_year: object) -> dict[str, Count]:
    """The counts History holds for one school year, by metric key.

    Rows without a metric or without a pupils number are skipped (not typed in yet). When a
    metric is typed twice for the same year, the last row wins: that is what a person correcting
    a number by adding a row below expects.
    """
    start = year_start(school_year)
    filled = _filled(history)
    if start is None or filled.empty:
        return {}
    rows = filled[(_starts(filled) == start) & filled["metric"].notna()]
    return {
        row.metric: Count(row.metric, int(row.pupils), _int_or_none(row.families))
        for row in rows.itertuples(index=False)
    }


def _filled(history: pd.DataFrame) -> pd.DataFrame:
    """History rows that carry a pupils number."""
    return history[history["pupils"].notna()] if not history.empty else history


def rows_for_year(history: pd.DataFrame, school_year: object) -> int:
    """How many History rows with numbers belong to `school_year` (blank rows are not a closing)."""
    start = year_start(school_year)
    filled = _filled(history)
    if start is None or filled.empty:
        return 0
    return int((_starts(filled) == start).sum())


def closing_rows(
    history: pd.DataFrame, counts: Mapping[str, Count], school_year: object
) -> pd.DataFrame:
    """The History rows "close year" appends: one per History metric, in the schema's order.

    Refuses (exit 1) when History already has rows for that school year, so a second click
    cannot double the archive.
    """
    year = canonical_year(school_year)
    existing = rows_for_year(history, year)
    if existing:
        raise SocpassError(ALREADY_CLOSED, exit_code=1, year=year, rows=existing)
    records = [
        {
            "school_year": year,
            "metric": m.key,
            "pupils": counts[m.key].pupils,
            "families": counts[m.key].families,
        }
        for m in HISTORY_METRICS
    ]
    frame = pd.DataFrame.from_records(records, columns=list(HISTORY_KEYS))
    return frame.astype({"pupils": "Int64", "families": "Int64"})


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
