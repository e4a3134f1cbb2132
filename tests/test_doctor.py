"""`socpass doctor`: each check is a pure function of the gathered facts, so every school PC's trap
is faked here (Windows without pywin32, the DLL missing, Kazakh letters in the user's path,
Python 3.10, 32-bit, no Excel, version mismatches...) and each ✗ line and its fix are read in
Kazakh and Russian. The command itself runs on this (non-Windows) machine: the checks that can be
made here pass, the others say they need Windows."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import openpyxl
import pytest
import xlwings
from socpass import __version__
from socpass.cli import main
from socpass.core.schema import LANGS, Text
from socpass.excel import doctor
from socpass.excel.doctor import (
    Check,
    ExcelInstall,
    Facts,
    Interpreter,
    foreign_letters,
    gather_facts,
    passed,
    read_conf_file,
    report,
    run_checks,
    workbook_facts,
    xlwings_setting,
)
from socpass.render.xlsm import CONF_SHEET
from support.pc import USER_FILE, book, linux_pc, windows_pc

KAZAKH_ONLY = re.compile("[әғқңөұүһі]", re.I)  # letters Russian does not have
CYRILLIC = re.compile("[а-яё]", re.I)


def _checks(facts: Facts) -> dict[str, Check]:
    return {c.key: c for c in run_checks(facts)}


def test_a_healthy_school_pc_passes_every_check() -> None:
    checks = run_checks(windows_pc())
    assert [c.key for c in checks] == [
        "python_version",
        "python_bits",
        "socpass",
        "xlwings",
        "pywin32",
        "excel",
        "buttons_python",
        "dll",
        "python_path",
        "temp_path",
        "register_path",
        "conf_sheet",
        "udf_server",
        "xlwings_workbook",
    ]
    assert all(c.ok is True and c.fix is None for c in checks), [c for c in checks if not c.ok]
    assert passed(checks)


def test_without_a_register_its_checks_are_left_out() -> None:
    keys = {c.key for c in run_checks(windows_pc(workbook=None))}
    assert not keys & {"register_path", "conf_sheet", "udf_server", "xlwings_workbook"}
    assert "socpass" in keys


def test_off_windows_the_windows_checks_say_so_and_do_not_fail() -> None:
    checks = _checks(linux_pc(workbook=book(path="/home/a/register.xlsm")))
    windows_only = {"pywin32", "excel", "buttons_python", "dll", "python_path", "temp_path"}
    assert {k for k, c in checks.items() if c.ok is None} == windows_only
    for key in windows_only:
        assert "тек Windows-та тексеріледі" in checks[key].label("kk")
        assert "проверяется только в Windows" in checks[key].label("ru")
    assert all(c.ok for k, c in checks.items() if k not in windows_only)
    assert passed(list(checks.values()))


#: (what is wrong, the facts, the failing check, words of its line and of its fix: kk, ru).
FAULTS = [
    (
        "Python 3.10",
        windows_pc(python_version=(3, 10, 11)),
        "python_version",
        ("Python 3.10.11: socpass-қа 3.11", "Python 3.10.11: socpass нужен Python 3.11"),
        ("C:\\Python312", "C:\\Python312"),
    ),
    (
        "32-bit Python",
        windows_pc(python_bits=32),
        "python_bits",
        ("Python 32 биттік", "Python 32-битный"),
        ("Windows installer (64-bit)", "Windows installer (64-bit)"),
    ),
    (
        "register built by another socpass",
        windows_pc(workbook=book(built_with={"socpass": "0.0.9", "xlwings": "0.37.8"})),
        "socpass",
        ("socpass 0.0.9 нұсқасымен жасалған", "Реестр создан socpass 0.0.9"),
        ('socpass upgrade "C:\\socpass\\register.xlsm"',) * 2,
    ),
    (
        "register that records no version",
        windows_pc(workbook=book(built_with={})),
        "socpass",
        ("нұсқасы жазылмаған", "не записана версия socpass"),
        ("socpass upgrade",) * 2,
    ),
    (
        "xlwings not installed",
        windows_pc(xlwings_version=None),
        "xlwings",
        ("xlwings орнатылмаған", "xlwings не установлен"),
        ('"C:\\Python312\\python.exe" -m pip install "xlwings==0.37.8"',) * 2,
    ),
    (
        "another xlwings installed",
        windows_pc(xlwings_version="0.36.0"),
        "xlwings",
        ("xlwings 0.36.0 орнатылған, ал socpass-қа 0.37.8 керек", "Установлен xlwings 0.36.0"),
        ('pip install "xlwings==0.37.8"',) * 2,
    ),
    (
        "register's xlwings module of another version",
        windows_pc(workbook=book(built_with={"socpass": __version__, "xlwings": "0.36.6"})),
        "xlwings_workbook",
        ("xlwings модулі — 0.36.6", "Модуль xlwings в реестре — 0.36.6"),
        ("socpass upgrade",) * 2,
    ),
    (
        "Windows without pywin32",
        windows_pc(pywin32=False),
        "pywin32",
        ("pywin32 жоқ", "Нет pywin32"),
        ('"C:\\Python312\\python.exe" -m pip install --force-reinstall pywin32',) * 2,
    ),
    (
        "Excel absent",
        windows_pc(excel=None),
        "excel",
        ("Excel табылмады", "Excel не найден"),
        ("Microsoft Excel 2016", "Microsoft Excel 2016"),
    ),
    (
        "Excel 2013",
        windows_pc(excel=ExcelInstall("15.0", 32, "C:\\Office15\\EXCEL.EXE")),
        "excel",
        ("Excel 15.0: socpass Excel 2016", "Excel 15.0: socpass проверяется в Excel 2016"),
        ("Microsoft 365",) * 2,
    ),
    (
        "no python on PATH",
        windows_pc(buttons_python=Interpreter("python", None)),
        "buttons_python",
        ("PATH-та python жоқ", "python нет в PATH"),
        ("B ұяшығына C:\\Python312\\pythonw.exe", "в ячейку B — C:\\Python312\\pythonw.exe"),
    ),
    (
        "python on PATH is the Microsoft Store stub",
        windows_pc(
            buttons_python=Interpreter(
                "python", "C:\\Users\\A\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe"
            )
        ),
        "buttons_python",
        ("Microsoft Store-ды ашатын сілтеме", "ярлык, открывающий Microsoft Store"),
        ("Псевдонимы выполнения приложений",) * 2,
    ),
    (
        "python on PATH is another Python without socpass",
        windows_pc(buttons_python=Interpreter("python", "C:\\Python39\\python.exe", False)),
        "buttons_python",
        ("socpass орнатылмаған басқа Python", "другой Python, в котором нет socpass"),
        ("Interpreter_Win",) * 2,
    ),
    (
        "Interpreter_Win on the sheet names a missing file",
        windows_pc(
            workbook=book(
                settings=(
                    ("UDF Modules", "socpass.excel.udfs"),
                    ("Use UDF Server", "False"),
                    ("Interpreter_Win", "D:\\Python\\pythonw.exe"),
                )
            ),
            buttons_python=Interpreter("D:\\Python\\pythonw.exe", None),
        ),
        "buttons_python",
        ("D:\\Python\\pythonw.exe: мұндай файл жоқ", "D:\\Python\\pythonw.exe: такого файла нет"),
        (
            "тізілімнің xlwings.conf парағында) мына жолға ауыстырыңыз: C:\\Python312\\pythonw.exe",
            "на листе xlwings.conf реестра) на C:\\Python312\\pythonw.exe",
        ),
    ),
    (
        "Interpreter_Win from the ribbon names a Python without socpass",
        windows_pc(
            user_config={"INTERPRETER_WIN": "C:\\Anaconda3\\pythonw.exe"},
            buttons_python=Interpreter(
                "C:\\Anaconda3\\pythonw.exe", "C:\\Anaconda3\\pythonw.exe", False
            ),
        ),
        "buttons_python",
        ("(C:\\Anaconda3\\pythonw.exe) socpass не xlwings жоқ", "нет socpass или xlwings"),
        (
            f"xlwings таспасында немесе {USER_FILE} файлында",
            f"на ленте xlwings или в файле {USER_FILE}",
        ),
    ),
    (
        "Interpreter_Win set, the DLL not beside it (xlwings looks nowhere else)",
        windows_pc(
            user_config={"INTERPRETER_WIN": "C:\\Anaconda3\\pythonw.exe"},
            buttons_python=Interpreter(
                "C:\\Anaconda3\\pythonw.exe", "C:\\Anaconda3\\pythonw.exe", True
            ),
        ),
        "dll",
        ("C:\\Anaconda3\\pythonw.exe жанында жоқ", "нет рядом с C:\\Anaconda3\\pythonw.exe"),
        ("мына жолға ауыстырыңыз: C:\\Python312\\pythonw.exe", "на C:\\Python312\\pythonw.exe"),
    ),
    (
        "xlwings DLL missing",
        windows_pc(dll_folders=()),
        "dll",
        ("xlwings64-0.37.8.dll файлы Python-ның жанында жоқ", "Файла xlwings64-0.37.8.dll нет"),
        ('--force-reinstall --no-deps "xlwings==0.37.8"',) * 2,
    ),
    (
        "xlwings DLL left in the user's folder by pip install --user",
        windows_pc(dll_folders=("C:\\Users\\Aigerim\\AppData\\Roaming\\Python",)),
        "dll",
        ("pip install --user арқылы орнатылған", "установлен через pip install --user"),
        ("C:\\Python312",) * 2,
    ),
    (
        "xlwings DLL next to Python, but Python not on PATH (a venv, no 'Add to PATH')",
        windows_pc(
            executable="C:\\venvs\\sp\\Scripts\\python.exe",
            pythonw="C:\\venvs\\sp\\Scripts\\pythonw.exe",
            path_dirs=("C:\\WINDOWS\\system32",),
            dll_folders=("C:\\venvs\\sp",),
        ),
        "dll",
        ("C:\\venvs\\sp қалтасында бар, бірақ Excel оны таппайды", "лежит в папке C:\\venvs\\sp"),
        ("C:\\venvs\\sp\\Scripts\\pythonw.exe",) * 2,
    ),
    (
        "Kazakh letters in the user name: Python's path",
        windows_pc(
            executable="C:\\Users\\Әсел\\AppData\\Local\\Programs\\Python\\Python312\\python.exe",
            buttons_python=Interpreter(
                "python",
                "C:\\Users\\Әсел\\AppData\\Local\\Programs\\Python\\Python312\\python.exe",
                True,
            ),
        ),
        "python_path",
        ("1251 код бетінде жоқ әріптер бар (Ә)", "нет в кодовой странице 1251 (Ә)"),
        ("C:\\Python312",) * 2,
    ),
    (
        "Kazakh letters in the user name: TEMP",
        windows_pc(temp_dir="C:\\Users\\Әсел\\AppData\\Local\\Temp"),
        "temp_path",
        ("(TEMP) жолында 1251 код бетінде жоқ", "(TEMP) есть буквы, которых нет"),
        ("TEMP DIR",) * 2,
    ),
    (
        "Kazakh letters in the register's path",
        windows_pc(workbook=book(path="C:\\Құжаттар\\Әлеуметтік паспорт.xlsm")),
        "register_path",
        ("(Қ, ұ, Ә)", "(Қ, ұ, Ә)"),
        ("C:\\socpass\\register.xlsm",) * 2,
    ),
    (
        "Russian register name on an English-language Windows (code page 1252)",
        windows_pc(ansi_code_page=1252, workbook=book(path="C:\\socpass\\реестр.xlsm")),
        "register_path",
        ("1252 код бетінде жоқ", "кодовой странице 1252"),
        ("латын", "латинские"),
    ),
    (
        "Kazakh letters in the register's name, off Windows",
        linux_pc(workbook=book(path="/home/a/Әлеуметтік паспорт.xlsm")),
        "register_path",
        ("Тізілім файлының атында", "В имени файла реестра"),
        ("register.xlsm",) * 2,
    ),
    (
        "no conf sheet",
        windows_pc(workbook=book(conf_sheet=False, settings=())),
        "conf_sheet",
        ("xlwings.conf парағы жоқ", "нет скрытого листа xlwings.conf"),
        ("socpass upgrade",) * 2,
    ),
    (
        "a conf key with an empty value (registers before this check)",
        windows_pc(
            workbook=book(
                settings=(
                    ("Interpreter_Win", ""),
                    ("UDF Modules", "socpass.excel.udfs"),
                    ("Use UDF Server", "False"),
                )
            )
        ),
        "conf_sheet",
        ("мәні жоқ кілт бар (Interpreter_Win)", "ключ без значения (Interpreter_Win)"),
        ("socpass upgrade",) * 2,
    ),
    (
        "UDF Modules pointing elsewhere",
        windows_pc(workbook=book(settings=(("UDF Modules", "my_udfs"),))),
        "conf_sheet",
        ("UDF Modules — «my_udfs»", "UDF Modules — «my_udfs»"),
        ("socpass upgrade",) * 2,
    ),
    (
        "UDF server on in the register",
        windows_pc(
            workbook=book(
                settings=(("UDF Modules", "socpass.excel.udfs"), ("Use UDF Server", "True"))
            )
        ),
        "udf_server",
        ("Use UDF Server қосулы (тізілімнің", "Use UDF Server включён (на листе"),
        ("False",) * 2,
    ),
    (
        "UDF server on from the ribbon, the register not saying",
        windows_pc(
            workbook=book(settings=(("UDF Modules", "socpass.excel.udfs"),)),
            user_config={"USE UDF SERVER": "True"},
        ),
        "udf_server",
        ("xlwings таспасында немесе", "на ленте xlwings или в файле"),
        ("Use UDF Server",) * 2,
    ),
]


@pytest.mark.parametrize(
    ("facts", "key", "label", "fix"),
    [pytest.param(f, k, label, fix, id=what) for what, f, k, label, fix in FAULTS],
)
def test_each_fault_fails_its_check_with_the_fix_in_both_languages(
    facts: Facts, key: str, label: tuple[str, str], fix: tuple[str, str]
) -> None:
    checks = _checks(facts)
    failed = {k for k, c in checks.items() if c.ok is False}
    assert key in failed
    check = checks[key]
    for lang, label_words, fix_words in zip(LANGS, label, fix, strict=True):
        assert label_words in check.label(lang), check.label(lang)
        assert fix_words in check.fix(lang), check.fix(lang)
    _assert_kazakh_and_russian(check.label, check.fix)
    assert not passed(list(checks.values()))
    text = {lang: report(list(checks.values()), lang, facts) for lang in LANGS}
    assert f"✗ {check.label('kk')}\n    Түзету: {check.fix('kk')}\n" in text["kk"]
    assert f"✗ {check.label('ru')}\n    Как исправить: {check.fix('ru')}\n" in text["ru"]


def _assert_kazakh_and_russian(*texts: Text) -> None:
    """Each language is itself: no placeholder left, Kazakh letters in kk, and Russian without
    them (but in the paths the facts put there)."""
    for text in texts:
        assert "{" not in text.kk + text.ru and text.kk != text.ru
        assert CYRILLIC.search(text.kk), text.kk
        russian = re.sub(r"[A-Z]:\\[^ ,)]*|Қ, ұ, Ә|\(Ә\)|Әлеуметтік паспорт\.xlsm", "", text.ru)
        assert CYRILLIC.search(russian) and not KAZAKH_ONLY.search(russian), text.ru
    assert KAZAKH_ONLY.search(" ".join(t.kk for t in texts))


def test_every_check_that_can_fail_is_among_the_faults() -> None:
    failing = {k for _, f, k, _, _ in FAULTS}
    assert failing == {c.key for c in run_checks(windows_pc())}


def test_interpreter_win_next_to_the_dll_makes_the_functions_find_it() -> None:
    """xlwings.bas loads the DLL from Interpreter_Win's folder or its parent (a venv's root)."""
    venv = windows_pc(
        executable="C:\\venvs\\sp\\Scripts\\python.exe",
        path_dirs=("C:\\WINDOWS\\system32",),
        dll_folders=("C:\\venvs\\sp",),
        user_config={"INTERPRETER_WIN": "C:\\venvs\\sp\\Scripts\\pythonw.exe"},
        buttons_python=Interpreter(
            "C:\\venvs\\sp\\Scripts\\pythonw.exe", "C:\\venvs\\sp\\Scripts\\pythonw.exe", True
        ),
    )
    checks = _checks(venv)
    assert checks["dll"].ok and "C:\\venvs\\sp" in checks["dll"].label("ru")
    assert checks["buttons_python"].ok


def test_settings_are_found_as_xlwings_finds_them() -> None:
    facts = windows_pc(
        directory_config={"INTERPRETER_WIN": "D:\\dir.exe", "CONDA ENV": "x"},
        user_config={"INTERPRETER_WIN": "D:\\user.exe", "SHOW CONSOLE": "True"},
    )
    assert xlwings_setting(facts, "interpreter_win").value == "D:\\dir.exe"
    assert xlwings_setting(facts, "Show Console").source == "user"
    assert xlwings_setting(facts, "use udf server").source == "sheet"
    assert xlwings_setting(facts, "License_Key") is None


def test_letters_outside_the_code_page() -> None:
    assert foreign_letters("C:\\Users\\Әсел Қайратқызы\\тізілім.xlsm", 1251) == "ӘҚқ"
    assert foreign_letters("C:\\Users\\Айгерим\\реестр.xlsm", 1251) == ""
    assert foreign_letters("C:\\Users\\Айгерим", 1252) == "Айгерим"


def test_the_report_marks_each_line_and_says_what_is_left() -> None:
    facts = windows_pc(pywin32=False, excel=None)
    checks = run_checks(facts)
    kk, ru = (report(checks, lang, facts) for lang in LANGS)
    assert kk.count("\n✗ ") == ru.count("\n✗ ") == 2
    assert kk.rstrip().endswith("Түзету керек: 2.") and ru.rstrip().endswith("Нужно исправить: 2.")
    healthy = run_checks(windows_pc())
    assert report(healthy, "ru", windows_pc()).rstrip().endswith("Всё в порядке.")


def test_a_fix_given_above_is_not_repeated() -> None:
    facts = windows_pc(workbook=book(built_with={}))  # socpass and xlwings versions unknown
    text = report(run_checks(facts), "ru", facts)
    assert text.count("socpass upgrade") == 1
    assert "✗ Версия модуля xlwings в реестре не записана" in text
    assert text.rstrip().splitlines()[-3] == "    Как исправить: как выше"
    assert "    Түзету: жоғарыдағыдай" in report(run_checks(facts), "kk", facts)


# --------------------------------------------------------------------------- gathering


@pytest.fixture(scope="module")
def register_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("doctor") / "реестр.xlsm"
    assert main(["new", str(path), "--lang", "ru"]) == 0
    return path


def test_the_register_facts_are_read_as_xlwings_reads_the_conf_sheet(register_ru: Path) -> None:
    found = workbook_facts(register_ru)
    assert found.lang == "ru" and found.conf_sheet
    assert found.settings == (("UDF Modules", "socpass.excel.udfs"), ("Use UDF Server", "False"))
    assert found.built_with == {"socpass": __version__, "xlwings": xlwings.__version__}


def test_an_old_register_is_read_as_it_is(register_ru: Path, tmp_path: Path) -> None:
    """A register from before: Interpreter_Win empty, the UDF server on, no versions."""
    old = tmp_path / "old.xlsm"
    wb = openpyxl.load_workbook(register_ru, keep_vba=True)
    conf = wb[CONF_SHEET]
    conf.delete_rows(1, conf.max_row)
    for row in (("Interpreter_Win", None), ("UDF Modules", "socpass.excel.udfs")):
        conf.append(row)
    conf.append(("Use UDF Server", True))  # a logical cell
    wb.save(old)
    found = workbook_facts(old)
    assert found.settings == (
        ("Interpreter_Win", ""),
        ("UDF Modules", "socpass.excel.udfs"),
        ("Use UDF Server", "True"),
    )
    assert found.built_with == {}
    checks = _checks(linux_pc(workbook=found))
    assert {k for k, c in checks.items() if c.ok is False} == {
        "socpass",
        "conf_sheet",
        "udf_server",
        "xlwings_workbook",
    }


def test_an_xlwings_conf_file_is_read_like_xlwings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SP_HOME", "C:\\sp")
    conf = tmp_path / "xlwings.conf"
    conf.write_text(
        '"INTERPRETER_WIN","%SP_HOME%\\pythonw.exe"\n"Use UDF Server","False"\n\n', encoding="utf-8"
    )
    found = read_conf_file(conf)
    assert found["USE UDF SERVER"] == "False"
    assert found["INTERPRETER_WIN"] == "C:\\sp\\pythonw.exe"  # %VARS% expanded, as xlwings does
    assert read_conf_file(tmp_path / "none.conf") == {}


def test_the_bitness_of_an_exe_comes_from_its_pe_header(tmp_path: Path) -> None:
    def exe(machine: int) -> Path:
        head = bytearray(512)
        head[:2] = b"MZ"
        head[0x3C:0x40] = (0x80).to_bytes(4, "little")
        head[0x80:0x84] = b"PE\0\0"
        head[0x84:0x86] = machine.to_bytes(2, "little")
        path = tmp_path / f"{machine:x}.exe"
        path.write_bytes(bytes(head))
        return path

    assert doctor._pe_bits(str(exe(0x8664))) == 64
    assert doctor._pe_bits(str(exe(0x14C))) == 32
    assert doctor._pe_bits(str(tmp_path / "missing.exe")) is None


def test_gathering_here_fills_what_this_system_has(register_ru: Path) -> None:
    facts = gather_facts(register_ru)
    assert facts.windows is False and facts.python_version[:2] >= (3, 11)
    assert facts.socpass_version == __version__ and facts.xlwings_version == xlwings.__version__
    assert facts.workbook is not None and facts.workbook.lang == "ru"
    assert facts.pywin32 is None and facts.excel is None and facts.buttons_python is None


def test_gathering_as_on_windows_walks_every_probe(
    register_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Windows half of `gather_facts`, on this machine: `python` on PATH is run to see that
    it imports socpass, the DLL is looked for beside it, TEMP is read; the registry (Excel) and
    pywin32 are what this machine lacks."""
    folder = tmp_path / "Python312"
    folder.mkdir()
    python = folder / "python.EXE"  # shutil.which, believing it is on Windows, tries PATHEXT
    python.write_text("#!/bin/sh\nexit 0\n")
    python.chmod(0o755)
    (folder / "xlwings64-0.37.8.dll").write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(folder / "python.exe"))
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("PATHEXT", ".EXE")
    monkeypatch.setenv("TEMP", "C:\\Users\\Әсел\\AppData\\Local\\Temp")
    monkeypatch.setattr(doctor, "excel_install", lambda: ExcelInstall("16.0", 64, None))
    facts = gather_facts(register_ru)
    assert facts.windows and facts.pywin32 is False and facts.path_dirs == (str(folder),)
    assert facts.buttons_python == Interpreter("python", str(python), True)
    assert facts.dll_name == "xlwings64-0.37.8.dll" and facts.dll_folders == (str(folder),)
    checks = _checks(facts)
    assert checks["buttons_python"].ok and checks["dll"].ok and checks["excel"].ok
    assert checks["pywin32"].ok is False and checks["temp_path"].ok is False


# --------------------------------------------------------------------------- the command


def test_doctor_on_this_machine_prints_its_checks_in_kazakh_and_exits_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOCPASS_LANG", raising=False)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("socpass doctor: тізілім Excel-де жұмыс істеуі үшін")
    assert "✓ Python " in out and "✓ xlwings 0.37.8" in out and "✗" not in out
    assert "· Excel: тек Windows-та тексеріледі" in out
    assert "socpass doctor тізілім.xlsm" in out and out.rstrip().endswith("Бәрі дұрыс.")


def test_doctor_without_a_register_speaks_socpass_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCPASS_LANG", "ru")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("socpass doctor: проверка всего, что нужно реестру для работы в Excel")
    assert "· Python для кнопок: проверяется только в Windows" in out
    assert out.rstrip().endswith("Всё в порядке.")


def test_doctor_speaks_the_registers_language_unless_told(
    register_ru: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", str(register_ru)]) == 0
    out = capsys.readouterr().out
    assert "✓ Лист xlwings.conf: UDF Modules = socpass.excel.udfs" in out
    assert "· Excel: проверяется только в Windows" in out
    assert out.rstrip().endswith("Всё в порядке.")
    assert main(["doctor", str(register_ru), "--lang", "kk"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Бәрі дұрыс.")


def test_doctor_with_excel_off_windows_says_it_needs_windows(
    register_ru: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", str(register_ru), "--excel"]) == 0
    assert "· Проверка в Excel (--excel): проверяется только в Windows" in capsys.readouterr().out


def test_doctor_exits_1_on_a_register_that_fails_a_check(
    register_ru: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.xlsm"
    wb = openpyxl.load_workbook(register_ru, keep_vba=True)
    wb[CONF_SHEET]["B2"] = "True"
    wb.save(old)
    assert main(["doctor", str(old), "--lang", "ru"]) == 1
    out = capsys.readouterr().out
    assert "✗ Use UDF Server включён (на листе xlwings.conf реестра)" in out
    assert f'socpass upgrade "{old.resolve()}"' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["doctor", "--excel", "--lang", "ru"], "Для --excel укажите реестр"),
        (["doctor", "missing.xlsm", "--lang", "kk"], "«missing.xlsm» файлы жоқ."),
    ],
)
def test_doctor_refuses_what_it_cannot_use_with_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_doctor_refuses_a_file_that_is_not_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "fake.xlsm"
    fake.write_text("not a workbook")
    assert main(["doctor", str(fake), "--lang", "ru"]) == 2
    assert "«fake.xlsm» — не книга Excel" in capsys.readouterr().err


def test_an_xlsx_register_is_not_failed_for_the_buttons_it_cannot_have() -> None:
    """A demo or `socpass new` .xlsx has no conf sheet and no VBA: no ✗ for those (upgrade would
    not add them), one line saying why and how to get a register with buttons."""
    plain = book(path="C:\\socpass\\register.xlsx", conf_sheet=False, built_with={}, macros=False)
    checks = run_checks(windows_pc(workbook=plain))
    assert passed(checks)
    keys = [c.key for c in checks]
    assert not {"conf_sheet", "udf_server", "xlwings_workbook"} & set(keys)
    assert keys[-1] == "macros" and checks[-1].ok is None
    for lang, words in (("kk", "socpass new тізілім.xlsm"), ("ru", "socpass new реестр.xlsm")):
        assert words in checks[-1].label(lang) and "register.xlsx" in checks[-1].label(lang)
