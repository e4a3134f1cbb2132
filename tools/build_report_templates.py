"""Build the annual report templates `report_kk.docx` and `report_ru.docx` with python-docx.

Run `python tools/build_report_templates.py` after changing this file (it rewrites
`report_templates/report_kk.docx` and `report_ru.docx`); the output is
byte-for-byte reproducible (fixed document properties and zip timestamps), so a diff of the docx
files means a real change. The templates use Word's own styles (Title, Heading 1/2, Caption,
List Bullet, Table Grid) so a school can restyle them in Word, change the wording, add a logo,
and point the `report_template` setting at its copy. Jinja tags (docxtpl) place the values that
`socpass.core.report_context.build_context` computes; the template computes nothing.
Section headings come from `schema.DIRECTIONS`, table headers about registers from the schema.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from socpass.core.schema import DIRECTIONS, LANGS, Lang, Text, sheet
from socpass.render.report import stable_docx

TEMPLATES = Path(__file__).resolve().parents[1] / "report_templates"
FIXED_TIME = datetime(2025, 1, 1)

T = {
    "title": Text(
        "{{ school_year }} оқу жылында атқарылған әлеуметтік-педагогикалық жұмыстарға сараптама",
        "Анализ социально-педагогической работы за {{ school_year }} учебный год",
    ),
    "intro1": Text(
        "{{ school_year }} оқу жылында әлеуметтік педагогтің жұмысы мектептің әлеуметтік осал "
        "топтағы оқушыларына әлеуметтік-педагогикалық қолдау көрсете отырып, әлеуметтік "
        "теңсіздіктің алдын алуға, мектептің әлеуметтік әл-ауқатын арттыруға бағытталды.",
        "В {{ school_year }} учебном году работа социального педагога была направлена на "
        "социально-педагогическую поддержку учащихся из социально уязвимых групп, профилактику "
        "социального неравенства и повышение социального благополучия школы.",
    ),
    "intro2": Text(
        "Оқу жылының басында ҚР Оқу-ағарту министрінің 27.08.2022 №382 бұйрығына сәйкес "
        "әлеуметтік педагогтің жылдық жоспары құрылды. Жылдық жоспарға сәйкес "
        "әлеуметтік-педагогикалық жұмыс төмендегі алты бағыт бойынша ұйымдастырылды:",
        "В начале учебного года в соответствии с приказом Министра просвещения РК от 27.08.2022 "
        "№382 составлен годовой план социального педагога. Социально-педагогическая работа "
        "велась по шести направлениям:",
    ),
    "passport_intro": Text(
        "Әлеуметтік мәртебеге ие отбасылардан шыққан оқушылар мен олардың отбасыларының "
        "{{ as_of }} жағдай бойынша саны өткен оқу жылымен салыстырғанда төмендегі кестеде "
        "берілген.",
        "Число учащихся из семей с социальным статусом и число их семей по состоянию на "
        "{{ as_of }} в сравнении с прошлым учебным годом приведены в таблице.",
    ),
    "category": Text("Санат", "Категория"),
    "pupils": Text("оқушы", "учащихся"),
    "families": Text("отбасы", "семей"),
    "change": Text("Өзгеріс", "Изменение"),
    "events": Text("Бағыт бойынша өткізілген іс-шаралар:", "Мероприятия по направлению:"),
    "rights_intro": Text(
        "Оқу жылында балалық шақтың құқығын қорғау бойынша бірнеше бағытта жұмыс жүргізілді. "
        "Білім алушылар мен ата-аналарға бала құқығы мәселелері бойынша "
        "әлеуметтік-педагогикалық кеңес берілді.",
        "В течение учебного года работа по защите прав детства велась по нескольким "
        "направлениям. Учащимся и родителям оказывалась социально-педагогическая консультация "
        "по вопросам прав ребёнка.",
    ),
    "indicator": Text("Көрсеткіш", "Показатель"),
    "count": Text("Саны", "Количество"),
    "meals_intro": Text("Тегін ыстық тамақ", "Бесплатное горячее питание"),
    "source": Text("Қаржыландыру көзі", "Источник"),
    "registers_intro": Text(
        "Мектепте әртүрлі есепте тұрған білім алушылар туралы сандық ақпарат төмендегідей:",
        "Сведения об учащихся, состоящих на различных видах учёта:",
    ),
    "register": Text("Есеп түрі", "Вид учёта"),
    "risk_heading": Text("Ерте ескерту жүйесі", "Система раннего предупреждения"),
    "privacy": Text(
        "Тәуекел тізімі мен жеке жоспарлар оқушылардың аты-жөнімен тек мектеп ішінде "
        "сақталады; бұл есепте тек жиынтық сандар келтірілген.",
        "Список группы риска и индивидуальные планы с именами учащихся хранятся только в школе; "
        "в отчёте приводятся лишь сводные числа.",
    ),
    "swot": Text("SWOT талдау", "SWOT-анализ"),
    "recommendations": Text("Ұсыныстар", "Рекомендации"),
    "recommendations_intro": Text(
        "Жоғарыда атқарылған жұмыстар мен мектептің әлеуметтік көрсеткіштерін ескере отырып, "
        "төмендегідей ұсыныстар беріледі:",
        "С учётом проделанной работы и социальных показателей школы предлагаются следующие "
        "рекомендации:",
    ),
    "approved": Text("БЕКІТЕМІН", "УТВЕРЖДАЮ"),
    "director": Text("Мектеп директоры", "Директор школы"),
    "approval_date": Text("«____» ______________ 20___ ж.", "«____» ______________ 20___ г."),
    "pedagogue": Text("Әлеуметтік педагог", "Социальный педагог"),
    "date": Text("Күні", "Дата"),
}
SIGN_LINE = "____________"
#: Where the approval block starts (right half of the page) and the signature's name tab.
APPROVAL_INDENT = Cm(8.0)
SIGNATURE_TAB = Cm(7.0)


def _set_cell_shading(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def _row_flag(row, tag: str) -> None:
    """A row property: w:tblHeader (repeat on each page) or w:cantSplit (keep on one page)."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _widths(table, widths: list[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads these)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _header_cell(cell, text: str) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = True
    run.font.size = Pt(9)  # long headers ("Изменение: учащихся") fit narrow number columns
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_cell_shading(cell, "D9E2F3")


def _table(doc, headers: list[str], cells: list[str], loop: str, widths: list[float]):
    """A table with a header row and one looped data row (`{%tr for ... %}` rows around it)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _header_cell(cell, text)
    _row_flag(table.rows[0], "w:tblHeader")
    _row_flag(table.rows[2], "w:cantSplit")
    table.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    for i, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        cell.text = text
        if i:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, widths)
    return table


def _figure(doc, key: str) -> None:
    pic = doc.add_paragraph("{{ fig." + key + ".image }}")
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.paragraph_format.keep_with_next = True
    pic.paragraph_format.space_before = Pt(6)  # clear of a table just above it
    doc.add_paragraph(
        "{{ fig." + key + ".caption }}", style="Caption"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _loop(doc, items: str, line: str, style: str = "List Bullet", keep: bool = False) -> None:
    doc.add_paragraph("{%p for e in " + items + " %}")
    doc.add_paragraph(line, style=style).paragraph_format.keep_with_next = keep
    doc.add_paragraph("{%p endfor %}")


def _approval(doc, lang: Lang) -> None:
    """The director's approval at the top right, as Kazakh school documents open."""
    lines = [
        T["approved"](lang),
        T["director"](lang),
        SIGN_LINE + " {{ director }}",
        T["approval_date"](lang),
    ]
    for i, line in enumerate(lines):
        paragraph = doc.add_paragraph()
        paragraph.add_run(line).bold = i == 0
        fmt = paragraph.paragraph_format
        fmt.left_indent = APPROVAL_INDENT
        fmt.space_after = Pt(0) if i < len(lines) - 1 else Pt(12)
        fmt.keep_with_next = i < len(lines) - 1


def _signature(doc, lang: Lang) -> None:
    """The pedagogue's name with a line to sign, and the report's date; the block keeps with the
    paragraph before it (that one has keep_with_next), so it never stands alone on a page."""
    sign = doc.add_paragraph(T["pedagogue"](lang) + "\t" + SIGN_LINE + " {{ pedagogue }}")
    sign.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_TAB)
    sign.paragraph_format.space_before = Pt(24)
    sign.paragraph_format.keep_with_next = True
    doc.add_paragraph(T["date"](lang) + ": {{ report_date }}")


def _events(doc, key: str, lang: Lang) -> None:
    doc.add_paragraph(T["events"](lang)).paragraph_format.keep_with_next = True  # with its list
    _loop(doc, f"events.{key}", "{{ e }}")


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
        style.font.size = Pt(size)
    doc.styles["Caption"].font.size = Pt(10)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)


def category_table(doc, lang: Lang) -> None:
    """Section I's table: pupils and families per category in both years, and the change."""
    _table(
        doc,
        [
            T["category"](lang),
            "{{ previous_year }}: " + T["pupils"](lang),
            "{{ previous_year }}: " + T["families"](lang),
            "{{ school_year }}: " + T["pupils"](lang),
            "{{ school_year }}: " + T["families"](lang),
            T["change"](lang) + ": " + T["pupils"](lang),
            T["change"](lang) + ": " + T["families"](lang),
        ],
        [
            "{{ r.label }}",
            "{{ r.prev_pupils }}",
            "{{ r.prev_families }}",
            "{{ r.cur_pupils }}",
            "{{ r.cur_families }}",
            "{{ r.change_pupils }}",
            "{{ r.change_families }}",
        ],
        "categories",
        [4.6, 1.9, 1.9, 1.9, 1.9, 2.1, 2.1],
    )


def build(lang: Lang) -> bytes:
    """The template for one language as docx bytes."""
    doc = Document()
    _styles(doc)
    props = doc.core_properties
    props.author = "socpass"
    props.title = T["title"](lang).replace("{{ school_year }}", "").strip()
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "socpass"
    props.revision = 1

    _approval(doc, lang)
    doc.add_paragraph("{{ school_name }}", style="Subtitle").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(T["title"](lang), style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(T["intro1"](lang))
    doc.add_paragraph(T["intro2"](lang))
    _loop(doc, "directions", "{{ e }}")

    directions = {d.key: d.label(lang) for d in DIRECTIONS}

    # I. Social passport
    doc.add_heading(directions["I"], level=1)
    doc.add_paragraph(T["passport_intro"](lang))
    category_table(doc, lang)
    doc.add_paragraph("{{ change_formula }}", style="Caption")
    _loop(doc, "passport_notes", "{{ e }}", style="Normal")
    _figure(doc, "categories")
    doc.add_paragraph("{{ passport_text }}")
    doc.add_paragraph("{{ movement_text }}")
    _figure(doc, "changes")
    _events(doc, "I", lang)

    # II. Children's rights
    doc.add_heading(directions["II"], level=1)
    doc.add_paragraph(T["rights_intro"](lang))
    doc.add_paragraph("{{ orphans_text }}")
    doc.add_paragraph("{{ aid.text }}")
    _table(
        doc,
        [T["indicator"](lang), T["count"](lang)],
        ["{{ r.label }}", "{{ r.value }}"],
        "aid.rows",
        [10.0, 3.0],
    )
    _figure(doc, "aid")
    doc.add_heading(T["meals_intro"](lang), level=2)
    doc.add_paragraph("{{ meals.text }}")
    _table(
        doc,
        [T["source"](lang), "{{ previous_year }}", "{{ school_year }}", T["change"](lang)],
        ["{{ r.label }}", "{{ r.prev }}", "{{ r.cur }}", "{{ r.change }}"],
        "meals.rows",
        [6.0, 3.0, 3.0, 3.0],
    )
    _figure(doc, "meals")
    _events(doc, "II", lang)

    # III. Registers and early warning
    doc.add_heading(directions["III"], level=1)
    doc.add_paragraph(T["registers_intro"](lang))
    _table(
        doc,
        [T["register"](lang), "{{ previous_year }}", "{{ school_year }}"],
        ["{{ r.label }}", "{{ r.prev }}", "{{ r.cur }}"],
        "registers",
        [9.0, 3.0, 3.0],
    )
    doc.add_heading(T["risk_heading"](lang), level=2)
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
    doc.add_paragraph(T["privacy"](lang), style="Caption")
    _events(doc, "III", lang)

    # IV. Staff and external bodies, then the SWOT analysis (as in the source report)
    doc.add_heading(directions["IV"], level=1)
    _events(doc, "IV", lang)
    doc.add_heading(T["swot"](lang), level=2)
    swot = doc.add_table(rows=2, cols=2)
    swot.style = "Table Grid"
    _widths(swot, [8.5, 8.5])
    for cell, key in zip(
        [c for row in swot.rows for c in row.cells], ("S", "W", "O", "T"), strict=True
    ):
        cell.paragraphs[0].add_run("{{ swot." + key + ".label }}").bold = True
        _set_cell_shading(cell, {"S": "E2EFDA", "W": "FCE4D6", "O": "DDEBF7", "T": "F8CBAD"}[key])
        cell.add_paragraph("{%p for e in swot." + key + ".points %}")
        cell.add_paragraph("• {{ e }}")
        cell.add_paragraph("{%p endfor %}")
        for paragraph in cell.paragraphs:  # the table stays with its caption below it
            paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph(
        "{{ fig.swot.caption }}", style="Caption"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER

    # V, VI.
    doc.add_heading(directions["V"], level=1)
    _events(doc, "V", lang)
    doc.add_heading(directions["VI"], level=1)
    _events(doc, "VI", lang)

    # Recommendations and signature
    doc.add_heading(T["recommendations"](lang), level=1)
    doc.add_paragraph(T["recommendations_intro"](lang)).paragraph_format.keep_with_next = True
    _loop(doc, "recommendations", "{{ e.number }}. {{ e.text }}", style="Normal", keep=True)
    doc.add_paragraph("{%p if not recommendations %}")
    doc.add_paragraph("{{ no_recommendations }}").paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p endif %}")
    _signature(doc, lang)

    buf = io.BytesIO()
    doc.save(buf)
    return stable_docx(buf.getvalue())


def main(out_dir: Path = TEMPLATES) -> list[Path]:
    paths = []
    for lang in LANGS:
        path = out_dir / f"report_{lang}.docx"
        path.write_bytes(build(lang))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES):
        print(written)
