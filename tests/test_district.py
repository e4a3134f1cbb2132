"""The school's return and the district's roll-up, piece by piece (the whole folder of schools
consolidated on Dask is in test_district_folder.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from socpass.core import aggregates as agg
from socpass.core.aggregates import (
    AGGREGATE_KEYS,
    AGGREGATES,
    FORMAT_VERSION,
    SchoolFigures,
    SchoolIdentity,
    school_figures,
    suppress_small,
)
from socpass.core.district import ExpectedSchool, Refusal, roll_up
from socpass.core.district_report import build_district_context
from socpass.core.findings import SocpassError
from socpass.core.passport import register_summary
from socpass.core.register import typed_frame
from socpass.core.risk import flag, tier_summary
from socpass.core.risk_rules import INDICATORS
from socpass.core.roll import NO_REASON, movement, pupils_on_roll
from socpass.core.schema import (
    AID_KINDS,
    AID_SOURCES,
    DIRECTIONS,
    GRADES,
    HISTORY_METRICS,
    LEAVING_REASONS,
    TIERS,
    Text,
)
from socpass.core.school_year import SchoolYear
from socpass.core.values import CellError, to_school_code
from socpass.demo import generate_demo
from socpass.files.district_inputs import expand, read_expected
from socpass.files.school_file import read_school, read_school_or_refusal
from socpass.files.workbook_file import read_register
from socpass.render.district_report import district_template
from socpass.render.return_workbook import write_return
from socpass.render.workbook import write_register
from support.cli import run_socpass
from support.records import make_iin, sample_records, to_values, write_xlsx
from support.scripts import load_script

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 5, 25)
YEAR = SchoolYear(2025)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frames, settings = generate_demo(pupils=90, seed=11, lang="ru")
    return write_register(
        tmp_path_factory.mktemp("district") / "school.xlsx", "ru", frames, settings
    )


@pytest.fixture(scope="module")
def demo_figures(demo_file: Path) -> SchoolFigures:
    return school_figures(read_register(demo_file), AS_OF, file=str(demo_file))


# --------------------------------------------------------------------------- the school code


def test_a_bin_must_carry_its_check_digit_and_a_nedb_code_is_4_to_11_digits():
    bin_ = make_iin(date(2003, 4, 1), "m")  # the same mod-11 check digit as an IIN
    assert to_school_code(f" {bin_[:4]} {bin_[4:]} ") == bin_
    wrong = bin_[:11] + str((int(bin_[11]) + 1) % 10)
    with pytest.raises(CellError) as info:
        to_school_code(wrong)
    assert (
        "бақылау цифры" in info.value.message.kk
        and "контрольная цифра БИН" in info.value.message.ru
    )
    assert to_school_code("123456") == "123456"
    for typo in ("17", "№ 17", "12345678901234", "12a456"):
        with pytest.raises(CellError):
            to_school_code(typo)


def test_a_wrong_school_code_in_settings_is_an_error_at_its_row(tmp_path: Path):
    records = sample_records("ru")
    next(r for r in records["settings"] if r["key"] == "school_code")["value"] = "123456789012"
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    [found] = [f for f in register.errors if f.code == "bad_school_code"]
    assert found.sheet == "Настройки" and found.column == "Значение" and found.row
    assert "123456789012" in found.text("ru")


def test_every_demo_school_has_its_own_valid_code_district_and_region():
    codes = set()
    for seed in range(8):
        settings = generate_demo(pupils=5, seed=seed)[1]
        codes.add(to_school_code(settings["school_code"]))
        assert settings["district"] and settings["region"]
    assert len(codes) == 8


# --------------------------------------------------------------------------- the figures


def test_the_return_counts_what_summary_flag_and_the_sheets_count(demo_file, demo_figures):
    register = read_register(demo_file)
    previous, rows = register_summary(register)
    assert previous == "2024-2025"
    for row in rows:
        assert demo_figures.value(f"passport.{row.metric}.pupils") == row.current_pupils
        assert (
            demo_figures.value(f"passport.{row.metric}.pupils", YEAR.previous)
            == row.previous_pupils
        )
        if row.current_families is not None:
            assert demo_figures.value(f"passport.{row.metric}.families") == row.current_families
    summary = tier_summary(flag(register, AS_OF))
    for tier in TIERS:
        assert demo_figures.value(f"risk.tier.{tier.key}") == summary["tiers"][tier.key]
        by_grade = sum(demo_figures.value(f"risk.grade.{g}.{tier.key}") for g in GRADES)
        assert by_grade == summary["tiers"][tier.key]
    aid = register.frame("aid")
    given = aid[aid["status"].isna() | (aid["status"] == "granted")]
    assert sum(demo_figures.value(f"aid.{s.key}.amount") for s in AID_SOURCES) == pytest.approx(
        float(given["amount"].fillna(0).sum())
    )
    assert sum(demo_figures.value(f"aid.{s.key}.applications") for s in AID_SOURCES) == len(aid)
    events = register.frame("events")
    assert sum(demo_figures.value(f"events.{d.key}.count") for d in DIRECTIONS) == len(events)
    assert demo_figures.value("plans.total") == len(register.frame("plans"))
    on_roll = pupils_on_roll(register.frame("pupils"), AS_OF)
    assert demo_figures.value("pupils.total") == len(on_roll) < len(register.frame("pupils"))
    moved = movement(register.frame("pupils"), register.school_year, AS_OF)
    assert demo_figures.value("movement.left") == moved.left > 0
    assert (
        sum(
            demo_figures.value(f"movement.left.{key}")
            for key in [*(c.key for c in LEAVING_REASONS), NO_REASON]
        )
        == moved.left
    )
    assert demo_figures.school.code == register.settings["school_code"]


def test_a_register_without_a_school_code_gets_no_return(tmp_path: Path):
    register = read_register(write_xlsx(tmp_path / "r.xlsx", to_values(sample_records("kk"))))
    with pytest.raises(SocpassError) as info:
        school_figures(register, AS_OF)
    assert info.value.exit_code == 1
    assert "Баптаулар" in info.value.text("kk") and "код школы" in info.value.text("ru")


def test_suppress_small_blanks_counts_1_to_4_and_the_aid_summed_over_them(demo_figures):
    public = suppress_small(demo_figures)
    assert public.suppressed
    for (key, year), value in demo_figures.values.items():
        item = agg.aggregate(key)
        shown = public.values[(key, year)]
        if item.unit in ("pupils", "families"):
            assert shown == (None if value in range(1, 5) else value), key
        elif item.count_key:
            count = demo_figures.values[(item.count_key, year)]
            assert shown == (None if count in range(1, 5) else value), key
        else:
            assert shown == value, key
    assert any(v is None for v in public.values.values())


# --------------------------------------------------------------------------- the return file


def test_a_return_reads_back_as_the_figures_it_was_written_from(tmp_path, demo_figures):
    path = write_return(tmp_path / "return.xlsx", demo_figures, "kk").path
    back = read_school(path, date(2030, 1, 1))  # a return keeps its own as-of date
    assert back.source == "return" and back.as_of == AS_OF
    assert back.school == demo_figures.school and back.school_year == demo_figures.school_year
    assert back.values == demo_figures.values
    assert {k for k, _ in back.values} == AGGREGATE_KEYS


def test_text_cells_stay_text_however_they_look(tmp_path, demo_figures):
    school = replace(demo_figures.school, name='=HYPERLINK("http://x")', district="+7 ауданы")
    path = write_return(tmp_path / "r.xlsx", replace(demo_figures, school=school), "ru").path
    book = openpyxl.load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert read_school(path, AS_OF).school.name == school.name


def _edit(path: Path, sheet: str, row: int, col: int, value: object, out: Path) -> Path:
    book = openpyxl.load_workbook(path)
    book[sheet].cell(row, col).value = value
    book.save(out)
    return out


@pytest.mark.parametrize(
    ("sheet", "row", "col", "value", "kk", "ru"),
    [
        ("about", 3, 2, FORMAT_VERSION + 1, "жаңа нұсқасында", "более новой версией socpass"),
        ("about", 2, 2, "something-else", "socpass жиынтығы емес", "не сводка socpass"),
        ("about", 2, 2, "socpass-district", "аудан бойынша жиынтық кітап", "сводная книга района"),
        ("about", 4, 2, "123456789012", "БСН", "контрольная цифра БИН"),
        (
            "data",
            5,
            1,
            "passport.unknown.pupils",
            "5-жол",
            "строка 5: показателя «passport.unknown",
        ),
        ("data", 5, 2, "2019-2020", "5-жол", "не относится к этой сводке"),
        ("data", 5, 3, "many", "5-жол", "строка 5: «many» — не число"),
        ("data", 5, 3, -3, "5-жол", "отрицательное число"),
        ("data", 5, 1, None, "көрсеткіш жоқ", "не хватает показателей: 1"),
    ],
)
def test_a_return_that_is_not_one_of_this_format_is_refused_by_file_sheet_and_row(
    tmp_path, demo_figures, sheet, row, col, value, kk, ru
):
    path = write_return(tmp_path / "return.xlsx", demo_figures, "kk").path
    broken = _edit(path, sheet, row, col, value, tmp_path / "broken.xlsx")
    if value is None:  # a whole row gone
        book = openpyxl.load_workbook(broken)
        book["data"].delete_rows(row)
        book.save(broken)
    refusal = read_school_or_refusal(str(broken), AS_OF)
    assert isinstance(refusal, Refusal)
    assert kk in refusal.reason("kk") and ru in refusal.reason("ru")
    assert "broken.xlsx" in refusal.reason("ru")


def test_a_repeated_row_is_refused(tmp_path, demo_figures):
    path = write_return(tmp_path / "return.xlsx", demo_figures, "kk").path
    book = openpyxl.load_workbook(path)
    data = book["data"]
    data.append([data.cell(2, 1).value, data.cell(2, 2).value, 5])
    book.save(path)
    refusal = read_school_or_refusal(str(path), AS_OF)
    assert isinstance(refusal, Refusal) and "указан повторно" in refusal.reason("ru")


def test_a_register_with_errors_is_refused_with_its_first_error(tmp_path):
    records = sample_records("ru")
    records["pupils"][0]["class"] = "15Я"
    path = write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru"))
    refusal = read_school_or_refusal(str(path), AS_OF)
    assert isinstance(refusal, Refusal)
    assert "в реестре ошибок: 1, первая — Учащиеся, строка 2, «Класс»" in refusal.reason("ru")
    assert "тізілімде 1 қате бар" in refusal.reason("kk")


# --------------------------------------------------------------------------- the district


def _school(code: str, year: SchoolYear = YEAR, file: str = "", **values: tuple) -> SchoolFigures:
    """Synthetic figures: every metric 0 this year and last, then `values` as (now, before)."""
    filled = {}
    for item in AGGREGATES:
        filled[(item.key, str(year))] = 0
        if item.both_years:
            filled[(item.key, str(year.previous))] = 0
    for key, (now, before) in values.items():
        key = key.replace("__", ".")
        filled[(key, str(year))] = now
        if before is not None or (key, str(year.previous)) in filled:
            filled[(key, str(year.previous))] = before
    identity = SchoolIdentity(code, f"№ {code[-2:]} мектеп", "Үлгі ауданы", "Үлгі облысы")
    return SchoolFigures(identity, year, AS_OF, "kk", filled, "return", file=file or code)


def test_a_second_file_of_a_school_another_year_and_a_public_return_are_refused():
    first = _school("100000000001", file="a.xlsx")
    again = _school("100000000001", file="b.xlsx")
    old = _school("100000000002", SchoolYear(2024), file="c.xlsx")
    public = replace(_school("100000000003", file="d.xlsx"), suppressed=True)
    broken = Refusal("e.xlsx", agg.SECTIONS["aid"])
    other = _school("100000000004", file="f.xlsx")
    district = roll_up(
        [first, again, old, public, broken, other], expected=[ExpectedSchool("100000000009", "X")]
    )
    assert district.school_year == YEAR
    assert [s.school.code for s in district.schools] == ["100000000001", "100000000004"]
    reasons = {r.file: r.reason("ru") for r in district.refused}
    assert list(reasons) == ["b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx"]  # in input order
    assert "уже есть (a.xlsx)" in reasons["b.xlsx"]
    assert "за 2024-2025 учебный год, а район сводится за 2025-2026" in reasons["c.xlsx"]
    assert "версия для публикации" in reasons["d.xlsx"]
    assert [m.code for m in district.missing] == ["100000000009"]


def test_totals_add_up_and_the_change_compares_like_with_like():
    a = _school("100000000001", passport__large_family__pupils=(30, 20))
    b = _school("100000000002", passport__large_family__pupils=(12, None))  # last year unknown
    total = roll_up([a, b]).total("passport.large_family.pupils")
    assert (total.previous, total.current, total.schools, total.compared) == (20, 42, 2, 1)
    assert total.change == pytest.approx(0.5)  # 20 -> 30 in the one school with both years


def test_schools_above_the_rule_of_thumb_are_marked():
    def school(code, pupils, targeted, intensive):
        return _school(
            code,
            risk__pupils=(pupils, None),
            risk__tier__targeted=(targeted, None),
            risk__tier__intensive=(intensive, None),
        )

    district = roll_up(
        [
            school("100000000001", 100, 15, 5),  # exactly at the rule: not above
            school("100000000002", 100, 16, 0),
            school("100000000003", 200, 0, 11),
            school("100000000004", 0, 0, 0),
        ]
    )
    above = {r.school.code: r.above for r in district.risks()}
    assert above == {
        "100000000001": (),
        "100000000002": ("targeted",),
        "100000000003": ("intensive",),
        "100000000004": (),
    }


def test_the_largest_rises_and_falls_are_in_pupils():
    district = roll_up(
        [
            _school("100000000001", passport__orphan__pupils=(2, 1)),  # +100 %, +1
            _school("100000000002", passport__large_family__pupils=(140, 120)),  # +20
            _school("100000000003", passport__low_income__pupils=(10, 25)),  # −15
        ]
    )
    rises, falls = district.changes()
    assert [(c.school.code, c.difference) for c in rises] == [
        ("100000000002", 20),
        ("100000000001", 1),
    ]
    assert [(c.school.code, c.metric, c.difference) for c in falls] == [
        ("100000000003", "low_income", -15)
    ]


# --------------------------------------------------------------------------- inputs


def test_inputs_are_files_folders_and_patterns_each_once(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "deep").mkdir()
    for name in (
        "a/1.xlsx",
        "a/deep/2.xlsm",
        "a/~$1.xlsx",
        "a/.hidden.xlsx",
        "a/notes.txt",
        "3.xlsx",
    ):
        (tmp_path / name).write_bytes(b"x")
    out = tmp_path / "a" / "district.xlsx"
    out.write_bytes(b"x")
    files, refused = expand(
        [
            str(tmp_path / "a"),
            str(tmp_path / "*.xlsx"),
            str(tmp_path / "a" / "1.xlsx"),
            "nowhere.xlsx",
            str(tmp_path / "z*.xlsx"),
        ],
        leave_out=[out],
    )
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a/1.xlsx",
        "a/deep/2.xlsm",
        "3.xlsx",
    ]
    assert [(r.file, r.reason("ru")) for r in refused] == [
        ("nowhere.xlsx", "нет такого файла или папки"),
        (str(tmp_path / "z*.xlsx"), "нет файлов по этому шаблону"),
    ]


def test_the_list_of_expected_schools_has_a_header_or_not(tmp_path: Path):
    path = tmp_path / "schools.csv"
    path.write_text("код;название\n100000000001;Школа № 1\n123456;Мектеп\n", encoding="utf-8")
    assert read_expected(path) == [
        ExpectedSchool("100000000001", "Школа № 1"),
        ExpectedSchool("123456", "Мектеп"),
    ]
    path.write_text("123456\n17\n", encoding="utf-8")
    with pytest.raises(SocpassError) as info:
        read_expected(path)
    assert "строка 2" in info.value.text("ru")


# --------------------------------------------------------------------------- the contract


def test_the_keys_page_documents_every_key_and_no_other():
    page = (REPO / "docs" / "district-return.md").read_text(encoding="utf-8")
    vocabulary = {
        "<metric>": [m.key for m in HISTORY_METRICS],
        "<source>": [s.key for s in AID_SOURCES],
        "<kind>": [k.key for k in AID_KINDS],
        "<tier>": [t.key for t in TIERS],
        "<indicator>": list(INDICATORS),
        "<grade>": [str(g) for g in GRADES],
        "<direction>": [d.key for d in DIRECTIONS],
        "<reason>": [*(c.key for c in LEAVING_REASONS), NO_REASON],
    }
    keys_table = page[page.index("## Metric keys") : page.index("Values of the placeholders")]
    documented = set(re.findall(r"^\| `([a-z_.<>]+)` \|", keys_table, flags=re.MULTILINE))
    expanded = {k for p in documented for k in _expand(p, vocabulary)}
    assert expanded >= AGGREGATE_KEYS  # every key is documented …
    assert all(any(k in AGGREGATE_KEYS for k in _expand(p, vocabulary)) for p in documented)
    for holder, values in vocabulary.items():  # … with every value of its placeholders
        line = page[page.index(f"- `{holder}`") :].split("\n- ")[0]
        shown = values if holder != "<grade>" else [values[0], values[-1]]
        assert all(f"`{v}`" in line for v in shown), holder


def _expand(pattern: str, vocabulary: dict[str, list[str]]) -> list[str]:
    keys = [pattern]
    for holder, values in vocabulary.items():
        if holder in pattern:
            keys = [k.replace(holder, v, 1) for k in keys for v in values]
    return keys


# --------------------------------------------------------------------------- the commands


@pytest.mark.slow
def test_return_command_writes_next_to_the_register_and_never_over_an_earlier_one(demo_file):
    first = run_socpass("return", demo_file, "--as-of", "2026-05-25")
    second = run_socpass("return", demo_file, "--as-of", "2026-05-25", "--suppress-small")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    code = read_register(demo_file).settings["school_code"]
    written = demo_file.with_name(f"return_{code}_2025-2026.xlsx")
    public = demo_file.with_name(f"return_{code}_2025-2026_public.xlsx")
    assert written.is_file() and public.is_file()
    assert str(written) in first.stdout and "Сводка для отдела образования записана" in first.stdout
    assert "Числа от 1 до 4 скрыты" in second.stderr
    third = run_socpass("return", demo_file, "--as-of", "2026-05-25")
    assert demo_file.with_name(f"return_{code}_2025-2026 (2).xlsx").is_file(), third.stderr


def test_return_command_refuses_a_register_without_a_code(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", to_values(sample_records("kk")))
    done = run_socpass("return", path)
    assert done.returncode == 1 and "мектептің коды" in done.stderr
    assert not list(tmp_path.glob("return_*"))


def test_only_consolidate_imports_dask():
    code = (
        "import sys, socpass.cli as c; c.build_parser(); "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "xl_functions")},
    )
    assert json.loads(done.stdout) == []


def test_built_in_district_templates_are_the_generated_ones(tmp_path):
    builder = load_script("tools/build_district_templates.py")
    for path in builder.main(tmp_path):
        assert path.read_bytes() == district_template(path.stem[-2:]).read_bytes(), (
            "report_templates/district_*.docx are stale: run python tools/build_district_templates.py"
        )


def test_the_district_report_names_the_schools_above_the_rule_and_the_files_not_counted():
    marked = _school(
        "100000000002",
        risk__pupils=(100, None),
        risk__tier__targeted=(20, None),
        risk__tier__intensive=(6, None),
    )
    calm = _school("100000000001", risk__pupils=(100, None), risk__tier__targeted=(3, None))
    broken = Refusal("e.xlsx", Text("бүлінген", "повреждён"))
    district = roll_up([calm, marked, broken], expected=[ExpectedSchool("123456", "Школа № 9")])
    values = build_district_context(district, "ru", date(2026, 6, 1)).values
    assert [r["school"] for r in values["above"]] == ["№ 02 мектеп (100000000002)"]
    assert values["above"][0]["marked"] == ", ".join(t.label("ru") for t in TIERS[1:])
    assert "внимания требуют школ: 1" in values["above_text"]
    assert values["refused"] == [{"file": "e.xlsx", "school": "", "reason": "повреждён"}]
    assert values["missing"] == [{"school": "Школа № 9 (123456)"}]
    assert "Не учтено файлов – 1, школ, от которых нет файла, – 1" in values["intro"]


def test_aid_counts_distinct_pupils_a_row_without_one_and_only_aid_given():
    aid = typed_frame(
        "aid",
        [
            {"pupil_id": "1", "kind": "money", "source": "sponsor", "amount": 1000.0},
            {"pupil_id": "1", "kind": "money", "source": "sponsor", "amount": 500.0},
            {"pupil_id": "", "kind": "money", "source": "sponsor", "amount": 200.0},
            {"pupil_id": "2", "kind": "food", "source": "sponsor", "status": "granted"},
            {
                "pupil_id": "3",
                "kind": "money",
                "source": "sponsor",
                "status": "refused",
                "amount": 9.0,
            },
            {"pupil_id": "4", "kind": "uniform", "source": "road_to_school", "status": "applied"},
        ],
    )
    values = agg._aid_values(aid)
    assert values["aid.sponsor.pupils"] == 3 and values["aid.sponsor.amount"] == 1700.0
    assert values["aid.sponsor.money.pupils"] == 2 and values["aid.sponsor.food.pupils"] == 1
    assert (
        values["aid.sponsor.applications"] == 5 and values["aid.road_to_school.applications"] == 1
    )
    assert values["aid.road_to_school.pupils"] == 0 and values["aid.other.money.amount"] == 0


def test_schools_beyond_excels_row_limit_go_on_to_a_second_sheet(tmp_path, monkeypatch):
    from socpass.render import district_workbook

    monkeypatch.setattr(district_workbook, "MAX_ROWS", 2 * len(AGGREGATES) + 1)
    district = roll_up([_school(f"10000000000{i}") for i in range(1, 4)])
    path = district_workbook.write_district_workbook(
        tmp_path / "d.xlsx", district, "kk", AS_OF
    ).path
    book = openpyxl.load_workbook(path)
    assert [len(book[n]["A"]) for n in ("Мектептер", "Мектептер 2")] == [
        1 + 2 * len(AGGREGATES),
        1 + len(AGGREGATES),
    ]
    codes = {c.value for n in ("Мектептер", "Мектептер 2") for c in book[n]["A"][1:]}
    assert codes == {"100000000001", "100000000002", "100000000003"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_district_report_says_the_dates_the_schools_counted_as_of(tmp_path, lang):
    from docx import Document
    from socpass.render.district_report import render_district_report

    early = replace(_school("100000000001"), as_of=date(2026, 5, 20))
    district = roll_up([early, _school("100000000002")])
    out = tmp_path / "district.docx"
    render_district_report(district, out, lang, date(2026, 6, 1))
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "20.05.2026–25.05.2026" in text
    assert "{{" not in text
