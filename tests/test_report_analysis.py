"""The report as the director signs it: section III consistent, each direction analysed, figures
and tables as in the source report, abbreviations written out, the look of an official paper."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.shared import Cm, Pt
from socpass.core.register import ROW, RegisterData
from socpass.core.report_context import build_context
from socpass.core.report_words import ABBREVIATIONS, NON_BREAKING_HYPHEN
from socpass.core.risk import flag, tier_summary
from socpass.core.schema import DIRECTIONS, TIERS, category, sheet
from socpass.render.report import render_report
from support.report import TODAY, blocks, demo_register, docx_text, table_rows

TIERS_TABLE = 4
UNIVERSAL = {t.key: t for t in TIERS}["universal"]


@pytest.fixture(scope="module", params=["kk", "ru"])
def report(request, tmp_path_factory) -> tuple[RegisterData, Path]:
    register = demo_register(request.param)
    out = tmp_path_factory.mktemp("analysis") / f"report_{request.param}.docx"
    return register, render_report(register, out, today=TODAY)


# --------------------------------------------------------------------------- section III


def test_no_universal_tier_in_the_table_or_the_figure(report):
    register, path = report
    lang = register.lang
    rows = table_rows(path, TIERS_TABLE)
    cells = {c for row in rows for c in row}
    assert not cells & {UNIVERSAL.label.kk, UNIVERSAL.label.ru, "Жалпы", "Общий"}
    everybody_else = tier_summary(flag(register, TODAY))["tiers"]["universal"]
    assert str(everybody_else) not in {c for row in rows[1:] for c in row[1:]}
    assert "Жалпы –" not in docx_text(path)
    chart = build_context(register, lang, TODAY).charts["risk"].args
    tier = {t.key: t.label(lang) for t in TIERS}
    assert chart["series"] == [tier["targeted"], tier["intensive"]]  # no bar for the rest
    summary = tier_summary(flag(register, TODAY))
    by_indicator, by_grade = chart["panels"]
    assert [sum(v) for v in by_grade[2]] == [
        summary["tiers"]["targeted"],
        summary["tiers"]["intensive"],
    ]
    assert [sum(v) for v in by_indicator[2]] == [
        sum(summary["indicator_tiers"][i][t] for i in summary["indicators"])
        for t in ("targeted", "intensive")
    ]


def test_the_early_warning_count_names_its_date_and_period(report):
    register, path = report
    lang = register.lang
    result = flag(register, TODAY)
    flagged = tier_summary(result)["flagged"]
    text = docx_text(path)
    day = TODAY.strftime("%d.%m.%Y")
    spans = (" және " if lang == "kk" else " и ").join(
        w.span(lang) for w in result.period.attendance
    )
    if lang == "kk":
        assert f"{day} жағдай бойынша ЕАЖ тізімінде {flagged} оқушы бар" in text
        assert f"Сабаққа қатысу {spans} бойынша" in text  # "сәуір айы және оқу жылының ..."
    else:
        assert f"По состоянию на {day} в списке СРП {flagged} учащ" in text
        assert f"Посещаемость оценена {spans}" in text  # "за апрель и с начала учебного года"


def test_the_early_warning_list_is_not_called_the_risk_group(report):
    register, path = report
    text = docx_text(path)
    if register.lang == "kk":
        assert "ЕАЖ тізімі көрсеткіштер бойынша жасалады" in text
        assert "тәуекел тобындағы" not in text.lower()
    else:
        assert "не совпадает с учётом «Группа риска»" in text
        assert "группы риска" not in text.lower()


def test_plans_are_counted_as_on_the_plans_sheet(report):
    register, path = report
    plans = register.frames["plans"]
    text = docx_text(path)
    shown = f"Жеке қолдау жоспарлары – {len(plans)}," if register.lang == "kk" else None
    shown = shown or f"Индивидуальных планов поддержки – {len(plans)},"
    assert shown in text


# --------------------------------------------------------------------------- analysis


def test_each_direction_opens_with_the_data_then_the_pedagogues_words(report):
    register, path = report
    lang = register.lang
    text = blocks(path)
    comments = register.frames["comments"]
    events = register.frames["events"]
    for d in DIRECTIONS:
        start = len(text) - 1 - text[::-1].index(d.label(lang))  # the heading, not the intro
        summary = text[start + 1]
        count = int((events["direction"] == d.key).sum())
        said = f"{count} іс-шара өткізілді" if lang == "kk" else f"проведено {count} мероприят"
        assert said in summary, (d.key, summary)
        own = comments[(comments["section"] == d.key) & comments["metric"].isna()]["text"]
        assert list(own) == text[start + 2 : start + 2 + len(own)]  # literally, right after


def test_the_cause_follows_its_categorys_sentence(report):
    register, path = report
    comments = register.frames["comments"]
    (cause,) = comments.loc[comments["metric"] == "large_family", "text"]
    (paragraph,) = [b for b in blocks(path) if cause in b]
    label = category("large_family").label(register.lang)
    assert paragraph.index(f"«{label}»") < paragraph.index(cause)


def test_partners_read_as_with_whom(report):
    register, path = report
    text = docx_text(path)
    if register.lang == "kk":
        assert "(сынып жетекшілерімен бірге; " in text and " адам қатысты)" in text
        assert "серіктес:" not in text
    else:
        assert "(совместно с классными руководителями; приняли участие " in text
        assert "(совместно со спонсорами и попечительским советом;" in text
        assert "партнёр:" not in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_change_from_0_to_0_is_a_dash(lang, tmp_path):
    register = demo_register(lang, pupils=200)
    pupils = register.frames["pupils"].assign(cat_disability=False)
    history = register.frames["history"]
    history = history.assign(
        pupils=history["pupils"].mask(history["metric"] == "disability", 0),
        families=history["families"].mask(history["metric"] == "disability", 0),
    )
    frames = {**register.frames, "pupils": pupils, "history": history}
    path = render_report(
        RegisterData(lang, frames, register.settings), tmp_path / "r.docx", today=TODAY
    )
    rows = {r[0]: r[1:] for r in table_rows(path, 0)[2:]}
    assert rows[category("disability").label(lang)] == ["0", "0", "0", "0", "—", "—"]
    assert "0,0%" not in rows[category("disability").label(lang)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_aid_in_kind_never_totals_zero_tenge(lang, tmp_path):
    register = demo_register(lang, pupils=200)
    aid = register.frames["aid"]
    aid = aid[aid["kind"] != "money"].reset_index(drop=True)
    frames = {**register.frames, "aid": aid.assign(**{ROW: range(2, len(aid) + 2)})}
    path = render_report(
        RegisterData(lang, frames, register.settings), tmp_path / "r.docx", today=TODAY
    )
    text = docx_text(path)
    assert not re.search(r"\b0 (теңге|тенге)", text)


# --------------------------------------------------------------------------- words


def test_every_abbreviation_is_written_out_at_its_first_use(report):
    register, path = report
    text = blocks(path)
    for abbreviation, words in ABBREVIATIONS[register.lang].items():
        pattern = re.compile(rf"(?<!\w){abbreviation}(?!\w)")
        first = next(b for b in text if pattern.search(b))
        at = first.index(f"({abbreviation})")
        assert words.lower() in first[:at].lower(), (abbreviation, first)


def test_the_source_reports_words(report):
    register, path = report
    text = docx_text(path)
    if register.lang == "kk":
        assert "I. Сыныптарға, мектепке әлеуметтік паспорттауды жүргізу" in text
        assert "O — Мүмкіндіктері" in text and "T — Қауіп-қатерлері" in text
        assert "үтірден кейін бір таңбаға дейін" in text and "отбасыға" not in text
    else:
        assert "II. Защита прав детей" in text and "прав детства" not in text
        assert "оказывались социально-педагогические консультации" in text
        assert "предлагается:" in text and "предлагаются следующие рекомендации" not in text
        assert "по формуле:" in text and "по одной формуле" not in text
        assert "Стоимость одного горячего обеда" in text
        assert re.search(r"По постановлению №64 помощь оказана \d+ учащимся на общую сумму", text)
        assert re.search(r"За счёт фонда всеобуча бесплатным горячим питанием в ", text)
        assert "Фонд всеобуча" not in text.replace("Фонд всеобуча\n", "")  # only as a table label
    # one percent style: the sign right after the number
    assert not re.search(r"\d\s%", text)


# --------------------------------------------------------------------------- the look


def test_an_official_paper_times_new_roman_14_a4_margins_page_numbers(report):
    _, path = report
    doc = docx.Document(str(path))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        assert style.font.name == "Times New Roman" and style.font.size == Pt(14)
        assert str(style.font.color.rgb) == "000000", name
    section = doc.sections[0]
    mm = [
        round(v / Cm(0.1))
        for v in (
            section.page_width,
            section.page_height,
            section.left_margin,
            section.right_margin,
            section.top_margin,
            section.bottom_margin,
        )
    ]
    assert mm == [210, 297, 30, 15, 20, 20]  # A4; left 30 mm, right 15 mm, top and bottom 20 mm
    with zipfile.ZipFile(path) as package:
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
        xml = "".join(package.read(n).decode() for n in footers)
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)


def test_the_school_year_never_breaks_across_lines(report):
    register, path = report
    year = register.settings["school_year"]
    text = docx_text(path)
    assert year.replace("-", NON_BREAKING_HYPHEN) in text
    assert year not in text  # every printed school year has the non-breaking hyphen


def test_the_demo_comments_frame_is_the_sheet_the_reader_gives():
    frame = demo_register("kk", pupils=60).frames["comments"]
    assert list(frame.columns[:3]) == list(sheet("comments").column_keys)
    assert frame["metric"].isna().sum() == len(DIRECTIONS)
    assert isinstance(frame, pd.DataFrame)
