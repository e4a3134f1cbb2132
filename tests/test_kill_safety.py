"""Kill-safety, proven on real processes: `socpass close-year`, `upgrade`, `report -o` and
`flag --out` killed (SIGKILL) at every step of a write leave the user's file byte-identical or
wholly replaced by a valid one, never a partial file under a user's name, and the next run removes
what the killed one left. Also: a full disk, a read-only folder, a file open in Excel or
LibreOffice, and two close-years on one file at once.

The write path stops at named points when SOCPASS_TEST_PAUSE is set (`files.atomic._pause`): the
test waits for "paused at <point>" on stderr, then kills. Other kills need no hook: as soon as the
temporary file appears, and at fixed delays.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import python_calamine
from socpass.demo import generate_demo
from socpass.files.in_use import PREFIX
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register
from support.cli import SOURCE, run_socpass

pytestmark = pytest.mark.slow

CLOSE_DAY = "2026-06-01"
TODAY = "2026-03-10"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A folder with a register, its report and its risk list, made once and copied per test."""
    frames, settings = generate_demo(150, seed=11, lang="kk")
    folder = tmp_path_factory.mktemp("prepared")
    register = write_register(folder / "register.xlsx", "kk", frames, settings)
    assert run_socpass("report", register, "-o", folder / "report.docx").returncode == 0
    flag = run_socpass("flag", register, "--out", folder / "risk.xlsx", "--today", TODAY)
    assert flag.returncode == 0, flag.stderr
    return folder


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start(args: list[str], pause: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SOURCE)}
    env.pop("SOCPASS_TEST_PAUSE", None)
    if pause:
        env["SOCPASS_TEST_PAUSE"] = pause
    return subprocess.Popen(
        [sys.executable, "-m", "socpass", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def _wait_for_pause(process: subprocess.Popen[bytes], point: str, timeout: float = 120) -> None:
    """Wait until the process says it stopped at `point` (the write path's test hook)."""
    assert process.stderr is not None
    fd = process.stderr.fileno()
    os.set_blocking(fd, False)
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        with contextlib.suppress(BlockingIOError):
            seen += os.read(fd, 65536)
        if f"paused at {point}".encode() in seen:
            return
        if process.poll() is not None:
            raise AssertionError(f"ended before {point}: exit {process.returncode}: {seen!r}")
        time.sleep(0.05)
    raise AssertionError(f"never paused at {point}: {seen!r}")


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    if process.stderr is not None:
        process.stderr.close()


# --------------------------------------------------------------------------- what must hold


def _valid(path: Path) -> bool:
    """A whole file of its kind: a register that reads, a workbook or docx that opens."""
    try:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None and "word/document.xml" in archive.namelist()
        if path.name.startswith("register"):
            read_register(path)
            return True
        python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names  # noqa: B018
        return True
    except Exception:
        return False


def _user_named(folder: Path) -> list[Path]:
    """The files a user sees under her names (socpass's own hidden files left out)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith(PREFIX))


def _assert_safe(target: Path, before: str, may_be_replaced: bool) -> None:
    if _digest(target) != before:
        assert may_be_replaced, f"{target.name} changed before it was meant to be replaced"
        assert _valid(target), f"{target.name} replaced by a file that does not open"
    for path in _user_named(target.parent):
        assert _valid(path), f"partial file under a user's name: {path.name}"


def _assert_next_run_cleans(folder: Path, target: Path) -> None:
    """The next run on the same file removes the killed run's temporary files and lock."""
    register = folder / "register.xlsx"
    result = run_socpass("validate", register)
    assert result.returncode in (0, 1), result.stderr
    if target != register:  # an output: its next write cleans beside it
        result = run_socpass(*_COMMANDS[target.name](folder))
        assert result.returncode == 0, result.stderr
    assert [p.name for p in folder.iterdir() if p.name.startswith(PREFIX)] == []


# --------------------------------------------------------------------------- the commands


def _prepare(folder: Path, prepared: Path) -> None:
    folder.mkdir(exist_ok=True)
    for path in prepared.iterdir():
        shutil.copy2(path, folder / path.name)


_COMMANDS = {
    "register.xlsx": lambda f: ["close-year", str(f / "register.xlsx"), "--today", CLOSE_DAY],
    "report.docx": lambda f: ["report", str(f / "register.xlsx"), "-o", str(f / "report.docx")],
    "risk.xlsx": lambda f: [
        "flag",
        str(f / "register.xlsx"),
        "--out",
        str(f / "risk.xlsx"),
        "--today",
        TODAY,
    ],
}
CASES = [
    # (command, the file it replaces, the points it passes: its own write and its backup's)
    ("close-year", "register.xlsx", ["written", "backup-written", "backed-up", "replaced"]),
    ("upgrade", "register.xlsx", ["written", "backup-written", "backed-up", "replaced"]),
    ("report", "report.docx", ["written", "backup-written", "backed-up", "replaced"]),
    ("flag", "risk.xlsx", ["written", "replaced"]),
]


def _args(command: str, folder: Path) -> list[str]:
    if command == "upgrade":
        return ["upgrade", str(folder / "register.xlsx")]
    name = {"close-year": "register.xlsx", "report": "report.docx", "flag": "risk.xlsx"}[command]
    return _COMMANDS[name](folder)


@pytest.mark.parametrize(
    ("command", "target", "point"),
    [(c, t, p) for c, t, points in CASES for p in points],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_killed_at_a_step_of_the_write(tmp_path, prepared, command, target, point):
    _prepare(tmp_path, prepared)
    path = tmp_path / target
    before = _digest(path)
    process = _start(_args(command, tmp_path), pause=point)
    _wait_for_pause(process, point)
    _kill(process)
    _assert_safe(path, before, may_be_replaced=point == "replaced")
    if point != "replaced":
        assert _digest(path) == before
        # the killed run left its temporary file (it holds the pupils) until the next run
        assert any(p.name.startswith(PREFIX) for p in tmp_path.iterdir())
    _assert_next_run_cleans(tmp_path, path)


@pytest.mark.parametrize(("command", "target", "points"), CASES, ids=[c[0] for c in CASES])
def test_killed_as_soon_as_the_temporary_file_appears(tmp_path, prepared, command, target, points):
    _prepare(tmp_path, prepared)
    path = tmp_path / target
    before = _digest(path)
    process = _start(_args(command, tmp_path))
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if any(p.name.endswith(".tmp") for p in tmp_path.iterdir() if p.name.startswith(PREFIX)):
            break
        time.sleep(0.002)
    _kill(process)
    _assert_safe(path, before, may_be_replaced=True)
    _assert_next_run_cleans(tmp_path, path)


@pytest.mark.parametrize("delay", [0.6, 1.2, 1.8, 2.4, 3.0])
def test_close_year_killed_at_any_moment(tmp_path, prepared, delay):
    _prepare(tmp_path, prepared)
    path = tmp_path / "register.xlsx"
    before = _digest(path)
    process = _start(_args("close-year", tmp_path))
    time.sleep(delay)
    _kill(process)
    _assert_safe(path, before, may_be_replaced=True)
    _assert_next_run_cleans(tmp_path, path)


def test_sigterm_and_ctrl_c_leave_nothing_behind(tmp_path, prepared):
    _prepare(tmp_path, prepared)
    path = tmp_path / "register.xlsx"
    before = _digest(path)
    for sig in (signal.SIGTERM, signal.SIGINT):
        process = _start(_args("close-year", tmp_path), pause="written")
        _wait_for_pause(process, "written")
        process.send_signal(sig)
        assert process.wait(timeout=30) in (130, 128 + signal.SIGTERM)
        assert _digest(path) == before
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(PREFIX)] == []


# --------------------------------------------------------------------------- two writers at once


def test_a_second_close_year_refuses_while_the_first_writes(tmp_path, prepared):
    _prepare(tmp_path, prepared)
    path = tmp_path / "register.xlsx"
    before = _digest(path)
    first = _start(_args("close-year", tmp_path), pause="written")
    _wait_for_pause(first, "written")
    second = run_socpass(*_args("close-year", tmp_path), "--lang", "ru")
    assert second.returncode == 2
    assert "другой запуск socpass" in second.stderr and len(second.stderr.splitlines()) == 1
    _kill(first)
    assert _digest(path) == before
    done = run_socpass(*_args("close-year", tmp_path))
    assert done.returncode == 0, done.stderr
    again = run_socpass(*_args("close-year", tmp_path))
    assert again.returncode == 1  # the year is closed once: it is in History now


def test_two_close_years_started_together_close_once(tmp_path, prepared):
    _prepare(tmp_path, prepared)
    path = tmp_path / "register.xlsx"
    before_rows = len(read_register(path).frame("history"))
    processes = [_start(_args("close-year", tmp_path)) for _ in range(2)]
    codes = sorted(p.wait(timeout=300) for p in processes)
    for p in processes:
        p.stderr.close()
    assert codes[0] == 0 and codes[1] in (1, 2)  # refused: busy, or already closed
    after = read_register(path)
    closed = after.frame("history")
    assert after.settings["school_year"] == "2026-2027"
    rows_added = len(closed) - before_rows
    assert rows_added > 0
    assert len(closed.drop_duplicates(["school_year", "metric"])) == len(closed)


# --------------------------------------------------------------------------- open in Excel


@pytest.mark.parametrize("lock", ["~$register.xlsx", ".~lock.register.xlsx#"])
@pytest.mark.parametrize("command", ["close-year", "upgrade"])
def test_a_register_open_in_excel_or_libreoffice_is_not_written(tmp_path, prepared, lock, command):
    _prepare(tmp_path, prepared)
    (tmp_path / lock).write_text("owner")
    before = _digest(tmp_path / "register.xlsx")
    result = run_socpass(*_args(command, tmp_path), "--lang", "ru")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "закройте" in result.stderr and lock in result.stderr
    assert _digest(tmp_path / "register.xlsx") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(p.name for p in prepared.iterdir()), lock]
    )


@pytest.mark.parametrize(
    ("command", "output", "lock"),
    [
        ("report", "report.docx", "~$report.docx"),
        ("flag", "risk.xlsx", "~$risk.xlsx"),
    ],
)
def test_an_output_open_in_word_or_excel_is_not_replaced(tmp_path, prepared, command, output, lock):
    _prepare(tmp_path, prepared)
    before = _digest(tmp_path / output)
    (tmp_path / lock).write_text("owner")
    result = run_socpass(*_args(command, tmp_path))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert _digest(tmp_path / output) == before


# --------------------------------------------------------------------------- full disk, read-only


@contextlib.contextmanager
def _tmpfs(folder: Path, size_kib: int) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()[:120]}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    """Fill the file system of `folder` to the last block."""
    with contextlib.suppress(OSError), (folder / "filler.bin").open("wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


@pytest.mark.parametrize("command", ["close-year", "upgrade", "report", "flag", "new"])
def test_a_full_disk_is_one_message_and_changes_nothing(tmp_path, prepared, command):
    with _tmpfs(tmp_path / "disk", 8 * 1024) as disk:
        _prepare(disk, prepared)
        args = (
            ["new", str(disk / "register.xlsx"), "--force"]
            if command == "new"
            else _args(command, disk)
        )
        target = {"report": "report.docx", "flag": "risk.xlsx"}.get(command, "register.xlsx")
        before = {p.name: _digest(p) for p in _user_named(disk)}
        _fill(disk)
        result = run_socpass(*args, "--lang", "ru")
        assert result.returncode == 2, result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "на диске нет места" in result.stderr and target in result.stderr
        after = {p.name: _digest(p) for p in _user_named(disk) if p.name != "filler.bin"}
        assert after == before
        assert [p.name for p in disk.iterdir() if p.name.startswith(PREFIX)] == []


def test_a_read_only_folder_is_one_message_and_changes_nothing(tmp_path, prepared):
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        _prepare(folder, prepared)
        folder.chmod(0o555)
        try:
            _check_read_only(folder)
        finally:
            folder.chmod(0o755)
        return
    with _tmpfs(tmp_path / "ro", 8 * 1024) as disk:
        _prepare(disk, prepared)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        _check_read_only(disk)


def _check_read_only(folder: Path) -> None:
    before = {p.name: _digest(p) for p in folder.iterdir()}
    for command in ("close-year", "upgrade", "report", "flag"):
        result = run_socpass(*_args(command, folder), "--lang", "ru")
        assert result.returncode == 2, (command, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert {p.name: _digest(p) for p in folder.iterdir()} == before
