"""LibreOffice as the tests use it: convert a file (PDF, ODS, xlsx), recalculate a workbook, read
a sheet as LibreOffice shows it. Tests that call it carry the `soffice` marker."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice")


def _lo_profile(outdir: Path, recalc_mode: int) -> Path:
    """A fresh LibreOffice profile whose xlsx recalculation on load is `recalc_mode`
    (0 = always, 1 = never, LibreOffice's default, 2 = ask)."""
    profile = outdir.resolve() / f"lo-profile-{recalc_mode}"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
        f'<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{recalc_mode}</value></prop></item>\n'
        "</oor:items>\n",
        encoding="utf-8",
    )
    return profile


def convert(path: Path, outdir: Path, target: str, recalc_mode: int = 1) -> Path:
    """`path` converted by LibreOffice into `outdir` as `target` ("pdf", "ods", "xlsx", a CSV
    filter...), in its own profile (parallel runs don't clash); returns the file written."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation={_lo_profile(outdir, recalc_mode).as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / f"{path.stem}.{target.split(':')[0]}"


def recalculated(path: Path, outdir: Path) -> Path:
    """`path` recalculated by LibreOffice and saved as xlsx in `outdir` (values cached)."""
    out = outdir / "recalc"
    out.mkdir(exist_ok=True)
    convert(path, out, "xlsx", recalc_mode=0)
    return out / path.name


#: LibreOffice's CSV export: comma, double quotes, UTF-8, raw values (not as shown), first sheet.
_CSV_FIRST_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1"


def first_sheet_as_opened(path: Path, outdir: Path) -> list[list[object]]:
    """The first sheet's cells as LibreOffice shows them on opening `path` WITHOUT recalculating
    (its default for xlsx), exported to CSV: numbers as floats (percent cells as ratios), text as
    text, empty cells as ""."""
    out = outdir / "as-opened"
    out.mkdir(exist_ok=True)
    convert(path, out, _CSV_FIRST_SHEET)
    [csv_file] = out.glob(f"{path.stem}*.csv")
    with csv_file.open(encoding="utf-8", newline="") as f:
        return [[_csv_value(cell) for cell in row] for row in csv.reader(f)]


def _csv_value(text: str) -> object:
    percent = text.endswith("%")
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        return text
    return value / 100 if percent else value
