"""The Close-year button: `close_year(book)` archives this year's counts in the open register.

The same rules as `socpass close-year` (a year already in History is refused, and so is a year that
has not ended: no force here, the message says from which day; data errors stop it; pupils and the
yearly sheets are not touched, the message says what to clear), but on the open workbook: one bulk read per table, the new History rows
in one range write below the table's last filled row (the Table resized over them), and one cell
write for the Settings' school year. Nothing is saved: the message tells the pedagogue to save,
or to close without saving to undo, since Excel cannot undo a macro's writes.
"""

from __future__ import annotations

import contextlib
from datetime import date

import pandas as pd
import xlwings as xw

from ..core.closing import check_year_ended, clear_sheets_advice
from ..core.findings import SocpassError
from ..core.history import canonical_year, closing_rows, next_school_year
from ..core.passport import count_metrics
from ..core.register import ROW
from ..core.schema import Lang, Text, header_variants, normalize_label, sheet, sheet_for_name
from .book_io import register_from_book

TITLE = Text("Жылды жабу", "Закрыть год")
HAS_ERRORS = Text(
    "Тізілімде {count} қате бар, жыл жабылмады. Алдымен түзетіңіз: {sheet}, {row}-жол, "
    "«{column}»: {message}",
    "В реестре ошибок: {count}, год не закрыт. Сначала исправьте: {sheet}, строка {row}, "
    "«{column}»: {message}",
)
CLOSED = Text(
    "{year} оқу жылы жабылды: «Жылдар» парағына {rows} жол қосылды, оқу жылы енді {next}. "
    "Оқушылар парағы өзгерген жоқ: сыныптарды көшіруді және түлектерді шығаруды өзіңіз "
    "жасаңыз. Файлды сақтаңыз (болдырмау үшін — сақтамай жабыңыз).",
    "{year} учебный год закрыт: на лист «По годам» добавлено строк: {rows}, учебный год теперь "
    "{next}. Лист учащихся не изменён: перевод в следующий класс и выбытие выпускников сделайте "
    "сами. Сохраните файл (чтобы отменить — закройте без сохранения).",
)
KEEP_A_COPY = Text(
    "Өшірмес бұрын өткен жылдың мұрағаты ретінде файлдың көшірмесін басқа атпен сақтаңыз.",
    "Перед удалением сохраните копию файла под другим именем как архив прошлого года.",
)
NO_TABLE = Text(
    "«{sheet}» парағында {table} кестесі табылмады; ештеңе өзгертілген жоқ.",
    "На листе «{sheet}» не найдена таблица {table}; ничего не изменено.",
)


def close_year(book: xw.Book, today: date | None = None) -> str:
    """Close the school year in `book`; show and return the message (workbook language).

    `today` (default: the computer's date) decides whether the school year has ended.
    """
    data = register_from_book(book)
    lang = data.lang
    if data.errors:
        first = data.errors[0]
        return _tell(
            book,
            HAS_ERRORS(lang).format(
                count=len(data.errors),
                sheet=first.sheet,
                row=first.row,
                column=first.column,
                message=first.text(lang),
            ),
            lang,
        )
    try:
        year = canonical_year(data.settings["school_year"])
        rows = closing_rows(data.frames["history"], count_metrics(data.frames["pupils"]), year)
        check_year_ended(year, today or date.today())
        following = next_school_year(year)
        history_ws, history_table = _table(book, "history", lang)
        settings_ws, settings_table = _table(book, "settings", lang)
    except SocpassError as exc:
        return _tell(book, exc.text(lang), lang)
    _append_history(history_ws, history_table, data.frames["history"], rows, lang)
    _set_school_year(settings_ws, settings_table, data.frames["settings"], following)
    text = CLOSED(lang).format(year=year, rows=len(rows), next=following)
    return _tell(book, f"{text}\n\n{clear_sheets_advice(lang)} {KEEP_A_COPY(lang)}", lang)


def close_year_caller() -> None:
    """Entry point for the button (RunPython): the workbook that called."""
    close_year(xw.Book.caller())


def _tell(book: xw.Book, text: str, lang: Lang) -> str:
    # A client without message boxes: the caller shows the returned text instead.
    with contextlib.suppress(NotImplementedError):
        book.app.alert(text, title=TITLE(lang))
    return text


def _table(book: xw.Book, key: str, lang: Lang):
    """The sheet and Excel Table of a schema sheet, or a clear refusal."""
    s = sheet(key)
    for ws in book.sheets:
        found = sheet_for_name(ws.name)
        if found is None or found.key != key:
            continue
        for table in ws.tables:
            if normalize_label(table.name) == normalize_label(s.table):
                return ws, table
    raise SocpassError(NO_TABLE, exit_code=2, sheet=s.name(lang), table=s.table)


def _header_keys(table, key: str) -> list[str | None]:
    """The schema key of each header cell of `table` (None for a column the schema doesn't know)."""
    variants = {c.key: header_variants(c) for c in sheet(key).columns}
    return [
        next((k for k, names in variants.items() if normalize_label(cell) in names), None)
        for cell in table.header_row_range.value
    ]


def _append_history(ws, table, history: pd.DataFrame, rows: pd.DataFrame, lang: Lang) -> None:
    """The new rows in one write below the last filled row; the Table grows to cover them."""
    top, left = table.range.row, table.range.column
    keys = _header_keys(table, "history")
    labels = {c.key: c.label(lang) for c in sheet("history").column("metric").choices}

    def cell(record: dict[str, object], key: str | None) -> object:
        value = record.get(key) if key else None
        if key == "metric":
            return labels[str(value)]
        return None if value is None or pd.isna(value) else value

    values = [[cell(rec, k) for k in keys] for rec in rows.to_dict("records")]
    start = int(history[ROW].max()) + 1 if len(history) else top + 1
    last = start + len(values) - 1
    if last > table.range.last_cell.row:
        table.resize(ws.range((top, left), (last, left + len(keys) - 1)))
    ws.range((start, left)).value = values


def _set_school_year(ws, table, settings: pd.DataFrame, school_year: str) -> None:
    """Write the next school year into the Settings row whose key is school_year (or add it)."""
    top, left = table.range.row, table.range.column
    keys = _header_keys(table, "settings")
    value_col = left + keys.index("value")
    found = settings[settings["key"].map(normalize_label) == "school_year"]
    if len(found):
        ws.range(
            (int(found[ROW].iloc[0]), value_col)
        ).value = school_year  # the row the reader uses
        return
    row = int(settings[ROW].max()) + 1 if len(settings) else top + 1
    table.resize(ws.range((top, left), (row, left + len(keys) - 1)))
    ws.range((row, left + keys.index("key"))).value = "school_year"
    ws.range((row, value_col)).value = school_year
