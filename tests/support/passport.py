"""Test helpers for the passport analytics: synthetic registers (no real child's data), a minimal
XlsxWriter register with the schema's Tables."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import xlsxwriter
from socpass.core.register import ROW, RegisterData, typed_frame
from socpass.core.schema import (
    CATEGORIES,
    MEAL_SOURCES,
    REGISTERS,
    ColType,
    Lang,
    sheet,
)

CLASSES = ("1А", "1Ә", "2А", "3Б", "5Ә", "5А", "7В", "9А", "10Ә", "11А")
#: Yes words a pedagogue may type; the dashboard formulas and the reader must accept all.
YES_WORDS = ("иә", "да", "+", "Иә", "x", "✓", "1")


def synthetic_pupils(
    n: int, seed: int = 0, families: int | None = None, blank_families: float = 0.0
) -> pd.DataFrame:
    """A pupils frame with the reader's dtypes: random classes, shared family ids, flags;
    `blank_families` is the share of pupils whose family id is left empty (a reader error)."""
    rng = random.Random(seed)
    families = families or max(1, n * 2 // 3)
    rows = []
    for i in range(n):
        row: dict[str, object] = {
            ROW: i + 2,
            "id": f"P{i + 1:04d}",
            "full_name": f"Оқушы {i + 1}",
            "class": rng.choice(CLASSES),
            "family_id": "" if rng.random() < blank_families else f"F{rng.randrange(families):04d}",
            "hot_meals": rng.random() < 0.15,
        }
        for c in CATEGORIES:
            row[f"cat_{c.key}"] = rng.random() < 0.12
        for r in REGISTERS:
            row[f"reg_{r.key}"] = rng.random() < 0.05
        row["meal_source"] = (
            rng.choice([*(s.key for s in MEAL_SOURCES), None]) if row["hot_meals"] else None
        )
        rows.append(row)
    return typed_pupils(rows)


def typed_pupils(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A pupils frame from partial row dicts, every schema column present with its dtype."""
    return typed_frame("pupils", rows)


def history_frame(rows: list[tuple[str, str, int | None, int | None]]) -> pd.DataFrame:
    """A History frame from (school_year, metric, pupils, families) tuples."""
    keys = ("school_year", "metric", "pupils", "families")
    return typed_frame("history", [dict(zip(keys, row, strict=True)) for row in rows])


def register(
    pupils: pd.DataFrame,
    history: pd.DataFrame | None = None,
    school_year: str = "2025-2026",
    lang: Lang = "kk",
) -> RegisterData:
    return RegisterData(
        lang=lang,
        frames={"pupils": pupils, "history": history if history is not None else history_frame([])},
        settings={"school_year": school_year, "language": lang},
    )


def pupils_values(pupils: pd.DataFrame, lang: Lang, seed: int = 1) -> list[list[object]]:
    """The Pupils table as Excel passes it to a custom function: header row, then rows of values.

    Flags are written with assorted yes words and choices as labels, as a pedagogue types them.
    """
    rng = random.Random(seed)
    cols = sheet("pupils").columns
    out: list[list[object]] = [[c.header(lang) for c in cols]]
    for rec in pupils.to_dict("records"):
        line: list[object] = []
        for c in cols:
            value = rec.get(c.key)
            if c.type is ColType.BOOL:
                line.append(rng.choice(YES_WORDS) if value else rng.choice((None, "жоқ", "")))
            elif c.type is ColType.CHOICE:
                line.append(None if pd.isna(value) else _choice_label(c.choices, value, lang))
            else:
                line.append(None if pd.isna(value) or value == "" else value)
        out.append(line)
    return out


def _choice_label(choices, key: str, lang: Lang) -> str:
    return next(ch.label(lang) for ch in choices if ch.key == key)


def history_values(history: pd.DataFrame, lang: Lang) -> list[list[object]]:
    """The History table as values with a header row; metrics as labels in `lang`."""
    s = sheet("history")
    metric_col = s.column("metric")
    out: list[list[object]] = [[c.header(lang) for c in s.columns]]
    for rec in history.to_dict("records"):
        out.append(
            [
                rec["school_year"],
                _choice_label(metric_col.choices, rec["metric"], lang),
                None if pd.isna(rec["pupils"]) else int(rec["pupils"]),
                None if pd.isna(rec["families"]) else int(rec["families"]),
            ]
        )
    return out


def write_register_xlsx(
    path: Path,
    pupils: pd.DataFrame,
    history: pd.DataFrame,
    school_year: str,
    lang: Lang,
    control=None,
) -> None:
    """A minimal register: Pupils, History and Settings Tables with the schema's headers; then
    `control(workbook, worksheet)` may write on a Control sheet."""
    wb = xlsxwriter.Workbook(str(path))
    tables = {
        "pupils": pupils_values(pupils, lang),
        "history": history_values(history, lang),
        "settings": [
            [c.header(lang) for c in sheet("settings").columns],
            *(
                [{"key": key, "value": value}.get(k, "") for k in sheet("settings").column_keys]
                for key, value in (("school_year", school_year), ("language", lang))
            ),
        ],
    }
    if control is not None:
        ws = wb.add_worksheet(sheet("control").name(lang))
        control(wb, ws)
    for key, values in tables.items():
        s = sheet(key)
        ws = wb.add_worksheet(s.name(lang))
        header, data = values[0], values[1:] or [[None] * len(values[0])]
        for r, line in enumerate(data, start=1):
            for c, v in enumerate(line):
                if v is not None:
                    ws.write(r, c, v)
        ws.add_table(
            0,
            0,
            len(data),
            len(header) - 1,
            {"name": s.table, "columns": [{"header": h} for h in header]},
        )
    wb.close()
