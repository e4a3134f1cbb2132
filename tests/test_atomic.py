"""The one write path: files appear whole, with the right permissions, never beside an open
Excel, never twice at once, and nothing is left behind (see `socpass.files.atomic`)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import xlsxwriter
from socpass.cli import main
from socpass.core.findings import SocpassError
from socpass.files import in_use
from socpass.files.atomic import (
    NAME_BYTES,
    backup_path,
    library_errors,
    write_file,
    writing,
)
from support.cli import SOURCE
from support.file_watch import written_files


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _left_over(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(in_use.PREFIX))


@pytest.mark.slow
def test_every_file_of_the_demo_gets_the_umask_permissions(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        assert main(["demo", "--out", str(tmp_path), "--pupils", "30"]) == 0
    finally:
        os.umask(old)
    written = sorted(tmp_path.iterdir())
    assert [p.suffix for p in written] == [
        ".xlsx",
        ".docx",
    ]  # the register (flags in it), the report
    assert {p.name: _mode(p) for p in written} == {p.name: 0o644 for p in written}


def test_an_existing_files_permissions_are_kept(tmp_path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_file(target, b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o640


def test_an_output_is_never_more_open_than_the_register_it_comes_from(tmp_path):
    register = tmp_path / "register.xlsx"
    register.write_bytes(b"names")
    register.chmod(0o600)
    write_file(tmp_path / "risk.xlsx", b"names and reasons", derived_from=register)
    assert _mode(tmp_path / "risk.xlsx") == 0o600


def test_a_failed_check_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def does_not_open(data: bytes) -> None:
        raise ValueError("not a workbook")

    with pytest.raises(SocpassError) as refused:
        write_file(target, b"half", check=does_not_open)
    assert refused.value.exit_code == 2 and "r.xlsx" in refused.value.text("ru")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_ctrl_c_during_a_write_removes_the_temporary_file(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def interrupted(data: bytes) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_file(target, b"new", check=interrupted)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_the_backup_is_whole_and_a_failed_backup_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old content")
    written = write_file(target, b"new", backup=True)
    assert written.backup.read_bytes() == b"old content"
    assert written.backup.name.startswith("r.bak-") and written.backup.suffix == ".xlsx"

    real_fsync = os.fsync
    calls = []

    def disk_full_on_the_backup(
        fd: int,
    ) -> None:  # the first fsync is the new file's, then the backup's
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full_on_the_backup)
    with pytest.raises(SocpassError) as refused:
        write_file(target, b"newer", backup=True)
    assert "на диске нет места" in refused.value.text("ru")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["r.xlsx", written.backup.name])


def test_a_symbolic_link_is_followed_and_kept(tmp_path):
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "register.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "register.xlsx"
    link.symlink_to(real)
    written = write_file(link, b"new", backup=True)
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert written.backup.parent == real.parent  # beside the real file
    assert _left_over(tmp_path) == [] and _left_over(real.parent) == []


@pytest.mark.parametrize("lock", ["~$register.xlsx", ".~lock.register.xlsx#"])
def test_a_file_open_in_excel_or_libreoffice_is_refused(tmp_path, lock):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"old")
    (tmp_path / lock).write_bytes(b"owner")
    with pytest.raises(SocpassError) as refused:
        write_file(target, b"new")
    assert refused.value.exit_code == 2
    assert lock in refused.value.text("kk") and "закройте" in refused.value.text("ru")
    assert target.read_bytes() == b"old"


def test_words_shortened_owner_file_refuses_a_report(tmp_path):
    target = tmp_path / "report_2025-2026_kk.docx"
    target.write_bytes(b"old")
    (tmp_path / "~$port_2025-2026_kk.docx").write_bytes(b"owner")
    with pytest.raises(SocpassError):
        write_file(target, b"new")


HOLD = """
import sys, time
from pathlib import Path
from socpass.files.atomic import writing
with writing(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_writer_refuses_while_another_socpass_holds_the_file(tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"old")
    env = {**os.environ, "PYTHONPATH": str(SOURCE)}
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HOLD), str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(SocpassError) as refused:
            write_file(target, b"new")
        assert "другой запуск socpass" in refused.value.text("ru")
        assert target.read_bytes() == b"old"
    finally:
        holder.kill()
        holder.wait()
    write_file(target, b"new")  # the lock dies with its holder
    assert target.read_bytes() == b"new"
    assert _left_over(tmp_path) == []


def test_writing_is_reentrant_within_one_process(tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"old")
    with writing(target):
        write_file(target, b"new")
        assert in_use.lock_path(target).exists()
    assert target.read_bytes() == b"new"
    assert _left_over(tmp_path) == []


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"old")
    stale = tmp_path / f"{in_use.PREFIX}register.xlsx.abc123{in_use.TEMP_SUFFIX}"
    stale.write_bytes(b"IINs and names")
    other = tmp_path / f"{in_use.PREFIX}other.xlsx.abc123{in_use.TEMP_SUFFIX}"
    other.write_bytes(b"another file's")
    write_file(target, b"new")
    assert not stale.exists() and other.exists()


def test_a_read_only_folder_is_refused_in_one_message(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; the kill tests mount a read-only tmpfs")
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SocpassError) as refused:
            write_file(target, b"new")
    finally:
        tmp_path.chmod(0o755)
    assert "нет прав на запись" in refused.value.text("ru")
    assert target.read_bytes() == b"old"


def test_xlsxwriters_file_create_error_is_a_write_message(tmp_path):
    with pytest.raises(SocpassError) as refused, library_errors(tmp_path / "out.xlsx"):
        book = xlsxwriter.Workbook(str(tmp_path / "no" / "such" / "folder.xlsx"))
        book.close()  # FileCreateError, which is no OSError
    assert refused.value.exit_code == 2 and "out.xlsx" in refused.value.text("kk")


def test_a_file_with_the_longest_name_is_written_with_its_backup(tmp_path):
    long = tmp_path / ("ә" * 120 + ".xlsx")  # 245 bytes: "~$" and ".bak-…" do not fit
    assert len(backup_path(long).name.encode()) <= NAME_BYTES
    long.write_bytes(b"old")
    written = write_file(long, b"new", backup=True)
    assert long.read_bytes() == b"new" and written.backup.read_bytes() == b"old"
    assert _left_over(tmp_path) == []


@pytest.mark.slow
def test_nothing_is_written_to_the_system_temp_folder(tmp_path, capsys):
    """XlsxWriter and openpyxl spill whole sheets into the temp folder unless told otherwise."""
    system_temp = Path(tempfile.gettempdir()).resolve()
    work = tmp_path / "work"
    work.mkdir()
    with written_files() as written:
        assert main(["demo", "--out", str(work), "--pupils", "30"]) == 0
        register = work / "demo_register_kk.xlsx"
        assert main(["flag", str(register), "--out", str(work / "risk.xlsx")]) == 0
        assert main(["close-year", str(register), "--today", "2026-06-01"]) == 0
        assert main(["upgrade", str(register)]) == 0
    assert written  # the hook sees the writes
    outside = [p for p in written if not p.resolve().is_relative_to(work.resolve())]
    assert [p for p in outside if p.resolve().is_relative_to(system_temp)] == []
    assert _left_over(work) == []
