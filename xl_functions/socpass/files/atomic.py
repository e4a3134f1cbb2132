"""The one way socpass writes a file: whole or not at all, never beside an open Excel, never
leaving pupil data behind.

Every file socpass writes (a register, its backup, the risk list, a report, a PDF) goes through
`write_file`, with its content built in memory first (XlsxWriter `in_memory`, openpyxl through
`files.openpyxl_memory`, docx bytes), so no library leaves a copy in the system's temp folder:

1. the name given is followed to the real file when it is a symbolic link (a register shared from
   another folder is replaced there, the link stays);
2. it is refused with "close it first" while Excel or LibreOffice has the file open, and waits
   for no other socpass: a second writer refuses (`files.in_use.claimed`, an advisory lock);
3. the content goes to a temporary file in the same folder, hidden and named ".~socpass-…tmp",
   owner-only while it is written, flushed and fsynced; then it is read back and checked (same
   bytes, and `check` on them: the workbook opens, its sheets are there);
4. with `backup`, the old file is first copied to its backup name (`backup_path`), written the same
   safe way, so a failed backup never looks like a good one;
5. the temporary file gets the permissions of the file it replaces (or the usual ones for a new
   file), never more open than the file it was made from (`derived_from`: a risk list from an
   owner-only register stays owner-only), and replaces the target in one `os.replace`.

On any failure, Ctrl+C included, the temporary file is removed and the target is left as it was;
a run that was killed leaves only its temporary file, which the next write (or read) of the same
file removes. OS errors, and the writing libraries' own ones, become one message naming the file
(exit 2). `unused_path` picks "report (2).docx" beside a report she may have edited.

Tests only: `SOCPASS_TEST_PAUSE=<point>` stops a write at a named point (see `_pause`) so a test
can kill the process exactly there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import Text
from .encryption import decrypt_bytes, encrypt
from .in_use import PREFIX, TEMP_SUFFIX, WINDOWS, claimed, short_name

CANNOT_WRITE = Text(
    "«{path}» файлын жазу мүмкін болмады ({error_kk}). Файл Excel-де ашық болса, жабыңыз да "
    "қайталаңыз. Бұрынғы файл өзгертілген жоқ.",
    "Не удалось записать файл «{path}» ({error_ru}). Если он открыт в Excel, закройте его и "
    "повторите. Прежний файл не изменён.",
)
#: The causes a user can act on, in her words; others are named by the system's own words.
REASONS = {
    errno.ENOSPC: Text("дискіде бос орын жоқ", "на диске нет места"),
    errno.EDQUOT: Text("дискідегі үлесіңіз таусылды", "исчерпана квота на диске"),
    errno.EACCES: Text("бұл қалтаға жазуға рұқсат жоқ", "нет прав на запись в эту папку"),
    errno.EPERM: Text("бұл қалтаға жазуға рұқсат жоқ", "нет прав на запись в эту папку"),
    errno.EROFS: Text("диск тек оқуға арналған", "диск только для чтения"),
    errno.ENOENT: Text("қалта жоқ", "папка не существует"),
    errno.ENAMETOOLONG: Text("файлдың аты тым ұзын", "слишком длинное имя файла"),
    errno.EIO: Text("дискіге жазу қатесі", "ошибка записи на диск"),
}
#: Bytes a file name may have on the usual file systems.
NAME_BYTES = 255


@dataclass(frozen=True)
class Written:
    path: Path  # as given
    backup: Path | None = None


def write_file(
    path: Path,
    data: bytes,
    *,
    backup: bool = False,
    derived_from: Path | None = None,
    check: Callable[[bytes], None] | None = None,
    encrypt_with: str | None = None,
    role: str = "",
) -> Written:
    """Replace `path` by `data` safely (see the module); the backup of the old file if asked.

    `check(content)` raises on content that does not open (it gets the plain content of an
    encrypted file); `encrypt_with` writes the file encrypted with that password.
    """
    path = Path(path)
    target = real_target(path)
    with writing(path):
        payload = encrypt(data, encrypt_with) if encrypt_with else data
        mode = _mode(target, derived_from)
        tmp = _temporary(target, path)
        try:
            _write_synced(tmp, payload)
            _pause(f"{role}written")
            _read_back(tmp, payload, check, encrypt_with)
            kept = keep_backup(target) if backup and target.exists() else None
            _pause(f"{role}backed-up")
            os.chmod(tmp, mode)
            _show(tmp)
            os.replace(tmp, target)
            _sync_folder(target.parent)
            _pause(f"{role}replaced")
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            if _write_error(exc):
                raise cannot_write(path, exc) from exc
            raise
    return Written(path, kept)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Hold `path` for a read-modify-write (close-year, upgrade): refused while it is open in
    Excel or LibreOffice or another socpass writes it; re-entrant, so `write_file` inside works."""
    path = Path(path)
    try:
        with claimed(real_target(path), path):
            yield
    except OSError as exc:  # the lock file could not be made: the folder cannot be written
        raise cannot_write(path, exc) from exc


@contextlib.contextmanager
def library_errors(path: Path) -> Iterator[None]:
    """Around building a file's content: an error of the writing library (XlsxWriter's, even
    its `FileCreateError`, which is no `OSError`) is the one write message (exit 2)."""
    try:
        yield
    except Exception as exc:
        if _write_error(exc):
            raise cannot_write(path, exc) from exc
        raise


def _write_error(exc: BaseException) -> bool:
    """An OS error or an XlsxWriter one (its `FileCreateError` wraps the OS error). XlsxWriter is
    looked up, not imported: a run that never loaded it (a read-only `flag`) cannot have raised it."""
    xlsxwriter_errors = sys.modules.get("xlsxwriter.exceptions")
    return isinstance(exc, OSError) or (
        xlsxwriter_errors is not None and isinstance(exc, xlsxwriter_errors.XlsxWriterException)
    )


def real_target(path: Path) -> Path:
    """The file a write replaces: the one a symbolic link points at, else `path` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def cannot_write(path: Path, exc: BaseException) -> SocpassError:
    """The one message for a file socpass could not write (exit 2)."""
    cause = exc.__cause__ if not isinstance(exc, OSError) and exc.__cause__ else exc
    detail = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    reason = REASONS.get(getattr(cause, "errno", None) or 0)
    return SocpassError(
        CANNOT_WRITE,
        exit_code=2,
        path=path,
        error_kk=reason.kk if reason else detail,
        error_ru=reason.ru if reason else detail,
        detail=detail,
    )


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """`register.bak-20260615-143000.xlsx` next to `register.xlsx` (numbered if that exists;
    a long name is shortened so the backup's name still fits the file system)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    tail = f".bak-{stamp}-99{path.suffix}"
    stem = path.stem
    while len((stem + tail).encode()) > NAME_BYTES and stem:
        stem = stem[:-1]
    return unused_path(path.with_name(f"{stem}.bak-{stamp}{path.suffix}"), separator="-")


def keep_backup(path: Path) -> Path:
    """Copy `path` to its backup name the safe way (a failed copy never looks like a backup)."""
    backup = backup_path(path)
    write_file(backup, path.read_bytes(), derived_from=path, role="backup-")
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


# --------------------------------------------------------------------------- the steps


def _mode(target: Path, derived_from: Path | None) -> int:
    """The replaced file's permissions (the usual ones for a new file), no more open than the
    file the content was made from."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        if derived_from is not None:
            mode &= Path(derived_from).stat().st_mode & 0o777
    return mode


def _temporary(target: Path, shown: Path) -> Path:
    """An empty owner-only file beside `target`, hidden and named as socpass's."""
    try:
        fd, name = tempfile.mkstemp(
            prefix=f"{PREFIX}{short_name(target)}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as exc:
        raise cannot_write(shown, exc) from exc
    os.close(fd)
    tmp = Path(name)
    _hide(tmp)
    return tmp


def _write_synced(tmp: Path, payload: bytes) -> None:
    with tmp.open("wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def _read_back(
    tmp: Path, payload: bytes, check: Callable[[bytes], None] | None, password: str | None
) -> None:
    """The file as it is on disk: the bytes written, and content that opens."""
    written = tmp.read_bytes()
    if written != payload:
        raise OSError(errno.EIO, "the file read back differs from what was written")
    if check is None:
        return
    try:
        check(decrypt_bytes(written, password) if password else written)
    except Exception as exc:
        raise OSError(errno.EIO, f"the file written does not open: {exc}") from exc


def _sync_folder(folder: Path) -> None:
    """Make the replace itself durable (POSIX: fsync the folder)."""
    if WINDOWS:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _hide(path: Path) -> None:
    """Windows shows dot files: mark socpass's temporary file hidden there."""
    if WINDOWS:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x02)  # FILE_ATTRIBUTE_HIDDEN


def _show(path: Path) -> None:
    """Unhide before the temporary file becomes the user's file (it keeps its attributes)."""
    if WINDOWS:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x80)  # FILE_ATTRIBUTE_NORMAL


def _pause(point: str) -> None:
    """Tests only: with SOCPASS_TEST_PAUSE=<point> the write says so on stderr and waits at
    `point` ("written": the temporary file is complete; "backup-written", "backed-up",
    "replaced"), so a kill test kills the process exactly there. Unset, this does nothing."""
    if os.environ.get("SOCPASS_TEST_PAUSE") == point:
        print(f"socpass: paused at {point}", file=sys.stderr, flush=True)
        time.sleep(3600)
