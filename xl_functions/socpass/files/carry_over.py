"""A register read for `upgrade`: every schema table with the cells that do not parse kept as the
text typed, and the school's own columns, so the workbook written afresh loses nothing.

- a cell that does not parse (a date like 31.02.2025, "five" in a number column) is carried over
  as the text the user typed, so the new workbook shows the same error in the same column;
- columns the schema does not know (the school's own notes) become text columns at the right of
  the same table, under their own header (a column without a header gets "Column K");
- the pupil name and class beside a pupil id (`schema.Lookup`) are not carried: the new workbook
  writes them again as formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from ..core.reader import is_register_sheet
from ..core.register import ROW, RegisterData
from ..core.schema import Lang, Sheet, Text, sheet_for_name
from ..core.tables import read_table
from ..core.values import CellError, convert, display, is_blank
from .workbook_file import read_register, read_sheets

NO_HEADER_COLUMN = Text("{letter} бағаны", "Столбец {letter}")


@dataclass
class Carried:
    """A register ready to be written again: typed frames with unparsed cells as typed text."""

    register: RegisterData
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    extra_columns: dict[str, pd.DataFrame] = field(default_factory=dict)
    kept_typed: int = 0


def carry_over(path: Path) -> Carried:
    """Read `path` for an upgrade: every schema table, its unparsed cells and its extra columns."""
    register = read_register(path)
    carried = Carried(register)
    for name, values in read_sheets(path, is_register_sheet).items():
        sh = sheet_for_name(name)
        if sh is None or sh.key == "settings" or sh.key in carried.frames:
            continue
        table = read_table(sh, values, name)
        frame = table.frame
        located = {key: loc.index for key, loc in table.columns.items()}
        carried.kept_typed += _keep_typed(frame, sh, located, values)
        carried.frames[sh.key] = frame.drop(columns=[ROW])
        skipped = {loc.index for loc in table.lookups.values()}
        extra = _extra_columns(frame, located, skipped, values, register.lang)
        if extra is not None:
            carried.extra_columns[sh.key] = extra
    return carried


def _cell(values: Sequence[Sequence[object]], row: int, index: int) -> object:
    """The raw cell at Excel row `row` (1-based) and column `index` (0-based), None past the end."""
    cells = values[row - 1] if row - 1 < len(values) else ()
    return cells[index] if index < len(cells) else None


def _keep_typed(
    frame: pd.DataFrame, sh: Sheet, located: dict[str, int], values: Sequence[Sequence[object]]
) -> int:
    """Put each cell that does not parse back into `frame` as the text typed; returns how many."""
    kept = 0
    for key, index in located.items():
        col = sh.column(key)
        for i, row in enumerate(frame[ROW].tolist()):
            raw = _cell(values, row, index)
            if is_blank(raw):
                continue
            try:
                convert(col, raw)
            except CellError:
                if frame[key].dtype != object:
                    frame[key] = frame[key].astype(object)
                frame.iat[i, frame.columns.get_loc(key)] = display(raw)
                kept += 1
    return kept


def _header_row(located: dict[str, int], values: Sequence[Sequence[object]], first: int) -> int:
    """The Excel row of the table's header: the last row above the data naming a schema column."""
    index = next(iter(located.values()))
    return next(r for r in range(first - 1, 0, -1) if not is_blank(_cell(values, r, index)))


def _extra_columns(
    frame: pd.DataFrame,
    located: dict[str, int],
    skipped: set[int],
    values: Sequence[Sequence[object]],
    lang: Lang,
) -> pd.DataFrame | None:
    """Cells right of, left of or between the schema's columns (and the `skipped` ones) that
    hold something: by header."""
    if not located:
        return None
    rows = frame[ROW].tolist()
    first = min(rows) if rows else len(values) + 1
    header = _header_row(located, values, first)
    width = max((len(r) for r in values), default=0)
    used = set(located.values()) | skipped
    columns: dict[str, list[object]] = {}
    for index in range(width):
        if index in used:
            continue
        title = _cell(values, header, index)
        cells = [_cell(values, row, index) for row in rows]
        if is_blank(title) and all(is_blank(v) for v in cells):
            continue
        name = display(title) if not is_blank(title) else _letter_header(index, lang)
        while name in columns:
            name += " (2)"
        columns[name] = [None if is_blank(v) else v for v in cells]
    return pd.DataFrame(columns) if columns else None


def _letter_header(index: int, lang: Lang) -> str:
    return NO_HEADER_COLUMN(lang).format(letter=xl_col_to_name(index))
