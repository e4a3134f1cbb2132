"""The Control sheet's native-formula dashboard agrees with the Python counts, cell by cell, when an
independent engine (LibreOffice) recalculates it, and shows the same numbers to a viewer that does
not recalculate (the cached results written with the formulas)."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from socpass.core.history import closing_rows
from socpass.core.passport import count_metrics, summary_for
from socpass.core.register import RegisterData
from socpass.core.risk import flag, tier_summary
from socpass.core.schema import RISK_STATUS, TIERS, sheet
from socpass.demo import generate_demo
from socpass.files.risk_workbook import read_risk_workbook, write_risk_workbook
from socpass.files.workbook_file import read_register
from socpass.render.dashboard import (
    DASHBOARD_METRICS,
    HEADER_ROWS,
    PLANS_OPEN,
    PLANS_TOTAL,
    RISK_PUPILS,
    RISK_TITLE,
    write_dashboard,
)
from socpass.render.workbook import write_register
from support.libreoffice import first_sheet_as_opened, recalculated
from support.passport import history_frame, synthetic_pupils, write_register_xlsx

FIRST_ROW, FIRST_COL = 2, 7  # where the Control sheet puts it (H3)


def _dashboard_values(path: Path, lang: str) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(sheet("control").name(lang)).to_python(skip_empty_area=False)
    return [row[FIRST_COL : FIRST_COL + 7] for row in rows[FIRST_ROW:]]


def _assert_equal_to_core(values, pupils: pd.DataFrame, history: pd.DataFrame, year: str, lang):
    previous, rows = summary_for(pupils, history, year, lang)
    assert values[1][1] == year
    assert values[1][3] == (previous or "—")
    by_metric = {r.metric: r for r in rows}
    for i, metric in enumerate(DASHBOARD_METRICS):
        line = values[HEADER_ROWS + i]
        r = by_metric[metric]
        assert line[0] == r.label
        expected = [r.previous_pupils, r.previous_families, r.current_pupils, r.current_families]
        got = [None if v == "" else int(v) for v in line[1:5]]
        assert got == expected, (metric, got, expected)
        for cell, ratio, text, cur in (
            (line[5], r.change_pupils, r.change_pupils_text, r.current_pupils),
            (line[6], r.change_families, r.change_families_text, r.current_families),
        ):
            if ratio is not None:
                assert cell == pytest.approx(ratio), metric
            elif cur is None:
                assert cell == ""  # a pupils-only metric has no family change
            else:
                assert cell == text, metric  # "жаңа", and "—" from 0 to 0, as the report says


@pytest.mark.soffice
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_libreoffice_recalculates_the_demo_dashboard_to_the_python_counts(tmp_path, lang):
    frames, settings = generate_demo(pupils=400, seed=7, lang=lang)
    path = write_register(tmp_path / "demo.xlsx", lang, frames, settings)
    register = read_register(path)
    assert register.errors == []
    history = register.frames["history"]
    assert history["pupils"].notna().any()  # the demo has a previous year to compare with
    pupils = register.frames["pupils"]
    # and pupils who left or came during the year: counted as of the end of the year's lessons
    leavers = pupils[pupils["left"].notna()]
    assert len(leavers) and pupils["arrived"].notna().any()
    assert leavers["cat_large_family"].any()  # so the formulas must leave them out to agree

    values = _dashboard_values(recalculated(path, tmp_path), lang)

    _assert_equal_to_core(
        values, register.frames["pupils"], history, register.settings["school_year"], lang
    )


@pytest.mark.soffice
def test_formulas_accept_any_yes_word_and_skip_blank_history_rows(tmp_path):
    # assorted yes words (иә, да, +, x, ✓, 1 ...), 5 % of pupils without a family id, and a History
    # with an older year, a blank template row and a metric typed twice
    pupils = synthetic_pupils(300, seed=31, blank_families=0.05)
    last = closing_rows(
        history_frame([]), count_metrics(synthetic_pupils(250, seed=32)), "2023-2024"
    )
    history = pd.concat(
        [
            history_frame([("2022-2023", "orphan", 9, None)]),
            last,
            history_frame([("2024-2025", "orphan", None, None), ("2023-2024", "orphan", 0, None)]),
        ],
        ignore_index=True,
    )
    path = tmp_path / "register.xlsx"
    write_register_xlsx(
        path,
        pupils,
        history,
        "2025-2026",
        "ru",
        control=lambda wb, ws: write_dashboard(wb, ws, "ru", pupils, history, "2025-2026"),
    )

    values = _dashboard_values(recalculated(path, tmp_path), "ru")

    _assert_equal_to_core(values, pupils, history, "2025-2026", "ru")
    orphan = values[HEADER_ROWS + DASHBOARD_METRICS.index("orphan")]
    assert orphan[1] == 0 and orphan[5] == "новое"  # the last row typed wins: 0, then "new"
    # the cached results are what LibreOffice computes (to its 15 significant digits)
    assert _dashboard_values(path, "ru") == [
        [pytest.approx(v) if isinstance(v, float) else v for v in row] for row in values
    ]


def _as_opened(path: Path, tmp_path: Path) -> list[list[object]]:
    """The dashboard block as LibreOffice shows it on opening, without recalculating."""
    rows = first_sheet_as_opened(path, tmp_path)  # the Control sheet comes first
    return [row[FIRST_COL : FIRST_COL + 7] for row in rows[FIRST_ROW:]]


@pytest.mark.soffice
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_demo_dashboard_shows_its_numbers_without_recalculation(tmp_path, lang):
    frames, settings = generate_demo(pupils=400, seed=7, lang=lang)
    path = write_register(tmp_path / "demo.xlsx", lang, frames, settings)
    register = read_register(path)

    values = _as_opened(path, tmp_path)

    _assert_equal_to_core(
        values,
        register.frames["pupils"],
        register.frames["history"],
        register.settings["school_year"],
        lang,
    )
    assert any(v not in (0, "") for row in values[HEADER_ROWS:] for v in row[1:5])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_empty_register_caches_its_school_year_and_zero_counts(tmp_path, lang):
    path = write_register(tmp_path / "new.xlsx", lang, settings={"school_year": "2026-2027"})
    register = read_register(path)

    values = _dashboard_values(path, lang)  # calamine reads the cached results, no engine runs

    _assert_equal_to_core(
        values, register.frames["pupils"], register.frames["history"], "2026-2027", lang
    )
    assert values[1][1] == "2026-2027" and values[1][3] == "—"  # History rows are still blank
    first = values[HEADER_ROWS]
    assert first[1:7] == ["", "", 0, 0, "—", "—"]


def test_cached_results_follow_the_frames_written(tmp_path):
    # a pupils frame with only some of the schema's columns: the others are written blank ("no")
    pupils = synthetic_pupils(120, seed=33)[["id", "full_name", "class", "family_id", "cat_orphan"]]
    history = history_frame(
        [("2024-2025", "orphan", 4, None), ("2024-2025", "single_parent", 0, 0)]
    )
    path = write_register(
        tmp_path / "r.xlsx",
        "ru",
        {"pupils": pupils, "history": history},
        {"school_year": "2025-2026"},
    )
    register = read_register(path)

    values = _dashboard_values(path, "ru")

    _assert_equal_to_core(values, register.frames["pupils"], history, "2025-2026", "ru")
    line = {m: values[HEADER_ROWS + i] for i, m in enumerate(DASHBOARD_METRICS)}
    orphans = int(pupils["cat_orphan"].sum())
    assert line["orphan"][1:6] == [4, "", orphans, "", pytest.approx((orphans - 4) / 4)]
    assert line["single_parent"][1:7] == [0, 0, 0, 0, "—", "—"]  # 0 → 0: nothing to compare
    assert line["large_family"][1:7] == ["", "", 0, 0, "—", "—"]


def test_every_formula_uses_excel_2010_functions_and_real_table_columns(tmp_path):
    path = write_register(tmp_path / "empty.xlsx", "kk")
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(z.read(n).decode() for n in sheets)
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    dashboard = [f for f in formulas if "Pupils[" in f or "History[" in f]
    assert len(dashboard) >= 3 * len(DASHBOARD_METRICS)
    assert not any("_xlfn" in f for f in formulas)  # no function newer than Excel 2010
    headers = {
        s.table: {c.header("kk") for c in s.columns}
        for s in (sheet("pupils"), sheet("history"), sheet("settings"))
    }
    for table, column in re.findall(r"(Pupils|History|Settings)\[([^\]]+)\]", " ".join(dashboard)):
        assert column.replace("'", "") in headers[table], (table, column)


# --------------------------------------------------------------------------- early warning

#: Below the passport table and one empty row: the early-warning block's title row.
RISK_FIRST_ROW = FIRST_ROW + HEADER_ROWS + len(DASHBOARD_METRICS) + 1


def _flag_twice(tmp_path: Path, lang: str) -> tuple[dict, dict, dict[str, int]]:
    """A demo register flagged in March and again in June (through `socpass flag --out`'s file,
    so June knows March's list): new, continuing and resolved rows, and plans overdue by June.
    Returns frames with the June Risk and Plans, the settings, and the counts to expect."""
    frames, settings = generate_demo(pupils=400, seed=7, lang=lang)
    out = tmp_path / "risk.xlsx"
    march = flag(RegisterData(lang, frames, settings), date(2026, 3, 10))
    write_risk_workbook(out, march, lang, frames["plans"])
    risk, plans = read_risk_workbook(out, lang)
    june = flag(
        RegisterData(lang, {**frames, "risk": risk, "plans": plans}, settings), date(2026, 6, 1)
    )
    write_risk_workbook(out, june, lang, plans)
    risk, plans = read_risk_workbook(out, lang)
    summary = tier_summary(june)
    expected = {**summary["tiers"], **summary["status"]}
    expected["overdue"] = sum(r.plan_overdue for r in june.rows)
    # the plans as the report words them: every row with a pupil, and those not closed
    expected["plans"] = int((plans["pupil_id"].astype(str).str.strip() != "").sum())
    expected["open"] = int((plans["outcome"].astype("string").fillna("") != "closed").sum())
    assert expected["plans"] > expected["open"] > 0 or expected["plans"] == expected["open"] > 0
    assert all(expected[k] > 0 for k in ("targeted", "intensive", "new", "continuing", "resolved"))
    assert expected["overdue"] > 0
    return {**frames, "risk": risk, "plans": plans}, settings, expected


def _risk_block(rows: list[list[object]]) -> list[list[object]]:
    return [row[FIRST_COL : FIRST_COL + 2] for row in rows[RISK_FIRST_ROW : RISK_FIRST_ROW + 10]]


def _expected_block(lang: str, counts: dict[str, int]) -> list[list[object]]:
    tier, status = (sheet("risk").column(k).header(lang) for k in ("tier", "status"))
    labels = {c.key: c.label(lang) for c in (*TIERS, *RISK_STATUS)}
    return [
        [RISK_TITLE(lang), ""],
        [sheet("risk").name(lang), RISK_PUPILS(lang)],
        *([f"{tier}: {labels[k]}", counts[k]] for k in ("targeted", "intensive")),
        *([f"{status}: {labels[k]}", counts[k]] for k in ("new", "continuing", "resolved")),
        [sheet("risk").column("plan_overdue").header(lang), counts["overdue"]],
        [PLANS_TOTAL(lang), counts["plans"]],
        [PLANS_OPEN(lang), counts["open"]],
    ]


def _calamine_rows(path: Path, lang: str) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet("control").name(lang)).to_python(skip_empty_area=False)


@pytest.mark.soffice
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_early_warning_block_counts_the_risk_table_as_the_flag_run_did(tmp_path, lang):
    frames, settings, counts = _flag_twice(tmp_path, lang)
    path = write_register(tmp_path / "flagged.xlsx", lang, frames, settings)
    assert read_register(path).errors == []
    expected = _expected_block(lang, counts)

    # recalculated by LibreOffice, shown by a viewer that does not recalculate, and cached
    assert _risk_block(_calamine_rows(recalculated(path, tmp_path), lang)) == expected
    assert _risk_block(first_sheet_as_opened(path, tmp_path)) == expected
    assert _risk_block(_calamine_rows(path, lang)) == expected


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_empty_risk_table_caches_zero_counts(tmp_path, lang):
    path = write_register(tmp_path / "new.xlsx", lang)
    zeros = dict.fromkeys(
        ("targeted", "intensive", "new", "continuing", "resolved", "overdue", "plans", "open"), 0
    )

    assert _risk_block(_calamine_rows(path, lang)) == _expected_block(lang, zeros)


@pytest.mark.soffice
def test_the_block_counts_labels_and_yes_words_typed_into_the_risk_table(tmp_path):
    # Risk cells as a pedagogue may retype them: labels in another case, assorted yes words
    path = write_register(tmp_path / "r.xlsx", "ru")
    book = openpyxl.load_workbook(path)
    ws = book[sheet("risk").name("ru")]
    keys = sheet("risk").column_keys
    rows = [
        {"pupil_id": "P1", "tier": "Целевой", "status": "НОВЫЙ", "plan_overdue": "+"},
        {
            "pupil_id": "P2",
            "tier": "специализированный",
            "status": "продолжается",
            "plan_overdue": "да",
        },
        {
            "pupil_id": "P3",
            "tier": "Специализированный",
            "status": "Продолжается",
            "plan_overdue": "нет",
        },
        {"pupil_id": "P4", "tier": "Универсальный", "status": "снят", "plan_overdue": "✓"},
    ]
    for r, record in enumerate(rows, start=2):
        for key, value in record.items():
            ws.cell(r, keys.index(key) + 1, value)
    ws.tables[sheet("risk").table].ref = f"A1:{openpyxl.utils.get_column_letter(len(keys))}5"
    book.save(path)
    counts = {"targeted": 1, "intensive": 2, "new": 1, "continuing": 2, "resolved": 1, "overdue": 3}
    counts |= {"plans": 0, "open": 0}

    values = _calamine_rows(recalculated(path, tmp_path), "ru")

    assert _risk_block(values) == _expected_block("ru", counts)
