"""The bad-input corpus: malformed registers made by code, and what socpass must do with each.

`CASES` maps a case name to its `Case` (builder, description, expected outcome per command,
the defect it shows if the current code breaks the promise). The builders live in the
`cases_*` modules by kind; `harness` runs a case through the six commands in a child process;
`PYTHONPATH=tests:xl_functions python -m tests.corpus.report` prints the case table.

Adding a case: write a builder in the `cases_*` module of its kind, `def name(folder) -> Path`,
that writes the file into `folder` and returns its path, with a docstring whose first paragraph
says what real-world situation it stands for; decorate it with `@case(expect, defect=...)`, the
expectation built from `model`'s shorthands (`readable()`, `data_error(error(sheet, row,
letter, code))`, `everywhere(unusable(TEMPLATE))`, ...). Start from `bases.base_parts()` and
change only the bytes the case is about.
"""

from . import cases_cells, cases_files, cases_paths, cases_sheets, cases_size, cases_xml, cases_zip
from .model import CASES, COMMANDS, WRITERS, Case, Expect, Where

__all__ = [
    "CASES",
    "COMMANDS",
    "WRITERS",
    "Case",
    "Expect",
    "Where",
    "cases_cells",
    "cases_files",
    "cases_paths",
    "cases_sheets",
    "cases_size",
    "cases_xml",
    "cases_zip",
]
