"""The annual report rendered to docx and read back: numbers, sentences, both languages, safety."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from socpass.core.findings import SocpassError
from socpass.core.formatting import format_change, format_number
from socpass.core.passport import register_summary
from socpass.core.register import RegisterData
from socpass.core.report_context import report_notes
from socpass.core.risk import flag, tier_summary
from socpass.core.schema import (
    CATEGORIES,
    DIRECTIONS,
    MEAL_SOURCES,
    REGISTERS,
    TIERS,
    category,
    setting,
    sheet,
)
from socpass.render.report import default_template, render_report
from support.report import (
    CURRENT,
    SOURCE_PREVIOUS,
    TODAY,
    demo_register,
    docx_text,
    source_register,
    table_rows,
)
from support.scripts import load_script

CATEGORY_TABLE, AID_TABLE, MEALS_TABLE, REGISTERS_TABLE, TIERS_TABLE, SWOT_TABLE = range(6)
INJECTION = "{{ 7*7 }} {% for x in y %} <w:p> Tom & Jerry \"quoted\" 'single'\nsecond line"


@pytest.fixture(scope="module", params=["kk", "ru"])
def demo_report(request, tmp_path_factory) -> tuple[RegisterData, Path]:
    register = demo_register(request.param)
    out = tmp_path_factory.mktemp("report") / f"report_{request.param}.docx"
    return register, render_report(register, out, today=TODAY)


def test_full_report_in_each_language(demo_report):
    register, path = demo_report
    lang = register.lang
    text = docx_text(path)
    for d in DIRECTIONS:
        assert d.label(lang) in text
    assert register.settings["school_name"] in text
    doc = docx.Document(str(path))
    assert len(doc.inline_shapes) >= 5  # figures 1-5 are real images
    for n in range(1, 7):  # six numbered captions, the SWOT table being figure 6
        caption = f"{n}-сурет. " if lang == "kk" else f"Рисунок {n}. "
        assert caption in text
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Caption"} <= styles
    # no leftover tags, no empty values from pandas or Python
    assert "{{" not in text and "{%" not in text
    assert not re.search(r"\b(nan|NaN|None|inf|NaT)\b", text)


def test_category_table_equals_the_passport_core(demo_report):
    register, path = demo_report
    lang = register.lang
    previous, summary = register_summary(register)
    rows = table_rows(path, CATEGORY_TABLE)
    assert previous in rows[0][1]
    body = {r[0]: r[1:] for r in rows[1:]}
    for row in summary[: len(CATEGORIES)]:
        expected = [
            row.previous_pupils,
            row.previous_families,
            row.current_pupils,
            row.current_families,
        ]
        shown = [None if v == "—" else v for v in body[row.label][:4]]
        assert shown == [None if v is None else format_number(v, lang) for v in expected]
        assert body[row.label][4:] == [row.change_pupils_text, row.change_families_text]


def test_registers_meals_and_risk_tables_equal_the_core(demo_report):
    register, path = demo_report
    lang = register.lang
    _, summary = register_summary(register)
    by_metric = {r.metric: r for r in summary}
    registers = {r[0]: r[1:] for r in table_rows(path, REGISTERS_TABLE)[1:]}
    for reg in REGISTERS:
        row = by_metric[f"reg_{reg.key}"]
        assert registers[reg.label(lang)][1] == format_number(row.current_pupils, lang)
    meals = {r[0]: r[1:] for r in table_rows(path, MEALS_TABLE)[1:]}
    for source in MEAL_SOURCES:
        row = by_metric[f"meals_{source.key}"]
        assert meals[source.label(lang)][1] == format_number(row.current_pupils, lang)
        assert meals[source.label(lang)][2] == row.change_pupils_text
    tiers = tier_summary(flag(register, TODAY))["tiers"]
    shown = {r[0]: r[1] for r in table_rows(path, TIERS_TABLE)[1:]}
    assert shown == {t.label(lang): format_number(tiers[t.key], lang) for t in TIERS}
    text = docx_text(path)
    flagged = tier_summary(flag(register, TODAY))["flagged"]
    assert f"– {format_number(flagged, lang)} (" in text


def test_aid_table_counts_the_aid_sheet(demo_report):
    register, path = demo_report
    aid = register.frames["aid"]
    road = aid[aid["source"] == "road_to_school"]
    rows = table_rows(path, AID_TABLE)[1:]
    assert rows[0][1] == format_number(len(road), register.lang)  # applications
    granted = road[road["status"].isna() | (road["status"] == "granted")]
    uniform = granted[granted["kind"] == "uniform"]["pupil_id"].nunique()
    assert [r[1] for r in rows if r[0] in ("Мектеп формасы", "Школьная форма")] == [str(uniform)]


def test_swot_and_recommendations_from_their_sheets(demo_report):
    register, path = demo_report
    swot_cells = "\n".join(c for row in table_rows(path, SWOT_TABLE) for c in row)
    for item in register.frames["swot"]["text"]:
        assert item in swot_cells
    text = docx_text(path)
    for i, rec in enumerate(register.frames["recommendations"]["text"], start=1):
        assert f"{i}. {rec}" in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_source_report_figures_give_the_changes_and_endings(lang, tmp_path):
    register = source_register(lang)
    path = render_report(register, tmp_path / "r.docx", today=TODAY)
    body = {r[0]: r[1:] for r in table_rows(path, CATEGORY_TABLE)[1:]}
    for key, (pupils, families) in SOURCE_PREVIOUS.items():
        row = body[category(key).label(lang)]
        now = CURRENT[key]
        assert row[0] == str(pupils)
        assert row[2] == str(now)
        # the one formula: (current - previous) / previous, one decimal, decimal comma
        assert row[4] == format_change(pupils, now, lang)
        if families is not None:
            assert (row[1], row[3]) == (str(families), str(now))
            assert row[5] == format_change(families, now, lang)
    large = body[category("large_family").label(lang)]
    assert large[4] == "−18,1\u00a0%"  # (389 - 475) / 475
    assert large[5] == "+21,6\u00a0%"  # families: (389 - 320) / 320
    assert body[category("low_income").label(lang)][4] == "−17,8\u00a0%"
    assert body[category("orphan").label(lang)][4] == "+66,7\u00a0%"
    text = docx_text(path)
    if lang == "kk":
        assert "«Жетім» санатында байқалды: 3 оқушыдан 5 оқушыға дейін (+66,7\u00a0%)" in text
        # the largest fall is the step-parent category: 12 -> 9 is -25 %
        assert (
            "«Өгей ата-анасымен тұратын» санатында: 12 оқушыдан 9 оқушыға дейін (−25,0\u00a0%)"
            in text
        )
    else:
        assert "в категории «Сирота»: с 3 до 5 учащихся (+66,7\u00a0%)" in text
        assert (
            "в категории «Проживает с отчимом (мачехой)»: с 12 до 9 учащихся (−25,0\u00a0%)" in text
        )
    # a category with no previous-year row shows "—", never a made-up change
    assert body[category("disability").label(lang)][0] == "—"


def _with_user_text(register: RegisterData, text: str) -> RegisterData:
    frames = dict(register.frames)
    events = frames["events"].copy()
    events.loc[events.index[0], "title"] = text
    events.loc[events.index[0], "summary"] = text
    swot = frames["swot"].copy()
    swot.loc[swot.index[0], "text"] = text
    recommendations = frames["recommendations"].copy()
    recommendations.loc[recommendations.index[0], "text"] = text
    frames.update(events=events, swot=swot, recommendations=recommendations)
    settings = {**register.settings, "school_name": text}
    return RegisterData(register.lang, frames, settings)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_user_text_appears_literally(lang, tmp_path):
    register = _with_user_text(demo_register(lang, pupils=150), INJECTION)
    path = render_report(register, tmp_path / "r.docx", today=TODAY)
    text = docx_text(path)
    # school name, event, SWOT item, recommendation: at least four literal copies
    assert text.count(INJECTION) >= 4
    assert "49" not in text.split(INJECTION)[0]  # the title line was not evaluated
    assert "\x07" not in text


@pytest.mark.slow
def test_control_characters_do_not_break_the_document(tmp_path):
    register = _with_user_text(demo_register("kk", pupils=150), "a\x07b\x0cc\x00d")
    path = render_report(register, tmp_path / "r.docx", today=TODAY)
    assert "abcd" in docx_text(path)


@pytest.mark.slow
def test_rendering_twice_gives_the_same_document(tmp_path):
    register = demo_register("ru", pupils=150)
    first = render_report(register, tmp_path / "a.docx", today=TODAY)
    second = render_report(register, tmp_path / "b.docx", today=TODAY)
    assert docx_text(first) == docx_text(second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.slow
def test_report_language_can_differ_from_the_register(tmp_path):
    register = demo_register("kk", pupils=150)
    path = render_report(register, tmp_path / "r.docx", lang="ru", today=TODAY)
    text = docx_text(path)
    assert "Рисунок 1." in text
    assert category("large_family").label.ru in text


def _template(tmp_path: Path, *paragraphs: str) -> Path:
    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    path = tmp_path / "school_template.docx"
    doc.save(str(path))
    return path


@pytest.mark.slow
def test_school_template_from_settings_relative_to_the_workbook(tmp_path):
    register = demo_register("kk", pupils=150)
    _template(tmp_path, "Мектеп: {{ school_name }}; {{ fig.categories.caption }}")
    register.source = tmp_path / "register.xlsx"
    register.settings["report_template"] = "school_template.docx"
    path = render_report(register, tmp_path / "r.docx", today=TODAY)
    assert docx_text(path).startswith(f"Мектеп: {register.settings['school_name']}; 1-сурет.")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{{ school_name ", "school_name"),  # unclosed tag: the text near it is named
        ("{% for x in directions %}{{ x }}", "directions"),  # missing endfor
        ("{{ scool_name }}", "scool_name"),  # a misspelt name
        ("{{ ''.__class__.__mro__ }}", "__class__"),  # the sandbox refuses
    ],
)
def test_broken_school_template_names_the_tag(tmp_path, tag, expected):
    template = _template(tmp_path, "Кіріспе", tag, "Қорытынды")
    with pytest.raises(SocpassError) as info:
        render_report(demo_register("kk", pupils=60), tmp_path / "r.docx", template=template)
    assert info.value.exit_code == 2
    for lang in ("kk", "ru"):
        message = info.value.text(lang)
        assert expected in message
        assert str(template) in message
    assert not (tmp_path / "r.docx").exists()


def test_missing_or_invalid_template(tmp_path):
    register = demo_register("kk", pupils=60)
    with pytest.raises(SocpassError, match="not_there.docx"):
        render_report(register, tmp_path / "r.docx", template=tmp_path / "not_there.docx")
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(SocpassError) as info:
        render_report(register, tmp_path / "r.docx", template=fake)
    assert "docx" in info.value.text("kk")


def test_built_in_templates_are_the_generated_ones(tmp_path):
    builder = load_script("tools/build_report_templates.py")
    for path in builder.main(tmp_path):
        assert path.read_bytes() == default_template(path.stem[-2:]).read_bytes(), (
            "report_templates/*.docx are stale: run python tools/build_report_templates.py"
        )


def test_signed_by_the_pedagogue_and_approved_by_the_director(demo_report):
    register, path = demo_report
    doc = docx.Document(str(path))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    head = "\n".join(p.text for p in paragraphs[:4])
    assert ("БЕКІТЕМІН" if register.lang == "kk" else "УТВЕРЖДАЮ") in head
    assert register.settings["director"] in head
    sign, dated = paragraphs[-2], paragraphs[-1]
    assert register.settings["pedagogue"] in sign.text and "____" in sign.text
    assert dated.text.endswith(TODAY.strftime("%d.%m.%Y"))  # the `today` given, dd.mm.yyyy
    # the last recommendation keeps with the signature, which keeps with the date
    assert paragraphs[-3].text.startswith(f"{len(register.frames['recommendations'])}. ")
    assert paragraphs[-3].paragraph_format.keep_with_next
    assert sign.paragraph_format.keep_with_next


def test_small_tables_do_not_break_across_pages(demo_report):
    _, path = demo_report
    doc = docx.Document(str(path))
    for index in (AID_TABLE, MEALS_TABLE, REGISTERS_TABLE, TIERS_TABLE):
        rows = doc.tables[index].rows
        assert len(rows) <= 12
        for row in rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        for row in rows[:-1]:
            assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_russian_says_uchashchiesya_and_kazakh_share_takes_the_possessive(demo_report):
    register, path = demo_report
    text = docx_text(path)
    if register.lang == "ru":
        assert "Получили помощь (учащихся)" in text
        # the generated text never says "учеников"/"ученика" (the demo's own text may say "ученик")
        assert not re.search(r"\bученик(а|ов|ам|ами|и)\b", text)
    else:
        assert re.search(r"барлық оқушылардың \d+(,\d)?%-(ы|і)\)", text)


def _empty_register(lang: str) -> RegisterData:
    register = demo_register(lang, pupils=60)
    frames = {
        **register.frames,
        "history": register.frames["history"].iloc[0:0],
        "recommendations": register.frames["recommendations"].iloc[0:0],
    }
    settings = {**register.settings, "school_name": "", "pedagogue": " ", "director": None}
    return RegisterData(lang, frames, settings)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_previous_year_and_blank_settings_read_sensibly(lang, tmp_path):
    register = _empty_register(lang)
    path = render_report(register, tmp_path / "r.docx", today=TODAY)
    header = table_rows(path, CATEGORY_TABLE)[0]
    previous = "Өткен жыл" if lang == "kk" else "Прошлый год"
    assert header[1].startswith(f"{previous}: ")
    assert not any(h.startswith("—") for h in header)
    text = docx_text(path)
    # the school name's place says where to fill it in
    assert setting("school_name").label(lang) in text and sheet("settings").name(lang) in text
    assert sheet("history").name(lang) in text  # the sentence saying there is no previous year
    # no recommendations: a sentence saying so, not an intro ending in a colon before the signature
    assert f"«{sheet('recommendations').name(lang)}»" in text
    notes = report_notes(register, lang)
    assert len(notes) == 1
    for key in ("school_name", "pedagogue", "director"):
        assert setting(key).label(lang) in notes[0]


def test_notes_say_when_typed_text_stays_in_the_registers_language():
    register = demo_register("kk", pupils=60)
    assert report_notes(register, "kk") == []
    (note,) = report_notes(register, "ru")
    assert "казахском" in note and sheet("events").name("ru") in note


@pytest.mark.slow
@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError"),
        ("{{ school_name | int + 'x' }}", "TypeError"),
        ("{{ directions[99] }}", "directions[99]"),
    ],
)
def test_an_error_inside_a_tag_names_the_template_and_the_tag(tmp_path, tag, expected):
    template = _template(tmp_path, "Кіріспе", f"Мәтін {tag} мәтін", "Қорытынды")
    with pytest.raises(SocpassError) as info:
        render_report(demo_register("kk", pupils=60), tmp_path / "r.docx", template=template)
    assert info.value.exit_code == 2
    for lang in ("kk", "ru"):
        message = info.value.text(lang)
        assert str(template) in message and tag in message and expected in message
    assert "«" + tag + "»" in info.value.text("ru")
    assert not (tmp_path / "r.docx").exists()
