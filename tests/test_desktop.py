"""Desktop Excel (Windows): `doctor --excel`'s field test, driven here by a fake Excel, and
`new --via-excel`, which must refuse clearly where there is no desktop Excel to drive."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from socpass.cli import main
from socpass.core.schema import LANGS
from socpass.excel import desktop
from socpass.excel.desktop import FUNCTION_CALL, field_checks, field_test
from socpass.excel.doctor import ExcelInstall, passed
from socpass.render.xlsm import MACROS, run_python_statement
from support.pc import linux_pc, windows_pc


class FakeExcel:
    """What the field test sees of Excel; each attribute a way for Excel to answer."""

    def __init__(self, **answers: object) -> None:
        self.opened: Path | None = None
        self.closed = False
        self.ran: list[tuple[str, tuple[object, ...]]] = []
        self.sheet = answers.get("sheet", "Басқару")
        self.bound = answers.get("bound", [f"Buttons.{m.sub}" for m in MACROS])
        self.results = answers.get("results", {})
        self.open_error = answers.get("open_error")
        self.vba_error = answers.get("vba_error")
        self.value = answers.get("value", 0.2)

    def open(self, path: Path) -> None:
        if self.open_error:
            raise self.open_error
        assert path.exists()
        self.opened = path

    def button_macros(self, sheet_name: str) -> list[str]:
        return list(self.bound) if sheet_name == self.sheet else []

    def run(self, macro: str, *args: object) -> object:
        self.ran.append((macro, args))
        if macro.startswith("WizardHelp.") and self.vba_error:
            raise self.vba_error
        return self.results.get(args[0], 0) if args else None

    def formula_value(self, formula: str) -> object:
        assert formula == FUNCTION_CALL
        return self.value

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.xlsm"
    path.write_bytes(b"a register")
    return path


def _run(register: Path, excel: FakeExcel) -> dict[str, object]:
    checks = field_test(register, excel, now=lambda: datetime(2026, 5, 25, 10, 0, 0))
    return {c.key: c for c in checks}


def test_a_working_excel_passes_every_step_on_a_copy_it_then_removes(register: Path) -> None:
    excel = FakeExcel()
    checks = _run(register, excel)
    assert [k for k in checks] == [
        "excel_open",
        "excel_vba",
        *(f"button_{m.sub}" for m in MACROS),
        "excel_function",
    ]
    assert all(c.ok for c in checks.values())
    copy = register.with_name("socpass-doctor-20260525-100000") / register.name
    assert excel.opened == copy and excel.closed and not copy.parent.exists()
    assert register.read_bytes() == b"a register"  # the register itself is never opened
    assert excel.ran[0] == ("WizardHelp.DescribeFunctions", (True,))
    assert excel.ran[1:] == [("xlwings.RunPython", (run_python_statement(m),)) for m in MACROS]
    assert (
        checks["button_FlagAtRisk"].label("kk")
        == "«ЕАЖ тізімін жаңарту» батырмасы (FlagAtRisk) жұмыс істеді"
    )
    assert (
        checks["button_FlagAtRisk"].label("ru")
        == "Кнопка «Обновить список СРП» (FlagAtRisk) сработала"
    )
    assert checks["excel_function"].label("ru") == '=SOCPASS_CHANGE(10;12;"ru") = 0,2'


def test_a_folder_where_no_copy_can_be_written_is_refused(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socpass.core.findings import SocpassError

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(desktop.shutil, "copy2", denied)
    with pytest.raises(SocpassError) as raised:
        _run(register, FakeExcel())
    assert raised.value.exit_code == 2
    assert "Не удалось записать копию реестра в папку" in raised.value.text("ru")
    assert "көшірмесін" in raised.value.text("kk") and "Permission denied" in raised.value.text(
        "kk"
    )
    assert not list(register.parent.glob("socpass-doctor-*"))


def test_the_russian_control_sheet_is_found_too(register: Path) -> None:
    assert all(c.ok for c in _run(register, FakeExcel(sheet="Управление")).values())


def test_excel_that_cannot_open_the_copy(register: Path) -> None:
    excel = FakeExcel(open_error=RuntimeError("The file is corrupt\nand cannot be opened"))
    checks = _run(register, excel)
    assert list(checks) == ["excel_open"]
    check = checks["excel_open"]
    assert check.ok is False
    assert "The file is corrupt" in check.label("kk") and "аша алмады" in check.label("kk")
    assert "не смог открыть копию" in check.label("ru")
    assert "--via-excel" in check.fix("kk") and "--via-excel" in check.fix("ru")
    assert excel.closed and not list(register.parent.glob("socpass-doctor-*"))


def test_a_vba_project_that_does_not_run(register: Path) -> None:
    check = _run(register, FakeExcel(vba_error=RuntimeError("Compile error")))["excel_vba"]
    assert check.ok is False and "Compile error" in check.label("ru")
    for lang in LANGS:
        assert "Debug → Compile VBAProject" in check.fix(lang)
    assert "Центр управления безопасностью" in check.fix("kk")


def test_a_button_whose_python_fails_and_one_not_bound(register: Path) -> None:
    failing = run_python_statement(MACROS[1])
    excel = FakeExcel(
        bound=[f"'register.xlsm'!Buttons.{m.sub}" for m in MACROS[:3]], results={failing: -1}
    )
    checks = _run(register, excel)
    report = checks[f"button_{MACROS[1].sub}"]
    assert report.ok is False
    assert "қатемен аяқталды: Python қате берді" in report.label("kk")
    assert "завершилась с ошибкой: Python сообщил об ошибке в окне xlwings" in report.label("ru")
    assert "Ctrl+C" in report.fix("kk") and "Ctrl+C" in report.fix("ru")
    unbound = checks[f"button_{MACROS[3].sub}"]
    assert unbound.ok is False and "макросына байланбаған" in unbound.label("kk")
    assert f"не привязана к макросу {MACROS[3].sub}" in unbound.label("ru")
    assert "socpass upgrade" in unbound.fix("ru")
    assert checks[f"button_{MACROS[0].sub}"].ok  # a qualified OnAction is fine


def test_a_custom_function_that_returns_the_dll_error(register: Path) -> None:
    value = "File not found: xlwings64-0.37.8.dll"
    check = _run(register, FakeExcel(value=value))["excel_function"]
    assert check.ok is False
    assert f"«{value}» қайтарды, ал күтілгені 0,2" in check.label("kk")
    assert f"вернула «{value}» вместо 0,2" in check.label("ru")
    assert "xlwings DLL" in check.fix("kk") and "xlwings DLL" in check.fix("ru")


def test_field_checks_run_only_where_excel_is(register: Path, capsys) -> None:
    [off] = field_checks(linux_pc(), register, "ru")
    assert off.ok is None and "проверяется только в Windows" in off.label("ru")
    [none] = field_checks(windows_pc(excel=None), register, "kk")
    assert none.ok is None and "Excel табылмағандықтан" in none.label("kk")
    ran = []
    checks = field_checks(
        windows_pc(excel=ExcelInstall("16.0", 64, None)),
        register,
        "kk",
        test=lambda path: ran.append(path) or [],
    )
    assert ran == [register] and checks == [] and passed(checks)
    assert "OK басыңыз" in capsys.readouterr().out


# --------------------------------------------------------------------------- new --via-excel


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("kk", "--via-excel тек Excel орнатылған Windows-та жұмыс істейді"),
        ("ru", "--via-excel работает только в Windows с установленным Excel"),
    ],
)
def test_new_via_excel_refuses_off_windows_before_writing(
    tmp_path: Path, lang: str, message: str, capsys
) -> None:
    path = tmp_path / "r.xlsm"
    assert main(["new", str(path), "--via-excel", "--lang", lang]) == 2
    assert message in capsys.readouterr().err
    assert not path.exists()


def test_new_via_excel_refuses_a_windows_without_excel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(desktop, "excel_install", lambda: None)
    path = tmp_path / "r.xlsm"
    assert main(["new", str(path), "--via-excel", "--lang", "ru"]) == 2
    assert (
        "Для --via-excel нужен Excel, но на этом компьютере он не найден."
        in capsys.readouterr().err
    )
    assert not path.exists()


def test_new_via_excel_has_excel_save_the_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from socpass.jobs import new

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(desktop, "excel_install", lambda: ExcelInstall("16.0", 64, None))
    saved = []
    monkeypatch.setattr(new, "resave_via_excel", lambda p: saved.append(p) or desktop.RESAVED)
    path = tmp_path / "r.xlsm"
    assert main(["new", str(path), "--via-excel", "--lang", "kk"]) == 0
    assert saved == [path] and path.exists()
    assert "Excel файлды ашып, қайта сақтады" in capsys.readouterr().out


def test_resave_reports_an_excel_failure_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlwings
    from socpass.core.findings import SocpassError

    def no_excel(**_: object) -> None:
        raise OSError("Excel.Application is not registered")

    monkeypatch.setattr(xlwings, "App", no_excel)
    with pytest.raises(SocpassError) as raised:
        desktop.resave_via_excel(tmp_path / "r.xlsm")
    assert raised.value.exit_code == 2
    assert (
        "Excel оны қайта сақтай алмады: Excel.Application is not registered"
        in raised.value.text("kk")
    )
    assert "Excel не смог его пересохранить" in raised.value.text("ru")


def test_the_desktop_module_loads_without_xlwings_imported() -> None:
    """Like the doctor, it imports xlwings only when it drives Excel."""
    import subprocess

    code = (
        "import sys, socpass.excel.desktop, socpass.excel.doctor, socpass.commands.doctor; "
        "print('xlwings' in sys.modules)"
    )
    from support.cli import SOURCE

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SOURCE), "PATH": ""},
        check=True,
    )
    assert done.stdout.strip() == "False"
