"""One sheet of the register read into a typed frame: find the header row, match the columns,
convert the cells a column at a time, and report every problem as a `Finding` naming the cell.

Headers are matched in either language (the schema's headers and their known variants, after
`schema.normalize_header`: case, spaces, hyphens, ё/е, Latin look-alikes), so a Russian-typed sheet
in a Kazakh register reads the same. A title row above the table is tolerated: the header is the
row among the first few that names the most columns; so is a two-row header (a group row such as
«Әлеуметтік санаты» merged above the category columns), read as one row of the lower cells where
they are filled and the upper ones elsewhere. A header that names nothing but is close to the
header of a missing column (rapidfuzz) is an error naming both: a typo must not count as zero.
The pupil name and class shown beside a pupil id (`schema.Lookup`) are recognised and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

import pandas as pd
from rapidfuzz import fuzz

from .findings import Finding, Severity
from .register import DTYPES, ROW, typed_frame
from .schema import LANGS, ColType, Column, Lang, Sheet, Text, header_variants, normalize_header
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
MISSPELT_COLUMN = Text(
    "«{header}» бағаны «{known_kk}» бағанына ұқсайды, бірақ дәл сол емес: тақырыпты «{known_kk}» "
    "деп түзетіңіз, әйтпесе баған оқылмайды",
    "Столбец «{header}» похож на «{known_ru}», но не совпадает с ним: исправьте заголовок на "
    "«{known_ru}», иначе столбец не читается",
)

#: How many rows from the top may hold a title above the table's header row.
HEADER_SEARCH_ROWS = 6
#: rapidfuzz similarity (0–100, after `normalize_header`) from which an unknown header is taken
#: for a misspelling of a missing column's: «Көп балалы отб.» ~ «Көпбалалы отбасы» is 89, a
#: school's own «Ескертпе» against the columns it could be is at most 80.
MISSPELT_SIMILARITY = 85
#: Shorter folded headers ("ай", "№", "н/а") are too short to call anything a misspelling of them.
MISSPELT_MIN_LENGTH = 4


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
    #: The pupil name / class columns shown beside the id (`schema.Lookup` key -> location).
    lookups: dict[str, Located] = field(default_factory=dict)
    #: The Excel row of the header's (last) row; None when no header was found.
    header_row: int | None = None
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
    header = _find_header(sheet, values)
    table = Table(sheet, sheet_name, header.lang, typed_frame(sheet.key), header.columns)
    table.lookups = header.lookups
    if header.end is None:
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
    table.header_row = header.end
    _report_header_problems(table, header.cells, header.end)
    table.frame = _convert_rows(table, values[header.end :], first_row=header.end + 1)
    return table


@dataclass(frozen=True)
class _Header:
    """The table's header as found: its cells (one per column) and what they name."""

    end: int | None  # the Excel row of its last row (data starts below); None: no header
    cells: list[object]
    columns: dict[str, Located]
    lookups: dict[str, Located]
    lang: Lang


def _find_header(sheet: Sheet, values: Sequence[Sequence[object]]) -> _Header:
    """The header among the first rows: the row, or two rows read as one, naming the most
    schema columns (on a tie, the single and the upper row)."""
    best = _Header(None, [], {}, {}, "kk")
    for r in range(min(HEADER_SEARCH_ROWS, len(values))):
        candidates = [(values[r], r + 1)]
        if r + 1 < len(values):
            candidates.append((_two_rows(values[r], values[r + 1]), r + 2))
        for cells, end in candidates:
            columns, lookups, lang = _match_headers(sheet, cells)
            if len(columns) > len(best.columns):
                best = _Header(end, list(cells), columns, lookups, lang)
    return best


def _two_rows(upper: Sequence[object], lower: Sequence[object]) -> list[object]:
    """A two-row header as one row: the lower cell where it is filled (a category under its
    group), else the upper one (a column whose header is merged down over both rows)."""
    cells = list(zip_longest(upper, lower))
    return [up if is_blank(low) else low for up, low in cells]


def _match_headers(
    sheet: Sheet, row: Sequence[object]
) -> tuple[dict[str, Located], dict[str, Located], Lang]:
    """Schema key -> location, exact headers (either language) first, then known variants; then
    the lookups among the cells left."""
    texts = [normalize_header(display(v)) if not is_blank(v) else "" for v in row]
    found: dict[str, Located] = {}
    taken: set[int] = set()
    votes = dict.fromkeys(LANGS, 0)

    def locate(names: set[str]) -> int | None:
        return next((j for j, t in enumerate(texts) if t and t in names and j not in taken), None)

    for exact in (True, False):
        for col in sheet.columns:
            if col.key in found:
                continue
            j = locate(_exact_names(col) if exact else header_variants(col))
            if j is None:
                continue
            found[col.key] = Located(display(row[j]), column_letter(j), j)
            taken.add(j)
            for lang in LANGS:
                if exact and texts[j] == normalize_header(col.header(lang)):
                    votes[lang] += 1
    lookups: dict[str, Located] = {}
    for lookup in sheet.lookups:
        j = locate(header_variants(lookup))
        if j is not None:
            lookups[lookup.key] = Located(display(row[j]), column_letter(j), j)
            taken.add(j)
    return found, lookups, ("ru" if votes["ru"] > votes["kk"] else "kk")


def _exact_names(col: Column) -> set[str]:
    return {normalize_header(col.header.kk), normalize_header(col.header.ru), col.key}


def _report_header_problems(table: Table, header: Sequence[object], excel_row: int) -> None:
    """Missing required columns are errors; a missing optional column is filled with empties.

    An absent optional column is normal (older registers, columns a school doesn't keep), so it
    is silent here (`checks` warns when it is one the passport counts); but a header that names
    nothing and is close to a missing column's is a misspelling of it: an error naming both,
    never a column silently read as empty. Other unknown headers are the school's own columns.
    """
    missing = [c for c in table.sheet.columns if c.key not in table.columns]
    used = {loc.index for loc in (*table.columns.values(), *table.lookups.values())}
    misspelt = _misspellings(header, used, missing)
    for j, col in misspelt.items():
        table.findings.append(
            Finding(
                "error",
                "misspelt_column",
                MISSPELT_COLUMN,
                table.name,
                excel_row,
                display(header[j]),
                column_letter(j),
                {
                    "header": display(header[j]),
                    "known_kk": col.header(table.lang),
                    "known_ru": col.header(table.lang),
                    "key": col.key,
                },
            )
        )
    for col in missing:
        if col.required and col not in misspelt.values():
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
    all_names = set().union(*(header_variants(c) for c in table.sheet.layout()))
    for j, cell in enumerate(header):
        if j in used or j in misspelt or is_blank(cell):
            continue
        if normalize_header(display(cell)) in all_names:
            table.findings.append(
                Finding(
                    "warning",
                    "duplicate_column",
                    DUPLICATE_COLUMN,
                    table.name,
                    excel_row,
                    display(cell),
                    column_letter(j),
                    {"header": display(cell)},
                )
            )


def _misspellings(
    header: Sequence[object], used: set[int], missing: Sequence[Column]
) -> dict[int, Column]:
    """Header cell index -> the missing column it is a near miss of (best pairs first, each cell
    and column used once). Only missing columns are candidates: next to a column that is there,
    a similar header is the school's own (a second note, a comment)."""
    pairs = []
    for j, cell in enumerate(header):
        text = "" if j in used or is_blank(cell) else normalize_header(display(cell))
        if len(text) < MISSPELT_MIN_LENGTH:
            continue
        for col in missing:
            names = [n for n in header_variants(col) if len(n) >= MISSPELT_MIN_LENGTH]
            score = max((fuzz.ratio(text, n) for n in names), default=0.0)
            if score >= MISSPELT_SIMILARITY:
                pairs.append((score, j, col))
    found: dict[int, Column] = {}
    for _, j, col in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if j not in found and col not in found.values():
            found[j] = col
    return found


def _convert_rows(table: Table, rows: Sequence[Sequence[object]], first_row: int) -> pd.DataFrame:
    """Typed columns from the data rows; empty rows are skipped (the pupil name and class beside
    an id are formulas: a row holding only those is empty), bad cells become findings.

    Converted a column at a time (see `values.convert_column`); the findings are then put in the
    order the user reads the sheet, row by row, left to right in the schema's column order.
    """
    computed = {loc.index for loc in table.lookups.values()}
    kept = [i for i, row in enumerate(rows) if not _blank_row(row, computed)]
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


def _blank_row(row: Sequence[object], computed: set[int]) -> bool:
    """No typed cell: every cell blank but the `computed` ones (whatever they hold)."""
    if not computed:
        return all(map(is_blank, row))
    return all(is_blank(v) for j, v in enumerate(row) if j not in computed)


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
