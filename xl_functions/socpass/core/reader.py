"""The validating reader: a register's raw cell values (per sheet name) to typed frames + findings.

`register_from_values` is the one entry point: the file shell (`files.workbook_file`, calamine) and
the Excel shell (`excel.book_io`, xlwings) both hand it the cells they read, so a button in Excel
and `socpass validate` see the same data and the same findings. Its three parts: `tables` (one
sheet: headers, cells), `settings` (the Settings sheet), `checks` (rules across rows and sheets).
A problem in the data becomes a `Finding` naming the sheet, row and column as the user sees them;
a register without a required sheet cannot be used and raises `SocpassError` (exit code 2).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from . import checks
from .findings import Finding, SocpassError
from .register import RegisterData, typed_frame
from .schema import LANGS, SHEETS, Lang, Text, normalize_label, sheet_for_name
from .settings import read_settings
from .tables import Table, read_table

MISSING_SHEET = Text(
    "«{file}» файлында «{names_kk}» парағы жоқ", "В файле «{file}» нет листа «{names_ru}»"
)
MISSING_SHEETS = Text(
    "«{file}» файлында мына парақтар жоқ: {names_kk}", "В файле «{file}» нет листов: {names_ru}"
)

DUPLICATE_SHEET = Text(
    "Бұл парақ «{first}» парағын қайталайды; тек «{first}» оқылады",
    "Этот лист дублирует лист «{first}»; читается только «{first}»",
)
HIDDEN_DUPLICATE = Text(
    "Бұл жасырын парақ «{first}» парағын қайталайды (ескі көшірме болуы мүмкін) және оқылмайды; "
    "көрінетін «{first}» парағы оқылады",
    "Этот скрытый лист повторяет лист «{first}» (возможно, старая копия) и не читается; "
    "читается видимый лист «{first}»",
)

# --------------------------------------------------------------------------- the register


def is_register_sheet(name: str) -> bool:
    """Whether a workbook sheet holds one of the register's tables (worth reading)."""
    sheet = sheet_for_name(name)
    return sheet is not None and bool(sheet.columns)


def register_from_values(
    sheets: dict[str, list[list[object]]],
    source: Path | None = None,
    hidden: Collection[str] = (),
    found: Sequence[Finding] = (),
) -> RegisterData:
    """Raw cell values per workbook sheet name (anchored at A1) to a checked `RegisterData`.

    Sheets are matched by their Kazakh or Russian name; other sheets (lists, notes) are ignored.
    Of two sheets of one role the first visible one is read, never a `hidden` one in its place
    (a stale copy an old macro left very hidden); the other is a warning naming both. `found`
    are findings the workbook's reader already made (cells far outside a table).
    Raises `SocpassError` (exit code 2) when a required sheet is missing.
    """
    findings: list[Finding] = []
    by_key, skipped = sheets_read(sheets, hidden)
    for name, read in skipped:
        message = HIDDEN_DUPLICATE if name in hidden else DUPLICATE_SHEET
        findings.append(
            Finding("warning", "duplicate_sheet", message, name, params={"first": read})
        )
    visible = [name for name in sheets if name not in hidden] or list(sheets)
    _require_sheets(by_key, source, lang_from_sheet_names(visible))
    tables = {
        s.key: read_table(s, sheets[by_key[s.key]], by_key[s.key])
        if s.key in by_key
        else Table(s, s.name.kk, "kk", typed_frame(s.key))
        for s in SHEETS
        if s.columns
    }
    for table in tables.values():
        findings.extend(table.findings)
    findings.extend(found)
    settings, given, setting_rows = read_settings(tables["settings"], findings)
    findings.extend(checks.cross_sheet_findings(tables))
    findings.extend(checks.blank_report_settings(tables["settings"], settings, setting_rows))
    findings.extend(checks.dates_outside_school_year(tables, settings["school_year"]))
    return RegisterData(
        lang=settings["language"] if "language" in given else lang_from_sheet_names(visible),
        frames={key: t.frame for key, t in tables.items()},
        settings=settings,
        findings=findings,
        source=source,
    )


def sheets_read(
    sheets: dict[str, list[list[object]]], hidden: Collection[str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The sheet read for each role (schema key -> name), and the (skipped, read) pairs."""
    by_key: dict[str, str] = {}
    skipped: list[tuple[str, str]] = []
    for name in sheets:
        sheet = sheet_for_name(name)
        if sheet is None or not sheet.columns:
            continue
        first = by_key.get(sheet.key)
        if first is None:
            by_key[sheet.key] = name
        elif first in hidden and name not in hidden:
            by_key[sheet.key] = name
            skipped.append((first, name))
        else:
            skipped.append((name, first))
    return by_key, skipped


def _require_sheets(found: dict[str, str], source: Path | None, lang: Lang) -> None:
    missing = [s for s in SHEETS if s.required and s.columns and s.key not in found]
    if not missing:
        return
    quote = "«{}»".format
    raise SocpassError(
        MISSING_SHEET if len(missing) == 1 else MISSING_SHEETS,
        file=source.name if source else "",
        names_kk=", ".join(quote(s.name.kk) for s in missing)
        if len(missing) > 1
        else missing[0].name.kk,
        names_ru=", ".join(quote(s.name.ru) for s in missing)
        if len(missing) > 1
        else missing[0].name.ru,
    ).speaking(lang)


def lang_from_sheet_names(names: Sequence[str]) -> Lang:
    """The language most sheet names are written in (Kazakh when undecided)."""
    folded = {normalize_label(n) for n in names}
    votes = {
        lang: sum(normalize_label(s.name(lang)) in folded for s in SHEETS if s.name.kk != s.name.ru)
        for lang in LANGS
    }
    return "ru" if votes["ru"] > votes["kk"] else "kk"
