"""socpass's speed benchmark: its commands as whole processes, against parsing the file.

Run: python benchmarks/run.py [--sizes 300,1000,3000,10000] [--repeat N] [--excel] [--district]
     [--json FILE]

1. Workloads: demo registers of 300, 1,000, 3,000 (W1, the headline) and 10,000 pupils, a full
   school year 2025-2026 each, written once by `python -m socpass demo` into a cache folder
   (`benchmarks/.work/`, `--work DIR`; `--regenerate` writes them again).
2. Every command (`validate`, `summary`, `flag`, `report`, `class-forms`, and `collect` on the
   workload's own forms as issued) runs as `python -m socpass ...` in its own process,
   `--repeat` times (5; 3 for 10,000 pupils), round-robin with the baselines. Per process: wall
   time (perf_counter around spawn and reap), CPU time (user + sys) and peak resident memory
   from `os.wait4`'s rusage.
   The medians are printed; a non-zero exit code is shown in the table.
3. Baselines, measured the same way in the same run: (a) a Python that imports pandas and
   python_calamine and parses every sheet with calamine (the "× parse" ratios divide by this),
   (b) `pandas.read_excel(path, sheet_name=None)` with its default engine (openpyxl), (c) a bare
   interpreter start.
4. `--excel`: the Flag macro under xlwings' remote engine (wall time, write actions) and the
   custom functions' latency, for 1,000 and 3,000 pupils. This is the only part that imports
   socpass itself (see `excel_child`), and it runs in a child process, so an import that fails
   after a refactoring is shown as "failed: ..." instead of stopping the run.

5. `--district`: W2, a district of 300 schools consolidated on Dask against calamine parsing the
   same files in parallel (benchmarks/district.py, which also runs on its own).

Progress goes to stderr, the Markdown report to stdout; `--json FILE` keeps every raw number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_WORK = HERE / ".work"
SIZES = (300, 1000, 3000, 10000)
HEADLINE = 3000  # W1
EXCEL_SIZES = (1000, 3000)
SEED = 2025
LANG = "kk"
TODAY = "2026-06-01"  # just after the demo's school year 2025-2026, as `socpass demo` sees it

#: The measured commands: "{register}" is the workload, "{tmp}" a fresh empty folder per run,
#: "{forms}" the workload's class forms as issued (written once, unmeasured: `issued_forms`), so
#: `collect` reads every class's form and finds nothing to change (its dry run).
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{register}"],
    "summary": ["summary", "{register}"],
    "flag": ["flag", "{register}", "--today", TODAY],
    "report": ["report", "{register}", "-o", "{tmp}/report.docx", "--today", TODAY],
    "class-forms": ["class-forms", "{register}", "--out", "{tmp}/forms", "--today", TODAY],
    "collect": ["collect", "{register}", "{forms}"],
}

PARSE = """\
import sys
import pandas, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
"""
READ_EXCEL = """\
import sys
import pandas
pandas.read_excel(sys.argv[1], sheet_name=None)
"""

#: (key, label, python -c code): the baselines, run on the same register as the commands.
BASELINES = (
    ("parse", "baseline (a): calamine parses every sheet", PARSE),
    ("read_excel", "baseline (b): pandas.read_excel, openpyxl", READ_EXCEL),
    ("bare", "baseline (c): python -c pass", "pass"),
)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- one child process ------------------------------------------------------------------------


#: Runs one measured process, writes its wall time and rusage to argv[1] as JSON. It is a separate,
#: minimal interpreter (`python -I -S`, about 10 MiB) because on Linux a child's ru_maxrss starts at
#: the peak RSS of the process it was spawned from: spawned from this script (which grows as it
#: reads results) a bare `python -c pass` showed 120 MiB.
LAUNCHER = """\
import json, os, signal, sys, time
result, timeout, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
killed = []
def kill(*_):
    killed.append(True)
    os.kill(pid, signal.SIGKILL)
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
signal.signal(signal.SIGALRM, kill)
signal.setitimer(signal.ITIMER_REAL, timeout)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
signal.setitimer(signal.ITIMER_REAL, 0)
code = "timeout" if killed else os.waitstatus_to_exitcode(status)
cpu = usage.ru_utime + usage.ru_stime
with open(result, "w") as f:
    json.dump({"wall": wall, "cpu": cpu, "rss_kib": usage.ru_maxrss, "exit": code}, f)
"""


def run_process(argv: list[str], cwd: Path, timeout: float, env: dict[str, str]) -> dict:
    """Run `argv` once (argv[0] an absolute path): wall and CPU seconds, peak RSS (KiB, Linux's
    ru_maxrss), exit code and the tails of its output. Measured by `LAUNCHER`: wall time with
    perf_counter around spawn and reap, CPU and peak RSS from os.wait4's rusage of the child."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory(prefix="socpass-bench-") as folder,
    ):
        result = Path(folder) / "result.json"
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), str(timeout)]
        subprocess.run(
            [*launcher, *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if not result.exists():
            raise RuntimeError(f"the launcher failed on {argv}: {last_line(stderr)}")
        measured = json.loads(result.read_text())
    return measured | {"stdout_tail": stdout[-2000:], "stderr_tail": stderr[-2000:]}


def child_env(work: Path) -> dict[str, str]:
    """The environment of every measured process: bytecode is cached (in the work folder, so
    nothing is written next to the sources), as on an installed copy, even where the shell sets
    PYTHONDONTWRITEBYTECODE; otherwise every run would compile socpass's modules again."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def load_average() -> float | None:
    """The 1-minute load average: on a shared machine, read the timings against it."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cpu_busy(interval: float = 0.5) -> float | None:
    """The share of all cores busy (not idle, not waiting on I/O) over `interval` seconds."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
        return fields[3] + fields[4], sum(fields)

    try:
        idle0, total0 = sample()
        time.sleep(interval)
        idle1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1 - (idle1 - idle0) / (total1 - total0) if total1 > total0 else None


def wait_until_quiet(max_wait: float, max_busy: float = 0.2) -> float | None:
    """On a shared machine: wait (at most `max_wait` s) until other processes leave the CPU
    mostly idle; the busy share last seen, or None when not waiting."""
    if max_wait <= 0:
        return None
    deadline = time.monotonic() + max_wait
    while True:
        busy = cpu_busy()
        if busy is None or busy <= max_busy or time.monotonic() >= deadline:
            return busy
        time.sleep(2)


def socpass_argv(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "socpass", *args]


def command_exists(name: str, cwd: Path, env: dict[str, str]) -> bool:
    """`python -m socpass NAME --help` works."""
    done = subprocess.run(
        socpass_argv([name, "--help"]),
        cwd=cwd,
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode == 0


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# --- workloads --------------------------------------------------------------------------------


def git_commit() -> str:
    try:
        sha = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "xl_functions"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{sha}+dirty" if dirty else sha


def workload(
    work: Path, pupils: int, seed: int, regenerate: bool, timeout: float, env: dict[str, str]
) -> dict:
    """The demo register of `pupils` pupils in the cache, written by `socpass demo` if missing."""
    folder = work / f"demo_{pupils}_seed{seed}"
    register = folder / f"demo_register_{LANG}.xlsx"
    meta_path = folder / "meta.json"
    if regenerate and folder.exists():
        shutil.rmtree(folder)
    if register.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        log(f"{pupils:>6} pupils: cached {register} (written by socpass {meta['commit']})")
        return meta | {"register": str(register), "cached": True}
    folder.mkdir(parents=True, exist_ok=True)
    args = ["demo", "--pupils", str(pupils), "--seed", str(seed), "--lang", LANG]
    log(f"{pupils:>6} pupils: writing the demo register (socpass {' '.join(args)}) ...")
    done = run_process(socpass_argv([*args, "--out", str(folder)]), folder, timeout, env)
    if done["exit"] != 0 or not register.exists():
        raise RuntimeError(
            f"socpass demo --pupils {pupils} failed (exit {done['exit']}): "
            f"{last_line(done['stderr_tail']) or last_line(done['stdout_tail'])}"
        )
    meta = {
        "pupils": pupils,
        "seed": seed,
        "command": shlex.join(["python", "-m", "socpass", *args, "--out", "DIR"]),
        "commit": git_commit(),
        "written": datetime.now().isoformat(timespec="seconds"),
        "demo_seconds": round(done["wall"], 2),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    log(f"        written in {done['wall']:.1f} s (the demo also flags and writes its report)")
    return meta | {"register": str(register), "cached": False}


def describe(register: Path) -> dict:
    """Rows per Excel Table, file size, months of attendance and quarters of results."""
    facts: dict = {"file_mib": round(register.stat().st_size / 2**20, 2)}
    try:
        import python_calamine  # a dependency of socpass; the parent reads the file only here

        book = python_calamine.CalamineWorkbook.from_path(str(register), load_tables=True)
        tables = {name: book.get_table_by_name(name) for name in book.table_names}
        facts["rows"] = {name: table.height for name, table in tables.items()}
        # the 4th column: the period follows the pupil id and the name and class beside it
        for key, name in (("months", "Attendance"), ("quarters", "Academic")):
            rows = tables[name].to_python() if name in tables else []
            facts[key] = len({row[3] for row in rows if row[3]})
    except Exception as exc:  # the description is informative only
        facts["error"] = f"{type(exc).__name__}: {exc}"
    return facts


# --- measuring --------------------------------------------------------------------------------


def tasks_for(register: str, commands: list[str]) -> list[tuple[str, str, list[str]]]:
    """(key, label, argv template) of every process measured on `register`."""
    tasks = [(f"cmd:{name}", name, socpass_argv(COMMANDS[name])) for name in commands]
    tasks += [
        (f"base:{key}", label, [sys.executable, "-c", code, register])
        for key, label, code in BASELINES
    ]
    return tasks


def fill(template: list[str], register: str, tmp: Path) -> list[str]:
    forms = str(issued_forms_folder(register))
    return [
        part.replace("{register}", register).replace("{tmp}", str(tmp)).replace("{forms}", forms)
        for part in template
    ]


def issued_forms_folder(register: str) -> Path:
    return Path(register).parent / "class_forms"


def issue_forms(register: str, timeout: float, env: dict[str, str]) -> None:
    """The class forms `collect` reads, written once beside the workload (not measured)."""
    folder = issued_forms_folder(register)
    if folder.is_dir() and any(folder.glob("*.xlsx")):
        return
    shutil.rmtree(folder, ignore_errors=True)
    log(f"class forms for {register} (not measured) ...")
    args = ["class-forms", register, "--out", str(folder), "--today", TODAY]
    done = run_process(socpass_argv(args), Path(register).parent, timeout, env)
    if done["exit"] != 0:
        raise RuntimeError(f"socpass class-forms failed: {last_line(done['stderr_tail'])}")


def measure(
    register: str,
    commands: list[str],
    repeat: int,
    timeout: float,
    env: dict[str, str],
    quiet_wait: float,
) -> tuple[dict, list[float]]:
    """Every task `repeat` times, round-robin, so that drift on a shared machine hits all alike."""
    tasks = tasks_for(register, commands)
    runs: dict[str, dict] = {
        key: {"label": label, "argv": template, "runs": []} for key, label, template in tasks
    }
    loads = []
    for n in range(repeat):
        for key, label, template in tasks:
            busy = wait_until_quiet(quiet_wait)
            loads.append(load_average())
            with tempfile.TemporaryDirectory(prefix="socpass-bench-") as tmp:
                done = run_process(fill(template, register, Path(tmp)), Path(tmp), timeout, env)
            done["busy_before"] = busy
            runs[key]["runs"].append(done)
            flag = "" if done["exit"] == 0 else f"  EXIT {done['exit']}"
            log(
                f"    [{n + 1}/{repeat}] {label:<44} {done['wall']:7.2f} s wall "
                f"{done['cpu']:7.2f} s cpu {done['rss_kib'] / 1024:6.0f} MiB{flag}"
            )
    for entry in runs.values():
        done = entry["runs"]
        entry["median"] = {
            "wall": statistics.median(r["wall"] for r in done),
            "cpu": statistics.median(r["cpu"] for r in done),
            "rss_mib": statistics.median(r["rss_kib"] for r in done) / 1024,
        }
        entry["min"] = {
            "wall": min(r["wall"] for r in done),
            "cpu": min(r["cpu"] for r in done),
            "rss_mib": min(r["rss_kib"] for r in done) / 1024,
        }
        entry["exits"] = sorted({str(r["exit"]) for r in done})
        failed = [r for r in done if r["exit"] != 0]
        if failed:
            entry["error"] = last_line(failed[-1]["stderr_tail"]) or last_line(
                failed[-1]["stdout_tail"]
            )
    return runs, [x for x in loads if x is not None]


def warm_up(register: str, commands: list[str], timeout: float, env: dict[str, str]) -> None:
    """One unmeasured run of everything: bytecode caches, matplotlib's font cache, page cache."""
    log("warm-up (not measured) ...")
    for _key, _label, template in tasks_for(register, commands):
        with tempfile.TemporaryDirectory(prefix="socpass-bench-") as tmp:
            run_process(fill(template, register, Path(tmp)), Path(tmp), timeout, env)


# --- Excel side: the only block that imports socpass (and the tests' remote-book helper) -------

EXCEL_EDIT_HEADERS = ("Мекенжайы", "Адрес")  # the address: a cell no count reads


def excel_child(register: str, repeat: int) -> int:
    """Measure the Flag macro and SOCPASS_COUNT on `register`; print one JSON line.

    Runs in its own process (`run.py --excel-child REGISTER`). Internal names used: the tests'
    `support.remote_book.book_from_xlsx`, `socpass.excel.macros.flag_at_risk`,
    `socpass.excel.udfs.SOCPASS_COUNT`. When they move, fix the imports here and nowhere else.
    """
    from datetime import date

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported
    sys.path.insert(0, str(ROOT / "tests"))
    result: dict = {}

    started = time.perf_counter()
    from socpass.excel.macros import flag_at_risk  # with xlwings and pandas, as Excel's first call
    from socpass.excel.udfs import SOCPASS_COUNT

    result["import_socpass"] = time.perf_counter() - started
    started = time.perf_counter()
    from support.remote_book import book_from_xlsx  # the tests' helper (openpyxl, calamine)

    result["import_harness"] = time.perf_counter() - started
    today = date.fromisoformat(TODAY)

    try:  # the Flag macro: a fresh remote book each time (a book records its writes)
        book_s, macro_s, writes = [], [], []
        for _ in range(repeat):
            started = time.perf_counter()
            book = book_from_xlsx(register)
            book_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            text = flag_at_risk(book, today=today)
            macro_s.append(time.perf_counter() - started)
            writes.append(sum(1 for a in book.json()["actions"] if a["func"] != "alert"))
        result["flag"] = {
            "book": statistics.median(book_s),
            "macro": statistics.median(macro_s),
            "macro_runs": macro_s,
            "writes": statistics.median(writes),
            "message": text,
        }
    except Exception as exc:
        result["flag"] = {"failed": f"{type(exc).__name__}: {exc}"}

    try:  # custom functions on the Pupils table as Excel passes Pupils[#All]
        table = excel_table(register, "Pupils")
        edit = next(i for i, h in enumerate(table[0]) if h in EXCEL_EDIT_HEADERS)
        cells = count_formulas()
        first, recalc, unchanged = [], [], []
        for n in range(repeat):
            table[1][edit] = f"edit {n}a"  # as the user types: the table is new to the functions
            started = time.perf_counter()
            value = SOCPASS_COUNT(table, *cells[0])
            first.append(time.perf_counter() - started)
            table[1][edit] = f"edit {n}b"
            started = time.perf_counter()
            values = [SOCPASS_COUNT(table, *cell) for cell in cells]
            recalc.append(time.perf_counter() - started)
            started = time.perf_counter()
            SOCPASS_COUNT(table, *cells[0])
            unchanged.append(time.perf_counter() - started)
        bad = [v for v in [value, *values] if not isinstance(v, int)]
        if bad:
            raise ValueError(f"SOCPASS_COUNT returned {bad[0]!r}")
        result["udf"] = {
            "first": statistics.median(first),
            "recalc": statistics.median(recalc),
            "unchanged": statistics.median(unchanged),
            "formulas": len(cells),
        }
    except Exception as exc:
        result["udf"] = {"failed": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(result))
    return 0


def excel_table(register: str, name: str) -> list[list[object]]:
    """The Excel Table `name` (header row, then rows) with values as xlwings hands them to a UDF:
    numbers as floats, dates as datetimes, empty cells as None."""
    from datetime import date, datetime

    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(register, load_tables=True)
    table = book.get_table_by_name(name)

    def cell(v: object) -> object:
        if v == "":
            return None
        if isinstance(v, int) and not isinstance(v, bool):
            return float(v)
        if isinstance(v, date) and not isinstance(v, datetime):
            return datetime(v.year, v.month, v.day)
        return v

    return [list(table.columns)] + [[cell(v) for v in row] for row in table.to_python()]


def count_formulas() -> list[tuple[str, str, float | None]]:
    """The 30 SOCPASS_COUNT cells (category, what, class) of a recalculation: per category pupils,
    families (where a category counts them) and grade 5; written out, so the workload does not
    change when the schema module moves."""
    families = ("single_parent", "large_family", "half_orphan", "low_income", "step_parent")
    families += ("disability", "special_needs")
    keys = ("single_parent", "large_family", "half_orphan", "orphan", "no_parental_care")
    keys += ("low_income", "step_parent", "disability", "special_needs")
    cells: list[tuple[str, str, float | None]] = []
    for key in keys:
        cells.append((key, "pupils", None))
        cells.append((key, "families" if key in families else "pupils", None))
        cells.append((key, "pupils", 5.0))
    return (cells * 2)[:30]


def measure_excel(register: str, repeat: int, timeout: float, env: dict[str, str]) -> dict:
    """`excel_child` in its own process; a failure becomes {"failed": reason}."""
    with tempfile.TemporaryDirectory(prefix="socpass-bench-") as tmp:
        argv = [sys.executable, str(Path(__file__).resolve()), "--excel-child", register]
        done = run_process([*argv, "--repeat", str(repeat)], Path(tmp), timeout, env)
    process = {"wall": done["wall"], "rss_mib": done["rss_kib"] / 1024, "load": load_average()}
    try:
        if done["exit"] != 0:
            raise ValueError
        return json.loads(last_line(done["stdout_tail"])) | {"process": process}
    except ValueError:
        reason = last_line(done["stderr_tail"]) or f"exit {done['exit']}"
        return {"failed": reason, "process": process}


# --- report -----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or "unknown CPU"
    ram = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 2**20  # kB -> GiB
    except OSError:
        pass

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram, 1) if ram else None,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pandas": version("pandas"),
        "python-calamine": version("python-calamine"),
        "openpyxl": version("openpyxl"),
        "xlwings": version("xlwings"),
        "date": datetime.now().isoformat(timespec="minutes"),
        "socpass_commit": git_commit(),
        "load_average": load_average(),
    }


def machine_line(m: dict) -> str:
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}; Python {m['python']}, "
        f"pandas {m['pandas']}, python-calamine {m['python-calamine']}, openpyxl {m['openpyxl']}, "
        f"xlwings {m['xlwings']}; {m['date']}; socpass at {m['socpass_commit']}; "
        f"load average at the start {m['load_average']}"
    )


def size_title(entry: dict, pupils: int) -> str:
    facts, repeat, load = entry["workload"], entry["repeat"], entry.get("load", [])
    busy = [
        r["busy_before"]
        for task in entry["runs"].values()
        for r in task["runs"]
        if r.get("busy_before") is not None
    ]
    rows = sum(facts.get("rows", {}).values())
    name = " (W1, the headline)" if pupils == HEADLINE else ""
    extra = ""
    if "rows" in facts:
        extra = (
            f", {rows:,} table rows, {facts['file_mib']} MiB; "
            f"{facts['months']} months of attendance, {facts['quarters']} quarters of results"
        )
    context = f"; load average {statistics.mean(load):.1f} during the runs" if load else ""
    if busy:
        context += f", CPU busy before a run {statistics.median(busy):.0%} (median)"
    return f"{pupils:,} pupils{name}{extra}; median of {repeat}{context}"


def size_table(sizes: dict, pupils: int) -> list[str]:
    entry = sizes[pupils]
    runs = entry["runs"]
    lines = [
        f"#### {size_title(entry, pupils)}",
        "",
        "| process | wall s | CPU s | peak RSS MiB | × parse | CPU × parse | exit |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name in entry["commands"] + entry["missing"]:
        if name in entry["missing"]:
            lines.append(f"| `{name}` | not yet | | | | | |")
            continue
        lines.append(row(f"`{name}`", runs[f"cmd:{name}"], runs["base:parse"]["median"]))
    for key, label, _code in BASELINES:
        lines.append(row(f"*{label}*", runs[f"base:{key}"], runs["base:parse"]["median"]))
    return lines


def row(label: str, entry: dict, parse: dict) -> str:
    m = entry["median"]
    exits = ", ".join(entry["exits"])
    if "error" in entry:
        exits += f": {entry['error'][:120]}"
    return (
        f"| {label} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss_mib']:.0f} "
        f"| {ratio(m['wall'] / parse['wall'])} | {ratio(m['cpu'] / parse['cpu'])} | {exits} |"
    )


def ratio(x: float) -> str:
    return f"{x:.1f}" if x >= 0.95 else f"{x:.2f}"


def growth_table(sizes: dict, metric: str) -> list[str]:
    """Wall or CPU seconds (× parse) of every process across the sizes: how cost grows."""
    order = sorted(sizes)
    lines = [
        "| process | " + " | ".join(f"{n:,}" for n in order) + " |",
        "|---|" + "---:|" * len(order),
    ]
    first = sizes[order[0]]
    keys = [f"cmd:{name}" for name in first["commands"]] + [f"base:{k}" for k, _, _ in BASELINES]
    for key in keys:
        label = first["runs"][key]["label"] if key.startswith("base:") else f"`{key[4:]}`"
        cells = []
        for n in order:
            runs = sizes[n]["runs"]
            if key not in runs:
                cells.append("–")
                continue
            value = runs[key]["median"][metric]
            base = runs["base:parse"]["median"][metric]
            cells.append(f"{value:.2f} s (×{ratio(value / base)})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def excel_table_md(excel: dict) -> list[str]:
    order = sorted(excel)
    lines = [
        "| Excel side (xlwings remote engine), median | "
        + " | ".join(f"{n:,} pupils" for n in order)
        + " |",
        "|---|" + "---:|" * len(order),
    ]

    def cell(n: int, part: str, field: str, fmt) -> str:
        result = excel[n]
        if "failed" in result:
            return f"failed: {result['failed'][:100]}"
        if "failed" in result[part]:
            return f"failed: {result[part]['failed'][:100]}"
        return fmt(result[part][field])

    def seconds(x: float) -> str:
        return f"{x:.2f} s"

    def millis(x: float) -> str:
        return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"

    def top(field: str, fmt) -> str:
        return " | ".join(
            f"failed: {excel[n]['failed'][:100]}" if "failed" in excel[n] else fmt(excel[n][field])
            for n in order
        )

    spec = [
        ("Flag macro: wall (read the book, flag, record the writes)", "flag", "macro", seconds),
        ("Flag macro: write actions", "flag", "writes", lambda x: f"{x:.0f}"),
        ("SOCPASS_COUNT: one call on a fresh table", "udf", "first", millis),
        ("SOCPASS_COUNT: recalculation of 30 calls after an edit", "udf", "recalc", millis),
        ("SOCPASS_COUNT: one call, table unchanged", "udf", "unchanged", millis),
    ]
    for label, part, field, fmt in spec:
        lines.append(f"| {label} | " + " | ".join(cell(n, part, field, fmt) for n in order) + " |")
    lines.append(
        f"| import socpass.excel.macros + udfs (with xlwings, pandas) | {top('import_socpass', seconds)} |"
    )
    lines.append(
        "| *harness: building the remote book from the .xlsx* | "
        + " | ".join(cell(n, "flag", "book", seconds) for n in order)
        + " |"
    )
    return lines


def markdown(report: dict) -> str:
    lines = [
        f"Machine: {machine_line(report['machine'])}",
        "",
        f"Command: `{report['command']}`",
        "",
    ]
    sizes = report["sizes"]
    for pupils in sorted(sizes):
        lines += size_table(sizes, pupils) + [""]
    if len(sizes) > 1:
        lines += ["#### Wall time across sizes (× parse)", ""] + growth_table(sizes, "wall") + [""]
        lines += ["#### CPU time across sizes (× parse)", ""] + growth_table(sizes, "cpu") + [""]
    if report.get("excel"):
        lines += ["#### Excel side", ""] + excel_table_md(report["excel"]) + [""]
    if report.get("district"):
        from district import markdown as district_markdown  # W2, benchmarks/district.py

        lines += district_markdown(report["district"]) + [""]
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------------


def int_list(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int_list, default=list(SIZES), help="300,1000,3000,10000")
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs per process (default 5; 3 for 10,000)"
    )
    parser.add_argument("--commands", default=",".join(COMMANDS), help="which commands to run")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="cache of the workloads")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--regenerate", action="store_true", help="write the workloads again")
    parser.add_argument("--excel", action="store_true", help="also the Excel side")
    parser.add_argument("--excel-sizes", type=int_list, default=list(EXCEL_SIZES))
    parser.add_argument("--json", type=Path, metavar="FILE", help="save every raw number")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per process")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        metavar="S",
        help="before each run, wait up to S seconds for other processes to leave the CPU idle "
        "(below 20%% busy); for shared machines",
    )
    parser.add_argument(
        "--district",
        action="store_true",
        help="also W2: a district of 300 schools consolidated (benchmarks/district.py)",
    )
    parser.add_argument("--excel-child", metavar="REGISTER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.excel_child:
        return excel_child(args.excel_child, args.repeat or 5)

    def repeat_for(pupils: int) -> int:
        return args.repeat or (3 if pupils >= 10_000 else 5)

    wanted = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in COMMANDS]
    if unknown:
        parser.error(f"unknown command(s): {', '.join(unknown)}; known: {', '.join(COMMANDS)}")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = child_env(work)
    commands = [c for c in wanted if command_exists(c, work, env)]
    missing = [c for c in wanted if c not in commands]
    for name in missing:
        log(f"{name}: not yet (python -m socpass {name} --help fails)")

    report: dict = {
        "machine": machine(),
        "command": shlex.join(["python", "benchmarks/run.py", *sys.argv[1:]]),
        "sizes": {},
        "excel": {},
    }
    log(machine_line(report["machine"]))
    needed = sorted(set(args.sizes) | (set(args.excel_sizes) if args.excel else set()))
    loads = {n: workload(work, n, args.seed, args.regenerate, args.timeout, env) for n in needed}
    if "collect" in commands:
        for pupils in args.sizes:
            issue_forms(loads[pupils]["register"], args.timeout, env)
    if args.sizes:
        warm_up(loads[min(args.sizes)]["register"], commands, args.timeout, env)
    for pupils in sorted(args.sizes):
        register = loads[pupils]["register"]
        log(f"{pupils:,} pupils, {repeat_for(pupils)} runs each:")
        runs, load = measure(
            register, commands, repeat_for(pupils), args.timeout, env, args.quiet_wait
        )
        report["sizes"][pupils] = {
            "workload": loads[pupils] | describe(Path(register)),
            "repeat": repeat_for(pupils),
            "commands": commands,
            "missing": missing,
            "runs": runs,
            "load": load,
        }
    if args.excel:
        for pupils in sorted(args.excel_sizes):
            log(f"Excel side, {pupils:,} pupils ...")
            wait_until_quiet(args.quiet_wait)
            result = measure_excel(loads[pupils]["register"], repeat_for(pupils), args.timeout, env)
            report["excel"][pupils] = result
            log(f"    {json.dumps(result, ensure_ascii=False)[:300]}")
    if args.district:
        from district import JOBS, REPEAT, SCHOOLS, run_w2

        log(f"W2: a district of {SCHOOLS} schools, {JOBS} workers ...")
        report["district"] = run_w2(work, SCHOOLS, JOBS, REPEAT, args.regenerate, args.timeout)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        log(f"raw numbers: {args.json}")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
