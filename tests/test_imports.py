"""Every button click and every `socpass` run starts a fresh Python, so a command imports only
what it uses (issue 15): reading, checking, counting and flagging never load the report's
matplotlib and Word libraries, the district's Dask, or the writers of workbooks they don't write.
Checked as `python -X importtime -m socpass …` shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from socpass.render.workbook import write_register
from support.cli import run_socpass
from support.risk import month_rows, pupil, register

#: Libraries of other commands: the report (matplotlib, docx, docxtpl), the district (dask), the
#: workbook writers (xlsxwriter, openpyxl), encrypted files (msoffcrypto).
NOT_FOR_READING = {"matplotlib", "docx", "docxtpl", "dask", "xlsxwriter", "openpyxl", "msoffcrypto"}


def imported(*args: object) -> tuple[int, set[str]]:
    """The exit code and the top-level packages `python -X importtime -m socpass ARGS` imported."""
    result = run_socpass(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", result.stderr, re.MULTILINE)
    return result.returncode, {name.split(".")[0] for name in names}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    data = register(
        [pupil("1"), pupil("2", cat_disability=True)],
        attendance=[month_rows("1", 10, 100, 14), month_rows("2", 10, 100, 2)],
        lang="ru",
    )
    frames = {k: v.drop(columns="_row") for k, v in data.frames.items()}
    return write_register(
        tmp_path_factory.mktemp("imports") / "r.xlsx", "ru", frames, data.settings
    )


@pytest.mark.parametrize("command", ["validate", "summary", "flag"])
def test_reading_commands_load_no_report_district_or_writer_libraries(small, command):
    code, packages = imported(command, small)
    assert code == 0
    assert {"pandas", "python_calamine", "socpass"} <= packages  # the measure works
    assert packages & NOT_FOR_READING == set()


def test_the_help_loads_no_data_library():
    code, packages = imported("--help")
    assert code == 0
    assert packages & (NOT_FOR_READING | {"pandas", "numpy", "rapidfuzz", "babel"}) == set()
