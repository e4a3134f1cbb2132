"""Excel custom functions: SOCPASS_COUNT, SOCPASS_CHANGE, SOCPASS_SUMMARY.

Each is a pure function of the ranges passed in (never a hidden read of the workbook), so Excel's
own recalculation keeps them right. Tables come with their header row, as values, and are parsed
by the same reader as the file, so a cell means the same thing everywhere. A problem comes back as
a readable cell text "#SOCPASS: …" in the table's language, never as a Python traceback.
Descriptions show in Excel's function wizard (docstring and `doc=`, at most 255 characters, so
both languages are written side by side).
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import xlwings as xw

from ..core.findings import Finding, SocpassError
from ..core.formatting import NO_DATA
from ..core.passport import FAMILY_METRICS, count_metric, grade_of, summary_for
from ..core.roll import pupils_on_roll
from ..core.schema import (
    CATEGORIES,
    HISTORY_METRICS,
    LANGS,
    NEW,
    Lang,
    Text,
    choice_for,
    normalize_label,
    sheet,
    year_change,
)
from ..core.schema import metric as metric_of
from ..core.school_year import SchoolYear
from ..core.tables import Table, read_table
from ..core.values import CellError, is_blank, to_class, to_date, to_number

ERROR_PREFIX = "#SOCPASS: "
CATEGORY = "socpass"
PUPIL_WORDS = frozenset({"pupils", "оқушы", "оқушылар", "учащиеся", "учащихся", "ученики"})
FAMILY_WORDS = frozenset({"families", "отбасы", "отбасылар", "семьи", "семей"})

UNKNOWN_CATEGORY = Text("белгісіз санат «{value}»", "неизвестная категория «{value}»")
UNKNOWN_WHAT = Text(
    "«{value}» — «оқушы» немесе «отбасы» жазыңыз",
    "«{value}» — укажите «учащиеся» или «семьи»",
)
NO_FAMILIES = Text(
    "«{label}» бойынша отбасылар саналмайды, тек оқушылар",
    "по категории «{label}» считаются только учащиеся, не семьи",
)
MISSING_COLUMN = Text("кестеде «{header}» бағаны жоқ", "в таблице нет столбца «{header}»")
BAD_LANG = Text("тіл kk немесе ru болуы керек: «{value}»", "язык должен быть kk или ru: «{value}»")
NOT_AS_OF = Text(
    "«{value}» — күн де, оқу жылы да емес (мысалы 25.05.2026 немесе 2025-2026)",
    "«{value}» — не дата и не учебный год (например, 25.05.2026 или 2025-2026)",
)
AT = Text("{row}-жол, «{column}»: {detail}", "строка {row}, «{column}»: {detail}")
UNEXPECTED = Text("күтпеген қате: {error}", "непредвиденная ошибка: {error}")
SUMMARY_HEADER = (
    Text("Санат / есеп", "Категория / учёт"),
    Text("Өткен жыл: оқушы", "Прошлый год: учащихся"),
    Text("Өткен жыл: отбасы", "Прошлый год: семей"),
    Text("Биыл: оқушы", "Текущий год: учащихся"),
    Text("Биыл: отбасы", "Текущий год: семей"),
    Text("Өзгерісі: оқушы", "Изменение: учащиеся"),
    Text("Өзгерісі: отбасы", "Изменение: семьи"),
)


class CellProblem(Exception):
    """A problem to show in the cell, in the language of the table it concerns."""

    def __init__(self, message: Text, lang: Lang = "kk", **params: object) -> None:
        super().__init__(message.kk.format(**params))
        self.message, self.lang, self.params = message, lang, params

    def text(self) -> str:
        return ERROR_PREFIX + self.message(self.lang).format(**self.params)


def _as_cell_text(array: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turn any failure into "#SOCPASS: …" in the cell (a 1×1 array for an array function)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any) -> Any:
            try:
                return func(*args)
            except CellProblem as exc:
                text = exc.text()
            except (SocpassError, CellError) as exc:
                text = ERROR_PREFIX + exc.message("kk").format(**exc.params)
            except Exception as exc:  # the cell must never show a traceback
                error = f"{type(exc).__name__}: {exc}"
                text = ERROR_PREFIX + UNEXPECTED("kk").format(error=error)
            return [[text]] if array else text

        return wrapper

    return decorate


# --------------------------------------------------------------------------- parsing


def _table(sheet_key: str, values: Sequence[Sequence[Any]] | None, used: Sequence[str]) -> Table:
    """Parse a table passed with its header row; errors in the `used` columns become a problem.

    The parsed table is shared between calls (see `_parsed`): read it, never change it.
    """
    rows = [list(r) for r in (values or []) if r is not None]
    parsed = _parsed(sheet_key, pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    _require(parsed, used)
    return parsed


@functools.lru_cache(maxsize=8)
def _parsed(sheet_key: str, content: bytes) -> Table:
    """The table in `content` (its rows, pickled by `_table`), parsed once per distinct content.

    Excel passes the same table to every formula that names it, so one recalculation of a sheet
    with 30 SOCPASS_COUNT cells would otherwise parse it 30 times. The key is the pickled rows
    rather than the rows themselves because pickle tells TRUE from 1 and 1.0 (equal, and equally
    hashed, in a tuple), which the reader does not read alike.
    """
    return read_table(sheet(sheet_key), pickle.loads(content), sheet(sheet_key).name.kk)


def _require(parsed: Table, used: Sequence[str]) -> None:
    """A problem when one of the `used` columns is missing or holds a bad cell."""
    for key in used:
        if key not in parsed.columns:
            header = parsed.sheet.column(key).header(parsed.lang)
            raise CellProblem(MISSING_COLUMN, parsed.lang, header=header)
    headers = {parsed.columns[k].header for k in used}
    for finding in parsed.findings:
        if finding.severity == "error" and finding.column in headers:
            raise _finding_problem(finding, parsed.lang)


def _finding_problem(finding: Finding, lang: Lang) -> CellProblem:
    return CellProblem(AT, lang, row=finding.row, column=finding.column, detail=finding.text(lang))


def _metric(value: Any, lang: Lang) -> str:
    """A History metric key from a key, a label in either language or a known header variant."""
    found = choice_for(sheet("history").column("metric"), value)
    if found is not None:
        return found.key
    wanted = normalize_label(value)
    for cat in CATEGORIES:
        if wanted in {normalize_label(a) for a in cat.header_aliases}:
            return cat.key
    raise CellProblem(UNKNOWN_CATEGORY, lang, value="" if value is None else value)


def _class_filter(frame: pd.DataFrame, class_name: Any, lang: Lang) -> pd.DataFrame:
    """Rows of one class ("5Ә") or, given a bare number, one grade level (5)."""
    if is_blank(class_name):
        return frame
    text = str(class_name).strip()
    if isinstance(class_name, float | int) or text.isdigit():
        grade = int(float(text))
        return frame[frame["class"].map(grade_of) == grade]
    try:
        wanted = to_class(text)
    except CellError as exc:
        raise CellProblem(exc.message, lang, **exc.params) from None
    return frame[frame["class"] == wanted]


# --------------------------------------------------------------------------- the functions


@xw.func(category=CATEGORY)
@xw.arg(
    "table",
    ndim=2,
    doc="Оқушылар кестесі тақырып жолымен / Таблица учащихся с заголовком (Pupils[#All])",
)
@xw.arg("category", doc="Санат: кілт немесе атауы / Категория: ключ или название")
@xw.arg("what", doc="оқушы | отбасы / учащиеся | семьи (әдепкі / по умолчанию: оқушы)")
@xw.arg("class_name", doc="Сынып (5Ә) немесе параллель (5), міндетті емес / Класс или параллель")
@xw.arg(
    "as_of",
    doc="Күн немесе оқу жылы (оның соңы); бос — кетпегендер / Дата или учебный год (его конец); "
    "пусто — невыбывшие",
)
@_as_cell_text()
def SOCPASS_COUNT(
    table: list, category: Any, what: Any = "pupils", class_name: Any = None, as_of: Any = None
) -> Any:
    """Санат бойынша оқушылар не отбасылар саны (сынып бойынша да). / Число учащихся или семей категории (можно по классу)."""
    parsed = _table("pupils", table, ["class", "family_id"])
    lang = parsed.lang
    metric = _metric(category, lang)
    _require(parsed, metric_of(metric).columns)
    word = normalize_label(what or "pupils")
    if word not in PUPIL_WORDS | FAMILY_WORDS:
        raise CellProblem(UNKNOWN_WHAT, lang, value=what)
    on_roll = pupils_on_roll(parsed.frame, _as_of(as_of, lang))
    frame = _class_filter(on_roll, class_name, lang)
    counted = count_metric(frame, metric)
    if word in PUPIL_WORDS:
        return counted.pupils
    if metric not in FAMILY_METRICS:
        label = choice_for(sheet("history").column("metric"), metric)
        raise CellProblem(NO_FAMILIES, lang, label=label.label(lang) if label else metric)
    return counted.families


@xw.func(category=CATEGORY)
@xw.arg("previous", doc="Өткен жылғы сан / Число прошлого года")
@xw.arg("current", doc="Биылғы сан / Число текущего года")
@xw.arg("lang", doc="kk (әдепкі / по умолчанию) немесе / или ru: «жаңа» / «новое»")
@_as_cell_text()
def SOCPASS_CHANGE(previous: Any, current: Any, lang: Any = "kk") -> Any:
    """Өзгеріс (биыл − өткен) / өткен; өткен 0 болса «жаңа». / Изменение (текущий − прошлый) / прошлый; при 0 — «новое»."""
    lang_key = normalize_label(lang or "kk")
    if lang_key not in LANGS:
        raise CellProblem(BAD_LANG, "kk", value=lang)
    code: Lang = lang_key  # type: ignore[assignment]
    if is_blank(previous) or is_blank(current):
        return NO_DATA
    try:
        before, now = to_number(previous), to_number(current)
    except CellError as exc:
        raise CellProblem(exc.message, code, **exc.params) from None
    return _change_value(year_change(before, now), code)


@xw.func(category=CATEGORY)
@xw.arg("pupils_table", ndim=2, doc="Оқушылар кестесі тақырыбымен / Таблица учащихся с заголовком")
@xw.arg(
    "history_table", ndim=2, doc="«Жылдар» кестесі тақырыбымен / Таблица «По годам» с заголовком"
)
@xw.arg(
    "school_year",
    doc="Оқу жылы, мысалы 2025-2026 (бос: соңғы жылдан кейінгі) / Учебный год (пусто: следующий)",
)
@xw.arg("as_of", doc="Күн (бос — оқу жылының соңы) / Дата (пусто — конец учебного года)")
@_as_cell_text(array=True)
def SOCPASS_SUMMARY(
    pupils_table: list, history_table: list, school_year: Any = None, as_of: Any = None
) -> list:
    """Санаттар кестесі: өткен жыл, биыл, өзгеріс (массив). / Таблица категорий: прошлый год, текущий, изменение (массив)."""
    pupils = _table("pupils", pupils_table, ["class", "family_id"])
    lang = pupils.lang
    history = _table("history", history_table, ["school_year", "metric", "pupils", "families"])
    year = school_year if not is_blank(school_year) else _after_latest(history.frame)
    columns = sorted({c for m in HISTORY_METRICS for c in m.columns})
    _require(pupils, columns)
    _, rows = summary_for(pupils.frame, history.frame, year, lang, as_of=_as_of(as_of, lang))
    out: list[list[Any]] = [[h(lang) for h in SUMMARY_HEADER]]
    for r in rows:
        out.append(
            [
                r.label,
                r.previous_pupils,
                r.previous_families,
                r.current_pupils,
                r.current_families,
                _change_cell(r.previous_pupils, r.current_pupils, lang),
                _change_cell(r.previous_families, r.current_families, lang),
            ]
        )
    return out


def _as_of(value: Any, lang: Lang) -> date | None:
    """The date pupils are counted as of (`core.roll`): a date as Excel gives it or as typed,
    or a school year (the day its lessons end); None when blank."""
    if is_blank(value):
        return None
    year = SchoolYear.read(value) if isinstance(value, str) else None
    if year is not None:
        return year.end_of_lessons
    try:
        return to_date(value).date()
    except CellError:
        raise CellProblem(NOT_AS_OF, lang, value=value) from None


def _after_latest(history: pd.DataFrame) -> str | None:
    """The school year after the latest one with numbers in History (the current one, usually)."""
    years = [SchoolYear.read(y) for y in history.loc[history["pupils"].notna(), "school_year"]]
    known = [y for y in years if y is not None]
    return str(max(known).next) if known else None


def _change_cell(previous: int | None, current: int | None, lang: Lang) -> Any:
    """A ratio for Excel to format as %, or the word: "жаңа", "—" (0 → 0, or a count unknown)."""
    return _change_value(year_change(previous, current), lang)


def _change_value(change: float | str | None, lang: Lang) -> Any:
    if change is None or change == "same":
        return NO_DATA
    return NEW(lang) if change == "new" else change
