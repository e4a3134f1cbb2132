"""Faked platform facts for `socpass doctor`: a school PC where everything is right, and a Linux
machine; each test changes the one thing it is about (`windows_pc(pywin32=False)`)."""

from __future__ import annotations

from dataclasses import replace

from socpass import __version__
from socpass.excel.doctor import ExcelInstall, Facts, Interpreter, WorkbookFacts

PYTHON = "C:\\Python312\\python.exe"
PYTHONW = "C:\\Python312\\pythonw.exe"
REGISTER = "C:\\socpass\\register.xlsm"
USER_FILE = "C:\\Users\\Aigerim\\.xlwings\\xlwings.conf"


def windows_pc(**changes: object) -> Facts:
    """Python in C:\\Python312 on PATH with socpass, the DLL beside it, 64-bit Excel 365, a
    Russian-language Windows (code page 1251), a register built by this socpass."""
    facts = Facts(
        windows=True,
        python_version=(3, 12, 4),
        python_bits=64,
        executable=PYTHON,
        pythonw=PYTHONW,
        socpass_version=__version__,
        xlwings_version="0.37.8",
        xlwings_required="0.37.8",
        pywin32=True,
        excel=ExcelInstall(
            "16.0", 64, "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"
        ),
        ansi_code_page=1251,
        temp_dir="C:\\Users\\Aigerim\\AppData\\Local\\Temp",
        user_config_file=USER_FILE,
        path_dirs=("C:\\Python312\\Scripts\\", "C:\\Python312\\", "C:\\WINDOWS\\system32"),
        system_dirs=("C:\\Windows\\System32", "C:\\Windows\\"),
        user_data_dir="C:\\Users\\Aigerim\\AppData\\Roaming\\Python",
        dll_name="xlwings64-0.37.8.dll",
        dll_folders=("C:\\Python312",),
        buttons_python=Interpreter("python", PYTHON, True),
        workbook=WorkbookFacts(
            path=REGISTER,
            lang="kk",
            conf_sheet=True,
            settings=(("UDF Modules", "socpass.excel.udfs"), ("Use UDF Server", "False")),
            built_with={"socpass": __version__, "xlwings": "0.37.8"},
        ),
    )
    return replace(facts, **changes)


def linux_pc(**changes: object) -> Facts:
    """What `gather_facts` finds on Linux: no Windows facts, no register."""
    facts = Facts(
        windows=False,
        python_version=(3, 11, 7),
        python_bits=64,
        executable="/usr/bin/python3",
        pythonw=None,
        socpass_version=__version__,
        xlwings_version="0.37.8",
        xlwings_required="0.37.8",
    )
    return replace(facts, **changes)


def book(**changes: object) -> WorkbookFacts:
    """The healthy PC's register with `changes`."""
    workbook = windows_pc().workbook
    assert workbook is not None
    return replace(workbook, **changes)
