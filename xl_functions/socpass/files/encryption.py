"""Password-protected workbooks (Excel's "Encrypt with password"), always in memory.

Schools are told to protect files with children's data by a password, so socpass reads such a
register (`decrypt`: msoffcrypto-tool into bytes, never a decrypted copy on disk), writes it back
encrypted with the same password (`encrypt`, also for outputs with names: `--encrypt-output`), and
says clearly when the password is missing or wrong. The password comes from `--password`,
`$SOCPASS_PASSWORD` or, when a terminal is attached, a prompt (`Password`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..core.findings import SocpassError
from ..core.schema import Text

NEEDS_PASSWORD = Text(
    "«{file}» құпиясөзбен қорғалған: оны --password параметрімен немесе SOCPASS_PASSWORD "
    "айнымалысымен беріңіз (терезеде іске қосқанда socpass оны өзі сұрайды)",
    "Файл «{file}» защищён паролем: укажите его в параметре --password или в переменной "
    "SOCPASS_PASSWORD (при запуске в окне терминала socpass спросит его сам)",
)
WRONG_PASSWORD = Text("«{file}» файлының құпиясөзі дұрыс емес", "Неверный пароль к файлу «{file}»")
LEGACY_ENCRYPTED = Text(
    "«{file}» — құпиясөзбен қорғалған ескі .xls файлы: оны Excel-де ашып, .xlsx ретінде "
    "құпиясөзбен сақтаңыз",
    "«{file}» — защищённый паролем старый файл .xls: откройте его в Excel и сохраните как .xlsx "
    "с паролем",
)
NOT_DECRYPTABLE = Text(
    "«{file}» файлының шифрын ашу мүмкін болмады (шифрлау түрі белгісіз немесе файл бүлінген)",
    "Не удалось расшифровать файл «{file}» (неизвестный вид шифрования или файл повреждён)",
)
PROMPT = Text("«{file}» файлының құпиясөзі: ", "Пароль к файлу «{file}»: ")


@dataclass
class Password:
    """The password for encrypted files: given (`--password`, `$SOCPASS_PASSWORD`), or asked once
    by `ask(file name)` (a terminal prompt) when a file turns out to be encrypted."""

    given: str | None = None
    ask: Callable[[str], str] | None = None

    def for_file(self, path: Path) -> str | None:
        if self.given is None and self.ask is not None:
            self.given = self.ask(path.name)
        return self.given or None


def decrypt(handle: BinaryIO, path: Path, password: Password | None) -> bytes:
    """The plain workbook inside an encrypted one, in memory; refusals name the file (exit 2)."""
    import msoffcrypto  # imported on demand: most registers are not encrypted, every run reads one
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError, ParseError

    try:
        office = msoffcrypto.OfficeFile(handle)
    except (FileFormatError, ParseError, OSError, ValueError) as exc:
        raise SocpassError(NOT_DECRYPTABLE, file=path.name, detail=str(exc)) from None
    if getattr(office, "format", None) != "ooxml":  # an encrypted .xls: msoffcrypto needs disk
        raise SocpassError(LEGACY_ENCRYPTED, file=path.name)
    secret = password.for_file(path) if password is not None else None
    if not secret:
        raise SocpassError(NEEDS_PASSWORD, file=path.name)
    plain = io.BytesIO()
    try:
        office.load_key(password=secret, verify_password=True)
        office.decrypt(plain)
    except InvalidKeyError:
        raise SocpassError(WRONG_PASSWORD, file=path.name) from None
    except (DecryptionError, ParseError, OSError, ValueError, KeyError) as exc:
        raise SocpassError(NOT_DECRYPTABLE, file=path.name, detail=str(exc)) from None
    return plain.getvalue()


def encrypt(data: bytes, password: str) -> bytes:
    """`data` (an .xlsx/.xlsm/.docx package) encrypted with `password` (Excel's agile AES-256)."""
    from msoffcrypto.exceptions import EncryptionError, FileFormatError
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    try:
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    except (EncryptionError, FileFormatError) as exc:  # our own package: a bug, not user input
        raise RuntimeError(f"cannot encrypt: {exc}") from exc
    return out.getvalue()


def decrypt_bytes(data: bytes, password: str) -> bytes:
    """`encrypt` undone: how the write path checks an encrypted file it wrote opens again."""
    import msoffcrypto

    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password, verify_password=True)
    plain = io.BytesIO()
    office.decrypt(plain)
    return plain.getvalue()
