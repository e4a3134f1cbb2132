"""Write files the way a user can trust: whole, with ordinary permissions, never over her work.

`replacing` replaces a file all at once: a user never finds a half-written register, risk list or
report.
The new content goes to a temporary file in the same folder, which then replaces the target in one
`os.replace`; on any failure the temporary file is removed and the target is left as it was. The
result keeps the replaced file's permissions, or gets the usual ones for a new file (not mkstemp's
owner-only 0600). `unused_path` picks "report (2).docx" when "report.docx" is already there, for
outputs she may have edited by hand since (the report she is about to sign).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; when the block succeeds it becomes `path`."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def unused_path(path: Path) -> Path:
    """`path`, or the first free "name (2).ext", "name (3).ext", … beside it."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return candidate
