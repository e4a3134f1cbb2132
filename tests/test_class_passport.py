"""`socpass class-passport`: each class's social passport in Word, the paper the class teacher
signs; its totals are the school summary's numbers for the class."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import docx
import pandas as pd
import pytest
from socpass.cli import main
from socpass.core.class_passport import class_passport, classes_on_roll
from socpass.core.passport import METRIC_KEYS, counts_by
from socpass.core.roll import register_pupils
from socpass.demo import generate_demo
from socpass.render.class_passport import class_passport_template
from socpass.render.workbook import write_register
from support.libreoffice import convert
from support.passport import register, synthetic_pupils, typed_pupils
from support.report import docx_text
from support.scripts import load_script

SETTINGS = {
    "school_year": "2025-2026",
    "school_name": "№ 7 мектеп",
    "pedagogue": "Үлгі Педагог",
}
LEFT_EARLY = "Кетті Ерте"
TRICKY = ("=1+1", "{{ 7*7 }} {% if 1 %}x{% endif %}", "<b>Қалың</b> & Co")


def _pupil(i: int, name: str, cls: str = "5Ә", family: str = "", **flags) -> dict:
    return {
        "id": str(i),
        "full_name": name,
        "class": cls,
        "family_id": family or f"F{i}",
        "coordinator": "Жетекші А.Б." if cls == "5Ә" else "",
        **flags,
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A class 5Ә with siblings, a pupil who left in winter, tricky names; a class 7Б."""
    rows = [
        _pupil(1, "Әлиев Арман", family="F1", cat_large_family=True, hot_meals=True),
        _pupil(2, "Әлиева Дана", family="F1", cat_large_family=True, reg_intra_school=True),
        _pupil(3, LEFT_EARLY, cat_single_parent=True, left=pd.Timestamp(2026, 1, 15)),
        _pupil(4, "Кейін Кетеді", cat_orphan=True, left=pd.Timestamp(2026, 5, 28)),
        *(_pupil(10 + i, name, cat_low_income=True) for i, name in enumerate(TRICKY)),
        _pupil(20, "Басқа Сынып", cls="7Б", cat_large_family=True),
    ]
    folder = tmp_path_factory.mktemp("class_passport")
    return write_register(folder / "register.xlsx", "kk", {"pupils": typed_pupils(rows)}, SETTINGS)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    frames, settings = generate_demo(150, seed=5, lang="kk")
    folder = tmp_path_factory.mktemp("demo")
    return write_register(folder / "register.xlsx", "kk", frames, settings)


def _totals(path: Path) -> dict[str, tuple[str, str]]:
    """Metric -> (pupils, families) as the class list's last two rows print them."""
    rows = docx.Document(str(path)).tables[0].rows
    pupils, families = ([c.text for c in row.cells][3:] for row in rows[-2:])
    return dict(zip(METRIC_KEYS, zip(pupils, families, strict=True), strict=True))


def _pages(pdf: Path) -> tuple[int, str]:
    """How many pages the PDF has and whether they lie landscape (pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    width, height = map(
        float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info.stdout, re.M).groups()
    )
    return pages, "landscape" if width > height else "portrait"


def _summary_by_class(path: Path, capsys) -> dict[str, dict[str, dict[str, int | None]]]:
    capsys.readouterr()
    assert main(["summary", str(path), "--by", "class", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["groups"]


def _expected(counts: dict[str, dict[str, int | None]]) -> dict[str, tuple[str, str]]:
    return {
        m: (str(c["pupils"]), "—" if c["families"] is None else str(c["families"]))
        for m, c in counts.items()
    }


def test_every_class_of_the_demo_totals_as_the_summary_by_class(demo, tmp_path, capsys):
    out = tmp_path / "passports"
    assert main(["class-passport", str(demo), "--out", str(out)]) == 0
    groups = _summary_by_class(demo, capsys)
    files = sorted(out.glob("*.docx"))
    assert len(files) == len(groups) > 10
    for cls, counts in groups.items():
        path = out / f"{cls}_сынып_паспорты.docx"
        assert _totals(path) == _expected(counts), cls


def test_the_small_register_totals_and_lists_who_is_on_the_roll(small, tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["class-passport", str(small), "--class", "5ә", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    path = out / "5Ә_сынып_паспорты.docx"
    assert f"5Ә сыныбының паспорты: {path}" in said and [*out.iterdir()] == [path]
    assert _totals(path) == _expected(_summary_by_class(small, capsys)["5Ә"])
    totals = _totals(path)
    assert totals["large_family"] == ("2", "1")  # two siblings, one family
    assert totals["orphan"] == ("1", "—")  # left after the as-of date (25.05): still counted
    assert totals["single_parent"] == ("0", "0")  # left in January
    text = docx_text(path)
    assert LEFT_EARLY not in text and "Кейін Кетеді" in text and "Басқа Сынып" not in text
    assert "Жетекші А.Б." in text and "Үлгі Педагог" in text and "№ 7 мектеп" in text
    assert "Оқушылар саны: 6" in text and "25.05.2026 жағдай бойынша" in text


def test_an_earlier_as_of_date_lists_the_pupil_who_left_later(small, tmp_path, capsys):
    out = tmp_path / "p"
    assert (
        main(
            ["class-passport", str(small), "--class", "5Ә", "--as-of", "10.01.2026", "-o", str(out)]
        )
        == 0
    )
    text = docx_text(out / "5Ә_сынып_паспорты.docx")
    assert LEFT_EARLY in text and "10.01.2026 жағдай бойынша" in text


def test_names_that_look_like_formulas_or_template_code_are_printed_as_typed(small, tmp_path):
    out = tmp_path / "p"
    assert main(["class-passport", str(small), "--class", "5Ә", "-o", str(out)]) == 0
    names = [
        row.cells[1].text
        for row in docx.Document(str(out / "5Ә_сынып_паспорты.docx")).tables[0].rows
    ]
    for name in TRICKY:
        assert name in names
    assert "49" not in docx_text(out / "5Ә_сынып_паспорты.docx")


@pytest.mark.parametrize(
    ("lang", "heading", "teacher", "name"),
    [
        ("kk", "Сыныптың әлеуметтік паспорты", "Сынып жетекшісі", "5Ә_сынып_паспорты.docx"),
        ("ru", "Социальный паспорт класса", "Классный руководитель", "5Ә_паспорт_класса.docx"),
    ],
)
def test_headings_in_kazakh_and_russian(small, tmp_path, lang, heading, teacher, name):
    out = tmp_path / lang
    assert (
        main(["class-passport", str(small), "--class", "5Ә", "--lang", lang, "-o", str(out)]) == 0
    )
    text = docx_text(out / name)
    assert heading in text and f"{teacher}: Жетекші А.Б." in text


def test_an_unknown_class_is_refused_naming_the_classes_there_are(small, tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["class-passport", str(small), "--class", "5Ә,12Б", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "«12Б»" in err and "5Ә, 7Б" in err
    assert not out.exists()


def test_a_class_without_a_teacher_is_written_with_a_warning(small, tmp_path, capsys):
    out = tmp_path / "p"
    assert (
        main(["class-passport", str(small), "--class", "7Б", "--lang", "ru", "-o", str(out)]) == 0
    )
    err = capsys.readouterr().err
    assert "классный руководитель не указан" in err and "7Б" in err
    assert "Басқа Сынып" in docx_text(out / "7Б_паспорт_класса.docx")


def test_an_existing_passport_is_kept_as_a_backup(small, tmp_path, capsys):
    out = tmp_path / "p"
    out.mkdir()
    signed = out / "5Ә_сынып_паспорты.docx"
    signed.write_bytes(b"edited in Word before signing")
    assert main(["class-passport", str(small), "--class", "5Ә", "-o", str(out)]) == 0
    [backup] = out.glob("5Ә_сынып_паспорты.bak-*.docx")
    assert backup.read_bytes() == b"edited in Word before signing"
    assert f"Бұрынғы файлдың көшірмесі: {backup}" in capsys.readouterr().out


def test_the_default_folder_is_beside_the_register(small):
    assert main(["class-passport", str(small), "--class", "7Б"]) == 0
    assert (small.parent / "сынып_паспорттары_2025-2026" / "7Б_сынып_паспорты.docx").is_file()


def test_the_record_counts_with_the_school_summary_code():
    data = register(synthetic_pupils(120, seed=3), lang="ru")
    groups = counts_by(register_pupils(data), "class")
    assert classes_on_roll(data) == list(groups)
    for cls, counts in groups.items():
        passport = class_passport(data, cls, as_of=date(2026, 5, 25))
        assert passport.counts == counts
        assert len(passport.pupils) == sum(1 for c in register_pupils(data)["class"] if c == cls)


def test_built_in_templates_are_the_generated_ones(tmp_path):
    builder = load_script("tools/build_class_passport_templates.py")
    for path in builder.main(tmp_path):
        assert path.read_bytes() == class_passport_template(path.stem[-2:]).read_bytes(), (
            "report_templates/class_passport_*.docx are stale: "
            "run python tools/build_class_passport_templates.py"
        )


@pytest.mark.soffice
def test_the_pdf_has_the_heading_a_pupil_the_totals_and_the_signatures(small, tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["class-passport", str(small), "--class", "5Ә", "--pdf", "-o", str(out)]) == 0
    pdf = out / "5Ә_сынып_паспорты.pdf"
    assert f"PDF: {pdf}" in capsys.readouterr().out
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Сыныптың әлеуметтік паспорты" in text and "Әлиева Дана" in text
    assert "Барлығы, оқушылар" in text and "Барлығы, отбасылар" in text
    assert "Сынып жетекшісі ____________ Жетекші А.Б." in text
    assert "Әлеуметтік педагог ____________ Үлгі Педагог" in text
    assert _pages(pdf) == (1, "landscape")


@pytest.mark.soffice
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_long_class_list_goes_on_with_its_header_and_ends_with_the_signatures(tmp_path, lang):
    name = "Құдайбергенова-Сатыбалдиева Аружан Нұрланқызы"
    rows = [_pupil(i, f"{name} {i}", cat_large_family=i % 3 == 0) for i in range(1, 41)]
    path = write_register(tmp_path / "r.xlsx", lang, {"pupils": typed_pupils(rows)}, SETTINGS)
    assert main(["class-passport", str(path), "-o", str(tmp_path / "p")]) == 0
    [made] = (tmp_path / "p").glob("*.docx")
    pdf = convert(made, tmp_path / "pdf", "pdf")
    pages, lie = _pages(pdf)
    assert pages > 1 and lie == "landscape"
    last = subprocess.run(
        ["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    head = "Аты-жөні" if lang == "kk" else "ФИО"
    sign = "Сынып жетекшісі" if lang == "kk" else "Классный руководитель"
    assert head in last and "Нұрланқызы 40" in last and f"{sign} ____________" in last


def test_an_out_that_is_a_file_is_refused(small, tmp_path, capsys):
    taken = tmp_path / "passports.docx"
    taken.write_bytes(b"not a folder")
    assert main(["class-passport", str(small), "-o", str(taken), "--lang", "ru"]) == 2
    assert f"--out должен быть папкой, а «{taken}» — файл." in capsys.readouterr().err
    assert taken.read_bytes() == b"not a folder"


def test_the_register_may_follow_the_class_option(small, tmp_path):
    """`--class` takes one value (or a comma list), so the path typed after it is the register's,
    as a user who writes the option first expects."""
    out = tmp_path / "p"
    assert main(["class-passport", "--class", "5Ә", str(small), "-o", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["5Ә_сынып_паспорты.docx"]
    out2 = tmp_path / "both"
    assert main(["class-passport", "--class", "5Ә,7Б", str(small), "-o", str(out2)]) == 0
    assert sorted(p.name for p in out2.iterdir()) == [
        "5Ә_сынып_паспорты.docx",
        "7Б_сынып_паспорты.docx",
    ]
