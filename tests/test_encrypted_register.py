"""A password-protected register (Excel's "Encrypt with password"): read and written in memory.

summary, flag, report and close-year work with `--password` (or $SOCPASS_PASSWORD), close-year
writes the register back encrypted with the same password, a wrong or missing password is one
line and exit 2, and no plaintext workbook reaches the disk at any moment: a test runs the
commands under strace and looks at every byte they write.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from socpass.cli import main
from socpass.core.history import year_counts
from socpass.demo import generate_demo
from socpass.excel.macros import flag_at_risk, validate_register
from socpass.files.encryption import decrypt_bytes, encrypt
from socpass.files.in_use import PREFIX
from socpass.files.workbook_file import read_register
from socpass.render.workbook import write_register
from support.cli import run_socpass
from support.file_watch import written_files
from support.remote_book import book_from_xlsx

PASSWORD = "Мектеп-2025!"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CLOSE_DAY = "2026-06-01"


@pytest.fixture(scope="module")
def plain_register(tmp_path_factory) -> Path:
    frames, settings = generate_demo(80, seed=3, lang="kk")
    return write_register(tmp_path_factory.mktemp("plain") / "plain.xlsx", "kk", frames, settings)


@pytest.fixture
def encrypted(tmp_path, plain_register) -> Path:
    path = tmp_path / "register.xlsx"
    path.write_bytes(encrypt(plain_register.read_bytes(), PASSWORD))
    return path


def _is_encrypted(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(OLE) and "EncryptedPackage".encode("utf-16-le") in data


def _plain(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / f"plain-{path.name}"
    out.write_bytes(decrypt_bytes(path.read_bytes(), PASSWORD))
    return out


@pytest.mark.slow
def test_the_reading_commands_work_with_the_password(encrypted, tmp_path, capsys):
    for argv in (
        ["validate", str(encrypted)],
        ["summary", str(encrypted)],
        ["flag", str(encrypted), "--today", "2026-03-10"],
        ["report", str(encrypted), "-o", str(tmp_path / "report.docx"), "--today", CLOSE_DAY],
    ):
        assert main([*argv, "--password", PASSWORD]) == 0, argv
    capsys.readouterr()
    assert (tmp_path / "report.docx").is_file()


def test_close_year_writes_the_register_back_encrypted_with_the_same_password(
    encrypted, tmp_path, capsys, plain_register
):
    before = read_register(plain_register)
    assert not year_counts(before.frame("history"), before.school_year)  # not closed yet
    assert main(["close-year", str(encrypted), "--today", CLOSE_DAY, "--password", PASSWORD]) == 0
    assert _is_encrypted(encrypted)
    after = read_register(_plain(encrypted, tmp_path))
    assert after.settings["school_year"] == str(before.school_year.next)
    assert year_counts(after.frame("history"), before.school_year)
    [backup] = tmp_path.glob("register.bak-*.xlsx")
    assert _is_encrypted(backup)  # the backup is the old file as it was: encrypted
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(PREFIX)) == []


@pytest.mark.slow
def test_upgrade_keeps_the_register_encrypted(encrypted, tmp_path, capsys):
    assert main(["upgrade", str(encrypted), "--password", PASSWORD]) == 0
    assert _is_encrypted(encrypted)
    assert read_register(_plain(encrypted, tmp_path)).errors == []


def test_the_password_may_come_from_the_environment(encrypted, capsys, monkeypatch):
    monkeypatch.setenv("SOCPASS_PASSWORD", PASSWORD)
    assert main(["summary", str(encrypted)]) == 0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_wrong_password_is_one_line_and_exit_2(encrypted, capsys, lang):
    before = encrypted.read_bytes()
    assert main(["close-year", str(encrypted), "--password", "wrong", "--lang", lang]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert ("құпиясөзі дұрыс емес" if lang == "kk" else "Неверный пароль") in err
    assert encrypted.read_bytes() == before


def test_on_a_terminal_the_password_is_asked_once(encrypted, capsys, monkeypatch):
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    monkeypatch.delenv("SOCPASS_PASSWORD", raising=False)
    assert main(["close-year", str(encrypted), "--today", CLOSE_DAY]) == 0
    assert asked == ["«register.xlsx» файлының құпиясөзі: "]
    assert _is_encrypted(encrypted)


def test_without_a_password_and_without_a_terminal_it_says_how_to_give_one(encrypted):
    result = run_socpass("summary", encrypted, "--lang", "ru", env={"SOCPASS_PASSWORD": ""})
    assert result.returncode == 2
    assert "--password" in result.stderr and "SOCPASS_PASSWORD" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_the_risk_list_can_be_written_encrypted_and_is_read_back(encrypted, tmp_path, capsys):
    risk = tmp_path / "risk.xlsx"
    argv = ["flag", str(encrypted), "--out", str(risk), "--today", "2026-03-10"]
    secret = ["--password", PASSWORD, "--encrypt-output"]
    assert main([*argv, *secret]) == 0
    assert _is_encrypted(risk)
    assert main([*argv, *secret]) == 0  # the earlier list is read with the same password
    assert _is_encrypted(risk)
    assert main([*argv, "--password", "wrong"]) == 2


def test_encrypt_output_without_a_password_is_refused(plain_register, tmp_path, capsys):
    risk = tmp_path / "risk.xlsx"
    assert main(["flag", str(plain_register), "--out", str(risk), "--encrypt-output"]) == 2
    assert not risk.exists()


def test_the_buttons_read_the_open_book_not_the_encrypted_file(encrypted, tmp_path):
    """Excel has decrypted the register it shows; the macros read that book, never the file."""
    opened = _plain(encrypted, tmp_path)  # what Excel shows, sent by the add-in
    book = book_from_xlsx(opened)
    assert validate_register(book) == "Қате табылған жоқ."
    book = book_from_xlsx(opened)
    text = flag_at_risk(book, today=date(2026, 3, 10))
    assert "ЕАЖ тізімі" in text and "socpass-error.log" not in text
    assert any(a["func"] == "setValues" for a in book.json()["actions"])


# --------------------------------------------------------------------------- no plaintext on disk

_DUMP = re.compile(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?\s*\|\s+[0-9a-f]{5}\s+((?:[0-9a-f]{2}\s{1,2})+)")
_OPENED = re.compile(r'openat\(AT_FDCWD, "([^"]+)", ([A-Z_|]+)')


def _strace(args: list[str], log: Path) -> subprocess.CompletedProcess[str]:
    """socpass ARGS under strace: every file opened and every byte written, logged."""
    return run_socpass(
        *args,
        prefix=[
            "strace",
            "-f",
            "-qq",
            "-o",
            str(log),
            "-e",
            "trace=openat,write,pwrite64,writev,rename,renameat,renameat2",
            "-e",
            "write=all",
            "-s",
            "0",
        ],
    )


def _written_chunks(log: Path) -> list[bytes]:
    """The bytes of each write the process made, from strace's hex dumps."""
    chunks: list[bytearray] = []
    for line in log.read_text(errors="replace").splitlines():
        dump = _DUMP.match(line)
        if dump is None:
            if re.search(r"\b(write|pwrite64|writev)\(", line):
                chunks.append(bytearray())
            continue
        if chunks:
            chunks[-1].extend(bytes.fromhex(dump.group(1).replace(" ", "")))
    return [bytes(c) for c in chunks]


def _opened_for_writing(log: Path) -> set[str]:
    found = set()
    for line in log.read_text(errors="replace").splitlines():
        opened = _OPENED.search(line)
        if opened and re.search(r"O_WRONLY|O_RDWR|O_CREAT", opened.group(2)):
            found.add(opened.group(1))
    return found


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_no_plaintext_workbook_is_ever_written(encrypted, tmp_path):
    log = tmp_path / "strace.log"
    probe = subprocess.run(["strace", "-qq", "-o", "/dev/null", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here: {probe.stderr.decode().strip()[:100]}")
    commands = [
        ["close-year", str(encrypted), "--today", CLOSE_DAY],
        ["flag", str(encrypted), "--out", str(tmp_path / "risk.xlsx"), "--encrypt-output"],
        ["upgrade", str(encrypted)],
        ["report", str(encrypted), "-o", str(tmp_path / "report.docx")],
    ]
    for args in commands:
        result = _strace([*args, "--password", PASSWORD], log)
        assert result.returncode == 0, result.stderr
        chunks = _written_chunks(log)
        assert sum(map(len, chunks)) > 10_000  # the dumps were read: the files' bytes are there
        plaintext = [c[:40] for c in chunks if b"xl/worksheets/" in c or b"sharedStrings" in c]
        assert plaintext == [], args
        opened = _opened_for_writing(log)
        assert opened, args
        for name in opened:
            path = Path(name)
            if path.is_file() and path.suffix in (".xlsx", ".xlsm"):
                assert _is_encrypted(path), name
    assert _is_encrypted(encrypted) and _is_encrypted(tmp_path / "risk.xlsx")


@pytest.mark.slow
def test_only_socpass_temporary_files_are_ever_opened_for_writing(encrypted, tmp_path, capsys):
    """In-process, every file opened for writing is a hidden temporary file of socpass beside
    the register (then renamed whole into place, or removed); what is left is encrypted."""
    with written_files() as written:
        argv = ["--password", PASSWORD]
        assert main(["close-year", str(encrypted), "--today", CLOSE_DAY, *argv]) == 0
        risk = tmp_path / "risk.xlsx"
        assert main(["flag", str(encrypted), "--out", str(risk), "--encrypt-output", *argv]) == 0
    assert written
    assert {p.parent.resolve() for p in written} == {tmp_path.resolve()}
    assert all(p.name.startswith(PREFIX) for p in written)
    assert not any(p.exists() for p in written)
    [backup] = tmp_path.glob("register.bak-*.xlsx")
    assert all(map(_is_encrypted, (encrypted, backup, risk)))


def test_a_school_return_is_made_from_an_encrypted_register(encrypted, tmp_path, capsys):
    """The department asks for a return because it cannot read a protected register: the school
    makes it from its protected register (aggregates only, so the return itself is plain)."""
    out = tmp_path / "return.xlsx"
    assert main(["return", str(encrypted), "-o", str(out), "--password", PASSWORD]) == 0
    capsys.readouterr()
    assert out.is_file() and not _is_encrypted(out)
