"""What returned class forms change in the register: the diff, and the row edits that make it.

Three values of every form cell decide: what the form was issued with, what it holds now, and
what the register holds now. The class teacher changed a cell when the form differs from the
issue; the register takes that change when it still holds what was issued. When the register
changed too, to something else, it is a conflict: listed, and the register's value kept. A cell
the teacher left alone never changes the register, so collecting the same forms again, or a form
issued before the register was edited, changes nothing the pedagogue did.

A row without an id is a pupil the teacher added: given the next free id, unless the class
already has a pupil of that name in the register (the form collected before), whose row it then is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .class_form import (
    ALL_FIELDS,
    ClassForm,
    Entry,
    FieldKey,
    filled,
    register_values,
)
from .findings import SocpassError
from .register import RegisterData
from .schema import NO, YES, ColType, Column, Lang, Text, normalize_label, sheet
from .values import comparable

UNKNOWN_CLASS = Text(
    "«{file}»: тізілімде {cls} сыныбы жоқ",
    "«{file}»: в реестре нет класса {cls}",
)
UNKNOWN_PUPIL = Text(
    "«{file}», {row}-жол: тізілімде {id} ID-лі оқушы жоқ ({name})",
    "«{file}», строка {row}: в реестре нет учащегося с ID {id} ({name})",
)
OTHER_YEAR = Text(
    "«{file}»: форма {form_year} оқу жылына берілген, ал тізілім {year} оқу жылына арналған",
    "«{file}»: форма выдана на {form_year} учебный год, а реестр — {year} учебного года",
)
OTHER_REGISTER = Text(
    "«{file}», {row}-жол: формада {id} — {name} ({cls} сыныбы), ал тізілімде {id} — "
    "{register_name} ({register_cls} сыныбы). Форма бұл тізілімнен берілмеген",
    "«{file}», строка {row}: в форме {id} — {name} ({cls} класс), а в реестре {id} — "
    "{register_name} ({register_cls} класс). Форма выдана не из этого реестра",
)
EMPTY = Text("—", "—")


@dataclass(frozen=True)
class Change:
    """One register cell the forms change (`old` the register's value, `new` the form's)."""

    pupil_id: str
    full_name: str
    field: FieldKey
    old: object
    new: object


@dataclass(frozen=True)
class Conflict:
    """A cell changed both in the form and in the register since the form was issued."""

    pupil_id: str
    full_name: str
    field: FieldKey
    issued: object
    register: object
    form: object


@dataclass
class ClassChanges:
    """What one class's form changes: pupils added and marked as left, the cells changed (grid
    cells too), the grid rows that are new, conflicts."""

    class_name: str
    file: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    left: list[Change] = field(default_factory=list)  # the `left` cell of pupils who left
    changes: list[Change] = field(default_factory=list)
    new_rows: set[tuple[str, str, str]] = field(default_factory=set)  # (sheet, id, period)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes


def collect(register: RegisterData, forms: Sequence[ClassForm]) -> list[ClassChanges]:
    """The changes of each form (without findings), in the order given; a form the register
    cannot take was refused before (`check_known`)."""
    pupils = register.frame("pupils")
    taken = set(pupils["id"].astype(str))
    result = []
    for form in forms:
        changes = _form_changes(register, form, taken)
        taken.update(pupil_id for pupil_id, _ in changes.added)
        result.append(changes)
    return result


def check_known(register: RegisterData, form: ClassForm) -> None:
    """Refuse (exit 1) a form of another school year or for a class or pupil the register does
    not know: it was not issued from this register, and its rows have nowhere to go."""
    year = str(register.school_year)
    if form.school_year != year:
        raise SocpassError(OTHER_YEAR, 1, file=form.file, form_year=form.school_year, year=year)
    pupils = register.frame("pupils")
    if not (pupils["class"] == form.class_name).any():
        raise SocpassError(UNKNOWN_CLASS, 1, file=form.file, cls=form.class_name)
    known = set(pupils["id"].astype(str))
    for entry in (*form.entries, *form.issued):
        if entry.pupil_id and entry.pupil_id not in known:
            raise SocpassError(
                UNKNOWN_PUPIL,
                1,
                file=form.file,
                row=entry.row,
                id=entry.pupil_id,
                name=entry.full_name,
            )
    _check_same_pupils(pupils, form)


def _check_same_pupils(pupils: pd.DataFrame, form: ClassForm) -> None:
    """Refuse a form whose ids name other pupils in the register: a form of another school (its
    ids are P0001… too) would otherwise change strangers. A name corrected in the register since
    the form was issued is fine, unless the pupil is in another class too, or most names differ."""
    by_id = pupils.assign(id=pupils["id"].astype(str)).drop_duplicates("id").set_index("id")
    issued = [e for e in form.issued if e.pupil_id]
    differing = [
        e
        for e in issued
        if normalize_label(e.full_name) != normalize_label(by_id.at[e.pupil_id, "full_name"])
    ]
    elsewhere = [e for e in differing if by_id.at[e.pupil_id, "class"] != form.class_name]
    if elsewhere or (issued and 2 * len(differing) > len(issued)):
        e = (elsewhere or differing)[0]
        raise SocpassError(
            OTHER_REGISTER,
            1,
            file=form.file,
            row=e.row,
            id=e.pupil_id,
            name=e.full_name,
            cls=form.class_name,
            register_name=by_id.at[e.pupil_id, "full_name"],
            register_cls=by_id.at[e.pupil_id, "class"],
        )


def _form_changes(register: RegisterData, form: ClassForm, taken: set[str]) -> ClassChanges:
    out = ClassChanges(form.class_name, form.file)
    issued = {e.pupil_id: e.values for e in form.issued if e.pupil_id}
    entries = [e for e in form.entries if e.pupil_id or e.full_name]
    ids = [_pupil_id(register, form, e) for e in entries]
    new_ids = iter(next_ids(taken, sum(1 for i in ids if i is None)))
    current = register_values(register, [i for i in ids if i])
    teacher = _class_teacher(register, form.class_name)
    for entry, found in zip(entries, ids, strict=True):
        pupil_id = found or next(new_ids)
        if found is None:
            out.added.append((pupil_id, entry.full_name))
            out.changes.append(
                Change(
                    pupil_id, entry.full_name, ("pupils", "", "full_name"), None, entry.full_name
                )
            )
            out.changes.append(
                Change(pupil_id, entry.full_name, ("pupils", "", "class"), None, form.class_name)
            )
            if teacher and ("pupils", "", "coordinator") not in entry.values:
                out.changes.append(
                    Change(pupil_id, entry.full_name, ("pupils", "", "coordinator"), None, teacher)
                )
        was = issued.get(entry.pupil_id, {}) if entry.pupil_id else {}
        now = current.get(pupil_id, {})
        for key, f in ALL_FIELDS.items():
            _compare(
                out,
                pupil_id,
                entry.full_name,
                f.column,
                key,
                was.get(key),
                now.get(key),
                entry.values.get(key),
            )
        out.new_rows |= {
            (c.field[0], pupil_id, c.field[1])
            for c in out.changes
            if c.pupil_id == pupil_id and c.field[0] != "pupils" and c.field not in now
        }
    out.left = [c for c in out.changes if c.field == ("pupils", "", "left") and filled(c.new)]
    return out


def _class_teacher(register: RegisterData, class_name: str) -> str:
    """The class teacher most of the class's pupils have in the register ("" if none): what a
    pupil added on the form gets, as the rest of the class has it."""
    pupils = register.frame("pupils")
    names = pupils.loc[pupils["class"] == class_name, "coordinator"].astype(str).str.strip()
    names = names[names != ""]
    return str(names.mode().iloc[0]) if len(names) else ""


def _pupil_id(register: RegisterData, form: ClassForm, entry: Entry) -> str | None:
    """The pupil's id: the form's, else that of the class's pupil of this name in the register
    (a row added on the form and collected before), else None (a new pupil)."""
    if entry.pupil_id:
        return entry.pupil_id
    pupils = register.frame("pupils")
    same = pupils[
        (pupils["class"] == form.class_name)
        & (pupils["full_name"].map(normalize_label) == normalize_label(entry.full_name))
    ]
    return str(same["id"].iloc[0]) if len(same) else None


def _compare(
    out: ClassChanges,
    pupil_id: str,
    name: str,
    col: Column,
    key: FieldKey,
    issued: object,
    register: object,
    form: object,
) -> None:
    was, now, new = (_same_as(col, v) for v in (issued, register, form))
    if new in (was, now):
        return
    if now == was:
        out.changes.append(Change(pupil_id, name, key, register, form))
    else:
        out.conflicts.append(Conflict(pupil_id, name, key, issued, register, form))


def _same_as(col: Column, value: object) -> object:
    return comparable(col, value) if filled(value) else None


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_ids(taken: set[str], count: int) -> list[str]:
    """`count` ids not in `taken`, numbered on from the highest of the most common pattern
    ("P0999" -> "P1000", "P1001"…; with no numbered ids, "1", "2"…)."""
    patterns: dict[tuple[str, int], int] = {}
    highest: dict[str, int] = {}
    for pupil_id in taken:
        m = _NUMBERED.match(pupil_id)
        if m:
            prefix, digits = m.groups()
            patterns[(prefix, len(digits))] = patterns.get((prefix, len(digits)), 0) + 1
            highest[prefix] = max(highest.get(prefix, 0), int(digits))
    prefix, width = max(patterns, key=patterns.__getitem__) if patterns else ("", 1)
    number = highest.get(prefix, 0)
    found = []
    while len(found) < count:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate not in taken:
            found.append(candidate)
    return found


def shown(key: FieldKey, value: object, lang: Lang) -> str:
    """A typed value as the register shows it (yes/no and choices as words, dates as dd.mm.yyyy,
    an empty cell as a dash)."""
    if key not in ALL_FIELDS:  # what a form does not carry: the name, class, class teacher
        return str(value) if filled(value) else EMPTY(lang)
    col = ALL_FIELDS[key].column
    if col.type is ColType.BOOL:
        return (YES if value else NO)(lang)
    if not filled(value):
        return EMPTY(lang)
    if col.type is ColType.CHOICE:
        return next((c.label(lang) for c in col.choices if c.key == str(value)), str(value))
    if col.type is ColType.DATE:
        return pd.Timestamp(value).strftime("%d.%m.%Y")  # type: ignore[arg-type]
    plain = comparable(col, value)
    return str(plain)


def field_name(key: FieldKey, lang: Lang) -> str:
    """A field as a message names it: its header, with the month or quarter for a grid cell."""
    found = ALL_FIELDS.get(key)
    return found.header(lang) if found else sheet("pupils").column(key[2]).header(lang)
