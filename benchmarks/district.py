"""W2, a district: 300 schools consolidated on Dask, against calamine parsing the same files.

Run: python benchmarks/district.py [--schools 300] [--jobs 2] [--repeat 3] [--json FILE]
     (or python benchmarks/run.py --sizes '' --district, the same numbers in run.py's report)

1. Workload (written once into benchmarks/.work/w2_<schools>/, `--regenerate` to write it again):
   `schools` synthetic demo registers of 300 to 3,000 pupils (evenly spread, seed 10,000 + i,
   Kazakh and Russian in turn), and the same schools' returns (`socpass return` as of 25.05.2026).
2. Measured as whole processes with run.py's launcher (wall, CPU of the process and its reaped
   children, peak RSS), round-robin, `--repeat` times:
   - `consolidate` of the registers folder with `--jobs` local Dask workers (the district
     workbook), and of the returns folder (without and with the district report);
   - the baseline: a Python that imports pandas and python_calamine and parses every sheet of the
     same files in a pool of `--jobs` processes (the "× parse" ratios divide by it).
3. Per-school cost, for the estimates of a region and the country: in this process, CPU seconds
   of `files.school_file.read_school` on registers of 300, 1,000 and 3,000 pupils (fitted as a +
   b × pupils) and on a return, and of writing the district workbook of all the returns.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path

from run import (
    DEFAULT_WORK,
    child_env,
    git_commit,
    last_line,
    load_average,
    log,
    machine,
    machine_line,
    run_process,
    socpass_argv,
)

SCHOOLS = 300
SMALLEST, LARGEST = 300, 3000
FIRST_SEED = 10_000
AS_OF = "2026-05-25"
TODAY = "2026-06-01"
JOBS = 2
REPEAT = 3
#: Kazakhstan: schools and pupils (the issue's figures), and a region's schools.
COUNTRY_SCHOOLS, COUNTRY_PUPILS, REGION_SCHOOLS = 7_700, 3_900_000, 500

PARALLEL_PARSE = """\
import glob, sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
import pandas, python_calamine

def parse(path):
    book = python_calamine.CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()

files = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))
with ProcessPoolExecutor(int(sys.argv[2]), mp_context=get_context("fork")) as pool:
    list(pool.map(parse, files))
"""


def school_size(i: int, schools: int) -> int:
    return SMALLEST + round((LARGEST - SMALLEST) * i / max(schools - 1, 1))


def _make_school(task: tuple[int, int, str]) -> int:
    """One school of the workload: its register and its return (in a pool worker)."""
    from socpass.core.aggregates import school_figures
    from socpass.demo import generate_demo
    from socpass.files.workbook_file import read_register
    from socpass.render.return_workbook import write_return
    from socpass.render.workbook import write_register

    i, schools, folder = task
    lang = "kk" if i % 2 == 0 else "ru"
    pupils = school_size(i, schools)
    frames, settings = generate_demo(pupils=pupils, seed=FIRST_SEED + i, lang=lang)
    register = write_register(
        Path(folder) / "registers" / f"school_{i:03d}.xlsx", lang, frames, settings
    )
    figures = school_figures(read_register(register), date.fromisoformat(AS_OF))
    write_return(Path(folder) / "returns" / f"return_{i:03d}.xlsx", figures, lang)
    return pupils


def workload(work: Path, schools: int, jobs: int, regenerate: bool) -> dict:
    """The W2 folders (registers/, returns/) in the cache, written if missing."""
    folder = work / f"w2_{schools}"
    meta_path = folder / "meta.json"
    if regenerate and folder.exists():
        shutil.rmtree(folder)
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        log(f"W2: cached {folder} (written by socpass {meta['commit']})")
        return meta | {"folder": str(folder)}
    for sub in ("registers", "returns"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    log(f"W2: writing {schools} registers and returns into {folder} ({jobs} processes) ...")
    started = time.perf_counter()
    tasks = [(i, schools, str(folder)) for i in range(schools)]
    with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
        pupils = list(pool.map(_make_school, tasks))
    meta = {
        "schools": schools,
        "pupils": sum(pupils),
        "smallest": min(pupils),
        "largest": max(pupils),
        "registers_mib": round(_size(folder / "registers"), 1),
        "returns_mib": round(_size(folder / "returns"), 2),
        "commit": git_commit(),
        "written": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    log(f"    written in {meta['seconds']} s")
    return meta | {"folder": str(folder)}


def _size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir()) / 2**20


def tasks_for(folder: Path, jobs: int) -> list[tuple[str, str, list[str]]]:
    """(key, label, argv with "{tmp}") of the measured processes."""

    def consolidate(sub: str, report: bool) -> list[str]:
        args = ["consolidate", str(folder / sub), "-o", "{tmp}/district.xlsx", "--jobs", str(jobs)]
        args += ["--as-of", AS_OF, "--today", TODAY]
        return socpass_argv(args + (["--report", "{tmp}/district.docx"] if report else []))

    parse = [sys.executable, "-c", PARALLEL_PARSE]
    return [
        ("registers", "`consolidate` registers", consolidate("registers", False)),
        ("registers_parse", "*calamine parses the registers*", [*parse, str(folder / "registers"), str(jobs)]),
        ("returns", "`consolidate` returns", consolidate("returns", False)),
        ("returns_report", "`consolidate` returns `--report`", consolidate("returns", True)),
        ("returns_parse", "*calamine parses the returns*", [*parse, str(folder / "returns"), str(jobs)]),
    ]  # fmt: skip


def measure(folder: Path, jobs: int, repeat: int, timeout: float, env: dict[str, str]) -> dict:
    tasks = tasks_for(folder, jobs)
    runs = {key: {"label": label, "runs": []} for key, label, _ in tasks}
    loads = []
    for n in range(repeat):
        for key, label, template in tasks:
            loads.append(load_average())
            with tempfile.TemporaryDirectory(prefix="socpass-w2-") as tmp:
                argv = [part.replace("{tmp}", tmp) for part in template]
                done = run_process(argv, Path(tmp), timeout, env)
            runs[key]["runs"].append(done)
            flag = (
                ""
                if done["exit"] == 0
                else f"  EXIT {done['exit']}: {last_line(done['stderr_tail'])}"
            )
            log(
                f"    [{n + 1}/{repeat}] {label:<36} {done['wall']:7.2f} s wall "
                f"{done['cpu']:7.2f} s cpu {done['rss_kib'] / 1024:6.0f} MiB{flag}"
            )
    for entry in runs.values():
        done = entry["runs"]
        entry["median"] = {
            "wall": statistics.median(r["wall"] for r in done),
            "cpu": statistics.median(r["cpu"] for r in done),
            "rss_mib": statistics.median(r["rss_kib"] for r in done) / 1024,
        }
        entry["exits"] = sorted({str(r["exit"]) for r in done})
    return {"runs": runs, "load": [x for x in loads if x is not None]}


def per_school_costs(folder: Path, schools: int) -> dict:
    """CPU seconds of reading one school (register by size, return) and of writing the district
    workbook, in this process (after one warm-up of each)."""
    from socpass.core.district import roll_up
    from socpass.files.school_file import read_school
    from socpass.render.district_workbook import write_district_workbook

    as_of = date.fromisoformat(AS_OF)

    def cpu(call, times: int = 3) -> float:  # type: ignore[no-untyped-def]
        call()
        spent = []
        for _ in range(times):
            started = time.process_time()
            call()
            spent.append(time.process_time() - started)
        return statistics.median(spent)

    sizes = {}
    for i in (0, schools // 4, schools - 1):
        path = folder / "registers" / f"school_{i:03d}.xlsx"
        sizes[school_size(i, schools)] = cpu(lambda p=path: read_school(p, as_of))
    (small, t_small), (large, t_large) = min(sizes.items()), max(sizes.items())
    per_pupil = (t_large - t_small) / (large - small)
    fixed = t_small - per_pupil * small
    returns = sorted((folder / "returns").glob("*.xlsx"))
    read_return = cpu(lambda: read_school(returns[0], as_of), times=10)
    district = roll_up([read_school(p, as_of) for p in returns])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "district.xlsx"
        write = cpu(lambda: write_district_workbook(out, district, "ru", as_of), times=1)
    return {
        "register_by_size": sizes,
        "register_fixed_s": fixed,
        "register_per_1000_pupils_s": per_pupil * 1000,
        "return_s": read_return,
        "write_per_school_s": write / len(returns),
    }


def estimates(costs: dict, measured: dict, schools: int, pupils: int, jobs: int) -> dict:
    """Seconds for a region and the country, from the per-school costs and the fixed start-up
    (the returns run's wall time less its reading and writing)."""
    returns_wall = measured["runs"]["returns"]["median"]["wall"]
    start = max(
        returns_wall - schools * costs["return_s"] / jobs - schools * costs["write_per_school_s"], 0
    )

    def registers(n: int, p: int, workers: int) -> float:
        reading = n * costs["register_fixed_s"] + p / 1000 * costs["register_per_1000_pupils_s"]
        return start + reading / workers + n * costs["write_per_school_s"]

    def returns(n: int, workers: int) -> float:
        return start + n * costs["return_s"] / workers + n * costs["write_per_school_s"]

    region_pupils = round(REGION_SCHOOLS * COUNTRY_PUPILS / COUNTRY_SCHOOLS)
    places = {
        "W2 as measured": (schools, pupils),
        f"a region ({REGION_SCHOOLS} schools)": (REGION_SCHOOLS, region_pupils),
        f"the country ({COUNTRY_SCHOOLS:,} schools)": (COUNTRY_SCHOOLS, COUNTRY_PUPILS),
    }
    workers = (jobs, 8, 32, 128)
    return {
        "start_s": start,
        "workers": workers,
        "rows": {
            name: {
                "schools": n,
                "pupils": p,
                "registers": [registers(n, p, w) for w in workers],
                "returns": [returns(n, w) for w in workers],
            }
            for name, (n, p) in places.items()
        },
    }  # fmt: skip


def markdown(report: dict) -> list[str]:
    meta, runs = report["workload"], report["measured"]["runs"]
    load = report["measured"]["load"]
    lines = [
        f"#### W2: {meta['schools']} schools, {meta['pupils']:,} pupils ({meta['smallest']:,} to "
        f"{meta['largest']:,} a school), registers {meta['registers_mib']} MiB, returns "
        f"{meta['returns_mib']} MiB; {report['jobs']} workers; median of {report['repeat']}; load "
        f"average {statistics.median(load) if load else float('nan'):.1f} during the runs",
        "",
        "| process | wall s | CPU s | peak RSS MiB | × parse | exit |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for key, base in (
        ("registers", "registers_parse"),
        ("registers_parse", "registers_parse"),
        ("returns", "returns_parse"),
        ("returns_report", "returns_parse"),
        ("returns_parse", "returns_parse"),
    ):
        m, b = runs[key]["median"], runs[base]["median"]
        lines.append(
            f"| {runs[key]['label']} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss_mib']:.0f} | "
            f"{m['wall'] / b['wall']:.2f} | {', '.join(runs[key]['exits'])} |"
        )
    costs = report["costs"]
    sizes = ", ".join(
        f"{p:,} pupils {s:.2f} s" for p, s in sorted(costs["register_by_size"].items())
    )
    lines += [
        "",
        f"Per school (CPU, one process): a register {sizes} (≈ {costs['register_fixed_s']:.3f} s + "
        f"{costs['register_per_1000_pupils_s']:.3f} s per 1,000 pupils); a return "
        f"{costs['return_s'] * 1000:.0f} ms; writing the district workbook "
        f"{costs['write_per_school_s'] * 1000:.1f} ms a school; start-up (cluster, imports) "
        f"≈ {report['estimates']['start_s']:.1f} s.",
        "",
    ]
    est = report["estimates"]
    head = " | ".join(f"{w} workers" for w in est["workers"])
    lines += [f"| estimate, wall s | {head} |", "|---|" + "---:|" * len(est["workers"])]
    for name, row in est["rows"].items():
        for kind in ("registers", "returns"):
            cells = " | ".join(f"{s:,.0f}" for s in row[kind])
            lines.append(f"| {name}, {kind} ({row['pupils']:,} pupils) | {cells} |")
    return lines


def run_w2(
    work: Path, schools: int, jobs: int, repeat: int, regenerate: bool, timeout: float
) -> dict:
    env = child_env(work)
    meta = workload(work, schools, jobs, regenerate)
    folder = Path(meta["folder"])
    log("W2 warm-up (not measured) ...")
    for _, _, template in tasks_for(folder, jobs):
        with tempfile.TemporaryDirectory(prefix="socpass-w2-") as tmp:
            run_process([p.replace("{tmp}", tmp) for p in template], Path(tmp), timeout, env)
    measured = measure(folder, jobs, repeat, timeout, env)
    log("W2 per-school costs ...")
    costs = per_school_costs(folder, schools)
    return {
        "workload": meta,
        "jobs": jobs,
        "repeat": repeat,
        "measured": measured,
        "costs": costs,
        "estimates": estimates(costs, measured, schools, meta["pupils"], jobs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=SCHOOLS)
    parser.add_argument("--jobs", type=int, default=JOBS, help="Dask workers and parse processes")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    log(machine_line(machine()))
    report = run_w2(work, args.schools, args.jobs, args.repeat, args.regenerate, args.timeout)
    report["machine"] = machine()
    report["command"] = shlex.join(["python", "benchmarks/district.py", *sys.argv[1:]])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"Machine: {machine_line(report['machine'])}\n\nCommand: `{report['command']}`\n")
    print("\n".join(markdown(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
