"""Write files the way a user can trust: whole, with ordinary permissions, never over her work.

`replacing` replaces a file all at once: a user never finds a half-written register, risk list or
report. The new content goes to a temporary file in the same folder, which then replaces the
target in one `os.replace`; on any failure the temporary file is removed and the target is left
as it was, and the failure is one message (exit 2) naming the file. The result keeps the replaced
file's permissions, or gets the usual ones for a new file (not mkstemp's owner-only 0600).

Backups follow one naming rule (`backup_path`: "register.bak-20260615-143000.xlsx", same
extension, so a .xlsm backup keeps its macros), and are written the same safe way (`keep_backup`).
`unused_path` picks "report (2).docx" when "report.docx" is already there, for outputs she may
have edited by hand since (the report she is about to sign).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError

from ..core.findings import SocpassError
from ..core.schema import Text

CANNOT_WRITE = Text(
    "«{path}» файлын жазу мүмкін болмады ({error}). Файл Excel-де ашық болса, жабыңыз да "
    "қайталаңыз. Бұрынғы файл өзгертілген жоқ.",
    "Не удалось записать файл «{path}» ({error}). Если он открыт в Excel, закройте его и "
    "повторите. Прежний файл не изменён.",
)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; when the block succeeds it becomes `path`.

    An `OSError` (or XlsxWriter's `FileCreateError`) on the way becomes `SocpassError` (exit 2).
    """
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent
        )
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except (OSError, FileCreateError) as exc:
        tmp.unlink(missing_ok=True)
        raise cannot_write(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def cannot_write(path: Path, exc: BaseException) -> SocpassError:
    """The one message for a file socpass could not write."""
    cause = exc.__cause__ if isinstance(exc, FileCreateError) and exc.__cause__ else exc
    detail = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    return SocpassError(CANNOT_WRITE, exit_code=2, path=path, error=detail)


def _file_mode(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """`register.bak-20260615-143000.xlsx` next to `register.xlsx` (numbered if that exists)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return unused_path(path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}"), separator="-")


def keep_backup(path: Path) -> Path:
    """Copy `path` to its backup name, safely (a failed copy never looks like a good backup)."""
    backup = backup_path(path)
    with replacing(backup) as tmp:
        shutil.copy2(path, tmp)
    return backup


def unused_path(path: Path, separator: str = " ") -> Path:
    """`path`, or the first free "name (2).ext", "name (3).ext", … beside it (with `separator`
    "-": "name-2.ext")."""
    candidate, number = path, 2
    while candidate.exists():
        suffix = f" ({number})" if separator == " " else f"{separator}{number}"
        candidate = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        number += 1
    return candidate
