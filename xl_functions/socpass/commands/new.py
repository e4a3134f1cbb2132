"""`socpass new PATH [--lang kk|ru] [--force] [--via-excel]`: write an empty register to start typing into.

PATH.xlsx is the plain register; PATH.xlsm adds the buttons and custom functions (`render.xlsm`).
`--via-excel` (Windows with Excel) then has Excel open and save the file (`excel.desktop`).
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from pathlib import Path

from ..core.findings import SocpassError
from ..core.period import current_school_year
from ..core.schema import LANGS, Text
from ..excel.desktop import require_desktop_excel, resave_via_excel
from ..render.workbook import write_register
from .common import add_today_option, default_lang

WRITTEN = Text("Тізілім жазылды: {path}", "Реестр записан: {path}")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
EXISTS = Text(
    "{path} файлы бар. Үстінен жазу үшін --force қосыңыз (бұрынғы файлдың көшірмесі сақталады).",
    "Файл {path} уже существует. Чтобы перезаписать его, добавьте --force (копия прежнего файла "
    "сохранится).",
)
NOT_XLSX = Text(
    "{path}: тізілім .xlsx немесе .xlsm (батырмалары мен макростары бар) файлы болуы керек.",
    "{path}: реестр должен быть файлом .xlsx или .xlsm (с кнопками и макросами).",
)
MACROS_HINT = Text(
    "Батырмалар мен SOCPASS_… функциялары Windows-тағы Excel-де жұмыс істейді; бір реттік "
    "баптау: socpass setup-excel",
    "Кнопки и функции SOCPASS_… работают в Excel для Windows; однократная настройка: "
    "socpass setup-excel",
)
IS_FOLDER = Text(
    "{path} — бұл қалта, файл атын көрсетіңіз.", "{path} — это папка, укажите имя файла."
)
NO_FOLDER = Text("{folder} қалтасы жоқ.", "Папка {folder} не существует.")
CANNOT_WRITE = Text(
    "{path} файлын жазу мүмкін болмады: {error}", "Не удалось записать {path}: {error}"
)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "new",
        help="Бос тізілім жасау / создать пустой реестр",
        description="Бос тізілім (.xlsx, .xlsm) жасау / Создать пустой реестр (.xlsx, .xlsm).",
    )
    parser.add_argument(
        "path",
        metavar="PATH",
        type=Path,
        help="жаңа .xlsx немесе .xlsm файлы / новый файл .xlsx или .xlsm",
    )
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="тізілім тілі / язык реестра (kk, ru; әдепкі / по умолчанию $SOCPASS_LANG или kk)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="бар файлдың үстінен жазу, көшірмесін сақтап / перезаписать, сохранив копию",
    )
    add_today_option(parser)  # decides the school year in Settings (from August: the coming one)
    parser.add_argument(
        "--via-excel",
        action="store_true",
        help="жазылған файлды Excel-де ашып, қайта сақтау (Windows) / открыть записанный файл в "
        "Excel и пересохранить (Windows)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    lang = args.lang or default_lang()
    path: Path = args.path
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise SocpassError(NOT_XLSX, path=path)
    if path.is_dir():
        raise SocpassError(IS_FOLDER, path=path)
    if not path.parent.is_dir():
        raise SocpassError(NO_FOLDER, folder=path.parent)
    if args.via_excel:
        require_desktop_excel()  # refuses (exit 2) before anything is written
    backup = None
    if path.exists():
        if not args.force:
            raise SocpassError(EXISTS, path=path)
        backup = path.with_name(f"{path.stem}.bak{path.suffix}")
    try:
        if backup is not None:
            shutil.copy2(path, backup)
        year = current_school_year(args.today or date.today())
        written = write_register(path, lang, settings={"school_year": year})
    except OSError as exc:
        raise SocpassError(CANNOT_WRITE, path=path, error=exc.strerror or exc) from exc
    if backup is not None:
        print(BACKUP(lang).format(path=backup))
    print(WRITTEN(lang).format(path=written))
    if args.via_excel:
        print(resave_via_excel(written)(lang))
    if suffix == ".xlsm":
        print(MACROS_HINT(lang))
    return 0
