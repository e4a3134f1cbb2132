"""`socpass upgrade PATH.xlsm|PATH.xlsx`: move a register's data into a workbook of this version.

The register is read as `socpass validate` reads it, then written afresh by `render.workbook`
(new sheets, columns, dropdowns, macros), in the same language and file format, with the old file
kept next to it as a backup. Nothing typed is lost, even in a register with errors:

- a cell that does not parse (a date like 31.02.2025, "five" in a number column) is carried over
  as the text the user typed, so the new workbook shows the same error in the same column;
- columns the schema does not know (the school's own notes) become text columns at the right of
  the same table, under their own header (a column without a header gets "Column K").
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import python_calamine
from xlsxwriter.utility import xl_col_to_name

from ..core.findings import SocpassError
from ..core.reader import is_register_sheet, read_register, read_table
from ..core.register import ROW, RegisterData
from ..core.schema import LANGS, SETTINGS, Lang, Sheet, Text, sheet, sheet_for_name
from ..core.values import CellError, convert, display, is_blank
from ..render.workbook import write_register

UPGRADED = Text("Тізілім жаңартылды: {path}", "Реестр обновлён: {path}")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
KEPT_TYPED = Text(
    "Қатесі бар {count} ұяшық жазылғандай сақталды; оларды socpass validate көрсетеді.",
    "Ячеек с ошибками: {count}, они сохранены как были введены; их покажет socpass validate.",
)
KEPT_COLUMNS = Text(
    "«{sheet}» парағындағы өз бағандарыңыз кестенің оң жағына көшірілді: {columns}",
    "Ваши столбцы на листе «{sheet}» перенесены в правую часть таблицы: {columns}",
)
NO_HEADER_COLUMN = Text("{letter} бағаны", "Столбец {letter}")
NOT_REGISTER = Text(
    "{path}: тек .xlsx немесе .xlsm тізілімін жаңартуға болады.",
    "{path}: обновить можно только реестр .xlsx или .xlsm.",
)
CANNOT_WRITE = Text(
    "{path} файлын жазу мүмкін болмады (Excel-де ашық емес пе?): {error}. Файл өзгертілген жоқ.",
    "Не удалось записать {path} (не открыт ли он в Excel?): {error}. Файл не изменён.",
)


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
    for name, values in _raw_sheets(path).items():
        sh = sheet_for_name(name)
        if sh is None or sh.key == "settings" or sh.key in carried.frames:
            continue
        table = read_table(sh, values, name)
        frame = table.frame
        located = {key: loc.index for key, loc in table.columns.items()}
        carried.kept_typed += _keep_typed(frame, sh, located, values)
        carried.frames[sh.key] = frame.drop(columns=[ROW])
        extra = _extra_columns(frame, located, values, register.lang)
        if extra is not None:
            carried.extra_columns[sh.key] = extra
    return carried


def _raw_sheets(path: Path) -> dict[str, list[list[object]]]:
    """Every register sheet's cells anchored at A1, as calamine reads them (as `read_register`)."""
    with path.open("rb") as handle:
        book = python_calamine.CalamineWorkbook.from_filelike(handle)
        return {
            m.name: book.get_sheet_by_name(m.name).to_python(skip_empty_area=False)
            for m in book.sheets_metadata
            if m.typ == python_calamine.SheetTypeEnum.WorkSheet and is_register_sheet(m.name)
        }


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
    frame: pd.DataFrame, located: dict[str, int], values: Sequence[Sequence[object]], lang: Lang
) -> pd.DataFrame | None:
    """Cells right of, left of or between the schema's columns that hold something: by header."""
    if not located:
        return None
    rows = frame[ROW].tolist()
    first = min(rows) if rows else len(values) + 1
    header = _header_row(located, values, first)
    width = max((len(r) for r in values), default=0)
    used = set(located.values())
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


def backup_path(path: Path) -> Path:
    """`register.before-upgrade.xlsm`, numbered when an earlier backup is already there."""
    candidate = path.with_name(f"{path.stem}.before-upgrade{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.before-upgrade-{number}{path.suffix}")
        number += 1
    return candidate


def upgrade(path: Path) -> tuple[Carried, Path]:
    """Back the file up, then replace it atomically by a workbook of this version with its data."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise SocpassError(NOT_REGISTER, path=path)
    carried = carry_over(path)
    settings = {s.key: carried.register.settings.get(s.key, s.default) for s in SETTINGS}
    backup = backup_path(path)
    try:
        shutil.copy2(path, backup)
        write_register(path, carried.register.lang, carried.frames, settings, carried.extra_columns)
    except OSError as exc:
        raise SocpassError(CANNOT_WRITE, path=path, error=exc.strerror or exc) from exc
    return carried, backup


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "upgrade",
        help="тізілімді жаңа нұсқаға көшіру / перенести реестр в новую версию",
        description="Тізілімнің деректерін осы нұсқаның жаңа жұмыс кітабына көшіреді, ескі файл "
        "көшірме болып қалады / Переносит данные реестра в новую книгу этой версии, старый файл "
        "остаётся копией.",
    )
    parser.add_argument("path", metavar="PATH", type=Path, help=".xlsx / .xlsm")
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="хабарлама тілі / язык сообщений (әдепкі — тізілімнің / по умолчанию — как в реестре)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    carried, backup = upgrade(args.path)
    lang = args.lang or carried.register.lang
    print(BACKUP(lang).format(path=backup))
    print(UPGRADED(lang).format(path=args.path))
    if carried.kept_typed:
        print(KEPT_TYPED(lang).format(count=carried.kept_typed))
    for key, extra in carried.extra_columns.items():
        print(KEPT_COLUMNS(lang).format(sheet=sheet(key).name(lang), columns=", ".join(extra)))
    return 0
