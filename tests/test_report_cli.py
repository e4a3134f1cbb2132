"""`socpass report` and the Report macro on a written demo register (the file is only read)."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import docx
import pytest
from socpass.cli import main
from socpass.core.schema import setting, sheet
from socpass.demo import generate_demo
from socpass.excel.macros import generate_report
from socpass.render.workbook import write_register
from support.remote_book import book_from_xlsx
from support.report import TODAY, docx_text


@pytest.fixture(scope="module")
def register_path(tmp_path_factory) -> Path:
    frames, settings = generate_demo(150, seed=5, lang="kk")
    folder = tmp_path_factory.mktemp("cli")
    return write_register(folder / "register.xlsx", "kk", frames, settings)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_next_to_the_workbook_named_with_the_school_year(register_path, capsys):
    before = _digest(register_path)
    assert main(["report", str(register_path), "--today", TODAY.isoformat()]) == 0
    out = register_path.parent / "report_2025-2026_kk.docx"
    assert str(out) in capsys.readouterr().out
    assert "1-сурет." in docx_text(out)
    assert _digest(register_path) == before


@pytest.mark.slow
def test_the_default_name_never_overwrites_an_earlier_report(register_path, capsys):
    first = register_path.parent / "report_2025-2026_kk.docx"
    first.write_bytes(b"edited by hand in Word")
    assert main(["report", str(register_path), "--today", TODAY.isoformat()]) == 0
    second = register_path.parent / "report_2025-2026_kk (2).docx"
    assert str(second) in capsys.readouterr().out and "1-сурет." in docx_text(second)
    assert first.read_bytes() == b"edited by hand in Word"


@pytest.mark.slow
def test_report_in_russian_to_a_chosen_file(register_path, tmp_path, capsys):
    out = tmp_path / "отчёт.docx"
    assert main(["report", str(register_path), "-o", str(out), "--lang", "ru"]) == 0
    assert "Рисунок 1." in docx_text(out)
    # the Kazakh register's typed text stays Kazakh: one note, in Russian, on stderr
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "казахском" in err[0]


def test_an_existing_output_file_is_kept_as_a_backup_under_the_one_rule(
    register_path, tmp_path, capsys
):
    out = tmp_path / "есеп.docx"
    out.write_bytes(b"signed copy, edited in Word")
    out.chmod(0o640)
    assert main(["report", str(register_path), "-o", str(out), "--today", TODAY.isoformat()]) == 0
    [backup] = tmp_path.glob("есеп.bak-*.docx")
    assert backup.read_bytes() == b"signed copy, edited in Word"
    assert str(backup) in capsys.readouterr().out
    assert "1-сурет." in docx_text(out) and out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, backup.name])


@pytest.mark.slow
def test_blank_settings_get_a_warning_in_each_language(tmp_path, capsys):
    frames, settings = generate_demo(60, seed=5, lang="ru")
    settings = {**settings, "school_name": "", "pedagogue": "", "director": ""}
    path = write_register(tmp_path / "register.xlsx", "ru", frames, settings)
    for lang in ("ru", "kk"):
        out = tmp_path / f"r_{lang}.docx"
        assert main(["report", str(path), "-o", str(out), "--lang", lang]) == 0
        err = capsys.readouterr().err
        assert sheet("settings").name(lang) in err
        for key in ("school_name", "pedagogue", "director"):
            assert setting(key).label(lang) in err


@pytest.mark.slow
def test_an_error_inside_a_template_tag_is_a_clear_message(register_path, tmp_path, capsys):
    doc = docx.Document()
    doc.add_paragraph("Мектеп: {{ school_name }}")
    doc.add_paragraph("Үлес: {{ 1/0 }}")
    template = tmp_path / "school.docx"
    doc.save(str(template))
    args = [
        "report",
        str(register_path),
        "--template",
        str(template),
        "-o",
        str(tmp_path / "r.docx"),
    ]
    assert main([*args, "--lang", "ru"]) == 2
    err = capsys.readouterr().err
    assert "school.docx" in err and "«{{ 1/0 }}»" in err and "в теге" in err
    assert "Traceback" not in err and "Күтпеген" not in err and "Непредвиденная" not in err


def test_refuses_a_non_docx_output(register_path, tmp_path, capsys):
    assert main(["report", str(register_path), "-o", str(tmp_path / "r.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err


@pytest.mark.slow
def test_pdf_without_libreoffice_says_so(register_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "r.docx"
    assert main(["report", str(register_path), "-o", str(out), "--pdf", "--lang", "ru"]) == 1
    assert "LibreOffice" in capsys.readouterr().err
    assert out.is_file()  # the docx is there all the same


@pytest.mark.soffice
def test_pdf_with_libreoffice(register_path, tmp_path):
    out = tmp_path / "r.docx"
    assert main(["report", str(register_path), "-o", str(out), "--pdf"]) == 0
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_missing_template_is_a_clear_error(register_path, tmp_path, capsys):
    code = main(["report", str(register_path), "--template", str(tmp_path / "no.docx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "no.docx" in err and "Traceback" not in err


@pytest.mark.slow
def test_macro_under_the_remote_engine_writes_the_report_and_nothing_to_the_book(
    register_path, tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the remote book has no folder
    book = book_from_xlsx(register_path)
    message = generate_report(book, today=TODAY)
    path = Path(message.split(": ", 1)[1])
    assert path.name == "report_2025-2026_kk.docx"
    again = Path(generate_report(book_from_xlsx(register_path), today=TODAY).split(": ", 1)[1])
    assert again.name == "report_2025-2026_kk (2).docx" and path.is_file()  # never overwritten
    assert path.is_file() and "1-сурет." in docx_text(path)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]  # only the message, no write to the book


def test_a_missing_template_is_named_where_it_came_from(register_path, tmp_path, capsys):
    missing = tmp_path / "нет.docx"
    assert main(["report", str(register_path), "--template", str(missing), "--lang", "ru"]) == 2
    err = capsys.readouterr().err
    assert f"Шаблон отчёта не найден: {missing}." in err and "настройках" not in err
