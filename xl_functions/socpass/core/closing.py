"""When a school year may be closed, and what is left for the pedagogue to do after closing it.

A school year ends with its last lessons (`SchoolYear.closable_from`: "2025-2026" may be closed from
25 May 2026 on). Before that day, closing would archive the counts of a year still running (a second
click in November closed the year that had just begun).

Closing never deletes anything: last year's attendance, results, incidents, aid, events, SWOT and
recommendations stay where they are, and the close-year message names the sheets to clear.
"""

from __future__ import annotations

from datetime import date

from .findings import SocpassError
from .schema import Lang, Text, sheet
from .school_year import SchoolYear

#: Sheets holding one school year's records, to be cleared by hand before the next year's.
YEARLY_SHEETS = (
    "attendance",
    "academic",
    "behaviour",
    "aid",
    "events",
    "swot",
    "recommendations",
)

NOT_ENDED = Text(
    "{year} оқу жылы әлі аяқталмаған: оны {date} күнінен бастап жабуға болады. "
    "Файл өзгертілген жоқ.",
    "{year} учебный год ещё не закончился: закрыть его можно начиная с {date}. Файл не изменён.",
)
CLEAR_SHEETS = Text(
    "Жаңа оқу жылының деректерін енгізбес бұрын {sheets} парақтарындағы өткен жылдың жолдарын "
    "өшіріңіз, әйтпесе олар жаңа жылдың ЕАЖ тізімі мен есебіне кіреді. Бағдарлама "
    "ештеңені өзі өшірмейді.",
    "Прежде чем вносить данные нового учебного года, удалите строки прошлого года на листах "
    "{sheets}, иначе они попадут в список СРП и отчёт нового года. Программа сама ничего "
    "не удаляет.",
)


def check_year_ended(school_year: SchoolYear, today: date) -> None:
    """Refuse (exit 1) to close `school_year` before the day it may be closed."""
    first_day = school_year.closable_from
    if today < first_day:
        raise SocpassError(
            NOT_ENDED, exit_code=1, year=str(school_year), date=first_day.strftime("%d.%m.%Y")
        )


def clear_sheets_advice(lang: Lang) -> str:
    """The next-year advice, with the yearly sheets named as the workbook names them."""
    names = ", ".join(f"«{sheet(key).name(lang)}»" for key in YEARLY_SHEETS)
    return CLEAR_SHEETS(lang).format(sheets=names)
