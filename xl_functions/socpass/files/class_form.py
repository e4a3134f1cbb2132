"""Read a returned class teacher's form (`render.class_form` wrote it): what it was issued for,
its rows now and as issued, and every bad cell as a finding naming its sheet, row and column.

A form cell is checked by its register column's rules (`core.values.convert_column`), so what
collecting accepts from a form the register accepts too. The file is only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from ..core.class_form import (
    FORM_KIND,
    FORM_SHEETS,
    ISSUED_PREFIX,
    META_KEYS,
    META_SHEET,
    ClassForm,
    Entry,
    fields,
    filled,
)
from ..core.findings import Finding, SocpassError
from ..core.schema import LANGS, Lang, Text, normalize_header, sheet
from ..core.tables import REQUIRED_EMPTY, column_letter
from ..core.values import convert_column, display
from .workbook_file import open_workbook, read_workbook

NOT_A_FORM = Text(
    "«{file}» — сынып жетекшісінің формасы емес (socpass class-forms жазған файл керек)",
    "«{file}» — не форма классного руководителя (нужен файл, записанный socpass class-forms)",
)
LAYOUT_CHANGED = Text(
    "«{file}», «{sheet}» парағы: бағандар форма берілгендегідей емес ({letter} бағанының "
    "атауы «{expected}» болуы керек); форма оқылмады",
    "«{file}», лист «{sheet}»: столбцы не такие, как в выданной форме (в столбце {letter} "
    "должен быть заголовок «{expected}»); форма не прочитана",
)
NO_PUPIL = Text(
    "Бұл жолда оқушы жоқ: алдымен «{sheet}» парағының {pupil_row}-жолына оқушының аты-жөнін "
    "жазыңыз",
    "В этой строке нет учащегося: сначала впишите ФИО учащегося в строку {pupil_row} листа "
    "«{sheet}»",
)

#: Header rows above the first pupil: the Pupils sheet has one, a grid two (period, column).
TOP = {"pupils": 1, "attendance": 2, "academic": 2}


def read_class_form(path: Path) -> ClassForm:
    """The form at `path`; `SocpassError` (exit 2) for a file that is not a socpass form."""
    cells = read_workbook(open_workbook(path), lambda name: True).sheets
    meta = {display(r[0]): display(r[1]) for r in cells.get(META_SHEET, []) if len(r) > 1}
    lang = cast(Lang, meta.get("language", ""))
    if (
        meta.get("form") != FORM_KIND
        or any(not meta.get(k) for k in META_KEYS)
        or lang not in LANGS
    ):
        raise SocpassError(NOT_A_FORM, file=path.name)
    findings: list[Finding] = []
    entries = _entries(path.name, cells, lang, "", findings)
    issued = _entries(path.name, cells, lang, ISSUED_PREFIX, [])  # as issued: written by socpass
    return ClassForm(path.name, meta["class"], meta["school_year"], lang, entries, issued, findings)


def _entries(
    file: str,
    cells: dict[str, list[list[object]]],
    lang: Lang,
    prefix: str,
    findings: list[Finding],
) -> list[Entry]:
    """The pupils' rows of the form's sheets (or of their issued copies, with `prefix`)."""
    names = {key: (prefix + key if prefix else sheet(key).name(lang)) for key in FORM_SHEETS}
    for key, name in names.items():
        if name not in cells:
            raise SocpassError(NOT_A_FORM, file=file)
        _check_headers(file, name, cells[name], key, lang)
    pupil_rows = cells[names["pupils"]][TOP["pupils"] :]
    # A grid row below the Pupils sheet's last filled row is still read: counts typed there
    # belong to no pupil and are reported, not dropped.
    height = max(len(cells[names[key]]) - TOP[key] for key in FORM_SHEETS)
    pupil_rows += [[]] * (height - len(pupil_rows))
    entries = [
        Entry(display(row[0]) if row else "", display(row[1]) if len(row) > 1 else "", i + 2)
        for i, row in enumerate(pupil_rows)
    ]
    for key in FORM_SHEETS:
        rows = cells[names[key]][TOP[key] :]
        _read_values(names[key], key, rows, entries, lang, findings)
    present = [e for e in entries if e.pupil_id or e.full_name or e.values]
    for entry in present:
        if not entry.full_name:
            findings.append(
                _finding(
                    names["pupils"],
                    entry.row,
                    1,
                    sheet("pupils").column("full_name").header(lang),
                    REQUIRED_EMPTY,
                )
            )
    for key in FORM_SHEETS:
        _check_required(names, key, present, lang, findings)
    findings.sort(key=lambda f: (FORM_SHEETS.index(_key_of(f.sheet, names)), f.row or 0))
    return present


def _key_of(name: str | None, names: dict[str, str]) -> str:
    return next((k for k, n in names.items() if n == name), "pupils")


def _check_headers(file: str, name: str, values: list[list[object]], key: str, lang: Lang) -> None:
    """Refuse a form whose columns moved: its cells would be read into the wrong register columns."""
    header = values[TOP[key] - 1] if len(values) >= TOP[key] else []
    for i, f in enumerate(fields(key), start=2):
        found = display(header[i]) if i < len(header) else ""
        if normalize_header(found) != normalize_header(f.column.header(lang)):
            raise SocpassError(
                LAYOUT_CHANGED,
                file=file,
                sheet=name,
                letter=column_letter(i),
                expected=f.column.header(lang),
            )


def _read_values(
    name: str,
    key: str,
    rows: Sequence[Sequence[object]],
    entries: list[Entry],
    lang: Lang,
    findings: list[Finding],
) -> None:
    """Each field's cells of one sheet, converted by its register column's rules into the
    entries (a grid's row i is the Pupils sheet's row i); bad cells become findings."""
    top, pupils = TOP[key], sheet("pupils")
    for i, f in enumerate(fields(key), start=2):
        raws = [row[i] if i < len(row) else None for row in rows[: len(entries)]]
        typed, problems = convert_column(replace(f.column, required=False), raws)
        for r, error in problems:
            assert error is not None
            findings.append(
                _finding(name, top + r + 1, i, f.header(lang), error.message, **error.params)
            )
        for entry, value in zip(entries, typed, strict=False):
            if filled(value):
                entry.values[f.key] = value
    if key != "pupils":
        for r, entry in enumerate(entries):
            has = any(k[0] == key for k in entry.values)
            if has and not (entry.pupil_id or entry.full_name):
                findings.append(
                    _finding(
                        name,
                        top + r + 1,
                        1,
                        pupils.column("full_name").header(lang),
                        NO_PUPIL,
                        sheet=pupils.name(lang),
                        pupil_row=entry.row,
                    )
                )


def _check_required(
    names: dict[str, str], key: str, present: list[Entry], lang: Lang, findings: list[Finding]
) -> None:
    """A pupil's required cells: the family id; a month's planned lessons when it has counts
    (a cell already reported as bad is not said to be empty as well)."""
    reported = {(f.sheet, f.row, f.column_letter) for f in findings}
    for i, f in enumerate(fields(key), start=2):
        if not f.column.required or f.column.key == "pupil_id":
            continue
        for entry in present:
            period_given = any(k[0] == key and k[1] == f.key[1] for k in entry.values)
            needed = key == "pupils" or period_given
            row = entry.row + TOP[key] - 1
            placed = (names[key], row, column_letter(i))
            if needed and f.key not in entry.values and placed not in reported:
                findings.append(_finding(names[key], row, i, f.header(lang), REQUIRED_EMPTY))


def _finding(
    sheet_name: str, row: int, col: int, header: str, message: Text, **params: object
) -> Finding:
    return Finding(
        "error", "form_cell", message, sheet_name, row, header, column_letter(col), params
    )
