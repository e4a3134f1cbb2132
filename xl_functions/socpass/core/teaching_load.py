"""Planned lessons from the register's teaching load: journal exports give absences, never the
lessons planned, and the early warning needs both.

The teaching-load sheet holds rows of three kinds, one table: a grade's lessons per week (grade,
lessons per week), the school calendar's weeks in a month (month, weeks), and overrides (a class,
a month, or both, with any of the three numbers). For one class and month each number is taken
from the most specific row that has it — class and month, class, grade and month, grade, month,
the whole school — and the planned lessons are the month's «lessons» if given, else lessons per
week × weeks, rounded.
"""

from __future__ import annotations

import pandas as pd

from .passport import grade_of
from .register import typed_frame
from .schema import MONTH_ORDER

#: Lessons per week by grade: a typical five-day week of Kazakhstan's standard curriculum; every
#: school edits these to its own plan (the template's rows only start it off).
DEFAULT_LESSONS_PER_WEEK = {
    1: 24,
    2: 26,
    3: 28,
    4: 29,
    5: 30,
    6: 31,
    7: 33,
    8: 34,
    9: 35,
    10: 36,
    11: 36,
}
#: Teaching weeks per month of a school year of 34 weeks (1 September to 25 May, holidays at the
#: start of November, the turn of the year and in late March).
DEFAULT_WEEKS = {9: 4, 10: 4, 11: 4, 12: 4, 1: 3, 2: 4, 3: 3, 4: 4, 5: 4}
NUMBERS = ("lessons", "lessons_per_week", "weeks")


def default_teaching_load() -> pd.DataFrame:
    """The rows a new register starts with: lessons per week per grade, weeks per month."""
    grades = [{"grade": g, "lessons_per_week": n} for g, n in DEFAULT_LESSONS_PER_WEEK.items()]
    months = [{"month": str(m), "weeks": float(DEFAULT_WEEKS[m])} for m in MONTH_ORDER]
    return typed_frame("teaching_load", grades + months)


def planned_lessons(load: pd.DataFrame, class_name: str, month: int) -> int | None:
    """The lessons planned for `class_name` (such as "5Ә") in `month`; None when the teaching
    load does not give them (no row for its grade, or no weeks for the month)."""
    grade = grade_of(class_name)
    ranked = [
        (rank, row)
        for row in load.to_dict("records")
        if (rank := _rank(row, class_name, grade, str(month))) is not None
    ]

    def most_specific(column: str) -> float | None:
        found = [(rank, row[column]) for rank, row in ranked if not _blank(row[column])]
        return float(min(found, key=lambda f: f[0])[1]) if found else None  # type: ignore[arg-type]

    lessons = most_specific("lessons")
    if lessons is not None:
        return int(lessons)
    per_week, weeks = most_specific("lessons_per_week"), most_specific("weeks")
    if per_week is None or weeks is None:
        return None
    return int(round(per_week * weeks))


def _rank(
    row: dict[str, object], class_name: str, grade: int | None, month: str
) -> tuple[int, int] | None:
    """How specific `row` is for the class and month (lower is more; of two rows of one scope the
    lower one in the sheet, typed later, wins), or None when it is about another class, grade or
    month."""
    row_class, row_grade, row_month = row["class"], row["grade"], row["month"]
    if not _blank(row_month) and str(row_month) != month:
        return None
    if not _blank(row_class):
        if row_class != class_name:
            return None
        scope = 0
    elif not _blank(row_grade):
        if int(row_grade) != grade:  # type: ignore[call-overload]
            return None
        scope = 2
    else:
        scope = 4
    return scope + int(_blank(row_month)), -int(row["_row"])  # type: ignore[call-overload]


def _blank(value: object) -> bool:
    return value is None or value == "" or bool(pd.isna(value))  # type: ignore[arg-type]
