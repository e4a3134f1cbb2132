"""Write the annual report: the context from `core.report_context`, charts, a docx template.

Templates are rendered by docxtpl in a sandboxed, autoescaping Jinja environment with strict
undefined names: a school's own template cannot run Python, the user's text (events, SWOT, school
name) is inserted as text and never read as markup or template code, and a misspelt tag stops with
a message naming it instead of leaving a silent blank. Output files are written atomically with
fixed zip timestamps, so the same register and date give the same document.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date
from importlib.resources import files
from pathlib import Path

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml.etree import XMLSyntaxError

from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.report_context import Chart, ReportContext, build_context
from ..core.schema import Lang, Text
from . import charts

#: The built-in templates, one per language (built by report_templates/build_templates.py).
TEMPLATE_DIR = Path(str(files("socpass.report_templates")))
FIGURE_WIDTH = Cm(16)
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)

TEMPLATE_MISSING = Text(
    "Есеп үлгісі табылмады: {path}. Баптаулардағы «report_template» жолын тексеріңіз "
    "немесе оны бос қалдырыңыз.",
    "Шаблон отчёта не найден: {path}. Проверьте путь «report_template» в настройках "
    "или оставьте его пустым.",
)
TEMPLATE_UNREADABLE = Text(
    "Есеп үлгісі docx файлы емес немесе бүлінген: {path}.",
    "Шаблон отчёта не является файлом docx или повреждён: {path}.",
)
TEMPLATE_SYNTAX = Text(
    "Есеп үлгісінде ({path}) тег қате жазылған, шамамен {line}-абзацта: {error}. "
    "Тег маңындағы мәтін: «{near}».",
    "В шаблоне отчёта ({path}) ошибка в теге, примерно в абзаце {line}: {error}. "
    "Текст рядом с тегом: «{near}».",
)
TEMPLATE_UNKNOWN = Text(
    "Есеп үлгісінде ({path}) белгісіз атау бар: {error}. Тегтің жазылуын тексеріңіз.",
    "В шаблоне отчёта ({path}) неизвестное имя: {error}. Проверьте написание тега.",
)
TEMPLATE_FORBIDDEN = Text(
    "Есеп үлгісінде ({path}) рұқсат етілмеген әрекет бар: {error}.",
    "В шаблоне отчёта ({path}) недопустимая операция: {error}.",
)
TEMPLATE_BROKEN = Text(
    "Есеп үлгісін ({path}) толтыру мүмкін болмады: {error}.",
    "Не удалось заполнить шаблон отчёта ({path}): {error}.",
)
NO_SOFFICE = Text(
    "PDF жасау үшін LibreOffice (soffice) керек, ол табылмады. Word құжаты дайын: {path}.",
    "Для PDF нужен LibreOffice (soffice), он не найден. Документ Word готов: {path}.",
)
PDF_FAILED = Text(
    "LibreOffice PDF жасай алмады ({error}). Word құжаты дайын: {path}.",
    "LibreOffice не смог создать PDF ({error}). Документ Word готов: {path}.",
)


def default_template(lang: Lang) -> Path:
    return TEMPLATE_DIR / f"report_{lang}.docx"


def report_file_name(register: RegisterData, lang: Lang | None = None) -> str:
    """The report's file name with the school year: "report_2025-2026_kk.docx"."""
    year = re.sub(r"[^\w.-]+", "_", str(register.settings.get("school_year") or "")).strip("_")
    return f"report_{year or 'year'}_{lang or register.lang}.docx"


def choose_template(register: RegisterData, lang: Lang, template: str | Path | None) -> Path:
    """`template`, else the `report_template` setting (relative to the workbook), else built-in."""
    chosen = template or str(register.settings.get("report_template") or "").strip()
    if not chosen:
        return default_template(lang)
    path = Path(chosen).expanduser()
    if not path.is_absolute() and register.source is not None:
        path = register.source.parent / path
    if not path.is_file():
        raise SocpassError(TEMPLATE_MISSING, exit_code=2, path=path)
    return path


def chart_png(chart: Chart) -> bytes:
    """Draw one figure of the context with `render.charts`."""
    draw = {
        "grouped": charts.grouped_bars,
        "change": charts.change_bars,
        "bars": charts.bars,
        "two_panel": charts.two_panel_bars,
    }[chart.kind]
    return draw(**chart.args)  # type: ignore[operator]


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _near(exc: TemplateError) -> str:
    lines = [s.strip() for s in getattr(exc, "docx_context", None) or () if s.strip()]
    return " / ".join(lines)[:200]


def _template_error(exc: TemplateError, path: Path) -> SocpassError:
    error = (exc.message or type(exc).__name__).rstrip(".")
    if isinstance(exc, TemplateSyntaxError):
        # docxtpl puts each paragraph on its own line after one opening line: line n = paragraph n-1
        line = max((exc.lineno or 1) - 1, 1)
        return SocpassError(
            TEMPLATE_SYNTAX, exit_code=2, path=path, line=line, error=error, near=_near(exc)
        )
    if isinstance(exc, UndefinedError):
        return SocpassError(TEMPLATE_UNKNOWN, exit_code=2, path=path, error=error)
    if isinstance(exc, SecurityError):
        return SocpassError(TEMPLATE_FORBIDDEN, exit_code=2, path=path, error=error)
    return SocpassError(TEMPLATE_BROKEN, exit_code=2, path=path, error=error)


def stable_docx(data: bytes) -> bytes:
    """The same docx with fixed zip timestamps, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_bytes(context: ReportContext, template: Path) -> bytes:
    """Fill `template` with the context and its charts; the docx as bytes."""
    try:
        tpl = DocxTemplate(template)
        tpl.get_docx()  # opens the file: a non-docx fails here, before rendering
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, XMLSyntaxError) as exc:
        raise SocpassError(TEMPLATE_UNREADABLE, exit_code=2, path=template) from exc
    values = dict(context.values)
    figures = {key: dict(fig) for key, fig in values["fig"].items()}  # type: ignore[union-attr]
    for key, chart in context.charts.items():
        figures[key]["image"] = InlineImage(tpl, io.BytesIO(chart_png(chart)), width=FIGURE_WIDTH)
    values["fig"] = figures
    try:
        tpl.render(values, jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        raise _template_error(exc, template) from exc
    except XMLSyntaxError as exc:
        raise SocpassError(TEMPLATE_BROKEN, exit_code=2, path=template, error=exc) from exc
    buf = io.BytesIO()
    tpl.save(buf)
    return stable_docx(buf.getvalue())


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_report(
    register: RegisterData,
    out_path: str | Path,
    lang: Lang | None = None,
    template: str | Path | None = None,
    today: date | None = None,
) -> Path:
    """Write the annual report for `register` to `out_path` (docx) and return the path.

    `lang` defaults to the register's language; `template` to the `report_template` setting or
    the built-in template; `today` (default: today) decides which individual plans are due.
    """
    lang = lang or register.lang
    context = build_context(register, lang, today)
    data = render_bytes(context, choose_template(register, lang, template))
    out = Path(out_path)
    _write_atomically(out, data)
    return out


def convert_to_pdf(docx_path: Path) -> Path:
    """The docx converted to PDF next to it with LibreOffice (headless, its own profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SocpassError(NO_SOFFICE, exit_code=1, path=docx_path)
    with tempfile.TemporaryDirectory(prefix="socpass-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SocpassError(PDF_FAILED, exit_code=1, error=exc, path=docx_path) from exc
    pdf = docx_path.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        error = (done.stderr or done.stdout or f"exit {done.returncode}").strip()[:200]
        raise SocpassError(PDF_FAILED, exit_code=1, error=error, path=docx_path)
    return pdf
