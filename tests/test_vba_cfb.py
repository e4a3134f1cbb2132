"""The compound file writer, read back by olefile in its strict mode and by compoundfiles, which
warns about every field the spec fixes that a writer got wrong."""

from __future__ import annotations

import io
import os
from pathlib import Path

import olefile
import pytest
from socpass.vba.cfb import MINI_STREAM_CUTOFF, write_compound_file
from support.cfb import open_without_warnings

RED, BLACK = 0, 1  # [MS-CFB] 2.6.1 Color Flag


def _open(data: bytes) -> olefile.OleFileIO:
    # DEFECT_INCORRECT: olefile raises on anything the spec calls incorrect, not only on fatal errors.
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def _spec_order(name: str) -> tuple[int, str]:
    return len(name), name.upper()


STREAMS = {
    "PROJECT": b"ID=...\r\n" * 20,
    "PROJECTwm": b"",
    "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x01\x00",
    "VBA/dir": b"d" * (MINI_STREAM_CUTOFF - 1),  # the largest mini stream
    "VBA/Module1": b"m" * MINI_STREAM_CUTOFF,  # the smallest regular stream
    "VBA/xlwings": os.urandom(70_000),
    "VBA/Sub/deeper": b"q" * 65,
}


def test_olefile_lists_every_storage_and_stream_with_its_content() -> None:
    data = write_compound_file(STREAMS)
    assert len(data) % 512 == 0
    ole = _open(data)
    listed = {"/".join(p) for p in ole.listdir(streams=True, storages=True)}
    assert listed == set(STREAMS) | {"VBA", "VBA/Sub"}
    for path, content in STREAMS.items():
        assert ole.get_type(path) == olefile.STGTY_STREAM
        assert ole.openstream(path).read() == content
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE


def test_short_streams_live_in_the_mini_stream_and_long_ones_in_sectors() -> None:
    ole = _open(write_compound_file(STREAMS))
    assert ole.get_size("VBA/dir") < ole.minisectorcutoff
    assert ole.get_size("VBA/Module1") == ole.minisectorcutoff
    assert ole.openstream("VBA/dir").read() == STREAMS["VBA/dir"]
    assert ole.openstream("VBA/Module1").read() == STREAMS["VBA/Module1"]


def test_a_file_needing_several_fat_sectors_reads_back() -> None:
    big = os.urandom(300_000)  # ~590 sectors: five FAT sectors
    ole = _open(write_compound_file({"VBA/big": big, "small": b"s"}))
    assert ole.num_fat_sectors >= 5
    assert ole.openstream("VBA/big").read() == big


def test_siblings_form_a_valid_search_tree_in_the_spec_order() -> None:
    names = [f"M{'x' * (i % 7)}{i}" for i in range(40)] + ["a", "B", "_VBA_PROJECT", "dir"]
    ole = _open(write_compound_file({f"VBA/{n}": n.encode() for n in names}))
    entries = ole.direntries
    storage = next(e for e in entries if e is not None and e.name == "VBA")

    def in_order(sid: int, parent_red: bool) -> list[str]:
        if sid == olefile.NOSTREAM:
            return []
        node = entries[sid]
        red = node.color == RED
        assert not (red and parent_red), "two consecutive red nodes"
        return in_order(node.sid_left, red) + [node.name] + in_order(node.sid_right, red)

    assert entries[storage.sid_child].color == BLACK
    walked = in_order(storage.sid_child, False)
    assert walked == sorted(names, key=_spec_order)


def test_output_depends_only_on_the_streams() -> None:
    assert write_compound_file(STREAMS) == write_compound_file(dict(reversed(STREAMS.items())))


@pytest.mark.parametrize(
    "streams",
    [
        {"VBA/dir": b"", "vba/DIR": b""},  # names are case-insensitive
        {"x" * 32: b""},  # longer than 31 characters
        {"a:b": b""},
        {"VBA": b"", "VBA/dir": b""},  # a stream used as a storage
    ],
)
def test_invalid_names_are_refused(streams: dict[str, bytes]) -> None:
    with pytest.raises(ValueError):
        write_compound_file(streams)


def test_compoundfiles_reads_every_stream_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "streams.bin"
    path.write_bytes(write_compound_file(STREAMS))
    assert open_without_warnings(path) == STREAMS


def test_storages_start_at_sector_zero_with_size_zero() -> None:
    """[MS-CFB] 2.6.3: a storage object's Starting Sector Location MUST be all zeroes."""
    ole = _open(write_compound_file(STREAMS))
    storages = [
        e for e in ole.direntries if e is not None and e.entry_type == olefile.STGTY_STORAGE
    ]
    assert {e.name for e in storages} == {"VBA", "Sub"}
    assert all(e.isectStart == 0 and e.size == 0 for e in storages)
