"""The register writer: what a pedagogue sees when she opens the workbook, read back with openpyxl."""

from __future__ import annotations

import warnings
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter
from socpass.core.findings import SocpassError
from socpass.core.register import ROW
from socpass.core.schema import (
    DATA_SHEETS,
    HISTORY_METRICS,
    LANGS,
    LISTS_SHEET,
    NO,
    SETTINGS,
    SHEETS,
    YES,
    setting,
    sheet,
)
from socpass.core.teaching_load import default_teaching_load
from socpass.files.workbook_file import read_register
from socpass.render import workbook as writer
from socpass.render.control import NOT_SET
from socpass.render.workbook import SPARE_LAST_ROW, write_register
from support.libreoffice import recalculated
from support.workbook import (
    expected_cell,
    header_texts,
    load,
    sample_frames,
    typed_frame_without_rows,
    validation_at,
)


def write(path: Path, lang: str, **kwargs: object) -> Path:
    """Write a register, failing on any XlsxWriter warning (a warning means a skipped feature)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return write_register(path, lang, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=LANGS)
def empty_book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    lang = request.param
    path = write(tmp_path_factory.mktemp(lang) / "register.xlsx", lang)
    return lang, load(path)


def test_every_sheet_is_a_table_with_headers_in_the_language(empty_book) -> None:
    lang, wb = empty_book
    assert wb.sheetnames == [s.name(lang) for s in SHEETS] + [LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert wb.active.title == SHEETS[0].name(lang)
    for sh in DATA_SHEETS:
        ws = wb[sh.name(lang)]
        assert list(ws.tables) == [sh.table]
        rows = len(SETTINGS) if sh.key == "settings" else 1
        rows = 2 * len(HISTORY_METRICS) if sh.key == "history" else rows
        rows = len(default_teaching_load()) if sh.key == "teaching_load" else rows
        layout = sh.layout()  # the pupil's name and class follow a pupil id
        assert ws.tables[sh.table].ref == f"A1:{get_column_letter(len(layout))}{1 + rows}"
        assert header_texts(ws) == [c.header(lang) for c in layout]
        # the header, and the pupil's id and name, stay in view
        keys = [c.key for c in layout]
        frozen = next((keys.index(k) + 1 for k in ("full_name", "pupil_name") if k in keys), 0)
        frozen = 1 if sh.key == "settings" else frozen
        assert ws.freeze_panes == f"{get_column_letter(frozen + 1)}2"
        assert ws["A1"].font.b


def test_dropdowns_input_messages_and_checks(empty_book) -> None:
    lang, wb = empty_book
    pupils = wb[sheet("pupils").name(lang)]
    sex = validation_at(pupils, "F2")
    assert sheet("pupils").columns[5].key == "sex"
    assert sex.type == "list"
    assert (
        sex.formula1
        == '"' + ",".join(c.label(lang) for c in sheet("pupils").column("sex").choices) + '"'
    )
    orphan_col = get_column_letter(sheet("pupils").column_keys.index("cat_orphan") + 1)
    yes_no = validation_at(pupils, f"{orphan_col}{SPARE_LAST_ROW}")  # spare rows are covered
    assert yes_no.type == "list" and yes_no.formula1 == f'"{YES(lang)},{NO(lang)}"'
    # Every column with a help text shows it when the cell is selected.
    for sh in DATA_SHEETS:
        ws = wb[sh.name(lang)]
        for i, col in enumerate(sh.layout(), start=1):
            if col in sh.columns and col.help(lang) and sh.key != "settings":
                dv = validation_at(ws, f"{get_column_letter(i)}2")
                assert dv is not None and dv.prompt == col.help(lang), (sh.key, col.key)
                assert col.header(lang).startswith(dv.promptTitle.rstrip("…"))
    birth = validation_at(pupils, "E2")
    assert birth.type == "date"
    assert pupils["E2"].number_format == "dd.mm.yyyy"
    planned = validation_at(wb[sheet("attendance").name(lang)], "E2")  # after id, name, class
    assert (planned.type, planned.operator, planned.formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    assert planned.error == writer.WHOLE(lang)


def test_long_choice_lists_come_from_the_hidden_lists_sheet(empty_book) -> None:
    lang, wb = empty_book
    events = wb[sheet("events").name(lang)]
    dv = validation_at(events, "B2")
    assert dv.type == "list"
    destinations = list(wb.defined_names[dv.formula1].destinations)
    assert [d[0] for d in destinations] == [LISTS_SHEET]
    labels = [c.value for row in wb[LISTS_SHEET][destinations[0][1].replace("$", "")] for c in row]
    assert labels == [c.label(lang) for c in sheet("events").column("direction").choices]


def test_class_columns_offer_every_class_but_only_warn(empty_book) -> None:
    """A dropdown of 0А…11К helps typing; "5 ә" stays allowed (the reader normalises it)."""
    lang, wb = empty_book
    pupils = wb[sheet("pupils").name(lang)]
    letter = get_column_letter(sheet("pupils").column_keys.index("class") + 1)
    dv = validation_at(pupils, f"{letter}2")
    assert dv.type == "list" and dv.errorStyle == "warning"
    destinations = list(wb.defined_names[dv.formula1].destinations)
    labels = [c.value for row in wb[LISTS_SHEET][destinations[0][1].replace("$", "")] for c in row]
    assert labels[:3] == ["0А", "0Ә", "0Б"] and "5Ә" in labels and labels[-1] == "11К"
    risk = wb[sheet("risk").name(lang)]
    risk_letter = get_column_letter(sheet("risk").column_keys.index("class") + 1)
    assert validation_at(risk, f"{risk_letter}2").formula1 == dv.formula1  # one list, reused


def test_settings_sheet_holds_defaults_and_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.xlsx", "ru", settings={"school_name": "Школа-лицей №7", "meal_cost": 650}
    )
    ws = load(path)[sheet("settings").name("ru")]
    # label, value and explanation in the workbook's language; the key last, for the program
    rows = {r[3]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [s.key for s in SETTINGS]
    assert rows["school_name"][:3] == (
        "Название школы",
        "Школа-лицей №7",
        setting("school_name").help("ru"),
    )
    assert rows["language"][1] == "ru"
    assert rows["meal_cost"][1] == 650
    assert rows["attendance_threshold_pct"][1] == 10
    assert rows["school_year"][1] == "2025-2026"


def test_unknown_setting_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="shool_name"):
        write_register(tmp_path / "r.xlsx", "kk", settings={"shool_name": "x"})


@pytest.mark.parametrize(
    ("school_year", "expected"),
    [("2025-2026", ["2023-2024", "2024-2025"]), ("2030–2031", ["2028-2029", "2029-2030"])],
)
def test_history_offers_the_two_previous_school_years(
    tmp_path: Path, school_year: str, expected: list[str]
) -> None:
    path = write(tmp_path / "r.xlsx", "kk", settings={"school_year": school_year})
    rows = list(load(path)[sheet("history").name("kk")].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [y for y in expected for _ in HISTORY_METRICS]
    assert [r[1] for r in rows[: len(HISTORY_METRICS)]] == [m.label.kk for m in HISTORY_METRICS]
    assert all(r[2] is None and r[3] is None for r in rows)


def test_unreadable_school_year_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SocpassError) as info:
        write_register(tmp_path / "r.xlsx", "ru", settings={"school_year": "2025"})
    assert info.value.text("ru") == "«2025» — не учебный год; укажите, например, 2025-2026."
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("lang", LANGS)
def test_frames_round_trip_through_openpyxl(tmp_path: Path, lang: str) -> None:
    frames = sample_frames()
    wb = load(write(tmp_path / "r.xlsx", lang, frames=frames))
    for key, frame in frames.items():
        sh = sheet(key)
        ws = wb[sh.name(lang)]
        got = list(ws.iter_rows(min_row=2, max_row=1 + len(frame), values_only=True))
        for col in sh.columns:
            i = sh.layout().index(col)
            labels = {c.key: c.label(lang) for c in col.choices}
            want = [expected_cell(col.type, v, labels, lang) for v in frame[col.key]]
            assert [row[i] for row in got] == want, (key, col.key)
        assert ws.tables[sh.table].ref.endswith(str(1 + len(frame)))


def test_text_that_looks_like_a_formula_or_number_stays_text(tmp_path: Path) -> None:
    ws = load(write(tmp_path / "r.xlsx", "kk", frames=sample_frames()))[sheet("pupils").name("kk")]
    assert ws["C3"].data_type == "s" and ws["C3"].value.startswith("=HYPERLINK")
    assert ws["A2"].value == "007"
    assert ws["B2"].value == "140512600010" and ws["B2"].number_format == "@"


def test_dates_are_real_excel_dates(tmp_path: Path) -> None:
    ws = load(write(tmp_path / "r.xlsx", "ru", frames=sample_frames()))[sheet("pupils").name("ru")]
    assert ws["E2"].is_date and ws["E2"].value == datetime(2014, 5, 12)
    assert ws["E2"].number_format == "dd.mm.yyyy"


@pytest.mark.slow
def test_validations_reach_below_a_long_table(tmp_path: Path) -> None:
    rows = [
        {"pupil_id": str(i % 700), "month": "9", "planned": 90} for i in range(SPARE_LAST_ROW + 10)
    ]
    frames = {"attendance": typed_frame_without_rows("attendance", rows)}
    ws = load(write(tmp_path / "r.xlsx", "kk", frames=frames))[sheet("attendance").name("kk")]
    last = SPARE_LAST_ROW + 11
    assert ws.tables["Attendance"].ref == f"A1:H{last}"
    assert validation_at(ws, f"E{last + 500}") is not None


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    a = write(tmp_path / "a.xlsx", "kk", frames=sample_frames())
    b = write(tmp_path / "b.xlsx", "kk", frames=sample_frames())
    assert a.read_bytes() == b.read_bytes()


def test_a_failed_write_leaves_the_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "r.xlsx", "kk")
    before = path.read_bytes()

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "_build", broken)
    with pytest.raises(RuntimeError):
        write_register(path, "ru")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def _guide_settings(book: openpyxl.Workbook, lang: str) -> dict[str, object]:
    """Setting key -> the cell beside its label at the top of the Control sheet's guide."""
    ws = book[sheet("control").name(lang)]
    labels = {setting(k).label(lang): k for k in ("school_name", "school_year", "pedagogue")}
    return {labels[r[0].value]: r[1].value for r in ws.iter_rows(max_col=2) if r[0].value in labels}


def test_control_sheet_names_the_school_and_every_sheet(tmp_path: Path) -> None:
    path = write(tmp_path / "r.xlsx", "kk", settings={"school_name": "№12 мектеп-гимназия"})
    shown = openpyxl.load_workbook(path, data_only=True)  # what a viewer shows before recalculating
    ws = shown[sheet("control").name("kk")]
    texts = [c.value for row in ws.iter_rows(max_col=7) for c in row if c.value]
    assert "№12 мектеп-гимназия" in texts
    for sh in SHEETS[1:]:
        assert sh.name("kk") in texts and sh.help("kk") in texts
    guide_cols = {c.column for row in ws.iter_rows() for c in row if c.value and c.column < 8}
    assert guide_cols <= {1, 2}  # the guide keeps to A:B; the dashboard starts at column H
    assert _guide_settings(shown, "kk") == {
        "school_name": "№12 мектеп-гимназия",
        "school_year": "2025-2026",
        "pedagogue": NOT_SET("kk").format(sheet=sheet("settings").name("kk")),
    }
    # each is a formula over the Settings table, so it never goes stale
    for key, formula in _guide_settings(load(path), "kk").items():
        assert f'MATCH("{key}",Settings[Кілт],0)' in formula and "INDEX(Settings[Мәні]" in formula


@pytest.mark.soffice
@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_follows_the_settings_table(tmp_path: Path, lang: str) -> None:
    """Closing the year rewrites Settings' school year, and the pedagogue may fill or clear the
    school's name there: the guide's top shows what Settings holds once recalculated."""
    path = write(tmp_path / "r.xlsx", lang, settings={"school_name": "№12 мектеп-гимназия"})
    book = load(path)
    settings = book[sheet("settings").name(lang)]
    for _, value, _, key in settings.iter_rows(min_row=2, max_col=4):
        if key.value == "school_year":
            value.value = "2026-2027"
        elif key.value == "school_name":
            value.value = None
        elif key.value == "pedagogue":
            value.value = "Серікова А."
    book.save(path)

    shown = openpyxl.load_workbook(recalculated(path, tmp_path), data_only=True)

    assert _guide_settings(shown, lang) == {
        "school_name": NOT_SET(lang).format(sheet=sheet("settings").name(lang)),
        "school_year": "2026-2027",
        "pedagogue": "Серікова А.",
    }


@pytest.mark.parametrize("lang", LANGS)
def test_frames_round_trip_through_the_reader(tmp_path: Path, lang: str) -> None:
    frames = sample_frames()
    settings = {
        "school_name": "№12 мектеп-гимназия",
        "pedagogue": "Серікова А.",
        "school_year": "2025-2026",
        "meal_cost": 650,
    }
    register = read_register(write(tmp_path / "r.xlsx", lang, frames=frames, settings=settings))
    assert register.findings == []
    assert register.lang == lang
    assert register.settings["school_name"] == "№12 мектеп-гимназия"
    assert register.settings["meal_cost"] == 650
    for key, frame in frames.items():
        pd.testing.assert_frame_equal(register.frames[key].drop(columns=ROW), frame)
    history = register.frames["history"]
    assert list(history["school_year"].unique()) == ["2023-2024", "2024-2025"]
    assert list(history["metric"][: len(HISTORY_METRICS)]) == [m.key for m in HISTORY_METRICS]
