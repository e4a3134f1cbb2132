"""The school year: one type, one rule for reading it, and the dates that hang on it.

A Kazakh school year runs from 1 September to 31 August and is written "2025-2026" (people also
type "2025–2026", "2025/26" or "2025-2026 оқу жылы"). Everything that depends on the year — the
calendar of its months, History's previous and next years, the day a year may be closed, the year a
new register is for — asks this module, so the rule for what counts as a school year exists once.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .findings import SocpassError
from .schema import Text

NOT_A_SCHOOL_YEAR = Text(
    "«{value}» — оқу жылы емес; мысалы 2025-2026 деп жазыңыз.",
    "«{value}» — не учебный год; укажите, например, 2025-2026.",
)

#: "2025-2026", "2025–2026", "2025/26", optionally followed by the words for "school year".
_PATTERN = re.compile(
    r"\s*(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})\s*"
    r"(?:оқу\s+жылы|жылы|жыл|ж\.?|учебный\s+год|уч\.?\s*год|год|г\.?)?\s*",
    re.IGNORECASE,
)
#: From this month on, the current school year of a new register is the one about to start.
NEW_YEAR_FROM_MONTH = 8
#: (month, day) of the year's second calendar year on which its lessons end: 25 May (exams of
#: grades 9 and 11 run on into June, but the passport counts no longer change). The year's counts
#: are as of this day unless another is asked for, and the year may be closed from it on.
END_OF_LESSONS = (5, 25)


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year, known by the calendar year it starts in: 2025 is "2025-2026"."""

    start: int

    @classmethod
    def parse(cls, value: object) -> SchoolYear:
        """The school year `value` names; `SocpassError` (exit 1) when it names none."""
        found = cls.read(value)
        if found is None:
            shown = "" if value is None else str(value).strip()
            raise SocpassError(NOT_A_SCHOOL_YEAR, exit_code=1, value=shown)
        return found

    @classmethod
    def read(cls, value: object) -> SchoolYear | None:
        """Like `parse`, but None for a value that is not a school year (a blank History cell)."""
        if isinstance(value, SchoolYear):
            return value
        match = _PATTERN.fullmatch(str(value or ""))
        if not match:
            return None
        first, second = int(match.group(1)), int(match.group(2))
        return cls(first) if second % 100 == (first + 1) % 100 else None

    @classmethod
    def of(cls, day: date) -> SchoolYear:
        """The school year a register made on `day` is for: from August on, the coming one."""
        return cls(day.year if day.month >= NEW_YEAR_FROM_MONTH else day.year - 1)

    def __str__(self) -> str:
        return f"{self.start}-{self.start + 1}"

    @property
    def previous(self) -> SchoolYear:
        return SchoolYear(self.start - 1)

    @property
    def next(self) -> SchoolYear:
        return SchoolYear(self.start + 1)

    @property
    def first_day(self) -> date:
        return date(self.start, 9, 1)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 8, 31)

    @property
    def end_of_lessons(self) -> date:
        """25 May of the second calendar year: the day "2025-2026" is counted as of (25.05.2026)."""
        return date(self.start + 1, *END_OF_LESSONS)

    @property
    def closable_from(self) -> date:
        """The year may be closed once its lessons have ended: "2025-2026" from 25.05.2026."""
        return self.end_of_lessons

    def month_start(self, month: int) -> date:
        """First day of a school-year month: September..December in the start year, the rest next."""
        return date(self.start if month >= 9 else self.start + 1, month, 1)

    def month_end(self, month: int) -> date:
        first = self.month_start(month)
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def earlier(self, count: int) -> list[SchoolYear]:
        """The `count` school years before this one, oldest first."""
        return [SchoolYear(self.start - n) for n in range(count, 0, -1)]
