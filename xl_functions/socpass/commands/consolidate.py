"""`socpass consolidate INPUT… -o district.xlsx`: a district's schools rolled up, on Dask."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import add_as_of_option, add_lang_option, add_today_option


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "consolidate",
        help="аудан бойынша жиынтық / сводка по району",
        description=(
            "Мектептердің жиынтықтары мен толық тізілімдерін аудан бойынша бір кітапқа (және "
            "есепке) жинау; файлдар Dask арқылы параллель оқылады / Свести сводки и полные реестры "
            "школ в одну книгу района (и отчёт); файлы читаются параллельно на Dask."
        ),
    )
    parser.add_argument(
        "inputs",
        metavar="INPUT",
        nargs="+",
        help="файлдар, қалталар, үлгілер (*.xlsx) / файлы, папки, шаблоны (*.xlsx)",
    )
    parser.add_argument(
        "-o", "--out", type=Path, required=True, help="аудан кітабы / книга района (.xlsx)"
    )
    parser.add_argument(
        "--report", type=Path, default=None, help="аудан есебі / отчёт района (.docx)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="жергілікті жұмыс процестері / локальных рабочих процессов (әдепкі / по умолчанию: "
        "ядро саны / число ядер)",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask кластері / кластер Dask (tcp://host:8786)",
    )
    parser.add_argument(
        "--year",
        default=None,
        help="оқу жылы / учебный год (әдепкі: көп файлдардікі / по "
        "умолчанию: как у большинства файлов)",
    )
    parser.add_argument(
        "--expected",
        type=Path,
        default=None,
        metavar="LIST.csv",
        help="мектептер тізімі: код[;атауы] / список школ: код[;название]",
    )
    add_as_of_option(parser)
    add_today_option(parser)
    add_lang_option(parser, "кітап, есеп және хабарлама тілі / язык книги, отчёта и сообщений")
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> None:
    from ..jobs.consolidate import consolidate

    consolidate(
        job,
        args.inputs,
        args.out,
        report=args.report,
        workers=args.jobs,
        scheduler=args.scheduler,
        as_of=args.as_of,
        school_year=args.year,
        expected=args.expected,
        today=args.today,
    )
