"""`socpass setup-excel [--lang kk|ru]`: the one-time steps that make the .xlsm register work on Windows.

The same text, in both languages, is the README's "Excel on Windows" section (`readme_section`),
so the printed steps and the documented ones cannot drift apart.
"""

from __future__ import annotations

import argparse

from ..core.schema import LANGS, Lang, Text, sheet
from ..jobs.job import Job
from ..render.control import BUTTONS
from ..render.xlsm import CONF_SHEET, UDF_MODULE

HEADING = Text("Windows-тағы Excel: бір реттік баптау", "Excel в Windows: однократная настройка")
STEPS: tuple[Text, ...] = (
    Text(
        "Python 3.11 немесе жаңасын python.org сайтынан орнатыңыз; орнатқанда «Add python.exe "
        "to PATH» белгісін қойыңыз.",
        "Установите Python 3.11 или новее с сайта python.org; при установке отметьте «Add "
        "python.exe to PATH».",
    ),
    Text(
        "Пәрмен жолын (cmd) ашып, socpass қалтасында (немесе .whl файлының жанында) жазыңыз: "
        "pip install .  (.whl үшін: pip install socpass-….whl)",
        "Откройте командную строку (cmd) в папке socpass (или рядом с файлом .whl) и введите: "
        "pip install .  (для .whl: pip install socpass-….whl)",
    ),
    Text(
        "Тізілім жасаңыз: socpass new тізілім.xlsm --lang kk (осы компьютерде жасалған файлды "
        "бұғаттан шығарудың қажеті жоқ). Файлдың атын кейін өзгертуге болады.",
        "Создайте реестр: socpass new реестр.xlsm --lang ru (файл, созданный на этом "
        "компьютере, разблокировать не нужно). Имя файла потом можно менять.",
    ),
    Text(
        "Файл интернеттен немесе поштадан келсе: файлды тінтуірдің оң жағымен басып, "
        "«Свойства» (Properties) → «Разблокировать» (Unblock) белгісін қойып, OK басыңыз. "
        "Әйтпесе Excel макростарды бұғаттайды.",
        "Если файл пришёл из интернета или по почте: щёлкните по файлу правой кнопкой мыши → "
        "«Свойства» → отметьте «Разблокировать» → OK. Иначе Excel заблокирует макросы.",
    ),
    Text(
        "Файлды Excel-де ашып, сары жолақтағы «Включить содержимое» (Enable Content) батырмасын "
        "басыңыз. Әр жолы сұрамауы үшін тізілім қалтасын сенімді орындарға қосыңыз: Файл → "
        "Параметры → Центр управления безопасностью → Параметры → Надёжные расположения. "
        "«VBA жобасының объектілік моделіне сенім» керек емес.",
        "Откройте файл в Excel и нажмите «Включить содержимое» в жёлтой полосе. Чтобы Excel не "
        "спрашивал каждый раз, добавьте папку реестра в надёжные: Файл → Параметры → Центр "
        "управления безопасностью → Параметры центра → Надёжные расположения. «Доверять доступ "
        "к объектной модели проектов VBA» не нужно.",
    ),
    Text(
        "xlwings қондырмасы (add-in) керек емес: оның модулі тізілімнің ішінде. Тек xlwings "
        "таспасын қаласаңыз: xlwings addin install",
        "Надстройка xlwings не нужна: её модуль уже внутри реестра. Только если нужна лента "
        "xlwings: xlwings addin install",
    ),
    Text(
        "Батырма «Python табылмады» десе: жасырын «{conf}» парағын ашып (парақ белгісін оң "
        "жақпен басу → «Показать»), Interpreter_Win жанына pythonw.exe файлының толық жолын "
        "жазыңыз.",
        "Если кнопка сообщает, что Python не найден: откройте скрытый лист «{conf}» (правый "
        "щелчок по ярлыку листа → «Показать») и впишите рядом с Interpreter_Win полный путь к "
        "pythonw.exe.",
    ),
    Text(
        "socpass-тың жаңа нұсқасын орнатқаннан кейін тізілімді де жаңартыңыз: "
        "socpass upgrade тізілім.xlsm (ескі файлдың көшірмесі қасында сақталады).",
        "После установки новой версии socpass обновите и реестр: socpass upgrade "
        "реестр.xlsm (копия старого файла сохранится рядом).",
    ),
)
BUTTONS_HEADING = Text("«{control}» парағындағы батырмалар", "Кнопки на листе «{control}»")
FUNCTIONS = Text(
    "Функциялар (кез келген ұяшықта): SOCPASS_COUNT — санат бойынша оқушылар немесе отбасылар "
    "саны; SOCPASS_CHANGE — өткен жылмен салыстырғандағы өзгеріс пайызбен; SOCPASS_SUMMARY — "
    "паспорттың жиынтық кестесі. Олар {module} модулінен келеді, «Import functions» керек емес.",
    "Функции (в любой ячейке): SOCPASS_COUNT — число учащихся или семей по категории; "
    "SOCPASS_CHANGE — изменение к прошлому году в процентах; SOCPASS_SUMMARY — сводная таблица "
    "паспорта. Они берутся из модуля {module}, «Import functions» не нужен.",
)


def setup_text(lang: Lang, markdown: bool = False) -> str:
    """The steps, the buttons and the functions, as printed (or as a README section)."""
    names = {"risk": sheet("risk").name(lang), "history": sheet("history").name(lang)}
    heading = "### " if markdown else ""
    lines = [heading + HEADING(lang), ""]
    lines += [f"{i}. {step(lang).format(conf=CONF_SHEET)}" for i, step in enumerate(STEPS, 1)]
    lines += ["", heading + BUTTONS_HEADING(lang).format(control=sheet("control").name(lang)), ""]
    lines += [f"- {label(lang)}: {action(lang).format(**names)}" for label, action in BUTTONS]
    lines += ["", FUNCTIONS(lang).format(module=UDF_MODULE)]
    return "\n".join(lines) + "\n"


def readme_section() -> str:
    """The README section: both languages, Kazakh first."""
    return "## Excel (Windows)\n\n" + "\n".join(setup_text(lang, markdown=True) for lang in LANGS)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "setup-excel",
        help="Excel-ді Windows-та баптау / настройка Excel в Windows",
        description="Батырмалы .xlsm тізілімін Windows-та іске қосудың бір реттік қадамдары / "
        "Однократные шаги, чтобы реестр .xlsm с кнопками заработал в Windows.",
    )
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="тіл / язык (kk, ru; әдепкі / по умолчанию $SOCPASS_LANG или kk)",
    )
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    job.say(setup_text(job.lang).rstrip("\n"))
