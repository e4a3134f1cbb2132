"""The synthetic demo school: deterministic, realistic rates, coherent data, and it validates."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from socpass.cli import main
from socpass.core.passport import count_metrics
from socpass.core.schema import DIRECTIONS, QUADRANTS, TIERS, sheet
from socpass.core.school_year import SchoolYear
from socpass.demo import generate_demo
from socpass.files.workbook_file import read_register
from socpass.render.control import DASHBOARD_FIRST_COL as FIRST_COL
from socpass.render.dashboard import PLANS_TOTAL
from socpass.render.workbook import write_register
from support.cli import run_socpass
from support.report import docx_text

REFERRING_SHEETS = ("attendance", "academic", "behaviour", "aid", "plans")


@pytest.fixture(scope="module")
def demo_kk():
    return generate_demo()


def _iin_is_valid(iin: str) -> bool:
    """The public mod-11 rule, written out again here as an independent oracle."""
    digits = [int(c) for c in iin]
    rest = sum(d * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11
    if rest == 10:
        rest = (
            sum(
                d * w for d, w in zip(digits[:11], (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)
            )
            % 11
        )
    return rest != 10 and rest == digits[11]


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_register():
    frames_a, settings_a = generate_demo(pupils=300, seed=11)
    frames_b, settings_b = generate_demo(pupils=300, seed=11)
    assert settings_a == settings_b
    assert frames_a.keys() == frames_b.keys()
    for key in frames_a:
        pd.testing.assert_frame_equal(frames_a[key], frames_b[key])


def test_different_seed_gives_a_different_school():
    a = generate_demo(pupils=300, seed=11)[0]["pupils"]
    b = generate_demo(pupils=300, seed=12)[0]["pupils"]
    assert len(a) == len(b) == 300
    assert (a["full_name"] != b["full_name"]).mean() > 0.9
    assert set(a["iin"]).isdisjoint(set(b["iin"]))


def test_languages_describe_the_same_school(demo_kk):
    frames_ru, settings_ru = generate_demo(lang="ru")
    frames_kk, settings_kk = demo_kk
    same = ["id", "iin", "full_name", "class", "family_id", "cat_large_family", "reg_police"]
    pd.testing.assert_frame_equal(frames_kk["pupils"][same], frames_ru["pupils"][same])
    pd.testing.assert_frame_equal(frames_kk["attendance"], frames_ru["attendance"])
    assert (frames_kk["events"]["title"] != frames_ru["events"]["title"]).all()
    assert frames_ru["pupils"]["address"].str.startswith("ул. ").all()
    assert frames_kk["pupils"]["address"].str.contains("көшесі").all()
    assert settings_kk["language"] == "kk" and settings_ru["language"] == "ru"
    assert "мектеп" in settings_kk["school_name"] and "школа" in settings_ru["school_name"]


# --------------------------------------------------------------------------- the school


def test_frames_have_the_schema_columns(demo_kk):
    frames, _ = demo_kk
    for key, frame in frames.items():
        assert list(frame.columns) == list(sheet(key).column_keys), key


def test_grades_and_parallels(demo_kk):
    pupils = demo_kk[0]["pupils"]
    classes = set(pupils["class"])
    grades = {int(c[:-1]) for c in classes}
    assert grades == set(range(12))
    assert {"5А", "5Ә", "5Б"} <= classes
    assert 35 <= len(classes) <= 50
    sizes = pupils.groupby("class").size()
    assert sizes.between(10, 32).all()
    per_class = pupils.groupby("class")["coordinator"].nunique()
    assert (per_class == 1).all()
    assert pupils.groupby("coordinator")["class"].nunique().max() == 1


@pytest.mark.parametrize("seed", [2025, 1, 77])
def test_category_rates_are_those_of_the_source_report(seed):
    pupils = generate_demo(pupils=1000, seed=seed)[0]["pupils"]
    counts = {m: (c.pupils, c.families) for m, c in count_metrics(pupils).items()}
    assert len(pupils) == 1000

    def within(metric, pupils_range, families_range=None):
        p, f = counts[metric]
        assert pupils_range[0] <= p <= pupils_range[1], (metric, p)
        if families_range:
            assert families_range[0] <= f <= families_range[1], (metric, f)

    within("large_family", (330, 450), (130, 190))
    within("single_parent", (95, 160), (55, 75))
    within("low_income", (28, 55), (18, 28))
    within("step_parent", (6, 14), (5, 10))
    within("half_orphan", (14, 36))
    within("orphan", (3, 7))
    within("disability", (3, 10))
    within("reg_intra_school", (8, 12))
    within("reg_risk_group", (6, 10))
    within("reg_police", (2, 3))
    within("reg_commission", (1, 1))
    within("meals_fund", (18, 26))
    within("meals_tenant", (1, 1))
    assert 1 <= pupils["home_schooled"].sum() <= 5


def test_iins_pass_the_check_digit_and_match_birth_date_and_sex(demo_kk):
    pupils = demo_kk[0]["pupils"]
    assert pupils["iin"].is_unique
    for iin, born, sex in zip(pupils["iin"], pupils["birth_date"], pupils["sex"], strict=True):
        assert len(iin) == 12 and iin.isdigit()
        assert _iin_is_valid(iin), iin
        assert iin[:6] == born.strftime("%y%m%d")
        assert iin[6] == ("5" if sex == "m" else "6")  # born in the 2000s


def test_birth_dates_fit_the_grade(demo_kk):
    pupils = demo_kk[0]["pupils"]
    grade = pupils["class"].str[:-1].astype(int)
    age_on_sept_1 = (pd.Timestamp("2025-09-01") - pupils["birth_date"]).dt.days / 365.25
    assert ((age_on_sept_1 - grade).between(5, 7.01)).all()


def test_siblings_share_family_data(demo_kk):
    pupils = demo_kk[0]["pupils"]
    family_level = [
        "address", "guardian", "phone", "cat_large_family", "cat_single_parent",
        "cat_low_income", "cat_step_parent", "cat_half_orphan",
    ]  # fmt: skip
    per_family = pupils.groupby("family_id")[family_level].nunique()
    assert (per_family == 1).all().all()
    sizes = pupils.groupby("family_id").size()
    assert (sizes >= 2).sum() >= 150
    # siblings are in different grades (no two children of a family in one grade)
    grades = pupils["class"].str[:-1]
    assert not pupils.assign(grade=grades).duplicated(["family_id", "grade"]).any()
    # one surname root per family: a sister's surname starts with her brother's
    roots = pupils["full_name"].str.split().str[0].str.removesuffix("а")
    assert (roots.groupby(pupils["family_id"]).nunique() == 1).all()


def test_registers_nest_like_real_ones(demo_kk):
    pupils = demo_kk[0]["pupils"]
    assert (pupils["reg_intra_school"] | ~pupils["reg_police"]).all()  # police ⊂ intra-school
    assert (pupils["reg_police"] | ~pupils["reg_commission"]).all()
    for reg in ("intra_school", "risk_group", "police", "commission", "ped_support"):
        on = pupils[f"reg_{reg}"]
        assert pupils.loc[on, f"reg_{reg}_date"].notna().all()
        assert pupils.loc[~on, f"reg_{reg}_date"].isna().all()


def test_attendance_missed_never_exceeds_planned(demo_kk):
    attendance = demo_kk[0]["attendance"]
    pupils = demo_kk[0]["pupils"]
    all_year = pupils.loc[pupils["arrived"].isna() & pupils["left"].isna(), "id"]
    assert (attendance[["planned", "missed_unexcused", "missed_excused", "late"]] >= 0).all().all()
    assert (
        attendance["missed_unexcused"] + attendance["missed_excused"] <= attendance["planned"]
    ).all()
    months = attendance.groupby("pupil_id")["month"].nunique()
    assert months[all_year].eq(9).all()  # a row a month for a pupil at school all year
    assert len(attendance) < 1000 * 9  # ... and only while at school for who came or left
    year = attendance.groupby("pupil_id")[["planned", "missed_unexcused"]].sum()
    share = year["missed_unexcused"] / year["planned"]
    assert share.median() < 0.01  # most pupils miss little
    assert 0.03 <= (share >= 0.05).mean() <= 0.12  # a plausible tail
    assert share.max() <= 0.35


def test_academic_results_have_few_failing(demo_kk):
    academic = demo_kk[0]["academic"]
    assert set(academic["quarter"]) == {"1", "2", "3", "4"}
    last = academic[academic["quarter"] == "4"]
    assert 0.005 <= (last["failing_subjects"] > 0).mean() <= 0.08
    assert 1 <= academic.loc[academic["repeating"], "pupil_id"].nunique() <= 2


def test_incidents_aid_and_events(demo_kk):
    frames, _ = demo_kk
    behaviour = frames["behaviour"]
    assert 30 <= len(behaviour) <= 60
    assert behaviour["pupil_id"].duplicated().any()  # some pupils repeat
    assert {"violence", "bullying", "truancy"} <= set(behaviour["type"])
    aid = frames["aid"]
    road = aid[aid["source"] == "road_to_school"]
    assert 50 <= len(road) <= 64
    assert (road["status"] == "granted").mean() > 0.8
    assert road.loc[road["kind"] == "money", "amount"].sum() == 60_000
    assert {"uniform", "stationery", "food"} <= set(road["kind"])
    assert (aid["source"] == "resolution_64").sum() >= 5
    events = frames["events"]
    assert set(events["direction"]) == {d.key for d in DIRECTIONS}
    assert (events["title"].str.len() > 10).all() and (events["partner"] != "").all()
    swot = frames["swot"].groupby("quadrant").size()
    assert set(swot.index) == {q.key for q in QUADRANTS} and swot.between(2, 3).all()
    assert 4 <= len(frames["recommendations"]) <= 6


def test_dates_fall_in_the_school_year(demo_kk):
    frames, _ = demo_kk
    first, last = pd.Timestamp(date(2025, 8, 1)), pd.Timestamp(date(2026, 5, 31))
    for key, column in (
        ("behaviour", "date"),
        ("aid", "date"),
        ("events", "date"),
        ("plans", "start"),
    ):
        assert frames[key][column].between(first, last).all(), key
    assert (frames["behaviour"]["date"].dt.day_of_week < 5).all()


def test_history_holds_the_source_report_figures_for_the_oldest_year(demo_kk):
    history = demo_kk[0]["history"]
    assert sorted(set(history["school_year"])) == ["2023-2024", "2024-2025"]
    oldest = history[history["school_year"] == "2023-2024"].set_index("metric")
    assert tuple(oldest.loc["single_parent", ["pupils", "families"]]) == (135, 78)
    assert tuple(oldest.loc["large_family", ["pupils", "families"]]) == (475, 320)
    assert tuple(oldest.loc["low_income", ["pupils", "families"]]) == (45, 35)
    assert tuple(oldest.loc["step_parent", ["pupils", "families"]]) == (12, 10)
    assert oldest.loc["orphan", "pupils"] == 3 and pd.isna(oldest.loc["orphan", "families"])
    assert oldest.loc["meals_fund", "pupils"] == 37 and oldest.loc["meals_tenant", "pupils"] == 1
    assert (
        history["families"].dropna() <= history.loc[history["families"].notna(), "pupils"]
    ).all()


@pytest.mark.parametrize("pupils", [1, 7, 40, 1000])
def test_every_reference_points_to_an_existing_pupil(pupils, demo_kk):
    frames = demo_kk[0] if pupils == 1000 else generate_demo(pupils=pupils)[0]
    ids = set(frames["pupils"]["id"])
    assert len(ids) == pupils
    for key in REFERRING_SHEETS:
        assert set(frames[key]["pupil_id"]) <= ids, key
    supported = set(frames["pupils"].loc[frames["pupils"]["reg_ped_support"], "id"])
    assert set(frames["plans"]["pupil_id"]) == supported


# --------------------------------------------------------------------------- written register


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_written_demo_reads_back_identical_with_no_findings(tmp_path, lang):
    frames, settings = generate_demo(pupils=250, seed=3, lang=lang)
    path = write_register(tmp_path / f"demo_{lang}.xlsx", lang, frames, settings)
    register = read_register(path)
    assert register.findings == []
    assert register.lang == lang
    assert register.settings["school_name"] == settings["school_name"]
    for key, frame in frames.items():
        back = register.frames[key].drop(columns="_row").reset_index(drop=True)
        pd.testing.assert_frame_equal(back, frame, obj=key)


@pytest.mark.slow
def test_demo_command_writes_a_register_that_validates(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "out"), "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    path = tmp_path / "out" / "demo_register_ru.xlsx"
    assert path.is_file()
    assert "учащихся — 1000" in out and "ошибок — 0" in out and str(path) in out
    assert main(["validate", str(path)]) == 0


@pytest.mark.slow
def test_readme_first_command_then_validate(tmp_path):
    """The README's quick start: `socpass demo` in a fresh folder, then `socpass validate` passes."""
    demo = run_socpass("demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "Traceback" not in demo.stderr
    path = tmp_path / "socpass-demo" / "demo_register_kk.xlsx"
    check = run_socpass("validate", path)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pupils", "0"], "оқушы саны 1 мен"),
        (["--pupils", "-5"], "оқушы саны 1 мен"),
    ],
)
def test_demo_refuses_bad_pupil_counts(tmp_path, capsys, argv, message):
    assert main(["demo", "--out", str(tmp_path), "--lang", "kk", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not any(tmp_path.iterdir())


def test_demo_refuses_a_file_as_output_folder(tmp_path, capsys):
    target = tmp_path / "not_a_folder"
    target.write_bytes(b"keep me")
    assert main(["demo", "--out", str(target), "--lang", "ru"]) == 2
    assert "не папка" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_demo_writes_its_flags_into_the_register_and_the_report_counts_the_same(
    tmp_path, capsys, lang
):
    """The register's early-warning sheet, its dashboard block and the report say one number."""
    assert main(["demo", "--out", str(tmp_path), "--pupils", "300", "--lang", lang]) == 0
    out = capsys.readouterr().out
    register = read_register(tmp_path / f"demo_register_{lang}.xlsx")
    risk, plans = register.frames["risk"], register.frames["plans"]
    active = risk[risk["status"].isin(["new", "continuing"])]
    assert len(active) > 0 and len(active) == len(risk)  # a first run: everybody is new
    assert not list(tmp_path.glob("demo_risk_*"))  # no separate file any more
    new = f"жаңа — {len(active)}," if lang == "kk" else f"новых — {len(active)},"
    assert new in out

    text = docx_text(next(tmp_path.glob("report_*.docx")))
    said = (
        re.search(r"ЕАЖ тізімінде (\d+) оқушы бар", text)
        if lang == "kk"
        else re.search(r"в списке СРП (\d+) учащ", text)
    )
    assert int(said.group(1)) == len(active)
    plans_said = "Жеке қолдау жоспарлары" if lang == "kk" else "Индивидуальных планов поддержки"
    assert f"{plans_said} – {len(plans)}," in text

    book = CalamineWorkbook.from_path(str(tmp_path / f"demo_register_{lang}.xlsx"))
    rows = book.get_sheet_by_name(sheet("control").name(lang)).to_python()
    block = {row[FIRST_COL]: row[FIRST_COL + 1] for row in rows if len(row) > FIRST_COL + 1}
    tier = sheet("risk").column("tier").header(lang)
    labels = {t.key: t.label(lang) for t in TIERS}
    for key in ("targeted", "intensive"):
        assert block[f"{tier}: {labels[key]}"] == int((active["tier"] == key).sum())
    assert block[PLANS_TOTAL(lang)] == len(plans)


def test_a_few_pupils_arrive_and_leave_with_their_history_only_while_at_school(demo_kk):
    frames, _ = demo_kk
    pupils = frames["pupils"]
    left, arrived = pupils[pupils["left"].notna()], pupils[pupils["arrived"].notna()]
    assert 10 <= len(left) <= 20 and 8 <= len(arrived) <= 16
    assert set(left["id"]).isdisjoint(arrived["id"])
    reasons = left["left_reason"].value_counts()
    assert reasons.index[0] == "other_school"  # most move to the new school nearby
    assert pupils.loc[pupils["left"].isna(), "left_reason"].isna().all()
    year = SchoolYear.parse("2025-2026")
    for _, pupil in left.iterrows():
        months = frames["attendance"].loc[frames["attendance"]["pupil_id"] == pupil["id"], "month"]
        assert all(pd.Timestamp(year.month_start(int(m))) < pupil["left"] for m in months)
    for _, pupil in arrived.iterrows():
        months = frames["attendance"].loc[frames["attendance"]["pupil_id"] == pupil["id"], "month"]
        assert all(pd.Timestamp(year.month_end(int(m))) >= pupil["arrived"] for m in months)
        assert len(months) >= 1
