"""Build the class social passport templates `class_passport_kk.docx` and `_ru.docx` with python-docx.

Run `python tools/build_class_passport_templates.py` after changing this file (it rewrites
`report_templates/class_passport_kk.docx` and `_ru.docx`). The class passport is the paper copy
a class teacher signs: landscape A4, the annual report's fonts and table helpers
(`build_report_templates.py`), the class list with one narrow column per category, register
and hot-meal source (their names turned upright, so seventeen columns fit), the class totals in
the last two rows, the signatures. The columns come from `schema.HISTORY_METRICS`, the numbers
from `socpass.render.class_passport`; the template computes nothing. Byte-for-byte reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_report_templates import (  # noqa: E402
    FIXED_TIME,
    SIGN_LINE,
    TABLE_STYLE,
    TEMPLATES,
    T,
    _cell,
    _narrow_margins,
    _note,
    _row_flag,
    _set_cell_shading,
    _styles,
    _widths,
    docx_bytes,
    run_script,
    write_templates,
)
from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from socpass.core.schema import (  # noqa: E402
    CATEGORIES,
    MEAL_SOURCES,
    REGISTERS,
    Lang,
    Text,
    sheet,
)

P = {
    "title": Text("Сыныптың әлеуметтік паспорты", "Социальный паспорт класса"),
    "class_line": Text(
        "Сынып: {{ class_name }}\tОқу жылы: {{ school_year }}\t{{ as_of }} жағдай бойынша",
        "Класс: {{ class_name }}\tУчебный год: {{ school_year }}\tПо состоянию на {{ as_of }}",
    ),
    "teacher_line": Text(
        "Сынып жетекшісі: {{ class_teacher }}\tОқушылар саны: {{ pupil_count }}",
        "Классный руководитель: {{ class_teacher }}\tЧисло учащихся: {{ pupil_count }}",
    ),
    "categories": Text("Әлеуметтік санаттар", "Социальные категории"),
    "registers": Text("Есепте тұрады", "Состоит на учёте"),
    "meals": Text("Тегін ыстық тамақ", "Бесплатное горячее питание"),
    "total_pupils": Text("Барлығы, оқушылар", "Итого учащихся"),
    "total_families": Text("Барлығы, отбасылар", "Итого семей"),
    "legend": Text(
        "«+» — оқушы санатқа жатады, есепте тұрады немесе тегін ыстық тамақ алады (тамақ көзі "
        "жазылмаса — «Басқа» бағанында). Отбасылар: отбасы осы сыныпта бірнеше баласы оқыса да бір "
        "рет саналады; жетімдер, ата-анасының қамқорлығынсыз қалған балалар, есептер мен ыстық "
        "тамақ бойынша тек оқушы саны көрсетіледі («—»).",
        "«+» — учащийся относится к категории, состоит на учёте или получает бесплатное горячее "
        "питание (если источник не указан — в графе «Другое»). Семьи: семья считается один раз, "
        "даже если в классе учатся несколько её детей; по сиротам, детям, оставшимся без "
        "попечения родителей, учёту и горячему питанию указывается только число учащихся («—»).",
    ),
    "class_teacher": Text("Сынып жетекшісі", "Классный руководитель"),
}
#: Landscape A4: 29.7 − 2 − 1.5 cm of text width; the class list's columns add up to 25.6 cm.
PAGE = {"left": Cm(2.0), "right": Cm(1.5), "top": Cm(1.0), "bottom": Cm(1.0)}
NUMBER_WIDTH, NAME_WIDTH, FAMILY_WIDTH, MARK_WIDTH = 0.8, 6.3, 1.5, 1.0
LIST_SIZE = Pt(9)
HEAD_SIZE = Pt(8.5)
INFO_SIZE = Pt(11)
#: The height of the upright column names: the longest ones take two lines of 8.5 pt.
UPRIGHT_HEIGHT = Cm(3.4)
INFO_TABS = (Cm(9.0), Cm(17.5))
#: The signatures side by side: the class teacher's at the left, the pedagogue's from here.
SECOND_SIGNATURE = Cm(13.5)

#: The mark columns: (History metric key, column name), grouped as the headers span them.
GROUPS: tuple[tuple[str, tuple[tuple[str, Text], ...]], ...] = (
    ("categories", tuple((c.key, c.label) for c in CATEGORIES)),
    ("registers", tuple((f"reg_{r.key}", r.label) for r in REGISTERS)),
    ("meals", tuple((f"meals_{s.key}", s.label) for s in MEAL_SOURCES)),
)
MARKS = tuple(key for _, columns in GROUPS for key, _ in columns)


def _landscape(doc) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
        section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
        section.footer_distance = Cm(0.5)


def _head(cell, text: str, upright: bool = False) -> None:
    """A header cell: small, shaded, centred, bold; `upright`: turned to read bottom-up, not bold
    (two lines of the longest names fit the column's height)."""
    _cell(cell, text, bold=not upright, center=True, size=HEAD_SIZE)
    _set_cell_shading(cell, "F2F2F2")
    props = cell._tc.get_or_add_tcPr()
    if upright:
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "btLr")
        props.append(direction)
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    props.append(align)


def _height(row, height) -> None:
    props = row._tr.get_or_add_trPr()
    element = OxmlElement("w:trHeight")
    element.set(qn("w:val"), str(int(height.twips)))
    element.set(qn("w:hRule"), "atLeast")
    props.append(element)


def class_table(doc, lang: Lang) -> None:
    """The class list: number, name, family id, a mark column per metric under its group; one
    looped row per pupil; the class's pupils and families per column in the last two rows."""
    pupils = sheet("pupils")
    fixed = 3
    table = doc.add_table(rows=7, cols=fixed + len(MARKS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, key in enumerate(("№", "full_name", "family_id")):
        text = key if key == "№" else pupils.column(key).header(lang)
        _head(table.cell(0, column).merge(table.cell(1, column)), text)
    column = fixed
    for group, columns in GROUPS:
        for i, (_, label) in enumerate(columns):
            _head(table.cell(1, column + i), label(lang), upright=True)
        _head(table.cell(0, column).merge(table.cell(0, column + len(columns) - 1)), P[group](lang))
        column += len(columns)
    _height(table.rows[1], UPRIGHT_HEIGHT)
    for r in (0, 1):
        _row_flag(table.rows[r], "w:tblHeader")
    _cell(table.rows[2].cells[0], "{%tr for p in pupils %}")
    row = table.rows[3].cells
    _cell(row[0], "{{ p.number }}", center=True)
    _cell(row[1], "{{ p.name }}")
    _cell(row[2], "{{ p.family_id }}", center=True)
    for cell, key in zip(row[fixed:], MARKS, strict=True):
        _cell(cell, "{{ p.marks." + key + " }}", center=True)
    _cell(table.rows[4].cells[0], "{%tr endfor %}")
    for r, (label, values) in (
        (5, ("total_pupils", "pupils")),
        (6, ("total_families", "families")),
    ):
        cells = table.rows[r].cells
        _cell(cells[0].merge(cells[fixed - 1]), P[label](lang), bold=True)
        for cell, key in zip(cells[fixed:], MARKS, strict=True):
            _cell(cell, "{{ totals." + values + "." + key + " }}", bold=True, center=True)
    for r in range(2, 7):
        _row_flag(table.rows[r], "w:cantSplit")
    for r in (5, 6):  # the totals stay on the page of the legend and the signatures
        for cell in table.rows[r].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    _widths(table, [NUMBER_WIDTH, NAME_WIDTH, FAMILY_WIDTH] + [MARK_WIDTH] * len(MARKS))
    _narrow_margins(table)


def _info(doc, text: str, space_after: float = 2) -> None:
    """A line of the heading: left-aligned, not indented, tab stops for its parts."""
    paragraph = doc.add_paragraph(text)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.space_after = Pt(space_after)
    for stop in INFO_TABS:
        fmt.tab_stops.add_tab_stop(stop)
    for run in paragraph.runs:
        run.font.size = INFO_SIZE


def _signatures(doc, lang: Lang) -> None:
    """The class teacher and the pedagogue sign side by side, the date below, written by hand."""
    lines = [
        P["class_teacher"](lang)
        + " "
        + SIGN_LINE
        + " {{ class_teacher }}\t"
        + T["pedagogue"](lang)
        + " "
        + SIGN_LINE
        + " {{ pedagogue }}",
        T["date"](lang) + ": " + T["approval_date"](lang),
    ]
    for i, line in enumerate(lines):
        paragraph = doc.add_paragraph(line)
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.tab_stops.add_tab_stop(SECOND_SIGNATURE)
        fmt.space_before = Pt(10) if i == 0 else Pt(6)
        fmt.keep_with_next = i < len(lines) - 1
        for run in paragraph.runs:
            run.font.size = INFO_SIZE


def build(lang: Lang) -> bytes:
    """The template for one language as docx bytes."""
    doc = Document()
    _styles(doc)
    _landscape(doc)
    doc.styles[TABLE_STYLE].font.size = LIST_SIZE
    props = doc.core_properties
    props.author = props.last_modified_by = "socpass"
    props.title = P["title"](lang)
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    doc.add_paragraph("{{ school_name }}", style="Subtitle").paragraph_format.space_after = Pt(2)
    doc.add_paragraph(P["title"](lang), style="Title")
    _info(doc, P["class_line"](lang))
    _info(doc, P["teacher_line"](lang), space_after=8)
    class_table(doc, lang)
    for line in (P["legend"](lang), "{%p for e in notes %}", "{{ e }}", "{%p endfor %}"):
        _note(doc, line)
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # with the signatures
    _signatures(doc, lang)

    return docx_bytes(doc)


def main(out_dir: Path = TEMPLATES) -> list[Path]:
    return write_templates("class_passport", build, out_dir)


if __name__ == "__main__":
    run_script(main)
