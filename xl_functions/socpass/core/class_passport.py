"""A class's social passport: the class's pupils on the roll with their categories, registers and
hot meals, and the class's counts, for the paper copy the class teacher signs.

The marks and the counts come from `core.passport` (`metric_flags`, `count_metrics`) on the
pupils `counts_by` groups under the class (`class_names`), on the roll as of the register's
date (`core.roll`): the class passport's totals are the numbers `summary --by class` shows for
that class. Only what the register holds is carried: names, family ids, flags, the class teacher
typed on the Pupils sheet, the school's name and the pedagogue from Settings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .history import Count
from .passport import METRIC_KEYS, class_names, class_sort_key, count_metrics, metric_flags
from .passport import uncounted_metrics as register_uncounted
from .register import RegisterData
from .report_words import user_text
from .roll import register_pupils


@dataclass(frozen=True)
class PassportPupil:
    """One line of the class list: the pupil's number in it, name, family id, and the History
    metrics (`schema.HISTORY_METRICS` keys) that count them."""

    number: int
    name: str
    family_id: str
    marks: frozenset[str]


@dataclass(frozen=True)
class ClassPassport:
    """Everything the class's paper copy shows, computed; the document only lays it out."""

    class_name: str
    school_name: str
    school_year: str
    as_of: date
    #: The class teacher(s) typed for the class's pupils, the most named first ("" when none).
    class_teachers: tuple[str, ...]
    pedagogue: str
    pupils: tuple[PassportPupil, ...]
    counts: dict[str, Count]  # metric key -> the class's pupils and families, schema order
    #: Metrics whose Pupils column the register lacks (each counts 0; say so beside it).
    uncounted: frozenset[str]


def classes_on_roll(register: RegisterData) -> list[str]:
    """The classes with pupils on the roll as of the register's date, in school order."""
    names = set(class_names(register_pupils(register))) - {""}
    return sorted(names, key=class_sort_key)


def class_passport(
    register: RegisterData, class_name: str, as_of: date | None = None
) -> ClassPassport:
    """The passport of `class_name` as of `as_of` (default: the register's as-of date); a class
    without pupils on the roll gets an empty list and zero counts."""
    if as_of is not None:
        register = replace(register, as_of=as_of)
    pupils = register_pupils(register)
    pupils = pupils[class_names(pupils) == class_name]
    flags = {m: metric_flags(pupils, m) for m in METRIC_KEYS}
    listed = tuple(
        PassportPupil(
            number=i,
            name=user_text(pupils.at[index, "full_name"]),
            family_id=user_text(pupils.at[index, "family_id"]),
            marks=frozenset(m for m, f in flags.items() if f.at[index]),
        )
        for i, index in enumerate(pupils.index, start=1)
    )
    return ClassPassport(
        class_name=class_name,
        school_name=user_text(register.settings.get("school_name")),
        school_year=str(register.settings.get("school_year") or ""),
        as_of=register.as_of_date,
        class_teachers=_named(pupils.get("coordinator")),
        pedagogue=user_text(register.settings.get("pedagogue")),
        pupils=listed,
        counts=count_metrics(pupils),
        uncounted=frozenset(register_uncounted(register)),
    )


def _named(column: pd.Series | None) -> tuple[str, ...]:
    """The distinct non-blank names of a column, the most frequent first."""
    if column is None:
        return ()
    names = Counter(n for n in map(user_text, column) if n)
    return tuple(n for n, _ in names.most_common())
