"""Test helper: every file this process opens for writing, while a block runs.

`sys.addaudithook` sees each `open()` (Python's and the libraries' written in Python: XlsxWriter,
openpyxl, zipfile, tempfile) with its path and mode, so a test can say which files a command wrote
and what each one held when it was closed. An audit hook cannot be removed; one hook serves all
tests and records only while `watching` is active.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_active: list[list[Path]] = []


def _hook(event: str, args: tuple) -> None:
    if not _active or event != "open":
        return
    path, mode, flags = args
    if isinstance(path, int) or path is None:
        return
    writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    )
    if writes:
        _active[-1].append(Path(os.fsdecode(path)).absolute())


sys.addaudithook(_hook)


@contextmanager
def written_files() -> Iterator[list[Path]]:
    """The paths opened for writing inside the block (in order, repeats kept)."""
    seen: list[Path] = []
    _active.append(seen)
    try:
        yield seen
    finally:
        _active.remove(seen)
