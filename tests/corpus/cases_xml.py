"""Hostile or malformed XML inside an otherwise valid register: entity bombs, external entities,
control characters, broken encodings, references to nothing.

Excel never writes a DTD, raw control characters or a dangling shared-string index, so these come
from other tools, hand edits or a hostile sender; socpass must neither expand entities nor leak a
local file, and must answer in one line or read the register as usual.
"""

from __future__ import annotations

from pathlib import Path

from socpass.files.workbook_file import CORRUPTED, SHEET_DAMAGED

from .bases import base_parts, letter, name, write_broken
from .model import OK, Expect, case, error, everywhere, findings, readable, unusable
from .zipxml import edit_sheet, number_cell, raw_text_cell, set_cells, sheet_parts

DAMAGED = (unusable(SHEET_DAMAGED), unusable(CORRUPTED))
NAME_CELL = f"{letter('pupils', 'full_name')}2"
#: What an entity bomb expands to: 10 levels of 10 copies = 10^9 "lol"s (3 GB).
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PASSWD_LEAK = "root:x:0:0"


def _with_doctype(xml: bytes, doctype: str) -> bytes:
    """Put a DOCTYPE right after the XML declaration."""
    end = xml.index(b"?>") + 2
    return xml[:end] + doctype.encode() + xml[end:]


def _pupil_name(parts, raw: str) -> None:
    edit_sheet(
        parts, name("pupils"), lambda x: set_cells(x, {NAME_CELL: raw_text_cell(NAME_CELL, raw)})
    )


@case(everywhere(*DAMAGED, *(findings(error(name("pupils"), 2)),)))
def billion_laughs_in_sheet(folder: Path) -> Path:
    """An entity bomb (10^9 "lol"s) in the Pupils sheet, used in a pupil's name."""
    parts = base_parts()
    _pupil_name(parts, "&lol9;")
    part = sheet_parts(parts)[name("pupils")]
    parts[part] = _with_doctype(parts[part], LAUGHS)
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(*DAMAGED))
def billion_laughs_in_shared_strings(folder: Path) -> Path:
    """An entity bomb in sharedStrings.xml, the part every cell's text comes from."""
    parts = base_parts()
    sst = _with_doctype(parts["xl/sharedStrings.xml"], LAUGHS)
    parts["xl/sharedStrings.xml"] = sst.replace(b"<si><t>", b"<si><t>&lol9;", 1)
    return write_broken(folder / "register.xlsx", parts)


@case(
    readable(close_year=(OK, unusable())),
)
def billion_laughs_in_docprops(folder: Path) -> Path:
    """An entity bomb in docProps/core.xml (the title), a part only the writers parse."""
    parts = base_parts()
    core = _with_doctype(parts["docProps/core.xml"], LAUGHS)
    parts["docProps/core.xml"] = core.replace(b"<dc:title>", b"<dc:title>&lol9;", 1)
    return write_broken(folder / "register.xlsx", parts)


def _no_leak(*allowed: Expect) -> tuple[Expect, ...]:
    return tuple(
        Expect(e.exit, e.finding, e.line, e.lang, stdout_lacks=PASSWD_LEAK) for e in allowed
    )


@case(everywhere(*_no_leak(*DAMAGED, findings(error(name("pupils"), 2)))))
def xxe_in_sheet(folder: Path) -> Path:
    """An external entity (file:///etc/passwd) in a pupil's name: a file meant to leak a local file
    into the output or into the upgraded workbook."""
    parts = base_parts()
    _pupil_name(parts, "&xxe;")
    part = sheet_parts(parts)[name("pupils")]
    parts[part] = _with_doctype(parts[part], XXE)
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(*_no_leak(OK), close_year=_no_leak(OK, unusable())))
def xxe_in_docprops(folder: Path) -> Path:
    """An external entity in docProps/core.xml's title."""
    parts = base_parts()
    core = _with_doctype(
        parts["docProps/core.xml"], XXE.replace("<!DOCTYPE r", "<!DOCTYPE cp:coreProperties")
    )
    parts["docProps/core.xml"] = core.replace(b"<dc:title>", b"<dc:title>&xxe;", 1)
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(*DAMAGED))
def malformed_sheet_xml(folder: Path) -> Path:
    """The Pupils sheet's XML ends in the middle of a tag (a tool crashed while saving)."""
    parts = base_parts()
    part = sheet_parts(parts)[name("pupils")]
    parts[part] = parts[part][: len(parts[part]) // 2]
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(*DAMAGED))
def malformed_workbook_xml(folder: Path) -> Path:
    """xl/workbook.xml (the list of sheets) is not XML at all."""
    parts = base_parts()
    parts["xl/workbook.xml"] = b"<workbook><sheets><sheet name="
    return write_broken(folder / "register.xlsx", parts)


@case(
    everywhere(
        OK,
        findings(error(name("pupils"), 2, letter("pupils", "full_name"))),
        close_year=(OK, unusable()),
        upgrade=(OK, unusable()),
    ),
)
def control_chars_in_cell(folder: Path) -> Path:
    """Raw control characters (U+0001, U+0008, U+001B) in a pupil's name: text pasted from a
    terminal or an old database export, invalid in XML 1.0 but written by some tools."""
    parts = base_parts()
    _pupil_name(parts, "Тест\x01Арман\x08\x1b")
    return write_broken(folder / "register.xlsx", parts)


@case(
    everywhere(
        OK,
        findings(error(name("pupils"), 2, letter("pupils", "full_name"))),
        close_year=(OK, unusable()),
        upgrade=(OK, unusable()),
    ),
)
def nul_byte_in_cell(folder: Path) -> Path:
    """A NUL byte inside a pupil's name."""
    parts = base_parts()
    _pupil_name(parts, "Тест\x00Арман")
    return write_broken(folder / "register.xlsx", parts)


@case(readable())
def escaped_control_chars_in_cell(folder: Path) -> Path:
    """Control characters written the OOXML way (_x0007_, _x000B_) in a name, as Excel saves a
    pasted bell or vertical tab."""
    parts = base_parts()
    _pupil_name(parts, "Тест_x0007_Арман_x000B_")
    return write_broken(folder / "register.xlsx", parts)


@case(
    readable(close_year=(OK, unusable())),
)
def control_chars_in_docprops(folder: Path) -> Path:
    """Raw control characters in the workbook's title and author (docProps/core.xml)."""
    parts = base_parts()
    core = parts["docProps/core.xml"]
    parts["docProps/core.xml"] = core.replace(b"<dc:title>", b"<dc:title>\x01\x02\x1b", 1)
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(*DAMAGED))
def invalid_utf8_in_cell(folder: Path) -> Path:
    """Bytes that are not UTF-8 (a cp1251 name pasted by an old tool) in a pupil's name."""
    parts = base_parts()
    part = sheet_parts(parts)[name("pupils")]
    parts[part] = set_cells(
        parts[part].decode(), {NAME_CELL: raw_text_cell(NAME_CELL, "@@")}
    ).encode()
    parts[part] = parts[part].replace(b"<t>@@</t>", "<t>Тест Арман</t>".encode("cp1251"))
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(*DAMAGED, findings(error(name("pupils"), 2))))
def shared_string_index_out_of_range(folder: Path) -> Path:
    """A cell pointing at shared string 999999 of a table that has a few hundred."""
    parts = base_parts()
    cell = f'<c r="{NAME_CELL}" t="s"><v>999999</v></c>'
    edit_sheet(parts, name("pupils"), lambda x: set_cells(x, {NAME_CELL: cell}))
    return write_broken(folder / "register.xlsx", parts)


@case(
    everywhere(
        *DAMAGED,
        findings(error(name("attendance"), 2, letter("attendance", "planned"))),
        upgrade=(OK, *DAMAGED),
    )
)
def number_cell_holding_text(folder: Path) -> Path:
    """A number cell (no type) whose value is "сексен" instead of digits."""
    parts = base_parts()
    ref = f"{letter('attendance', 'planned')}2"
    edit_sheet(parts, name("attendance"), lambda x: set_cells(x, {ref: number_cell(ref, "сексен")}))
    return write_broken(folder / "register.xlsx", parts)


@case(everywhere(OK, *DAMAGED))
def sheet_xml_in_utf16(folder: Path) -> Path:
    """The Pupils sheet's XML encoded as UTF-16 with a byte-order mark (valid XML; some
    converters write it)."""
    parts = base_parts()
    part = sheet_parts(parts)[name("pupils")]
    text = parts[part].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    parts[part] = text.encode("utf-16")
    return write_broken(folder / "register.xlsx", parts)
