"""The custom functions called as Excel calls them (lists of rows, floats, None) agree with the core
and answer problems with a readable cell text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from socpass.core.history import closing_rows
from socpass.core.passport import METRIC_KEYS, count_metrics, counts_by, summary_for
from socpass.excel.udfs import SOCPASS_CHANGE, SOCPASS_COUNT, SOCPASS_SUMMARY
from support.passport import history_frame, history_values, pupils_values, synthetic_pupils


@pytest.fixture(scope="module")
def school():
    return synthetic_pupils(150, seed=11)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_count_equals_the_core_for_every_metric(school, lang):
    values = pupils_values(school, lang)
    counts = count_metrics(school)
    for key in METRIC_KEYS:
        assert SOCPASS_COUNT(values, key) == counts[key].pupils
        if counts[key].families is not None:
            assert SOCPASS_COUNT(values, key, "families") == counts[key].families


def test_count_takes_labels_and_words_in_either_language(school):
    values = pupils_values(school, "kk")
    counts = count_metrics(school)
    assert SOCPASS_COUNT(values, "Многодетная семья", "семьи") == counts["large_family"].families
    assert SOCPASS_COUNT(values, "көпбалалы отбасы", "отбасы") == counts["large_family"].families
    assert SOCPASS_COUNT(values, "  ЖЕТІМ ", "оқушы") == counts["orphan"].pupils
    assert SOCPASS_COUNT(values, "АҚҚ", "учащиеся") == counts["no_parental_care"].pupils


def test_count_by_class_or_grade(school):
    values = pupils_values(school, "ru")
    by_class = counts_by(school, "class")
    by_grade = counts_by(school, "grade")
    assert (
        SOCPASS_COUNT(values, "low_income", "pupils", "5Ә") == by_class["5Ә"]["low_income"].pupils
    )
    # Excel passes a typed 5 as 5.0: a bare number is a grade level
    assert SOCPASS_COUNT(values, "low_income", "pupils", 5.0) == by_grade["5"]["low_income"].pupils
    assert (
        SOCPASS_COUNT(values, "low_income", "pupils", "5 ә") == by_class["5Ә"]["low_income"].pupils
    )


def test_count_on_an_empty_table_is_zero():
    header_only = pupils_values(synthetic_pupils(1).iloc[0:0], "kk")
    assert SOCPASS_COUNT(header_only, "orphan") == 0
    assert SOCPASS_COUNT(header_only, "single_parent", "families") == 0


def test_count_problems_come_back_as_readable_cell_text(school):
    values = pupils_values(school, "kk")
    assert SOCPASS_COUNT(values, "xyz") == "#SOCPASS: белгісіз санат «xyz»"
    assert SOCPASS_COUNT(values, "orphan", "families").startswith("#SOCPASS: «Жетім» бойынша")
    assert SOCPASS_COUNT(values, "orphan", "cats") == (
        "#SOCPASS: «cats» — «оқушы» немесе «отбасы» жазыңыз"
    )
    ru = pupils_values(school, "ru")
    assert SOCPASS_COUNT(ru, "xyz") == "#SOCPASS: неизвестная категория «xyz»"
    assert SOCPASS_COUNT(ru, "orphan", "pupils", "5Ц").startswith("#SOCPASS: «5Ц» — не название")


def test_count_points_at_a_bad_cell_and_a_missing_column(school):
    values = pupils_values(school, "kk")
    col = values[0].index("Жетім")
    values[4][col] = "мүмкін"
    assert SOCPASS_COUNT(values, "orphan") == (
        "#SOCPASS: 5-жол, «Жетім»: «мүмкін» — иә/жоқ мәні емес"
    )
    # the bad cell does not stop a count that does not read it
    assert SOCPASS_COUNT(values, "low_income") == count_metrics(school)["low_income"].pupils
    without = [row[:col] + row[col + 1 :] for row in values]
    assert SOCPASS_COUNT(without, "orphan") == "#SOCPASS: кестеде «Жетім» бағаны жоқ"


def test_change_returns_a_ratio_or_the_new_word():
    assert SOCPASS_CHANGE(110.0, 90.0) == pytest.approx(-20 / 110)
    assert SOCPASS_CHANGE(20, 20) == 0
    assert SOCPASS_CHANGE(0.0, 3.0) == "жаңа"
    assert SOCPASS_CHANGE(0.0, 3.0, "ru") == "новое"
    assert SOCPASS_CHANGE(0.0, 0.0) == 0
    assert SOCPASS_CHANGE(None, 3.0) == "—"
    assert SOCPASS_CHANGE("12", "15") == pytest.approx(0.25)  # numbers typed as text
    assert SOCPASS_CHANGE("abc", 3.0, "ru") == "#SOCPASS: «abc» — не число"
    assert SOCPASS_CHANGE(1.0, 2.0, "en").startswith("#SOCPASS: тіл kk немесе ru")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_summary_array_equals_the_core_table(school, lang):
    last_year = synthetic_pupils(140, seed=12)
    history = closing_rows(history_frame([]), count_metrics(last_year), "2024-2025")
    array = SOCPASS_SUMMARY(pupils_values(school, lang), history_values(history, lang))
    _, rows = summary_for(school, history, "2025-2026", lang)
    assert len(array) == len(rows) + 1
    assert len(set(map(len, array))) == 1  # a rectangle Excel can spill
    for line, row in zip(array[1:], rows, strict=True):
        label, prev_p, prev_f, cur_p, cur_f, change_p, change_f = line
        assert label == row.label
        assert (prev_p, prev_f, cur_p, cur_f) == (
            row.previous_pupils,
            row.previous_families,
            row.current_pupils,
            row.current_families,
        )
        assert change_p == (row.change_pupils if row.change_pupils is not None else 0.0)
        if row.change_families is not None:
            assert change_f == pytest.approx(row.change_families)
        else:
            assert change_f == row.change_families_text


def test_summary_with_empty_history_and_explicit_year(school):
    empty_history = history_values(history_frame([]), "ru")
    array = SOCPASS_SUMMARY(pupils_values(school, "ru"), empty_history, "2025-2026")
    assert array[0][0] == "Категория / учёт"
    assert {line[5] for line in array[1:]} == {"—"}
    assert array[1][3] == count_metrics(school)["single_parent"].pupils


def test_summary_reports_text_in_a_number_cell(school):
    history = history_frame([("2024-2025", "orphan", 3, None)])
    values = history_values(history, "kk")
    values[1][2] = "үш"
    assert SOCPASS_SUMMARY(pupils_values(school, "kk"), values) == [
        ["#SOCPASS: 2-жол, «Оқушылар»: «үш» — бүтін сан емес"]
    ]


@pytest.mark.slow
def test_function_wizard_shows_descriptions_in_both_languages():
    # On Linux `xw.func` only registers under xlwings' server / Office.js runtime: import there.
    script = (
        "import json\n"
        "from socpass.excel import udfs\n"
        "fs = (udfs.SOCPASS_COUNT, udfs.SOCPASS_CHANGE, udfs.SOCPASS_SUMMARY)\n"
        "print(json.dumps({f.__name__: [f.__xlfunc__['ret']['doc']]"
        " + [a['doc'] for a in f.__xlfunc__['args']] for f in fs}))\n"
    )
    env = os.environ | {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    docs = json.loads(result.stdout)
    assert set(docs) == {"SOCPASS_COUNT", "SOCPASS_CHANGE", "SOCPASS_SUMMARY"}
    for texts in docs.values():
        for text in texts:
            assert len(text) <= 255  # Excel cuts longer descriptions
            assert " / " in text and not text.startswith("Positional argument")
            assert re.search("[әіңғүұқөһ]", text) and re.search("[а-я]", text)  # Kazakh, Russian
