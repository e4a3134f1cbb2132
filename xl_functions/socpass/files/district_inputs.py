"""What `socpass consolidate` is given: files, folders and patterns, and the list of schools expected.

`expand` turns the command line's INPUTs into the workbook files to read, in a stable order (as
given; a folder's workbooks, searched through its subfolders, by path), each file once. A name that
matches nothing is not an error that stops the run: it comes back as a `Refusal`, listed with the
schools that could not be used. Excel's lock files ("~$…") and hidden files are passed over.

`read_expected` reads the department's list of its schools (CSV or text, one school a line: the
code, then optionally the name, separated by a comma, semicolon or tab), so the district's outputs
can name the schools whose file never came.
"""

from __future__ import annotations

import csv
import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core.district import ExpectedSchool, Refusal
from ..core.findings import SocpassError
from ..core.schema import Text
from ..core.values import CellError, to_school_code

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_GLOB_CHARS = frozenset("*?[")

NO_MATCH = Text("бұл үлгіге сәйкес файл жоқ", "нет файлов по этому шаблону")
NOT_FOUND = Text("мұндай файл да, қалта да жоқ", "нет такого файла или папки")
EXPECTED_UNREADABLE = Text(
    "Мектептер тізімін ({path}) оқу мүмкін емес: {error}.",
    "Не удаётся прочитать список школ ({path}): {error}.",
)
EXPECTED_BAD_LINE = Text(
    "Мектептер тізімі ({path}), {line}-жол: {problem_kk}.",
    "Список школ ({path}), строка {line}: {problem_ru}.",
)


def expand(
    inputs: Sequence[str], leave_out: Iterable[Path] = ()
) -> tuple[list[Path], list[Refusal]]:
    """The workbooks `inputs` name, each once, without the files in `leave_out` (the outputs)."""
    skipped = {p.resolve() for p in leave_out}
    files: list[Path] = []
    refused: list[Refusal] = []
    seen: set[Path] = set()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_workbook(p))
        elif path.is_file():
            found = [path]
        elif _GLOB_CHARS & set(given):
            found = [Path(p) for p in sorted(glob.glob(given, recursive=True))]
            found = [p for p in found if p.is_file() and _is_workbook(p)]
            if not found:
                refused.append(Refusal(given, NO_MATCH))
        else:
            refused.append(Refusal(given, NOT_FOUND))
            found = []
        for file in found:
            resolved = file.resolve()
            if resolved not in seen and resolved not in skipped:
                seen.add(resolved)
                files.append(file)
    return files, refused


def _is_workbook(path: Path) -> bool:
    name = path.name
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not name.startswith(("~$", "."))


def read_expected(path: Path) -> list[ExpectedSchool]:
    """The schools of the department's list; a first line that is not a code is a header."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SocpassError(EXPECTED_UNREADABLE, path=path, error=exc) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    schools = []
    for number, row in enumerate(csv.reader(text.splitlines(), dialect), start=1):
        cells = [c.strip() for c in row]
        if not cells or not cells[0]:
            continue
        try:
            code = to_school_code(cells[0])
        except CellError as exc:
            if number == 1:
                continue  # a header ("code;name")
            raise SocpassError(
                EXPECTED_BAD_LINE,
                path=path,
                line=number,
                problem_kk=exc.message.kk.format(**exc.params),
                problem_ru=exc.message.ru.format(**exc.params),
            ) from None
        schools.append(ExpectedSchool(code, cells[1] if len(cells) > 1 else ""))
    return schools
