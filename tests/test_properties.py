"""Property tests: random registers, valid and broken, in both languages, never make socpass raise.

Read, validate, summary, flag and report either succeed or end with a message and an exit code
(1: findings named by sheet, row and column; 2: the register cannot be used): no exception
escapes a job. Valid registers are built from the schema's own values (any size, any categories,
any attendance); broken ones put anything a cell can hold anywhere (text in numbers, dates of
year 1 or 9999, 400-digit numbers, infinities, formulas that failed, "=…" text), drop columns and
sheets, add title rows and mix the languages of headers.
"""

from __future__ import annotations

import math
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from socpass.core import schema
from socpass.core.findings import SocpassError
from socpass.core.reader import register_from_values
from socpass.core.register import RegisterData
from socpass.core.schema import SETTINGS, SHEETS, ColType, Column
from socpass.core.values import FormulaCell
from socpass.files.workbook_file import read_register
from socpass.jobs.flag import flag
from socpass.jobs.job import Job, run
from socpass.jobs.report import report
from socpass.jobs.summary import summary
from socpass.jobs.validate import validate
from support.records import make_iin, write_xlsx

TODAY = date(2026, 3, 10)
DATA_SHEETS = [s for s in SHEETS if s.columns and s.key != "settings"]
SETTINGS_SHEET = schema.sheet("settings")

FAILED_FORMULAS = st.sampled_from(
    [FormulaCell("#REF!"), FormulaCell("#DIV/0!"), FormulaCell("#N/A"), FormulaCell(None, "1+1")]
)
JUNK = st.one_of(
    st.text(max_size=40),
    st.sampled_from(['=HYPERLINK("http://x","y")', "+7", "-", "@", "9" * 400, "31.02.2025"]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.just(""),
    st.none(),
    FAILED_FORMULAS,
)


class Source:
    """A register given to a job as it is (no file), as `RegisterSource` / `ReportSource`."""

    def __init__(self, register: RegisterData, folder: Path) -> None:
        self.register, self.folder, self.path = register, folder, None

    def read(self) -> RegisterData:
        return self.register


# --------------------------------------------------------------------------- valid cells


def _labels(column: Column, lang: str) -> list[str]:
    return [c.label(lang) for c in column.choices]


def valid_cell(draw, column: Column, lang: str, pupil_ids: list[str]) -> object:
    """A value a careful pedagogue would type in `column`."""
    t = column.type
    if column.key == "pupil_id" and pupil_ids:
        return draw(st.sampled_from(pupil_ids))
    if t is ColType.CHOICE:
        return draw(st.sampled_from(_labels(column, lang)))
    if t is ColType.BOOL:
        return draw(st.sampled_from([schema.YES(lang), "", "+", None]))
    if t is ColType.INT:
        return draw(st.integers(0, 40))
    if t in (ColType.MONEY, ColType.NUMBER):
        return draw(st.integers(0, 200_000))
    if t is ColType.DATE:
        return draw(st.dates(date(2025, 9, 1), date(2026, 5, 25)))
    if t is ColType.CLASS:
        return f"{draw(st.integers(0, 11))}{draw(st.sampled_from('АӘБВ'))}"
    if t is ColType.SCHOOL_YEAR:
        start = draw(st.integers(2020, 2024))
        return f"{start}-{start + 1}"
    if t is ColType.ID:
        return f"F{draw(st.integers(1, 30))}"
    return draw(st.text(alphabet="абвгдеәіңқөүұһ ", min_size=1, max_size=20).filter(str.strip))


@st.composite
def valid_register(draw) -> tuple[dict[str, list[list[object]]], str]:
    lang = draw(st.sampled_from(["kk", "ru"]))
    pupils = []
    for i in range(draw(st.integers(1, 25))):
        born = date(2010, 1, 1) + timedelta(days=draw(st.integers(0, 4000)))
        sex = draw(st.sampled_from(["m", "f"]))
        row = {
            c.key: valid_cell(draw, c, lang, [])
            for c in schema.sheet("pupils").columns
            if draw(st.booleans()) or c.required
        }
        row |= {"id": f"P{i}", "iin": make_iin(born, sex), "birth_date": born}
        row["sex"] = schema.sheet("pupils").column("sex").choices[sex == "f"].label(lang)
        pupils.append(row)
    ids = [p["id"] for p in pupils]
    values = {schema.sheet("pupils").name(lang): _table("pupils", pupils, lang)}
    for sh in DATA_SHEETS:
        if sh.key in ("pupils", "risk", "plans"):
            continue
        rows = [
            {c.key: valid_cell(draw, c, lang, ids) for c in sh.columns}
            for _ in range(draw(st.integers(0, 12)))
        ]
        if sh.key == "attendance":
            for row in rows:
                row["planned"] = max(
                    row["planned"], row["missed_unexcused"] + row["missed_excused"]
                )
        if sh.key == "history":
            rows = list({(r["school_year"], r["metric"]): r for r in rows}.values())
        values[sh.name(lang)] = _table(sh.key, rows, lang)
    values[SETTINGS_SHEET.name(lang)] = _settings(lang, {"language": lang})
    return values, lang


def _table(key: str, rows: list[dict[str, object]], lang: str) -> list[list[object]]:
    columns = schema.sheet(key).columns
    return [[c.header(lang) for c in columns], *([r.get(c.key) for c in columns] for r in rows)]


def _settings(lang: str, given: dict[str, object]) -> list[list[object]]:
    rows = [[s.key, s.label(lang), given.get(s.key, s.default)] for s in SETTINGS]
    return [[c.header(lang) for c in SETTINGS_SHEET.columns], *rows]


# --------------------------------------------------------------------------- broken registers


@st.composite
def broken_register(draw) -> tuple[dict[str, list[list[object]]], str]:
    values, lang = draw(valid_register())
    rnd = draw(st.randoms(use_true_random=False))  # where to break: few draws, quick to shrink
    for name in list(values):
        table = values[name]
        if rnd.random() < 0.08:
            del values[name]  # a sheet deleted
            continue
        for row in table[1:]:
            for j in range(len(row)):
                if rnd.random() < 0.15:
                    row[j] = draw(JUNK)
        if rnd.random() < 0.15 and len(table[0]) > 1:  # a column deleted
            j = rnd.randrange(len(table[0]))
            for row in table:
                del row[j : j + 1]
        if rnd.random() < 0.15 and table[0]:  # a header retyped, or junk
            table[0][rnd.randrange(len(table[0]))] = draw(
                st.one_of(JUNK, st.sampled_from(["ID", "Класс", "Ай"]))
            )
        if rnd.random() < 0.15:
            table.insert(0, [draw(st.text(max_size=30))])  # a title row above the table
    settings_name = SETTINGS_SHEET.name(lang)
    for row in values.get(settings_name, [])[1:]:
        if len(row) > 2 and rnd.random() < 0.25:
            row[2] = draw(st.one_of(JUNK, st.integers(-200, 10**9)))
    return values, lang


# --------------------------------------------------------------------------- the properties


def _every_job(values: dict[str, list[list[object]]], folder: Path, with_report: bool) -> None:
    """Read, then validate, summary, flag (and report): each ends 0, 1 or 2, never raises."""
    try:
        register = register_from_values(values)
    except SocpassError as error:
        assert error.exit_code == 2
        return
    assert all(f.sheet for f in register.errors)  # every error is placed
    jobs = [(validate, ()), (summary, ()), (flag, (None, TODAY))]
    if with_report:
        jobs.append((report, (None, None, TODAY)))
    for action, args in jobs:
        outcome = run(Job(), action, Source(register, folder), *args)
        assert outcome.exit_code in (0, 1, 2), (action.__name__, outcome.text)
        if outcome.exit_code == 1:
            assert register.errors or action is validate
        if register.errors and action is not validate:
            assert outcome.exit_code == 1  # refused, the errors listed
        if not register.errors:
            assert outcome.exit_code == 0, (action.__name__, outcome.text)


PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@PROPERTY
@given(valid_register())
def test_valid_registers_are_read_and_computed(drawn):
    values, _ = drawn
    register = register_from_values(values)
    with tempfile.TemporaryDirectory() as folder:
        _every_job(values, Path(folder), with_report=False)
    counted = {k: v for k, v in register.settings.items() if isinstance(v, float)}
    assert all(math.isfinite(v) for v in counted.values())


@pytest.mark.slow
@PROPERTY
@given(broken_register())
def test_broken_registers_end_in_findings_or_one_message(drawn):
    values, _ = drawn
    with tempfile.TemporaryDirectory() as folder:
        _every_job(values, Path(folder), with_report=False)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(valid_register(), broken_register()))
def test_the_report_is_written_or_refused(drawn):
    values, _ = drawn
    with tempfile.TemporaryDirectory() as folder:
        _every_job(values, Path(folder), with_report=True)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(valid_register(), broken_register()))
def test_random_registers_through_a_file(drawn):
    """The same, written to an .xlsx by openpyxl and read by socpass' file reader."""
    values, _ = drawn
    cells = {name: [[_for_file(v) for v in row] for row in rows] for name, rows in values.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "r.xlsx", cells or {"Ескертпе": [["—"]]})
        try:
            register = read_register(path)
        except SocpassError as error:
            assert error.exit_code == 2
            return
        outcome = run(Job(), validate, Source(register, Path(folder)))
        assert outcome.exit_code in (0, 1)


def _for_file(value: object) -> object:
    """A value openpyxl can store (it refuses dates before 1900 and Python's own objects)."""
    if isinstance(value, FormulaCell):
        return f"={value.formula or '1/0'}"
    if isinstance(value, datetime | date) and not 1900 <= value.year <= 9999:
        return value.isoformat()
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable() or ch in "\t\n")
    if isinstance(value, int) and abs(value) > 10**15:
        return str(value)
    return value
