"""Who else is using a file socpass is about to write: Excel or LibreOffice with it open, or
another socpass writing it.

Excel keeps "~$register.xlsx" and LibreOffice ".~lock.register.xlsx#" beside a file they have
open; writing it then is lost when they save over it (and on Windows fails), so a write is refused
with "close it first" while such a lock file is there (`refuse_if_open`). Two socpass runs on one
file (two windows, a button and a command) take turns through an advisory lock (`claimed`: flock on
POSIX, msvcrt on Windows, on a small lock file next to it, removed afterwards): the second refuses,
and for close-year the lock is held from reading the register to writing it back.

Temporary files of an earlier run that was killed are the only thing socpass can leave behind;
they hold pupil data, so every claim removes those of its file (`temp_files`), and `sweep` does the
same on any read of the register when there are some.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import Text

#: Decided once, by the running system (not `sys.platform`, which tests may pretend with).
WINDOWS = os.name == "nt"

#: What socpass's own files beside a user's file start with: hidden on Linux and macOS (and
#: marked hidden on Windows), and named so that a user who sees one knows whose it is.
PREFIX = ".~socpass-"
TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"
#: Characters of the user's file name kept in socpass's file names (a name may be 255 bytes long).
SHORT_NAME = 60

OPEN_ELSEWHERE = Text(
    "«{file}» қазір Excel-де немесе LibreOffice-те ашық («{lock}» файлы бар): алдымен оны "
    "жабыңыз, содан кейін қайталаңыз (бағдарлама жабық болса, «{lock}» файлын өшіріңіз). "
    "Файл өзгертілген жоқ.",
    "Файл «{file}» сейчас открыт в Excel или LibreOffice (есть файл «{lock}»): сначала закройте "
    "его, затем повторите (если программа закрыта, удалите файл «{lock}»). Файл не изменён.",
)
BUSY = Text(
    "«{file}» файлына қазір socpass-тың басқа іске қосылуы жазып жатыр (басқа терезе немесе "
    "Excel-дегі батырма): ол аяқталғанша күтіп, қайталаңыз. Файл өзгертілген жоқ.",
    "В файл «{file}» сейчас пишет другой запуск socpass (другое окно или кнопка в Excel): "
    "дождитесь его окончания и повторите. Файл не изменён.",
)

_held: dict[Path, int] = {}  # lock files this process holds, with how many claims on each


def short_name(path: Path) -> str:
    return path.name[:SHORT_NAME]


def lock_path(target: Path) -> Path:
    return target.with_name(f"{PREFIX}{short_name(target)}{LOCK_SUFFIX}")


def temp_files(target: Path) -> list[Path]:
    """What killed runs left beside `target`: its temporary files, and the temporary and lock
    files of its backups (written only while `target` itself is held)."""
    backups = glob.escape(f"{target.stem}.bak-"[:SHORT_NAME])
    patterns = (f"{PREFIX}{glob.escape(short_name(target))}.*{TEMP_SUFFIX}", f"{PREFIX}{backups}*")
    with contextlib.suppress(OSError):
        return sorted({p for pattern in patterns for p in target.parent.glob(pattern)})
    return []


def office_lock(path: Path) -> Path | None:
    """The lock file Excel, Word or LibreOffice keeps beside `path` while they have it open."""
    name = path.name
    names = [f"~${name}", f".~lock.{name}#"]
    if path.suffix.lower() in (".docx", ".doc"):  # Word shortens long names: "~$port_2025.docx"
        names += [f"~${name[1:]}", f"~${name[2:]}"]
    return next((path.with_name(n) for n in names if _exists(path.with_name(n))), None)


def _exists(path: Path) -> bool:
    """Whether `path` exists; a name too long to exist (a long name with "~$" added) does not."""
    try:
        return path.exists()
    except OSError:
        return False


def refuse_if_open(*paths: Path) -> None:
    """Refuse (exit 2) when one of `paths` (the name given, the file a link points at) is open."""
    for path in paths:
        lock = office_lock(path)
        if lock is not None:
            raise SocpassError(OPEN_ELSEWHERE, file=path.name, lock=lock.name)


@contextlib.contextmanager
def claimed(target: Path, given: Path | None = None) -> Iterator[None]:
    """Hold socpass's lock on `target` (the real file; `given` the name the user gave) for the
    block, after refusing a file open in Excel or LibreOffice; removes stale temporary files.

    Re-entrant within one process (close-year claims the register, then writes it). Raises
    `SocpassError` BUSY when another socpass holds it, and `OSError` when the folder cannot take
    the lock file (read-only), before anything was written.
    """
    refuse_if_open(*dict.fromkeys([given or target, target]))
    lock = lock_path(target)
    if lock in _held:
        _held[lock] += 1
        try:
            yield
        finally:
            _held[lock] -= 1
        return
    fd = _acquire(lock, given or target)
    _held[lock] = 1
    try:
        for stale in temp_files(target):
            stale.unlink(missing_ok=True)
        yield
    finally:
        del _held[lock]
        _release(lock, fd)


def sweep(target: Path) -> None:
    """Remove temporary files a killed run left beside `target`, if no other socpass is writing
    it; quietly nothing when there are none or the folder cannot be written."""
    if not temp_files(target) and not lock_path(target).exists():
        return
    with contextlib.suppress(SocpassError, OSError), claimed(target):
        pass


def _acquire(lock: Path, shown: Path) -> int:
    for _ in range(10):  # the lock file may be removed by its holder as we open it: try again
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise SocpassError(BUSY, file=shown.name)
        with contextlib.suppress(OSError):
            if _same_file(fd, lock):
                return fd
        os.close(fd)
    raise SocpassError(BUSY, file=shown.name)


def _same_file(fd: int, lock: Path) -> bool:
    """Whether the locked file is still the one at `lock` (not one its holder just removed)."""
    if WINDOWS:
        return True  # an open file cannot be removed on Windows
    held, now = os.fstat(fd), os.stat(lock)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def _try_lock(fd: int) -> bool:
    if WINDOWS:
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _release(lock: Path, fd: int) -> None:
    """Remove the lock file while still holding it (POSIX), then let it go."""
    if not WINDOWS:
        with contextlib.suppress(OSError):
            lock.unlink()
    os.close(fd)
    if WINDOWS:
        with contextlib.suppress(OSError):
            lock.unlink()
