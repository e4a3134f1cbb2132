"""`socpass import`: the example exports of every layout (tests/data/journal, kk and ru) are
matched to the register's pupils despite their spellings, the ambiguous and unknown rows are
listed and left out, the counts written equal the export's, a dry run changes nothing, and a
killed `import --apply` leaves the register byte-identical."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from socpass.core.journal_layouts import Hints, parse_map
from socpass.core.register import typed_frame
from socpass.files.register_file import RegisterFile
from socpass.files.workbook_file import read_register
from socpass.jobs.import_journal import import_journal
from socpass.jobs.job import Job, Outcome, run
from socpass.jobs.upgrade import upgrade
from socpass.render.workbook import write_register

DATA = Path(__file__).parent / "data" / "journal"
sys.path.insert(0, str(DATA))
import make_examples as examples  # noqa: E402

ATTENDANCE = ("kundelik_totals", "reason_totals", "daily_grid", "month_table")
LANGS = ("kk", "ru")


@pytest.fixture
def register(tmp_path) -> Path:
    """A clean register holding the examples' pupils (5А and 5Ә), in Russian."""
    pupils = typed_frame(
        "pupils",
        [
            {"id": pid, "full_name": name, "class": cls, "iin": iin, "family_id": f"F{pid}"}
            for pid, name, cls, iin in examples.ROLL
        ],
    )
    path = tmp_path / "register.xlsx"
    write_register(path, "ru", {"pupils": pupils}, {"school_name": "Тест", "pedagogue": "Тест"})
    return path


def _import(register: Path, kind: str, *files: Path, apply: bool = False, **hints) -> Outcome:
    return run(
        Job("ru"), import_journal, RegisterFile(register), kind, list(files), Hints(**hints), apply
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected_attendance(layout: str, lang: str) -> dict[tuple[str, str], dict[str, object]]:
    """(pupil id, month) -> the register's values an export of `layout` gives."""
    expected = {}
    for (_, pid), (unexcused, ill, valid, late) in zip(
        examples.names(lang), examples.COUNTS, strict=True
    ):
        if pid is None:
            continue
        if layout == "kundelik_totals":  # "total" and "by illness" split neither column
            expected[(pid, "10")] = {"missed_unexcused": None, "missed_excused": None, "late": late}
        elif layout == "month_table":
            expected[(pid, "9")] = {
                "missed_unexcused": unexcused + 1,
                "missed_excused": ill + valid + 2,
            }
            expected[(pid, "10")] = {"missed_unexcused": unexcused, "missed_excused": ill + valid}
        else:
            expected[(pid, "10")] = {
                "missed_unexcused": unexcused,
                "missed_excused": ill + valid,
                "late": late,
            }
    return expected


def _rows(register: Path, sheet: str, period: str) -> dict[tuple[str, str], dict[str, object]]:
    frame = read_register(register).frame(sheet)
    return {
        (r["pupil_id"], str(r[period])): {k: (None if pd.isna(v) else v) for k, v in r.items()}
        for r in frame.to_dict("records")
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layout", ATTENDANCE)
def test_attendance_export_is_matched_and_its_counts_written(register, layout, lang):
    export = DATA / f"{layout}_{lang}.xlsx"
    before = _digest(register)
    dry = _import(register, "attendance", export)
    assert _digest(register) == before, "a dry run changed the register"
    data = dry.data["files"][0]
    assert data["matched"] == 4  # every spelling of a known, single pupil
    assert len(data["ambiguous"]) == 1 and len(data["unmatched"]) == 1
    ambiguous, unknown = examples.names(lang)[3][0], examples.names(lang)[5][0]
    assert f"«{ambiguous}»: в классе {examples.class_name(lang)} несколько учащихся" in dry.text
    assert f"«{unknown}»: в классе {examples.class_name(lang)} нет такого учащегося" in dry.text
    assert dry.exit_code == 1  # rows were left out: said, and the code says so

    applied = _import(register, "attendance", export, apply=True)
    assert applied.exit_code == 1, applied.text
    rows = _rows(register, "attendance", "month")
    expected = _expected_attendance(layout, lang)
    assert set(rows) == set(expected)  # nothing for the ambiguous or the unknown row
    for key, values in expected.items():
        got = {k: rows[key][k] for k in values}
        assert got == values, key
        assert rows[key]["planned"] == 120  # 30 lessons a week in grade 5 × 4 weeks
    assert not read_register(register).errors
    assert list(register.parent.glob("register.bak-*.xlsx")), "no backup"
    again = _import(register, "attendance", export)
    assert all(not f["changes"] for f in again.data["files"]), "importing again changes rows"


@pytest.mark.parametrize("lang", LANGS)
def test_quarter_marks_give_failing_and_not_attested_counts(register, lang):
    export = DATA / f"quarter_marks_{lang}.xlsx"
    outcome = _import(register, "marks", export, apply=True)
    assert outcome.data["files"][0]["periods"] == ["2"]
    rows = _rows(register, "academic", "quarter")
    for (_, pid), marks in zip(examples.names(lang), examples.MARKS, strict=True):
        if pid is None:
            assert all(key[0] != pid for key in rows)
            continue
        assert rows[(pid, "2")]["failing_subjects"] == marks.count(2)
        assert rows[(pid, "2")]["not_attested"] == marks.count("н/а")
    assert len(rows) == 4
    assert not read_register(register).errors


def test_totals_and_illness_only_leave_unexcused_out_and_say_so(register):
    outcome = _import(register, "attendance", DATA / "kundelik_totals_ru.xlsx")
    assert "не импортируется" in outcome.text and "по болезни" in outcome.text
    for change in outcome.data["files"][0]["changes"]:
        assert "missed_unexcused" not in change["values"]


def _export(path: Path, *rows: tuple[object, ...]) -> Path:
    """An export whose sheet holds `rows` from A1 (title, blank, header, data…)."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    book.close()
    return path


REASONS = ("ФИО", "ИИН", "Без уважительной причины", "По болезни", "По уважительной причине")


def test_iin_finds_the_pupil_whose_name_it_gives_even_in_another_class(register, tmp_path):
    export = _export(
        tmp_path / "iin.xlsx",
        ("Класс 5Ә, октябрь",),
        (),
        REASONS,
        ("Иванов Пётр", "140315500013", 2, 1, 0),  # moved from 5А: the IIN is his
    )
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 0, outcome.text
    assert outcome.data["files"][0]["changes"][0]["pupil_id"] == "R1"


def test_an_iin_of_another_named_pupil_is_listed_not_imported(register, tmp_path):
    export = _export(
        tmp_path / "iin.xlsx",
        ("Класс 5Ә, октябрь",),
        (),
        REASONS,
        ("Какое-то Имя", "140315500013", 2, 1, 0),
    )
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 1
    assert not outcome.data["files"][0]["changes"]
    assert (
        "Строка 4: ИИН из этой строки в реестре принадлежит учащемуся Иванов Пётр Сергеевич (R1) "
        "из класса 5А, а в выгрузке — «Какое-то Имя»; строка не импортируется" in outcome.text
    )


def test_two_rows_of_one_pupil_are_both_left_out(register, tmp_path):
    export = _export(
        tmp_path / "twice.xlsx",
        ("Класс 5А, октябрь",),
        (),
        REASONS,
        ("Ивaнов Пётp", None, 2, 1, 0),  # Latin letters
        ("Петров Илья", None, 1, 0, 0),
        ("Иванов Пётр", None, 5, 0, 0),
    )
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 1
    assert [c["pupil_id"] for c in outcome.data["files"][0]["changes"]] == ["R3"]
    assert outcome.data["files"][0]["repeated"] == [4, 6]
    assert "Иванов Пётр Сергеевич (R1): учащийся есть в строках выгрузки 4, 6; ни одна" in (
        outcome.text
    )
    assert "Всего строк не импортировано: 2" in outcome.text


def test_a_second_export_of_the_same_month_does_not_override_the_first(register, tmp_path):
    rows = (("Класс 5А, октябрь",), (), REASONS, ("Петров Илья", None, 1, 0, 0))
    first = _export(tmp_path / "first.xlsx", *rows, ("Соколова Мария", None, 0, 0, 0))
    second = _export(tmp_path / "second.xlsx", *rows[:3], ("Соколова Мария", None, 3, 0, 0))
    assert _import(register, "attendance", first, apply=True).exit_code == 0
    outcome = _import(register, "attendance", first, second)
    assert outcome.exit_code == 1
    assert not outcome.data["files"][1]["changes"]
    assert (
        "Строка 4, Соколова Мария (R6), Октябрь: эти данные уже даны в файле «first.xlsx», "
        "строка 5; не импортируется." in outcome.text
    )
    # register rows, not file rows: the two pupils' Octobers, each once
    assert "изменится — 0, без изменений — 2" in outcome.text


def test_a_later_export_of_the_run_does_not_give_a_month_again(register):
    """Two exports: the months the first gives are not given again by the second."""
    files = (DATA / "month_table_ru.xlsx", DATA / "daily_grid_ru.xlsx")
    outcome = _import(register, "attendance", *files)
    assert [len(f["changes"]) for f in outcome.data["files"]] == [8, 0]
    assert outcome.text.count("эти данные уже даны в файле «month_table_ru.xlsx»") == 4


def test_an_unrecognised_layout_says_what_is_expected(register, tmp_path):
    export = tmp_path / "odd.xlsx"
    book = xlsxwriter.Workbook(str(export))
    book.add_worksheet().write_row(0, 0, ("Фамилия", "Вес", "Рост"))
    book.close()
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 2
    assert "docs/journal-imports.md" in outcome.text and "ФИО" in outcome.text


def test_an_odd_header_is_read_with_map(register, tmp_path):
    export = tmp_path / "odd.xlsx"
    book = xlsxwriter.Workbook(str(export))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ("Ученик", "Отсутствия (ч.)", "Справки (ч.)"))
    ws.write_row(1, 0, ("Петров Илья", 4, 2))
    book.close()
    assert _import(register, "attendance", export, class_name="5А", month=10).exit_code == 2
    mapping = parse_map(
        ["Отсутствия (ч.)=missed_unexcused", "Справки (ч.)=Пропущено по уважительной причине"]
    )
    outcome = _import(register, "attendance", export, class_name="5А", month=10, mapping=mapping)
    assert outcome.exit_code == 0, outcome.text
    assert outcome.data["files"][0]["changes"][0]["values"] == {
        "planned": 120,
        "missed_unexcused": 4,
        "missed_excused": 2,
    }


def test_a_missing_period_names_the_option(register, tmp_path):
    export = tmp_path / "no_title.xlsx"
    book = xlsxwriter.Workbook(str(export))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ("ФИО", "Без уважительной причины"))
    ws.write_row(1, 0, ("Петров Илья", 1))
    book.close()
    outcome = _import(register, "attendance", export, class_name="5А")
    assert outcome.exit_code == 2 and "--month" in outcome.text
    assert _import(register, "attendance", export, class_name="5А", month=10).exit_code == 0


def test_without_a_teaching_load_no_row_is_added(register):
    book = openpyxl.load_workbook(register)
    del book["Учебная нагрузка"]
    book.save(register)
    outcome = _import(register, "attendance", DATA / "reason_totals_ru.xlsx", apply=True)
    assert "socpass upgrade" in outcome.text
    assert read_register(register).frame("attendance").empty
    assert run(Job("ru"), upgrade, register).exit_code == 0  # adds the sheet, with its defaults
    outcome = _import(register, "attendance", DATA / "reason_totals_ru.xlsx", apply=True)
    assert set(read_register(register).frame("attendance")["planned"]) == {120}


def test_the_command_line(register, tmp_path):
    from support.cli import run_socpass

    copy = tmp_path / "copy.xlsx"
    shutil.copy2(register, copy)
    result = run_socpass("import", "marks", copy, DATA / "quarter_marks_kk.xlsx", "--lang", "kk")
    assert result.returncode == 1, result.stderr
    assert "2-тоқсан" in result.stdout and "--apply" in result.stdout
    assert _digest(copy) == _digest(register)


@pytest.mark.slow
@pytest.mark.parametrize("point", ["written", "backup-written", "backed-up", "replaced"])
def test_a_killed_import_leaves_the_register_whole(register, point):
    """SIGKILL at each step of the write (`files.atomic._pause`): before the register is
    replaced it is byte-identical; after, it is the whole new one; never a partial file."""
    from test_kill_safety import _kill, _start, _wait_for_pause

    before = _digest(register)
    export = DATA / "reason_totals_ru.xlsx"
    process = _start(["import", "attendance", str(register), str(export), "--apply"], pause=point)
    _wait_for_pause(process, point)
    _kill(process)
    if point != "replaced":
        assert _digest(register) == before
    else:
        assert len(read_register(register).frame("attendance")) == 4
    assert not read_register(register).errors


def test_an_encrypted_register_stays_encrypted(register):
    from socpass.files.encryption import Password, encrypt

    register.write_bytes(encrypt(register.read_bytes(), "Мектеп-2025!"))
    secret = Password("Мектеп-2025!")
    export = DATA / "reason_totals_kk.xlsx"
    outcome = run(
        Job("kk"),
        import_journal,
        RegisterFile(register, secret),
        "attendance",
        [export],
        Hints(),
        True,
        secret,
    )
    assert outcome.exit_code == 1, outcome.text  # two rows left out, as in every example
    assert register.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # still an encrypted package
    assert len(read_register(register, secret).frame("attendance")) == 4


def test_a_map_to_an_unknown_column_lists_the_columns():
    from socpass.core.findings import SocpassError

    with pytest.raises(SocpassError) as refused:
        parse_map(["Прогулы=Рост"])
    assert refused.value.exit_code == 2
    text = refused.value.text("ru")
    assert "«Рост» — не столбец реестра" in text
    assert "missed_unexcused («Дәлелсіз жіберді» / «Пропущено без уважительной причины»)" in text
    assert "„Предметов с «2»“" in text  # a header with «» is not quoted in «» again


def test_a_map_header_not_in_the_file_lists_the_files_headers(register):
    mapping = parse_map(["Прогулы=missed_unexcused"])
    outcome = _import(register, "attendance", DATA / "reason_totals_ru.xlsx", mapping=mapping)
    assert outcome.exit_code == 2
    assert "столбец «Прогулы» из параметра --map в файле не найден" in outcome.text
    assert "«Без уважительной причины», «По болезни»" in outcome.text


def test_a_grid_code_message_lists_the_codes(register, tmp_path):
    days = tuple(range(1, 8))
    export = _export(
        tmp_path / "grid.xlsx", ("Класс 5А, октябрь",), (), ("ФИО", *days), ("Петров Илья", "н/б")
    )
    outcome = _import(register, "attendance", export)
    assert "(ожидается: Ж, А, Д, К; н, б, у, п, о)" in outcome.text


def test_a_csv_the_register_and_the_other_kind_are_named(register, tmp_path):
    csv = tmp_path / "export.csv"
    csv.write_text("ФИО;Прогулы\n", encoding="utf-8")
    outcome = _import(register, "attendance", csv)
    assert outcome.exit_code == 2 and ".xlsx, .xlsm или .xls" in outcome.text
    assert "сохраните как .xlsx" in outcome.text
    outcome = _import(register, "attendance", register)
    assert outcome.exit_code == 2 and "это реестр socpass, а не выгрузка журнала" in outcome.text
    outcome = _import(register, "attendance", DATA / "quarter_marks_ru.xlsx")
    assert outcome.exit_code == 2 and "командой «socpass import marks»" in outcome.text
    outcome = _import(register, "marks", DATA / "daily_grid_ru.xlsx", quarter=2)
    assert outcome.exit_code == 2 and "командой «socpass import attendance»" in outcome.text


def test_a_mistyped_kind_is_named_as_the_user_sees_it(register):
    from support.cli import run_socpass

    result = run_socpass("import", "atendance", register, register, "--lang", "ru")
    assert result.returncode == 2
    assert "attendance|marks" in result.stderr and "kind" not in result.stderr


def test_totals_over_several_months_are_refused(register, tmp_path):
    export = tmp_path / "quarter.xlsx"
    book = xlsxwriter.Workbook(str(export))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ("Класс: 5А. Период: 01.09.2025 - 31.10.2025",))
    ws.write_row(2, 0, ("ФИО", "Без уважительной причины"))
    ws.write_row(3, 0, ("Петров Илья", 1))
    book.close()
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 2
    assert "за каждый месяц отдельно" in outcome.text


def test_a_cell_that_is_not_a_count_leaves_its_row_out_and_names_it(register, tmp_path):
    export = tmp_path / "typo.xlsx"
    book = xlsxwriter.Workbook(str(export))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ("Класс 5А, октябрь 2025",))
    ws.write_row(2, 0, ("ФИО", "Без уважительной причины", "По болезни"))
    ws.write_row(3, 0, ("Петров Илья", "два", 1))
    ws.write_row(4, 0, ("Соколова Мария", 1, 0))
    book.close()
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 1
    assert "строка 4, столбец «Без уважительной причины»: «два» — не число" in outcome.text
    assert "сопоставлено с учащимися реестра: 1 из 2" in outcome.text


def test_a_grid_headed_by_dates_takes_its_month_from_them(register, tmp_path):
    from datetime import datetime

    export = tmp_path / "dated.xlsx"
    book = xlsxwriter.Workbook(str(export))
    ws = book.add_worksheet()
    day = book.add_format({"num_format": "dd.mm"})
    ws.write_row(0, 0, ("Класс 5А",))
    ws.write(2, 0, "ФИО")
    for d in range(1, 8):
        ws.write_datetime(2, d, datetime(2025, 11, d), day)
    ws.write_row(3, 0, ("Петров Илья", "н", "б", "", "у", "о"))
    book.close()
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 0, outcome.text
    [change] = outcome.data["files"][0]["changes"]
    assert change["period"] == "11"
    assert change["values"] == {
        "planned": 120,
        "missed_unexcused": 1,
        "missed_excused": 2,
        "late": 1,
    }


def test_reasons_above_the_total_leave_the_row_out(register, tmp_path):
    export = tmp_path / "sums.xlsx"
    book = xlsxwriter.Workbook(str(export))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ("Класс 5А, октябрь 2025",))
    ws.write_row(2, 0, ("ФИО", "Всего", "Без уважительной причины"))
    ws.write_row(3, 0, ("Петров Илья", 2, 5))
    ws.write_row(4, 0, ("Соколова Мария", 5, 2))
    book.close()
    outcome = _import(register, "attendance", export)
    assert "строка 4: сумма по причинам больше, чем «всего»" in outcome.text
    [change] = outcome.data["files"][0]["changes"]
    assert change["values"] == {"planned": 120, "missed_unexcused": 2, "missed_excused": 3}


def test_totals_and_average_rows_are_skipped_quietly(register, tmp_path):
    export = _export(
        tmp_path / "totals.xlsx",
        ("Класс 5А, октябрь",),
        (),
        REASONS,
        ("Петров Илья", None, 1, 0, 0),
        ("Итого по классу:", None, 1, 0, 0),
        ("Всего по классу", None, 1, 0, 0),
        ("Барлығы:", None, 1, 0, 0),
        ("Сынып бойынша барлығы", None, 1, 0, 0),
        ("Средний балл", None, 1, 0, 0),
        ("Орташа балл", None, 1, 0, 0),
    )
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 0, outcome.text
    assert "сопоставлено с учащимися реестра: 1 из 1" in outcome.text


@pytest.mark.parametrize("hint", [{}, {"class_name": "5Г"}])
def test_a_class_the_register_does_not_have_is_one_message(register, tmp_path, hint):
    title = () if hint else ("Класс: 5Г, октябрь",)
    export = _export(tmp_path / "5g.xlsx", title, (), REASONS, ("Петров Илья", None, 1, 0, 0))
    outcome = _import(register, "attendance", export, month=10, **hint)
    assert outcome.exit_code == 2
    assert "«5g.xlsx»: в реестре нет класса 5Г (классы реестра: 5А, 5Ә)" in outcome.text
    assert outcome.text.count("5Г") == 1


def test_excused_is_not_imported_without_the_valid_reason_column(register, tmp_path):
    export = _export(
        tmp_path / "no_valid.xlsx",
        ("Класс 5А, октябрь",),
        (),
        REASONS[:4],
        ("Петров Илья", None, 1, 4),
    )
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 0, outcome.text
    [change] = outcome.data["files"][0]["changes"]
    assert change["values"] == {"planned": 120, "missed_unexcused": 1}
    assert "нет столбца «по уважительной причине»" in outcome.text


def test_a_month_table_naming_no_reason_leaves_its_rows_out(register, tmp_path):
    export = _export(
        tmp_path / "months.xlsx",
        ("Класс 5А",),
        (),
        ("ФИО", "Сентябрь", "Октябрь"),
        ("Петров Илья", 1, 2),
        ("Соколова Мария", 0, 3),
    )
    outcome = _import(register, "attendance", export)
    assert outcome.exit_code == 1
    assert "ничего не импортируется" in outcome.text
    assert "Всего строк не импортировано: 2" in outcome.text
