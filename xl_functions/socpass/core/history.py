"""The History sheet: past years' counts, and the rows "close year" appends for the current year.

History is long-format (school year × metric → pupils, families) so a school can type in past
years by hand and the report can compare any two years. School years are compared as
`SchoolYear`s, so "2024-2025", "2024–2025" and "2024/25" are the same year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .findings import SocpassError
from .schema import HISTORY_METRICS, Text
from .school_year import SchoolYear
from .values import int_or_none

HISTORY_KEYS = ("school_year", "metric", "pupils", "families")
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


def _starts(history: pd.DataFrame) -> pd.Series:
    """The first calendar year of each row's school year (None where it names none)."""
    return history["school_year"].map(lambda v: getattr(SchoolYear.read(v), "start", None))


def previous_year(history: pd.DataFrame, school_year: SchoolYear | str) -> SchoolYear | None:
    """The latest school year before `school_year` with a number in History; None if none.

    Rows without numbers do not count: the template lists the previous years with blank cells
    for the pedagogue to fill in, and a blank year must not hide the last year actually typed.
    """
    current = SchoolYear.parse(school_year)
    filled = _filled(history)
    if filled.empty:
        return None
    starts = _starts(filled)
    earlier = starts[starts.notna() & (starts < current.start)]
    if earlier.empty:
        return None
    return SchoolYear(int(earlier.max()))


def year_counts(history: pd.DataFrame, school_year: SchoolYear | str) -> dict[str, Count]:
    """The counts History holds for one school year, by metric key.

    Rows without a metric or without a pupils number are skipped (not typed in yet). When a
    metric is typed twice for the same year, the last row wins: that is what a person correcting
    a number by adding a row below expects.
    """
    filled = _filled(history)
    if filled.empty:
        return {}
    start = SchoolYear.parse(school_year).start
    rows = filled[(_starts(filled) == start) & filled["metric"].notna()]
    return {
        row.metric: Count(row.metric, int(row.pupils), int_or_none(row.families))
        for row in rows.itertuples(index=False)
    }


def _filled(history: pd.DataFrame) -> pd.DataFrame:
    """History rows that carry a pupils number."""
    return history[history["pupils"].notna()] if not history.empty else history


def rows_for_year(history: pd.DataFrame, school_year: SchoolYear | str) -> int:
    """How many History rows with numbers belong to `school_year` (blank rows are not a closing)."""
    filled = _filled(history)
    if filled.empty:
        return 0
    return int((_starts(filled) == SchoolYear.parse(school_year).start).sum())


def closing_rows(
    history: pd.DataFrame, counts: Mapping[str, Count], school_year: SchoolYear | str
) -> pd.DataFrame:
    """The History rows "close year" appends: one per History metric, in the schema's order.

    Refuses (exit 1) when History already has rows for that school year, so a second click
    cannot double the archive.
    """
    year = SchoolYear.parse(school_year)
    existing = rows_for_year(history, year)
    if existing:
        raise SocpassError(ALREADY_CLOSED, exit_code=1, year=str(year), rows=existing)
    records = [
        {
            "school_year": str(year),
            "metric": m.key,
            "pupils": counts[m.key].pupils,
            "families": counts[m.key].families,
        }
        for m in HISTORY_METRICS
    ]
    frame = pd.DataFrame.from_records(records, columns=list(HISTORY_KEYS))
    return frame.astype({"pupils": "Int64", "families": "Int64"})
