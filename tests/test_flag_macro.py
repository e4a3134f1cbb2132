"""The Flag button under xlwings' remote engine, on the synthetic demo register.

The remote engine records every write as an action instead of touching a file; `apply_actions`
plays them onto a copy of the workbook with openpyxl (as Excel would), so a second run sees what
the first one wrote plus what the user typed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from socpass.cli import main
from socpass.core.schema import sheet
from socpass.demo import generate_demo
from socpass.excel.macros import flag_at_risk
from socpass.render.workbook import write_register
from support.remote_book import apply_actions, book_from_xlsx

# openpyxl cannot represent the register's whole-column print areas; irrelevant here.
pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set")

TODAY = date(2026, 3, 10)  # mid-year: the latest complete month is February


def demo_register(folder: Path, pupils: int, lang: str = "kk") -> Path:
    frames, settings = generate_demo(pupils, seed=7, lang=lang)
    return write_register(folder / f"demo_{pupils}_{lang}.xlsx", lang, frames, settings)


@pytest.fixture(scope="module")
def registers(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("flag")
    return {n: demo_register(folder, n) for n in (100, 3000)}


MAX_WRITE_ACTIONS = 10


def write_actions(book) -> list[dict]:
    return [a for a in book.json()["actions"] if a["func"] != "alert"]


def sheet_position(book, key: str) -> int:
    names = [s.name for s in book.sheets]
    return names.index(sheet(key).name(book_lang(book)))


def book_lang(book) -> str:
    return "kk" if any(s.name == sheet("risk").name.kk for s in book.sheets) else "ru"


def risk_rows(book) -> list[list[object]]:
    """The values the macro wrote to the Risk sheet (header first)."""
    position = sheet_position(book, "risk")
    writes = [
        a
        for a in book.json()["actions"]
        if a["func"] == "setValues" and a["sheet_position"] == position
    ]
    assert len(writes) == 1
    return writes[0]["values"]


@pytest.mark.slow
def test_write_actions_do_not_grow_with_pupils(registers):
    counts = {}
    for n, path in registers.items():
        book = book_from_xlsx(path)
        flag_at_risk(book, today=TODAY)
        counts[n] = len(write_actions(book))
        # Risk; Plans around its name and class formulas (the id, then coordinator to outcome)
        assert [a["func"] for a in write_actions(book)].count("setValues") == 3
        flagged = len(risk_rows(book)) - 1
        assert flagged > n * 0.02  # the demo school has pupils at risk in every size
    print(f"write actions: 100 pupils -> {counts[100]}, 3,000 pupils -> {counts[3000]}")
    # at most: Risk clear + resize + values, fill reset, one fill per tier block (3), date format,
    # Plans resize + values
    assert max(counts.values()) <= MAX_WRITE_ACTIONS


def _one_sentence(reasons: list[str]) -> str:
    """The reasons JSON lists one by one, as the Risk cell joins them: one sentence, no capital
    after ";" (an abbreviation such as ІІБ keeps its capitals)."""
    return "; ".join(
        r if i == 0 or r[:2].isupper() else r[:1].lower() + r[1:] for i, r in enumerate(reasons)
    )


def test_macro_writes_the_same_flags_as_the_command(registers, capsys):
    path = registers[100]
    book = book_from_xlsx(path)
    text = flag_at_risk(book, today=TODAY)
    written = risk_rows(book)
    assert book.json()["actions"][-1]["func"] == "alert"
    assert book.json()["actions"][-1]["args"][0] == text

    assert main(["flag", str(path), "--json", "--today", TODAY.isoformat()]) == 0
    result = json.loads(capsys.readouterr().out)
    keys = sheet("risk").column_keys
    from_macro = [
        (r[keys.index("pupil_id")], r[keys.index("reasons")], r[keys.index("status")])
        for r in written[1:]
    ]
    from_cli = [(r["pupil_id"], _one_sentence(r["reasons"]), "Жаңа") for r in result["rows"]]
    assert from_macro == from_cli
    tiers = {"Мамандырылған": "intensive", "Нысаналы": "targeted"}
    assert [tiers[r[keys.index("tier")]] for r in written[1:]] == [
        r["tier"] for r in result["rows"]
    ]


@pytest.mark.slow
def test_second_run_keeps_typed_notes_and_moves_status(registers, tmp_path):
    path = registers[100]
    first = book_from_xlsx(path)
    flag_at_risk(first, today=TODAY)
    after = apply_actions(path, first, tmp_path / "after_first.xlsx")

    wb = openpyxl.load_workbook(after)
    risk = wb[sheet("risk").name.kk]
    keys = sheet("risk").column_keys
    col = {k: keys.index(k) + 1 for k in ("pupil_id", "actions")}
    flagged = [risk.cell(r, col["pupil_id"]).value for r in range(2, risk.max_row + 1)]
    flagged = [p for p in flagged if p]
    typed = {flagged[0]: "Ата-анасымен кездесу өтті", flagged[1]: "Қосымша сабаққа жазылды"}
    for r in range(2, risk.max_row + 1):
        pid = risk.cell(r, col["pupil_id"]).value
        if pid in typed:
            risk.cell(r, col["actions"]).value = typed[pid]
    wb.save(after)

    second = book_from_xlsx(after)
    text = flag_at_risk(second, today=TODAY)
    rows = {r[0]: r for r in risk_rows(second)[1:]}
    assert set(rows) == set(flagged)
    for pid, note in typed.items():
        assert rows[pid][keys.index("actions")] == note
        assert rows[pid][keys.index("status")] == "Жалғасуда"
        assert rows[pid][keys.index("first_flagged")] == TODAY.isoformat()
    assert "жаңа — 0" in text and f"жалғасуда — {len(flagged)}" in text
    # no plan twice: the first run's plans are open
    plans_position = sheet_position(second, "plans")
    assert not [
        a
        for a in second.json()["actions"]
        if a["func"] == "setValues" and a["sheet_position"] == plans_position
    ]


def test_first_run_appends_one_plan_per_new_pupil_below_existing_plans(registers):
    path = registers[100]
    book = book_from_xlsx(path)
    flag_at_risk(book, today=TODAY)
    position = sheet_position(book, "plans")
    writes = [
        a
        for a in book.json()["actions"]
        if a["func"] == "setValues" and a["sheet_position"] == position
    ]
    # the id, then coordinator to outcome: the pupil's name and class are the Table's formulas
    assert [w["start_column"] for w in writes] == [0, 3]
    existing = openpyxl.load_workbook(path, read_only=True)[sheet("plans").name.kk]
    used = [r for r in existing.iter_rows(min_row=2, values_only=True) if r[0]]
    assert {w["start_row"] for w in writes} == {1 + len(used)}  # 0-based: below the last plan
    plans = [ids + rest for ids, rest in zip(writes[0]["values"], writes[1]["values"], strict=True)]
    keys = sheet("plans").column_keys
    review = date(2026, 4, 21).isoformat()  # today + 6 weeks
    assert {p[keys.index("review_date")] for p in plans} == {review}
    assert all(p[keys.index("coordinator")] for p in plans)
    resize = [
        a
        for a in book.json()["actions"]
        if a["func"] == "resizeTable" and a["sheet_position"] == position
    ]
    assert resize and resize[0]["args"][1].endswith(
        f"{get_column_letter(len(sheet('plans').layout()))}${len(used) + 1 + len(plans)}"
    )


def test_register_with_errors_is_not_flagged(tmp_path):
    path = demo_register(tmp_path, 30, lang="ru")
    wb = openpyxl.load_workbook(path)
    attendance = wb[sheet("attendance").name.ru]
    attendance["E2"] = -5  # planned lessons cannot be negative (after the id, name and class)
    wb.save(path)
    book = book_from_xlsx(path)
    text = flag_at_risk(book, today=TODAY)
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]
    assert text.startswith("В реестре ошибок: 1; сначала исправьте их") and "строка 2" in text
