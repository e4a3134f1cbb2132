"""`socpass new`: the empty register a pedagogue starts typing into, in Kazakh or Russian."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from socpass.cli import main
from socpass.core.register import ROW
from socpass.core.schema import DATA_SHEETS, LANGS, NO, SHEETS, YES, sheet
from socpass.files.workbook_file import read_register
from support.libreoffice import convert
from support.workbook import (
    fill_in_other_language,
    header_texts,
    load,
    sample_frames,
    validation_at,
)


@pytest.mark.parametrize("lang", LANGS)
def test_new_writes_an_empty_register_in_the_language(
    tmp_path: Path, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "тізілім.xlsx"
    assert main(["new", str(path), "--lang", lang, "--today", "2025-11-22"]) == 0
    assert str(path) in capsys.readouterr().out
    wb = load(path)
    assert [n for n in wb.sheetnames if wb[n].sheet_state == "visible"] == [
        s.name(lang) for s in SHEETS
    ]
    for sh in DATA_SHEETS:
        ws = wb[sh.name(lang)]
        assert list(ws.tables) == [sh.table] and ws.freeze_panes.endswith("2")
        assert header_texts(ws) == [c.header(lang) for c in sh.layout()]
    aid = wb[sheet("aid").name(lang)]
    kinds = validation_at(aid, "E2")  # date, pupil id, the pupil's name and class, kind
    assert (
        kinds.type == "list"
        and sheet("aid").column("kind").choices[0].label(lang) in kinds.formula1
    )
    academic = wb[sheet("academic").name(lang)]
    repeating = validation_at(academic, "G2")
    assert repeating.formula1 == f'"{YES(lang)},{NO(lang)}"'
    settings = {
        r[3]: r[1] for r in wb[sheet("settings").name(lang)].iter_rows(min_row=2, values_only=True)
    }
    assert settings["language"] == lang and settings["school_year"] == "2025-2026"
    assert settings["attendance_threshold_pct"] == 10 and settings["review_weeks"] == 6


@pytest.mark.parametrize(
    ("today", "year"),
    [("2026-11-22", "2026-2027"), ("2027-05-31", "2026-2027"), ("2027-08-01", "2027-2028")],
)
def test_the_school_year_is_the_current_one(tmp_path: Path, today: str, year: str) -> None:
    path = tmp_path / "r.xlsx"
    assert main(["new", str(path), "--today", today]) == 0
    register = read_register(path)
    assert register.settings["school_year"] == year
    years = set(register.frames["history"]["school_year"])
    start = int(year[:4])
    assert years == {f"{start - 2}-{start - 1}", f"{start - 1}-{start}"}


def test_language_defaults_to_socpass_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOCPASS_LANG", "ru")
    path = tmp_path / "r.xlsx"
    assert main(["new", str(path)]) == 0
    assert "Реестр записан" in capsys.readouterr().out
    assert load(path).sheetnames[0] == sheet("control").name("ru")


@pytest.mark.parametrize(("lang", "word"), [("kk", "--force"), ("ru", "уже существует")])
def test_new_refuses_to_overwrite_without_force(
    tmp_path: Path, lang: str, word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"the pedagogue's register")
    assert main(["new", str(path), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert word in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == b"the pedagogue's register"


def test_force_overwrites_and_keeps_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old register")
    assert main(["new", str(path), "--lang", "kk", "--force"]) == 0
    [backup] = tmp_path.glob("r.bak-*.xlsx")
    assert backup.read_bytes() == b"old register"
    assert backup.name in capsys.readouterr().out
    assert load(path).sheetnames[0] == sheet("control").name("kk")


@pytest.mark.parametrize(
    ("name", "lang", "word"),
    [
        ("r.xls", "ru", ".xlsm"),
        ("r.ods", "kk", ".xlsx"),
    ],
)
def test_only_xlsx_or_xlsm(
    tmp_path: Path, name: str, lang: str, word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / name), "--lang", lang]) == 2
    assert word in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "нет" / "r.xlsx"), "--lang", "ru"]) == 2
    assert "не существует" in capsys.readouterr().err


@pytest.mark.soffice
def test_libreoffice_converts_both_languages_to_pdf(tmp_path: Path) -> None:
    for lang in LANGS:
        book = tmp_path / f"register_{lang}.xlsx"
        assert main(["new", str(book), "--lang", lang]) == 0
        pdf = convert(book, tmp_path / "pdf", "pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.parametrize(("book_lang", "typed_lang"), [("kk", "ru"), ("ru", "kk")])
def test_rows_typed_under_the_other_languages_headers_read_back_the_same(
    tmp_path: Path, book_lang: str, typed_lang: str
) -> None:
    path = tmp_path / "r.xlsx"
    # the sample rows are dated in 2025-2026: make the register for that year
    assert main(["new", str(path), "--lang", book_lang, "--today", "2025-11-22"]) == 0
    frames = sample_frames()
    fill_in_other_language(path, book_lang, frames, typed_lang)
    register = read_register(path)
    assert register.errors == []
    # a new register has no school name or pedagogue yet: the only warnings say so
    assert sorted(f.code for f in register.warnings) == ["blank_setting", "blank_setting"]
    for key, frame in frames.items():
        pd.testing.assert_frame_equal(register.frames[key].drop(columns=ROW), frame)
