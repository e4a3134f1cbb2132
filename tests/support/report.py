"""Test helpers for the annual report: synthetic registers (no real child's data) and docx reading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import docx.table
import docx.text.paragraph
import pandas as pd
from docx.oxml.ns import qn
from socpass.core.register import ROW, RegisterData
from socpass.core.schema import CATEGORIES, Lang
from socpass.demo import generate_demo

TODAY = date(2026, 5, 31)
#: The source report's previous-year figures (pupils, families) and the current year's we set.
SOURCE_PREVIOUS = {
    "single_parent": (135, 78),
    "large_family": (475, 320),
    "orphan": (3, None),
    "low_income": (45, 35),
    "step_parent": (12, 10),
}
CURRENT = {
    "single_parent": 120,
    "large_family": 389,
    "orphan": 5,
    "low_income": 37,
    "step_parent": 9,
}


def demo_register(lang: Lang = "kk", pupils: int = 400, seed: int = 11) -> RegisterData:
    """The synthetic demo school as the reader would give it (with `_row` columns)."""
    frames, settings = generate_demo(pupils, seed=seed, lang=lang)
    frames = {k: v.assign(**{ROW: range(2, len(v) + 2)}) for k, v in frames.items()}
    return RegisterData(lang, frames, dict(settings))


def source_register(lang: Lang = "kk") -> RegisterData:
    """A register whose previous year holds the source report's figures and whose current year
    has exactly `CURRENT` pupils in those categories (one family per pupil, so families = pupils;
    every other category empty, every pupil at school all year)."""
    register = demo_register(lang, pupils=600)
    pupils = register.frames["pupils"].copy()
    for c in CATEGORIES:
        pupils[f"cat_{c.key}"] = False
    pupils["family_id"] = [f"F{i:04d}" for i in range(len(pupils))]
    pupils = pupils.assign(arrived=pd.NaT, left=pd.NaT, left_reason=None)  # all at school
    start = 0
    for key, count in CURRENT.items():
        pupils.loc[pupils.index[start : start + count], f"cat_{key}"] = True
        start += count
    history = pd.DataFrame(
        [
            {"school_year": "2024-2025", "metric": key, "pupils": p, "families": f}
            for key, (p, f) in SOURCE_PREVIOUS.items()
        ]
    ).astype({"pupils": "Int64", "families": "Int64"})
    history[ROW] = range(2, len(history) + 2)
    frames = {**register.frames, "pupils": pupils, "history": history}
    return RegisterData(lang, frames, register.settings)


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a docx, one per line (line breaks kept as "\\n")."""
    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def table_rows(path: Path, index: int) -> list[list[str]]:
    """The text of table `index` (header row first)."""
    table = docx.Document(str(path)).tables[index]
    return [[cell.text for cell in row.cells] for row in table.rows]


def blocks(path: Path) -> list[str]:
    """The text of every paragraph and table cell, in the order a reader meets them."""
    doc = docx.Document(str(path))
    out: list[str] = []
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            out.append(docx.text.paragraph.Paragraph(element, doc).text)
        elif element.tag == qn("w:tbl"):
            table = docx.table.Table(element, doc)
            for row in table.rows:
                seen = set()
                for cell in row.cells:  # a merged cell is listed once per column it spans
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out.append(cell.text)
    return out
