"""Valid registers in awkward places: names with spaces, Cyrillic letters and emoji, a symbolic
link, a read-only file, a name at the file system's length limit.

The register itself is fine, so every command must work as usual; the writers must replace the
file the user has (through the link, keeping its permissions) or say in one line why they can't.
"""

from __future__ import annotations

import os
from pathlib import Path

from .bases import write_base
from .model import OK, case, readable, unusable


def _placed(folder: Path, relative: str, lang: str = "kk") -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_base(path, lang)


@case(readable())
def path_with_spaces(folder: Path) -> Path:
    """A register in "My registers 2025/school register (copy).xlsx"."""
    return _placed(folder, "My registers 2025/school register (copy).xlsx")


@case(readable())
def path_cyrillic(folder: Path) -> Path:
    """A Russian register in «Реестры/Социальный паспорт 2025-2026.xlsx»."""
    return _placed(folder, "Реестры/Социальный паспорт 2025-2026.xlsx", "ru")


@case(readable())
def path_emoji(folder: Path) -> Path:
    """A register in «📁 Тізімдер/тізілім ✅ 😀.xlsx» (emoji typed by a phone's keyboard)."""
    return _placed(folder, "📁 Тізімдер/тізілім ✅ 😀.xlsx")


@case(
    readable(),
)
def symlinked_register(folder: Path) -> Path:
    """register.xlsx is a symbolic link to the real file in another folder (a synced folder
    linked into the desktop); a writer must update the real file and keep the link."""
    real = _placed(folder, "real/Әлеуметтік паспорт.xlsx")
    link = folder / "desktop" / "register.xlsx"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(real, link.parent))
    return link


@case(readable(close_year=(OK, unusable()), upgrade=(OK, unusable())))
def read_only_file(folder: Path) -> Path:
    """A register marked read-only (copied from a CD or an e-mail preview); as root the mark
    does not stop writing, so a writer may succeed (keeping the mode) or refuse in one line."""
    path = _placed(folder, "register.xlsx")
    path.chmod(0o444)
    return path


@case(
    readable(close_year=(OK, unusable()), upgrade=(OK, unusable())),
)
def name_at_length_limit(folder: Path) -> Path:
    """A file name of 250 bytes (125 Cyrillic letters): the backup name next to it cannot get
    longer, so a writer must cope or refuse in one line."""
    return _placed(folder, "ә" * 120 + ".xlsx")
