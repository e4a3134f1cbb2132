"""A workbook's zip package checked before any reader touches a part, then handed over safely.

A register is a zip of XML parts. A hostile or broken one can claim or unpack to gigabytes (a zip
bomb, a 1 GiB shared string), or hold one stray cell at XFD1048576 that makes the reader allocate
the whole sheet (16,384 × 1,048,576 cells). So, before python-calamine reads anything:

- `check_sizes`: every part the reader needs is held against its declared size, its compression
  ratio and a total, limits no real register comes near (a 20,000-pupil school unpacks to 75 MB);
  a size deflate cannot produce means a corrupt header;
- `for_reading`: the parts needed (workbook, relationships, shared strings, styles, the wanted
  sheets) are unpacked through zipfile, which stops at the declared size and checks the CRC, then
  packed again uncompressed in memory for calamine: it never sees a part that was not checked;
- each wanted sheet's XML is scanned (`scan_sheet`): a cell whose formula gives an Excel error
  (#REF!) or was saved without its result becomes a `FormulaCell` (calamine reads both as empty),
  and cells far away from the sheet's data (past a gap no table has) are taken out, so the reader
  never allocates the empty range between; those holding a value come back as `FarCell`s for a
  finding at their place. A sheet whose data itself is too large is refused, naming it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from typing import BinaryIO

from lxml import etree

from ..core.findings import SocpassError
from ..core.schema import Text
from ..core.values import FormulaCell

MiB = 1 << 20
#: One part unpacked, and all parts a reader needs together (a 20,000-pupil register: 46 / 75 MB).
MAX_PART = 160 * MiB
MAX_TOTAL = 320 * MiB
#: Deflate expands at most 1032:1: a part declaring more has a corrupt (or lying) header.
MAX_RATIO = 1032
#: Register parts compress 3-30:1; a large part packed tighter is padding (a zip bomb).
BOMB_RATIO, BOMB_SIZE = 200, 8 * MiB
#: A sheet's data at most: rows, and rows × columns (20,000 pupils × 10 months, and room).
MAX_ROWS = 300_000
MAX_CELLS = 12_000_000
#: Empty rows / columns that separate a stray cell from the data (no table has such gaps).
ROW_GAP, COL_GAP = 10_000, 1_000

TOO_LARGE = Text(
    "«{file}» тізілімге тым үлкен: ішіндегі «{part}» бөлігі ашылғанда {size} МБ болады (тізілімде "
    "{limit} МБ-тан асатын бөлік болмайды); файл бүлінген немесе әдейі осылай жасалған",
    "Файл «{file}» слишком велик для реестра: его часть «{part}» занимает при распаковке "
    "{size} МБ (в реестре не бывает частей больше {limit} МБ); файл повреждён или составлен "
    "так намеренно",
)
SHEET_TOO_LARGE = Text(
    "«{file}» файлындағы «{sheet}» парағында деректер {cell} ұяшығына дейін жетеді ({rows} жол): "
    "тізілімде мұншама жол болмайды. Кестенің астындағы артық жолдарды (Ctrl+Shift+End) өшіріп, "
    "файлды сақтаңыз",
    "На листе «{sheet}» файла «{file}» данные доходят до ячейки {cell} (строк: {rows}): в "
    "реестре столько строк не бывает. Удалите лишние строки под таблицей (Ctrl+Shift+End) и "
    "сохраните файл",
)


class Damaged(Exception):
    """A part that cannot be read: missing, not XML, a bad CRC; `sheet` when it is a sheet's."""

    def __init__(self, part: str, detail: str, sheet: str | None = None) -> None:
        super().__init__(detail)
        self.part, self.detail, self.sheet = part, detail, sheet


@dataclass(frozen=True)
class FarCell:
    """A cell with a value far outside its sheet's data, taken out before reading."""

    row: int  # Excel row, 1-based
    column: int  # 1-based


@dataclass
class Package:
    """What the reader reads: the checked parts re-packed, and what the scan found per sheet."""

    data: io.BytesIO
    #: sheet name -> (row, column), 0-based from A1 -> the cell calamine reads as empty
    marks: dict[str, dict[tuple[int, int], FormulaCell]] = field(default_factory=dict)
    far: dict[str, list[FarCell]] = field(default_factory=dict)


# --------------------------------------------------------------------------- sizes


def check_sizes(archive: zipfile.ZipFile, file: str, parts: list[str] | None = None) -> None:
    """Refuse `parts` (default: all) whose declared sizes no register has; raises `Damaged` for
    a size deflate cannot produce, `SocpassError` (exit 2) for a bomb or an oversized part."""
    infos = [archive.getinfo(p) for p in parts] if parts is not None else archive.infolist()
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        if info.compress_type != zipfile.ZIP_STORED and size > max(packed, 1) * MAX_RATIO:
            raise Damaged(info.filename, f"declares {size} bytes from {packed}")
        bomb = size > BOMB_SIZE and size > max(packed, 1) * BOMB_RATIO
        if size > MAX_PART or bomb:
            raise too_large(file, info.filename, size, MAX_PART)
        total += size
        if total > MAX_TOTAL:
            raise too_large(file, info.filename, total, MAX_TOTAL)


def too_large(file: str, part: str, size: int, limit: int) -> SocpassError:
    return SocpassError(TOO_LARGE, file=file, part=part, size=size // MiB, limit=limit // MiB)


# --------------------------------------------------------------------------- the parts needed

_RELS_NS = re.compile(r"^\{[^}]*\}")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _local(tag: object) -> str:
    return _RELS_NS.sub("", tag) if isinstance(tag, str) else ""


def _xml(archive: zipfile.ZipFile, part: str, file: str) -> etree._Element:
    """A small part parsed without entities, DTDs or network, after its size was checked."""
    check_sizes(archive, file, [part])
    try:
        return etree.fromstring(_read(archive, part), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Damaged(part, str(exc)) from None


def _read(archive: zipfile.ZipFile, part: str, sheet: str | None = None) -> bytes:
    """One part unpacked: zipfile stops at the declared size and checks the CRC."""
    try:
        return archive.read(part)
    except KeyError:
        raise Damaged(part, "part missing", sheet) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise Damaged(part, str(exc), sheet) from None


def _targets(
    archive: zipfile.ZipFile, rels_part: str, base: str, file: str
) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, part name) of a .rels part."""
    if rels_part not in archive.NameToInfo:
        return {}
    found = {}
    for rel in _xml(archive, rels_part, file).iter():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        part = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        found[rel.get("Id") or ""] = (
            (rel.get("Type") or "").rsplit("/", 1)[-1],
            posixpath.normpath(part),
        )
    return found


def _sheet_parts(archive: zipfile.ZipFile, workbook: str, file: str) -> dict[str, str]:
    """Sheet name -> its part, from the workbook part and its relationships."""
    base = posixpath.dirname(workbook)
    rels = _targets(archive, f"{base}/_rels/{posixpath.basename(workbook)}.rels", base, file)
    parts = {}
    for element in _xml(archive, workbook, file).iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        if rid in rels:
            parts[element.get("name") or ""] = rels[rid][1]
    return parts


def _needed(
    archive: zipfile.ZipFile, file: str, wanted: Callable[[str], bool]
) -> tuple[list[str], dict[str, str]]:
    """The parts a reader of the wanted sheets opens, and sheet name -> part of those sheets."""
    names = set(archive.NameToInfo)
    common = [p for p in ("[Content_Types].xml", "_rels/.rels") if p in names]
    if "xl/workbook.xml" not in names:  # a binary .xlsb: its sheet list is not XML; all of xl/
        return common + sorted(n for n in names if n.startswith("xl/")), {}
    sheets = {n: p for n, p in _sheet_parts(archive, "xl/workbook.xml", file).items() if wanted(n)}
    rels = _targets(archive, "xl/_rels/workbook.xml.rels", "xl", file)
    shared = {p for kind, p in rels.values() if kind in ("sharedStrings", "styles")}
    shared |= {"xl/sharedStrings.xml", "xl/styles.xml"} & names
    workbook = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    return common + [p for p in workbook if p in names] + sorted(shared & names), sheets


def for_reading(source: BinaryIO | bytes, file: str, wanted: Callable[[str], bool]) -> Package:
    """The package's parts a reader of the `wanted` sheets needs, checked, scanned, re-packed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Damaged("", str(exc)) from None
    with archive:
        parts, sheets = _needed(archive, file, wanted)
        for name, part in sheets.items():
            if part not in archive.NameToInfo:
                raise Damaged(part, "part missing", name)
        check_sizes(archive, file, parts + sorted(set(sheets.values())))
        package = Package(io.BytesIO())
        with zipfile.ZipFile(package.data, "w", zipfile.ZIP_STORED) as out:
            for part in parts:
                out.writestr(part, _read(archive, part))
            for name, part in sheets.items():
                if part in out.NameToInfo:  # two sheet names on one part: read once
                    continue
                scan = scan_sheet(_read(archive, part, name), name, file)
                out.writestr(part, scan.xml)
                package.marks[name], package.far[name] = scan.marks, scan.far
    package.data.seek(0)
    return package


# --------------------------------------------------------------------------- one sheet's cells

_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.DOTALL)
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_TYPE = re.compile(rb"""\st\s*=\s*["'](\w+)["']""")
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", re.DOTALL)
_INLINE = re.compile(rb"<(?:[\w.-]+:)?t\b[^>]*>([^<]+)<", re.DOTALL)
#: Where a mark may be: an error cell's type, or a formula's end not followed by a result (a
#: value element with something in it). A formula with its result, the usual case (the lookup
#: columns hold tens of thousands), is skipped without looking at its cell.
_HINTS = re.compile(
    rb"""\st\s*=\s*["']e["']"""
    rb"""|(?:</(?:[\w.-]+:)?f>|<(?:[\w.-]+:)?f\b[^>]*/>)(?!\s*<(?:[\w.-]+:)?v\b[^>]*>\s*[^<\s])"""
)
#: Literal pieces one of which a sheet with a formula or an error cell holds (a fast test first).
_HINT_PIECES = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b'"e"', b"'e'")
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
#: Rows and far columns as Excel writes them (`<row r="7"`, ` r="AB7"`); other spellings too,
#: more slowly, when the fast form finds nothing.
_ROW_FAST = re.compile(rb"""<row\b[^>]*?\sr=["']([0-9]+)["'][^>]*?(/?)>""")
_ROW = re.compile(rb"""<(?:[\w.-]+:)?row\b[^>]*?\sr\s*=\s*["']([0-9]+)["'][^>]*?(/?)>""")
_LONG_COLUMN_FAST = re.compile(rb""" r=["']([A-Z]{2,3})[0-9]""")
_LONG_COLUMN = re.compile(rb"""\sr\s*=\s*["']([A-Z]{2,3})[0-9]""")


@dataclass
class SheetScan:
    xml: bytes
    marks: dict[tuple[int, int], FormulaCell] = field(default_factory=dict)
    far: list[FarCell] = field(default_factory=list)


@dataclass(frozen=True)
class _Cell:
    row: int
    column: int
    start: int
    end: int
    allocates: bool  # holds a value element, even an empty one: the reader keeps a place for it
    filled: bool  # holds something the reader sees: a value, an error, an uncalculated formula
    mark: FormulaCell | None  # what the reader must see instead of calamine's empty value


def scan_sheet(xml: bytes, sheet: str, file: str) -> SheetScan:
    """Formula errors, uncalculated formulas and far-away cells of one sheet's XML (see module).

    Cheap unless there is something to find: formula cells are looked at where a formula or an
    error is; the cells one by one only when the rows or columns reach far (a gap, an extent)."""
    scan = SheetScan(xml, marks=_formula_marks(xml))
    if not _reaches_far(xml):
        return scan
    cells = _cells(xml)
    if not cells:
        return scan
    last_row, last_col = _data_end(cells)
    if last_row > MAX_ROWS or last_row * last_col > MAX_CELLS:
        raise SocpassError(
            SHEET_TOO_LARGE, file=file, sheet=sheet, cell=_ref(last_row, last_col), rows=last_row
        )
    outside = [c for c in cells if c.row > last_row or c.column > last_col]
    if any(c.allocates for c in outside):
        scan.xml = _without(xml, outside)
        scan.far = [FarCell(c.row, c.column) for c in outside if c.filled]
        scan.marks = {k: v for k, v in scan.marks.items() if k[0] < last_row and k[1] < last_col}
    return scan


def _formula_marks(xml: bytes) -> dict[tuple[int, int], FormulaCell]:
    """The cells holding an Excel error or a formula without its result, found from the
    formulas and errors themselves (a sheet without any costs one search)."""
    marks: dict[tuple[int, int], FormulaCell] = {}
    if not any(piece in xml for piece in _HINT_PIECES):
        return marks
    done = -1
    for hint in _HINTS.finditer(xml):
        if hint.start() < done:
            continue
        match = _cell_around(xml, hint.start())
        if match is None:
            continue
        done = match.end()
        cell = _cell(match)
        if cell is None:  # cells placed by their order: the sheet is read as it is
            return {}
        if cell.mark is not None:
            marks[(cell.row - 1, cell.column - 1)] = cell.mark
    return marks


def _cell_around(xml: bytes, at: int) -> re.Match[bytes] | None:
    """The cell element that holds position `at`, if any."""
    start = at
    while start > 0:
        start = xml.rfind(b"<", 0, start)
        if start < 0:
            return None
        if _CELL_START.match(xml, start):
            match = _CELL.match(xml, start)
            return match if match is not None and match.end() > at else None
    return None


def _reaches_far(xml: bytes) -> bool:
    """Whether the sheet's rows or columns may reach far from its data or past the limits: a gap
    of empty rows before a row with cells, very many rows, or columns far to the right."""
    found = _ROW_FAST.findall(xml) or _ROW.findall(xml)
    rows = [int(r) for r, closed in found if not closed]
    if not rows:
        return False
    gaps = any(b - a > ROW_GAP for a, b in zip(rows, rows[1:], strict=False))
    letters = set(_LONG_COLUMN_FAST.findall(xml) or _LONG_COLUMN.findall(xml))
    widest = max((_column(c) for c in letters), default=26)
    return gaps or rows[-1] > MAX_ROWS or widest > COL_GAP or rows[-1] * widest > MAX_CELLS


def _cells(xml: bytes) -> list[_Cell]:
    """Every cell with its place; none when a cell has no address (placed by its order: the
    sheet is then left as it is)."""
    cells = []
    for match in _CELL.finditer(xml):
        cell = _cell(match)
        if cell is None:
            return []
        cells.append(cell)
    return cells


def _cell(match: re.Match[bytes]) -> _Cell | None:
    attrs, body = match.group(1), match.group(2) or b""
    ref = _REF.search(attrs)
    if ref is None:
        return None
    kind = _TYPE.search(attrs)
    kind_name = kind.group(1) if kind else b"n"
    value = _VALUE.search(body)
    text = (value.group(1) or b"").strip() if value else b""
    formula = _FORMULA.search(body)
    # no result saved: no value at all, or an empty one where "" is no result (not text)
    uncalculated = formula is not None and (
        value is None or (not text and kind_name not in (b"str", b"inlineStr"))
    )
    mark = None
    if kind_name == b"e":
        mark = FormulaCell(error=_text(text) or "#VALUE!", formula=_formula(formula))
    elif uncalculated:
        mark = FormulaCell(formula=_formula(formula))
    filled = (
        mark is not None or bool(text) or bool(kind_name == b"inlineStr" and _INLINE.search(body))
    )
    allocates = value is not None or formula is not None or b"<is" in body
    return _Cell(
        int(ref.group(2)),
        _column(ref.group(1)),
        match.start(),
        match.end(),
        allocates,
        filled,
        mark,
    )


def _data_end(cells: list[_Cell]) -> tuple[int, int]:
    """The last row and column of the sheet's data: where the filled cells stop before a gap."""
    filled = [c for c in cells if c.filled]
    if not filled:
        return 1, 1
    rows, columns = sorted({c.row for c in filled}), sorted({c.column for c in filled})
    return _before_gap(rows, ROW_GAP), _before_gap(columns, COL_GAP)


def _before_gap(numbers: list[int], gap: int) -> int:
    last = numbers[0]
    for number in numbers[1:]:
        if number - last > gap:
            break
        last = number
    return last


def _without(xml: bytes, cells: list[_Cell]) -> bytes:
    pieces, at = [], 0
    for cell in sorted(cells, key=lambda c: c.start):
        pieces.append(xml[at : cell.start])
        at = cell.end
    pieces.append(xml[at:])
    return b"".join(pieces)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _ref(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _text(raw: bytes) -> str:
    return unescape(raw.decode("utf-8", "replace"))


def _formula(match: re.Match[bytes] | None) -> str:
    return _text(match.group(1) or b"") if match is not None else ""
