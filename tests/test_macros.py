"""Each button's macro under xlwings' remote engine, on a filled demo register saved as .xlsm."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from socpass.demo import generate_demo
from socpass.excel import macros
from socpass.excel.macros import (
    CANCELLED,
    MESSAGE_LIMIT,
    close_year,
    collect_class_forms,
    flag_at_risk,
    generate_report,
    picked_folder,
    validate_register,
    write_school_return,
)
from socpass.render.workbook import write_register
from socpass.render.xlsm import MACROS

sys.path.insert(0, str(Path(__file__).parent))
from support.remote_book import book_from_xlsx  # noqa: E402

TODAY = date(2026, 5, 15)
UNDERLYING = {
    "flag_at_risk_caller": lambda book: flag_at_risk(book, today=TODAY),
    "generate_report_caller": lambda book: generate_report(book, today=TODAY, open_file=False),
    "validate_caller": validate_register,
    "close_year_caller": close_year,
    "school_return_caller": lambda book: write_school_return(book, as_of=TODAY),
    "collect_forms_caller": collect_class_forms,
}


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frames, settings = generate_demo(pupils=120, seed=7, lang="ru")
    return write_register(tmp_path_factory.mktemp("macros") / "demo.xlsm", "ru", frames, settings)


def test_every_button_has_a_tested_macro() -> None:
    assert {m.python for m in MACROS} == set(UNDERLYING) == set(macros.__all__)


@pytest.mark.parametrize("caller", sorted(UNDERLYING))
def test_each_macro_runs_on_the_workbook_and_tells_the_user(register: Path, caller: str) -> None:
    book = book_from_xlsx(register)
    text = UNDERLYING[caller](book)
    actions = book.json()["actions"]
    assert actions[-1]["func"] == "alert" and actions[-1]["args"][0] == text
    assert text and "Traceback" not in text


def test_validate_writes_nothing_and_says_all_is_well(register: Path) -> None:
    book = book_from_xlsx(register)
    assert validate_register(book) == "Ошибок не найдено."
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


def test_validate_points_at_the_cells_and_fits_a_message_box(
    tmp_path: Path, register: Path
) -> None:
    book = openpyxl.load_workbook(register, keep_vba=True)
    ws = book["Учащиеся"]
    headers = [c.value for c in ws[1]]
    birth = headers.index("Дата рождения") + 1
    for row in range(2, 60):
        ws.cell(row, birth).value = "31.02.2015"
    bad = tmp_path / "bad.xlsm"
    book.save(bad)
    text = validate_register(book_from_xlsx(bad))
    assert text.startswith("Ошибок: 58")
    assert "Ошибка: Учащиеся, строка 2, «Дата рождения»" in text
    assert len(text) <= MESSAGE_LIMIT + 120 and "… и ещё" in text


def test_an_unexpected_failure_is_a_short_message_and_a_log_and_nothing_is_written(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside a job: the user reads one sentence in the workbook's language naming the
    log; the log beside the workbook holds the traceback; the workbook is left as it was."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the early-warning rules")

    monkeypatch.setattr("socpass.jobs.flag.risk.flag", broken)
    book = book_from_xlsx(register)
    text = flag_at_risk(book, today=TODAY)
    assert text.startswith("Действие не выполнено: в программе произошла непредвиденная ошибка.")
    assert "В реестр ничего не записано" in text and "Traceback" not in text
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]
    log = Path(text.split("Подробности: ")[1].split(" (")[0])
    assert log.name == "socpass-error.log"
    details = log.read_text(encoding="utf-8")
    assert "Traceback" in details and "RuntimeError: a bug in the early-warning rules" in details


def test_collect_forms_asks_then_writes_into_the_book(tmp_path: Path, register: Path) -> None:
    """The button shows what the forms change, asks, and writes the rows into the open book:
    played back onto the file, the register holds the new pupil, the category and May."""
    from socpass.cli import main
    from socpass.core.class_form import ATTENDANCE_FIELDS, FILE_NAME, PUPIL_FIELDS
    from socpass.files.workbook_file import read_register
    from support.remote_book import apply_actions

    folder = tmp_path / "class_forms"
    assert main(["class-forms", str(register), "--out", str(folder), "--class", "2А"]) == 0
    form = folder / FILE_NAME("ru").format(cls="2А")
    wb = openpyxl.load_workbook(form)
    pupils, grid = wb["Учащиеся"], wb["Посещаемость"]
    count = sum(1 for r in range(2, pupils.max_row + 1) if pupils.cell(r, 1).value)
    first_id = pupils.cell(2, 1).value
    pupils.cell(2, 3 + PUPIL_FIELDS.index("cat_orphan"), "да")
    pupils.cell(2 + count, 2, "Новикова Вера Ивановна")
    pupils.cell(2 + count, 3 + PUPIL_FIELDS.index("family_id"), "F9002")
    grid.cell(3 + count, 3 + 8 * len(ATTENDANCE_FIELDS), 40)  # May, planned
    wb.save(form)

    asked: list[str] = []
    book = book_from_xlsx(register)
    text = collect_class_forms(book, folder, confirm=lambda q, title: asked.append(q) or True)
    assert "Новый учащийся: Новикова Вера Ивановна" in asked[0]
    assert asked[0].endswith("Внести эти изменения в реестр?")
    assert "Записано в реестр" in text and "сохраните файл" in text
    before = read_register(register).frame("pupils")
    after = read_register(apply_actions(register, book, tmp_path / "after.xlsm"))
    assert after.errors == []
    pupils_after = after.frame("pupils").set_index("id")
    assert len(pupils_after) == len(before) + 1
    new = pupils_after[pupils_after["full_name"] == "Новикова Вера Ивановна"]
    assert new["class"].tolist() == ["2А"] and new["family_id"].tolist() == ["F9002"]
    assert pupils_after.loc[first_id, "cat_orphan"]
    may = after.frame("attendance").query("month == '5'")
    assert may[may["pupil_id"] == new.index[0]]["planned"].tolist() == [40]


def test_collect_forms_answered_no_writes_nothing(tmp_path: Path, register: Path) -> None:
    from socpass.cli import main
    from socpass.core.class_form import FILE_NAME, PUPIL_FIELDS

    folder = tmp_path / "class_forms"
    assert main(["class-forms", str(register), "--out", str(folder), "--class", "2А"]) == 0
    form = folder / FILE_NAME("ru").format(cls="2А")
    wb = openpyxl.load_workbook(form)
    wb["Учащиеся"].cell(2, 3 + PUPIL_FIELDS.index("cat_orphan"), "да")
    wb.save(form)
    book = book_from_xlsx(register)
    text = collect_class_forms(book, folder, confirm=lambda q, title: False)
    assert text.endswith("Реестр не изменён.")
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


def test_a_long_summary_is_cut_to_a_message_box_keeping_the_question() -> None:
    from socpass.excel.macros import fitted

    lines = [
        f"  Изменится: учащийся {i} (P{i:04d}), Май: Уроков по плану: 40 → 44" for i in range(60)
    ]
    text = fitted("\n".join([*lines, "", "Внести эти изменения в реестр?"]), "ru")
    assert len(text) <= MESSAGE_LIMIT + 120
    assert text.endswith("Внести эти изменения в реестр?") and lines[0] in text
    assert "… и ещё строк:" in text and "socpass collect" in text


class _FolderDialog:
    """Office's folder picker as desktop Excel's COM API gives it, answered in advance."""

    def __init__(self, chosen: str | None) -> None:
        self.chosen, self.Title, self.InitialFileName = chosen, "", ""

    def Show(self) -> int:  # noqa: N802 (Office's name)
        return -1 if self.chosen else 0

    def SelectedItems(self, index: int) -> str:  # noqa: N802
        assert index == 1 and self.chosen
        return self.chosen


def _desktop_book(path: Path, dialog: _FolderDialog) -> SimpleNamespace:
    api = SimpleNamespace(FileDialog=lambda kind: dialog if kind == 4 else None)
    sheets = [SimpleNamespace(name="Учащиеся"), SimpleNamespace(name="Управление")]
    return SimpleNamespace(fullname=str(path), sheets=sheets, app=SimpleNamespace(api=api))


def test_collect_button_lets_her_pick_the_folder(tmp_path: Path, register: Path) -> None:
    """In desktop Excel the button opens a folder dialog at class_forms beside the workbook (in
    the workbook's language); closing it does nothing; without the dialog (the remote engine) the
    button reads class_forms."""
    (tmp_path / "class_forms").mkdir()
    book_path = tmp_path / "register.xlsm"
    dialog = _FolderDialog(str(tmp_path / "mine"))
    assert picked_folder(_desktop_book(book_path, dialog)) == tmp_path / "mine"
    assert dialog.Title == "Сбор форм классов"
    assert dialog.InitialFileName == f"{tmp_path / 'class_forms'}{os.sep}"
    assert picked_folder(_desktop_book(book_path, _FolderDialog(None))) is CANCELLED
    assert picked_folder(book_from_xlsx(register)) is None
