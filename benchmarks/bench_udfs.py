"""Time one recalculation of 30 SOCPASS_COUNT cells that all name the same Pupils table.

Run: python benchmarks/bench_udfs.py [--pupils 1000] [--repeat 5]
The table is the demo school's Pupils sheet as Excel hands it to a custom function (header row,
then rows of values; dates as datetimes). Before each recalculation one cell is edited, as when
the user types, so the table is new to the functions; the 30 formulas then ask for different
categories, pupils or families, the whole school or one grade. Prints the best wall time of the
30 calls and of one call on the unchanged table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pandas as pd  # noqa: E402
from socpass.core.passport import FAMILY_METRICS  # noqa: E402
from socpass.core.schema import CATEGORIES  # noqa: E402
from socpass.demo import generate_demo  # noqa: E402
from socpass.excel.udfs import SOCPASS_COUNT  # noqa: E402
from support.passport import pupils_values  # noqa: E402

FORMULAS = 30


def table_of(pupils: int) -> list[list[object]]:
    """The demo's Pupils table as Excel passes it (xlwings gives dates as datetime)."""
    frames, _ = generate_demo(pupils)
    rows = pupils_values(frames["pupils"], "kk")
    return [[v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row] for row in rows]


def formulas() -> list[tuple[str, str, object]]:
    """(category, what, class) for 30 cells: per category pupils, families, grade 5."""
    cells = []
    for cat in CATEGORIES:
        cells.append((cat.key, "pupils", None))
        cells.append((cat.key, "families" if cat.key in FAMILY_METRICS else "pupils", None))
        cells.append((cat.key, "pupils", 5.0))
    return (cells * 2)[:FORMULAS]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    table = table_of(args.pupils)
    edited = table[0].index("Мекенжайы")  # the address: a cell no count reads
    cells = formulas()
    recalc = single = float("inf")
    for n in range(args.repeat):
        table[1][edited] = f"мекенжай {n}"
        start = time.perf_counter()
        results = [SOCPASS_COUNT(table, *cell) for cell in cells]
        recalc = min(recalc, time.perf_counter() - start)
        start = time.perf_counter()
        SOCPASS_COUNT(table, *cells[0])
        single = min(single, time.perf_counter() - start)
    assert all(isinstance(r, int) for r in results), results
    print(f"Python {sys.version.split()[0]}, {args.pupils} pupils, best of {args.repeat}")
    print(f"    {FORMULAS} SOCPASS_COUNT after an edit  {recalc:7.3f} s")
    print(f"    one more call, table unchanged  {single:7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
