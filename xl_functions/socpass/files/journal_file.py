"""An electronic journal's export on disk: its first sheet with data, read through the same
checks as a register (`files.workbook_file`: size limits, encryption, a damaged package), never
opened for writing."""

from __future__ import annotations

from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import Text
from .encryption import Password
from .workbook_file import read_sheets

EMPTY_EXPORT = Text(
    "«{file}» кітабында деректері бар парақ жоқ.", "В книге «{file}» нет листа с данными."
)


def read_export(path: Path, password: Password | None = None) -> list[list[object]]:
    """The cells (anchored at A1) of the export's first sheet that holds anything."""
    for cells in read_sheets(path, lambda _name: True, password).values():
        if any(str(v).strip() for row in cells for v in row if v is not None):
            return cells
    raise SocpassError(EMPTY_EXPORT, exit_code=2, file=path.name)
