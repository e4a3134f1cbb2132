"""Time and memory of the register's round trip: generate the demo, write the .xlsx, read it back.

Run: python benchmarks/bench_register.py [--pupils 1000 5000] [--repeat 3] [--lang kk]
Prints, per school size, the best wall time of each step over the repeats, the peak of Python
allocations during the step (tracemalloc, which sees numpy/pandas buffers too) and the file size;
at the end the process's peak resident memory. Reading is also split into its two halves: the
cells out of the file (calamine) and the cells to typed frames with every check
(`register_from_values`). Timings are for comparing versions on one machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import python_calamine
from socpass.core.reader import is_register_sheet, register_from_values
from socpass.demo import generate_demo
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register


def measure(step: Callable[[], object], repeat: int) -> tuple[object, float, float]:
    """(result, best seconds, peak MiB of the first run) of `step`."""
    tracemalloc.start()
    start = time.perf_counter()
    result = step()
    best = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    for _ in range(repeat - 1):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return result, best, peak


def sheet_values(path: Path) -> dict[str, list[list[object]]]:
    """The register sheets' cell values, read as `read_register` reads them."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
        if is_register_sheet(name)
    }


def bench(pupils: int, repeat: int, lang: str, folder: Path) -> None:
    path = folder / f"bench_{pupils}.xlsx"
    (frames, settings), t_gen, m_gen = measure(lambda: generate_demo(pupils, lang=lang), repeat)
    _, t_write, m_write = measure(lambda: write_register(path, lang, frames, settings), repeat)
    register, t_read, m_read = measure(lambda: read_register(path), repeat)
    cells, t_cells, m_cells = measure(lambda: sheet_values(path), repeat)
    _, t_frames, m_frames = measure(lambda: register_from_values(cells, path), repeat)
    rows = sum(len(f) for f in frames.values())
    findings = len(register.findings)
    size = path.stat().st_size / 2**20
    print(f"{pupils:>6} pupils, {rows:>6} rows, {size:5.1f} MiB file, {findings} findings")
    for name, seconds, peak in (
        ("generate", t_gen, m_gen),
        ("write", t_write, m_write),
        ("read+validate", t_read, m_read),
        ("  cells", t_cells, m_cells),
        ("  frames+checks", t_frames, m_frames),
    ):
        print(f"    {name:<16} {seconds:7.2f} s   peak {peak:7.1f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", choices=("kk", "ru"), default="kk")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, best of {args.repeat}")
    with tempfile.TemporaryDirectory() as folder:
        for pupils in args.pupils:
            bench(pupils, args.repeat, args.lang, Path(folder))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak resident memory: {peak_rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
