"""Time the early warning on synthetic demo schools: `python benchmarks/bench_flag.py`.

Run: python benchmarks/bench_flag.py [--pupils 1000 5000] [--repeat 5] [--today 2026-03-10]
     [--core-only]

Prints the seconds `flag()` takes (core only, frames in memory: median and best of the repeats)
and, unless `--core-only`, the Flag macro under xlwings' remote engine (read the book, compute,
record the writes, one run), with the number of write actions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from socpass.core.register import RegisterData  # noqa: E402
from socpass.core.risk import flag  # noqa: E402
from socpass.demo import generate_demo  # noqa: E402


def core(data: RegisterData, today: date, repeat: int) -> tuple[float, float, int]:
    """(median, best) seconds of `flag(data, today)` over `repeat` runs, and the rows flagged."""
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(flag(data, today).rows)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), rows


def macro(frames, settings, today: date, folder: Path) -> tuple[float, int]:
    """Seconds of one Flag macro run under the remote engine, and its write actions."""
    from socpass.excel.flag import flag_at_risk
    from socpass.render.workbook import write_register
    from support.remote_book import book_from_xlsx

    pupils = len(frames["pupils"])
    path = write_register(folder / f"demo_{pupils}.xlsx", "kk", frames, settings)
    book = book_from_xlsx(path)
    started = time.perf_counter()
    flag_at_risk(book, today=today)
    seconds = time.perf_counter() - started
    return seconds, sum(1 for a in book.json()["actions"] if a["func"] != "alert")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 10))
    parser.add_argument("--core-only", action="store_true", help="skip the macro")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, today {args.today}, {args.repeat} runs of flag()")
    with tempfile.TemporaryDirectory() as folder:
        for pupils in args.pupils:
            frames, settings = generate_demo(pupils)
            median, best, rows = core(RegisterData("kk", frames, settings), args.today, args.repeat)
            line = (
                f"{pupils:>6} pupils: flag() median {median:.3f} s, best {best:.3f} s, {rows} rows"
            )
            if not args.core_only:
                seconds, writes = macro(frames, settings, args.today, Path(folder))
                line += f"; macro (remote engine) {seconds:.2f} s, {writes} write actions"
            print(line, flush=True)


if __name__ == "__main__":
    main()
