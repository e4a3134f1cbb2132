"""The validating reader on whole (synthetic) workbooks: one malformed workbook per rule, each
asserting the finding's sheet, Excel row, column header and letter as the user would look them up.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from socpass.core import schema
from socpass.core.findings import SocpassError
from socpass.core.reader import register_from_values
from socpass.files.workbook_file import read_register
from support.records import make_iin, sample_records, to_values, write_register, write_xlsx


def where(f):
    return (f.severity, f.code, f.sheet, f.row, f.column, f.column_letter)


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, [where(f) for f in findings]
    return found[0]


@pytest.mark.parametrize("lang", schema.LANGS)
def test_the_sample_register_reads_without_findings(tmp_path, lang):
    register = read_register(write_register(tmp_path / "r.xlsx", lang))
    assert register.findings == []
    assert register.lang == lang
    pupils = register.frames["pupils"]
    assert pupils["id"].tolist() == ["1", "2", "3"]
    assert pupils["_row"].tolist() == [2, 3, 4]
    assert pupils["sex"].tolist() == ["m", "f", None]
    assert pupils["cat_large_family"].tolist() == [True, True, False]
    assert register.frames["attendance"]["month"].tolist() == ["9", "9"]
    assert register.frames["aid"]["amount"].tolist() == [15000.0]
    assert register.settings["attendance_threshold_pct"] == 10


def test_both_languages_give_the_same_frames(tmp_path):
    kk = read_register(write_register(tmp_path / "kk.xlsx", "kk"))
    ru = read_register(write_register(tmp_path / "ru.xlsx", "ru"))
    for key in ("pupils", "attendance", "academic", "behaviour", "aid", "history"):
        pd.testing.assert_frame_equal(kk.frames[key], ru.frames[key])


def test_headers_match_ignoring_case_spaces_variants_and_the_other_language(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    header = values["Оқушылар"][0]
    header[header.index("Аты-жөні")] = "  ФИО "  # Russian header on a Kazakh sheet
    header[header.index("Сынып")] = "СЫНЫП"
    header[header.index("ID")] = "№"  # a known variant
    header[header.index("Отбасы ID")] = "отбасы\nid"  # a line break typed in the header cell
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    assert register.frames["pupils"]["full_name"].tolist()[0] == "Тестов Арман"


def test_a_title_row_above_the_table_is_tolerated(tmp_path):
    values = to_values(sample_records("ru"), "ru")
    values["Учащиеся"] = [["Социальный паспорт школы"], [], *values["Учащиеся"]]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    assert register.frames["pupils"]["_row"].tolist() == [4, 5, 6]


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    rows = values["Оқушылар"]
    values["Оқушылар"] = [rows[0], rows[1], [None, "  "], [], rows[2], rows[3]]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.frames["pupils"]["_row"].tolist() == [2, 5, 6]


def test_unknown_extra_columns_are_ignored(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    values["Оқушылар"] = [
        row + [extra]
        for row, extra in zip(values["Оқушылар"], ["Менің бағаным", "a", "b", "c"], strict=True)
    ]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    assert "Менің бағаным" not in register.frames["pupils"].columns


def test_missing_required_column_is_an_error(tmp_path):
    values = to_values(sample_records("ru"), "ru")
    values["Посещаемость"] = [row[:2] + row[3:] for row in values["Посещаемость"]]  # no "planned"
    f = only(read_register(write_xlsx(tmp_path / "r.xlsx", values)).findings, "missing_column")
    assert where(f) == ("error", "missing_column", "Посещаемость", 1, "Уроков по плану", None)
    assert f.text("kk") == "«Жоспарланған сабақ» бағаны жоқ"


def test_missing_optional_column_is_filled_with_empties(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    late = values["Сабаққа қатысу"][0].index("Кешігу")
    values["Сабаққа қатысу"] = [row[:late] for row in values["Сабаққа қатысу"]]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    assert register.frames["attendance"]["late"].isna().all()


def test_a_misspelt_header_of_a_missing_optional_column_is_an_error_naming_both(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    header = values["Сабаққа қатысу"][0]
    header[header.index("Дәлелсіз жіберді")] = "Дәлелсіз жібер"
    f = only(read_register(write_xlsx(tmp_path / "r.xlsx", values)).findings, "misspelt_column")
    assert where(f) == ("error", "misspelt_column", "Сабаққа қатысу", 1, "Дәлелсіз жібер", "D")
    assert "«Дәлелсіз жібер»" in f.text("kk") and "«Дәлелсіз жіберді»" in f.text("ru")


def test_an_empty_required_cell_is_an_error(tmp_path):
    records = sample_records("kk")
    records["pupils"][1]["full_name"] = None
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings,
        "required_empty",
    )
    assert where(f) == ("error", "required_empty", "Оқушылар", 3, "Аты-жөні", "C")


def test_a_choice_outside_the_list_is_an_error(tmp_path):
    records = sample_records("ru")
    records["behaviour"][0]["type"] = "Опоздание"
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru"))).findings,
        "bad_choice",
    )
    assert where(f) == ("error", "bad_choice", "Поведение", 2, "Вид", "C")
    assert "Насилие" in f.text("ru")


def test_duplicate_pupil_id_is_an_error(tmp_path):
    records = sample_records("kk")
    records["pupils"][2]["id"] = "1"
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings, "duplicate_id"
    )
    assert where(f) == ("error", "duplicate_id", "Оқушылар", 4, "ID", "A")
    assert f.text("ru") == "ID «1» повторяется (впервые в строке 2)"


@pytest.mark.parametrize(
    ("sheet_key", "sheet_name", "letter"),
    [
        ("attendance", "Сабаққа қатысу", "A"),
        ("behaviour", "Мінез-құлық", "B"),
        ("aid", "Көмек", "B"),
    ],
)
def test_reference_to_an_unknown_pupil_is_an_error(tmp_path, sheet_key, sheet_name, letter):
    records = sample_records("kk")
    records[sheet_key][0]["pupil_id"] = "99"
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings, "unknown_pupil"
    )
    assert where(f) == ("error", "unknown_pupil", sheet_name, 2, "Оқушы ID", letter)
    assert f.text("ru") == "Учащегося с ID «99» нет на листе «Оқушылар»"


def test_more_missed_lessons_than_planned_is_an_error(tmp_path):
    records = sample_records("ru")
    records["attendance"][1].update(planned=10, missed_unexcused=7, missed_excused=4)
    findings = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru"))).findings
    f = only(findings, "missed_over_planned")
    assert where(f) == ("error", "missed_over_planned", "Посещаемость", 3, "Уроков по плану", "C")
    assert "(11)" in f.text("ru") and "(10)" in f.text("ru")


def test_the_same_month_twice_for_a_pupil_is_a_duplicate_record(tmp_path):
    records = sample_records("kk")
    records["attendance"].append(dict(records["attendance"][0]))
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings,
        "duplicate_record",
    )
    assert where(f) == ("error", "duplicate_record", "Сабаққа қатысу", 4, "Ай", "B")


def test_duplicate_iin_is_an_error(tmp_path):
    records = sample_records("kk")
    records["pupils"][2].update(iin=records["pupils"][0]["iin"])
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings, "duplicate_iin"
    )
    assert where(f) == ("error", "duplicate_iin", "Оқушылар", 4, "ЖСН", "B")


def test_iin_that_disagrees_with_the_birth_date_is_a_warning(tmp_path):
    records = sample_records("ru")
    records["pupils"][0]["birth_date"] = date(2012, 3, 16)
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    f = only(register.findings, "iin_birth_date")
    assert where(f) == ("warning", "iin_birth_date", "Учащиеся", 2, "ИИН", "B")
    assert (
        f.text("ru") == "По ИИН дата рождения 15.03.2012, а в столбце «Дата рождения» — 16.03.2012"
    )
    assert register.errors == []


def test_iin_century_digit_disagreeing_with_the_birth_year_is_a_warning(tmp_path):
    records = sample_records("kk")
    records["pupils"][0]["iin"] = make_iin(date(1912, 3, 15), "m")  # 7th digit 3: the 1900s
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings,
        "iin_birth_date",
    )
    assert where(f)[3:] == (2, "ЖСН", "B")
    assert "15.03.1912" in f.text("kk")


def test_iin_that_disagrees_with_sex_is_a_warning(tmp_path):
    records = sample_records("kk")
    records["pupils"][0]["sex"] = "қыз"
    f = only(read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings, "iin_sex")
    assert where(f) == ("warning", "iin_sex", "Оқушылар", 2, "ЖСН", "B")
    assert "«қыз»" in f.text("ru")  # the cell as typed, not its Russian label «ж»


def test_same_name_and_birth_date_under_two_ids_is_a_warning(tmp_path):
    records = sample_records("kk")
    twin = copy.deepcopy(records["pupils"][0])
    twin.update(id="4", iin=None)
    records["pupils"].append(twin)
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records))).findings, "same_person"
    )
    assert where(f) == ("warning", "same_person", "Оқушылар", 5, "Аты-жөні", "C")


def test_a_setting_of_the_wrong_type_is_an_error_and_the_default_is_used(tmp_path):
    records = sample_records("ru")
    row = next(
        i for i, s in enumerate(records["settings"]) if s["key"] == "attendance_threshold_pct"
    )
    records["settings"][row]["value"] = "десять"
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    f = only(register.findings, "bad_setting")
    assert where(f) == ("error", "bad_setting", "Настройки", row + 2, "Значение", "B")
    assert register.settings["attendance_threshold_pct"] == 10


@pytest.mark.parametrize("value", ["биылғы жыл", "2025", "2025-2027"])
def test_a_school_year_that_is_not_one_is_an_error_at_its_settings_row(tmp_path, value):
    records = settings_with(sample_records("kk"), school_year=value)
    row = next(i for i, s in enumerate(records["settings"]) if s["key"] == "school_year") + 2
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records)))
    f = only(register.findings, "bad_school_year")
    assert where(f) == ("error", "bad_school_year", "Баптаулар", row, "Мәні", "B")
    assert f.text("ru") == f"«{value}» — не учебный год; укажите, например, 2025-2026."


def test_settings_are_typed_and_missing_ones_take_defaults(tmp_path):
    records = sample_records("kk")
    records["settings"] = [
        {"key": "attendance_threshold_pct", "value": "7,5"},
        {"key": "meal_cost", "value": 650},
        {"key": "school_name", "value": "№ 1 мектеп"},
        {"key": "pedagogue", "value": "Үлгі Педагог"},
    ]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records)))
    assert register.findings == []
    assert register.settings["attendance_threshold_pct"] == 7.5
    assert register.settings["meal_cost"] == 650
    assert register.settings["school_name"] == "№ 1 мектеп"
    assert register.settings["behaviour_any_min"] == 2


def test_language_comes_from_the_setting_else_from_sheet_names(tmp_path):
    records = sample_records("ru")
    records["settings"] = [{"key": "language", "value": "kk"}]
    assert read_register(write_xlsx(tmp_path / "a.xlsx", to_values(records, "ru"))).lang == "kk"
    records["settings"] = []
    assert read_register(write_xlsx(tmp_path / "b.xlsx", to_values(records, "ru"))).lang == "ru"


def test_missing_required_sheet_stops_with_exit_code_2(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    del values["Үлгерім"]
    with pytest.raises(SocpassError) as caught:
        read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert caught.value.exit_code == 2
    assert caught.value.text("kk") == "«r.xlsx» файлында «Үлгерім» парағы жоқ"
    assert caught.value.text("ru") == "В файле «r.xlsx» нет листа «Успеваемость»"


def test_missing_optional_sheet_gives_an_empty_frame(tmp_path):
    register = read_register(write_register(tmp_path / "r.xlsx", "kk"))  # no Risk, no Plans
    assert register.frames["risk"].empty and register.frames["plans"].empty
    assert "pupil_id" in register.frames["plans"].columns


def test_register_from_values_equals_the_file_reader(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    from_file = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    from_values = register_from_values(values)
    for key, frame in from_file.frames.items():
        pd.testing.assert_frame_equal(frame, from_values.frames[key])


@pytest.mark.parametrize("lang", schema.LANGS)
def test_a_register_written_by_socpass_new_reads_clean(tmp_path, lang):
    workbook = pytest.importorskip("socpass.render.workbook")
    register = read_register(workbook.write_register(tmp_path / "new.xlsx", lang))
    # no errors; only the reminders to fill in what the annual report needs
    assert [(f.code, f.params["key"]) for f in register.findings] == [
        ("blank_setting", "school_name"),
        ("blank_setting", "pedagogue"),
    ]
    assert register.lang == lang


def test_a_macro_enabled_xlsm_register_is_read(tmp_path):
    import openpyxl
    import xlwings

    template = Path(xlwings.__file__).parent / "quickstart.xlsm"  # a real .xlsm with a VBA project
    book = openpyxl.load_workbook(template, keep_vba=True)
    for name, rows in to_values(sample_records("ru"), "ru").items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "register.xlsm"
    book.save(path)
    register = read_register(path)
    assert register.findings == []
    assert register.frames["pupils"]["class"].tolist() == ["5Ә", "3А", "10Б"]


# --------------------------------------------------------------------------- the school year


def settings_with(records, **values):
    for row in records["settings"]:
        if row["key"] in values:
            row["value"] = values[row["key"]]
    return records


def test_last_years_rows_are_one_warning_per_sheet_at_the_first_row(tmp_path):
    records = sample_records("kk")
    incident = records["behaviour"][0]
    records["behaviour"] += [
        {**incident, "date": date(2024, 10, 5)},  # row 3
        {**incident, "date": date(2025, 8, 31)},  # row 4: the day before the year starts
        {**incident, "date": date(2026, 8, 31)},  # row 5: the year's last day, inside
    ]
    records["aid"].append({**records["aid"][0], "date": date(2026, 9, 1)})  # row 3
    records["events"][0]["date"] = date(2025, 9, 1)
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records)))
    found = [f for f in register.findings if f.code == "outside_school_year"]
    assert [where(f) for f in found] == [
        ("warning", "outside_school_year", "Мінез-құлық", 3, "Күні", "A"),
        ("warning", "outside_school_year", "Көмек", 3, "Күні", "A"),
    ]
    assert found[0].text("ru") == (
        "Строк с датой вне учебного года 2025-2026 (01.09.2025–31.08.2026): 2 (первая — строка 3); "
        "если год уже закрыт, удалите строки прошлого года, иначе исправьте дату"
    )
    assert (
        found[0]
        .text("kk")
        .startswith(
            "Күні 2025-2026 оқу жылына (01.09.2025–31.08.2026) жатпайтын жолдар: 2 (біріншісі — 3-жол)"
        )
    )
    assert register.errors == []


def test_the_school_year_setting_decides_which_rows_are_last_years(tmp_path):
    records = settings_with(sample_records("ru"), school_year="2026-2027")
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    assert [(f.sheet, f.row, f.params["count"]) for f in register.findings] == [
        ("Поведение", 2, 1),
        ("Помощь", 2, 1),
    ]
    assert "2026-2027 (01.09.2026–31.08.2027)" in register.findings[0].text("ru")


def test_road_to_school_aid_may_be_given_in_the_summer_before_the_year(tmp_path):
    records = sample_records("ru")
    road, sponsor = schema.AID_SOURCES[0], schema.AID_SOURCES[2]
    assert road.key == "road_to_school"
    aid = records["aid"][0]
    records["aid"] = [
        {**aid, "date": date(2025, 8, 20), "source": road.label("ru")},  # row 2: fine
        {**aid, "date": date(2025, 6, 1), "source": road.label("ru")},  # row 3: fine
        {**aid, "date": date(2025, 8, 20), "source": sponsor.label("ru")},  # row 4: last year's
        {**aid, "date": date(2025, 5, 31), "source": road.label("ru")},  # row 5: last year's
    ]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    f = only(register.findings, "outside_school_year")
    assert (f.sheet, f.row, f.params["count"]) == ("Помощь", 4, 2)


def test_history_plans_and_pupil_dates_may_lie_outside_the_school_year(tmp_path):
    records = sample_records("kk")
    records["plans"] = [
        {"pupil_id": "1", "start": date(2024, 5, 2), "review_date": date(2027, 1, 1)}
    ]
    records["pupils"][2]["birth_date"] = date(2015, 1, 1)
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records)))
    assert register.findings == []


def test_a_bad_school_year_is_not_reported_again_as_dates_outside_it(tmp_path):
    records = settings_with(sample_records("kk"), school_year="биылғы жыл")
    records["behaviour"][0]["date"] = date(2019, 1, 1)
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records)))
    assert [f.code for f in register.findings if f.code == "outside_school_year"] == []


# --------------------------------------------------------------------------- what the report needs


def test_a_blank_school_name_or_pedagogue_is_a_warning_at_its_settings_row(tmp_path):
    records = settings_with(sample_records("ru"), school_name="  ")
    row = next(i for i, s in enumerate(records["settings"]) if s["key"] == "school_name") + 2
    records["settings"] = [s for s in records["settings"] if s["key"] != "pedagogue"]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    assert [where(f) for f in register.findings] == [
        ("warning", "blank_setting", "Настройки", row, "Значение", "B"),
        ("warning", "blank_setting", "Настройки", None, "Значение", "B"),  # no row at all
    ]
    assert register.findings[0].text("ru") == (
        "Настройка «Название школы» не заполнена: она нужна для годового отчёта"
    )
    assert register.findings[1].text("kk") == (
        "«Әлеуметтік педагог» баптауы толтырылмаған: ол жылдық есепке керек"
    )


# --------------------------------------------------------------------------- quoting the workbook


def test_messages_quote_a_choice_as_typed_and_headers_as_in_the_workbook(tmp_path):
    records = sample_records("ru")
    records["pupils"][0]["sex"] = "жен"  # an accepted alias; the IIN says male
    records["attendance"].append(dict(records["attendance"][0]))
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    sex = only(register.findings, "iin_sex")
    assert sex.text("kk").endswith("«Пол» бағанында «жен»")
    duplicate = only(register.findings, "duplicate_record")
    assert where(duplicate) == ("error", "duplicate_record", "Посещаемость", 4, "Месяц", "B")
    assert (
        duplicate.text("kk")
        == "Жазба қайталанады: «ID учащегося», «Месяц» мәндері 2-жолдағымен бірдей"
    )


def test_a_negative_amount_is_quoted_with_a_decimal_comma(tmp_path):
    records = sample_records("ru")
    records["aid"][0]["amount"] = -1500.5
    f = only(
        read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru"))).findings,
        "bad_money",
    )
    assert where(f) == ("error", "bad_money", "Помощь", 2, "Сумма, ₸", "F")
    assert f.text("ru") == "Число не может быть отрицательным: -1500,5"
