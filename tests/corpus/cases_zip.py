"""Damaged or hostile zip containers: CRC errors, missing parts, zip bombs.

A bomb is a small file that expands into gigabytes: a hostile attachment, or (rarer, but seen) a
sheet whose XML a broken add-in padded with endless whitespace. socpass must answer within 120 s
and 2 GiB, with one line (exit 2) or by reading the register as usual.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

from socpass.files.workbook_file import CORRUPTED, SHEET_DAMAGED

from .bases import base_parts, name, write_broken
from .model import OK, case, everywhere, readable, unusable
from .zipxml import Parts, sheet_parts, write_streamed

MiB = 1 << 20
DAMAGED = (unusable(SHEET_DAMAGED), unusable(CORRUPTED))


def stream_zip(
    path: Path, parts: Parts, big: str, head: bytes, chunk: bytes, count: int, tail: bytes, level=1
) -> Path:
    """Write `parts`, with part `big` = head + chunk * count + tail streamed (never in memory)."""
    return write_streamed(path, parts, big, [head, *([chunk] * count), tail], level)


def _split(data: bytes, marker: bytes, after: bool = True) -> tuple[bytes, bytes]:
    at = data.index(marker) + (len(marker) if after else 0)
    return data[:at], data[at:]


@case(everywhere(*DAMAGED))
def crc_mismatch(folder: Path) -> Path:
    """Flipped bytes inside the compressed Pupils sheet: a bad sector or a broken flash drive."""
    path = write_broken(folder / "register.xlsx", base_parts())
    part = sheet_parts(base_parts())[name("pupils")]
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    for i in range(middle, middle + 16):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


@case(everywhere(*DAMAGED))
def missing_sheet_part(folder: Path) -> Path:
    """workbook.xml lists the Pupils sheet but its XML part is gone (a tool that lost a part)."""
    parts = base_parts()
    del parts[sheet_parts(parts)[name("pupils")]]
    return write_broken(folder / "register.xlsx", parts)


@case(
    everywhere(OK, *DAMAGED),
)
def missing_content_types(folder: Path) -> Path:
    """No [Content_Types].xml: a register re-zipped by hand after editing its XML."""
    parts = base_parts()
    del parts["[Content_Types].xml"]
    return write_broken(folder / "register.xlsx", parts)


def _central_entry(data: bytes | bytearray, part: str) -> int:
    """The offset of `part`'s record in the zip's central directory."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_len] == part.encode():
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(part)


@case(everywhere(OK, *DAMAGED))
def declared_size_4gib(folder: Path) -> Path:
    """The Pupils sheet's zip entry claims to unpack to 4 GiB (it holds 30 KiB): a hostile header
    meant to make a reader reserve memory for what the file says, not what it holds."""
    path = write_broken(folder / "register.xlsx", base_parts())
    part = sheet_parts(base_parts())[name("pupils")]
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    claimed = struct.pack("<I", 0xFFFFFFF0)
    data[info.header_offset + 22 : info.header_offset + 26] = claimed  # local header
    data[_central_entry(data, part) + 24 : _central_entry(data, part) + 28] = claimed
    path.write_bytes(bytes(data))
    return path


@case(
    everywhere(OK, unusable()),
)
def whitespace_bomb_2gib(folder: Path) -> Path:
    """The Attendance sheet's XML padded with 2 GiB of spaces (a 10 MB file): a zip bomb."""
    parts = base_parts()
    part = sheet_parts(parts)[name("attendance")]
    head, tail = _split(parts[part], b"<sheetData>")
    return stream_zip(folder / "register.xlsx", parts, part, head, b" " * MiB, 2048, tail)


@case(everywhere(OK, unusable()))
def extreme_ratio_bomb(folder: Path) -> Path:
    """256 MiB of spaces inside the Events sheet compressed about 1000:1 (the file is ~0.3 MB)."""
    parts = base_parts()
    part = sheet_parts(parts)[name("events")]
    head, tail = _split(parts[part], b"<sheetData>")
    return stream_zip(folder / "register.xlsx", parts, part, head, b" " * MiB, 256, tail, 9)


@case(
    everywhere(OK, unusable()),
)
def shared_string_1gib(folder: Path) -> Path:
    """One 1 GiB text in sharedStrings.xml, shown in a cell of the Control sheet: a huge paste
    (or a hostile file); compressed it is under 5 MB."""
    parts = base_parts()
    sst = parts["xl/sharedStrings.xml"]
    head, tail = _split(sst, b"</sst>", after=False)
    count = sst.count(b"<si>")
    head = head.replace(b'uniqueCount="', f'uniqueCount="{count + 1}" old="'.encode(), 1)
    control = sheet_parts(parts)[name("control")]
    parts[control] = parts[control].replace(
        b"</sheetData>",
        f'<row r="200"><c r="A200" t="s"><v>{count}</v></c></row></sheetData>'.encode(),
    )
    return stream_zip(
        folder / "register.xlsx",
        parts,
        "xl/sharedStrings.xml",
        head + b"<si><t>",
        b"a" * MiB,
        1024,
        b"</t></si>" + tail,
    )


@case(
    readable(close_year=(OK, unusable())),
)
def docprops_bomb(folder: Path) -> Path:
    """docProps/core.xml (title, author) padded to 1.5 GiB: a bomb in a part socpass never needs
    to read."""
    parts = base_parts()
    head, tail = _split(parts["docProps/core.xml"], b"</dc:title>", after=False)
    return stream_zip(
        folder / "register.xlsx", parts, "docProps/core.xml", head, b" " * MiB, 1536, tail
    )


@case(
    everywhere(OK, unusable()),
)
def styles_bomb(folder: Path) -> Path:
    """xl/styles.xml padded with 1.5 GiB of whitespace: a bomb in the part every reader opens."""
    parts = base_parts()
    head, tail = _split(parts["xl/styles.xml"], b"<fonts", after=False)
    return stream_zip(
        folder / "register.xlsx", parts, "xl/styles.xml", head, b" " * MiB, 1536, tail
    )


def _junk(count: int) -> Iterable[tuple[str, bytes]]:
    for i in range(count):
        yield f"customXml/item{i}.xml", b"<a/>"


@case(everywhere(OK, unusable()))
def many_entries(folder: Path) -> Path:
    """60,000 tiny extra parts in the zip: a central directory bomb (a few MB on disk)."""
    path = folder / "register.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in base_parts().items():
            archive.writestr(part, data)
        for part, data in _junk(60_000):
            archive.writestr(part, data)
    return path
