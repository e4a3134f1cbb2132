"""`socpass validate`: the findings table, exit codes 0/1/2, --json, and files it must never change."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date

import pytest
from socpass.cli import main
from support.cli import run_socpass
from support.records import sample_records, to_values, write_register, write_xlsx


def latin_words(text):
    """English-looking words, leaving out file extensions (.xlsx)."""
    return set(re.findall(r"(?<![.\w])[A-Za-z]{3,}", text))


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *argv):
    code = main(["validate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clean_register_exits_0_in_the_workbooks_language(tmp_path, capsys):
    path = write_register(tmp_path / "r.xlsx", "ru")
    code, out, err = run(capsys, path)
    assert code == 0
    assert "Ошибок не найдено." in out
    assert err == ""


def test_errors_exit_1_with_a_table_naming_sheet_row_and_column(tmp_path, capsys):
    records = sample_records("kk")
    records["attendance"][0]["planned"] = "3,5"
    records["pupils"][2]["id"] = "1"
    path = write_xlsx(tmp_path / "r.xlsx", to_values(records, "kk"))
    before = sha256(path)
    code, out, _ = run(capsys, path)
    assert code == 1
    lines = out.splitlines()
    assert lines[1].split() == ["Түрі", "Парақ", "Жол", "Баған", "Хабарлама"]
    pupils = next(line for line in lines if "«1» ID-і қайталанады" in line)
    assert pupils.split()[:4] == ["қате", "Оқушылар", "4", "ID"]
    attendance = next(line for line in lines if "«3,5» — бүтін сан емес" in line)
    assert "Сабаққа қатысу  2" in attendance and "Жоспарланған сабақ (C)" in attendance
    assert lines.index(pupils) < lines.index(attendance)  # sheets in the register's order
    assert lines[-1] == "Қате: 2, ескерту: 0."
    assert sha256(path) == before


def test_lang_option_overrides_the_workbooks_language(tmp_path, capsys):
    records = sample_records("kk")
    records["pupils"][0]["class"] = "5Я"
    code, out, _ = run(capsys, write_xlsx(tmp_path / "r.xlsx", to_values(records)), "--lang", "ru")
    assert code == 1
    assert "не название класса" in out
    assert out.splitlines()[-1] == "Ошибок: 1, предупреждений: 0."


def test_warnings_alone_exit_0(tmp_path, capsys):
    records = sample_records("ru")
    records["pupils"][0]["sex"] = "ж"  # the IIN says male
    code, out, _ = run(capsys, write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    assert code == 0
    assert "предупреждение" in out
    assert out.splitlines()[-1] == "Ошибок: 0, предупреждений: 1."


def test_json_output(tmp_path, capsys):
    records = sample_records("kk")
    records["behaviour"][0]["pupil_id"] = "77"
    path = write_xlsx(tmp_path / "r.xlsx", to_values(records))
    code, out, _ = run(capsys, path, "--json", "--lang", "ru")
    assert code == 1
    assert "«77»" in out  # ensure_ascii=False: Cyrillic stays readable
    report = json.loads(out)
    assert (report["file"], report["errors"], report["warnings"]) == (str(path), 1, 0)
    (finding,) = report["findings"]
    assert finding == {
        "severity": "error",
        "code": "unknown_pupil",
        "sheet": "Мінез-құлық",
        "row": 2,
        "column": "Оқушы ID",
        "column_letter": "B",
        "message": "Учащегося с ID «77» нет на листе «Оқушылар»",
    }


# --------------------------------------------------------------------------- unusable files


def corrupted_zip(tmp_path):
    good = write_register(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "corrupted.xlsx"
    path.write_bytes(good[: len(good) // 2])
    return path


def empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def docx_renamed(tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "report.docx"
    document = docx.Document()
    document.add_paragraph("Есеп")
    document.save(path)
    return path.rename(tmp_path / "report.xlsx")


def random_bytes(tmp_path):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def zip_without_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return path


def ole_not_a_workbook(tmp_path):
    """An OLE compound file without a workbook stream, like a renamed .doc."""
    path = tmp_path / "letter.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") * 64)
    return path


def damaged_workbook_part(tmp_path):
    """A whole zip whose workbook.xml is cut short (calamine: "Cannot detect file format")."""
    return rewrite_part(tmp_path, "xl/workbook.xml", "broken_book.xlsx")


def damaged_sheet(tmp_path):
    """A whole zip whose second sheet's XML is cut short (calamine: "ill-formed document")."""
    return rewrite_part(tmp_path, "xl/worksheets/sheet2.xml", "broken_sheet.xlsx")


def rewrite_part(tmp_path, part, name):
    good = write_register(tmp_path / "good.xlsx")
    path = tmp_path / name
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data[: len(data) // 2] if info.filename == part else data)
    return path


def missing_sheet(tmp_path):
    values = to_values(sample_records("kk"))
    del values["Оқушылар"]
    return write_xlsx(tmp_path / "no_pupils.xlsx", values)


def encrypted(tmp_path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = write_register(tmp_path / "plain.xlsx")
    path = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("secret", target)
    return path


UNUSABLE = {
    corrupted_zip: ("бүлінген", "повреждён"),
    empty_file: ("бос", "пустой"),
    docx_renamed: ("Excel кітабы емес", "не книга Excel"),
    ole_not_a_workbook: ("Excel кітабы емес", "не книга Excel"),
    damaged_workbook_part: ("бүлінген", "повреждён"),
    damaged_sheet: ("«Сабаққа қатысу» парағының деректері бүлінген", "листа «Сабаққа қатысу»"),
    random_bytes: ("Excel кітабы емес", "не книга Excel"),
    zip_without_workbook: ("Excel кітабы емес", "не книга Excel"),
    missing_sheet: ("«Оқушылар» парағы жоқ", "нет листа «Учащиеся»"),
    encrypted: ("құпиясөзбен қорғалған", "защищён паролем"),
}


@pytest.mark.parametrize("make", UNUSABLE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_unusable_files_exit_2_with_one_line_and_stay_unchanged(tmp_path, capsys, make, lang):
    path = make(tmp_path)
    before = sha256(path)
    code, out, err = run(capsys, path, "--lang", lang)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert UNUSABLE[make][lang == "ru"] in err
    assert path.name in err
    # the reason in the user's words only: no library English ("File is not a zip file"); the
    # options to give a password are named as typed
    assert latin_words(err.replace(path.name, "")) <= {"Excel", "password", "SOCPASS", "socpass"}
    assert sha256(path) == before


def test_unusable_file_with_json_prints_a_json_object(tmp_path, capsys):
    code, out, _ = run(capsys, empty_file(tmp_path), "--json", "--lang", "ru")
    assert code == 2
    assert json.loads(out)["fatal"] == "Файл «empty.xlsx» пустой (0 байт)"


def test_json_keeps_the_technical_detail_apart_from_the_message(tmp_path, capsys):
    code, out, _ = run(capsys, damaged_sheet(tmp_path), "--json", "--lang", "kk")
    assert code == 2
    report = json.loads(out)
    assert "ill-formed" not in report["fatal"] and "«Сабаққа қатысу»" in report["fatal"]
    assert report["detail"]  # calamine's own words, for whoever supports the school


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nowhere.xlsx", "--lang", "ru")
    assert code == 2
    assert "не найден" in err


@pytest.mark.slow
def test_a_child_process_prints_no_traceback(tmp_path):
    path = corrupted_zip(tmp_path)
    result = run_socpass("validate", path, env={"PATH": "", "SOCPASS_LANG": "ru"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        next(line for line in result.stderr.splitlines() if "повреждён" in line)
    ]
    assert result.stdout == ""
    assert io.StringIO(result.stderr).read().count("\n") == 1


def test_help_is_in_kazakh_and_russian(capsys):
    with pytest.raises(SystemExit) as done:
        main(["validate", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    ours = "\n".join(
        line
        for line in out.splitlines()
        if not line.startswith("usage:") and "show this help" not in line and not line.endswith(":")
    )
    assert "Тізілімдегі қателер" in out and "Показать ошибки" in out
    assert "хабарлама тілі / язык сообщений" in out
    assert latin_words(ours) <= {"PATH", "JSON", "json", "lang", "password", "PASSWORD", "SOCPASS"}


def test_lang_kk_on_a_russian_register_quotes_the_cell_as_typed(tmp_path, capsys):
    records = sample_records("ru")
    records["pupils"][0]["sex"] = "ж"  # the IIN says male
    code, out, _ = run(
        capsys, write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")), "--lang", "kk"
    )
    assert code == 0
    line = next(line for line in out.splitlines() if "ЖСН-нің 7-цифры" in line)
    assert line.split()[:4] == ["ескерту", "Учащиеся", "2", "ИИН"]
    assert line.endswith("«Пол» бағанында «ж»") and "«қыз»" not in line


def test_dates_outside_the_school_year_and_blank_report_settings_are_warnings(tmp_path, capsys):
    records = sample_records("ru")
    records["behaviour"][0]["date"] = date(2024, 12, 2)
    records["settings"] = [s for s in records["settings"] if s["key"] != "pedagogue"]
    code, out, _ = run(capsys, write_xlsx(tmp_path / "r.xlsx", to_values(records, "ru")))
    assert code == 0  # warnings only
    lines = out.splitlines()
    behaviour = next(line for line in lines if "вне учебного года" in line)
    assert behaviour.split()[:4] == ["предупреждение", "Поведение", "2", "Дата"]
    assert "(первая — строка 2)" in behaviour
    assert any("«Социальный педагог» не заполнена" in line for line in lines)
    assert lines[-1] == "Ошибок: 0, предупреждений: 2."
