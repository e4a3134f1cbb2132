"""One sheet of the register read into a typed frame: find the header row, match the columns,
convert the cells a column at a time, and report every problem as a `Finding` naming the cell.

Headers are matched in either language (the schema's headers and their known variants, after
`schema.normalize_label`), so a Russian-typed sheet in a Kazakh register reads the same. A title
row above the table is tolerated: the header is the row among the first few that names the most
columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

import pandas as pd

from .findings import Finding, Severity
from .register import DTYPES, ROW, typed_frame
from .schema import LANGS, ColType, Column, Lang, Sheet, Text, header_variants, normalize_label
from .values import convert_column, display, empty_value, is_blank, quoted

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

#: How many rows from the top may hold a title above the table's header row.
HEADER_SEARCH_ROWS = 6


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
    table = Table(sheet, sheet_name, lang, typed_frame(sheet.key), columns)
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
