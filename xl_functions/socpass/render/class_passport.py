"""Write a class social passport (docx): `core.class_passport`'s record in the class passport
template (`report_templates/class_passport_kk.docx`, `_ru.docx`, built by
tools/build_class_passport_templates.py).

The annual report's machinery (`render.report.render_bytes`: docxtpl in a sandboxed, autoescaping
Jinja environment) fills it, so a name typed as "=1+1", "{{ x }}" or "<b>" comes out as that
text: values are inserted, never read as template code or markup. Every value handed to the
template is a ready string; the template only places it.
"""

from __future__ import annotations

from pathlib import Path

from ..core.class_passport import ClassPassport
from ..core.passport import FAMILY_METRICS, uncounted_notes
from ..core.report_context import ReportContext
from ..core.schema import Lang
from .report import TEMPLATE_DIR, render_bytes

#: How a pupil counted by a column is marked, and a count that is not kept (families of orphans).
MARK = "+"
NOT_COUNTED = "—"


def class_passport_template(lang: Lang) -> Path:
    return TEMPLATE_DIR / f"class_passport_{lang}.docx"


def passport_context(passport: ClassPassport, lang: Lang) -> ReportContext:
    """The template's values: the heading, one row per pupil (a mark per counted metric), the
    class totals per metric ("—" for families where only pupils are counted)."""
    metrics = list(passport.counts)
    pupils = [
        {
            "number": str(p.number),
            "name": p.name,
            "family_id": p.family_id,
            "marks": {m: MARK if m in p.marks else "" for m in metrics},
        }
        for p in passport.pupils
    ]
    absent = passport.uncounted
    totals = {
        "pupils": {
            m: f"{c.pupils}{' *' if m in absent else ''}" for m, c in passport.counts.items()
        },
        "families": {
            m: str(c.families) if m in FAMILY_METRICS and c.families is not None else NOT_COUNTED
            for m, c in passport.counts.items()
        },
    }
    values: dict[str, object] = {
        "school_name": passport.school_name,
        "class_name": passport.class_name,
        "school_year": passport.school_year,
        "as_of": passport.as_of.strftime("%d.%m.%Y"),
        "class_teacher": ", ".join(passport.class_teachers),
        "pedagogue": passport.pedagogue,
        "pupil_count": str(len(passport.pupils)),
        "pupils": pupils,
        "totals": totals,
        "notes": uncounted_notes([m for m in metrics if m in absent], lang),
    }
    return ReportContext(lang, values)


def class_passport_bytes(passport: ClassPassport, lang: Lang) -> bytes:
    """The class passport as docx bytes in `lang`."""
    return render_bytes(passport_context(passport, lang), class_passport_template(lang))
