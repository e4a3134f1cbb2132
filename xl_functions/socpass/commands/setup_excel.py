"""`socpass setup-excel [--lang kk|ru]`: the one-time steps that make the .xlsm register work on Windows.

The same text, in both languages, is the README's "Excel on Windows" section (`readme_section`),
so the printed steps and the documented ones cannot drift apart.
"""

from __future__ import annotations

import argparse

from ..core.schema import LANGS, Lang, Text, sheet
from ..jobs.job import Job
from .common import add_lang_option

HEADING = Text("Windows-тағы Excel: бір реттік баптау", "Excel в Windows: однократная настройка")
STEPS: tuple[Text, ...] = (
    Text(
        "Python 3.11 немесе одан жаңасын (мысалы, 3.12) python.org сайтынан классикалық "
        "орнатқышпен орнатыңыз: Windows installer (64-bit) арқылы, жаңа «Python install "
        "manager» не Microsoft Store арқылы емес. Бірінші терезеде «Add python.exe to PATH» белгісін қойып, "
        "«Customize installation» арқылы жолында тек латын әріптері бар қалтаны таңдаңыз, "
        "мысалы C:\\Python312: Windows пайдаланушысының атында қазақ әріптері болса, әдепкі "
        "қалта Excel-ге жарамайды.",
        "Установите Python 3.11 или новее (например, 3.12) классическим установщиком с "
        "python.org: Windows installer (64-bit), не новым «Python install manager» и не из "
        "Microsoft Store. В первом окне отметьте «Add python.exe to PATH», а через «Customize "
        "installation» выберите папку, в пути к которой только латинские буквы, например "
        "C:\\Python312: если в имени пользователя Windows есть казахские буквы, папка по "
        "умолчанию для Excel не годится.",
    ),
    Text(
        "Пәрмен жолын (cmd) ашып, socpass қалтасында (немесе .whl файлының жанында) жазыңыз: "
        "pip install .  (.whl үшін: pip install socpass-….whl). Пәрменде тырнақша керек болса, "
        "қос тырнақша қойыңыз: cmd дара тырнақшаны (') түсінбейді, мысалы: "
        'pip install ".[test]"',
        "Откройте командную строку (cmd) в папке socpass (или рядом с файлом .whl) и введите: "
        "pip install .  (для .whl: pip install socpass-….whl). Если в команде нужны кавычки, "
        "ставьте двойные: одинарные (') cmd не понимает, например: "
        'pip install ".[test]"',
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
        "xlwings қондырмасы (add-in) керек емес: оның модулі тізілімнің ішінде. Батырмаларға "
        "xlwings DLL файлы да керек емес (тізілімде «Use UDF Server» өшірулі), ал SOCPASS_… "
        "функциялары әрқашан сол DLL арқылы жұмыс істейді: Excel-дің оны табатынын socpass "
        "doctor тексереді. xlwings таспасын қаласаңыз ғана: xlwings addin install",
        "Надстройка xlwings не нужна: её модуль уже внутри реестра. Кнопкам не нужна и "
        "библиотека xlwings DLL («Use UDF Server» в реестре выключен), а функции SOCPASS_… "
        "всегда работают через неё: найдёт ли её Excel, проверит socpass doctor. Только если "
        "нужна лента xlwings: xlwings addin install",
    ),
    Text(
        "Батырма не функция жұмыс істемесе, алдымен socpass doctor тізілім.xlsm пәрменін "
        "орындаңыз: ол әр тексеруді ✓ не ✗ белгісімен және түзету жолымен көрсетеді. "
        "socpass doctor тізілім.xlsm --excel тізілімнің көшірмесін Excel-де ашып, әр батырманы "
        "және бір функцияны іске қосып көреді.",
        "Если кнопка или функция не работает, сначала выполните socpass doctor реестр.xlsm: он "
        "покажет каждую проверку со знаком ✓ или ✗ и способом исправления. socpass doctor "
        "реестр.xlsm --excel откроет копию реестра в Excel и запустит каждую кнопку и одну "
        "функцию.",
    ),
    Text(
        "Батырма «Python табылмады» десе: жасырын «{conf}» парағын ашып (парақ белгісін оң "
        "жақпен басу → «Показать»), бірінші бос жолдың A ұяшығына Interpreter_Win, B ұяшығына "
        "pythonw.exe файлының толық жолын жазыңыз, мысалы C:\\Python312\\pythonw.exe (дәл "
        "жолды socpass doctor көрсетеді).",
        "Если кнопка сообщает, что Python не найден: откройте скрытый лист «{conf}» (правый "
        "щелчок по ярлыку листа → «Показать») и в первой свободной строке впишите в ячейку A "
        "Interpreter_Win, в ячейку B — полный путь к pythonw.exe, например "
        "C:\\Python312\\pythonw.exe (точный путь покажет socpass doctor).",
    ),
    Text(
        "Батырмалар ештеңе істемесе, антивирус Python-ды немесе макросты бұғаттап тұрған болуы "
        "мүмкін: тізілім қалтасын антивирустың ерекшеліктеріне (исключения) қосыңыз; мұны "
        "көбіне мектептің IT маманы жасайды.",
        "Если кнопки ничего не делают, Python или макрос может блокировать антивирус: добавьте "
        "папку реестра в исключения антивируса; обычно это делает IT-специалист школы.",
    ),
    Text(
        "Орыс тіліндегі Excel-де бүкіл кестеге сілтеме [#All] емес, [#Все] деп жазылады, "
        'аргументтер нүктелі үтірмен бөлінеді: =SOCPASS_COUNT({pupils}[#Все]; "large_family"). '
        "Кестенің аты — {pupils}, ол «{pupils_sheet}» парағында.",
        "В Excel на русском языке ссылка на всю таблицу пишется [#Все], а не [#All], аргументы "
        'разделяются точкой с запятой: =SOCPASS_COUNT({pupils}[#Все]; "large_family"). Таблица '
        "называется {pupils}, она на листе «{pupils_sheet}».",
    ),
    Text(
        "Excel 2016 бен 2019-да динамикалық массивтер жоқ, сондықтан SOCPASS_SUMMARY массив "
        "формуласы ретінде енгізіледі: {rows} жол мен {cols} бағаннан тұратын аумақты белгілеп "
        "(мысалы, A1:{corner}), формуланы жазып, Ctrl+Shift+Enter басыңыз. Excel 2021 мен "
        "Microsoft 365-те Enter жеткілікті.",
        "В Excel 2016 и 2019 нет динамических массивов, поэтому SOCPASS_SUMMARY вводится как "
        "формула массива: выделите диапазон из {rows} строк и {cols} столбцов (например, "
        "A1:{corner}), введите формулу и нажмите Ctrl+Shift+Enter. В Excel 2021 и Microsoft 365 "
        "достаточно Enter.",
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


def summary_size() -> tuple[int, int]:
    """Rows and columns of SOCPASS_SUMMARY's result: a header, then one row per category."""
    from ..core.passport import METRIC_KEYS
    from ..excel.udfs import SUMMARY_HEADER  # imports xlwings: only when the text is made

    return 1 + len(METRIC_KEYS), len(SUMMARY_HEADER)


def setup_text(lang: Lang, markdown: bool = False) -> str:
    """The steps, the buttons and the functions, as printed (or as a README section)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    from ..render.control import BUTTONS
    from ..render.xlsm import CONF_SHEET, UDF_MODULE

    names = {"risk": sheet("risk").name(lang), "history": sheet("history").name(lang)}
    rows, cols = summary_size()
    values = {
        "conf": CONF_SHEET,
        "pupils": sheet("pupils").table,
        "pupils_sheet": sheet("pupils").name(lang),
        "rows": rows,
        "cols": cols,
        "corner": xl_rowcol_to_cell(rows - 1, cols - 1),
    }
    heading = "### " if markdown else ""
    lines = [heading + HEADING(lang), ""]
    lines += [f"{i}. {step(lang).format(**values)}" for i, step in enumerate(STEPS, 1)]
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
    add_lang_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    job.say(setup_text(job.lang).rstrip("\n"))
