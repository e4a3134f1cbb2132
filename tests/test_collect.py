"""Collecting class teachers' forms: the round trip a pedagogue makes (forms out, three edited by
class teachers while she edits the register too, collected, applied, collected again), forms the
register cannot take, bad cells placed by file, sheet, row and column, and a killed --apply."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from socpass.cli import main
from socpass.core.class_form import ATTENDANCE_FIELDS, FILE_NAME, PUPIL_FIELDS
from socpass.core.schema import LEAVING_REASONS, MONTHS
from socpass.demo import generate_demo
from socpass.files.register_edit import RowEdit
from socpass.files.register_file import RegisterFile
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register
from support.cli import SOURCE

NEW_PHONE_FORM, NEW_PHONE_REGISTER = "+7 700 111 11 11", "+7 700 222 22 22"
MAY = [m.key for m in MONTHS].index("5")


@pytest.fixture(scope="module")
def demo() -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """A small demo school whose May attendance is not in the register yet."""
    frames, settings = generate_demo(150, seed=11, lang="kk")
    attendance = frames["attendance"]
    frames["attendance"] = attendance[attendance["month"].astype(str) != "5"].reset_index(drop=True)
    return frames, settings


@pytest.fixture
def issued(tmp_path, demo) -> tuple[Path, Path]:
    """The register and the folder of the forms issued from it (every class)."""
    frames, settings = demo
    register = write_register(tmp_path / "register.xlsx", "kk", frames, settings)
    assert (
        socpass("class-forms", register, "--out", tmp_path / "forms", "--today", "2026-04-01") == 0
    )
    return register, tmp_path / "forms"


def socpass(*args: object) -> int:
    return main([str(a) for a in args])


def collected(capsys, *args: object) -> tuple[int, dict]:
    capsys.readouterr()
    code = socpass("collect", *args, "--json")
    said = capsys.readouterr()
    assert said.out, said.err  # --json prints its data even when the command refuses
    return code, json.loads(said.out)


def form_path(folder: Path, cls: str) -> Path:
    return folder / FILE_NAME("kk").format(cls=cls)


def pupil_col(key: str) -> int:
    return 3 + PUPIL_FIELDS.index(key)  # openpyxl: 1-based, after the id and the name


def may_col(key: str) -> int:
    return 3 + MAY * len(ATTENDANCE_FIELDS) + ATTENDANCE_FIELDS.index(key)


def edit_form(path: Path, edit) -> None:
    """Change a returned form as a class teacher would in Excel (openpyxl keeps the rest)."""
    book = openpyxl.load_workbook(path)
    edit(book["Оқушылар"], book["Сабаққа қатысу"])
    book.save(path)


def test_round_trip(issued, capsys) -> None:
    register, folder = issued
    before = read_register(register)
    pupils = before.frame("pupils")
    classes = sorted({p.name for p in folder.iterdir()})
    assert len(classes) == pupils["class"].nunique()
    first, second, third = (pupils[pupils["class"] == c] for c in ("1А", "2А", "3А"))
    changed = second.iloc[0]
    assert not changed["cat_large_family"]
    leaving, conflicted = third.iloc[1], third.iloc[2]

    def add_pupil(ws, grid):  # 1А: a pupil who came, with May attendance
        row = 2 + len(first)
        ws.cell(row, 2, "Жаңа Оқушы Әлібекұлы")
        ws.cell(row, pupil_col("family_id"), "F9001")
        ws.cell(row, pupil_col("cat_low_income"), "иә")
        grid.cell(row + 1, may_col("planned"), 40)
        grid.cell(row + 1, may_col("missed_unexcused"), 2)

    def change_category(ws, grid):  # 2А: a large family; May attendance of every pupil
        ws.cell(2, pupil_col("cat_large_family"), "иә")
        for r in range(len(second)):
            grid.cell(3 + r, may_col("planned"), 44)
            grid.cell(3 + r, may_col("missed_excused"), 1)

    def mark_left(ws, grid):  # 3А: a pupil left; a phone the register changes too
        ws.cell(3, pupil_col("left"), datetime(2026, 4, 15))
        ws.cell(3, pupil_col("left_reason"), LEAVING_REASONS[0].label("kk"))
        ws.cell(4, pupil_col("phone"), NEW_PHONE_FORM)

    edit_form(form_path(folder, "1А"), add_pupil)
    edit_form(form_path(folder, "2А"), change_category)
    edit_form(form_path(folder, "3А"), mark_left)
    RegisterFile(register).apply_edits(
        [RowEdit("pupils", {"id": conflicted["id"]}, {"phone": NEW_PHONE_REGISTER})], "kk"
    )
    edited = register.read_bytes()
    for backup in register.parent.glob("*.bak*"):
        backup.unlink()

    (folder / "тізім.xlsx").write_bytes(edited)  # another workbook in the folder: passed over
    code, dry = collected(capsys, register, folder)
    assert code == 0
    assert register.read_bytes() == edited  # nothing written without --apply
    by_class = {f["class"]: f for f in dry["forms"]}
    assert {c for c, f in by_class.items() if f["changes"] or f["conflicts"]} == {"1А", "2А", "3А"}
    new_id = by_class["1А"]["added"][0]["pupil_id"]
    assert by_class["1А"]["added"] == [{"pupil_id": new_id, "name": "Жаңа Оқушы Әлібекұлы"}]
    assert {
        (c["sheet"], c["period"], c["column"], c["new"]) for c in by_class["1А"]["changes"]
    } == {
        ("pupils", None, "full_name", "Жаңа Оқушы Әлібекұлы"),
        ("pupils", None, "class", "1А"),
        ("pupils", None, "family_id", "F9001"),
        ("pupils", None, "cat_low_income", "иә"),
        ("pupils", None, "coordinator", first["coordinator"].mode().iloc[0]),  # as the class has
        ("attendance", "5", "planned", "40"),
        ("attendance", "5", "missed_unexcused", "2"),
    }
    two = by_class["2А"]["changes"]
    assert [c for c in two if c["sheet"] == "pupils"] == [
        {
            "pupil_id": changed["id"],
            "name": changed["full_name"],
            "sheet": "pupils",
            "period": None,
            "column": "cat_large_family",
            "old": "жоқ",
            "new": "иә",
        }
    ]
    assert {(c["pupil_id"], c["column"]) for c in two if c["sheet"] == "attendance"} == {
        (i, k) for i in second["id"] for k in ("planned", "missed_excused")
    }
    three = by_class["3А"]
    assert three["left"] == [leaving["id"]]
    assert {(c["pupil_id"], c["column"]) for c in three["changes"]} == {
        (leaving["id"], "left"),
        (leaving["id"], "left_reason"),
    }
    assert three["conflicts"] == [
        {
            "pupil_id": conflicted["id"],
            "name": conflicted["full_name"],
            "sheet": "pupils",
            "period": None,
            "column": "phone",
            "issued": str(conflicted["phone"]) or "—",
            "register": NEW_PHONE_REGISTER,
            "form": NEW_PHONE_FORM,
        }
    ]
    capsys.readouterr()
    socpass("collect", register, folder)
    said = capsys.readouterr().out
    assert "ҚАЙШЫЛЫҚ" in said and "Жаңа оқушы: Жаңа Оқушы Әлібекұлы" in said
    assert f"Кетті: {leaving['full_name']} ({leaving['id']}) — 15.04.2026" in said

    code, applied = collected(capsys, register, folder, "--apply")
    assert code == 0 and applied["applied"]
    assert Path(applied["backup"]).read_bytes() == edited
    after = read_register(register)
    assert after.errors == []
    pupils = after.frame("pupils").set_index("id")
    assert pupils.loc[new_id, "class"] == "1А" and pupils.loc[new_id, "cat_low_income"]
    classmates = pupils.loc[(pupils["class"] == "1А") & (pupils.index != new_id), "coordinator"]
    assert pupils.loc[new_id, "coordinator"] == classmates.mode().iloc[0] != ""
    assert pupils.loc[changed["id"], "cat_large_family"]
    assert pupils.loc[leaving["id"], "left"] == pd.Timestamp(2026, 4, 15)
    assert pupils.loc[leaving["id"], "left_reason"] == LEAVING_REASONS[0].key
    assert pupils.loc[conflicted["id"], "phone"] == NEW_PHONE_REGISTER  # the register's value kept
    may = after.frame("attendance").query("month == '5'").set_index("pupil_id")
    assert may.loc[new_id, "planned"] == 40 and may.loc[new_id, "missed_unexcused"] == 2
    assert set(second["id"]) <= set(may.index)
    assert (may.loc[list(second["id"]), "missed_excused"] == 1).all()

    written = register.read_bytes()
    code, again = collected(capsys, register, folder, "--apply")
    assert code == 0 and not again["applied"]
    assert all(not f["changes"] for f in again["forms"])
    assert register.read_bytes() == written
    socpass("collect", register, folder)
    assert "Тізілімде өзгертілетін ештеңе жоқ." in capsys.readouterr().out


def test_unknown_class_and_pupil_are_refused(tmp_path, issued, capsys) -> None:
    register, folder = issued
    other = tmp_path / "other.xlsx"
    frames, settings = generate_demo(150, seed=11, lang="kk")
    pupils = frames["pupils"]
    frames["pupils"] = pupils[pupils["class"] != "1А"]
    for key in ("attendance", "academic", "behaviour", "aid", "plans", "risk"):
        if key in frames and "pupil_id" in frames[key]:
            frames[key] = frames[key][frames[key]["pupil_id"].isin(frames["pupils"]["id"])]
    write_register(other, "kk", frames, settings)
    code, data = collected(capsys, other, form_path(folder, "1А"), "--apply")
    assert code == 1
    assert "1А сыныбы жоқ" in data["troubles"][0]["message"]

    assert socpass("collect", register, tmp_path / "жоқ.xlsx") == 2  # a mistyped name

    strange = form_path(folder, "2А")
    edit_form(strange, lambda ws, grid: ws.cell(2, 1, "P9999"))
    before = register.read_bytes()
    code, data = collected(capsys, register, strange, "--apply")
    assert code == 1 and "P9999" in data["troubles"][0]["message"]
    assert register.read_bytes() == before


def test_bad_cell_is_placed(issued, capsys) -> None:
    register, folder = issued
    path = form_path(folder, "2А")
    edit_form(path, lambda ws, grid: grid.cell(4, may_col("planned"), "көп"))
    capsys.readouterr()
    assert socpass("collect", register, path, "--apply") == 1
    err = capsys.readouterr().err
    assert (
        f"«{path.name}», Сабаққа қатысу, 4-жол, «Мамыр: Жоспарланған сабақ»: «көп» — бүтін сан емес"
        in err
    )
    assert err.count("4-жол") == 1  # the bad cell is not also said to be empty
    assert "Тізілім өзгертілген жоқ" in err
    # the dry run says the same: nothing goes in until the form is fixed
    assert socpass("collect", register, path) == 1
    assert "алдымен жоғарыдағы формалардағы қателерді түзетіңіз" in capsys.readouterr().err


def test_form_of_another_register_is_refused(tmp_path, issued, capsys) -> None:
    """Another school's form uses ids P0001… too: its rows must not change this school's
    pupils who happen to have the same ids."""
    register, _ = issued
    frames, settings = generate_demo(150, seed=12, lang="kk")
    other = write_register(tmp_path / "other.xlsx", "kk", frames, settings)
    assert socpass("class-forms", other, "--out", tmp_path / "theirs", "--today", "2026-04-01") == 0
    theirs = sorted((tmp_path / "theirs").glob("*.xlsx"))
    before = register.read_bytes()
    code, data = collected(capsys, register, *theirs, "--apply")
    assert code == 1 and not data.get("applied")
    assert "Форма бұл тізілімнен берілмеген" in data["troubles"][0]["message"]
    assert register.read_bytes() == before


def test_counts_below_the_last_pupil_are_reported(issued, capsys) -> None:
    """A count typed in an attendance row past the form's pupils (and its empty rows) belongs to
    no pupil: reported at its row, with the Pupils row to fill, never silently dropped."""
    register, folder = issued
    path = form_path(folder, "2А")
    below: list[int] = []

    def type_far_below(ws, grid) -> None:
        below.append(grid.max_row + 3)
        grid.cell(below[0], may_col("missed_unexcused"), 4)

    edit_form(path, type_far_below)
    before = register.read_bytes()
    capsys.readouterr()
    assert socpass("collect", register, path, "--apply") == 1
    err = capsys.readouterr().err
    pupils_row = below[0] - 1  # the grid has two header rows, the Pupils sheet one
    assert f"«{path.name}», Сабаққа қатысу, {below[0]}-жол" in err
    assert f"алдымен «Оқушылар» парағының {pupils_row}-жолына оқушының аты-жөнін жазыңыз" in err
    assert register.read_bytes() == before


def test_form_returned_twice_later_wins(issued, capsys) -> None:
    register, folder = issued
    path = form_path(folder, "2А")
    earlier = folder / "копия.xlsx"
    earlier.write_bytes(path.read_bytes())
    edit_form(path, lambda ws, grid: ws.cell(2, pupil_col("cat_orphan"), "иә"))
    os.utime(earlier, (1, 1))
    code, data = collected(capsys, register, folder)
    assert code == 0
    assert [f["file"] for f in data["forms"] if f["class"] == "2А"] == [path.name]
    assert [c["column"] for f in data["forms"] for c in f["changes"]] == ["cat_orphan"]


@pytest.mark.slow
def test_killed_apply_leaves_register_untouched(issued) -> None:
    register, folder = issued
    edit_form(form_path(folder, "2А"), lambda ws, grid: ws.cell(2, pupil_col("cat_orphan"), "иә"))
    before = register.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(SOURCE), "SOCPASS_TEST_PAUSE": "written"}
    process = subprocess.Popen(
        [sys.executable, "-m", "socpass", "collect", str(register), str(folder), "--apply"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    seen = b""
    while b"paused at written" not in seen:
        line = process.stderr.readline()
        assert line, f"never paused: {seen!r}"
        seen += line
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert register.read_bytes() == before
