"""MS-OVBA compression: the spec's own examples, round trips, and an independent decompressor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from socpass.vba.compression import CHUNK_SIZE, compress
from support.ovba import decompress

# [MS-OVBA] 3.2.1 (no compression), 3.2.2 (normal), 3.2.3 (maximum compression).
SPEC_EXAMPLES = [
    (
        b"abcdefghijklmnopqrstuv.",
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    ),
    (
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20"
        " 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C",
    ),
    (b"a" * 73, "01 03 B0 02 61 45 00"),
]


def _xlwings_bas() -> bytes:
    import xlwings

    path = Path(xlwings.__file__).with_name("xlwings.bas")
    if not path.exists():
        pytest.skip("this xlwings has no xlwings.bas")
    return path.read_bytes()


def _chunk_headers(container: bytes) -> list[int]:
    headers, pos = [], 1
    while pos < len(container):
        header = int.from_bytes(container[pos : pos + 2], "little")
        headers.append(header)
        pos += (header & 0x0FFF) + 3
    return headers


@pytest.mark.parametrize(("text", "compressed"), SPEC_EXAMPLES)
def test_spec_examples_decompress(text: bytes, compressed: str) -> None:
    assert decompress(bytes.fromhex(compressed)) == text


@pytest.mark.parametrize(("text", "compressed"), SPEC_EXAMPLES)
def test_compressor_reproduces_the_spec_examples_byte_for_byte(
    text: bytes, compressed: str
) -> None:
    assert compress(text) == bytes.fromhex(compressed)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="Sub End If Then x=1\r\n\"'().", max_size=3 * CHUNK_SIZE + 17))
def test_text_round_trips(text: str) -> None:
    data = text.encode("ascii")
    assert decompress(compress(data)) == data


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2 * CHUNK_SIZE + 5))
def test_random_bytes_round_trip_up_to_raw_chunk_padding(data: bytes) -> None:
    out = decompress(compress(data))
    # A raw (uncompressible) last chunk always holds 4096 bytes: zeros pad it (2.4.1.3.10).
    assert out[: len(data)] == data
    assert set(out[len(data) :]) <= {0} and len(out) - len(data) < CHUNK_SIZE


def test_incompressible_chunk_is_stored_raw() -> None:
    data = os.urandom(CHUNK_SIZE)
    container = compress(data)
    assert _chunk_headers(container) == [0x3FFF]
    assert len(container) == 1 + 2 + CHUNK_SIZE
    assert decompress(container) == data


def test_real_vba_source_round_trips_and_olevba_reads_it() -> None:
    from oletools.olevba import decompress_stream

    source = _xlwings_bas()
    container = compress(source)
    assert decompress(container) == source
    assert decompress_stream(bytearray(container)) == source
    assert len(container) < len(source) // 2
    # Every chunk of source text is a compressed chunk, never a raw one (flag bit 15 set).
    headers = _chunk_headers(container)
    assert len(headers) == -(-len(source) // CHUNK_SIZE)
    assert all(h >> 15 for h in headers)


def test_olevba_decompresses_our_chunks_at_every_boundary() -> None:
    from oletools.olevba import decompress_stream

    line = b'    RunPython "import socpass.excel.macros as m; m.flag_at_risk_caller()"\r\n'
    for size in (CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE):
        data = (line * (size // len(line) + 1))[:size]
        assert decompress_stream(bytearray(compress(data))) == data


def test_empty_input_is_a_bare_signature() -> None:
    assert compress(b"") == b"\x01"
    assert decompress(b"\x01") == b""


@pytest.mark.parametrize(
    "container",
    [
        b"",
        b"\x02\x19\xb0\x00abc",  # wrong signature byte
        b"\x01\x19\x00\x00abc",  # wrong chunk signature
        b"\x01\x03\xb0\x01\x00\x00",  # copy token before any literal
        b"\x01\x04\xb0\x02\x61\x00\x10",  # copy token reaching before the chunk
    ],
)
def test_malformed_containers_raise_value_error(container: bytes) -> None:
    with pytest.raises(ValueError):
        decompress(container)
