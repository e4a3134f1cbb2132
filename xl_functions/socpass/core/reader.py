"""The validating reader: a register workbook (or its raw cell values) to typed frames + findings.

`read_register` opens the file read-only with python-calamine; `register_from_values` does the
rest from plain cell values, so the Excel shell (xlwings) and the command line share every rule.
A problem in the data becomes a `Finding` that names the sheet, row and column as the user sees
them; a file that cannot be used at all raises `SocpassError` (exit code 2) whose message gives the
reason in the user's words. The library's own (English) wording goes only into the error's `detail`
parameter, which no message template shows and `socpass validate --json` passes on.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

import pandas as pd
import python_calamine

from . import checks
from .findings import Finding, Severity, SocpassError
from .register import DTYPES, ROW, RegisterData
from .schema import (
    LANGS,
    SETTINGS,
    SHEETS,
    ColType,
    Column,
    Lang,
    Setting,
    Sheet,
    Text,
    choice_for,
    header_variants,
    normalize_label,
    sheet_for_name,
)
from .values import (
    CellError,
    convert_column,
    display,
    empty_value,
    is_blank,
    quoted,
    to_number,
)

# --------------------------------------------------------------------------- file-level errors

FILE_MISSING = Text("«{file}» файлы табылмады", "Файл «{file}» не найден")
FILE_EMPTY = Text("«{file}» файлы бос (0 байт)", "Файл «{file}» пустой (0 байт)")
FILE_UNREADABLE = Text(
    "«{file}» файлын оқу мүмкін емес: оған қол жеткізу жоқ (файл басқа бағдарламада ашық "
    "болуы немесе оны оқуға рұқсат болмауы мүмкін)",
    "Не удаётся прочитать файл «{file}»: нет доступа (возможно, файл открыт в другой "
    "программе или нет прав на чтение)",
)
NOT_WORKBOOK = Text(
    "«{file}» — Excel кітабы емес (.xlsx немесе .xlsm файлы керек)",
    "«{file}» — не книга Excel (нужен файл .xlsx или .xlsm)",
)
ENCRYPTED = Text(
    "«{file}» құпиясөзбен қорғалған: Excel-де құпиясөзді алып тастап, файлды қайта сақтаңыз",
    "Файл «{file}» защищён паролем: снимите пароль в Excel и сохраните файл заново",
)
CORRUPTED = Text(
    "«{file}» файлы бүлінген: Excel кітабының құрылымы оқылмайды; файлды Excel-де ашып, қайта "
    "сақтап көріңіз немесе сақтық көшірмесін алыңыз",
    "Файл «{file}» повреждён: структура книги Excel не читается; попробуйте открыть его в Excel "
    "и сохранить заново или возьмите резервную копию",
)
SHEET_DAMAGED = Text(
    "«{file}» файлындағы «{sheet}» парағының деректері бүлінген, оларды оқу мүмкін емес; файлды "
    "Excel-де ашып, қайта сақтап көріңіз",
    "Данные листа «{sheet}» в файле «{file}» повреждены и не читаются; попробуйте открыть файл "
    "в Excel и сохранить заново",
)
MISSING_SHEET = Text(
    "«{file}» файлында «{names_kk}» парағы жоқ", "В файле «{file}» нет листа «{names_ru}»"
)
MISSING_SHEETS = Text(
    "«{file}» файлында мына парақтар жоқ: {names_kk}", "В файле «{file}» нет листов: {names_ru}"
)

# --------------------------------------------------------------------------- findings

NO_HEADER = Text(
    "Кестенің тақырып жолы табылмады; күтілген бағандар: {expected_kk}",
    "Не найдена строка заголовков таблицы; ожидаются столбцы: {expected_ru}",
)
MISSING_COLUMN = Text("«{header_kk}» бағаны жоқ", "Нет столбца «{header_ru}»")
REQUIRED_EMPTY = Text("Міндетті ұяшық бос", "Обязательная ячейка не заполнена")
DUPLICATE_COLUMN = Text(
    "«{header}» бағаны екінші рет кездеседі; тек біріншісі оқылады",
    "Столбец «{header}» встречается второй раз; читается только первый",
)
UNKNOWN_COLUMN = Text(
    "«{header}» бағаны танылмады және оқылмайды (тақырыпта қате болуы мүмкін)",
    "Столбец «{header}» не распознан и не читается (возможно, опечатка в заголовке)",
)
DUPLICATE_SHEET = Text(
    "Бұл парақ «{first}» парағын қайталайды; тек «{first}» оқылады",
    "Этот лист дублирует лист «{first}»; читается только «{first}»",
)
UNKNOWN_SETTING = Text(
    "«{key}» баптауы белгісіз, ескерілмейді", "Неизвестная настройка «{key}» не учитывается"
)
DUPLICATE_SETTING = Text(
    "«{key}» баптауы қайталанады; {first_row}-жолдағы мән қолданылады",
    "Настройка «{key}» повторяется; используется значение из строки {first_row}",
)
SETTING_NOT_NUMBER = Text(
    "«{label_kk}» баптауы: «{value}» — сан емес; әдепкі мән қолданылады: {default}",
    "Настройка «{label_ru}»: «{value}» — не число; используется значение по умолчанию: {default}",
)
SETTING_NOT_CHOICE = Text(
    "«{label_kk}» баптауы: «{value}» мәніне рұқсат жоқ ({allowed}); әдепкі мән қолданылады: {default}",
    "Настройка «{label_ru}»: недопустимое значение «{value}» ({allowed}); используется значение по умолчанию: {default}",
)

#: How many rows from the top may hold a title above the table's header row.
HEADER_SEARCH_ROWS = 6


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: The workbook stream of a legacy .xls ("Workbook", or "Book" in Excel 5/95) in the OLE directory.
_XLS_STREAMS = tuple(n.encode("utf-16-le") for n in ("Workbook", "Book"))


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Located:
    """A schema column as found in the workbook: its header text and letter."""

    header: str
    letter: str
    index: int


@dataclass
class Table:
    """One sheet read into a frame, with where each column is, so checks can point at cells."""

    sheet: Sheet
    name: str  # the sheet's name as it is in the workbook
    lang: Lang  # the language its headers are written in
    frame: pd.DataFrame
    columns: dict[str, Located] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: (column key, Excel row) -> a choice cell as typed, since the frame keeps only the choice
    #: key: messages quote what the user sees («ж»), not the label in the message's language.
    typed: dict[tuple[str, int], str] = field(default_factory=dict)

    def finding(
        self,
        severity: Severity,
        code: str,
        message: Text,
        row: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> Finding:
        """A finding on this sheet; `column` is a schema key, shown as the workbook's header."""
        header = self.header(column) if column is not None else None
        where = self.columns.get(column) if column is not None else None
        letter = where.letter if where else None
        return Finding(severity, code, message, self.name, row, header, letter, params)

    def header(self, column: str) -> str:
        """The column's header as in the workbook (the schema's, in the sheet's language, if absent)."""
        where = self.columns.get(column)
        return where.header if where else self.sheet.column(column).header(self.lang)


# --------------------------------------------------------------------------- one table


def frame_from_values(
    sheet: Sheet, values: Sequence[Sequence[object]], sheet_name: str
) -> tuple[pd.DataFrame, list[Finding]]:
    """One sheet's cell values (anchored at A1) to a typed frame and the findings about it."""
    table = read_table(sheet, values, sheet_name)
    return table.frame, table.findings


def read_table(sheet: Sheet, values: Sequence[Sequence[object]], sheet_name: str) -> Table:
    """Like `frame_from_values`, keeping where each column was found (for cross-sheet checks)."""
    header_at, columns, lang = _find_header(sheet, values)
    table = Table(sheet, sheet_name, lang, _empty_frame(sheet), columns)
    if header_at is None:
        if sheet.required and any(c.required for c in sheet.columns):
            table.findings.append(
                table.finding(
                    "error",
                    "no_header",
                    NO_HEADER,
                    expected_kk=", ".join(c.header.kk for c in sheet.columns if c.required),
                    expected_ru=", ".join(c.header.ru for c in sheet.columns if c.required),
                )
            )
        return table
    _report_header_problems(table, values[header_at], header_at + 1)
    table.frame = _convert_rows(table, values[header_at + 1 :], first_row=header_at + 2)
    return table


def _find_header(
    sheet: Sheet, values: Sequence[Sequence[object]]
) -> tuple[int | None, dict[str, Located], Lang]:
    """The header row among the first rows: the one naming the most schema columns."""
    best: tuple[int, int | None, dict[str, Located], Lang] = (0, None, {}, "kk")
    for r, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        columns, lang = _match_headers(sheet, row)
        if len(columns) > best[0]:
            best = (len(columns), r, columns, lang)
    return best[1], best[2], best[3]


def _match_headers(sheet: Sheet, row: Sequence[object]) -> tuple[dict[str, Located], Lang]:
    """Schema key -> location, exact headers (either language) first, then known variants."""
    texts = [normalize_label(display(v)) if not is_blank(v) else "" for v in row]
    found: dict[str, Located] = {}
    votes = dict.fromkeys(LANGS, 0)
    for exact in (True, False):
        for col in sheet.columns:
            if col.key in found:
                continue
            names = _exact_names(col) if exact else header_variants(col)
            for j, text in enumerate(texts):
                taken = any(loc.index == j for loc in found.values())
                if text and text in names and not taken:
                    found[col.key] = Located(display(row[j]), column_letter(j), j)
                    for lang in LANGS:
                        if exact and text == normalize_label(col.header(lang)):
                            votes[lang] += 1
                    break
    return found, ("ru" if votes["ru"] > votes["kk"] else "kk")


def _exact_names(col: Column) -> set[str]:
    return {normalize_label(col.header.kk), normalize_label(col.header.ru), col.key}


def _report_header_problems(table: Table, header: Sequence[object], excel_row: int) -> None:
    """Missing required columns are errors; a missing optional column is filled with empties.

    An absent optional column is normal (older registers, columns a school doesn't keep), so it
    is silent; but when one is absent, headers we could not recognise are likely typos of it,
    so each of those is a warning rather than silently ignored data.
    """
    missing = [c for c in table.sheet.columns if c.key not in table.columns]
    for col in missing:
        if col.required:
            table.findings.append(
                table.finding(
                    "error",
                    "missing_column",
                    MISSING_COLUMN,
                    excel_row,
                    col.key,
                    header_kk=col.header.kk,
                    header_ru=col.header.ru,
                )
            )
    used = {loc.index for loc in table.columns.values()}
    all_names = set().union(*(header_variants(c) for c in table.sheet.columns))
    for j, cell in enumerate(header):
        if j in used or is_blank(cell):
            continue
        duplicate = normalize_label(display(cell)) in all_names
        if duplicate or missing:
            table.findings.append(
                Finding(
                    "warning",
                    "duplicate_column" if duplicate else "unknown_column",
                    DUPLICATE_COLUMN if duplicate else UNKNOWN_COLUMN,
                    table.name,
                    excel_row,
                    display(cell),
                    column_letter(j),
                    {"header": display(cell)},
                )
            )


def _convert_rows(table: Table, rows: Sequence[Sequence[object]], first_row: int) -> pd.DataFrame:
    """Typed columns from the data rows; fully empty rows are skipped, bad cells become findings.

    Converted a column at a time (see `values.convert_column`); the findings are then put in the
    order the user reads the sheet, row by row, left to right in the schema's column order.
    """
    kept = [i for i, row in enumerate(rows) if not _blank_row(row)]
    excel_rows = [first_row + i for i in kept]
    cells_by_index = list(zip_longest(*(rows[i] for i in kept)))  # short rows padded with None
    located: list[tuple[int, Finding]] = []  # (Excel row, finding), column order within a row
    frame = {}
    for col in table.sheet.columns:
        where = table.columns.get(col.key)
        if where is None:
            cells: list[object] = [empty_value(col)] * len(kept)
        else:
            raws = cells_by_index[where.index] if where.index < len(cells_by_index) else ()
            cells = _column_cells(table, col, raws or [None] * len(kept), excel_rows, located)
        frame[col.key] = pd.Series(cells, dtype=DTYPES[col.type])
    located.sort(key=lambda item: item[0])  # stable: keeps the column order within a row
    table.findings.extend(finding for _, finding in located)
    result = pd.DataFrame(frame)
    result[ROW] = pd.Series(excel_rows, dtype="int64")
    return result


def _blank_row(row: Sequence[object]) -> bool:
    return all(map(is_blank, row))


def _column_cells(
    table: Table,
    col: Column,
    raws: Sequence[object],
    excel_rows: list[int],
    located: list[tuple[int, Finding]],
) -> list[object]:
    """One present column's typed cells; blank required cells and bad cells become findings."""
    cells, problems = convert_column(col, raws)
    for i, error in problems:
        if error is None:
            finding = table.finding(
                "error", "required_empty", REQUIRED_EMPTY, excel_rows[i], col.key
            )
        else:
            code = f"bad_{col.type.value}"
            finding = table.finding(
                "error", code, error.message, excel_rows[i], col.key, **error.params
            )
        located.append((excel_rows[i], finding))
    if col.type is ColType.CHOICE:  # a choice cell is None (its empty value) only if blank or bad
        table.typed.update(
            ((col.key, row), quoted(raw))
            for raw, row, cell in zip(raws, excel_rows, cells, strict=True)
            if cell is not None
        )
    return cells


def _empty_frame(sheet: Sheet) -> pd.DataFrame:
    frame = pd.DataFrame({c.key: pd.Series([], dtype=DTYPES[c.type]) for c in sheet.columns})
    frame[ROW] = pd.Series([], dtype="int64")
    return frame


# --------------------------------------------------------------------------- the register


def is_register_sheet(name: str) -> bool:
    """Whether a workbook sheet holds one of the register's tables (worth reading)."""
    sheet = sheet_for_name(name)
    return sheet is not None and bool(sheet.columns)


def register_from_values(
    sheets: dict[str, list[list[object]]], source: Path | None = None
) -> RegisterData:
    """Raw cell values per workbook sheet name (anchored at A1) to a checked `RegisterData`.

    Sheets are matched by their Kazakh or Russian name; other sheets (lists, notes) are ignored.
    Raises `SocpassError` (exit code 2) when a required sheet is missing.
    """
    findings: list[Finding] = []
    by_key: dict[str, str] = {}
    for name in sheets:
        sheet = sheet_for_name(name)
        if sheet is None or not sheet.columns:
            continue
        if sheet.key in by_key:
            findings.append(
                Finding(
                    "warning",
                    "duplicate_sheet",
                    DUPLICATE_SHEET,
                    name,
                    params={"first": by_key[sheet.key]},
                )
            )
            continue
        by_key[sheet.key] = name
    _require_sheets(by_key, source)
    tables = {
        s.key: read_table(s, sheets[by_key[s.key]], by_key[s.key])
        if s.key in by_key
        else Table(s, s.name.kk, "kk", _empty_frame(s))
        for s in SHEETS
        if s.columns
    }
    for table in tables.values():
        findings.extend(table.findings)
    settings, given, setting_rows = _read_settings(tables["settings"], findings)
    findings.extend(checks.cross_sheet_findings(tables))
    findings.extend(checks.school_year_format(tables["settings"], settings, setting_rows))
    findings.extend(checks.blank_report_settings(tables["settings"], settings, setting_rows))
    findings.extend(checks.dates_outside_school_year(tables, settings["school_year"]))
    return RegisterData(
        lang=settings["language"] if "language" in given else _lang_from_sheet_names(list(sheets)),
        frames={key: t.frame for key, t in tables.items()},
        settings=settings,
        findings=findings,
        source=source,
    )


def _require_sheets(found: dict[str, str], source: Path | None) -> None:
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
    )


def _lang_from_sheet_names(names: Sequence[str]) -> Lang:
    """The language most sheet names are written in (Kazakh when undecided)."""
    folded = {normalize_label(n) for n in names}
    votes = {
        lang: sum(normalize_label(s.name(lang)) in folded for s in SHEETS if s.name.kk != s.name.ru)
        for lang in LANGS
    }
    return "ru" if votes["ru"] > votes["kk"] else "kk"


def _setting_for(key: str, name: str) -> Setting | None:
    """The setting a Settings row is about: by its key, else by its label in either language."""
    for s in SETTINGS:
        if normalize_label(key) == s.key:
            return s
    for s in SETTINGS:
        if name and normalize_label(name) in {
            normalize_label(s.label.kk),
            normalize_label(s.label.ru),
        }:
            return s
    return None


def _read_settings(
    table: Table, findings: list[Finding]
) -> tuple[dict[str, object], set[str], dict[str, int]]:
    """Typed settings (the sheet's key/value rows over the schema defaults), the keys given a
    value, and the Excel row of each setting's (first) row."""
    result = {s.key: _typed_default(s) for s in SETTINGS}
    first_row: dict[str, int] = {}
    given: set[str] = set()
    frame = table.frame
    for key, name, value, row in zip(
        frame["key"], frame["name"], frame["value"], frame[ROW].tolist(), strict=True
    ):
        setting = _setting_for(key, name)
        if setting is None:
            if key:
                findings.append(
                    table.finding(
                        "warning", "unknown_setting", UNKNOWN_SETTING, row, "key", key=key
                    )
                )
            continue
        if setting.key in first_row:
            findings.append(
                table.finding(
                    "warning",
                    "duplicate_setting",
                    DUPLICATE_SETTING,
                    row,
                    "key",
                    key=setting.key,
                    first_row=first_row[setting.key],
                )
            )
            continue
        first_row[setting.key] = row
        if value:
            parsed = _parse_setting(table, setting, value, row)
            if isinstance(parsed, Finding):
                findings.append(parsed)
            else:
                result[setting.key] = parsed
                given.add(setting.key)
    return result, given, first_row


def _typed_default(setting: Setting) -> object:
    return _whole(setting.default) if setting.type is ColType.NUMBER else setting.default


def _whole(value: object) -> object:
    """Numbers as int when whole (10, not 10.0), like the schema's defaults."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parse_setting(table: Table, setting: Setting, value: str, row: int) -> object:
    """The typed value, or the error finding (naming the Settings row) when it doesn't fit."""
    labels = {"label_kk": setting.label.kk, "label_ru": setting.label.ru}
    if setting.type is ColType.NUMBER:
        try:
            return _whole(to_number(value))
        except CellError:
            return table.finding(
                "error",
                "bad_setting",
                SETTING_NOT_NUMBER,
                row,
                "value",
                value=value,
                default=quoted(setting.default),
                **labels,
            )
    if setting.type is ColType.CHOICE:
        probe = Column(
            setting.key, setting.label, ColType.CHOICE, setting.label, choices=setting.choices
        )
        found = choice_for(probe, value)
        if found is None:
            return table.finding(
                "error",
                "bad_setting",
                SETTING_NOT_CHOICE,
                row,
                "value",
                value=value,
                allowed=" / ".join(c.key for c in setting.choices),
                default=quoted(setting.default),
                **labels,
            )
        return found.key
    return value


# --------------------------------------------------------------------------- the file


def read_register(path: str | Path) -> RegisterData:
    """Read a register workbook (.xlsx / .xlsm) without ever opening it for writing.

    Raises `SocpassError` (exit code 2) with a one-line message when the file is missing, empty,
    not a workbook, encrypted, corrupted, or lacks a required sheet.
    """
    path = Path(path)
    _check_file(path)
    try:
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
            wanted = [
                m.name
                for m in book.sheets_metadata
                if m.typ == python_calamine.SheetTypeEnum.WorkSheet and is_register_sheet(m.name)
            ]
    except OSError as exc:
        raise SocpassError(FILE_UNREADABLE, file=path.name, detail=_first_line(exc)) from None
    except python_calamine.PasswordError:  # a protected legacy .xls
        raise SocpassError(ENCRYPTED, file=path.name) from None
    except Exception as exc:  # calamine's errors: a damaged zip or workbook part
        raise SocpassError(CORRUPTED, file=path.name, detail=_first_line(exc)) from None
    return register_from_values({name: _sheet_values(book, name, path) for name in wanted}, path)


def _sheet_values(
    book: python_calamine.CalamineWorkbook, name: str, path: Path
) -> list[list[object]]:
    """One sheet's cells; a sheet whose XML is damaged is named in the message."""
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's XML / zip errors for this sheet's part
        raise SocpassError(
            SHEET_DAMAGED, file=path.name, sheet=name, detail=_first_line(exc)
        ) from None


def _check_file(path: Path) -> None:
    """Tell the unusable files apart by their bytes, before calamine's less readable errors."""
    if not path.exists():
        raise SocpassError(FILE_MISSING, file=str(path))
    if not path.is_file():
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            is_ole = head == _OLE_MAGIC
            streams = handle.read() if is_ole else b""
    except OSError as exc:
        raise SocpassError(FILE_UNREADABLE, file=path.name, detail=_first_line(exc)) from None
    if not head:
        raise SocpassError(FILE_EMPTY, file=path.name)
    if _ENCRYPTED_STREAM in streams:
        raise SocpassError(ENCRYPTED, file=path.name)
    if is_ole and any(name in streams for name in _XLS_STREAMS):
        return  # a legacy .xls: calamine reads it
    if is_ole:  # another Office file (.doc, .ppt) renamed
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    if not head.startswith(_ZIP_MAGIC):
        raise SocpassError(NOT_WORKBOOK, file=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SocpassError(CORRUPTED, file=path.name, detail=_first_line(exc)) from None
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise SocpassError(NOT_WORKBOOK, file=path.name)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
