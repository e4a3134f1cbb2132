"""The Control sheet ("Басқару" / "Управление"): what the register is, its sheets and its buttons.

The guide uses columns A:G; the school's name, school year and pedagogue at its top are formulas
over the Settings table, so they follow what is typed there and what close-year writes. From
column H the formula dashboard (`render.dashboard`) shows the passport and, below it, the
early-warning counts.
Long texts are wrapped into one line per row at the default height, so the guide never stretches
the dashboard's rows beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from textwrap import wrap

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.schema import SHEETS, Lang, Text, setting, sheet
from .dashboard import setting_value, write_dashboard, write_risk_summary

#: The dashboard's first column (H, zero-based 7); the guide stays left of it.
DASHBOARD_FIRST_COL = 7
NAME_WIDTH, TEXT_WIDTH = 30, 66

TITLE = Text("Мектептің әлеуметтік паспорты", "Социальный паспорт школы")
NOT_SET = Text(
    "— («{sheet}» парағында толтырыңыз)",
    "— (заполните на листе «{sheet}»)",
)
INTRO = Text(
    "Бұл тізілімге оқушылар, әлеуметтік мәртебесі бар отбасылар, есептер, көмек және іс-шаралар "
    "жазылады. Әр парақ — Excel кестесі: жаңа жолды кестенің астына жазыңыз, баған тақырыптарын "
    "өзгертпеңіз. Ұяшықты таңдағанда қысқа түсініктеме шығады, ал көп бағандарда ашылмалы тізім бар.",
    "В этот реестр вносятся учащиеся, семьи с социальным статусом, учёты, помощь и мероприятия. "
    "Каждый лист — таблица Excel: новую строку пишите под таблицей, заголовки столбцов не "
    "изменяйте. При выборе ячейки появляется короткая подсказка, во многих столбцах есть "
    "раскрывающийся список.",
)
SHEETS_HEADING = Text("Парақтар", "Листы")
BUTTONS_HEADING = Text("Батырмалар", "Кнопки")
BUTTONS_NOTE = Text(
    "Батырмалар макростары бар .xlsm нұсқасында жұмыс істейді; сол әрекеттерді socpass "
    "командасы да орындайды.",
    "Кнопки работают в версии .xlsm с макросами; те же действия выполняет команда socpass.",
)
PRIVACY = Text(
    "Балалар туралы мәліметтер құпия: ЕАЖ тізімі мен жеке жоспарлар мектептен шықпайды, "
    "жылдық есепке тек жалпы сандар кіреді.",
    "Сведения о детях конфиденциальны: список СРП и индивидуальные планы не покидают школу, "
    "в годовой отчёт попадают только общие числа.",
)

#: (button label, what it does); sheet names are filled in from the schema.
BUTTONS: tuple[tuple[Text, Text], ...] = (
    (
        Text("ЕАЖ тізімін жаңарту", "Обновить список СРП"),
        Text(
            "Ерте алдын алу жүйесі (ЕАЖ) бойынша сабаққа қатысу, үлгерім және мінез-құлық "
            "көрсеткіштерінен қолдауды қажет ететін оқушыларды анықтап, «{risk}» парағына "
            "себептерімен, деңгейімен және келесі қарау күнімен жазады. Белгі — айдар емес, "
            "қолдау көрсету туралы ойланудың себебі.",
            "По системе раннего предупреждения (СРП) находит учащихся, которым нужна поддержка "
            "по посещаемости, успеваемости и поведению, и записывает их на лист «{risk}» с "
            "причинами, уровнем и датой следующего пересмотра. Отметка — не ярлык, а повод "
            "обсудить поддержку.",
        ),
    ),
    (
        Text("Жылдық есепті жазу", "Написать годовой отчёт"),
        Text(
            "Тізілімдегі сандардан жылдық талдау есебін Word (docx) форматында жазады: "
            "диаграммалар, өткен жылмен салыстырылған кестелер, өзгеріс пайызбен.",
            "Составляет годовой аналитический отчёт в Word (docx) по данным реестра: "
            "диаграммы, таблицы в сравнении с прошлым годом, изменения в процентах.",
        ),
    ),
    (
        Text("Тексеру", "Проверить"),
        Text(
            "Тізілімді тексеріп, қателер мен ескертулерді парағын, жолын және бағанын көрсетіп "
            "шығарады. Файлдағы деректер өзгермейді.",
            "Проверяет реестр и показывает ошибки и предупреждения с указанием листа, строки и "
            "столбца. Данные в файле не меняются.",
        ),
    ),
    (
        Text("Білім бөліміне жиынтық", "Сводка в отдел образования"),
        Text(
            "Мектептің жиынтық сандарын (оқушылардың аты-жөнінсіз, ЖСН-інсіз, мекенжайынсыз) "
            "білім бөліміне жіберуге арналған шағын Excel файлына тізілімнің жанына жазады.",
            "Записывает рядом с реестром небольшой файл Excel со сводными числами школы (без "
            "имён, ИИН и адресов учащихся) для отправки в отдел образования.",
        ),
    ),
    (
        Text("Жылды жабу", "Закрыть год"),
        Text(
            "Ағымдағы оқу жылының көрсеткіштерін «{history}» парағына көшіреді және жаңа оқу "
            "жылын бастайды. Файлды сақтағанда ғана күшіне енеді: болдырмау үшін сақтамай жабыңыз.",
            "Переносит показатели текущего учебного года на лист «{history}» и начинает новый "
            "учебный год. Изменения вступают в силу, когда вы сохраните файл: чтобы отменить, "
            "закройте его без сохранения.",
        ),
    ),
    (
        Text("Сынып формаларын жинау", "Собрать формы классов"),
        Text(
            "Тізілімнің жанындағы «class_forms» қалтасына салынған сынып жетекшілерінің "
            "формаларын (socpass class-forms жазған) оқып, тізілімде нені өзгертетінін көрсетеді "
            "де, сұрайды: «Иә» десеңіз, өзгерістерді осы кітапқа жазады. Файлды сақтағанда ғана "
            "күшіне енеді.",
            "Читает формы классных руководителей (записанные socpass class-forms) из папки "
            "«class_forms» рядом с реестром, показывает, что они изменят в реестре, и "
            "спрашивает: если ответить «Да», записывает изменения в эту книгу. Изменения "
            "вступают в силу, когда вы сохраните файл.",
        ),
    ),
)


def write_control_sheet(
    workbook: Workbook,
    worksheet: Worksheet,
    lang: Lang,
    settings: Mapping[str, object],
    frames: Mapping[str, pd.DataFrame],
) -> int:
    """Write the title, school, sheet and button guide in A:G and the dashboard from column H.

    `frames` (by sheet key) are the data the workbook's Tables hold: the dashboard's formulas are
    written with the results they give on it. Returns the next free row below the guide.
    """
    title = workbook.add_format({"bold": True, "font_size": 18, "font_color": "#1F4E79"})
    heading = workbook.add_format(
        {
            "bold": True,
            "font_size": 13,
            "font_color": "#1F4E79",
            "bottom": 2,
            "bottom_color": "#1F4E79",
        }
    )
    label = workbook.add_format({"bold": True, "valign": "top"})
    plain = workbook.add_format({"valign": "top"})
    muted = workbook.add_format({"valign": "top", "italic": True, "font_color": "#595959"})
    link = workbook.add_format(
        {"bold": True, "valign": "top", "font_color": "#0563C1", "underline": 1}
    )

    worksheet.hide_gridlines(2)
    worksheet.set_column(0, 0, NAME_WIDTH)
    worksheet.set_column(1, 1, TEXT_WIDTH)
    worksheet.set_column(2, DASHBOARD_FIRST_COL - 1, 2)
    worksheet.set_landscape()
    worksheet.set_paper(9)
    worksheet.fit_to_pages(1, 0)  # guide and dashboard side by side, as on screen

    worksheet.set_row(0, 28)
    worksheet.write_string(0, 0, TITLE(lang), title)
    settings_name = sheet("settings").name(lang)
    row = 2
    not_set = NOT_SET(lang).format(sheet=settings_name)
    for key in ("school_name", "school_year", "pedagogue"):
        value = str(settings.get(key) or "").strip()
        worksheet.write_string(row, 0, setting(key).label(lang), label)
        worksheet.write_formula(
            row, 1, _setting_formula(key, lang, not_set), plain, value or not_set
        )
        row += 1
    row += 1
    row = _lines(worksheet, row, 0, INTRO(lang), plain, NAME_WIDTH + TEXT_WIDTH)

    row += 1
    worksheet.write_string(row, 0, SHEETS_HEADING(lang), heading)
    worksheet.write_blank(row, 1, None, heading)
    row += 1
    for sh in SHEETS:
        if sh.key == "control":
            continue
        name = sh.name(lang)
        worksheet.write_url(row, 0, f"internal:'{name}'!A1", link, string=name)
        worksheet.write_string(row, 1, sh.help(lang), plain)
        row += 1

    row += 1
    worksheet.write_string(row, 0, BUTTONS_HEADING(lang), heading)
    worksheet.write_blank(row, 1, None, heading)
    row += 1
    names = {"risk": sheet("risk").name(lang), "history": sheet("history").name(lang)}
    for button, action in BUTTONS:
        worksheet.write_string(row, 0, button(lang), label)
        row = _lines(worksheet, row, 1, action(lang).format(**names), plain, TEXT_WIDTH)
    row += 1
    row = _lines(worksheet, row, 0, BUTTONS_NOTE(lang), muted, NAME_WIDTH + TEXT_WIDTH)
    row = _lines(worksheet, row, 0, PRIVACY(lang), muted, NAME_WIDTH + TEXT_WIDTH)
    below = write_dashboard(
        workbook,
        worksheet,
        lang,
        frames.get("pupils"),
        frames["history"],
        str(settings.get("school_year") or ""),
        first_row=2,
        first_col=DASHBOARD_FIRST_COL,
    )
    write_risk_summary(
        workbook,
        worksheet,
        lang,
        frames.get("risk"),
        below + 1,
        first_col=DASHBOARD_FIRST_COL,
        plans=frames.get("plans"),
    )
    return row


def _setting_formula(key: str, lang: Lang, not_set: str) -> str:
    """The Settings table's value for `key` (INDEX/MATCH on its key column), or `not_set` when it
    is blank or gone: the guide follows what she types on Settings and what close-year writes."""
    value = setting_value(key, lang)
    fallback = '"' + not_set.replace('"', '""') + '"'
    return f'=IFERROR(IF(TRIM({value})="",{fallback},TRIM({value})),{fallback})'


def _lines(worksheet: Worksheet, row: int, col: int, text: str, fmt: Format, width: int) -> int:
    """`text` wrapped to `width` characters, one line per row from (row, col); returns the next row."""
    for line in wrap(text, width):
        worksheet.write_string(row, col, line, fmt)
        row += 1
    return row
