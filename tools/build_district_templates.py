"""Build the district report templates `district_kk.docx` and `district_ru.docx` with python-docx.

Run `python tools/build_district_templates.py` after changing this file (it rewrites
`report_templates/district_kk.docx` and `district_ru.docx`). The district report looks like the
school's annual report because it is built with the same styles and table helpers
(`build_report_templates.py`); its Jinja tags place what
`socpass.core.district_report.build_district_context` computes. Byte-for-byte reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_report_templates import (  # noqa: E402
    FIXED_TIME,
    SIGN_LINE,
    SIGNATURE_TAB,
    TEMPLATES,
    T,
    _figure,
    _loop,
    _styles,
    _table,
    category_table,
    docx_bytes,
    run_script,
    write_templates,
)
from docx import Document  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Pt  # noqa: E402
from socpass.core.schema import Lang, Text, sheet  # noqa: E402

D = {
    "title": Text(
        "Аудан мектептерінің әлеуметтік паспорттарының жиынтығы: {{ school_year }} оқу жылы",
        "Сводный социальный паспорт школ района за {{ school_year }} учебный год",
    ),
    "general": Text("1. Жалпы мәлімет", "1. Общие сведения"),
    "privacy": Text(
        "Есепте тек жиынтық сандар келтірілген: оқушылардың аты-жөні мен жеке деректері жоқ; "
        "мектептер коды мен атауы бойынша аталған.",
        "В отчёте приводятся только сводные числа: имён и персональных данных учащихся нет; "
        "школы названы по коду и названию.",
    ),
    "passport": Text("2. Әлеуметтік паспорт", "2. Социальный паспорт"),
    "registers": Text("Есептер", "Учёты"),
    "meals": Text("Тегін ыстық тамақ", "Бесплатное горячее питание"),
    "changes": Text("3. Мектептердегі ең үлкен өзгерістер", "3. Наибольшие изменения по школам"),
    "changes_intro": Text(
        "Санаттардағы оқушылар саны өткен жылмен салыстырғанда ең көп өскен және ең көп кеміген "
        "мектептер (оқушы санымен):",
        "Школы с наибольшим ростом и наибольшим снижением числа учащихся в категориях по "
        "сравнению с прошлым годом (в числе учащихся):",
    ),
    "rises": Text("Өсу", "Рост"),
    "falls": Text("Кему", "Снижение"),
    "school": Text("Мектеп", "Школа"),
    "category": Text("Санат", "Категория"),
    "difference": Text("Айырма", "Разница"),
    "aid": Text("4. Көмек", "4. Помощь"),
    "aid_source": Text("Көмек көзі", "Источник помощи"),
    "applications": Text("Өтініштер", "Заявления"),
    "helped": Text("Көмек алған оқушылар", "Получили помощь (учащихся)"),
    "amount": Text("Сомасы, ₸", "Сумма, ₸"),
    "risk": Text("5. Ерте ескерту жүйесі", "5. Система раннего предупреждения"),
    "pupils": Text("Оқушылар", "Учащихся"),
    "share": Text("{tier}, %", "{tier}, %"),
    "marked": Text("Ережеден жоғары", "Выше правила"),
    "events": Text("6. Іс-шаралар", "6. Мероприятия"),
    "direction": Text("Бағыт", "Направление"),
    "event_count": Text("Іс-шаралар", "Мероприятий"),
    "participants": Text("Қатысушылар", "Участников"),
    "not_counted": Text(
        "7. Есепке алынбаған файлдар және файлы келмеген мектептер",
        "7. Неучтённые файлы и школы, от которых нет файла",
    ),
    "file": Text("Файл", "Файл"),
    "reason": Text("Себебі", "Причина"),
    "missing": Text("Файлы келмеген мектептер:", "Школы, от которых нет файла:"),
    "all_counted": Text("Барлық файл есепке алынды.", "Учтены все файлы."),
    "specialist": Text("Білім бөлімінің маманы", "Специалист отдела образования"),
}


def _change_table(doc, lang: Lang, loop: str) -> None:
    _table(
        doc,
        [
            D["school"](lang),
            D["category"](lang),
            "{{ previous_year }}",
            "{{ school_year }}",
            D["difference"](lang),
            T["change"](lang),
        ],
        [
            "{{ r.school }}",
            "{{ r.category }}",
            "{{ r.before }}",
            "{{ r.after }}",
            "{{ r.difference }}",
            "{{ r.change }}",
        ],
        loop,
        [5.0, 4.0, 2.0, 2.0, 1.8, 2.2],
    )


def build(lang: Lang) -> bytes:
    """The district template for one language as docx bytes."""
    doc = Document()
    _styles(doc)
    props = doc.core_properties
    props.author = "socpass"
    props.title = D["title"](lang).replace("{{ school_year }}", "").strip(" :")
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "socpass"
    props.revision = 1

    doc.add_paragraph("{{ place }}", style="Subtitle").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(D["title"](lang), style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading(D["general"](lang), level=1)
    doc.add_paragraph("{{ intro }}")
    doc.add_paragraph(D["privacy"](lang), style="Caption")

    doc.add_heading(D["passport"](lang), level=1)
    doc.add_paragraph(T["passport_intro"](lang))
    category_table(doc, lang)
    doc.add_paragraph("{{ change_formula }}", style="Caption")
    _figure(doc, "categories")
    doc.add_paragraph("{{ passport_text }}")
    _figure(doc, "changes")
    for key, loop in (("registers", "registers"), ("meals", "meals")):
        doc.add_heading(D[key](lang), level=2)
        _table(
            doc,
            [
                T["register"](lang) if key == "registers" else T["source"](lang),
                "{{ previous_year }}",
                "{{ school_year }}",
                T["change"](lang),
            ],
            ["{{ r.label }}", "{{ r.prev }}", "{{ r.cur }}", "{{ r.change }}"],
            loop,
            [8.0, 2.6, 2.6, 2.6],
        )

    doc.add_heading(D["changes"](lang), level=1)
    doc.add_paragraph("{%p if rises or falls %}")
    doc.add_paragraph(D["changes_intro"](lang))
    for key in ("rises", "falls"):
        doc.add_paragraph("{%p if " + key + " %}")
        title = doc.add_paragraph()
        title.add_run(D[key](lang)).bold = True
        title.paragraph_format.keep_with_next = True
        _change_table(doc, lang, key)
        doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ no_changes }}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading(D["aid"](lang), level=1)
    _table(
        doc,
        [D["aid_source"](lang), D["applications"](lang), D["helped"](lang), D["amount"](lang)],
        ["{{ r.label }}", "{{ r.applications }}", "{{ r.pupils }}", "{{ r.amount }}"],
        "aid",
        [6.6, 2.8, 3.4, 3.4],
    )

    doc.add_heading(D["risk"](lang), level=1)
    doc.add_paragraph("{{ risk.text }}")
    _table(
        doc,
        [sheet("risk").column("tier").header(lang), T["count"](lang)],
        ["{{ r.label }}", "{{ r.value }}"],
        "risk.tiers",
        [9.0, 3.0],
    )
    _figure(doc, "risk")
    doc.add_paragraph("{{ risk.plans_text }}")
    doc.add_paragraph("{{ above_text }}")
    doc.add_paragraph("{%p if above %}")
    _table(
        doc,
        [
            D["school"](lang),
            D["pupils"](lang),
            "{{ tier.targeted }}, %",
            "{{ tier.intensive }}, %",
            D["marked"](lang),
        ],
        [
            "{{ r.school }}",
            "{{ r.pupils }}",
            "{{ r.targeted }}",
            "{{ r.intensive }}",
            "{{ r.marked }}",
        ],
        "above",
        [5.6, 2.2, 2.6, 2.6, 4.0],
    )
    doc.add_paragraph("{%p endif %}")

    doc.add_heading(D["events"](lang), level=1)
    _table(
        doc,
        [D["direction"](lang), D["event_count"](lang), D["participants"](lang)],
        ["{{ r.label }}", "{{ r.count }}", "{{ r.participants }}"],
        "events",
        [11.0, 2.8, 2.8],
    )

    doc.add_heading(D["not_counted"](lang), level=1)
    doc.add_paragraph("{%p if refused %}")
    _table(
        doc,
        [D["file"](lang), D["school"](lang), D["reason"](lang)],
        ["{{ r.file }}", "{{ r.school }}", "{{ r.reason }}"],
        "refused",
        [4.5, 4.0, 8.5],
    )
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if missing %}")
    doc.add_paragraph(D["missing"](lang)).paragraph_format.keep_with_next = True
    _loop(doc, "missing", "{{ e.school }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if not refused and not missing %}")
    doc.add_paragraph(D["all_counted"](lang))
    doc.add_paragraph("{%p endif %}")

    sign = doc.add_paragraph(D["specialist"](lang) + "\t" + SIGN_LINE)
    sign.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_TAB)
    sign.paragraph_format.space_before = Pt(24)
    sign.paragraph_format.keep_with_next = True
    doc.add_paragraph(T["date"](lang) + ": {{ report_date }}")

    return docx_bytes(doc)


def main(out_dir: Path = TEMPLATES) -> list[Path]:
    return write_templates("district", build, out_dir)


if __name__ == "__main__":
    run_script(main)
