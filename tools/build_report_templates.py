"""Build the annual report templates `report_kk.docx` and `report_ru.docx` with python-docx.

Run `python tools/build_report_templates.py` after changing this file (it rewrites
`report_templates/report_kk.docx` and `report_ru.docx`); the output is
byte-for-byte reproducible (fixed document properties and zip timestamps), so a diff of the docx
files means a real change. The templates look like a Kazakh official paper: A4, margins 30 mm
left, 15 mm right, 20 mm top and bottom, Times New Roman 14 justified with a 1.25 cm indent, black
headings, page numbers in the footer. They use Word's own styles (Title, Heading 1/2, Caption,
Table Grid, and "Table Text" for cells) so a school can restyle them in Word, change the wording,
add a logo, and point the `report_template` setting at its copy. Jinja tags (docxtpl) place the
values that `socpass.core.report_context.build_context` computes; the template computes nothing.
Section headings come from `schema.DIRECTIONS`, table headers about registers from the schema.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from socpass.core.schema import DIRECTIONS, LANGS, Lang, Text
from socpass.render.report import stable_docx

TEMPLATES = Path(__file__).resolve().parents[1] / "report_templates"
FIXED_TIME = datetime(2025, 1, 1)
FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
HEADER_SIZE = Pt(11)
INDENT = Cm(1.25)
BLACK = RGBColor(0, 0, 0)
#: A4 with the margins of Kazakh official papers.
PAGE = {"width": Cm(21.0), "height": Cm(29.7), "left": Cm(3.0), "right": Cm(1.5), "top": Cm(2.0)}
#: Text width: 21 − 3 − 1.5 cm; tables and figures fit in it.
TEXT_WIDTH = 16.5

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
    "count": Text("Саны", "Количество"),
    "events": Text("Бағыт бойынша өткізілген іс-шаралар:", "Мероприятия по направлению:"),
    "rights_intro": Text(
        "Оқу жылында балалық шақтың құқығын қорғау бойынша бірнеше бағытта жұмыс жүргізілді. "
        "Білім алушылар мен ата-аналарға бала құқығы мәселелері бойынша "
        "әлеуметтік-педагогикалық кеңес берілді.",
        "В течение учебного года работа по защите прав детей велась по нескольким "
        "направлениям. Учащимся и родителям оказывались социально-педагогические консультации "
        "по вопросам прав ребёнка.",
    ),
    "meals_intro": Text("Тегін ыстық тамақ", "Бесплатное горячее питание"),
    "source": Text("Қаржыландыру көзі", "Источник"),
    "registers_intro": Text(
        "Мектепте әртүрлі есепте тұрған білім алушылар туралы сандық ақпарат төмендегідей:",
        "Сведения об учащихся, состоящих на различных видах учёта:",
    ),
    "register": Text("Есеп түрі", "Вид учёта"),
    "risk_heading": Text("Ерте алдын алу жүйесі (ЕАЖ)", "Система раннего предупреждения (СРП)"),
    "privacy": Text(
        "ЕАЖ тізімі мен жеке жоспарлар оқушылардың аты-жөнімен тек мектеп ішінде сақталады; бұл "
        "есепте тек жиынтық сандар келтірілген.",
        "Список СРП и индивидуальные планы с именами учащихся хранятся только в школе; в отчёте "
        "приводятся лишь сводные числа.",
    ),
    "swot": Text("SWOT талдау", "SWOT-анализ"),
    "recommendations": Text("Ұсыныстар", "Рекомендации"),
    "recommendations_intro": Text(
        "Жоғарыда атқарылған жұмыстар мен мектептің әлеуметтік көрсеткіштерін ескере отырып, "
        "төмендегідей ұсыныстар беріледі:",
        "С учётом проделанной работы и социальных показателей школы предлагается:",
    ),
    "approved": Text("БЕКІТЕМІН", "УТВЕРЖДАЮ"),
    "director": Text("Мектеп директоры", "Директор школы"),
    "approval_date": Text("«____» ______________ 20___ ж.", "«____» ______________ 20___ г."),
    "pedagogue": Text("Әлеуметтік педагог", "Социальный педагог"),
    "date": Text("Күні", "Дата"),
}
SIGN_LINE = "____________"
#: Where the approval block starts (right part of the page) and the signature's name tab.
APPROVAL_INDENT = Cm(9.0)
SIGNATURE_TAB = Cm(7.0)
TABLE_STYLE = "Table Text"


# --------------------------------------------------------------------------- styles


def _plain_font(style, size: Pt, bold: bool | None = None) -> None:
    """Times New Roman in every script slot, black, `size`: no theme font or colour left over."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    style.font.color.rgb = BLACK
    style.font.size = size
    style.font.italic = False
    if bold is not None:
        style.font.bold = bold


def _no_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    _plain_font(normal, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = INDENT
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True
    for name, size, align in (
        ("Title", BODY_SIZE, WD_ALIGN_PARAGRAPH.CENTER),
        ("Subtitle", BODY_SIZE, WD_ALIGN_PARAGRAPH.CENTER),
        ("Heading 1", BODY_SIZE, WD_ALIGN_PARAGRAPH.LEFT),
        ("Heading 2", BODY_SIZE, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        style = doc.styles[name]
        _plain_font(style, size, bold=True)
        _no_border(style)
        style.paragraph_format.alignment = align
        style.paragraph_format.first_line_indent = Cm(0) if name != "Heading 2" else INDENT
        style.paragraph_format.space_before = Pt(12) if name.startswith("Heading") else Pt(0)
        style.paragraph_format.space_after = Pt(6)
    spacing = doc.styles["Subtitle"].element.get_or_add_rPr().find(qn("w:spacing"))
    if spacing is not None:  # the default Subtitle spreads its letters
        spacing.getparent().remove(spacing)
    subtitle = doc.styles["Subtitle"].element.get_or_add_pPr()
    numbering = subtitle.find(qn("w:numPr"))
    if numbering is not None:
        subtitle.remove(numbering)
    caption = doc.styles["Caption"]
    _plain_font(caption, TABLE_SIZE, bold=False)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Cm(0)
    caption.paragraph_format.space_before = Pt(3)
    caption.paragraph_format.space_after = Pt(9)
    table_text = doc.styles.add_style(TABLE_STYLE, 1)  # 1 = paragraph style
    table_text.base_style = normal
    _plain_font(table_text, TABLE_SIZE)
    table_text.paragraph_format.first_line_indent = Cm(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for section in doc.sections:
        section.page_width, section.page_height = PAGE["width"], PAGE["height"]
        section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
        section.top_margin = section.bottom_margin = PAGE["top"]
        section.footer_distance = Cm(1.0)
        _page_number(section.footer.paragraphs[0])


def _page_number(paragraph) -> None:
    """A centred PAGE field: Word and LibreOffice number the pages."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        run.font.size = TABLE_SIZE
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
            if kind == "separate":
                run._r.append(_text("1"))


def _text(value: str):
    element = OxmlElement("w:t")
    element.text = value
    return element


# --------------------------------------------------------------------------- tables


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


def _narrow_margins(table) -> None:
    """Cell margins of 1 mm left and right (Word's default is 1.9 mm), so a number column of
    2 cm holds its header word ("учащихся") on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")  # twentieths of a point: 1 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _widths(table, widths: list[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads these)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _cell(cell, text: str, bold: bool = False, center: bool = False, size: Pt | None = None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.style = TABLE_STYLE
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = size
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _header_cell(cell, text: str) -> None:
    """A header cell: bold, a point smaller than the body, so "учащихся" fits a number column."""
    _cell(cell, text, bold=True, center=True, size=HEADER_SIZE)
    _set_cell_shading(cell, "F2F2F2")


def _table(
    doc,
    headers: list[str | tuple[str, list[str]]],
    cells: list[str],
    loop: str,
    widths: list[float],
):
    """A table with its header and one looped data row (`{%tr for ... %}` rows around it).

    A header given as (text, [sub, sub]) spans its sub-columns, over a second header row; the
    other headers then span both rows ("2024-2025" over "оқушы" and "отбасы").
    """
    two_rows = any(isinstance(h, tuple) for h in headers)
    head = 2 if two_rows else 1
    table = doc.add_table(rows=head + 3, cols=len(cells))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    column = 0
    for header in headers:
        text, subs = header if isinstance(header, tuple) else (header, [])
        top = table.cell(0, column)
        if subs:
            for i, sub in enumerate(subs):
                _header_cell(table.cell(1, column + i), sub)
            merged = top.merge(table.cell(0, column + len(subs) - 1))
            _header_cell(merged, text)
            column += len(subs)
        else:
            if two_rows:
                top = top.merge(table.cell(1, column))
            _header_cell(top, text)
            column += 1
    for r in range(head):
        _row_flag(table.rows[r], "w:tblHeader")
    _row_flag(table.rows[head + 1], "w:cantSplit")
    _cell(table.rows[head].cells[0], "{%tr for r in " + loop + " %}")
    for i, (cell, text) in enumerate(zip(table.rows[head + 1].cells, cells, strict=True)):
        _cell(cell, text, center=bool(i))
    _cell(table.rows[head + 2].cells[0], "{%tr endfor %}")
    _widths(table, widths)
    _narrow_margins(table)
    return table


# --------------------------------------------------------------------------- blocks


def _figure(doc, key: str) -> None:
    pic = doc.add_paragraph("{{ fig." + key + ".image }}")
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.paragraph_format.first_line_indent = Cm(0)
    pic.paragraph_format.keep_with_next = True
    pic.paragraph_format.space_before = Pt(6)  # clear of a table just above it
    doc.add_paragraph("{{ fig." + key + ".caption }}", style="Caption")


def _note(doc, text: str) -> None:
    """A line under a table (the change formula, the privacy note): table-sized, not indented."""
    note = doc.add_paragraph(text, style=TABLE_STYLE)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(6)


def _loop(doc, items: str, line: str, keep: bool = False, listed: bool = False) -> None:
    """One paragraph per item; a list's items (`listed`) are left-aligned, not justified."""
    doc.add_paragraph("{%p for e in " + items + " %}")
    paragraph = doc.add_paragraph(line)
    paragraph.paragraph_format.keep_with_next = keep
    if listed:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
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
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.first_line_indent = Cm(0)
        fmt.left_indent = APPROVAL_INDENT
        fmt.space_after = Pt(0) if i < len(lines) - 1 else Pt(12)
        fmt.keep_with_next = i < len(lines) - 1


def _signature(doc, lang: Lang) -> None:
    """The pedagogue's name with a line to sign, and the report's date; the block keeps with the
    paragraph before it (that one has keep_with_next), so it never stands alone on a page."""
    sign = doc.add_paragraph(T["pedagogue"](lang) + "\t" + SIGN_LINE + " {{ pedagogue }}")
    sign.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_TAB)
    sign.paragraph_format.space_before = Pt(24)
    sign.paragraph_format.first_line_indent = Cm(0)
    sign.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    sign.paragraph_format.keep_with_next = True
    dated = doc.add_paragraph(T["date"](lang) + ": {{ report_date }}")
    dated.paragraph_format.first_line_indent = Cm(0)


def _opening(doc, key: str) -> None:
    """The direction's paragraph from the data, then the pedagogue's own words."""
    doc.add_paragraph("{{ sections." + key + ".summary }}")
    _loop(doc, f"sections.{key}.comments", "{{ e }}")


def _events(doc, key: str, lang: Lang) -> None:
    doc.add_paragraph("{%p if sections." + key + ".events %}")
    doc.add_paragraph(T["events"](lang)).paragraph_format.keep_with_next = True  # with its list
    _loop(doc, f"sections.{key}.events", "– {{ e }}", listed=True)
    doc.add_paragraph("{%p endif %}")


# --------------------------------------------------------------------------- the document


def category_table(doc, lang: Lang) -> None:
    """Section I's table as the source report has it: pupils and families (оқушы / отбасы) under
    each year and under the change, in two header rows."""
    pupils, families = T["pupils"](lang), T["families"](lang)
    _table(
        doc,
        [
            T["category"](lang),
            ("{{ previous_year }}", [pupils, families]),
            ("{{ school_year }}", [pupils, families]),
            (T["change"](lang), [pupils, families]),
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
        [4.1, 2.0, 2.0, 2.0, 2.0, 2.2, 2.2],
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
    doc.add_paragraph("{{ school_name }}", style="Subtitle")
    doc.add_paragraph(T["title"](lang), style="Title")
    doc.add_paragraph(T["intro1"](lang))
    doc.add_paragraph(T["intro2"](lang))
    _loop(doc, "directions", "{{ e }}", listed=True)

    directions = {d.key: d.label(lang) for d in DIRECTIONS}

    # I. Social passport
    doc.add_heading(directions["I"], level=1)
    _opening(doc, "I")
    doc.add_paragraph(T["passport_intro"](lang))
    category_table(doc, lang)
    _note(doc, "{{ change_formula }}")
    _loop(doc, "passport_notes", "{{ e }}")
    _figure(doc, "categories")
    doc.add_paragraph("{{ passport_text }}")
    _loop(doc, "passport_causes", "{{ e }}")
    doc.add_paragraph("{{ movement_text }}")
    _figure(doc, "changes")
    _events(doc, "I", lang)

    # II. Children's rights
    doc.add_heading(directions["II"], level=1)
    _opening(doc, "II")
    doc.add_paragraph(T["rights_intro"](lang))
    doc.add_paragraph("{{ aid.text }}")
    _table(
        doc,
        ["{{ aid.headers[0] }}", "{{ aid.headers[1] }}", "{{ aid.headers[2] }}"],
        ["{{ r.label }}", "{{ r.pupils }}", "{{ r.amount }}"],
        "aid.rows",
        [8.5, 3.0, 3.5],
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

    # III. Registers and the early-warning list
    doc.add_heading(directions["III"], level=1)
    _opening(doc, "III")
    doc.add_paragraph(T["registers_intro"](lang)).paragraph_format.keep_with_next = True
    _table(
        doc,
        [T["register"](lang), "{{ previous_year }}", "{{ school_year }}", T["change"](lang)],
        ["{{ r.label }}", "{{ r.prev }}", "{{ r.cur }}", "{{ r.change }}"],
        "registers",
        [7.5, 2.5, 2.5, 2.5],
    )
    _loop(doc, "registers_causes", "{{ e }}")
    doc.add_heading(T["risk_heading"](lang), level=2)
    doc.add_paragraph("{{ risk.text }}")
    _table(
        doc,
        [
            "{{ risk.headers[0] }}",
            "{{ risk.headers[1] }}",
            "{{ risk.headers[2] }}",
            "{{ risk.headers[3] }}",
        ],
        ["{{ r.label }}", "{{ r.targeted }}", "{{ r.intensive }}", "{{ r.total }}"],
        "risk.table",
        [5.0, 3.2, 5.3, 3.0],
    )
    _figure(doc, "risk")
    doc.add_paragraph("{{ risk.plans_text }}")
    _note(doc, T["privacy"](lang))
    _events(doc, "III", lang)

    # IV. Staff and external bodies, then the SWOT analysis (as in the source report)
    doc.add_heading(directions["IV"], level=1)
    _opening(doc, "IV")
    _events(doc, "IV", lang)
    doc.add_heading(T["swot"](lang), level=2)
    swot = doc.add_table(rows=2, cols=2)
    swot.style = "Table Grid"
    _widths(swot, [8.25, 8.25])
    for cell, key in zip(
        [c for row in swot.rows for c in row.cells], ("S", "W", "O", "T"), strict=True
    ):
        _cell(cell, "{{ swot." + key + ".label }}", bold=True)
        _set_cell_shading(cell, "F2F2F2")
        for line in ("{%p for e in swot." + key + ".points %}", "• {{ e }}", "{%p endfor %}"):
            cell.add_paragraph(line, style=TABLE_STYLE)
        for paragraph in cell.paragraphs:  # the table stays with its caption below it
            paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph("{{ fig.swot.caption }}", style="Caption")

    # V, VI.
    for key in ("V", "VI"):
        doc.add_heading(directions[key], level=1)
        _opening(doc, key)
        _events(doc, key, lang)

    # Recommendations and signature
    doc.add_heading(T["recommendations"](lang), level=1)
    doc.add_paragraph(T["recommendations_intro"](lang)).paragraph_format.keep_with_next = True
    _loop(doc, "recommendations", "{{ e.number }}. {{ e.text }}", keep=True)
    doc.add_paragraph("{%p if not recommendations %}")
    doc.add_paragraph("{{ no_recommendations }}").paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p endif %}")
    _signature(doc, lang)

    return docx_bytes(doc)


def docx_bytes(doc) -> bytes:
    """A template's bytes, the same for the same content (for the staleness tests)."""
    buf = io.BytesIO()
    doc.save(buf)
    return stable_docx(buf.getvalue())


def write_templates(name: str, build_one: Callable[[Lang], bytes], out_dir: Path) -> list[Path]:
    """`name_kk.docx`, `name_ru.docx` in `out_dir`, built by `build_one(lang)`."""
    paths = []
    for lang in LANGS:
        path = out_dir / f"{name}_{lang}.docx"
        path.write_bytes(build_one(lang))
        paths.append(path)
    return paths


def run_script(main: Callable[[Path], list[Path]]) -> None:
    """The scripts' command line: `[OUT_DIR]` (default: report_templates/); prints each file."""
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES):
        print(written)


def main(out_dir: Path = TEMPLATES) -> list[Path]:
    return write_templates("report", build, out_dir)


if __name__ == "__main__":
    run_script(main)
