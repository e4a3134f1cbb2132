"""`socpass report PATH`: the Report button without Excel: the annual report as docx (and PDF).

The register is only read. A register with data errors gets no report (numbers from wrong data
would be signed and sent on): the errors are listed and the exit code is 1. Blank school name,
pedagogue or director, and typed text in another language than `--lang`, get a note on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.findings import SocpassError
from ..core.reader import read_register
from ..core.report_context import report_notes
from ..core.schema import Lang, Text
from .common import add_lang_option, add_today_option, default_lang, report_findings

NOT_DOCX = Text("-o: .docx файлы болуы керек ({path}).", "-o: нужен файл .docx ({path}).")
SAME_FILE = Text(
    "-o тізілімнің өзін көрсетеді; тізілім өзгертілмейді, басқа файл атын беріңіз.",
    "-o указывает на сам реестр; реестр не изменяется, укажите другой файл.",
)
CANNOT_WRITE = Text(
    "{path} файлын жазу мүмкін болмады: {error}", "Не удалось записать {path}: {error}"
)
WRITTEN = Text("Есеп жазылды: {path}", "Отчёт записан: {path}")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="жылдық есеп (docx) / годовой отчёт (docx)",
        description=(
            "Жылдық талдау есебін Word құжаты ретінде жазу (тізілім өзгертілмейді) / "
            "Записать годовой аналитический отчёт в документ Word (реестр не изменяется)."
        ),
    )
    parser.add_argument("path", metavar="PATH", type=Path, help="тізілім / реестр (.xlsx, .xlsm)")
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        help="docx файлы (әдепкі: тізілімнің жанында) / файл docx (по умолчанию: рядом с реестром)",
    )
    add_lang_option(
        parser,
        "есеп пен хабарлама тілі / язык отчёта и сообщений "
        "(әдепкі — тізілімнің / по умолчанию — как в реестре)",
    )
    parser.add_argument(
        "--pdf", action="store_true", help="PDF-ті де жасау (LibreOffice) / также PDF (LibreOffice)"
    )
    parser.add_argument(
        "--template", type=Path, help="өз docx үлгіңіз / свой шаблон docx (вместо настройки)"
    )
    add_today_option(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    # matplotlib and docxtpl load only when a report is written, not for every socpass command
    from ..files.atomic import unused_path
    from ..render.report import convert_to_pdf, render_report, report_file_name

    data = read_register(args.path)
    lang: Lang = args.lang or data.lang or default_lang()
    if not report_findings(data, lang):
        return 1
    # an explicit -o is replaced; the default name never overwrites an earlier (maybe edited) report
    out: Path = args.out or unused_path(args.path.parent / report_file_name(data, lang))
    try:
        if out.suffix.lower() != ".docx":
            raise SocpassError(NOT_DOCX, path=out)
        if out.exists() and out.resolve() == args.path.resolve():
            raise SocpassError(SAME_FILE)
        try:
            render_report(data, out, lang, args.template, args.today)
        except OSError as exc:
            raise SocpassError(CANNOT_WRITE, path=out, error=exc.strerror or exc) from exc
        print(WRITTEN(lang).format(path=out))
        for note in report_notes(data, lang):
            print(note, file=sys.stderr)
        if args.pdf:
            print(WRITTEN(lang).format(path=convert_to_pdf(out)))
    except SocpassError as exc:  # in the report's language, which the CLI guard does not know
        print(exc.text(lang), file=sys.stderr)
        return exc.exit_code
    return 0
