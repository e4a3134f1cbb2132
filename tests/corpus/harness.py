"""Run corpus cases through the six commands and judge the results against the promise.

`run_case` starts ONE child process per case (`child.py`, as `python -c`), which runs each
command in a fork of itself under a 2 GiB address-space limit and a 120 s timeout and reports
one JSON line per command. Each command gets a fresh copy of the case's folder, so a writer's
changes never leak into the next command. `problems` holds a result against the promise and the
case's expected outcomes; `label` turns a result into the case table's cell.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from support.cli import SOURCE

from .model import CASES, COMMANDS, WRITERS, Case, Expect, line_pattern

MEMORY_LIMIT = 2 << 30  # 2 GiB of address space per command
TIMEOUT = 120  # seconds per command
CHILD_SOURCE = (Path(__file__).with_name("child.py")).read_text(encoding="utf-8")
MEMORY_MARKERS = ("memory allocation of", "MemoryError", "Unable to allocate", "out of memory")


@dataclass
class Built:
    """A case's files on disk: its folder and the input path relative to it."""

    name: str
    folder: Path
    input: str | None = None
    error: str | None = None
    seconds: float = 0.0


@dataclass
class CaseRun:
    name: str
    built: Built
    results: dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0


def build(case: Case, root: Path) -> Built:
    """Write one case into root/<name>/ (a failing builder is recorded, not raised)."""
    folder = root / case.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.monotonic()
    try:
        path = case.build(folder)
        return Built(
            case.name, folder, os.path.relpath(path, folder), None, time.monotonic() - started
        )
    except Exception as exc:  # e.g. LibreOffice missing for the .xls / .ods cases
        return Built(
            case.name, folder, None, f"{type(exc).__name__}: {exc}", time.monotonic() - started
        )


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOCPASS_LANG"}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SOURCE), env.get("PYTHONPATH", "")) if p)
    env["OPENBLAS_NUM_THREADS"] = "1"  # two cases run at once on two cores
    env.setdefault("MPLBACKEND", "Agg")
    return env


def run_case(
    case: Case, built: Built, work: Path, timeout: float = TIMEOUT, stop_early=False
) -> CaseRun:
    """Run the six commands on fresh copies of the built case, in one child process.

    With `stop_early` the commands after one that timed out, was killed or ran out of memory are
    not run (reported as NOT RUN): a test needs only know that the case fails, and those are the
    slow failures; the case table runs every command."""
    run = CaseRun(case.name, built)
    if built.error is not None:
        return run
    started = time.monotonic()
    commands = []
    for name, template in COMMANDS.items():
        workdir = work / case.name / name
        if workdir.exists():
            shutil.rmtree(workdir)
        (workdir / "out").mkdir(parents=True)
        folder = workdir / "case"
        shutil.copytree(built.folder, folder, symlinks=True)
        path = folder / built.input
        argv = [a.format(path=path, out=workdir / "out") for a in template]
        keeps = next((e.keeps for e in case.expect[name] if e.keeps), None)
        commands.append(
            {
                "name": name,
                "argv": argv,
                "path": str(path),
                "folder": str(folder),
                "workdir": str(workdir),
                "writes": name in WRITERS,
                "keeps": keeps,
                # validate --json as well, for the findings' codes and column letters
                "probe": name == "validate" and any(e.finding for e in case.expect[name]),
            }
        )
    spec = {
        "commands": commands,
        "memory_limit": MEMORY_LIMIT,
        "timeout": timeout,
        "stop_early": stop_early,
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD_SOURCE, json.dumps(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
        cwd=work / case.name,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=len(commands) * (timeout + 150) + 60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            run.results[result["command"]] = result
    for name in COMMANDS:  # the child itself died: say so for every command it did not report
        run.results.setdefault(name, _lost(name, proc.returncode, err))
    run.seconds = time.monotonic() - started
    return run


def _lost(name: str, returncode: int | None, err: bytes) -> dict:
    return {
        "command": name,
        "exit": None,
        "signal": -returncode if returncode and returncode < 0 else None,
        "timed_out": False,
        "lost": True,
        "seconds": 0,
        "peak_rss_kib": 0,
        "stdout": "",
        "stderr": err.decode("utf-8", "replace")[-4000:],
        "traceback": b"Traceback" in err,
        "out_of_memory": False,
        "sha_before": None,
        "sha_after": None,
        "link_before": False,
        "link_after": False,
        "mode_before": None,
        "mode_after": None,
        "new_files": [],
        "findings": None,
        "valid_after": None,
        "kept": None,
    }


def run_corpus(
    root: Path,
    names: Iterable[str] | None = None,
    workers: int = 2,
    timeout: float = TIMEOUT,
    stop_early: bool = False,
) -> dict[str, CaseRun]:
    """Build and run cases (all by default) in a pool of `workers` threads, slowest groups first."""
    names = list(names) if names is not None else list(CASES)
    order = {"size": 0, "zip": 1}
    names.sort(key=lambda n: order.get(CASES[n].group, 2))
    cases_dir, work = root / "cases", root / "work"

    def one(name: str) -> CaseRun:
        built = build(CASES[name], cases_dir)
        return run_case(CASES[name], built, work, timeout, stop_early)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        runs = list(pool.map(one, names))
    return {run.name: run for run in runs}


# --------------------------------------------------------------------------- judging


def _killed(r: dict) -> str | None:
    if r.get("lost"):
        return "NOT RUN"
    if r["timed_out"]:
        return "TIMEOUT"
    if r["signal"]:
        if any(m in r["stderr"] for m in MEMORY_MARKERS):
            return "KILLED(mem)"
        return f"KILLED({signal.Signals(r['signal']).name})"
    return None


def _modified(r: dict) -> bool:
    return r["sha_after"] != r["sha_before"] or r["link_after"] != r["link_before"]


def _stderr_lines(r: dict) -> list[str]:
    return [line for line in r["stderr"].splitlines() if line.strip()]


def promise_problems(command: str, r: dict) -> list[str]:
    """What breaks the promise every command makes on every input file."""
    found = []
    killed = _killed(r)
    if killed:
        found.append(killed)
    if r["traceback"]:
        found.append("traceback or Rust panic in the output")
    if r["exit"] == 3:
        found.append(f"exit 3: {(_stderr_lines(r) or [''])[0][:200]}")
    elif r["exit"] not in (0, 1, 2) and not killed:
        found.append(f"exit {r['exit']}")
    if r["peak_rss_kib"] > MEMORY_LIMIT // 1024:
        found.append(f"peak RSS {r['peak_rss_kib'] // 1024} MiB")
    if r["seconds"] > TIMEOUT:
        found.append(f"{r['seconds']:.0f} s")
    if r["exit"] == 2 and len(_stderr_lines(r)) != 1:
        found.append(f"exit 2 with {len(_stderr_lines(r))} lines on stderr")
    located = r["findings"] is None or any(
        f["severity"] == "error" and f["sheet"] for f in r["findings"]
    )
    if command == "validate" and r["exit"] == 1 and not located:
        found.append("exit 1 without an error that names a sheet")
    if command not in WRITERS:
        if _modified(r):
            found.append("MODIFIED the register")
        if r["new_files"]:
            found.append(f"wrote next to the register: {r['new_files'][:3]}")
    elif r["exit"] != 0:
        if _modified(r):
            found.append("MODIFIED the register, then failed")
    elif r["exit"] == 0:
        if r["sha_after"] == r["sha_before"] and command == "close-year":
            found.append("reported success but the register is unchanged")
        elif r["valid_after"] is False:
            found.append("replaced the register by a workbook that does not read back")
        if r["link_before"] and not r["link_after"]:
            found.append("replaced the symbolic link by a file (the linked register is unchanged)")
        if r["mode_after"] != r["mode_before"]:
            found.append(f"permissions {oct(r['mode_before'])} -> {oct(r['mode_after'])}")
    return found


def _row_texts(sheet: str, row: int) -> tuple[str, ...]:
    return (f"{sheet}, {row}-жол", f"{sheet}, строка {row}")


def _finding_matches(where, f: dict) -> bool:
    return (
        f["severity"] == where.severity
        and (where.sheet is None or f["sheet"] == where.sheet)
        and (where.row is None or f["row"] == where.row)
        and (where.letter is None or f["column_letter"] == where.letter)
        and (where.code is None or f["code"] == where.code)
    )


def mismatch(command: str, expect: Expect, r: dict) -> str | None:
    """Why `r` is not the outcome `expect` describes (None when it is)."""
    if r["exit"] != expect.exit:
        return f"exit {r['exit']}, expected {expect.exit}"
    where = expect.finding
    if where is not None:
        if command == "validate" and r["findings"] is not None:
            if not any(_finding_matches(where, f) for f in r["findings"]):
                return f"no {where.severity} like {where}"
        elif command == "validate" or expect.exit == 1:
            text = r["stdout"] + r["stderr"]
            if where.sheet and where.sheet not in text:
                return f"sheet {where.sheet} not named"
            rows = _row_texts(where.sheet, where.row) if where.sheet and where.row else ()
            if rows and command != "validate" and not any(t in text for t in rows):
                return f"row {where.row} of {where.sheet} not named"
    if expect.line is not None:
        lines = _stderr_lines(r)
        if not lines or not line_pattern(expect.line, expect.lang).fullmatch(lines[0]):
            return f"stderr is not «{expect.line(expect.lang)}»"
    if expect.stdout_lacks and expect.stdout_lacks in r["stdout"] + r["stderr"]:
        return f"output shows «{expect.stdout_lacks}»"
    if expect.keeps and r["kept"] != expect.keeps[2]:
        return f"{expect.keeps[0]}!{expect.keeps[1]} is {r['kept']!r} after writing, expected {expect.keeps[2]!r}"
    return None


def problems(case: Case, run: CaseRun) -> dict[str, list[str]]:
    """Per command: promise violations, then why no expected outcome matched (empty: all fine)."""
    found: dict[str, list[str]] = {}
    for command in COMMANDS:
        r = run.results[command]
        listed = promise_problems(command, r)
        reasons = [mismatch(command, e, r) for e in case.expect[command]]
        if all(reasons):
            listed.append("; or ".join(reasons))
        if listed:
            found[command] = listed
    return found


def label(command: str, r: dict, bad: bool) -> str:
    """The case table's cell: the worst thing that happened, starred when not as expected."""
    text = _killed(r)
    if text is None and r["traceback"]:
        text = "TRACEBACK"
    if text is None:
        modified = _modified(r)
        if modified and (command not in WRITERS or r["exit"] != 0):
            text = "MODIFIED"
        elif r["exit"] == 3 and any(m in r["stderr"] for m in MEMORY_MARKERS):
            text = "3(mem)"
        else:
            text = str(r["exit"])
    return text + ("*" if bad else "")


def describe(run: CaseRun) -> str:
    """Everything about a run, for a failing test's message."""
    lines = []
    for command, r in run.results.items():
        lines.append(
            f"--- {command}: exit {r['exit']} signal {r['signal']} {r['seconds']} s "
            f"{r['peak_rss_kib'] // 1024} MiB"
        )
        stderr = re.sub(r"\n{2,}", "\n", r["stderr"]).strip()
        if stderr:
            lines.append("stderr: " + stderr[-1500:])
    return "\n".join(lines)
