"""Desktop Excel on Windows, driven through xlwings (COM): the doctor's field test and the round
trip of `socpass new … --via-excel`.

`field_test` opens a COPY of the register in a visible Excel (in a folder of its own beside the
register, so the path is as real as the register's and whatever the buttons write stays there),
runs the VBA project, every button's Python macro through the workbook's own xlwings module and
one custom function, and reports each result as a doctor `Check`; then it closes the copy unsaved
and deletes the folder. The steps talk to Excel only through a small `Driver`, so the reporting is
tested with a fake one; `XlwingsDriver` is the real one. A button is run as
`Application.Run "xlwings.RunPython", <the statement its Sub passes>`, because a Sub returns
nothing and RunPython returns -1 when Python failed (after showing xlwings' error window); each
macro shows its own message box too, which the person running the test reads and closes.

`resave_via_excel` opens a written file in an invisible Excel and saves it, so that the VBA project
in it is the one Excel writes: the fallback if a school's Excel ever rejects the generated one.

Nothing imports xlwings before it is needed: the module loads on any system.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..core.findings import SocpassError
from ..core.schema import Lang, Text, sheet
from ..render.control import BUTTONS
from ..render.xlsm import HELP_SUB, HELP_VBA_MODULE, MACROS, run_python_statement
from .doctor import UPGRADE, WINDOWS_ONLY, Check, Facts, excel_install, fill

FUNCTION_CALL = '=SOCPASS_CHANGE(10,12,"ru")'  # COM's Formula takes English syntax
FUNCTION_SHOWN = '=SOCPASS_CHANGE(10;12;"ru")'  # as a Russian-language Excel shows it
FUNCTION_EXPECTED = 0.2

NEEDS_WINDOWS = Text(
    "--via-excel тек Excel орнатылған Windows-та жұмыс істейді (файлды Excel өзі ашып, қайта "
    "сақтайды). Бұл компьютерде командаға --via-excel қоспаңыз.",
    "--via-excel работает только в Windows с установленным Excel (файл открывает и "
    "пересохраняет сам Excel). На этом компьютере запустите команду без --via-excel.",
)
NO_EXCEL = Text(
    "--via-excel үшін Excel керек, бірақ ол бұл компьютерде табылмады.",
    "Для --via-excel нужен Excel, но на этом компьютере он не найден.",
)
RESAVED = Text(
    "Excel файлды ашып, қайта сақтады: VBA жобасын Excel өзі жазды.",
    "Excel открыл и пересохранил файл: проект VBA записан самим Excel.",
)
RESAVE_FAILED = Text(
    "Тізілім жазылды, бірақ Excel оны қайта сақтай алмады: {error}",
    "Реестр записан, но Excel не смог его пересохранить: {error}",
)


def require_desktop_excel() -> None:
    """Refuse (exit 2) where there is no desktop Excel to drive: not Windows, or no Excel."""
    if sys.platform != "win32":
        raise SocpassError(NEEDS_WINDOWS, exit_code=2)
    if excel_install() is None:
        raise SocpassError(NO_EXCEL, exit_code=2)


def resave_via_excel(path: Path) -> Text:
    """Open `path` in an invisible Excel and save it in place, in its own format; the message."""
    import xlwings as xw

    try:
        app = xw.App(visible=False, add_book=False)
    except Exception as exc:
        raise SocpassError(RESAVE_FAILED, error=_first_line(exc)) from exc
    try:
        app.display_alerts = False
        book = app.books.open(str(path))
        book.save()
        book.close()
    except Exception as exc:
        raise SocpassError(RESAVE_FAILED, error=_first_line(exc)) from exc
    finally:
        app.quit()
    return RESAVED


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --------------------------------------------------------------------------- the field test


class Driver(Protocol):
    """What the field test asks of Excel."""

    def open(self, path: Path) -> None: ...

    def button_macros(self, sheet_name: str) -> list[str]: ...

    def run(self, macro: str, *args: object) -> object: ...

    def formula_value(self, formula: str) -> object: ...

    def close(self) -> None: ...


class XlwingsDriver:
    """The real Excel: a new visible instance, closed (unsaved) at the end."""

    def __init__(self) -> None:
        self.app = None
        self.book = None

    def open(self, path: Path) -> None:
        import xlwings as xw

        self.app = xw.App(visible=True, add_book=False)
        self.book = self.app.books.open(str(path))

    def _qualified(self, macro: str) -> str:
        return "'" + self.book.name.replace("'", "''") + "'!" + macro

    def button_macros(self, sheet_name: str) -> list[str]:
        return [s.OnAction for s in self.book.sheets[sheet_name].api.Shapes if s.OnAction]

    def run(self, macro: str, *args: object) -> object:
        return self.app.api.Run(self._qualified(macro), *args)

    def formula_value(self, formula: str) -> object:
        scratch = self.book.sheets.add()
        scratch["A1"].formula = formula
        self.app.calculate()
        return scratch["A1"].value

    def close(self) -> None:
        try:
            if self.book is not None:
                self.book.api.Close(False)
        finally:
            if self.app is not None:
                self.app.quit()


OPENED = Text("Excel тізілімнің көшірмесін ашты: {path}", "Excel открыл копию реестра: {path}")
NOT_OPENED = Text(
    "Excel тізілімнің көшірмесін аша алмады: {error}",
    "Excel не смог открыть копию реестра: {error}",
)
OPEN_BY_HAND = Text(
    "Тізілімді Excel-де қолмен ашып, Excel не деп жазатынын қараңыз. Файлды «қалпына келтіруді» "
    "ұсынса, жаңа тізілімді Excel арқылы жазып көріңіз: socpass new жаңа.xlsm --via-excel, "
    "және бұл туралы socpass-ты орнатқан адамға хабарлаңыз.",
    "Откройте реестр в Excel вручную и посмотрите, что сообщит Excel. Если он предложит "
    "«восстановить» файл, попробуйте записать новый реестр через Excel: socpass new новый.xlsm "
    "--via-excel, и сообщите об этом тому, кто устанавливал socpass.",
)
VBA_OK = Text(
    "VBA жобасы іске қосылды, функциялардың сипаттамалары тіркелді",
    "Проект VBA запускается, описания функций зарегистрированы",
)
VBA_FAILED = Text("VBA жобасы іске қосылмады: {error}", "Проект VBA не запускается: {error}")
VBA_FIX = Text(
    "Excel-де Alt+F11 басып, Debug → Compile VBAProject таңдаңыз: қате жолды Excel өзі "
    "көрсетеді. Макростар мүлде іске қосылмаса: Файл → Параметры → Центр управления "
    "безопасностью → Параметры центра → Параметры макросов.",
    "Нажмите в Excel Alt+F11 и выберите Debug → Compile VBAProject: строку с ошибкой Excel "
    "покажет сам. Если макросы не запускаются вовсе: Файл → Параметры → Центр управления "
    "безопасностью → Параметры центра → Параметры макросов.",
)
BUTTON_OK = Text("«{label}» батырмасы ({sub}) жұмыс істеді", "Кнопка «{label}» ({sub}) сработала")
BUTTON_UNBOUND = Text(
    "«{label}» батырмасы {sub} макросына байланбаған",
    "Кнопка «{label}» не привязана к макросу {sub}",
)
BUTTON_FAILED = Text(
    "«{label}» батырмасы ({sub}) қатемен аяқталды: {error}",
    "Кнопка «{label}» ({sub}) завершилась с ошибкой: {error}",
)
PYTHON_FAILED = Text(
    "Python қате берді, мәтіні xlwings терезесінде", "Python сообщил об ошибке в окне xlwings"
)
BUTTON_FIX = Text(
    "Алдымен жоғарыдағы ✗ жолдарын түзетіңіз. Қате қайталанса, xlwings терезесіндегі мәтінді "
    "Ctrl+C арқылы көшіріп, socpass-ты орнатқан адамға жіберіңіз.",
    "Сначала исправьте строки ✗ выше. Если ошибка повторится, скопируйте текст из окна xlwings "
    "(Ctrl+C) и отправьте тому, кто устанавливал socpass.",
)
FUNCTION_OK = Text("{call} = {value}", "{call} = {value}")
FUNCTION_FAILED = Text(
    "{call} «{value}» қайтарды, ал күтілгені 0,2",
    "{call} вернула «{value}» вместо 0,2",
)
FUNCTION_FIX = Text(
    "Жоғарыдағы «xlwings DLL» және «Python» жолдарын қараңыз: функцияларға xlwings DLL файлы "
    "мен socpass орнатылған Python керек.",
    "Посмотрите строки «xlwings DLL» и «Python» выше: функциям нужны файл xlwings DLL и Python "
    "с установленным socpass.",
)
NO_COPY = Text(
    "Тізілімнің көшірмесін {folder} қалтасына жазу мүмкін болмады: {error}",
    "Не удалось записать копию реестра в папку {folder}: {error}",
)
COPY_LEFT = Text(
    "Көшірме қалтасын өшіру мүмкін болмады, оны қолмен өшіріңіз: {folder}",
    "Не удалось удалить папку с копией, удалите её вручную: {folder}",
)


FIELD_TEST = Text("Excel-дегі сынақ (--excel)", "Проверка в Excel (--excel)")
NO_EXCEL_FOR_TEST = Text(
    "Excel-дегі сынақ (--excel): Excel табылмағандықтан жасалмады",
    "Проверка в Excel (--excel): не проведена, так как Excel не найден",
)
STARTING = Text(
    "Excel тізілімнің көшірмесін ашып, әр батырманы басады. Әр батырма хабар көрсетеді: оны "
    "оқып, OK басыңыз. Қате терезесі шықса, оның мәтінін Ctrl+C арқылы көшіріп алыңыз.",
    "Excel откроет копию реестра и нажмёт каждую кнопку. Каждая кнопка покажет сообщение: "
    "прочитайте его и нажмите OK. Если появится окно с ошибкой, скопируйте его текст (Ctrl+C).",
)


def field_checks(
    facts: Facts,
    register: Path,
    lang: Lang,
    test: Callable[[Path], list[Check]] | None = None,
) -> list[Check]:
    """`doctor --excel`: the field test where it can run (Windows with Excel), else one line
    saying why not; `test` stands in for `field_test` in tests."""
    if not facts.windows:
        return [Check("excel_field", None, fill(WINDOWS_ONLY, what=FIELD_TEST))]
    if facts.excel is None:
        return [Check("excel_field", None, NO_EXCEL_FOR_TEST)]
    print(STARTING(lang), flush=True)
    return (test or field_test)(register)


def field_test(
    register: Path,
    driver: Driver | None = None,
    now: Callable[[], datetime] = datetime.now,
) -> list[Check]:
    """Open a copy of `register` in Excel, run what a pedagogue would, report each step."""
    register = Path(register).resolve()
    folder = register.with_name(f"socpass-doctor-{now():%Y%m%d-%H%M%S}")
    copy = folder / register.name
    try:
        folder.mkdir()
        shutil.copy2(register, copy)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise SocpassError(NO_COPY, folder=folder, error=exc.strerror or exc) from exc
    driver = driver or XlwingsDriver()
    checks: list[Check] = []
    try:
        try:
            driver.open(copy)
        except Exception as exc:
            return [
                Check("excel_open", False, fill(NOT_OPENED, error=_first_line(exc)), OPEN_BY_HAND)
            ]
        checks.append(Check("excel_open", True, fill(OPENED, path=copy)))
        checks.append(_vba(driver))
        checks += [_button(driver, register, i) for i in range(len(MACROS))]
        checks.append(_function(driver))
    finally:
        try:
            driver.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if folder.exists():
                checks.append(Check("excel_copy", None, fill(COPY_LEFT, folder=folder)))
    return checks


def _vba(driver: Driver) -> Check:
    try:
        driver.run(f"{HELP_VBA_MODULE}.{HELP_SUB}", True)
    except Exception as exc:
        return Check("excel_vba", False, fill(VBA_FAILED, error=_first_line(exc)), VBA_FIX)
    return Check("excel_vba", True, VBA_OK)


def _control_sheet_name(driver: Driver) -> str:
    """The Control sheet's name in the register's language (it is the one with the buttons)."""
    names = sheet("control").name
    for name in (names.kk, names.ru):
        try:
            if driver.button_macros(name):
                return name
        except Exception:
            continue
    return names.kk


def _button(driver: Driver, register: Path, index: int) -> Check:
    macro = MACROS[index]
    label = BUTTONS[index][0]
    key = f"button_{macro.sub}"
    try:
        bound = driver.button_macros(_control_sheet_name(driver))
    except Exception:
        bound = []
    if not any(m.split("!")[-1] == f"Buttons.{macro.sub}" for m in bound):
        return Check(
            key,
            False,
            fill(BUTTON_UNBOUND, label=label, sub=macro.sub),
            fill(UPGRADE, register=register),
        )
    try:
        result = driver.run("xlwings.RunPython", run_python_statement(macro))
    except Exception as exc:
        error: Text | str = _first_line(exc)
    else:
        if result in (None, 0):
            return Check(key, True, fill(BUTTON_OK, label=label, sub=macro.sub))
        error = PYTHON_FAILED
    return Check(
        key, False, fill(BUTTON_FAILED, label=label, sub=macro.sub, error=error), BUTTON_FIX
    )


def _function(driver: Driver) -> Check:
    try:
        value = driver.formula_value(FUNCTION_CALL)
    except Exception as exc:
        value = _first_line(exc)
    if isinstance(value, int | float) and abs(value - FUNCTION_EXPECTED) < 1e-9:
        return Check("excel_function", True, fill(FUNCTION_OK, call=FUNCTION_SHOWN, value="0,2"))
    return Check(
        "excel_function",
        False,
        fill(FUNCTION_FAILED, call=FUNCTION_SHOWN, value=value),
        FUNCTION_FIX,
    )
