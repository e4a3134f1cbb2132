"""Helpers for the workbook-writer tests: typed synthetic frames and reading a workbook back.

All names, ids and IINs here are invented.
"""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from socpass.core.register import ROW, typed_frame
from socpass.core.schema import YES, ColType, Lang, sheet


def typed_frame_without_rows(sheet_key: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """A frame as the reader gives it (`core.register.typed_frame`), without the `_row` column:
    what the writer is given."""
    return typed_frame(sheet_key, rows).drop(columns=ROW)


def sample_frames() -> dict[str, pd.DataFrame]:
    """A tiny synthetic register touching every column type."""
    return {
        "pupils": typed_frame_without_rows(
            "pupils",
            [
                {
                    "id": "007",
                    "iin": "140512600010",  # valid check digit
                    "full_name": "Әлімжанова Гүлнұр Серікқызы",
                    "class": "5Ә",
                    "birth_date": datetime(2014, 5, 12),
                    "sex": "f",
                    "family_id": "F-12",
                    "address": "Абай даңғылы, 15-үй, 4-пәтер",
                    "cat_large_family": True,
                    "reg_risk_group": True,
                    "reg_risk_group_date": datetime(2025, 10, 3),
                    "hot_meals": True,
                    "meal_source": "fund",
                },
                {
                    "id": "8",
                    "full_name": '=HYPERLINK("http://x")',  # typed text, never a formula
                    "class": "11Б",
                    "sex": "m",
                    "family_id": "F-12",
                    "cat_orphan": True,
                },
            ],
        ),
        "attendance": typed_frame_without_rows(
            "attendance",
            [
                {"pupil_id": "007", "month": "9", "planned": 96, "missed_unexcused": 11},
                {"pupil_id": "8", "month": "1", "planned": 88, "missed_excused": 0, "late": 3},
            ],
        ),
        "aid": typed_frame_without_rows(
            "aid",
            [
                {
                    "date": datetime(2025, 8, 25),
                    "pupil_id": "007",
                    "kind": "uniform",
                    "source": "road_to_school",
                    "status": "granted",
                    "amount": 15000.0,
                }
            ],
        ),
        "events": typed_frame_without_rows(
            "events",
            [
                {
                    "date": datetime(2025, 11, 14),
                    "direction": "III",
                    "title": "«Буллингке жол жоқ» акциясы",
                    "participants": 120,
                }
            ],
        ),
    }


def expected_cell(col_type: ColType, value: object, choices: dict[str, str], lang: Lang) -> object:
    """What openpyxl should read back for a typed frame value."""
    if col_type is ColType.BOOL:  # no is written as an empty cell, which the reader reads as no
        return YES(lang) if value else None
    if isinstance(value, str) and value == "":
        return None
    if not isinstance(value, str) and pd.isna(value):
        return None
    if col_type is ColType.CHOICE:
        return choices[value]
    if col_type is ColType.DATE:
        return pd.Timestamp(value).to_pydatetime()
    if col_type in (ColType.INT, ColType.MONEY, ColType.NUMBER):
        return float(value)
    return value


def load(path: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def validation_at(ws: Worksheet, cell: str) -> DataValidation | None:
    """The data validation covering `cell` (e.g. 'F2'), if any."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            return dv
    return None


def header_texts(ws: Worksheet) -> list[str]:
    return [c.value for c in ws[1]]


def fill_in_other_language(
    path: object, book_lang: Lang, frames: dict[str, pd.DataFrame], typed_lang: Lang
) -> None:
    """Fill a written register with openpyxl as a user of the other language would.

    Headers are replaced by `typed_lang` headers, rows typed with `typed_lang` labels and yes/no
    words, and each Table is stretched over the new rows.
    """
    wb = load(path)
    for key, frame in frames.items():
        sh = sheet(key)
        ws = wb[sh.name(book_lang)]
        for i, col in enumerate(sh.layout(), start=1):
            ws.cell(1, i, col.header(typed_lang))
            if col not in sh.columns:  # the pupil's name / class: a formula, left as written
                continue
            labels = {c.key: c.label(typed_lang) for c in col.choices}
            for r, value in enumerate(frame[col.key], start=2):
                cell = ws.cell(r, i, expected_cell(col.type, value, labels, typed_lang))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # typed text, even when it starts with "="
        table = ws.tables[sh.table]
        table.ref = f"A1:{get_column_letter(len(sh.layout()))}{max(len(frame), 1) + 1}"
        for table_col, col in zip(table.tableColumns, sh.layout(), strict=True):
            table_col.name = col.header(typed_lang)
    wb.save(path)
