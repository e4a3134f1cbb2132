"""What importing one journal export would do to the register: which rows are whose, and the
attendance (pupil × month) and results (pupil × quarter) rows to add or change.

A row is the register's pupil's by IIN when the export has one (and its name, if any, is that
pupil's), else by name within the class (`core.name_match`: exact after folding). A row matching
nobody or several pupils, two rows of one export matching one pupil, and a pupil's period an
earlier export of the run already gave are listed, not imported: which number is right is not
guessed. Planned lessons come from the teaching load (`core.teaching_load`) and are written only
into a new row or an empty cell: a number the pedagogue typed is hers. A month whose absences
would exceed its planned lessons is listed, not imported (the register would not validate).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .journal_layouts import ExportRow, JournalTable
from .name_match import Roll, name_words, names_match
from .teaching_load import planned_lessons
from .values import int_or_none


@dataclass(frozen=True)
class Unmatched:
    row: int
    name: str
    class_name: str
    candidates: tuple[str, ...]  # the pupils' names when several match; close names when none
    by_iin: bool = False
    #: the register's pupil of the row's IIN ("name (id)", class) when the row names another
    iin_pupil: tuple[str, str] | None = None


@dataclass(frozen=True)
class Change:
    """One register row to add (`before` empty) or change: `values` are the new ones."""

    sheet: str  # "attendance" or "academic"
    pupil_id: str
    pupil_name: str
    period: str  # month or quarter key
    values: Mapping[str, int]
    before: Mapping[str, int | None]  # the changed cells' old values; {} for a new row

    @property
    def added(self) -> bool:
        return not self.before


@dataclass(frozen=True)
class Refused:
    """A pupil's month that cannot be written, and why (`reason`: "no_planned" or "over")."""

    row: int
    pupil_name: str
    class_name: str
    period: str
    reason: str
    missed: int = 0
    planned: int | None = None


@dataclass(frozen=True)
class Repeated:
    """Rows giving one pupil's numbers twice: `rows` of this export, or a period an earlier
    export (`earlier`: file, row) gave."""

    pupil: str  # "name (id)"
    rows: tuple[int, ...]
    period: str = ""
    earlier: tuple[str, int] | None = None


#: (pupil id, month or quarter) -> (file, row) of the export row that gave it in this run.
Given = dict[tuple[str, str], tuple[str, int]]


@dataclass
class Plan:
    matched: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)
    ambiguous: list[Unmatched] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    refused: list[Refused] = field(default_factory=list)
    repeated: list[Repeated] = field(default_factory=list)

    @property
    def left_out(self) -> int:
        """Export rows (or a pupil's period of one) not imported."""
        rows = len(self.unmatched) + len(self.ambiguous) + len(self.refused)
        return rows + sum(len(r.rows) for r in self.repeated)


Rows = dict[tuple[str, str], dict[str, object]]


def register_rows(frames: Mapping[str, pd.DataFrame], kind: str) -> Rows:
    """(pupil id, month or quarter) -> the register row's values, for `plan_import` (the first
    row of a pair, as the register edit changes it)."""
    sheet_key, period = ("attendance", "month") if kind == "attendance" else ("academic", "quarter")
    found: Rows = {}
    for record in frames[sheet_key].to_dict("records"):
        found.setdefault((str(record["pupil_id"]), str(record[period])), record)
    return found


def plan_import(
    frames: Mapping[str, pd.DataFrame],
    table: JournalTable,
    kind: str,
    existing: Rows,
    given: Given,
    file: str,
) -> Plan:
    """The plan for `table` (from `file`) over the register's `frames` (as the reader gives
    them) and `existing` rows (`register_rows`); `given` is updated with the periods this export
    gives, so a later export of the run cannot silently give them again."""
    pupils = frames["pupils"]
    plan = Plan()
    by_iin = {iin: pid for iin, pid in zip(pupils["iin"], pupils["id"], strict=True) if iin}
    rolls: dict[str, Roll] = {}
    classes = dict(zip(pupils["id"], pupils["class"], strict=True))
    names = dict(zip(pupils["id"], pupils["full_name"], strict=True))
    sheet_key = "attendance" if kind == "attendance" else "academic"
    found: dict[str, list[ExportRow]] = {}
    for row in table.rows:
        class_name = row.class_name or table.class_name or ""
        pid = _pupil(row, class_name, by_iin, rolls, pupils, plan, names, classes)
        if pid is not None:
            found.setdefault(pid, []).append(row)
    for pid, rows in found.items():
        if len(rows) > 1:  # which of the rows is right is not guessed
            plan.repeated.append(Repeated(f"{names[pid]} ({pid})", tuple(r.row for r in rows)))
            continue
        [row] = rows
        plan.matched += 1
        for period in sorted({p for p, _ in row.counts}, key=_period_order):
            if (pid, period) in given:
                earlier = given[(pid, period)]
                plan.repeated.append(Repeated(f"{names[pid]} ({pid})", (row.row,), period, earlier))
                continue
            given[(pid, period)] = (file, row.row)
            values = {col: n for (p, col), n in row.counts.items() if p == period}
            old = existing.get((pid, period))
            if kind == "attendance":
                values = _with_planned(values, old, frames, classes[pid], period)
                refusal = _refusal(row, names[pid], classes[pid], period, values, old)
                if refusal is not None:
                    plan.refused.append(refusal)
                    continue
            _add_change(plan, sheet_key, pid, names[pid], period, values, old)
    return plan


def _pupil(
    row: ExportRow,
    class_name: str,
    by_iin: Mapping[str, str],
    rolls: dict[str, Roll],
    pupils: pd.DataFrame,
    plan: Plan,
    names: Mapping[str, str],
    classes: Mapping[str, str],
) -> str | None:
    if row.iin is not None:
        pid = by_iin.get(row.iin)
        if pid is None:
            plan.unmatched.append(Unmatched(row.row, row.name, class_name, (), by_iin=True))
        elif row.name and not names_match(name_words(row.name), name_words(names[pid])):
            pupil = (f"{names[pid]} ({pid})", classes[pid])  # another child's IIN, or a typo
            plan.unmatched.append(Unmatched(row.row, row.name, class_name, (), True, pupil))
            return None
        return pid
    if class_name not in rolls:
        in_class = pupils[pupils["class"] == class_name]
        rolls[class_name] = Roll(dict(zip(in_class["id"], in_class["full_name"], strict=True)))
    roll = rolls[class_name]
    found = roll.find(row.name)
    if found.unique is not None:
        return found.unique
    if found.ids:
        plan.ambiguous.append(
            Unmatched(row.row, row.name, class_name, tuple(roll.named(found.ids)))
        )
    else:
        plan.unmatched.append(
            Unmatched(row.row, row.name, class_name, tuple(roll.suggestions(row.name)))
        )
    return None


def _period_order(period: str) -> int:
    number = int(period)
    return number + 12 if number < 9 else number  # school-year order: September first


def _with_planned(
    values: dict[str, int],
    old: Mapping[str, object] | None,
    frames: Mapping[str, pd.DataFrame],
    class_name: str,
    month: str,
) -> dict[str, int]:
    if old is not None and int_or_none(old.get("planned")) is not None:
        return values
    planned = planned_lessons(frames["teaching_load"], class_name, int(month))
    return values if planned is None else {"planned": planned, **values}


def _refusal(
    row: ExportRow,
    name: str,
    class_name: str,
    month: str,
    values: Mapping[str, int],
    old: Mapping[str, object] | None,
) -> Refused | None:
    merged = {
        k: int_or_none(v)
        for k, v in (old or {}).items()
        if k in ("planned", "missed_unexcused", "missed_excused")
    }
    merged |= values
    planned = merged.get("planned")
    if planned is None:
        return Refused(row.row, name, class_name, month, "no_planned")
    missed = (merged.get("missed_unexcused") or 0) + (merged.get("missed_excused") or 0)
    if missed > planned:
        return Refused(row.row, name, class_name, month, "over", missed, planned)
    return None


def _add_change(
    plan: Plan,
    sheet_key: str,
    pid: str,
    name: str,
    period: str,
    values: Mapping[str, int],
    old: Mapping[str, object] | None,
) -> None:
    if old is None:
        plan.changes.append(Change(sheet_key, pid, name, period, dict(values), {}))
        return
    differ = {k: v for k, v in values.items() if int_or_none(old.get(k)) != v}
    if not differ:
        plan.unchanged += 1
        return
    before = {k: int_or_none(old.get(k)) for k in differ}
    plan.changes.append(Change(sheet_key, pid, name, period, differ, before))
