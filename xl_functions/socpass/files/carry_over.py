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

from ..core.findings import SocpassError
from ..core.reader import is_register_sheet, register_from_values, sheets_read
from ..core.register import ROW, RegisterData
from ..core.schema import Lang, Sheet, Text, sheet_for_name
from ..core.tables import read_table
from ..core.values import CellError, convert, display, is_blank
from .encryption import Password
from .workbook_file import open_workbook, read_workbook

NO_HEADER_COLUMN = Text("{letter} бағаны", "Столбец {letter}")
FAR_CELL_LOST = Text(
    "«{sheet}» парағының {cell} ұяшығында кестеден алыс тұрған мән бар: жаңа кітапқа ол "
    "көшпейді. Оны өшіріңіз немесе кестеге көшіріңіз де, қайталаңыз. Файл өзгертілген жоқ.",
    "На листе «{sheet}» в ячейке {cell} значение далеко от таблицы: в новую книгу оно не "
    "перейдёт. Удалите его или перенесите в таблицу и повторите. Файл не изменён.",
)
TEXT_TOO_LONG = Text(
    "«{sheet}» парағының {cell} ұяшығындағы мәтін тым ұзын ({length} таңба, Excel ұяшығына "
    "{limit} таңба сияды): жаңа кітапта ол қысқарып қалар еді. Оны қысқартыңыз да, қайталаңыз. "
    "Файл өзгертілген жоқ.",
    "Текст в ячейке {cell} листа «{sheet}» слишком длинный (символов: {length}, в ячейку Excel "
    "помещается {limit}): в новой книге он был бы обрезан. Сократите его и повторите. Файл не "
    "изменён.",
)
#: Characters an Excel cell holds.
EXCEL_CELL_CHARS = 32_767


@dataclass
class Carried:
    """A register ready to be written again: typed frames with unparsed cells as typed text."""

    register: RegisterData
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    extra_columns: dict[str, pd.DataFrame] = field(default_factory=dict)
    kept_typed: int = 0
    password: str | None = None  # the file was encrypted with it: so is the new one


def carry_over(path: Path, password: Password | None = None) -> Carried:
    """Read `path` for an upgrade: every schema table, its unparsed cells and its extra columns.

    Refuses (exit 2: the file cannot be upgraded as it is) what a new workbook could not keep: a value far outside a table (it would
    be left behind), a text longer than an Excel cell holds (it would be cut)."""
    book = open_workbook(path, password)
    cells = read_workbook(book, is_register_sheet)
    register = register_from_values(cells.sheets, path, cells.hidden, cells.findings)
    far = next((f for f in register.findings if f.code == "far_cell"), None)
    if far is not None:
        raise SocpassError(FAR_CELL_LOST, exit_code=2, sheet=far.sheet, cell=far.params["cell"])
    carried = Carried(register, password=book.password)
    for name in sheets_read(cells.sheets, cells.hidden)[0].values():
        sh = sheet_for_name(name)
        if sh is None or sh.key == "settings":
            continue
        values = cells.sheets[name]
        _refuse_long_text(name, values)
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


def _refuse_long_text(name: str, values: Sequence[Sequence[object]]) -> None:
    """A text longer than an Excel cell holds (another program wrote it) cannot be carried."""
    for r, row in enumerate(values, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > EXCEL_CELL_CHARS:
                raise SocpassError(
                    TEXT_TOO_LONG,
                    exit_code=2,
                    sheet=name,
                    cell=f"{xl_col_to_name(c)}{r}",
                    length=len(value),
                    limit=EXCEL_CELL_CHARS,
                )


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
