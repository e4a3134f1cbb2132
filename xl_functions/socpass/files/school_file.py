"""A school's file as a department receives it: a return, or a full register reduced to one.

`read_school` tells the two apart by their sheets (a return has `about` and `data`), reads the
file once the way `read_register` does (the zip guard, python-calamine) and gives the school's figures; a full register must be free of
errors and carry a school code, and is reduced to the same aggregates a return holds, so nothing
pupil-level leaves this function. `read_school_or_refusal` is what `socpass consolidate` runs on
its workers: it never raises, so one unusable school never stops a district's run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.aggregates import SchoolFigures, school_figures
from ..core.district import Refusal
from ..core.findings import RegisterHasErrors, SocpassError
from ..core.reader import is_register_sheet, register_from_values
from ..core.returns import ABOUT_SHEET, DATA_SHEET, figures_from_sheets, is_return
from ..core.schema import Text
from .encryption import NEEDS_PASSWORD
from .workbook_file import open_workbook, read_workbook

REGISTER_ERRORS = Text(
    "тізілімде {count} қате бар, біріншісі — {where}: {text}",
    "в реестре ошибок: {count}, первая — {where}: {text}",
)
LOCKED = Text(
    "«{file}» құпиясөзбен қорғалған: мектептен құпиясөзсіз жиынтықты (socpass return) сұраңыз",
    "файл «{file}» защищён паролем: запросите у школы сводку без пароля (socpass return)",
)
UNEXPECTED = Text(
    "файлды өңдегенде күтпеген қате болды ({error}); файлды socpass validate арқылы тексеріңіз",
    "при обработке файла произошла непредвиденная ошибка ({error}); проверьте файл командой "
    "socpass validate",
)


def _wanted(name: str) -> bool:
    return name in (ABOUT_SHEET, DATA_SHEET) or is_register_sheet(name)


def read_school(path: Path, as_of: date | None = None) -> SchoolFigures:
    """The school's figures from its return or its register (counted and flagged as of `as_of`,
    default the end of the year's lessons).

    `SocpassError` when the file cannot be used (missing, encrypted, corrupted, not a return of a
    known format, a register without a required sheet or a school code); `RegisterHasErrors` for a
    register with errors.
    """
    cells = read_workbook(open_workbook(path), _wanted)
    if is_return(list(cells.sheets)):
        return figures_from_sheets(cells.sheets, str(path))
    register = register_from_values(
        {name: v for name, v in cells.sheets.items() if is_register_sheet(name)},
        path,
        cells.hidden,
        cells.findings,
    )
    if register.errors:
        raise RegisterHasErrors(register.errors)
    return school_figures(register, as_of, file=str(path))


def read_school_or_refusal(path: str, as_of: date | None = None) -> SchoolFigures | Refusal:
    """`read_school`, with every failure turned into a `Refusal` saying why, in both languages."""
    try:
        return read_school(Path(path), as_of)
    except RegisterHasErrors as exc:
        first = exc.errors[0]
        return Refusal(
            path,
            Text(
                *(
                    REGISTER_ERRORS(lang).format(
                        count=len(exc.errors), where=first.where(lang), text=first.text(lang)
                    )
                    for lang in ("kk", "ru")
                )
            ),
        )
    except SocpassError as exc:
        if exc.message is NEEDS_PASSWORD:  # no password is asked for on a district's workers
            name = Path(path).name
            return Refusal(path, Text(LOCKED.kk.format(file=name), LOCKED.ru.format(file=name)))
        return Refusal(path, Text(exc.text("kk"), exc.text("ru")))
    except Exception as exc:  # a failure on one school's file must not stop the district
        error = f"{type(exc).__name__}: {exc}"
        return Refusal(
            path, Text(UNEXPECTED.kk.format(error=error), UNEXPECTED.ru.format(error=error))
        )
