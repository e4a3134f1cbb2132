"""Write the annual report: the context from `core.report_context`, charts, a docx template.

Templates are rendered by docxtpl in a sandboxed, autoescaping Jinja environment with strict
undefined names: a school's own template cannot run Python, the user's text (events, SWOT, school
name) is inserted as text and never read as markup or template code, and a misspelt tag, or any
error while a tag is evaluated (`{{ 1/0 }}`), stops with a message naming the template and the tag
instead of leaving a silent blank or a traceback. Small tables are kept on one page. Output files are written atomically with
fixed zip timestamps, so the same register and date give the same document.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date
from importlib.resources import files
from pathlib import Path

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml.etree import XMLSyntaxError

from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.report_context import ReportContext, build_context
from ..core.report_words import Chart
from ..core.schema import Lang, Text
from ..files.atomic import Written, write_file
from . import charts

#: The built-in templates, one per language (built by tools/build_report_templates.py).
TEMPLATE_DIR = Path(str(files("socpass.report_templates")))
FIGURE_WIDTH = Cm(16)
#: Tables with at most this many rows never break across pages (a lone row on the next page).
SMALL_TABLE_ROWS = 12
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_XML_TAG = re.compile(r"<[^>]+>")

TEMPLATE_FILE_MISSING = Text("Есеп үлгісі табылмады: {path}.", "Шаблон отчёта не найден: {path}.")
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


def _in_tag(kk_what: str, ru_what: str) -> Text:
    """A message naming the template, the failing tag and its paragraph."""
    return Text(
        f"Есеп үлгісінде ({{path}}) шамамен {{line}}-абзацтағы «{{tag}}» тегінде {kk_what}: "
        "{error}. Тегті түзетіңіз немесе алып тастаңыз.",
        f"В шаблоне отчёта ({{path}}) в теге «{{tag}}» (примерно абзац {{line}}) {ru_what}: "
        "{error}. Исправьте или удалите тег.",
    )


TAG_UNKNOWN = _in_tag("белгісіз атау бар", "неизвестное имя")
TAG_FORBIDDEN = _in_tag("рұқсат етілмеген әрекет бар", "недопустимая операция")
TAG_FAILED = _in_tag("қате шықты", "ошибка")
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


def choose_template(register: RegisterData, lang: Lang, template: str | Path | None) -> Path:
    """`template`, else the `report_template` setting (relative to the workbook), else built-in."""
    chosen = template or str(register.settings.get("report_template") or "").strip()
    if not chosen:
        return default_template(lang)
    path = Path(chosen).expanduser()
    if not path.is_absolute() and register.source is not None:
        path = register.source.parent / path
    if not path.is_file():  # name the place it came from: --template or the setting
        raise SocpassError(TEMPLATE_FILE_MISSING if template else TEMPLATE_MISSING, path=path)
    return path


def chart_png(chart: Chart) -> bytes:
    """Draw one figure of the context with `render.charts`."""
    draw = {
        "grouped": charts.grouped_bars,
        "change": charts.change_bars,
        "bars": charts.bars,
        "families": charts.pupils_and_families,
        "tiers": charts.stacked_tiers,
    }[chart.kind]
    return draw(**chart.args)  # type: ignore[operator]


class _Environment(SandboxedEnvironment):
    """The sandbox, remembering the last source compiled so a failing line can be quoted."""

    last_source = ""

    def from_string(self, source, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.last_source = source if isinstance(source, str) else ""
        return super().from_string(source, *args, **kwargs)


def _environment() -> _Environment:
    return _Environment(autoescape=True, undefined=StrictUndefined)


def _failed_tag(exc: BaseException, source: str) -> tuple[int, str]:
    """(paragraph, tag text) of the template line where `exc` was raised; (0, "") if unknown.

    Jinja rewrites tracebacks so a frame named "<template>" carries the template's line; docxtpl
    puts each paragraph on its own line after one opening line, so line n is paragraph n - 1.
    """
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return 0, ""
    text = _XML_TAG.sub("", lines[line - 1])
    tags = _TAG.findall(text)
    return max(line - 1, 1), (" ".join(tags) or text.strip())[:200]


def _near(exc: TemplateError) -> str:
    lines = [s.strip() for s in getattr(exc, "docx_context", None) or () if s.strip()]
    return " / ".join(lines)[:200]


def _template_error(exc: Exception, path: Path, source: str) -> SocpassError:
    """Any error raised while filling a template, as a message naming the template and the tag."""
    if isinstance(exc, TemplateError):
        error = (exc.message or type(exc).__name__).rstrip(".")
    else:  # an error the tag's own expression raised: {{ 1/0 }}, {{ "a" + 1 }}
        error = f"{type(exc).__name__}: {exc}".rstrip(": .")
    if isinstance(exc, TemplateSyntaxError):
        # docxtpl puts each paragraph on its own line after one opening line: line n = paragraph n-1
        line = max((exc.lineno or 1) - 1, 1)
        return SocpassError(
            TEMPLATE_SYNTAX, exit_code=2, path=path, line=line, error=error, near=_near(exc)
        )
    if isinstance(exc, UndefinedError):
        with_tag, without = TAG_UNKNOWN, TEMPLATE_UNKNOWN
    elif isinstance(exc, SecurityError):
        with_tag, without = TAG_FORBIDDEN, TEMPLATE_FORBIDDEN
    else:
        with_tag, without = TAG_FAILED, TEMPLATE_BROKEN
    line, tag = _failed_tag(exc, source)
    if tag:
        return SocpassError(with_tag, exit_code=2, path=path, line=line, tag=tag, error=error)
    return SocpassError(without, exit_code=2, path=path, error=error)


def _set_flag(parent, tag: str) -> None:  # type: ignore[no-untyped-def]
    """Switch on an on/off property (w:cantSplit, w:keepNext) once."""
    if parent.find(qn(tag)) is None:
        flag = OxmlElement(tag)
        parent.append(flag)


def keep_small_tables(document: Document, max_rows: int = SMALL_TABLE_ROWS) -> None:
    """Keep every table of at most `max_rows` rows on one page, as Word users do by hand.

    Rows may not split, and each paragraph of every row but the last keeps with the next, which
    Word and LibreOffice honour by moving the whole table to the next page when it would break.
    """
    for table in document.tables:
        rows = table.rows
        if len(rows) > max_rows:
            continue
        for i, row in enumerate(rows):
            _set_flag(row._tr.get_or_add_trPr(), "w:cantSplit")
            if i == len(rows) - 1:
                continue
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


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
    if context.charts:
        figures = {key: dict(fig) for key, fig in values["fig"].items()}  # type: ignore[union-attr]
        for key, chart in context.charts.items():
            image = InlineImage(tpl, io.BytesIO(chart_png(chart)), width=FIGURE_WIDTH)
            figures[key]["image"] = image
        values["fig"] = figures
    env = _environment()
    try:
        tpl.render(values, jinja_env=env, autoescape=True)
    except XMLSyntaxError as exc:
        raise SocpassError(TEMPLATE_BROKEN, exit_code=2, path=template, error=exc) from exc
    except Exception as exc:  # whatever a tag raises ({{ 1/0 }}) is the template's mistake
        raise _template_error(exc, template, env.last_source) from exc
    keep_small_tables(tpl.docx)
    buf = io.BytesIO()
    tpl.save(buf)
    return stable_docx(buf.getvalue())


def docx_opens(data: bytes) -> None:
    """The check of a written report: a whole zip with the document part."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        broken = archive.testzip()
        if broken is not None or "word/document.xml" not in archive.NameToInfo:
            raise ValueError(f"not a whole docx ({broken or 'no word/document.xml'})")


def report_bytes(
    register: RegisterData,
    lang: Lang | None = None,
    template: str | Path | None = None,
    today: date | None = None,
) -> bytes:
    """The annual report for `register` as docx bytes (see `render_report`)."""
    lang = lang or register.lang
    context = build_context(register, lang, today)
    return render_bytes(context, choose_template(register, lang, template))


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
    out = Path(out_path)
    write_report(out, report_bytes(register, lang, template, today), register.source)
    return out


def write_report(path: Path, data: bytes, register: Path | None, backup: bool = False) -> Written:
    """A report's bytes to `path` through the one write path, no more open than the register
    it comes from; with `backup`, an earlier file there is kept under the backup rule."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_file(path, data, backup=backup, derived_from=register, check=docx_opens)


def convert_to_pdf(docx_path: Path) -> Path:
    """The docx converted to PDF next to it (see `convert_all_to_pdf`)."""
    return convert_all_to_pdf([docx_path])[0]


def convert_all_to_pdf(docx_paths: list[Path]) -> list[Path]:
    """Each docx converted to PDF next to it, in one run of LibreOffice (headless, its own
    profile; starting it takes longer than converting a page); the PDFs are made in a temporary
    folder and written through the one write path. The docx files have distinct names."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SocpassError(NO_SOFFICE, exit_code=1, path=docx_paths[0])
    pdfs = [path.with_suffix(".pdf") for path in docx_paths]
    with (
        tempfile.TemporaryDirectory(prefix="socpass-lo-") as profile,
        tempfile.TemporaryDirectory(prefix="socpass-pdf-") as outdir,
    ):
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            outdir,
            *map(str, docx_paths),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SocpassError(PDF_FAILED, exit_code=1, error=exc, path=docx_paths[0]) from exc
        for docx_path, pdf in zip(docx_paths, pdfs, strict=True):
            made = Path(outdir) / pdf.name
            if done.returncode != 0 or not made.is_file():
                error = (done.stderr or done.stdout or f"exit {done.returncode}").strip()[:200]
                raise SocpassError(PDF_FAILED, exit_code=1, error=error, path=docx_path)
            write_file(pdf, made.read_bytes(), derived_from=docx_path, check=_pdf_opens)
    return pdfs


def _pdf_opens(data: bytes) -> None:
    if not data.startswith(b"%PDF"):
        raise ValueError("not a PDF")
