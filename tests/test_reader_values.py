"""Cell normalisation as a pedagogue types it, checked through `frame_from_values` (one sheet)."""

from datetime import date, datetime

import pandas as pd
import pytest
from socpass.core import schema
from socpass.core.tables import frame_from_values

PUPILS = schema.sheet("pupils")
ATTENDANCE = schema.sheet("attendance")


def pupils_frame(column: str, cells: list[object], lang="kk"):
    """A pupils sheet with one extra column under test, one pupil per cell."""
    header = [PUPILS.column(k).header(lang) for k in ("id", "full_name", "class", "family_id")]
    extra = PUPILS.column(column).header(lang)
    rows = [
        [str(i), f"Оқушы {i}", "5Ә", f"F{i}", cell]
        if column != "class"
        else [str(i), "Оқушы", cell, "F"]
        for i, cell in enumerate(cells, start=1)
    ]
    return frame_from_values(
        PUPILS, [header + ([extra] if column != "class" else []), *rows], "Оқушылар"
    )


@pytest.mark.parametrize("typed", ["5 ә", "5ә", "5-Ә", "5Ә", " 5 «Ә» ", "5ə", "05Ә"])
def test_class_names_are_normalised(typed):
    frame, findings = pupils_frame("class", [typed])
    assert findings == []
    assert frame["class"].tolist() == ["5Ә"]


def test_latin_lookalike_class_letters_become_cyrillic():
    frame, findings = pupils_frame("class", ["10A", "7b", "11 E", "0K"])
    assert findings == []
    assert frame["class"].tolist() == ["10А", "7В", "11Е", "0К"]


@pytest.mark.parametrize("typed", ["12А", "5Я", "5", "Ә5", "5ӘӘ"])
def test_bad_class_names_are_errors_naming_the_cell(typed):
    frame, findings = pupils_frame("class", [typed])
    (f,) = findings
    assert (f.severity, f.code, f.sheet, f.row, f.column, f.column_letter) == (
        "error",
        "bad_class",
        "Оқушылар",
        2,
        "Сынып",
        "C",
    )
    assert typed.strip() in f.text("ru")
    assert frame["class"].tolist() == [""]


def test_yes_no_spellings():
    yes = ["иә", "ИӘ", "да", "Да ", "+", "1", 1, 1.0, "x", "х", "✓", True]
    no = ["жоқ", "нет", "-", "−", "0", 0, False, None, ""]
    frame, findings = pupils_frame("cat_orphan", yes + no)
    assert findings == []
    assert frame["cat_orphan"].tolist() == [True] * len(yes) + [False] * len(no)
    assert frame["cat_orphan"].dtype == bool


def test_a_yes_no_cell_with_other_text_is_an_error():
    _, findings = pupils_frame("cat_orphan", ["мүмкін"])
    (f,) = findings
    assert (f.code, f.row, f.column_letter) == ("bad_bool", 2, "E")


@pytest.mark.parametrize(
    "typed",
    [
        datetime(2012, 3, 15),
        datetime(2012, 3, 15, 14, 30),
        date(2012, 3, 15),
        40983,  # Excel serial number
        40983.0,
        "15.03.2012",
        "15.3.12",
        "2012-03-15",
        "15/03/2012",
        "15.03.2012 ж.",
        "2012-03-15T00:00:00.000Z",
    ],
)
def test_dates(typed):
    frame, findings = pupils_frame("birth_date", [typed])
    assert findings == []
    assert frame["birth_date"].tolist() == [pd.Timestamp(2012, 3, 15)]


@pytest.mark.parametrize("typed", ["31.02.2012", "вчера", "15.03", True, -5])
def test_bad_dates_are_errors(typed):
    frame, findings = pupils_frame("birth_date", [typed])
    (f,) = findings
    assert (f.code, f.row, f.column, f.column_letter) == ("bad_date", 2, "Туған күні", "E")
    assert pd.isna(frame["birth_date"].iloc[0])


def test_choices_accept_labels_of_both_languages_and_aliases():
    frame, findings = pupils_frame("sex", ["ер", "Қыз", "м", "ж", "male", "жен"])
    assert findings == []
    assert frame["sex"].tolist() == ["m", "f", "m", "f", "m", "f"]


def test_an_unknown_choice_lists_the_allowed_values_in_the_users_language():
    _, findings = pupils_frame("sex", ["бала"])
    (f,) = findings
    assert f.code == "bad_choice"
    assert "ер, қыз" in f.text("kk")
    assert "м, ж" in f.text("ru")


def attendance(planned: object):
    header = [ATTENDANCE.column(k).header("ru") for k in ("pupil_id", "month", "planned")]
    return frame_from_values(ATTENDANCE, [header, ["1", "Сентябрь", planned]], "Посещаемость")


@pytest.mark.parametrize("typed", [3, 3.0, "3", " 3 ", "3,0", "3.0", "3,00"])
def test_whole_numbers(typed):
    frame, findings = attendance(typed)
    assert findings == []
    assert frame["planned"].tolist() == [3]
    assert str(frame["planned"].dtype) == "Int64"


@pytest.mark.parametrize(
    ("typed", "code"), [("3,5", "bad_int"), ("abc", "bad_int"), (3.5, "bad_int"), (-2, "bad_int")]
)
def test_bad_whole_numbers_are_errors_naming_the_cell(typed, code):
    frame, findings = attendance(typed)
    (f,) = findings
    assert (f.code, f.sheet, f.row, f.column, f.column_letter) == (
        code,
        "Посещаемость",
        2,
        "Уроков по плану",
        "C",
    )
    assert pd.isna(frame["planned"].iloc[0])


@pytest.mark.parametrize("typed", [80.5, "80,5"])
def test_a_fraction_is_quoted_with_a_decimal_comma(typed):
    _, findings = attendance(typed)
    (f,) = findings
    assert f.text("ru") == "«80,5» — не целое число"
    assert f.text("kk") == "«80,5» — бүтін сан емес"


def test_an_absurdly_large_count_is_an_error_not_a_crash():
    frame, findings = attendance(1e20)
    (f,) = findings
    assert (f.code, f.row, f.column_letter) == ("bad_int", 2, "C")
    assert "слишком большое" in f.text("ru")
    assert pd.isna(frame["planned"].iloc[0])


def test_negative_count_says_so():
    _, findings = attendance(-2)
    assert "отрицательным" in findings[0].text("ru")
    assert "теріс" in findings[0].text("kk")


def test_iin_typed_as_a_number_gets_its_leading_zero_back():
    # born 2005: the IIN starts with 0, which Excel drops from a number cell
    from support.records import make_iin

    iin = make_iin(date(2005, 1, 2), "f")
    frame, findings = pupils_frame("iin", [int(iin), iin])
    assert findings == []
    assert frame["iin"].tolist() == [iin, iin]


def test_iin_with_a_wrong_check_digit_or_length_is_an_error():
    from support.records import make_iin

    good = make_iin(date(2012, 3, 15), "m")
    wrong = good[:11] + str((int(good[11]) + 1) % 10)
    frame, findings = pupils_frame("iin", [wrong, "12345"])
    assert [(f.code, f.row, f.column, f.column_letter) for f in findings] == [
        ("bad_iin", 2, "ЖСН", "E"),
        ("bad_iin", 3, "ЖСН", "E"),
    ]
    assert "бақылау цифры" in findings[0].text("kk")
    assert "12 цифр" in findings[1].text("ru")
    assert frame["iin"].tolist() == ["", ""]
