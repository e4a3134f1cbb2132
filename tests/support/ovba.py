"""MS-OVBA decompression (2.4.1.3), for the tests only: socpass writes compressed VBA, never reads it."""

from __future__ import annotations

from socpass.vba.compression import CHUNK_SIZE, _bit_count

_SIGNATURE = 0x01


def _decompress_tokens(data: bytes, pos: int, chunk_end: int, out: bytearray) -> None:
    """Expand the TokenSequences of one compressed chunk into `out` (2.4.1.3.2 - 2.4.1.3.5)."""
    chunk_start = len(out)
    while pos < chunk_end:
        flags = data[pos]
        pos += 1
        for bit in range(8):
            if pos >= chunk_end:
                break
            if not flags >> bit & 1:
                out.append(data[pos])
                pos += 1
                continue
            if pos + 2 > chunk_end:
                raise ValueError(f"CopyToken cut off at byte {pos}")
            token = int.from_bytes(data[pos : pos + 2], "little")
            pos += 2
            difference = len(out) - chunk_start
            if difference == 0:
                raise ValueError(f"CopyToken before any literal at byte {pos - 2}")
            bit_count = _bit_count(difference)
            length = (token & (0xFFFF >> bit_count)) + 3
            offset = (token >> (16 - bit_count)) + 1
            if offset > difference:
                raise ValueError(f"CopyToken reaches before its chunk at byte {pos - 2}")
            source = len(out) - offset
            for i in range(length):  # byte by byte: a copy may overlap what it writes
                out.append(out[source + i])


def decompress(data: bytes) -> bytes:
    """Expand an MS-OVBA CompressedContainer (2.4.1.3.1); ValueError if it is malformed."""
    if not data or data[0] != _SIGNATURE:
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise ValueError(f"chunk header cut off at byte {pos}")
        header = int.from_bytes(data[pos : pos + 2], "little")
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad chunk signature at byte {pos}")
        chunk_end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        if header >> 15:
            _decompress_tokens(data, pos, chunk_end, out)
            pos = chunk_end
        else:
            out += data[pos : pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
    return bytes(out)
