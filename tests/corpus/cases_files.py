"""Files that are not a usable register at all: every command must exit 2 with one line.

Real-world situations: a download cut short, a file saved in another format and renamed, a
password-protected copy, the wrong attachment.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
from msoffcrypto.format.ooxml import OOXMLFile
from socpass.files.encryption import NEEDS_PASSWORD as ENCRYPTED
from socpass.files.workbook_file import CORRUPTED, FILE_EMPTY, FILE_MISSING, NOT_WORKBOOK
from socpass.jobs.upgrade import NOT_REGISTER

from .bases import base_values, write_base
from .model import case, everywhere, readable, unusable


@case(everywhere(unusable(FILE_EMPTY)))
def empty_file(folder: Path) -> Path:
    """A 0-byte register: the copy to a USB stick failed, or the disk was full when it was saved."""
    path = folder / "register.xlsx"
    path.write_bytes(b"")
    return path


@case(everywhere(unusable(NOT_WORKBOOK)))
def random_bytes(folder: Path) -> Path:
    """4 KiB of noise named .xlsx: a damaged sector, or a file that was never a workbook."""
    path = folder / "register.xlsx"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path


@case(everywhere(unusable(CORRUPTED)))
def truncated_zip(folder: Path) -> Path:
    """The register cut at 60 %: an e-mail attachment or a download that stopped half-way."""
    whole = write_base(folder / "whole.tmp").read_bytes()
    (folder / "whole.tmp").unlink()
    path = folder / "register.xlsx"
    path.write_bytes(whole[: len(whole) * 6 // 10])
    return path


@case(everywhere(unusable(CORRUPTED)))
def truncated_to_zip_header(folder: Path) -> Path:
    """Only the first 30 bytes survived: the zip signature, then nothing."""
    whole = write_base(folder / "whole.tmp").read_bytes()
    (folder / "whole.tmp").unlink()
    path = folder / "register.xlsx"
    path.write_bytes(whole[:30])
    return path


@case(everywhere(unusable(NOT_WORKBOOK)))
def zip_without_workbook(folder: Path) -> Path:
    """An ordinary zip archive (the school's scanned documents) saved under the register's name."""
    path = folder / "register.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "Мектеп құжаттары\n")
        archive.writestr("scans/page1.txt", "1-бет\n" * 100)
    return path


@case(everywhere(unusable(NOT_WORKBOOK)))
def docx_renamed(folder: Path) -> Path:
    """The annual report (.docx) renamed to .xlsx: the wrong attachment, renamed by hand."""
    document = docx.Document()
    document.add_paragraph("Әлеуметтік педагогтың жылдық есебі")
    path = folder / "register.xlsx"
    document.save(path)
    return path


def _pupils_csv() -> bytes:
    rows = base_values("kk")["Оқушылар"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


@case(everywhere(unusable(NOT_WORKBOOK)))
def csv_renamed(folder: Path) -> Path:
    """The pupils list exported as CSV (Excel's "CSV UTF-8") and renamed to .xlsx."""
    path = folder / "register.xlsx"
    path.write_bytes(_pupils_csv())
    return path


@case(everywhere(unusable(NOT_WORKBOOK), upgrade=unusable(NOT_REGISTER)))
def csv_real(folder: Path) -> Path:
    """The pupils list as a real .csv file given to socpass instead of the workbook."""
    path = folder / "register.csv"
    path.write_bytes(_pupils_csv())
    return path


# --------------------------------------------------------------------------- LibreOffice formats


@functools.cache
def _converted(fmt: str) -> bytes:
    """The valid register saved by LibreOffice as `fmt` ("xls" or "ods")."""
    if shutil.which("soffice") is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = write_base(Path(tmp) / "register.xlsx")
        profile = (Path(tmp) / "profile").as_uri()  # own profile: parallel runs don't clash
        filters = {"xls": "xls:MS Excel 97", "ods": "ods"}
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                filters[fmt],
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / f"register.{fmt}").read_bytes()


#: A workbook socpass cannot write back (legacy .xls): close-year must say so in one line.
@case(
    readable(close_year=unusable(), upgrade=unusable(NOT_REGISTER)),
    needs=("soffice",),
)
def xls_real(folder: Path) -> Path:
    """The register saved as Excel 97-2003 (.xls), as an old computer at school keeps it."""
    path = folder / "register.xls"
    path.write_bytes(_converted("xls"))
    return path


@case(
    readable(close_year=unusable()),
    needs=("soffice",),
)
def xls_renamed(folder: Path) -> Path:
    """An .xls file renamed to .xlsx by hand ("Excel said the format is old, so I renamed it")."""
    path = folder / "register.xlsx"
    path.write_bytes(_converted("xls"))
    return path


@case(everywhere(unusable(NOT_WORKBOOK), upgrade=unusable(NOT_REGISTER)), needs=("soffice",))
def ods_real(folder: Path) -> Path:
    """The register saved by LibreOffice Calc in its own format (.ods)."""
    path = folder / "register.ods"
    path.write_bytes(_converted("ods"))
    return path


@case(everywhere(unusable(NOT_WORKBOOK)), needs=("soffice",))
def ods_renamed(folder: Path) -> Path:
    """An .ods file renamed to .xlsx."""
    path = folder / "register.xlsx"
    path.write_bytes(_converted("ods"))
    return path


def _fake_xlsb(path: Path) -> Path:
    """A zip laid out like an .xlsb (binary parts) whose records are not valid BIFF12."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        )
        archive.writestr("xl/workbook.bin", random.Random(3).randbytes(512))
        archive.writestr("xl/worksheets/sheet1.bin", random.Random(4).randbytes(2048))
    return path


@case(everywhere(unusable(CORRUPTED), upgrade=unusable(NOT_REGISTER)))
def xlsb_damaged(folder: Path) -> Path:
    """An Excel binary workbook (.xlsb) whose binary records are damaged."""
    return _fake_xlsb(folder / "register.xlsb")


@case(everywhere(unusable(CORRUPTED)))
def xlsb_renamed(folder: Path) -> Path:
    """An .xlsb (binary parts) renamed to .xlsx."""
    return _fake_xlsb(folder / "register.xlsx")


@case(everywhere(unusable(ENCRYPTED)))
def encrypted(folder: Path) -> Path:
    """The register protected with a password to open (Файл → Сведения → Защитить книгу)."""
    plain = write_base(folder / "plain.tmp")
    path = folder / "register.xlsx"
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("mektep2025", out)
    plain.unlink()
    return path


@case(everywhere(unusable(NOT_WORKBOOK)))
def folder_named_xlsx(folder: Path) -> Path:
    """A folder called register.xlsx (an unzipped copy of the workbook) given as the register."""
    path = folder / "register.xlsx"
    path.mkdir()
    (path / "xl").mkdir()
    (path / "xl" / "workbook.xml").write_text("<workbook/>")
    return path


@case(everywhere(unusable(FILE_MISSING)))
def missing_file(folder: Path) -> Path:
    """A register path that does not exist (a typo, or the file was moved)."""
    return folder / "тізілім жоқ.xlsx"
