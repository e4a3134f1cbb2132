"""Fingerprints of what socpass computes from a register — the frames read, the findings, the
flags and the summary — to compare a faster core with the code it replaced.

`equivalence_v1.json` holds the fingerprints the code before the vectorised core (issue 15,
commit 4080bab) computed; `tests/test_core_equivalence.py` recomputes them. To extend the set,
compute the new entries on that commit, not on today's code:

    git worktree add /tmp/before 4080bab
    cp tests/reference/equivalence.py /tmp/before/tests/reference/
    cd /tmp/before && PYTHONPATH=xl_functions:tests python -m reference.equivalence OUT.json
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
from socpass.demo import generate_demo
from socpass.files.register_file import RegisterFile
from socpass.jobs.flag import flag
from socpass.jobs.job import Job, run
from socpass.jobs.summary import summary
from socpass.render.workbook import write_register

FIXTURE = Path(__file__).with_name("equivalence_v1.json")
TODAY = date(2026, 6, 1)
#: (pupils, seed, messy): the demo school at two sizes and two seeds, and a damaged copy.
WORKLOADS = ((300, 2025, False), (300, 7, False), (3000, 2025, False), (3000, 7, False))
MESSY = (300, 11, True)

#: What a hurried pedagogue types instead of the right value (the messy register's cells).
JUNK = (
    "abc",
    "",
    "  ",
    "-3",
    "3,5",
    "31.02.2020",
    "5A",
    "5 «Ә»",
    "қыркүйек ",
    "Сентябрь",
    "ИЯ",
    "1e12",
    "=1+1",
    "12 000 ₸",
    "иә",
    "нет",
    "2025-2026",
    "  Иванов  Иван ",
)


#: Sheets the schema gained after the fixture was computed (key, and names as the workbook writes
#: them): not fingerprinted, and not damaged in the messy register, so that the random damage
#: falls on the same cells of the other sheets as when the fixture was made.
ADDED_AFTER = {"teaching_load": ("Оқу жүктемесі", "Учебная нагрузка")}
#: The Control sheet (buttons, dashboard, the list of sheets): never read as data, and as long as
#: the list of sheets, so it is not damaged either (its length would move every later draw).
CONTROL = ("Басқару", "Управление")


def workload_name(pupils: int, seed: int, messy: bool) -> str:
    return f"demo_{pupils}_seed{seed}" + ("_messy" if messy else "")


def write_workload(folder: Path, pupils: int, seed: int, messy: bool) -> Path:
    """The demo register of `pupils` pupils (seed `seed`); if `messy`, about 150 cells of its
    tables overwritten by junk, an id repeated and absences above the lessons planned."""
    frames, settings = generate_demo(pupils=pupils, seed=seed, lang="ru")
    path = folder / f"{workload_name(pupils, seed, messy)}.xlsx"
    write_register(path, "ru", frames, settings)
    if messy:
        _damage(path, random.Random(seed))
    return path


def _damage(path: Path, draw: random.Random) -> None:
    book = openpyxl.load_workbook(path)
    skipped = {name for names in ADDED_AFTER.values() for name in names} | set(CONTROL)
    for ws in book.worksheets:
        if ws.sheet_state != "visible" or ws.max_row < 3 or ws.title in skipped:
            continue
        for _ in range(15):
            row = draw.randint(3, ws.max_row)
            column = draw.randint(1, ws.max_column)
            ws.cell(row, column).value = draw.choice(JUNK)
        ws.cell(ws.max_row, 1).value = ws.cell(3, 1).value  # a repeated first column (the id)
    book.save(path)


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: Columns that are wording, not data: the Settings sheet's labels and explanations change
#: whenever their texts are improved, and nothing is computed from them.
WORDING = {"settings": ["name", "explanation"]}


def _frame(frame: pd.DataFrame) -> dict[str, object]:
    cells = frame.astype(object).where(frame.notna(), None).values.tolist()
    return {
        "rows": len(frame),
        "columns": list(frame.columns),
        "dtypes": [str(t) for t in frame.dtypes],
        "cells": _digest(cells),
    }


def fingerprint(path: Path) -> dict[str, object]:
    """What reading, flagging and summing `path` gives, reduced to comparable digests."""
    register = Job("ru").read(RegisterFile(path))
    findings = [
        (f.severity, f.code, f.sheet, f.row, f.column, f.text("ru"), f.text("kk"))
        for f in register.findings
    ]
    flagged = run(Job("ru"), flag, RegisterFile(path), None, TODAY)
    summed = run(Job("ru"), summary, RegisterFile(path))
    return {
        "frames": {
            key: _frame(frame.drop(columns=WORDING.get(key, []), errors="ignore"))
            for key, frame in sorted(register.frames.items())
            if key not in ADDED_AFTER
        },
        "settings": _digest(register.settings),
        "findings": {"count": len(findings), "all": _digest(findings)},
        "flag": {
            "exit": flagged.exit_code,
            "data": _digest(flagged.data),
            "messages": [m.text for m in flagged.messages if m.level != "progress"],
        },
        "summary": {"exit": summed.exit_code, "data": _digest(summed.data)},
    }


def main(out: Path) -> None:
    import tempfile

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pupils, seed, messy in (*WORKLOADS, MESSY):
            path = write_workload(Path(tmp), pupils, seed, messy)
            result[workload_name(pupils, seed, messy)] = fingerprint(path)
            print(path.name, file=sys.stderr)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
