"""The reader's column-wise conversion gives exactly what converting cell by cell gives.

The reference below is the reader's original loop (every cell through `values.convert`, row by
row), kept here only as the oracle. Registers are generated with a pool of good and bad cells per
column type (typos, negative counts, impossible dates, TRUE in a count, -0.0, NaN, blanks of
every kind), in random layouts (title rows, ragged and blank rows, missing optional columns), so
frames, findings (their order too) and the quoted choice cells must all match.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd
import pytest
from socpass.core import schema, tables
from socpass.core.reader import register_from_values
from socpass.core.register import DTYPES, ROW
from socpass.core.schema import ColType, Column, Lang, Sheet
from socpass.core.tables import Table, read_table
from socpass.core.values import CellError, convert, empty_value, is_blank, quoted
from socpass.demo import generate_demo
from support.records import make_iin

#: Heavy on purpose: many generated registers read twice (the quick loop skips it).
pytestmark = pytest.mark.slow

BLANKS: tuple[object, ...] = (None, "", "   ", float("nan"))
IINS = (make_iin(date(2012, 3, 15), "m"), make_iin(date(2005, 1, 9), "f"))
POOLS: dict[ColType, tuple[object, ...]] = {
    ColType.INT: (
        0.0,
        3.0,
        12.0,
        3,
        "3",
        " 4 ",
        "3,0",
        "3.5",
        3.5,
        "abc",
        -1.0,
        "-2",
        1e12,
        True,
        False,
        "1\u00a0000",
        float("inf"),
        -0.0,
        "12",
    ),
    ColType.NUMBER: (
        1500.0,
        0.0,
        -0.0,
        "1 500 ₸",
        "12,5",
        "1,234.5",
        "abc",
        -5.0,
        float("inf"),
        True,
        "−3",
        7,
        "80%",
    ),
    ColType.DATE: (
        date(2025, 9, 1),
        datetime(2025, 10, 3, 14, 30),
        "01.09.2025",
        "1.9.25",
        "2025-09-01",
        "31.02.2025",
        45000.0,
        0.0,
        -3.0,
        "кеше",
        True,
        date(2012, 3, 15),
        "03.10.2025 ж.",
    ),
    ColType.BOOL: (
        "иә",
        "да",
        "+",
        "Иә",
        "x",
        "✓",
        "1",
        1.0,
        0.0,
        True,
        False,
        "жоқ",
        "нет",
        "мүмкін",
        2.0,
        " ДА ",
    ),
    ColType.CLASS: ("5Ә", "5 ә", "5-Ә", "5A", "10Б", "12А", "5Z", 5.0, "0А", "11К", "5ә"),
    ColType.IIN: (
        *IINS,
        IINS[0][:-1] + str((int(IINS[0][-1]) + 1) % 10),
        "123",
        float(IINS[1]),
        "abc",
        f"{IINS[0][:6]} {IINS[0][6:]}",
    ),
    ColType.TEXT: ("P1", 1.0, 2.5, date(2025, 1, 1), True, " мәтін ", "ID-7", 0.0),
}
POOLS[ColType.SCHOOL_YEAR] = ("2024-2025", "2024/25", " 2024–2025 оқу жылы", "биыл", 2024.0)
POOLS[ColType.MONEY] = POOLS[ColType.NUMBER]
POOLS[ColType.ID] = POOLS[ColType.TEXT]


def reference_rows(table: Table, rows: Sequence[Sequence[object]], first_row: int) -> pd.DataFrame:
    """The per-cell conversion the reader is measured against (see the module docstring)."""
    sheet = table.sheet
    data: dict[str, list[object]] = {c.key: [] for c in sheet.columns}
    excel_rows: list[int] = []
    located = [(c, table.columns.get(c.key)) for c in sheet.columns]
    for offset, row in enumerate(rows):
        if all(is_blank(v) for v in row):
            continue
        excel_row = first_row + offset
        excel_rows.append(excel_row)
        for col, where in located:
            raw = row[where.index] if where is not None and where.index < len(row) else None
            data[col.key].append(_reference_cell(table, col, raw, excel_row, where is not None))
    frame = pd.DataFrame(
        {c.key: pd.Series(data[c.key], dtype=DTYPES[c.type]) for c in sheet.columns}
    )
    frame[ROW] = pd.Series(excel_rows, dtype="int64")
    return frame


def _reference_cell(
    table: Table, col: Column, raw: object, excel_row: int, present: bool
) -> object:
    if is_blank(raw):
        if col.required and present:
            table.findings.append(
                table.finding("error", "required_empty", tables.REQUIRED_EMPTY, excel_row, col.key)
            )
        return empty_value(col)
    try:
        value = convert(col, raw)
    except CellError as exc:
        table.findings.append(
            table.finding(
                "error", f"bad_{col.type.value}", exc.message, excel_row, col.key, **exc.params
            )
        )
        return empty_value(col)
    if col.type is ColType.CHOICE:
        table.typed[(col.key, excel_row)] = quoted(raw)
    return value


def _pool(col: Column) -> tuple[object, ...]:
    if col.type is not ColType.CHOICE:
        return POOLS[col.type]
    names = [n for c in col.choices for n in (c.key, c.label.kk, c.label.ru, *c.aliases)]
    return (*names, *(n.upper() for n in names[:3]), " тізімде жоқ ", 1.0, "1.0", True)


def random_sheet(sheet: Sheet, rng: random.Random, rows: int) -> list[list[object]]:
    """A sheet as a user might have left it: header in either language, messy cells."""
    lang: Lang = rng.choice(("kk", "ru"))
    columns = [c for c in sheet.columns if c.required or rng.random() < 0.9]
    rng.shuffle(columns)
    out: list[list[object]] = [["Тақырып"]] if rng.random() < 0.3 else []
    out.append([c.header(lang) for c in columns])
    for _ in range(rows):
        if rng.random() < 0.05:
            out.append([rng.choice(BLANKS) for _ in columns])
            continue
        line = [
            rng.choice(BLANKS) if rng.random() < 0.15 else rng.choice(_pool(c)) for c in columns
        ]
        out.append(line[: rng.randrange(1, len(line) + 1)] if rng.random() < 0.05 else line)
    return out


def _assert_same(sheet: Sheet, values: list[list[object]], monkeypatch) -> None:
    fast = read_table(sheet, values, sheet.name.kk)
    with monkeypatch.context() as patched:
        patched.setattr(tables, "_convert_rows", reference_rows)
        slow = read_table(sheet, values, sheet.name.kk)
    pd.testing.assert_frame_equal(fast.frame, slow.frame, check_exact=True)
    assert fast.findings == slow.findings
    assert fast.typed == slow.typed


@pytest.mark.parametrize("seed", range(6))
def test_messy_sheets_read_as_cell_by_cell(seed: int, monkeypatch) -> None:
    rng = random.Random(seed)
    for sheet in (s for s in schema.SHEETS if s.columns):
        values = random_sheet(sheet, rng, rows=rng.choice((0, 1, 40, 300)))
        _assert_same(sheet, values, monkeypatch)


def test_messy_cells_produce_findings() -> None:
    """The generator really injects bad cells, so the equivalence above is not vacuous."""
    rng = random.Random(0)
    pupils = schema.sheet("pupils")
    table = read_table(pupils, random_sheet(pupils, rng, rows=300), "Оқушылар")
    codes = {f.code for f in table.findings}
    assert {"bad_int", "bad_date", "bad_bool", "bad_class", "bad_iin", "bad_choice"} & codes
    assert "required_empty" in codes


def _demo_values(pupils: int, lang: Lang, rng: random.Random) -> dict[str, list[list[object]]]:
    """The demo school as cell values (like a saved register), with 1 % of cells replaced by
    something from the messy pools."""
    frames, settings = generate_demo(pupils, lang=lang)
    frames["settings"] = pd.DataFrame(
        {"key": list(settings), "name": "", "value": [str(v) for v in settings.values()]}
    )
    out = {}
    for key, frame in frames.items():
        sheet = schema.sheet(key)
        rows: list[list[object]] = [[c.header(lang) for c in sheet.columns]]
        for record in frame.to_dict("records"):
            line = []
            for c in sheet.columns:
                value = _cell_value(c, record.get(c.key), lang)
                line.append(rng.choice(_pool(c)) if rng.random() < 0.01 else value)
            rows.append(line)
        out[sheet.name(lang)] = rows
    return out


def _cell_value(col: Column, value: object, lang: Lang) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col.type is ColType.BOOL:
        return schema.YES(lang) if value else ""
    if col.type is ColType.CHOICE:
        return next(c.label(lang) for c in col.choices if c.key == value)
    if col.type is ColType.DATE:
        return pd.Timestamp(value).date()
    if col.type in (ColType.INT, ColType.MONEY, ColType.NUMBER):
        return float(value)
    return str(value)


@pytest.mark.parametrize(("pupils", "lang", "seed"), [(120, "kk", 1), (200, "ru", 2)])
def test_demo_register_with_bad_cells_reads_as_cell_by_cell(
    pupils: int, lang: Lang, seed: int, monkeypatch
) -> None:
    sheets = _demo_values(pupils, lang, random.Random(seed))
    fast = register_from_values(sheets)
    with monkeypatch.context() as patched:
        patched.setattr(tables, "_convert_rows", reference_rows)
        slow = register_from_values(sheets)
    assert fast.findings == slow.findings
    assert len(fast.errors) > 10
    for key, frame in slow.frames.items():
        pd.testing.assert_frame_equal(fast.frames[key], frame, check_exact=True)
    assert fast.settings == slow.settings and fast.lang == slow.lang
