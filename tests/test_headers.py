"""Headers as people write them: real registers' wordings, spaces and hyphens, Latin look-alike
letters, two-row headers; a near miss of a known header is an error naming both (never a column
silently read as empty, which would count a category as 0), an unrelated header is the school's own.
"""

from __future__ import annotations

import pytest
from socpass.core import schema
from socpass.core.schema import header_variants, sheet
from socpass.files.workbook_file import read_register
from support.cli import run_socpass
from support.records import sample_records, to_values, write_xlsx


def _with_header(tmp_path, sheet_key: str, column: str, typed: str, lang: str = "kk"):
    """The sample register with one header replaced by what a school typed."""
    values = to_values(sample_records(lang), lang)
    header = values[sheet(sheet_key).name(lang)][0]
    header[header.index(sheet(sheet_key).column(column).header(lang))] = typed
    return read_register(write_xlsx(tmp_path / "r.xlsx", values))


@pytest.mark.parametrize(
    ("column", "typed"),
    [
        ("cat_large_family", "Көп балалы отбасы"),
        ("cat_low_income", "Малообеспеченные"),
        ("full_name", "Оқушының аты-жөні"),
        ("class", "Сыныбы"),
        ("address", "Мекен-жайы"),
        ("guardian", "Ата-анасының аты-жөні"),
        ("phone", "Байланыс телефоны"),
        ("coordinator", "Сынып жетекшісінің аты-жөні"),
    ],
)
def test_header_variants_of_real_registers_are_read(tmp_path, column, typed):
    register = read_register(write_xlsx(tmp_path / "plain.xlsx", to_values(sample_records())))
    changed = _with_header(tmp_path, "pupils", column, typed)
    assert changed.findings == []
    assert changed.frames["pupils"][column].tolist() == register.frames["pupils"][column].tolist()


@pytest.mark.parametrize(
    ("column", "typed"),
    [
        ("cat_large_family", "КӨПБАЛАЛЫ  ОТБАСЫ"),  # case and a double space
        ("cat_large_family", "Көп-балалы отбасы"),  # a hyphen
        ("address", "Мекенжайы:"),  # a colon
        ("full_name", "Т. А. Ә."),  # dots and spaces
        ("class", "Cынып"),  # a Latin C
        ("family_id", "ОТБАСЫ-ID"),
        ("cat_no_parental_care", "Ата-ана қамқорлығынсыз қалған"),
        ("cat_step_parent", "Отчим (мачеха)"),
        ("cat_disability", "Ребенок с инвалидностью"),  # ё written as е
    ],
)
def test_headers_match_after_folding_case_spaces_hyphens_and_look_alikes(tmp_path, column, typed):
    plain = read_register(write_xlsx(tmp_path / "plain.xlsx", to_values(sample_records())))
    changed = _with_header(tmp_path, "pupils", column, typed)
    assert changed.findings == []
    assert changed.frames["pupils"][column].tolist() == plain.frames["pupils"][column].tolist()


def test_no_two_columns_of_a_sheet_share_a_header_variant():
    for sh in schema.SHEETS:
        seen: dict[str, str] = {}
        for col in sh.layout():
            for variant in header_variants(col):
                assert seen.setdefault(variant, col.key) == col.key, (sh.key, variant)


def test_russian_short_forms_are_read(tmp_path):
    values = to_values(sample_records("ru"), "ru")
    header = values["Посещаемость"][0]
    header[header.index("Пропущено без уважительной причины")] = "Без ув. причины"
    header[header.index("Уроков по плану")] = "Кол-во уроков по плану"
    header[header.index("Опоздания")] = "Кол-во опозданий"
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    assert register.frames["attendance"]["missed_unexcused"].tolist()[0] == 12


# --------------------------------------------------------------------------- misspellings


def test_a_misspelt_category_header_is_an_error_naming_both(tmp_path):
    register = _with_header(tmp_path, "pupils", "cat_large_family", "Көп балалы отб.")
    [error] = register.errors
    assert (error.code, error.sheet, error.row, error.column) == (
        "misspelt_column",
        "Оқушылар",
        1,
        "Көп балалы отб.",
    )
    assert error.text("kk").startswith(
        "«Көп балалы отб.» бағаны «Көпбалалы отбасы» бағанына ұқсайды"
    )
    assert "«Көп балалы отб.» похож на «Көпбалалы отбасы»" in error.text("ru")
    # the column is not counted as 0 behind the user's back: it is not warned about again either
    assert [f.code for f in register.warnings] == []


def _without(values, name: str, headers: list[str]) -> None:
    """Drop the columns with these headers from a sheet's rows (an older or leaner register)."""
    keep = [i for i, h in enumerate(values[name][0]) if h not in headers]
    values[name] = [[row[i] for i in keep] for row in values[name]]


@pytest.mark.parametrize(
    ("sheet_key", "typed"),
    [
        ("pupils", "Ескертпе"),
        ("pupils", "Примечание"),
        ("pupils", "Туған жері"),  # birthplace, not the birth date
        ("pupils", "Телефоны"),  # a second phone, beside the phone column
        ("attendance", "Ескертпе"),
    ],
)
def test_a_schools_own_column_is_not_taken_for_a_misspelling(tmp_path, sheet_key, typed):
    # a register made before the arrival and leaving columns: they are missing, and the school's
    # own columns must not be taken for misspellings of them (or of anything else)
    values = to_values(sample_records("kk"), "kk")
    _without(values, "Оқушылар", ["Келген күні", "Кеткен күні", "Кету себебі"])
    _without(values, "Сабаққа қатысу", ["Кешігу"])
    rows = values[sheet(sheet_key).name("kk")]
    values[sheet(sheet_key).name("kk")] = [rows[0] + [typed], *(r + ["x"] for r in rows[1:])]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []


def test_a_header_matching_a_variant_exactly_is_never_fuzzed(tmp_path):
    # «Дәлелді жіберді» (excused) is 90 % like «Дәлелсіз жіберді» (unexcused): with the unexcused
    # column missing, it is still read as what it says, not reported as a misspelling
    values = to_values(sample_records("kk"), "kk")
    _without(values, "Сабаққа қатысу", ["Дәлелсіз жіберді"])
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    assert register.frames["attendance"]["missed_excused"].fillna(0).tolist() == [0, 4]
    assert register.frames["attendance"]["missed_unexcused"].isna().all()


@pytest.mark.parametrize("command", ["summary", "report"])
def test_summary_and_report_refuse_a_misspelt_large_family_header(tmp_path, command):
    values = to_values(sample_records("kk"), "kk")
    header = values["Оқушылар"][0]
    header[header.index("Көпбалалы отбасы")] = "Көп балалы отб."
    path = write_xlsx(tmp_path / "r.xlsx", values)
    run = run_socpass(command, path)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "«Көп балалы отб.» бағаны «Көпбалалы отбасы» бағанына ұқсайды" in run.stderr
    assert not list(tmp_path.glob("*.docx"))


# --------------------------------------------------------------------------- absent columns


def test_an_absent_category_column_is_a_warning_that_summary_repeats(tmp_path):
    values = to_values(sample_records("ru"), "ru")
    at = values["Учащиеся"][0].index("Многодетная семья")
    values["Учащиеся"] = [row[:at] + row[at + 1 :] for row in values["Учащиеся"]]
    path = write_xlsx(tmp_path / "r.xlsx", values)
    register = read_register(path)
    [warning] = register.warnings
    assert (warning.code, warning.row, warning.column) == (
        "absent_counted_column",
        1,
        "Многодетная семья",
    )
    run = run_socpass("summary", path)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    row = next(line for line in lines if line.startswith("Многодетная семья"))
    assert row.startswith("Многодетная семья *")
    note = (
        "* Нет столбца «Многодетная семья», поэтому в паспорте этот показатель считается равным 0"
    )
    assert note in lines


# --------------------------------------------------------------------------- two-row header


def test_a_two_row_header_with_a_group_row_over_the_categories_is_read(tmp_path):
    values = to_values(sample_records("kk"), "kk")
    header, *rows = values["Оқушылар"]
    categories = [c.header.kk for c in sheet("pupils").columns if c.key.startswith("cat_")]
    first = header.index(categories[0])
    # row 1: the group's name over the categories (merged: only its first cell holds it) and the
    # other headers merged down; row 2: the categories as the school wrote them
    upper = [None if h in categories else h for h in header]
    upper[first] = "Әлеуметтік санаты"
    lower = [h if h in categories else None for h in header]
    lower[header.index("Көпбалалы отбасы")] = "Көп балалы"
    values["Оқушылар"] = [upper, lower, *rows]
    register = read_register(write_xlsx(tmp_path / "r.xlsx", values))
    assert register.findings == []
    pupils = register.frames["pupils"]
    assert pupils["_row"].tolist() == [3, 4, 5]
    assert pupils["cat_large_family"].tolist() == [True, True, False]
    assert pupils["full_name"].tolist()[0] == "Тестов Арман"
