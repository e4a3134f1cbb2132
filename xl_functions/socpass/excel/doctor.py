"""`socpass doctor`: what a school PC needs for the register's buttons and functions, checked.

Two halves, so that every check can be tested on any machine:

- `gather_facts()` looks at this computer (and the register, when one is given) once and returns
  a `Facts`: Python, the installed socpass and xlwings, pywin32, Excel and its bitness, the xlwings
  DLL and where it lies, the Python the buttons would start, the ANSI code page, the TEMP folder,
  the xlwings settings from the register's conf sheet, its folder and the user's conf file;
- `run_checks(facts)` turns them into `Check`s: pure functions of the facts, each saying whether
  it passed (or that it can only be made on Windows), what it found and, when it failed, the exact
  fix, in Kazakh and Russian.

What the checks know of xlwings 0.37.8 comes from its VBA module (`xlwings.bas`), the one inside
the register: a setting is looked up on the conf sheet (keys in A from A1 to the first empty one,
upper-cased), then in `xlwings.conf` in the workbook's folder, then in the user's
`%USERPROFILE%\\.xlwings\\xlwings.conf` (the ribbon's); with `Use UDF Server` off a button runs
`cmd.exe /C python -c …` (or the `Interpreter_Win` file) and needs no DLL; a custom function
always calls `XLPy.CallUDF`, that is the DLL `xlwings64-<version>.dll` (`xlwings32-…` in a 32-bit
Excel): loaded from the folder of `Interpreter_Win` or its parent when that is set (`LoadLibraryA`,
an ANSI call), otherwise found by Windows on its DLL search path (Excel's folder, System32, PATH)
or not at all ("Run-time error 53: File not found"). pip puts the DLL in the Python's root folder
(the venv's root for a venv; `%APPDATA%\\Python` for `pip install --user`). xlwings also writes
its error log to `Environ("TEMP")`, whose letters outside the ANSI code page VBA turns into "?".

No import of xlwings (or anything Windows-only) at module level: the doctor runs everywhere.
"""

from __future__ import annotations

import csv
import ntpath
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path
from typing import Literal

from .. import __version__
from ..core.findings import SocpassError
from ..core.schema import LANGS, SHEETS, Lang, Text, normalize_label
from ..render.xlsm import BUILT_WITH, CONF_SHEET, HELP_FIRST_COL, UDF_MODULE

MIN_PYTHON = (3, 11)
MIN_EXCEL = 16  # Excel 2016; 2019, 2021 and 365 are 16.0 too
DEFAULT_CODE_PAGE = 1251  # Russian and Kazakh Windows
LATIN_PYTHON = "C:\\Python312"  # where the fixes tell to install Python
PROBE = "import socpass, xlwings"
PROBE_TIMEOUT = 120  # seconds: the first import after an install compiles to .pyc

Source = Literal["sheet", "directory", "user"]

# --------------------------------------------------------------------------- the facts


@dataclass(frozen=True)
class Interpreter:
    """A Python that Excel would start: as configured (`Interpreter_Win`) or `python` on PATH."""

    command: str  # the setting's value, or "python"
    path: str | None  # the file it is, None when there is none
    has_socpass: bool | None = None  # it imports socpass and xlwings (None: not run)


@dataclass(frozen=True)
class ExcelInstall:
    version: str  # "16.0": Excel 2016, 2019, 2021 and 365
    bits: int | None  # of EXCEL.EXE; None when it could not be read
    path: str | None  # EXCEL.EXE


@dataclass(frozen=True)
class WorkbookFacts:
    """What the register itself says: its place, language, conf sheet and built-with versions."""

    path: str  # absolute
    lang: Lang
    conf_sheet: bool
    settings: tuple[tuple[str, str], ...] = ()  # (key, value) as xlwings reads the conf sheet
    built_with: Mapping[str, str] = field(default_factory=dict)
    macros: bool = True  # an .xlsm (buttons, functions); an .xlsx is a register without them


@dataclass(frozen=True)
class Facts:
    """This computer as the checks see it; `gather_facts` fills it, tests fake it."""

    windows: bool
    python_version: tuple[int, int, int]
    python_bits: int
    executable: str
    pythonw: str | None  # pythonw.exe beside `executable` (Windows)
    socpass_version: str
    xlwings_version: str | None  # None: not importable
    xlwings_required: str | None  # socpass's pin, from its metadata
    pywin32: bool | None = None  # None off Windows
    excel: ExcelInstall | None = None
    ansi_code_page: int | None = None
    temp_dir: str | None = None
    directory_config: Mapping[str, str] = field(default_factory=dict)  # keys upper-cased
    user_config: Mapping[str, str] = field(default_factory=dict)
    user_config_file: str | None = None
    path_dirs: tuple[str, ...] = ()
    system_dirs: tuple[str, ...] = ()  # Windows' own DLL folders (System32, Windows)
    user_data_dir: str | None = None  # where `pip install --user` puts the DLL
    dll_name: str | None = None  # the DLL the register's xlwings module declares
    dll_folders: tuple[str, ...] = ()  # folders (among those that matter) holding it
    buttons_python: Interpreter | None = None  # Windows: the Python a button starts
    workbook: WorkbookFacts | None = None


@dataclass(frozen=True)
class Setting:
    value: str
    source: Source


def xlwings_setting(facts: Facts, key: str) -> Setting | None:
    """A setting as xlwings.bas's `GetConfig` finds it: conf sheet, folder file, user file."""
    key = key.upper()
    if facts.workbook is not None:
        for name, value in facts.workbook.settings:
            if name.upper() == key:
                return Setting(value, "sheet")
    if key in facts.directory_config:
        return Setting(facts.directory_config[key], "directory")
    if key in facts.user_config:
        return Setting(facts.user_config[key], "user")
    return None


def interpreter_setting(facts: Facts) -> Setting | None:
    """`Interpreter_Win` (or the legacy `Interpreter`) when it has a value: what Excel starts."""
    for key in ("INTERPRETER_WIN", "INTERPRETER"):
        found = xlwings_setting(facts, key)
        if found is not None and found.value.strip():
            return found
    return None


def _is_true(value: str) -> bool:
    """VBA's `GetConfig(...) = True` on a text value: "True" (any case) or a non-zero number."""
    text = value.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return float(text) != 0
    except ValueError:
        return False


# --------------------------------------------------------------------------- the checks


@dataclass(frozen=True)
class Check:
    """One line of the report: passed (True), failed (False) or not possible here (None)."""

    key: str
    ok: bool | None
    label: Text
    fix: Text | None = None


def fill(text: Text, **params: object) -> Text:
    """`text` with `params` filled in, each language its own; a `Text` param gives its own."""

    def values(lang: Lang) -> dict[str, object]:
        return {k: v(lang) if isinstance(v, Text) else v for k, v in params.items()}

    return Text(text.kk.format(**values("kk")), text.ru.format(**values("ru")))


WINDOWS_ONLY = Text("{what}: тек Windows-та тексеріледі", "{what}: проверяется только в Windows")

INSTALL_PYTHON = Text(
    "Python 3.12-ні python.org сайтындағы классикалық орнатқышпен (Windows installer (64-bit)) "
    "орнатыңыз: бірінші терезеде «Add python.exe to PATH» белгісін қойып, «Customize "
    "installation» батырмасын басыңыз, ал «Advanced Options» терезесіндегі «Customize install "
    "location» өрісіне тек латын әріптерінен тұратын қалта жолын жазыңыз, мысалы {latin}. "
    "Содан кейін socpass-ты осы Python-ға қайта орнатыңыз (socpass setup-excel, 2-қадам).",
    "Установите Python 3.12 классическим установщиком с python.org (Windows installer "
    "(64-bit)): в первом окне отметьте «Add python.exe to PATH» и нажмите «Customize "
    "installation», а в окне «Advanced Options» впишите в поле «Customize install location» "
    "папку, путь к которой состоит только из латинских букв, например {latin}. Затем заново "
    "установите socpass в этот Python (socpass setup-excel, шаг 2).",
)
UPGRADE = Text(
    'Тізілімді орнатылған нұсқамен қайта жинаңыз: socpass upgrade "{register}" (деректер '
    "сақталады, ескі файлдың көшірмесі қасында қалады).",
    'Пересоберите реестр установленной версией: socpass upgrade "{register}" (данные '
    "сохранятся, копия старого файла останется рядом).",
)
ADD_INTERPRETER = Text(
    "Тізілімнің жасырын xlwings.conf парағын ашып (парақ белгісін оң жақпен басу → «Показать»), "
    "бірінші бос жолдың A ұяшығына Interpreter_Win, B ұяшығына {pythonw} деп жазып, файлды "
    "сақтаңыз.",
    "Откройте скрытый лист xlwings.conf реестра (правый щелчок по ярлыку листа → «Показать»), "
    "в первой свободной строке впишите в ячейку A Interpreter_Win, в ячейку B — {pythonw} и "
    "сохраните файл.",
)
CHANGE_INTERPRETER = Text(
    "Interpreter_Win мәнін ({where}) мына жолға ауыстырыңыз: {pythonw}",
    "Замените значение Interpreter_Win ({where}) на {pythonw}",
)
WHERE: dict[Source, Text] = {
    "sheet": Text("тізілімнің xlwings.conf парағында", "на листе xlwings.conf реестра"),
    "directory": Text(
        "тізілім қалтасындағы xlwings.conf файлында", "в файле xlwings.conf в папке реестра"
    ),
    "user": Text(
        "xlwings таспасында немесе {file} файлында", "на ленте xlwings или в файле {file}"
    ),
}


def _where(facts: Facts, source: Source) -> Text:
    return fill(
        WHERE[source], file=facts.user_config_file or "%USERPROFILE%\\.xlwings\\xlwings.conf"
    )


def _pythonw(facts: Facts) -> str:
    return facts.pythonw or facts.executable


PYTHON_VERSION = Text("Python {version}", "Python {version}")
PYTHON_TOO_OLD = Text(
    "Python {version}: socpass-қа 3.11 немесе одан жаңа нұсқа керек",
    "Python {version}: socpass нужен Python 3.11 или новее",
)


def check_python_version(facts: Facts) -> Check:
    version = ".".join(map(str, facts.python_version))
    if facts.python_version[:2] >= MIN_PYTHON:
        return Check("python_version", True, fill(PYTHON_VERSION, version=version))
    return Check(
        "python_version",
        False,
        fill(PYTHON_TOO_OLD, version=version),
        fill(INSTALL_PYTHON, latin=LATIN_PYTHON),
    )


PYTHON_64 = Text("Python 64 биттік", "Python 64-битный")
PYTHON_32 = Text(
    "Python {bits} биттік: socpass 64 биттік Python-мен ғана тексерілген, ал 32 биттікке "
    "кітапханалары (pandas, matplotlib) орнатылмауы мүмкін",
    "Python {bits}-битный: socpass проверяется только с 64-битным Python, а в 32-битный его "
    "библиотеки (pandas, matplotlib) могут не установиться",
)


def check_python_bits(facts: Facts) -> Check:
    if facts.python_bits == 64:
        return Check("python_bits", True, PYTHON_64)
    return Check(
        "python_bits",
        False,
        fill(PYTHON_32, bits=facts.python_bits),
        fill(INSTALL_PYTHON, latin=LATIN_PYTHON),
    )


SOCPASS_VERSION = Text("socpass {installed}", "socpass {installed}")
SOCPASS_SAME = Text(
    "socpass {installed}; тізілім де осы нұсқамен жасалған",
    "socpass {installed}; реестр создан этой же версией",
)
SOCPASS_OTHER = Text(
    "Тізілім socpass {built} нұсқасымен жасалған, ал орнатылғаны — {installed}",
    "Реестр создан socpass {built}, а установлена версия {installed}",
)
SOCPASS_UNKNOWN = Text(
    "Тізілімде оны жасаған socpass нұсқасы жазылмаған (бұрынғы нұсқамен жасалған)",
    "В реестре не записана версия socpass, которой он создан (создан прежней версией)",
)


def check_socpass(facts: Facts) -> Check:
    installed = facts.socpass_version
    book = facts.workbook
    if book is None:
        return Check("socpass", True, fill(SOCPASS_VERSION, installed=installed))
    built = book.built_with.get("socpass")
    if built == installed:
        return Check("socpass", True, fill(SOCPASS_SAME, installed=installed))
    label = (
        SOCPASS_UNKNOWN if built is None else fill(SOCPASS_OTHER, built=built, installed=installed)
    )
    return Check("socpass", False, label, fill(UPGRADE, register=book.path))


XLWINGS_VERSION = Text("xlwings {installed}", "xlwings {installed}")
XLWINGS_MISSING = Text("xlwings орнатылмаған", "xlwings не установлен")
XLWINGS_OTHER = Text(
    "xlwings {installed} орнатылған, ал socpass-қа {required} керек",
    "Установлен xlwings {installed}, а socpass нужен {required}",
)
INSTALL_XLWINGS = Text(
    'Керекті нұсқасын орнатыңыз: "{python}" -m pip install "xlwings=={required}"',
    'Установите нужную версию: "{python}" -m pip install "xlwings=={required}"',
)


def check_xlwings(facts: Facts) -> Check:
    required = facts.xlwings_required or facts.xlwings_version or "0.37.8"
    fix = fill(INSTALL_XLWINGS, python=facts.executable, required=required)
    if facts.xlwings_version is None:
        return Check("xlwings", False, XLWINGS_MISSING, fix)
    if facts.xlwings_required and facts.xlwings_version != facts.xlwings_required:
        label = fill(XLWINGS_OTHER, installed=facts.xlwings_version, required=required)
        return Check("xlwings", False, label, fix)
    return Check("xlwings", True, fill(XLWINGS_VERSION, installed=facts.xlwings_version))


MODULE_SAME = Text(
    "Тізілімдегі xlwings модулі — {built}, орнатылғанымен бірдей",
    "Модуль xlwings в реестре — {built}, как и установленный",
)
MODULE_OTHER = Text(
    "Тізілімдегі xlwings модулі — {built}, ал орнатылған xlwings — {installed}: функциялар "
    "басқа нұсқаның DLL файлын іздейді",
    "Модуль xlwings в реестре — {built}, а установлен xlwings {installed}: функции будут "
    "искать DLL другой версии",
)
MODULE_UNKNOWN = Text(
    "Тізілімдегі xlwings модулінің нұсқасы жазылмаған (бұрынғы socpass-пен жасалған)",
    "Версия модуля xlwings в реестре не записана (реестр создан прежней версией socpass)",
)


def check_xlwings_workbook(facts: Facts) -> Check | None:
    book = facts.workbook
    if book is None:
        return None
    built = book.built_with.get("xlwings")
    if built is not None and built == facts.xlwings_version:
        return Check("xlwings_workbook", True, fill(MODULE_SAME, built=built))
    label = (
        MODULE_UNKNOWN
        if built is None
        else fill(MODULE_OTHER, built=built, installed=facts.xlwings_version or "—")
    )
    return Check("xlwings_workbook", False, label, fill(UPGRADE, register=book.path))


PYWIN32 = Text("pywin32", "pywin32")
PYWIN32_OK = Text("pywin32 орнатылған", "pywin32 установлен")
PYWIN32_MISSING = Text(
    "pywin32 жоқ: xlwings онсыз Excel-ге қосыла алмайды",
    "Нет pywin32: без него xlwings не подключится к Excel",
)
INSTALL_PYWIN32 = Text(
    'Пәрмен жолында (cmd) орындаңыз: "{python}" -m pip install --force-reinstall pywin32',
    'Выполните в командной строке (cmd): "{python}" -m pip install --force-reinstall pywin32',
)


def check_pywin32(facts: Facts) -> Check:
    if not facts.windows:
        return Check("pywin32", None, fill(WINDOWS_ONLY, what=PYWIN32))
    if facts.pywin32:
        return Check("pywin32", True, PYWIN32_OK)
    return Check("pywin32", False, PYWIN32_MISSING, fill(INSTALL_PYWIN32, python=facts.executable))


EXCEL = Text("Excel", "Excel")
EXCEL_OK = Text("Excel {version}, {bits}: {path}", "Excel {version}, {bits}: {path}")
BITS = Text("{bits} биттік", "{bits}-битный")
BITS_UNKNOWN = Text("биттігі белгісіз", "разрядность неизвестна")
EXCEL_MISSING = Text("Excel табылмады", "Excel не найден")
EXCEL_OLD = Text(
    "Excel {version}: socpass Excel 2016 және одан жаңа нұсқаларда тексерілген",
    "Excel {version}: socpass проверяется в Excel 2016 и новее",
)
INSTALL_EXCEL = Text(
    "Windows-қа арналған Microsoft Excel 2016 немесе одан жаңасын орнатыңыз (Microsoft 365 де "
    "жарайды); браузердегі Excel макростарды іске қоспайды.",
    "Установите Microsoft Excel 2016 или новее для Windows (подойдёт и Microsoft 365); Excel в "
    "браузере макросы не запускает.",
)


def _excel_major(excel: ExcelInstall) -> int:
    try:
        return int(excel.version.split(".")[0])
    except ValueError:
        return 0


def check_excel(facts: Facts) -> Check:
    if not facts.windows:
        return Check("excel", None, fill(WINDOWS_ONLY, what=EXCEL))
    excel = facts.excel
    if excel is None:
        return Check("excel", False, EXCEL_MISSING, INSTALL_EXCEL)
    if _excel_major(excel) < MIN_EXCEL:
        return Check("excel", False, fill(EXCEL_OLD, version=excel.version), INSTALL_EXCEL)
    bits = BITS_UNKNOWN if excel.bits is None else fill(BITS, bits=excel.bits)
    return Check(
        "excel", True, fill(EXCEL_OK, version=excel.version, bits=bits, path=excel.path or "—")
    )


BUTTONS_PYTHON = Text("Батырмалар іске қосатын Python", "Python для кнопок")
BUTTONS_PYTHON_OK = Text(
    "Батырмалар іске қосатын Python: {path}", "Кнопки запускают Python: {path}"
)
SETTING_NO_FILE = Text(
    "Interpreter_Win — {path}: мұндай файл жоқ", "Interpreter_Win — {path}: такого файла нет"
)
SETTING_NO_SOCPASS = Text(
    "Interpreter_Win көрсеткен Python-да ({path}) socpass не xlwings жоқ",
    "В Python, указанном в Interpreter_Win ({path}), нет socpass или xlwings",
)
NO_PYTHON_ON_PATH = Text(
    "PATH-та python жоқ, Interpreter_Win де жазылмаған: батырмалар Python-ды таба алмайды",
    "python нет в PATH, и Interpreter_Win не задан: кнопки не найдут Python",
)
STORE_STUB = Text(
    "PATH бойынша табылатын python — нағыз Python емес, Microsoft Store-ды ашатын сілтеме ({path})",
    "python из PATH — не настоящий Python, а ярлык, открывающий Microsoft Store ({path})",
)
OTHER_PYTHON = Text(
    "PATH бойынша табылатын python ({path}) — socpass орнатылмаған басқа Python",
    "python из PATH ({path}) — другой Python, в котором нет socpass",
)
OR_PATH = Text(
    " Немесе Python-ды «Add python.exe to PATH» белгісімен қайта орнатыңыз.",
    " Или переустановите Python с отметкой «Add python.exe to PATH».",
)
OR_ALIAS = Text(
    " Немесе сілтемені өшіріңіз: «Параметры» → «Приложения» → «Псевдонимы выполнения "
    "приложений» → python.exe мен python3.exe.",
    " Или отключите ярлык: «Параметры» → «Приложения» → «Псевдонимы выполнения "
    "приложений» → python.exe и python3.exe.",
)


def _is_store_stub(path: str) -> bool:
    return "\\microsoft\\windowsapps\\" in ntpath.normcase(path) + "\\"


def _plus(*texts: Text) -> Text:
    return Text("".join(t.kk for t in texts), "".join(t.ru for t in texts))


SPACE = Text(" ", " ")


def check_buttons_python(facts: Facts) -> Check:
    """With the UDF server off, a button runs `Interpreter_Win`, else `python` from PATH."""
    if not facts.windows:
        return Check("buttons_python", None, fill(WINDOWS_ONLY, what=BUTTONS_PYTHON))
    pythonw = _pythonw(facts)
    setting = interpreter_setting(facts)
    found = facts.buttons_python
    if setting is not None:
        fix = fill(CHANGE_INTERPRETER, where=_where(facts, setting.source), pythonw=pythonw)
        if found is None or found.path is None:
            return Check("buttons_python", False, fill(SETTING_NO_FILE, path=setting.value), fix)
        if found.has_socpass is False:
            return Check("buttons_python", False, fill(SETTING_NO_SOCPASS, path=found.path), fix)
        return Check("buttons_python", True, fill(BUTTONS_PYTHON_OK, path=found.path))
    add = fill(ADD_INTERPRETER, pythonw=pythonw)
    if found is None or found.path is None:
        return Check("buttons_python", False, NO_PYTHON_ON_PATH, _plus(add, OR_PATH))
    if _is_store_stub(found.path):
        return Check(
            "buttons_python", False, fill(STORE_STUB, path=found.path), _plus(add, OR_ALIAS)
        )
    if found.has_socpass is False:
        return Check("buttons_python", False, fill(OTHER_PYTHON, path=found.path), add)
    return Check("buttons_python", True, fill(BUTTONS_PYTHON_OK, path=found.path))


DLL = Text("SOCPASS_… функцияларына керек xlwings DLL", "xlwings DLL для функций SOCPASS_…")
DLL_OK = Text(
    "SOCPASS_… функцияларына керек {dll}: {folder}", "{dll} для функций SOCPASS_…: {folder}"
)
DLL_MISSING = Text(
    "{dll} файлы Python-ның жанында жоқ: SOCPASS_… функциялары «File not found» қатесін береді",
    "Файла {dll} нет рядом с Python: функции SOCPASS_… выдадут ошибку «File not found»",
)
DLL_USER_SITE = Text(
    "{dll} файлы {folder} қалтасында қалған (xlwings pip install --user арқылы орнатылған): "
    "Excel оны ол жерден таппайды",
    "Файл {dll} остался в папке {folder} (xlwings установлен через pip install --user): "
    "оттуда Excel его не найдёт",
)
DLL_NOT_BESIDE = Text(
    "{dll} файлы Interpreter_Win көрсеткен {path} жанында жоқ, ал xlwings оны тек сол жерден "
    "іздейді",
    "Файла {dll} нет рядом с {path} из Interpreter_Win, а xlwings ищет его только там",
)
DLL_UNREACHABLE = Text(
    "{dll} файлы {folder} қалтасында бар, бірақ Excel оны таппайды: ол қалта PATH-та жоқ, "
    "Interpreter_Win де жазылмаған",
    "Файл {dll} лежит в папке {folder}, но Excel его не найдёт: этой папки нет в PATH, и "
    "Interpreter_Win не задан",
)
REINSTALL_XLWINGS = Text(
    'xlwings-ті осы Python-ға қайта орнатыңыз: "{python}" -m pip install --force-reinstall '
    '--no-deps "xlwings=={version}".',
    'Переустановите xlwings в этот Python: "{python}" -m pip install --force-reinstall '
    '--no-deps "xlwings=={version}".',
)


def _norm(path: str) -> str:
    return ntpath.normcase(ntpath.normpath(path))


def _near(python: str) -> list[str]:
    """The folders xlwings.bas's `XLPyLoadDLL` tries: the interpreter's, then its parent."""
    folder = ntpath.dirname(python)
    return [folder, ntpath.dirname(folder)]


def check_dll(facts: Facts) -> Check:
    """A custom function loads the DLL whatever `Use UDF Server` says: with `Interpreter_Win`
    set, only from beside it (`XLPyLoadDLL` raises otherwise); without, from Windows' search
    path."""
    if not facts.windows:
        return Check("dll", None, fill(WINDOWS_ONLY, what=DLL))
    dll = facts.dll_name or "xlwings64-….dll"
    held = {_norm(f): f for f in facts.dll_folders}
    version = (facts.workbook.built_with.get("xlwings") if facts.workbook else None) or (
        facts.xlwings_version or "0.37.8"
    )
    reinstall = fill(REINSTALL_XLWINGS, python=facts.executable, version=version)
    ours = [held[_norm(f)] for f in _near(facts.executable) if _norm(f) in held]
    setting = interpreter_setting(facts)
    if setting is not None:
        beside = [held[_norm(f)] for f in _near(setting.value) if _norm(f) in held]
        if beside:
            return Check("dll", True, fill(DLL_OK, dll=dll, folder=beside[0]))
        change = fill(
            CHANGE_INTERPRETER, where=_where(facts, setting.source), pythonw=_pythonw(facts)
        )
        return Check(
            "dll",
            False,
            fill(DLL_NOT_BESIDE, dll=dll, path=setting.value),
            change if ours else _plus(reinstall, SPACE, change),
        )
    search = [*facts.system_dirs, *facts.path_dirs]
    if facts.excel is not None and facts.excel.path:
        search.insert(0, ntpath.dirname(facts.excel.path))
    for folder in search:
        if _norm(folder) in held:
            return Check("dll", True, fill(DLL_OK, dll=dll, folder=held[_norm(folder)]))
    if ours:
        return Check(
            "dll",
            False,
            fill(DLL_UNREACHABLE, dll=dll, folder=ours[0]),
            _plus(fill(ADD_INTERPRETER, pythonw=_pythonw(facts)), OR_PATH),
        )
    user = facts.user_data_dir
    if user is not None and _norm(user) in held:
        return Check(
            "dll",
            False,
            fill(DLL_USER_SITE, dll=dll, folder=held[_norm(user)]),
            fill(INSTALL_PYTHON, latin=LATIN_PYTHON),
        )
    return Check("dll", False, fill(DLL_MISSING, dll=dll), reinstall)


def foreign_letters(text: str, code_page: int) -> str:
    """The distinct characters of `text` that the ANSI code page cannot hold, in order."""
    found = []
    for ch in text:
        try:
            ch.encode(f"cp{code_page}")
        except UnicodeEncodeError:
            if ch not in found:
                found.append(ch)
        except LookupError:  # a code page Python has no codec for
            return ""
    return "".join(found)


PATH_OK: dict[str, Text] = {
    "python": Text("Python жолы: {path}", "Путь к Python: {path}"),
    "register": Text("Тізілім жолы: {path}", "Путь к реестру: {path}"),
    "register_name": Text("Тізілім файлының аты: {path}", "Имя файла реестра: {path}"),
    "temp": Text("Уақытша файлдар қалтасы (TEMP): {path}", "Папка временных файлов (TEMP): {path}"),
}
PATH_BAD: dict[str, Text] = {
    "python": Text(
        "Python жолында {cp} код бетінде жоқ әріптер бар ({letters}): {path}. xlwings DLL "
        "файлын ANSI кодтауындағы жол арқылы жүктейді, ал онда мұндай әріптер «?» болып кетеді",
        "В пути к Python есть буквы, которых нет в кодовой странице {cp} ({letters}): {path}. "
        "xlwings загружает DLL по пути в кодировке ANSI, а в ней такие буквы превращаются в «?»",
    ),
    "register": Text(
        "Тізілім жолында {cp} код бетінде жоқ әріптер бар ({letters}): {path}. SOCPASS_… "
        "функциялары бұл жолды сол әріптердің орнына «?» қойып алады",
        "В пути к реестру есть буквы, которых нет в кодовой странице {cp} ({letters}): {path}. "
        "Функции SOCPASS_… получат этот путь с «?» вместо этих букв",
    ),
    "register_name": Text(
        "Тізілім файлының атында {cp} код бетінде жоқ әріптер бар ({letters}): {path}. Windows-та "
        "SOCPASS_… функциялары бұл атты сол әріптердің орнына «?» қойып алады",
        "В имени файла реестра есть буквы, которых нет в кодовой странице {cp} ({letters}): "
        "{path}. В Windows функции SOCPASS_… получат это имя с «?» вместо этих букв",
    ),
    "temp": Text(
        "Уақытша файлдар қалтасының (TEMP) жолында {cp} код бетінде жоқ әріптер бар ({letters}): "
        "{path}. xlwings қате туралы хабарын сол жерге жаза алмайды",
        "В пути к папке временных файлов (TEMP) есть буквы, которых нет в кодовой странице "
        "{cp} ({letters}): {path}. xlwings не сможет записать туда сообщение об ошибке",
    ),
}
PATH_WHAT: dict[str, Text] = {
    "python": Text("Python жолындағы әріптер", "Буквы в пути к Python"),
    "temp": Text("TEMP қалтасының жолындағы әріптер", "Буквы в пути к папке TEMP"),
}
MOVE_REGISTER = Text(
    "Тізілімді жолында тек латын әріптері бар қалтаға көшіріп, атын да латынша қойыңыз, "
    "мысалы C:\\socpass\\register.xlsm.",
    "Переложите реестр в папку, в пути к которой только латинские буквы, и назовите его "
    "латиницей, например C:\\socpass\\register.xlsm.",
)
RENAME_REGISTER = Text(
    "Файлдың атын латынша қойыңыз, мысалы register.xlsm.",
    "Назовите файл латиницей, например register.xlsm.",
)
TEMP_DIR = Text(
    "C:\\Temp қалтасын жасап, тізілімнің жасырын xlwings.conf парағында бірінші бос жолдың A "
    "ұяшығына TEMP DIR, B ұяшығына C:\\Temp деп жазыңыз.",
    "Создайте папку C:\\Temp и на скрытом листе xlwings.conf реестра в первой свободной строке "
    "впишите в ячейку A TEMP DIR, в ячейку B — C:\\Temp.",
)


def _path_check(key: str, kind: str, path: str, code_page: int, fix: Text) -> Check:
    letters = foreign_letters(path, code_page)
    if not letters:
        return Check(key, True, fill(PATH_OK[kind], path=path))
    label = fill(PATH_BAD[kind], cp=code_page, letters=", ".join(letters), path=path)
    return Check(key, False, label, fix)


def _code_page(facts: Facts) -> int:
    return facts.ansi_code_page or DEFAULT_CODE_PAGE


def check_python_path(facts: Facts) -> Check:
    """The Python Excel starts: `Interpreter_Win`, else the one on PATH, else this one."""
    if not facts.windows:
        return Check("python_path", None, fill(WINDOWS_ONLY, what=PATH_WHAT["python"]))
    setting = interpreter_setting(facts)
    found = facts.buttons_python
    if setting is not None:
        path = setting.value
    elif (
        found is not None
        and found.path
        and not _is_store_stub(found.path)
        and found.has_socpass is not False
    ):
        path = found.path
    else:  # the fix for the buttons' Python points at this one
        path = facts.executable
    fix = fill(INSTALL_PYTHON, latin=LATIN_PYTHON)
    return _path_check("python_path", "python", path, _code_page(facts), fix)


def check_temp_path(facts: Facts) -> Check:
    if not facts.windows or not facts.temp_dir:
        return Check("temp_path", None, fill(WINDOWS_ONLY, what=PATH_WHAT["temp"]))
    return _path_check("temp_path", "temp", facts.temp_dir, _code_page(facts), TEMP_DIR)


def check_register_path(facts: Facts) -> Check | None:
    """On Windows the whole path; elsewhere the file name, which travels with the file."""
    book = facts.workbook
    if book is None:
        return None
    if facts.windows:
        return _path_check("register_path", "register", book.path, _code_page(facts), MOVE_REGISTER)
    name = ntpath.basename(book.path.replace("/", "\\"))
    return _path_check("register_path", "register_name", name, _code_page(facts), RENAME_REGISTER)


CONF_OK = Text(
    "xlwings.conf парағы: UDF Modules = {module}, бос мәнді кілт жоқ",
    "Лист xlwings.conf: UDF Modules = {module}, ключей без значения нет",
)
CONF_MISSING = Text(
    "Тізілімде жасырын xlwings.conf парағы жоқ: функциялар мен батырмалар баптаусыз қалды",
    "В реестре нет скрытого листа xlwings.conf: функции и кнопки остались без настроек",
)
CONF_EMPTY = Text(
    "xlwings.conf парағында мәні жоқ кілт бар ({keys}): ол xlwings-тің өз баптауларын жасырады",
    "На листе xlwings.conf есть ключ без значения ({keys}): он скрывает собственные настройки "
    "xlwings",
)
CONF_MODULES = Text(
    "xlwings.conf парағында UDF Modules — «{value}», ал керегі — {module}",
    "На листе xlwings.conf UDF Modules — «{value}», а нужно {module}",
)


def check_conf_sheet(facts: Facts) -> Check | None:
    book = facts.workbook
    if book is None:
        return None
    fix = fill(UPGRADE, register=book.path)
    if not book.conf_sheet:
        return Check("conf_sheet", False, CONF_MISSING, fix)
    empty = [k for k, v in book.settings if not v.strip()]
    if empty:
        return Check("conf_sheet", False, fill(CONF_EMPTY, keys=", ".join(empty)), fix)
    modules = dict((k.upper(), v) for k, v in book.settings).get("UDF MODULES", "")
    if modules.strip().rstrip(";") != UDF_MODULE:
        return Check("conf_sheet", False, fill(CONF_MODULES, value=modules, module=UDF_MODULE), fix)
    return Check("conf_sheet", True, fill(CONF_OK, module=UDF_MODULE))


UDF_SERVER_OFF = Text(
    "Use UDF Server өшірулі: батырмаларға xlwings DLL керек емес",
    "Use UDF Server выключен: кнопкам не нужна xlwings DLL",
)
UDF_SERVER_ON = Text(
    "Use UDF Server қосулы ({where}): батырмаларға да xlwings DLL керек болады",
    "Use UDF Server включён ({where}): кнопкам тоже понадобится xlwings DLL",
)
UDF_SERVER_FIX = Text(
    "Тізілімнің xlwings.conf парағында Use UDF Server мәнін False етіп жазыңыз немесе тізілімді "
    'қайта жинаңыз: socpass upgrade "{register}"',
    "На листе xlwings.conf реестра впишите для Use UDF Server значение False или пересоберите "
    'реестр: socpass upgrade "{register}"',
)


def check_udf_server(facts: Facts) -> Check | None:
    if facts.workbook is None:
        return None
    found = xlwings_setting(facts, "USE UDF SERVER")
    if found is None or not _is_true(found.value):
        return Check("udf_server", True, UDF_SERVER_OFF)
    return Check(
        "udf_server",
        False,
        fill(UDF_SERVER_ON, where=_where(facts, found.source)),
        fill(UDF_SERVER_FIX, register=facts.workbook.path),
    )


CHECKS: tuple[Callable[[Facts], Check | None], ...] = (
    check_python_version,
    check_python_bits,
    check_socpass,
    check_xlwings,
    check_pywin32,
    check_excel,
    check_buttons_python,
    check_dll,
    check_python_path,
    check_temp_path,
    check_register_path,
    check_conf_sheet,
    check_udf_server,
    check_xlwings_workbook,
)


NO_BUTTONS = Text(
    "«{file}» — .xlsx тізілімі: онда батырмалар мен функциялар жоқ, сондықтан оның Excel-дегі "
    "баптаулары тексерілмейді (деректері socpass пәрмендерімен өңделеді). Батырмалы тізілім: "
    "socpass new тізілім.xlsm",
    "«{file}» — реестр .xlsx: в нём нет кнопок и функций, поэтому его настройка для Excel не "
    "проверяется (данные обрабатываются командами socpass). Реестр с кнопками: "
    "socpass new реестр.xlsm",
)
#: The checks of the register's macro parts, which an .xlsx does not have.
MACRO_CHECKS = {"socpass", "conf_sheet", "udf_server", "xlwings_workbook"}


def run_checks(facts: Facts) -> list[Check]:
    """Every check that applies (those about a register only when one is given; those about
    its macro parts only for an .xlsm)."""
    checks = [c for c in (check(facts) for check in CHECKS) if c is not None]
    book = facts.workbook
    if book is None or book.macros:
        return checks
    checks = [c for c in checks if c.key not in MACRO_CHECKS or c.key == "socpass"]
    installed = Check("socpass", True, fill(SOCPASS_VERSION, installed=facts.socpass_version))
    note = Check("macros", None, fill(NO_BUTTONS, file=Path(book.path).name))
    return [installed if c.key == "socpass" else c for c in checks] + [note]


# --------------------------------------------------------------------------- the report

MARKS = {True: "✓", False: "✗", None: "·"}
FIX = Text("Түзету", "Как исправить")
HEADER = Text(
    "socpass doctor: тізілім Excel-де жұмыс істеуі үшін керектің бәрін тексеру",
    "socpass doctor: проверка всего, что нужно реестру для работы в Excel",
)
NOT_WINDOWS = Text(
    "Бұл компьютер Windows емес: Excel-ге қатысты тексерулерді Windows-та қайталаңыз.",
    "Это не Windows: проверки, связанные с Excel, повторите в Windows.",
)
ALSO_REGISTER = Text(
    "Тізілімнің өзін де тексеру үшін: socpass doctor тізілім.xlsm",
    "Чтобы проверить и сам реестр: socpass doctor реестр.xlsm",
)
ALL_OK = Text("Бәрі дұрыс.", "Всё в порядке.")
SAME_FIX = Text("жоғарыдағыдай", "как выше")
FAILED = Text("Түзету керек: {count}.", "Нужно исправить: {count}.")


def report(checks: list[Check], lang: Lang, facts: Facts | None = None) -> str:
    """One line per check with its mark; under a failed one, the fix (or "as above" when an
    earlier line gave the same); then the verdict."""
    lines = [HEADER(lang)]
    if facts is not None and not facts.windows:
        lines.append(NOT_WINDOWS(lang))
    lines.append("")
    shown: set[str] = set()
    for check in checks:
        lines.append(f"{MARKS[check.ok]} {check.label(lang)}")
        if check.ok is False and check.fix is not None:
            fix = check.fix(lang)
            lines.append(f"    {FIX(lang)}: {SAME_FIX(lang) if fix in shown else fix}")
            shown.add(fix)
    failed = sum(c.ok is False for c in checks)
    lines.append("")
    if facts is not None and facts.workbook is None:
        lines.append(ALSO_REGISTER(lang))
    lines.append(FAILED(lang).format(count=failed) if failed else ALL_OK(lang))
    return "\n".join(lines) + "\n"


def passed(checks: list[Check]) -> bool:
    """True when every check that could be made passed (the doctor's exit 0)."""
    return all(c.ok is not False for c in checks)


# --------------------------------------------------------------------------- gathering

NOT_A_WORKBOOK = Text(
    "«{file}» — Excel кітабы емес немесе ашылмады: {detail}",
    "«{file}» — не книга Excel или не открывается: {detail}",
)
NO_FILE = Text("«{file}» файлы жоқ.", "Файла «{file}» нет.")


def workbook_facts(path: str | Path) -> WorkbookFacts:
    """The register's language (from its sheet names), conf sheet settings as xlwings reads
    them, and the versions recorded beside the wizard texts. Reads values only (calamine)."""
    import python_calamine

    path = Path(path)
    if not path.is_file():
        raise SocpassError(NO_FILE, file=str(path))
    try:
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
            names = list(book.sheet_names)
            rows = (
                book.get_sheet_by_name(CONF_SHEET).to_python(skip_empty_area=False)
                if CONF_SHEET in names
                else None
            )
    except Exception as exc:  # calamine's errors: not a zip, a damaged part, encrypted
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SocpassError(NOT_A_WORKBOOK, file=path.name, detail=detail) from None
    settings, built = _read_conf_rows(rows or [])
    return WorkbookFacts(
        path=str(path.resolve()),
        lang=_lang_of(names),
        conf_sheet=rows is not None,
        settings=settings,
        built_with=built,
        macros=path.suffix.lower() != ".xlsx",
    )


def _cell(row: list[object], col: int) -> str:
    value = row[col] if col < len(row) else ""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return "True" if value else "False"  # as Excel shows a logical cell (xlwings reads it)
    return str(value)


def _read_conf_rows(
    rows: list[list[object]],
) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """Keys in A from A1 down to the first empty one (xlwings.bas's `GetConfigFromSheet`) with
    their values in B; and the `BUILT_WITH` labels' versions from the help block's columns."""
    settings = []
    for row in rows:
        key = _cell(row, 0).strip()
        if not key:
            break
        settings.append((key, _cell(row, 1)))
    built = {}
    for row in rows:
        label = _cell(row, HELP_FIRST_COL).strip()
        if label in BUILT_WITH and _cell(row, HELP_FIRST_COL + 1).strip():
            built[label] = _cell(row, HELP_FIRST_COL + 1).strip()
    return tuple(settings), built


def _lang_of(names: list[str]) -> Lang:
    """The language most sheet names are written in (Kazakh when undecided)."""
    folded = {normalize_label(n) for n in names}
    votes = {
        lang: sum(normalize_label(s.name(lang)) in folded for s in SHEETS if s.name.kk != s.name.ru)
        for lang in LANGS
    }
    return "ru" if votes["ru"] > votes["kk"] else "kk"


def read_conf_file(path: str | Path) -> dict[str, str]:
    """An xlwings.conf file: lines `"KEY","VALUE"`; keys upper-cased, %VARS% expanded."""
    found: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return found
    for row in csv.reader(text.splitlines()):
        if len(row) >= 2 and row[0].strip():
            found.setdefault(row[0].strip().upper(), ntpath.expandvars(row[1].strip()))
    return found


def _required_xlwings() -> str | None:
    """The xlwings version socpass pins (`xlwings==…` in its metadata), if it is installed."""
    try:
        requirements = metadata.requires("socpass") or []
    except metadata.PackageNotFoundError:
        return None
    for requirement in requirements:
        name, _, rest = requirement.partition("==")
        if name.strip().lower() == "xlwings" and rest:
            return rest.split(";")[0].strip()
    return None


def _xlwings_version() -> str | None:
    try:
        return metadata.version("xlwings")
    except metadata.PackageNotFoundError:
        return None


def _probe(python: str) -> bool | None:
    """Does `python` import socpass and xlwings? None when it could not be run."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        done = subprocess.run(
            [python, "-c", PROBE],
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            check=False,
            creationflags=flags,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.returncode == 0


def excel_install() -> ExcelInstall | None:
    """Excel from the registry: `Excel.Application\\CurVer` and the App Paths entry."""
    try:
        import winreg  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Excel.Application\CurVer") as key:
            current = str(winreg.QueryValue(key, None))  # "Excel.Application.16"
    except OSError:
        return None
    version = current.rsplit(".", 1)[-1] + ".0"
    path = None
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(
                hive, r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe"
            ) as key:
                path = str(winreg.QueryValue(key, None)).strip('"')
                break
        except OSError:
            continue
    return ExcelInstall(version, _pe_bits(path) if path else None, path)


def _pe_bits(path: str) -> int | None:
    """32 or 64 from an .exe's PE header (IMAGE_FILE_HEADER.Machine)."""
    try:
        with open(path, "rb") as exe:
            head = exe.read(4096)
        offset = struct.unpack_from("<I", head, 0x3C)[0]
        if head[offset : offset + 4] != b"PE\0\0":
            return None
        machine = struct.unpack_from("<H", head, offset + 4)[0]
    except (OSError, struct.error):
        return None
    return {0x14C: 32, 0x8664: 64, 0xAA64: 64}.get(machine)


def _ansi_code_page() -> int | None:
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetACP())  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return None


def _path_dirs() -> tuple[str, ...]:
    return tuple(d for d in os.environ.get("PATH", "").split(os.pathsep) if d.strip())


def gather_facts(register: str | Path | None = None) -> Facts:
    """Look at this computer (and `register`) once; every probe that fails leaves None."""
    windows = sys.platform == "win32"
    book = workbook_facts(register) if register is not None else None
    executable = sys.executable
    folder = os.path.dirname(executable)
    pythonw = os.path.join(folder, "pythonw.exe")
    facts = Facts(
        windows=windows,
        python_version=tuple(sys.version_info[:3]),  # type: ignore[arg-type]
        python_bits=struct.calcsize("P") * 8,
        executable=executable,
        pythonw=pythonw if os.path.isfile(pythonw) else None,
        socpass_version=__version__,
        xlwings_version=_xlwings_version(),
        xlwings_required=_required_xlwings(),
        workbook=book,
        directory_config=(
            read_conf_file(Path(book.path).with_name("xlwings.conf")) if book else {}
        ),
    )
    if not windows:
        return facts
    user_file = os.path.join(os.path.expanduser("~"), ".xlwings", "xlwings.conf")
    facts = _replace(
        facts,
        pywin32=util.find_spec("pywintypes") is not None and util.find_spec("win32com") is not None,
        excel=excel_install(),
        ansi_code_page=_ansi_code_page(),
        temp_dir=os.environ.get("TEMP") or os.environ.get("TMP"),
        user_config=read_conf_file(user_file),
        user_config_file=user_file,
        path_dirs=_path_dirs(),
        system_dirs=tuple(
            os.path.join(os.environ.get("SYSTEMROOT", "C:\\Windows"), d) for d in ("System32", "")
        ),
        user_data_dir=_user_data_dir(),
    )
    setting = interpreter_setting(facts)
    if setting is not None:
        command = ntpath.expandvars(setting.value)
        exists = os.path.isfile(command)
        buttons = Interpreter(
            command, command if exists else None, _probe(command) if exists else None
        )
    else:
        found = shutil.which("python")
        probe = _probe(found) if found and not _is_store_stub(found) else None
        buttons = Interpreter("python", found, probe)
    bits = (facts.excel.bits if facts.excel else None) or 64
    version = (book.built_with.get("xlwings") if book else None) or facts.xlwings_version
    dll = f"xlwings{bits}-{version}.dll" if version else None
    return _replace(
        facts,
        buttons_python=buttons,
        dll_name=dll,
        dll_folders=_dll_folders(facts, dll, setting) if dll else (),
    )


def _user_data_dir() -> str | None:
    try:
        return sysconfig.get_path("data", f"{os.name}_user")
    except KeyError:
        return None


def _dll_folders(facts: Facts, dll: str, setting: Setting | None) -> tuple[str, ...]:
    """Every folder that matters (next to the interpreters, search path, user data) holding it."""
    candidates = [*_near(facts.executable), *facts.system_dirs, *facts.path_dirs]
    if setting is not None:
        candidates += _near(ntpath.expandvars(setting.value))
    if facts.excel is not None and facts.excel.path:
        candidates.append(os.path.dirname(facts.excel.path))
    if facts.user_data_dir:
        candidates.append(facts.user_data_dir)
    seen: dict[str, str] = {}
    for folder in candidates:
        if folder and _norm(folder) not in seen and os.path.isfile(os.path.join(folder, dll)):
            seen[_norm(folder)] = folder
    return tuple(seen.values())


def _replace(facts: Facts, **changes: object) -> Facts:
    from dataclasses import replace

    return replace(facts, **changes)  # type: ignore[arg-type]
