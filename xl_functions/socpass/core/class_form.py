"""A class teacher's form: which register cells it carries, laid out once for the writer
(`render.class_form`), the reader (`files.class_form`) and the diff (`core.collect`).

A form is one class's pupils on the roll, each with the social-passport columns of the Pupils
sheet, a monthly attendance grid (planned, missed without and with a reason, each school month)
and the quarter results (failing subjects, not attested). Every cell of a form is one `Field` of
one pupil: a register column, and for the grids the month or quarter of the register row it
belongs in, so a cell is checked by its register column's rules and written back into its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .findings import Finding
from .register import RegisterData
from .roll import pupils_on_roll
from .schema import CLASS_LETTERS, MONTHS, QUARTERS, Choice, Column, Lang, Text, sheet

#: The Pupils columns a class teacher keeps (the id and name lead the row, locked).
PUPIL_FIELDS = (
    "iin",
    "birth_date",
    "sex",
    "family_id",
    "address",
    "guardian",
    "phone",
    *(c.key for c in sheet("pupils").columns if c.key.startswith(("cat_", "reg_"))),
    "home_schooled",
    "hot_meals",
    "meal_source",
    "arrived",
    "left",
    "left_reason",
)
ATTENDANCE_FIELDS = ("planned", "missed_unexcused", "missed_excused")
ACADEMIC_FIELDS = ("failing_subjects", "not_attested")
#: The register sheets a form has, in its order; the grids' periods and their key column.
FORM_SHEETS = ("pupils", "attendance", "academic")
PERIOD_COLUMN = {"attendance": "month", "academic": "quarter"}
#: Empty rows below the class's pupils, for pupils who came (the id is given on collecting).
NEW_ROWS = 5
#: The very hidden sheets: what the form was issued for, and a copy of each sheet as issued.
META_SHEET = "_form"
ISSUED_PREFIX = "_issued_"
META_KEYS = ("form", "class", "school_year", "language")
FORM_KIND = "socpass class form 1"

FILE_NAME = Text("{cls}_сынып_формасы.xlsx", "{cls}_форма_класса.xlsx")
TITLE = Text(
    "{cls} сыныбы, {year} оқу жылы: сынып жетекшісінің формасы",
    "{cls} класс, {year} учебный год: форма классного руководителя",
)

#: One cell of a pupil's row: (sheet key, month or quarter key or "", column key).
FieldKey = tuple[str, str, str]


@dataclass(frozen=True)
class Field:
    """One column of a form sheet: a register column, in a grid for one month or quarter."""

    sheet: str
    column: Column
    period: Choice | None = None

    @property
    def key(self) -> FieldKey:
        return (self.sheet, self.period.key if self.period else "", self.column.key)

    def header(self, lang: Lang) -> str:
        """The column's header as a message names it («Мамыр: Дәлелсіз жіберді»)."""
        own = self.column.header(lang)
        return f"{self.period.label(lang)}: {own}" if self.period else own


def fields(sheet_key: str) -> tuple[Field, ...]:
    """The form columns of one register sheet, in the form's order."""
    s = sheet(sheet_key)
    if sheet_key == "pupils":
        return tuple(Field("pupils", s.column(k)) for k in PUPIL_FIELDS)
    periods, keys = (
        (MONTHS, ATTENDANCE_FIELDS) if sheet_key == "attendance" else (QUARTERS, ACADEMIC_FIELDS)
    )
    return tuple(Field(sheet_key, s.column(k), p) for p in periods for k in keys)


ALL_FIELDS = {f.key: f for key in FORM_SHEETS for f in fields(key)}


@dataclass
class Entry:
    """One pupil's row of a form: the id ("" for a pupil added on the form), the name, the
    Excel row on the form's Pupils sheet, and the typed value of each filled field."""

    pupil_id: str
    full_name: str
    row: int
    values: dict[FieldKey, object] = field(default_factory=dict)


@dataclass
class ClassForm:
    """A form as returned: what it was issued for, its rows now and as issued, its problems."""

    file: str
    class_name: str
    school_year: str
    lang: Lang
    entries: list[Entry]
    issued: list[Entry]
    findings: list[Finding] = field(default_factory=list)


def form_classes(register: RegisterData, day: date) -> list[str]:
    """The classes with pupils on the roll on `day`, in school order (0А, 1А, …, 11Ә)."""
    pupils = pupils_on_roll(register.frame("pupils"), day)
    names = {str(c) for c in pupils["class"] if str(c)}
    return sorted(names, key=class_order)


def class_order(name: str) -> tuple[int, int, str]:
    """Classes in school order: by grade, then letter in the alphabet's order (5А, 5Ә, 5Б)."""
    digits = "".join(ch for ch in name if ch.isdigit())
    letter = name[len(digits) :]
    rank = CLASS_LETTERS.index(letter) if letter in CLASS_LETTERS else len(CLASS_LETTERS)
    return (int(digits) if digits else -1, rank, name)


def class_entries(register: RegisterData, class_name: str, day: date) -> list[Entry]:
    """The class's pupils on the roll on `day`, each with the register's values of the form's
    fields: what a form is issued with."""
    pupils = pupils_on_roll(register.frame("pupils"), day)
    pupils = pupils[pupils["class"] == class_name]
    values = register_values(register, pupils["id"].astype(str).tolist())
    return [
        Entry(str(p.id), str(p.full_name), 0, values.get(str(p.id), {}))
        for p in pupils.itertuples()
    ]


def register_values(
    register: RegisterData, ids: Iterable[str]
) -> dict[str, dict[FieldKey, object]]:
    """Pupil id -> the register's value of every form field it has a cell for (a month or
    quarter without a row has none; of two rows for one month, the first counts, as the
    register's edits change the first)."""
    wanted = set(ids)
    found: dict[str, dict[FieldKey, object]] = {i: {} for i in wanted}
    pupils = register.frame("pupils")
    for record in pupils[pupils["id"].isin(wanted)].to_dict("records"):
        for k in PUPIL_FIELDS:
            found[str(record["id"])].setdefault(("pupils", "", k), record[k])
    for sheet_key in ("attendance", "academic"):
        frame = register.frame(sheet_key)
        period = PERIOD_COLUMN[sheet_key]
        keys = ATTENDANCE_FIELDS if sheet_key == "attendance" else ACADEMIC_FIELDS
        for record in frame[frame["pupil_id"].isin(wanted)].to_dict("records"):
            if record[period] is None:
                continue
            own = found[str(record["pupil_id"])]
            for k in keys:
                own.setdefault((sheet_key, str(record[period]), k), record[k])
    return found


def filled(value: object) -> bool:
    """Whether a typed value is more than its column's empty value (no is empty for yes/no)."""
    if isinstance(value, str):
        return value != ""
    return value is not None and value is not False and not bool(pd.isna(value))  # type: ignore[arg-type]
