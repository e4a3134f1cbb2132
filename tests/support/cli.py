"""Run socpass as a user's shell would, in a child process: `python -m socpass …` on this tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "xl_functions"


def run_socpass(
    *args: object,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 300,
    prefix: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m socpass ARGS` with this tree's package first on the path; output captured;
    `prefix` runs it under another program (strace)."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(SOURCE), environment.get("PYTHONPATH", "")) if p
    )
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "socpass", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
