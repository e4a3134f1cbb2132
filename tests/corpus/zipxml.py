"""Byte-level tools for breaking a workbook: read its zip parts, edit sheet XML, write it back.

A corpus case starts from a valid register and changes exactly the bytes it is about, so these
helpers work on the raw parts (`dict[name, bytes]`) with plain string edits rather than through
an Excel library that would "repair" what the case means to break.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

Parts = dict[str, bytes]


def read_parts(path: Path) -> Parts:
    """Every member of a zip, in archive order."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_parts(
    path: Path, parts: Mapping[str, bytes], compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    """A zip holding `parts` in the given order (as Excel writes it: deflated, no directories)."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def sheet_parts(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Sheet name (as in workbook.xml, entities decoded) -> its part, e.g. 'xl/worksheets/sheet2.xml'."""
    workbook = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    targets = {
        m.group("id"): m.group("target")
        for m in re.finditer(
            r'<Relationship [^>]*?Id="(?P<id>[^"]+)"[^>]*?Target="(?P<target>[^"]+)"', rels
        )
    }
    targets |= {
        m.group("id"): m.group("target")
        for m in re.finditer(
            r'<Relationship [^>]*?Target="(?P<target>[^"]+)"[^>]*?Id="(?P<id>[^"]+)"', rels
        )
    }
    result = {}
    for m in re.finditer(r"<sheet [^>]*?/>", workbook):
        tag = m.group(0)
        name = _unescape(re.search(r'name="([^"]*)"', tag).group(1))
        rid = re.search(r'r:id="([^"]*)"', tag).group(1)
        target = targets[rid].lstrip("/")
        result[name] = target if target.startswith("xl/") else f"xl/{target}"
    return result


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def edit_sheet(parts: Parts, sheet_name: str, edit: Callable[[str], str]) -> None:
    """Apply a text edit to one sheet's XML, in place."""
    part = sheet_parts(parts)[sheet_name]
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")


# --------------------------------------------------------------------------- cells


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA", 16383 -> "XFD"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """ "A" -> 0, "XFD" -> 16383."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def split_ref(ref: str) -> tuple[str, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if not m:
        raise ValueError(ref)
    return m.group(1), int(m.group(2))


def text_cell(ref: str, text: str, style: int | None = None) -> str:
    """An inline-string cell: the text exactly as given (XML-escaped, nothing else)."""
    return f'<c r="{ref}"{_s(style)} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def raw_text_cell(ref: str, raw_xml_text: str) -> str:
    """An inline-string cell whose text is put into the XML as is (entities, control bytes)."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{raw_xml_text}</t></is></c>'


def number_cell(ref: str, value: str | float | int, style: int | None = None) -> str:
    """A number cell; `value` is written as the literal text of <v> (so '1e20' stays '1e20')."""
    return f'<c r="{ref}"{_s(style)}><v>{value}</v></c>'


def error_cell(ref: str, formula: str, error: str) -> str:
    """A formula whose cached result is an Excel error (#REF!, #DIV/0!, #N/A)."""
    return f'<c r="{ref}" t="e"><f>{escape(formula)}</f><v>{escape(error)}</v></c>'


def formula_cell(ref: str, formula: str, cached: str | None = None, kind: str = "") -> str:
    """A formula cell; without `cached` it has no <v>, as a file saved by a tool that does not
    calculate (or with calculation off) leaves it."""
    t = f' t="{kind}"' if kind else ""
    value = "" if cached is None else f"<v>{escape(cached)}</v>"
    return f'<c r="{ref}"{t}><f>{escape(formula)}</f>{value}</c>'


def _s(style: int | None) -> str:
    return "" if style is None else f' s="{style}"'


_ROW = r'<row r="{n}"(?:\s[^>]*?)?(?:/>|>.*?</row>)'
_CELL = r'<c r="{ref}"(?:\s[^>]*?)?(?:/>|>.*?</c>)'


def set_cells(xml: str, cells: Mapping[str, str]) -> str:
    """Put each cell XML (`ref` -> '<c r=ref …>…</c>') into the sheet, replacing the cell there
    or inserting it (and its row) in order; the <dimension> grows to cover the new cells."""
    for ref, cell in cells.items():
        letters, row = split_ref(ref)
        xml = _set_cell(xml, row, letters, cell)
    return _grow_dimension(xml, cells.keys())


def _set_cell(xml: str, row: int, letters: str, cell: str) -> str:
    ref = f"{letters}{row}"
    row_match = re.search(_ROW.format(n=row), xml, re.DOTALL)
    if row_match is None:
        return _insert_row(xml, row, f'<row r="{row}">{cell}</row>')
    row_xml = row_match.group(0)
    if row_xml.endswith("/>") and "</row>" not in row_xml:
        new_row = row_xml[:-2] + f">{cell}</row>"
    elif re.search(_CELL.format(ref=ref), row_xml, re.DOTALL):
        new_row = re.sub(_CELL.format(ref=ref), lambda _: cell, row_xml, count=1, flags=re.DOTALL)
    else:
        new_row = _insert_cell(row_xml, letters, cell)
    return xml[: row_match.start()] + new_row + xml[row_match.end() :]


def _insert_cell(row_xml: str, letters: str, cell: str) -> str:
    want = column_index(letters)
    for m in re.finditer(r'<c r="([A-Z]+)\d+"', row_xml):
        if column_index(m.group(1)) > want:
            return row_xml[: m.start()] + cell + row_xml[m.start() :]
    end = row_xml.rindex("</row>")
    return row_xml[:end] + cell + row_xml[end:]


def _insert_row(xml: str, row: int, row_xml: str) -> str:
    for m in re.finditer(r'<row r="(\d+)"', xml):
        if int(m.group(1)) > row:
            return xml[: m.start()] + row_xml + xml[m.start() :]
    if "<sheetData/>" in xml:
        return xml.replace("<sheetData/>", f"<sheetData>{row_xml}</sheetData>")
    end = xml.index("</sheetData>")
    return xml[:end] + row_xml + xml[end:]


def _grow_dimension(xml: str, refs: Iterable[str]) -> str:
    m = re.search(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>', xml)
    if m is None:
        return xml
    last_col = column_index(m.group(3) or m.group(1))
    last_row = int(m.group(4) or m.group(2))
    for ref in refs:
        letters, row = split_ref(ref)
        last_col, last_row = max(last_col, column_index(letters)), max(last_row, row)
    new = f'<dimension ref="{m.group(1)}{m.group(2)}:{column_letter(last_col)}{last_row}"/>'
    return xml[: m.start()] + new + xml[m.end() :]


def set_dimension(xml: str, ref: str) -> str:
    """Replace the sheet's <dimension ref> (what Excel stores as the used range)."""
    return re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml, count=1)


def write_streamed(
    path: Path, parts: Mapping[str, bytes], big: str, chunks: Iterable[bytes], level: int = 1
) -> Path:
    """Write `parts` with part `big` taken from `chunks` instead, streamed into the zip (a part of
    gigabytes is never held in memory; zip64 is used as needed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for part, data in parts.items():
            if part != big:
                archive.writestr(part, data)
                continue
            with archive.open(part, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)
    return path
