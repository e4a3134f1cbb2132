"""Who is on the school's roll on a date: pupils arrive and leave during the school year.

A pupil is on the roll on `day` when they had arrived by then (no arrival date: since before the
year) and had not left by then (no leaving date: still at school); a pupil who left on 15.01 is
not on the roll on 15.01. A pupil who left keeps their row and every row of history (attendance,
results, incidents, aid); the passport counts, the flags, the dashboard and the report take the
pupils on the roll as of one date, `RegisterData.as_of_date`: the one asked for (`--as-of`), else
the day the school year's lessons end (`SchoolYear.end_of_lessons`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .register import RegisterData
from .schema import LEAVING_REASONS, Text
from .school_year import SchoolYear

#: The `Movement.reasons` key of leavers without a reason written, and how it reads.
NO_REASON = "none"
NO_REASON_TEXT = Text("себебі көрсетілмеген", "причина не указана")


def date_column(pupils: pd.DataFrame, column: str) -> pd.Series:
    """A date column of the Pupils frame (all NaT when the register has no such column)."""
    if column not in pupils:
        return pd.Series(pd.NaT, index=pupils.index, dtype="datetime64[ns]")
    return pd.to_datetime(pupils[column], errors="coerce")


def on_roll(pupils: pd.DataFrame, day: date | None) -> pd.Series:
    """Which pupils are on the roll on `day` (a bool Series aligned with `pupils`); without a
    day, the pupils who have not left (whenever they came)."""
    arrived, left = date_column(pupils, "arrived"), date_column(pupils, "left")
    if day is None:
        return left.isna()
    stamp = pd.Timestamp(day)
    return (arrived.isna() | (arrived <= stamp)) & (left.isna() | (left > stamp))


def pupils_on_roll(pupils: pd.DataFrame, day: date | None) -> pd.DataFrame:
    """The pupils on the roll on `day` (see `on_roll`)."""
    return pupils[on_roll(pupils, day)] if len(pupils) else pupils


def left_by(pupils: pd.DataFrame, day: date) -> dict[str, date]:
    """Pupil id -> the day they left, for the pupils who had left by `day`."""
    left = date_column(pupils, "left")
    gone = left.notna() & (left <= pd.Timestamp(day))
    return dict(zip(pupils.loc[gone, "id"].astype(str), left[gone].dt.date, strict=True))


def register_pupils(register: RegisterData) -> pd.DataFrame:
    """The register's pupils on the roll as of its `as_of_date`."""
    return pupils_on_roll(register.frame("pupils"), register.as_of_date)


@dataclass(frozen=True)
class Movement:
    """Pupils who arrived and left during the school year up to a date, and why they left."""

    as_of: date
    arrived: int
    left: int
    reasons: dict[str, int]  # LEAVING_REASONS key (or NO_REASON) -> leavers, in the schema's order


def movement(pupils: pd.DataFrame, year: SchoolYear, day: date) -> Movement:
    """Arrivals after the year's first day and departures from it, both up to `day` inclusive."""
    first, last = pd.Timestamp(year.first_day), pd.Timestamp(day)
    arrived, left = date_column(pupils, "arrived"), date_column(pupils, "left")
    came = (arrived > first) & (arrived <= last)
    went = (left >= first) & (left <= last)
    reasons = (
        pupils.loc[went, "left_reason"].fillna(NO_REASON)
        if "left_reason" in pupils
        else pd.Series(NO_REASON, index=pupils.index[went])
    )
    counts = reasons.value_counts()
    order = [c.key for c in LEAVING_REASONS] + [NO_REASON]
    return Movement(
        day,
        int(came.sum()),
        int(went.sum()),
        {key: int(counts[key]) for key in order if counts.get(key, 0)},
    )
