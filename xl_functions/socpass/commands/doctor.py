"""`socpass doctor [REGISTER.xlsm] [--excel] [--lang kk|ru]`: is this PC ready for the register?

One line per check with ✓ or ✗ (· when it can only be made on Windows) and, under each ✗, the
exact fix. The checks are in `socpass.excel.doctor`; `--excel` adds the field test of
`socpass.excel.desktop` (Windows with Excel: a copy of the register opened in Excel, every button's
macro and one custom function run on it). Exit code 0 when every check that could be made passed,
1 otherwise, 2 when the register cannot be read or `--excel` has no register to open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..jobs.job import Job
from .common import add_lang_option


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "doctor",
        help="Excel-ге дайындықты тексеру / проверка готовности к Excel",
        description="Бұл компьютерде тізілімнің батырмалары мен функцияларына керектің бәрін "
        "тексеріп, әр қате үшін түзету жолын айтады / Проверяет всё, что нужно кнопкам и "
        "функциям реестра на этом компьютере, и для каждой ошибки говорит, как её исправить.",
    )
    parser.add_argument(
        "path",
        metavar="REGISTER",
        type=Path,
        nargs="?",
        help="тексерілетін тізілім / проверяемый реестр (.xlsm)",
    )
    parser.add_argument(
        "--excel",
        action="store_true",
        help="тізілімнің көшірмесін Excel-де ашып, батырмалар мен функцияны іске қосу (Windows) / "
        "открыть копию реестра в Excel и запустить кнопки и функцию (Windows)",
    )
    add_lang_option(
        parser,
        "хабарлама тілі / язык сообщений (әдепкі — тізілімнің, әйтпесе $SOCPASS_LANG немесе kk / "
        "по умолчанию — как в реестре, иначе $SOCPASS_LANG или kk)",
    )
    parser.set_defaults(func=run)
    return parser


def run(job: Job, args: argparse.Namespace) -> int:
    from ..jobs.doctor import doctor

    return doctor(job, args.path, args.excel)
