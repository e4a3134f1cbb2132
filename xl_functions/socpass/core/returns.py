"""The return's machine-readable format: what its `about` and `data` sheets hold, both ways.

A return workbook carries, beside the sheet people read, two sheets for machines:
- `about`: key | value rows naming the format and its version, the school (code, name, district,
  region), the school year, the date the figures are as of, the language, whether small counts
  were blanked;
- `data`: key | year | value, one row per metric of `aggregates.AGGREGATES` and school year it is
  given for; a blank value is a number not known (or blanked for publication).

`about_rows` / `data_rows` give what the writer lays out; `figures_from_sheets` reads them back
and refuses, with a message naming the file, sheet and row, anything that is not a return of a
format this socpass knows: another workbook, a district workbook, a newer format, an unknown
metric or year, a number that is not one, a row missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from .aggregates import (
    AGGREGATE_KEYS,
    AGGREGATES,
    FORMAT,
    FORMAT_VERSION,
    SchoolFigures,
    SchoolIdentity,
    Value,
    aggregate,
    metric_years,
)
from .findings import SocpassError
from .schema import LANGS, Text
from .school_year import SchoolYear
from .values import CellError, display, is_blank, to_int, to_number, to_school_code

ABOUT_SHEET = "about"
DATA_SHEET = "data"
DATA_HEADER = ("key", "year", "value")
#: The format name of the district workbook, which carries an `about` sheet too.
DISTRICT_FORMAT = "socpass-district"

NOT_A_RETURN = Text(
    "«{file}» socpass жиынтығы емес: «about» парағындағы «format» мәні «{format}» емес.",
    "«{file}» — не сводка socpass: на листе «about» значение «format» не «{format}».",
)
A_DISTRICT_WORKBOOK = Text(
    "«{file}» — аудан бойынша жиынтық кітап, мектептің жиынтығы емес.",
    "«{file}» — сводная книга района, а не сводка школы.",
)
NEWER_FORMAT = Text(
    "«{file}» socpass-тың жаңа нұсқасында жасалған (жиынтық форматы {version}, бұл нұсқа {known} "
    "форматына дейін оқиды): socpass-ты жаңартыңыз.",
    "«{file}» создан более новой версией socpass (формат сводки {version}, эта версия читает "
    "форматы до {known}): обновите socpass.",
)
BAD_ROW = Text(
    "«{file}», «{sheet}» парағы, {row}-жол: {problem_kk}.",
    "«{file}», лист «{sheet}», строка {row}: {problem_ru}.",
)
MISSING_VALUE = Text(
    "«{file}»: «about» парағында «{key}» мәні жоқ.",
    "«{file}»: на листе «about» нет значения «{key}».",
)
MISSING_ROWS = Text(
    "«{file}»: «data» парағында {count} көрсеткіш жоқ (мысалы, «{key}», {year}); файл толық емес.",
    "«{file}»: на листе «data» не хватает показателей: {count} (например, «{key}», {year}); "
    "файл неполный.",
)
UNKNOWN_KEY = Text("«{key}» көрсеткіші бұл форматта жоқ", "показателя «{key}» в этом формате нет")
WRONG_YEAR = Text(
    "«{key}» көрсеткішінің «{year}» жылы бұл жиынтыққа жатпайды",
    "год «{year}» показателя «{key}» не относится к этой сводке",
)
REPEATED = Text("«{key}» ({year}) екінші рет жазылған", "«{key}» ({year}) указан повторно")
CANNOT_READ = Text("«{key}» мәнін оқу мүмкін емес", "значение «{key}» не читается")
NEGATIVE = Text("«{key}» теріс сан: {value}", "«{key}» — отрицательное число: {value}")


#: The `about` sheet's keys, in the order its rows (under a "key | value" header) give them.
ABOUT_KEYS = (
    "format",
    "format_version",
    "school_code",
    "school_code_kind",
    "school_name",
    "district",
    "region",
    "school_year",
    "as_of",
    "language",
    "suppressed",
)
ABOUT_HEADER = ("key", "value")


def about_rows(figures: SchoolFigures) -> list[tuple[str, str | int]]:
    """The `about` sheet's (key, value) rows, in the order of `ABOUT_KEYS`."""
    school = figures.school
    values: dict[str, str | int] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "school_code": school.code,
        "school_code_kind": school.code_kind,
        "school_name": school.name,
        "district": school.district,
        "region": school.region,
        "school_year": str(figures.school_year),
        "as_of": figures.as_of.isoformat(),
        "language": figures.lang,
        "suppressed": "yes" if figures.suppressed else "no",
    }
    return [(key, values[key]) for key in ABOUT_KEYS]


def data_rows(figures: SchoolFigures) -> list[tuple[str, str, Value]]:
    """The `data` sheet's (key, year, value) rows: every metric, this year then last year."""
    return [
        (item.key, str(year), figures.value(item.key, year))
        for item in AGGREGATES
        for year in figures.years(item)
    ]


def is_return(sheet_names: Sequence[str]) -> bool:
    """Whether a workbook with these sheets claims to be a return (or a district workbook)."""
    return ABOUT_SHEET in sheet_names and DATA_SHEET in sheet_names


def figures_from_sheets(sheets: Mapping[str, list[list[object]]], file: str) -> SchoolFigures:
    """A return's figures from its `about` and `data` sheets' cells; `SocpassError` (exit 2)."""
    about = _about(sheets.get(ABOUT_SHEET, []))
    kind = about.get("format", "")
    if kind == DISTRICT_FORMAT:
        raise SocpassError(A_DISTRICT_WORKBOOK, file=file)
    if kind != FORMAT:
        raise SocpassError(NOT_A_RETURN, file=file, format=FORMAT)
    version = _about_value(about, "format_version", file)
    try:
        number = to_int(version)
    except CellError:
        raise SocpassError(NOT_A_RETURN, file=file, format=FORMAT) from None
    if number > FORMAT_VERSION:
        raise SocpassError(NEWER_FORMAT, file=file, version=number, known=FORMAT_VERSION)
    year = SchoolYear.read(_about_value(about, "school_year", file))
    if year is None:
        raise _about_error(file, "school_year")
    try:
        code = to_school_code(_about_value(about, "school_code", file))
    except CellError as exc:
        row = _about_row("school_code")
        raise _bad_row(file, ABOUT_SHEET, row, exc.message, **exc.params) from None
    try:
        as_of = date.fromisoformat(_about_value(about, "as_of", file))
    except ValueError:
        raise _about_error(file, "as_of") from None
    lang = about.get("language", "")
    if lang not in LANGS:
        raise _about_error(file, "language")
    return SchoolFigures(
        school=SchoolIdentity(
            code=code,
            name=about.get("school_name", ""),
            district=about.get("district", ""),
            region=about.get("region", ""),
        ),
        school_year=year,
        as_of=as_of,
        lang=lang,  # type: ignore[arg-type]
        values=_data(sheets.get(DATA_SHEET, []), year, file),
        source="return",
        suppressed=about.get("suppressed", "no") == "yes",
        file=file,
    )


def _about(rows: list[list[object]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in rows:
        if len(row) >= 2 and not is_blank(row[0]):
            found.setdefault(display(row[0]), "" if is_blank(row[1]) else display(row[1]))
    return found


def _about_value(about: Mapping[str, str], key: str, file: str) -> str:
    value = about.get(key, "")
    if not value:
        raise SocpassError(MISSING_VALUE, file=file, key=key)
    return value


def _about_row(key: str) -> int:
    """The Excel row of an `about` key as the writer puts it (under its header row)."""
    return 2 + ABOUT_KEYS.index(key)


def _about_error(file: str, key: str) -> SocpassError:
    return _bad_row(file, ABOUT_SHEET, _about_row(key), CANNOT_READ, key=key)


def _bad_row(file: str, sheet: str, row: int, problem: Text, **params: object) -> SocpassError:
    return SocpassError(
        BAD_ROW,
        file=file,
        sheet=sheet,
        row=row,
        problem_kk=problem.kk.format(**params),
        problem_ru=problem.ru.format(**params),
    )


def _data(rows: list[list[object]], year: SchoolYear, file: str) -> dict[tuple[str, str], Value]:
    """The `data` rows, checked: known keys, the return's years, numbers >= 0, each once, all."""
    expected = {(item.key, str(y)) for item in AGGREGATES for y in metric_years(item, year)}
    found: dict[tuple[str, str], Value] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [*row, None, None, None][:3]
        if all(is_blank(c) for c in cells):
            continue
        key, year_text = display(cells[0]), display(cells[1])
        if key not in AGGREGATE_KEYS:
            raise _bad_row(file, DATA_SHEET, number, UNKNOWN_KEY, key=key)
        given = SchoolYear.read(year_text)
        if given is None or (key, str(given)) not in expected:
            raise _bad_row(file, DATA_SHEET, number, WRONG_YEAR, key=key, year=year_text)
        if (key, str(given)) in found:
            raise _bad_row(file, DATA_SHEET, number, REPEATED, key=key, year=str(given))
        found[(key, str(given))] = _number(cells[2], key, file, number)
    missing = sorted(expected - found.keys(), key=_order)
    if missing:
        key, year = missing[0]
        raise SocpassError(MISSING_ROWS, file=file, count=len(missing), key=key, year=year)
    return found


def _number(raw: object, key: str, file: str, row: int) -> Value:
    if is_blank(raw):
        return None
    try:
        value = to_number(raw)
    except CellError as exc:
        raise _bad_row(file, DATA_SHEET, row, exc.message, **exc.params) from None
    if value < 0:
        raise _bad_row(file, DATA_SHEET, row, NEGATIVE, key=key, value=display(raw))
    unit = aggregate(key).unit
    return value if unit == "tenge" else int(value) if value.is_integer() else value


_POSITION = {item.key: i for i, item in enumerate(AGGREGATES)}


def _order(pair: tuple[str, str]) -> tuple[int, str]:
    return _POSITION[pair[0]], pair[1]
