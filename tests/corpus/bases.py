"""Valid registers to break: socpass' own demo school written by socpass' own writer.

A small demo school (40 pupils, seed 1) has rows in every sheet a case needs (two incidents, two
aid rows, History for the years before), validates without errors and closes on 2026-06-01, so a
case that changes one cell changes the outcome only through that cell. Each base is built once per
process and handed out as a fresh copy of its zip parts.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import openpyxl
import python_calamine
from socpass.core.schema import SETTINGS, Lang, sheet
from socpass.demo import generate_demo
from socpass.render.workbook import write_register

from .zipxml import Parts, column_letter, read_parts, write_parts

PUPILS, SEED = 40, 1


@functools.cache
def _base_bytes(lang: Lang) -> bytes:
    frames, settings = generate_demo(pupils=PUPILS, seed=SEED, lang=lang)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_register(Path(tmp) / "base.xlsx", lang, frames, settings)
        return path.read_bytes()


def write_base(path: Path, lang: Lang = "kk") -> Path:
    """The valid demo register, as socpass writes it."""
    path.write_bytes(_base_bytes(lang))
    return path


def base_parts(lang: Lang = "kk") -> Parts:
    """A fresh, editable copy of the valid register's zip parts."""
    with tempfile.TemporaryDirectory() as tmp:
        return read_parts(write_base(Path(tmp) / "base.xlsx", lang))


def write_broken(path: Path, parts: Parts) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_parts(path, parts)


def name(sheet_key: str, lang: Lang = "kk") -> str:
    """The sheet's name in the register (Kazakh by default)."""
    return sheet(sheet_key).name(lang)


def letter(sheet_key: str, column_key: str) -> str:
    """The column's letter as socpass writes the sheet (its layout from A: the schema's order,
    with the pupil's name and class right after a pupil id)."""
    keys = [c.key for c in sheet(sheet_key).layout()]
    return column_letter(keys.index(column_key))


def setting_row(key: str) -> int:
    """The Excel row of a setting on the Settings sheet socpass writes (header on row 1)."""
    return 2 + [s.key for s in SETTINGS].index(key)


def base_values(lang: Lang = "kk") -> dict[str, list[list[object]]]:
    """Every sheet's cell values of the valid register, as calamine reads them."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_base(Path(tmp) / "base.xlsx", lang)
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}


def write_plain(path: Path, lang: Lang = "kk") -> Path:
    """The same register typed into a plain workbook (openpyxl): no Tables, no validation."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in base_values(lang).items():
        if title.startswith("_"):
            continue
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    book.save(path)
    return path
