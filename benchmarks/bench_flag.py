"""Time the early warning on synthetic demo schools: `python benchmarks/bench_flag.py`.

Prints the seconds `flag()` takes (core only, frames in memory) and the Flag macro under xlwings'
remote engine (read the book, compute, record the writes), with the number of write actions.
"""

from __future__ import annotations

import os
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
from socpass.excel.flag import flag_at_risk  # noqa: E402
from socpass.render.workbook import write_register  # noqa: E402
from support.remote_book import book_from_xlsx  # noqa: E402

TODAY = date(2026, 3, 10)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for pupils in (1000, 5000):
            frames, settings = generate_demo(pupils)
            started = time.perf_counter()
            result = flag(RegisterData("kk", frames, settings), TODAY)
            core = time.perf_counter() - started
            path = write_register(Path(folder) / f"demo_{pupils}.xlsx", "kk", frames, settings)
            book = book_from_xlsx(path)
            started = time.perf_counter()
            flag_at_risk(book, today=TODAY)
            macro = time.perf_counter() - started
            writes = sum(1 for a in book.json()["actions"] if a["func"] != "alert")
            print(
                f"{pupils:>5} pupils: flag() {core:.2f} s, {len(result.rows)} flagged; "
                f"macro (remote engine) {macro:.2f} s, {writes} write actions"
            )


if __name__ == "__main__":
    main()
