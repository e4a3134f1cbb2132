"""Print the corpus' case table, from the repository root:
`PYTHONPATH=tests:xl_functions python -m tests.corpus.report [CASE ...] [--keep DIR] [--json F]`.

Builds every case (or the ones named) in a temporary folder, runs them two at a time and prints,
per case and command, the outcome: the exit code, or TRACEBACK / KILLED(mem) / TIMEOUT /
MODIFIED; a star marks an outcome that is not what the case expects. Totals follow.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .harness import CaseRun, label, problems, run_corpus
from .model import CASES, COMMANDS, WRITERS


def table(runs: dict[str, CaseRun]) -> str:
    """The case table (Markdown) and its totals."""
    head = ["case", *COMMANDS, "xfail", "description"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    totals = dict.fromkeys(
        ("tracebacks", "modified", "exit 3", "killed", "not as expected", "cases failing"), 0
    )
    skipped = []
    for name in CASES:
        if name not in runs:
            continue
        run, case = runs[name], CASES[name]
        if run.built.error:
            skipped.append(f"{name}: not built ({run.built.error})")
            continue
        bad = problems(case, run)
        cells = [label(cmd, run.results[cmd], cmd in bad) for cmd in COMMANDS]
        for cmd in COMMANDS:
            r = run.results[cmd]
            totals["tracebacks"] += bool(r["traceback"])
            modified = r["sha_after"] != r["sha_before"] or r["link_after"] != r["link_before"]
            totals["modified"] += modified and (cmd not in WRITERS or r["exit"] != 0)
            totals["exit 3"] += r["exit"] == 3
            totals["killed"] += bool(r["signal"] or r["timed_out"] or r.get("lost"))
            totals["not as expected"] += cmd in bad
        totals["cases failing"] += bool(bad)
        xfail = "xfail" if case.defect else ""
        about = case.description if len(case.description) <= 90 else case.description[:89] + "…"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {xfail} | {about} |")
    built = sum(1 for r in runs.values() if not r.built.error)
    summary = [
        "",
        f"cases: {built} run of {len(CASES)}; commands: "
        + ", ".join(f"{k}: {v}" for k, v in totals.items()),
        *skipped,
    ]
    return "\n".join(lines + summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.report", description=__doc__)
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--keep", type=Path, help="build and run in this folder and keep it")
    parser.add_argument("--json", type=Path, help="also write every result as JSON here")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown cases: {', '.join(unknown)}")
    root = args.keep or Path(tempfile.mkdtemp(prefix="socpass-corpus-"))
    started = time.monotonic()
    try:
        runs = run_corpus(root, args.cases or None, args.workers)
        print(table(runs))
        print(f"time: {time.monotonic() - started:.0f} s")
        if args.json:
            payload = {
                name: {
                    "results": run.results,
                    "problems": problems(CASES[name], run) if not run.built.error else None,
                    "build_error": run.built.error,
                    "build_seconds": round(run.built.seconds, 2),
                    "run_seconds": round(run.seconds, 2),
                }
                for name, run in runs.items()
            }
            args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
