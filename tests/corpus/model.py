"""What a corpus case is: a builder of one bad file and what each socpass command must do with it.

The promise every case is held to (see `harness.promise_problems`): no traceback or Rust panic,
no exit 3, no kill by the 2 GiB memory limit or the 120 s timeout, exit 1 only with findings that
name sheet/row/column, exit 2 with one line on stderr, the input untouched unless a writing command
(close-year, upgrade) succeeds and replaces it by a valid workbook. On top of that each case says
per command which outcome is right (`Expect`), e.g. "exit 1 with an error on Мінез-құлық row 2,
column A, code bad_date".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from socpass.core.schema import Text

#: The six commands every case goes through, with the options the harness gives them.
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "{path}"),
    "summary": ("summary", "{path}"),
    "flag": ("flag", "{path}", "--today", "2026-06-01"),
    "report": ("report", "{path}", "-o", "{out}/report.docx", "--today", "2026-06-01"),
    "close-year": ("close-year", "{path}", "--today", "2026-06-01"),
    "upgrade": ("upgrade", "{path}"),
}
#: Commands meant to write the register (and allowed to, when they succeed).
WRITERS = frozenset({"close-year", "upgrade"})
#: Commands that compute from the register and so refuse one with errors (exit 1, listing them).
REFUSING = ("summary", "flag", "report", "close-year")


@dataclass(frozen=True)
class Where:
    """A finding the register must get: None in a field means "any"."""

    sheet: str | None
    row: int | None = None
    letter: str | None = None
    code: str | None = None
    severity: str = "error"


@dataclass(frozen=True)
class Expect:
    """One acceptable outcome of one command."""

    exit: int
    finding: Where | None = None  # exit 1 (an error) or exit 0 (a warning) the register must get
    line: Text | None = None  # exit 2: the template the one stderr line must match
    lang: str = "kk"  # the language `line` must be in
    stdout_lacks: str | None = None  # text that must not appear in the output (stale data, leaks)
    keeps: tuple[str, str, str] | None = None  # writers: (sheet, cell, str(value)) after the write


def line_pattern(template: Text, lang: str) -> re.Pattern[str]:
    """The one stderr line a `Text` template gives, whatever its parameters."""
    parts = re.split(r"\{[^}]*\}", template(lang))
    return re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)


# --------------------------------------------------------------------------- shorthands

OK = Expect(0)


def error(sheet: str | None, row: int | None = None, letter: str | None = None, code=None) -> Where:
    return Where(sheet, row, letter, code)


def warning(
    sheet: str | None, row: int | None = None, letter: str | None = None, code=None
) -> Where:
    return Where(sheet, row, letter, code, severity="warning")


def findings(where: Where) -> Expect:
    return Expect(1, finding=where)


def unusable(template: Text | None = None, lang: str = "kk") -> Expect:
    return Expect(2, line=template, lang=lang)


Outcomes = tuple[Expect, ...]


def everywhere(*allowed: Expect, **per_command: Expect | Outcomes) -> dict[str, Outcomes]:
    """The same outcome(s) for all six commands, except those named (close_year= for close-year)."""
    result = {cmd: allowed for cmd in COMMANDS}
    for key, value in per_command.items():
        result[key.replace("_", "-")] = value if isinstance(value, tuple) else (value,)
    return result


def readable(**per_command: Expect | Outcomes) -> dict[str, Outcomes]:
    """A register socpass must read as usual: every command exits 0 (writers write a valid file)."""
    return everywhere(OK, **per_command)


def data_error(where: Where, **per_command: Expect | Outcomes) -> dict[str, Outcomes]:
    """Wrong data: validate and the computing commands exit 1 naming the cell; upgrade carries
    the register over as typed (exit 0), so the new workbook shows the same error."""
    result = {cmd: (findings(where),) for cmd in COMMANDS}
    result["upgrade"] = (OK,)
    for key, value in per_command.items():
        result[key.replace("_", "-")] = value if isinstance(value, tuple) else (value,)
    return result


# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]  # writes the case into an empty folder, returns the input path
    description: str
    expect: Mapping[str, Outcomes]
    defect: str | None = None  # the current code breaks the promise this way: the test is xfail
    needs: frozenset[str] = field(default_factory=frozenset)  # e.g. {"soffice"}
    group: str = ""


CASES: dict[str, Case] = {}


def case(
    expect: Mapping[str, Outcomes],
    defect: str | None = None,
    needs: tuple[str, ...] = (),
) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    """Register a builder as a case named like the function, described by its docstring."""

    def register(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
        doc = (build.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"case {build.__name__} needs a docstring")
        missing = set(COMMANDS) - set(expect)
        if missing:
            raise ValueError(f"case {build.__name__}: no expectation for {sorted(missing)}")
        if build.__name__ in CASES:
            raise ValueError(f"case {build.__name__} registered twice")
        group = build.__module__.rsplit(".", 1)[-1].removeprefix("cases_")
        CASES[build.__name__] = Case(
            build.__name__,
            build,
            " ".join(doc.split("\n\n")[0].split()),
            dict(expect),
            defect,
            frozenset(needs),
            group,
        )
        return build

    return register
