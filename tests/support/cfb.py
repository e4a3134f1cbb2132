"""compoundfiles as the tests use it: a second reader of compound files, strict about the spec."""

from __future__ import annotations

import warnings
from pathlib import Path

import compoundfiles


def _read_all(doc: compoundfiles.CompoundFileReader) -> dict[str, bytes]:
    found = {}

    def walk(entry: compoundfiles.CompoundFileEntity, prefix: str) -> None:
        for child in entry:
            if child.isdir:
                walk(child, f"{prefix}{child.name}/")
            else:
                with doc.open(child) as stream:
                    found[prefix + child.name] = stream.read()

    walk(doc.root, "")
    return found


def open_without_warnings(path: Path) -> dict[str, bytes]:
    """Every stream of the compound file at `path` by slash-separated path, read by compoundfiles,
    which warns about each field [MS-CFB] fixes that a writer got wrong; any warning fails.
    A file path, not a buffer: given a buffer, compoundfiles warns that it emulates mmap."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with compoundfiles.CompoundFileReader(str(path)) as doc:
            return _read_all(doc)
