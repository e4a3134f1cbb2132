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
