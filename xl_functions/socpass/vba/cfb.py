"""A minimal writer of OLE compound files ([MS-CFB] version 3), the container of `vbaProject.bin`.

Writes what [MS-CFB] requires of a version 3 file and nothing more: the 512-byte header (2.2), one
FAT (2.3) with up to 109 FAT sectors listed in the header's DIFAT (so files up to about 6.8 MB, far
beyond any VBA project), the directory (2.6), and the mini stream with its mini FAT (2.4, 2.5) for
streams shorter than the 4096-byte cutoff, which is where readers look for them.

Streams start at their first sector (or the mini stream's); a storage has no data, so its start
sector and size are 0, as 2.6.3 requires (readers such as `compoundfiles` warn otherwise). Each
storage's children form a binary search tree ordered as 2.6.4 says (shorter name first, then
by upper-cased UTF-16 code points). The tree is built balanced from the sorted names and every node
is black: 2.6.4 asks only that the root be black, that no two red nodes be consecutive and that the
ordering hold. Timestamps and CLSIDs are zero, which 2.6.3 allows, so the output depends only on
the streams given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096

_MAX_REGSECT = 0xFFFFFFFA
_FATSECT = 0xFFFFFFFD
_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_NOSTREAM = 0xFFFFFFFF
_HEADER_DIFAT_ENTRIES = 109
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_BLACK = 1
_FORBIDDEN_IN_NAMES = set("/\\:!")


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    start: int = _ENDOFCHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """2.6.4: a shorter name sorts first; equal lengths compare upper-cased code point by code point."""
    upper = "".join(c.upper() if len(c.upper()) == 1 else c for c in name)
    return len(name.encode("utf-16-le")), upper


def _check_name(name: str) -> None:
    if not name or len(name.encode("utf-16-le")) > 62 or _FORBIDDEN_IN_NAMES & set(name):
        raise ValueError(
            f"invalid compound file entry name {name!r} (1-31 characters, no / \\ : !)"
        )


def _build_tree(streams: Mapping[str, bytes]) -> _Entry:
    """Storages and streams from slash-separated paths ("VBA/dir"); storages are implied."""
    root = _Entry("Root Entry", _ROOT)  # its start: the mini stream's first sector, set later
    for path, data in streams.items():
        *storages, leaf = path.split("/")
        node = root
        for part in storages:
            _check_name(part)
            # 2.6.3: a storage object's Starting Sector Location MUST be all zeroes
            node = node.children.setdefault(part.upper(), _Entry(part, _STORAGE, start=0))
            if node.kind != _STORAGE:
                raise ValueError(f"{path!r}: {part!r} is a stream, not a storage")
        _check_name(leaf)
        if leaf.upper() in node.children:
            raise ValueError(f"{path!r} is given twice (names are case-insensitive)")
        node.children[leaf.upper()] = _Entry(leaf, _STREAM, bytes(data))
    return root


def _number(root: _Entry) -> list[_Entry]:
    """Directory order: the root first, then every storage's children breadth first."""
    entries = [root]
    for entry in entries:  # grows while iterated
        entries.extend(sorted(entry.children.values(), key=lambda e: _sort_key(e.name)))
    return entries


def _link(entries: list[_Entry]) -> None:
    """Point each storage at a balanced search tree of its (sorted, consecutive) children."""
    ids = {id(e): i for i, e in enumerate(entries)}

    def subtree(siblings: list[_Entry]) -> int:
        if not siblings:
            return _NOSTREAM
        middle = len(siblings) // 2
        node = siblings[middle]
        node.left = subtree(siblings[:middle])
        node.right = subtree(siblings[middle + 1 :])
        return ids[id(node)]

    for entry in entries:
        ordered = sorted(entry.children.values(), key=lambda e: _sort_key(e.name))
        entry.child = subtree(ordered)


def _sectors(length: int, size: int) -> int:
    return -(-length // size)


def _chain(table: list[int], first: int, count: int) -> int:
    """Mark `count` consecutive sectors from `first` as one chain; returns its start."""
    if count == 0:
        return _ENDOFCHAIN
    for i in range(first, first + count - 1):
        table[i] = i + 1
    table[first + count - 1] = _ENDOFCHAIN
    return first


def _directory_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    return b"".join(
        [
            name.ljust(64, b"\x00"),
            len(name).to_bytes(2, "little"),
            bytes([entry.kind, _BLACK]),
            entry.left.to_bytes(4, "little"),
            entry.right.to_bytes(4, "little"),
            entry.child.to_bytes(4, "little"),
            bytes(16 + 4 + 8 + 8),  # CLSID, state bits, creation and modification times
            entry.start.to_bytes(4, "little"),
            entry.size.to_bytes(8, "little"),
        ]
    )


_FREE_DIRECTORY_ENTRY = bytes(64 + 2 + 2) + b"\xff" * 12 + bytes(16 + 4 + 8 + 8 + 4 + 8)


def write_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """An MS-CFB v3 file holding `streams`, keyed by slash-separated path (e.g. "VBA/dir")."""
    entries = _number(_build_tree(streams))
    _link(entries)
    root, files = entries[0], [e for e in entries if e.kind == _STREAM]

    # The mini stream: every short stream in whole 64-byte mini sectors, one after another.
    mini_fat: list[int] = []
    mini_stream = bytearray()
    for entry in files:
        entry.size = len(entry.data)
        if entry.size < MINI_STREAM_CUTOFF:
            count = _sectors(entry.size, MINI_SECTOR)
            mini_fat.extend([_FREESECT] * count)
            entry.start = _chain(mini_fat, len(mini_fat) - count, count)
            mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\x00")
    root.size = len(mini_stream)

    # Regular sectors, in file order: FAT, directory, mini FAT, mini stream, large streams.
    directory_sectors = _sectors(len(entries), SECTOR // 128)
    mini_fat_sectors = _sectors(len(mini_fat) * 4, SECTOR)
    mini_stream_sectors = _sectors(len(mini_stream), SECTOR)
    large = [e for e in files if e.size >= MINI_STREAM_CUTOFF]
    content_sectors = directory_sectors + mini_fat_sectors + mini_stream_sectors
    content_sectors += sum(_sectors(e.size, SECTOR) for e in large)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + content_sectors:
        fat_sectors += 1
    if fat_sectors > _HEADER_DIFAT_ENTRIES or fat_sectors + content_sectors > _MAX_REGSECT:
        raise ValueError("compound file too large for a header-only DIFAT")

    fat = [_FREESECT] * (fat_sectors * SECTOR // 4)
    fat[:fat_sectors] = [_FATSECT] * fat_sectors
    next_free = fat_sectors
    directory_start = _chain(fat, next_free, directory_sectors)
    next_free += directory_sectors
    mini_fat_start = _chain(fat, next_free, mini_fat_sectors)
    next_free += mini_fat_sectors
    root.start = _chain(fat, next_free, mini_stream_sectors)
    next_free += mini_stream_sectors
    for entry in large:
        count = _sectors(entry.size, SECTOR)
        entry.start = _chain(fat, next_free, count)
        next_free += count

    difat = list(range(fat_sectors)) + [_FREESECT] * (_HEADER_DIFAT_ENTRIES - fat_sectors)
    header = b"".join(
        [
            _SIGNATURE,
            bytes(16),  # header CLSID
            (0x003E).to_bytes(2, "little"),  # minor version
            (0x0003).to_bytes(2, "little"),  # major version 3: 512-byte sectors
            (0xFFFE).to_bytes(2, "little"),  # byte order: little-endian
            (9).to_bytes(2, "little"),  # sector shift: 2**9 = 512
            (6).to_bytes(2, "little"),  # mini sector shift: 2**6 = 64
            bytes(6),  # reserved
            (0).to_bytes(4, "little"),  # directory sectors: must be 0 in version 3
            fat_sectors.to_bytes(4, "little"),
            directory_start.to_bytes(4, "little"),
            (0).to_bytes(4, "little"),  # transaction signature
            MINI_STREAM_CUTOFF.to_bytes(4, "little"),
            mini_fat_start.to_bytes(4, "little"),
            mini_fat_sectors.to_bytes(4, "little"),
            _ENDOFCHAIN.to_bytes(4, "little"),  # first DIFAT sector: none beyond the header
            (0).to_bytes(4, "little"),  # DIFAT sectors
            b"".join(s.to_bytes(4, "little") for s in difat),
        ]
    )

    def padded(data: bytes, sectors: int) -> bytes:
        return data.ljust(sectors * SECTOR, b"\x00")

    def table(values: list[int], sectors: int) -> bytes:
        values = values + [_FREESECT] * (sectors * SECTOR // 4 - len(values))
        return b"".join(v.to_bytes(4, "little") for v in values)

    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _FREE_DIRECTORY_ENTRY * (directory_sectors * 4 - len(entries))
    parts = [
        header,
        table(fat, fat_sectors),
        directory,
        table(mini_fat, mini_fat_sectors),
        padded(bytes(mini_stream), mini_stream_sectors),
    ]
    parts += [padded(e.data, _sectors(e.size, SECTOR)) for e in large]
    return b"".join(parts)
