"""Files socpass writes appear whole, with ordinary permissions (a shared school PC can open them)."""

import os
import stat

import pytest
from socpass.cli import main
from socpass.files.atomic import replacing


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow
def test_every_file_of_the_demo_gets_the_umask_permissions(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        assert main(["demo", "--out", str(tmp_path), "--pupils", "30"]) == 0
    finally:
        os.umask(old)
    written = sorted(tmp_path.iterdir())
    assert [p.suffix for p in written] == [".xlsx", ".xlsx", ".docx"]
    assert {p.name: _mode(p) for p in written} == {p.name: 0o644 for p in written}


def test_replacing_keeps_an_existing_files_permissions(tmp_path):
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with replacing(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o640


def test_a_failure_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
