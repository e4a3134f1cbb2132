"""Write the district report: `core.district_report`'s content in the district template (docx).

The school report's machinery (`render.report`: the sandboxed docxtpl rendering, the charts, the
stable zip) with the district's own templates (`report_templates/district_kk.docx`, `_ru.docx`,
built by tools/build_district_templates.py), so the two documents look alike.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.district import District
from ..core.district_report import build_district_context
from ..core.schema import Lang
from ..files.atomic import Written
from .report import TEMPLATE_DIR, render_bytes, write_report


def district_template(lang: Lang) -> Path:
    return TEMPLATE_DIR / f"district_{lang}.docx"


def render_district_report(
    district: District, out: Path, lang: Lang, today: date, backup: bool = False
) -> Written:
    """Write the district report for `district` to `out` (docx) in `lang`."""
    context = build_district_context(district, lang, today)
    return write_report(out, render_bytes(context, district_template(lang)), None, backup)
