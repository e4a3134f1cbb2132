"""openpyxl without its temporary files: a workbook saved to bytes, entirely in memory.

openpyxl writes each worksheet's XML to a temporary file in the system's temp folder before
zipping it ("openpyxl.XXXX"), and a killed or failed save leaves it there: the register's names
and IINs, readable by anyone on a shared school PC, and plaintext even when the register is
encrypted. Its worksheet writer also takes a file object, so this writer gives it one in memory;
the rest of the save is openpyxl's own.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter


class _InMemoryWriter(ExcelWriter):
    def write_worksheet(self, ws) -> None:  # type: ignore[no-untyped-def]
        """openpyxl's `ExcelWriter.write_worksheet`, with the sheet's XML kept in memory."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as an .xlsx/.xlsm package, as `book.save` would write it."""
    out = io.BytesIO()
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    _InMemoryWriter(book, archive).save()
    return out.getvalue()
