"""Closing the school year: History gets this year's counts, the year moves on, nothing is lost."""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from socpass.cli import main
from socpass.core.closing import YEARLY_SHEETS
from socpass.core.history import Count, closing_rows, year_counts
from socpass.core.passport import FAMILY_METRICS, METRIC_KEYS, count_metrics
from socpass.core.schema import sheet
from socpass.core.school_year import SchoolYear
from socpass.demo import generate_demo
from socpass.excel.macros import close_year
from socpass.files import atomic, register_edit
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register
from socpass.render.xlsm import CONF_SHEET, MACROS
from support.passport import history_frame, synthetic_pupils
from support.remote_book import book_from_xlsx


def _register(path: Path, lang: str = "kk", history: pd.DataFrame | None = None, pupils=None):
    frames = {"pupils": pupils if pupils is not None else synthetic_pupils(80, seed=21)}
    if history is not None:
        frames["history"] = history
    return write_register(path, lang, frames, {"school_year": "2025-2026"})


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak-*"))


#: A day after 2025-2026 ended, so the closing tests do not depend on the computer's date.
AFTER_YEAR_END = ["--today", "2026-06-15"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_close_year_archives_counts_and_starts_the_next_year(tmp_path, capsys, lang):
    path = _register(tmp_path / "register.xlsx", lang)
    before = read_register(path)
    original = path.read_bytes()

    assert main(["close-year", str(path), *AFTER_YEAR_END]) == 0

    out = capsys.readouterr().out
    assert "2025-2026" in out and "2026-2027" in out
    for key in YEARLY_SHEETS:  # what to clear for the new year, by the workbook's sheet names
        assert f"«{sheet(key).name(lang)}»" in out
    assert ("Оқушылар парағы өзгерген жоқ" if lang == "kk" else "Лист учащихся не изменён") in out
    after = read_register(path)
    assert after.errors == []
    assert after.settings["school_year"] == "2026-2027"
    assert year_counts(after.frames["history"], "2025-2026") == count_metrics(
        before.frames["pupils"]
    )
    pd.testing.assert_frame_equal(after.frames["pupils"], before.frames["pupils"])
    [backup] = _backups(tmp_path)
    assert backup.suffix == ".xlsx" and backup.read_bytes() == original
    # the next summary compares the new year with the closed one
    assert main(["summary", str(path), "--json"]) == 0
    assert '"previous_year": "2025-2026"' in capsys.readouterr().out


def test_closing_a_year_already_in_history_is_refused(tmp_path, capsys):
    pupils = synthetic_pupils(60, seed=22)
    history = closing_rows(history_frame([]), count_metrics(pupils), "2025-2026")
    path = _register(tmp_path / "register.xlsx", history=history, pupils=pupils)
    original = path.read_bytes()

    assert main(["close-year", str(path), "--lang", "ru", *AFTER_YEAR_END]) == 1

    err = capsys.readouterr().err
    assert "2025-2026 учебный год уже закрыт" in err and "Файл не изменён" in err
    assert path.read_bytes() == original
    assert _backups(tmp_path) == []


def test_data_errors_stop_the_closing(tmp_path, capsys):
    pupils = synthetic_pupils(60, seed=23, blank_families=0.1)
    path = _register(tmp_path / "register.xlsx", pupils=pupils)
    original = path.read_bytes()

    assert main(["close-year", str(path), *AFTER_YEAR_END]) == 1

    err = capsys.readouterr().err
    assert "«Отбасы ID»" in err and "-жол" in err
    assert path.read_bytes() == original


def test_a_failed_write_leaves_the_file_whole_and_no_temporary_file(tmp_path, monkeypatch, capsys):
    path = _register(tmp_path / "register.xlsx")
    original = path.read_bytes()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    assert main(["close-year", str(path), "--lang", "kk", *AFTER_YEAR_END]) == 2
    assert "жазу мүмкін болмады" in capsys.readouterr().err
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


_counts = st.fixed_dictionaries(
    {
        key: st.tuples(st.integers(0, 5000), st.integers(0, 5000)).map(
            lambda pf, key=key: Count(key, pf[0], min(pf) if key in FAMILY_METRICS else None)
        )
        for key in METRIC_KEYS
    }
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return _register(tmp_path_factory.mktemp("tpl") / "template.xlsx", "ru")


@pytest.mark.slow
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(counts=_counts, start=st.integers(2000, 2090))
def test_history_rows_written_are_read_back_identically(tmp_path, template, counts, start):
    path = tmp_path / f"r{start}.xlsx"
    shutil.copy(template, path)
    year = f"{start}-{start + 1}"
    history = read_register(path).frames["history"]
    rows = closing_rows(history, counts, year)

    path.write_bytes(register_edit.append_history(path.read_bytes(), path.name, rows, "ru", None))

    assert year_counts(read_register(path).frames["history"], year) == counts


def test_the_macro_writes_the_rows_below_history_in_one_write(tmp_path):
    path = _register(tmp_path / "register.xlsx", "ru")
    register = read_register(path)
    book = book_from_xlsx(path)

    text = close_year(book, today=date(2026, 6, 15))

    assert text.startswith("2025-2026 учебный год закрыт")
    assert "«Посещаемость», «Успеваемость», «Поведение», «Помощь», «Мероприятия»" in text
    actions = book.json()["actions"]
    writes = [a for a in actions if a["func"] == "setValues"]
    history_write, year_write = writes
    history = register.frames["history"]
    assert history_write["start_row"] == int(history["_row"].max())  # 0-based: the next row
    assert history_write["row_count"] == len(METRIC_KEYS)
    counts = count_metrics(register.frames["pupils"])
    first = history_write["values"][0]
    assert first[:3] == ["2025-2026", "Неполная семья", counts["single_parent"].pupils]
    assert first[3] == counts["single_parent"].families
    assert year_write["values"] == [["2026-2027"]]
    resize = next(a for a in actions if a["func"] == "resizeTable")
    last_row = int(history["_row"].max()) + len(METRIC_KEYS)
    assert resize["args"][1].endswith(f"$D${last_row}")
    assert actions[-1]["func"] == "alert"


def test_the_macro_refuses_a_closed_year_without_writing(tmp_path):
    pupils = synthetic_pupils(40, seed=24)
    history = closing_rows(history_frame([]), count_metrics(pupils), "2025-2026")
    book = book_from_xlsx(_register(tmp_path / "register.xlsx", history=history, pupils=pupils))

    text = close_year(book, today=date(2026, 6, 15))

    assert "2025-2026 оқу жылы бұрыннан жабылған" in text
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


@pytest.mark.parametrize(
    ("year", "first_day"),
    [
        ("2025-2026", date(2026, 5, 25)),
        ("2030/31", date(2031, 5, 25)),
        ("1999–2000", date(2000, 5, 25)),
    ],
)
def test_a_school_year_may_be_closed_from_25_may_of_its_second_year(year, first_day):
    assert SchoolYear.parse(year).closable_from == first_day


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_year_still_running_is_refused_unless_forced(tmp_path, capsys, lang):
    path = _register(tmp_path / "register.xlsx", lang)
    original = path.read_bytes()

    assert main(["close-year", str(path), "--today", "2026-05-24"]) == 1

    err = capsys.readouterr().err
    assert "2025-2026" in err and "25.05.2026" in err and "--force" in err
    assert ("әлі аяқталмаған" if lang == "kk" else "ещё не закончился") in err
    assert path.read_bytes() == original and _backups(tmp_path) == []

    assert main(["close-year", str(path), "--today", "2026-05-24", "--force"]) == 0
    assert read_register(path).settings["school_year"] == "2026-2027"


def test_the_last_lesson_day_is_enough(tmp_path):
    path = _register(tmp_path / "register.xlsx")
    assert main(["close-year", str(path), "--today", "2026-05-25"]) == 0


def test_a_second_run_in_november_does_not_close_the_year_just_begun(tmp_path, capsys):
    path = _register(tmp_path / "register.xlsx", "ru")
    november = ["--today", "2026-11-20"]

    assert main(["close-year", str(path), *november]) == 0
    closed = path.read_bytes()
    assert main(["close-year", str(path), *november]) == 1

    err = capsys.readouterr().err
    assert "2026-2027 учебный год ещё не закончился" in err and "25.05.2027" in err
    assert path.read_bytes() == closed
    after = read_register(path)
    assert after.settings["school_year"] == "2026-2027"
    assert year_counts(after.frames["history"], "2026-2027") == {}


def test_the_macro_refuses_a_year_still_running_and_says_from_when(tmp_path):
    book = book_from_xlsx(_register(tmp_path / "register.xlsx", "ru"))

    text = close_year(book, today=date(2025, 12, 28))

    assert "2025-2026 учебный год ещё не закончился" in text and "25.05.2026" in text
    assert "--force" not in text
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


def _vba_modules(path: Path) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _part(package: zipfile.ZipFile, source: str, rel_id: str) -> str:
    """The package part that relationship `rel_id` of part `source` points to."""
    folder, name = posixpath.split(source)
    rels = package.read(f"{folder}/_rels/{name}.rels").decode()
    rel = next(r for r in re.findall(r"<Relationship [^>]*>", rels) if f'Id="{rel_id}"' in r)
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    return (
        target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
    )


def _buttons(path: Path, control_name: str) -> list[tuple[str, str]]:
    """(caption, macro) of each button on the Control sheet, from its VML drawing."""
    with zipfile.ZipFile(path) as package:
        workbook = package.read("xl/workbook.xml").decode()
        sheet_tag = next(t for t in re.findall(r"<sheet [^>]*>", workbook) if control_name in t)
        sheet_part = _part(package, "xl/workbook.xml", re.search(r'r:id="([^"]+)"', sheet_tag)[1])
        drawing = re.search(
            r'<legacyDrawing [^>]*r:id="([^"]+)"', package.read(sheet_part).decode()
        )
        vml = package.read(_part(package, sheet_part, drawing[1])).decode()
    shapes = re.findall(r"<font[^>]*>([^<]*)</font>.*?<x:FmlaMacro>([^<]*)<", vml, re.S)
    return [(caption, macro) for caption, macro in shapes]


def _macro_parts(path: Path, lang: str) -> dict[str, object]:
    """What makes the register macro-enabled: its VBA modules and their source, the buttons, the
    code names the document modules belong to, and the hidden xlwings.conf sheet."""
    book = openpyxl.load_workbook(path, keep_vba=True, read_only=False)
    conf = book[CONF_SHEET]
    return {
        "vba": _vba_modules(path),
        "buttons": _buttons(path, sheet("control").name(lang)),
        "code_names": {ws.title: ws.sheet_properties.codeName for ws in book.worksheets},
        "conf": (conf.sheet_state, [list(r) for r in conf.iter_rows(values_only=True)]),
    }


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_closing_a_macro_enabled_register_keeps_its_macros_buttons_and_conf(tmp_path, lang):
    frames, settings = generate_demo(pupils=60, seed=5, lang=lang)
    path = write_register(tmp_path / "тізілім.xlsm", lang, frames, settings)
    before = _macro_parts(path, lang)
    assert [m for _, m in before["buttons"]] == [f"[0]!Buttons.{m.sub}" for m in MACROS]
    assert "WizardHelp.bas" in before["vba"] and "xlwings_udfs.bas" in before["vba"]

    assert main(["close-year", str(path), *AFTER_YEAR_END]) == 0

    assert _macro_parts(path, lang) == before
    after = read_register(path)
    assert after.errors == [] and after.settings["school_year"] == "2026-2027"
    [backup] = _backups(tmp_path)
    assert backup.suffix == ".xlsm" and _macro_parts(backup, lang) == before
