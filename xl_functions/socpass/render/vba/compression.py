"""The MS-OVBA compression that VBA applies to module source and to the `dir` stream.

Follows [MS-OVBA] 2.4.1: a CompressedContainer is the signature byte 0x01 followed by chunks, each
holding at most 4096 decompressed bytes (2.4.1.1.4); a compressed chunk is a sequence of
TokenSequences, a flag byte then up to eight tokens, each a literal byte or a 2-byte CopyToken whose
offset/length split depends on how far into the chunk it stands (2.4.1.3.19.1 "CopyToken Help").

The compressor is the spec's greedy matcher (2.4.1.3.19.4: longest match, nearest candidate on a
tie) with two speed-ups that do not change the format: candidates are found through an index of
3-byte prefixes (a shorter match is never used), and the search stops at a match that already has
the token's maximum length. A chunk that would not shrink below 4096 bytes is stored raw and padded
with zeros to 4096 bytes (2.4.1.3.10). VBA source text never comes near that, which matters:
Excel is reported to drop a module stored in raw chunks, so the tests check real source never is.
"""

from __future__ import annotations

CHUNK_SIZE = 4096  # decompressed bytes per chunk
_SIGNATURE = 0x01
_COMPRESSED_HEADER = 0xB000  # flag bit 15 set, signature 0b011 in bits 12-14
_RAW_HEADER = 0x3FFF  # flag clear, signature 0b011, size field 4095 (a 4098-byte chunk)


def _bit_count(difference: int) -> int:
    """Offset bits of a CopyToken `difference` bytes into its chunk: ceil(log2(difference)), >= 4."""
    return max((difference - 1).bit_length(), 4)


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk (header + data) for up to 4096 bytes (2.4.1.3.7)."""
    end = len(chunk)
    body = bytearray()
    prefixes: dict[bytes, list[int]] = {}
    pos = 0

    def remember(first: int, last: int) -> None:
        for p in range(first, min(last, end - 2)):
            prefixes.setdefault(chunk[p : p + 3], []).append(p)

    while pos < end:
        flag_index = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            bit_count = _bit_count(pos)
            max_length = (0xFFFF >> bit_count) + 3
            limit = min(max_length, end - pos)
            best_length, best_candidate = 0, -1
            for candidate in reversed(prefixes.get(chunk[pos : pos + 3], ())):
                length = 3
                while length < limit and chunk[candidate + length] == chunk[pos + length]:
                    length += 1
                if length > best_length:
                    best_length, best_candidate = length, candidate
                    if length == limit:
                        break
            if best_length >= 3:
                token = ((pos - best_candidate - 1) << (16 - bit_count)) | (best_length - 3)
                body += token.to_bytes(2, "little")
                flags |= 1 << bit
                remember(pos, pos + best_length)
                pos += best_length
            else:
                body.append(chunk[pos])
                remember(pos, pos + 1)
                pos += 1
        body[flag_index] = flags

    if len(body) > CHUNK_SIZE:
        return _RAW_HEADER.to_bytes(2, "little") + chunk.ljust(CHUNK_SIZE, b"\x00")
    header = _COMPRESSED_HEADER | (len(body) + 2 - 3)
    return header.to_bytes(2, "little") + bytes(body)


def compress(data: bytes) -> bytes:
    """Compress `data` into an MS-OVBA CompressedContainer (2.4.1.3.6)."""
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data[start : start + CHUNK_SIZE])
    return bytes(out)


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
