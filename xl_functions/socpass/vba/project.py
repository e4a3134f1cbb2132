"""Generate a `vbaProject.bin` (an Excel VBA project) from module source text.

Follows [MS-OVBA] as a writer that stores source only: `_VBA_PROJECT` is the 7-byte header with
version 0xFFFF and no performance cache (2.3.4.1), every module stream is its compressed source at
offset 0 (2.3.4.3, MODULEOFFSET 0), so Excel compiles the project when it opens the workbook
(1.6: "to be interoperable, this version number MUST be set to 0xFFFF"). The streams are:

- `PROJECT` (2.3.1): the text properties: ID, one `Document=`/`Module=` line per module, Name,
  the protection fields CMG/DPB/GC (unprotected, visible, no password; obfuscated per 2.4.3) and
  the VBE host extender;
- `PROJECTwm` (2.3.3): module names in MBCS and UTF-16;
- `VBA/dir` (2.3.4.2), compressed: project information, the references Excel itself writes for a
  new workbook (stdole "OLE Automation" and "Office"; VBA and Excel are implicit), and one MODULE
  record per module;
- `VBA/_VBA_PROJECT` and one stream per module.

Document modules (the workbook and each worksheet) carry the attribute block Excel writes for
them; their names are the code names XlsxWriter must be given (`workbook.set_vba_name`,
`worksheet.set_vba_name`). Output is deterministic: the same modules give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass

from .cfb import write_compound_file
from .compression import compress

CODE_PAGE = 1252  # PROJECTCODEPAGE; module source must be encodable in it
_ENCODING = f"cp{CODE_PAGE}"
_LCID = 0x0409  # PROJECTLCID and PROJECTLCIDINVOKE MUST be 0x409 (2.3.4.2.1.3-4)
_SYSKIND_WIN64 = 0x00000003  # 2.3.4.2.1.1; Excel recompiles for its own bitness on open
# PROJECTVERSION of a blank Excel 365 project (as in Beakerboy/vbaProject-Compiler's test data);
# 2.3.4.2.1.11 puts no constraint on it.
_VERSION_MAJOR, _VERSION_MINOR = 0x65BE0257, 0x0011

# _VBA_PROJECT (2.3.4.1, example 3.1.1): Reserved1 0x61CC, Version 0xFFFF, Reserved2 0, Reserved3.
_VBA_PROJECT_HEADER = b"\xcc\x61\xff\xff\x00\x01\x00"
_VBE_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
# Registered type libraries a new Excel workbook references (name, LibidReference, 2.1.1.8).
_REFERENCES = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)
# VB_Base class IDs of Excel's document modules: the Workbook and the Worksheet object.
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_VB_NAME = re.compile(r'\AAttribute VB_Name = "([^"]*)"\r?\n')


@dataclass(frozen=True)
class VbaModule:
    """A standard (.bas) module: its name and its code without the `Attribute VB_Name` line."""

    name: str
    code: str

    @classmethod
    def from_bas(cls, text: str) -> VbaModule:
        """A module from an exported .bas file, whose first line names it (as xlwings.bas does)."""
        match = _VB_NAME.match(text)
        if not match:
            raise ValueError('a .bas file starts with: Attribute VB_Name = "<name>"')
        return cls(match.group(1), text[match.end() :])


def _crlf(text: str) -> str:
    """VBA source lines end in CR LF, the last one included."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return (lines if lines.endswith("\n") or not lines else lines + "\n").replace("\n", "\r\n")


def _mbcs(text: str, what: str) -> bytes:
    try:
        return text.encode(_ENCODING)
    except UnicodeEncodeError as error:
        raise ValueError(f"{what} has a character outside code page {CODE_PAGE}: {error}") from None


def _document_source(name: str, base: str) -> str:
    return _crlf(
        f'Attribute VB_Name = "{name}"\n'
        f'Attribute VB_Base = "{base}"\n'
        "Attribute VB_GlobalNameSpace = False\n"
        "Attribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\n"
        "Attribute VB_Exposed = True\n"
        "Attribute VB_TemplateDerived = False\n"
        "Attribute VB_Customizable = True\n"
    )


def _standard_source(module: VbaModule) -> str:
    return _crlf(f'Attribute VB_Name = "{module.name}"\n' + module.code)


# --- dir stream records (2.3.4.2) ---------------------------------------------------------------


def _u16(value: int) -> bytes:
    return value.to_bytes(2, "little")


def _u32(value: int) -> bytes:
    return value.to_bytes(4, "little")


def _record(record_id: int, data: bytes) -> bytes:
    """Id, Size, Data: the shape of almost every dir stream record."""
    return _u16(record_id) + _u32(len(data)) + data


def _twin(record_id: int, unicode_id: int, text: str) -> bytes:
    """A string record followed by its UTF-16 twin (e.g. PROJECTDOCSTRING with Reserved 0x0040)."""
    return _record(record_id, _mbcs(text, "project text")) + _record(
        unicode_id, text.encode("utf-16-le")
    )


def _information(project_name: str) -> bytes:
    """PROJECTINFORMATION (2.3.4.2.1)."""
    return b"".join(
        [
            _record(0x0001, _u32(_SYSKIND_WIN64)),  # PROJECTSYSKIND
            _record(0x0002, _u32(_LCID)),  # PROJECTLCID
            _record(0x0014, _u32(_LCID)),  # PROJECTLCIDINVOKE
            _record(0x0003, _u16(CODE_PAGE)),  # PROJECTCODEPAGE
            _record(0x0004, _mbcs(project_name, "project name")),  # PROJECTNAME
            _twin(0x0005, 0x0040, ""),  # PROJECTDOCSTRING
            _twin(0x0006, 0x003D, ""),  # PROJECTHELPFILEPATH
            _record(0x0007, _u32(0)),  # PROJECTHELPCONTEXT
            _record(0x0008, _u32(0)),  # PROJECTLIBFLAGS
            # PROJECTVERSION: Reserved MUST be 4 (it reads like a size but 6 bytes follow)
            _u16(0x0009) + _u32(4) + _u32(_VERSION_MAJOR) + _u16(_VERSION_MINOR),
            _twin(0x000C, 0x003C, ""),  # PROJECTCONSTANTS
        ]
    )


def _references() -> bytes:
    """PROJECTREFERENCES (2.3.4.2.2): REFERENCENAME + REFERENCEREGISTERED for each library."""
    out = bytearray()
    for name, libid in _REFERENCES:
        out += _twin(0x0016, 0x003E, name)  # REFERENCENAME
        encoded = _mbcs(libid, "reference")
        # REFERENCEREGISTERED: SizeOfLibid, Libid, Reserved1 (4 bytes 0), Reserved2 (2 bytes 0)
        out += _record(0x000D, _u32(len(encoded)) + encoded + _u32(0) + _u16(0))
    return bytes(out)


def _module_record(name: str, document: bool) -> bytes:
    """MODULE (2.3.4.2.3.2): stream named as the module, source at offset 0."""
    return b"".join(
        [
            _record(0x0019, _mbcs(name, "module name")),  # MODULENAME
            _record(0x0047, name.encode("utf-16-le")),  # MODULENAMEUNICODE
            _twin(0x001A, 0x0032, name),  # MODULESTREAMNAME
            _twin(0x001C, 0x0048, ""),  # MODULEDOCSTRING
            _record(0x0031, _u32(0)),  # MODULEOFFSET: no performance cache before the source
            _record(0x001E, _u32(0)),  # MODULEHELPCONTEXT
            _record(0x002C, _u16(0xFFFF)),  # MODULECOOKIE
            _u16(0x0022 if document else 0x0021) + _u32(0),  # MODULETYPE: document / procedural
            _u16(0x002B) + _u32(0),  # Terminator
        ]
    )


def _dir_stream(project_name: str, modules: list[tuple[str, bool]]) -> bytes:
    """The decompressed dir stream (2.3.4.2): information, references, modules, terminator."""
    return b"".join(
        [
            _information(project_name),
            _references(),
            _record(0x000F, _u16(len(modules))),  # PROJECTMODULES: Count
            _record(0x0013, _u16(0xFFFF)),  # PROJECTCOOKIE
            *(_module_record(name, document) for name, document in modules),
            _u16(0x0010) + _u32(0),  # Terminator
        ]
    )


# --- PROJECT and PROJECTwm streams --------------------------------------------------------------


def _encrypt(project_id: str, data: bytes, seed: int) -> str:
    """Data Encryption (2.4.3.2), the obfuscation of CMG/DPB/GC, as upper-case hex."""
    version = 2
    key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ key])
    unencrypted_1, encrypted_1, encrypted_2 = key, seed ^ key, seed ^ version
    ignored = bytes([seed]) * ((seed & 6) // 2)  # arbitrary bytes; their count comes from Seed
    for byte in ignored + _u32(len(data)) + data:
        encrypted = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(encrypted)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, encrypted, byte
    return out.hex().upper()


# Plain values of CMG (2.3.1.15), DPB (2.3.1.16) and GC (2.3.1.17) for an open, visible project.
_NOT_PROTECTED, _NO_PASSWORD, _VISIBLE = bytes(4), b"\x00", b"\xff"


def _project_stream(project_id: str, project_name: str, modules: list[tuple[str, bool]]) -> bytes:
    """PROJECT (2.3.1): properties, an empty line, the host extenders; no [Workspace] section."""
    seeds = hashlib.sha256(project_id.encode("ascii")).digest()
    lines = [f'ID="{project_id}"']
    lines += [
        f"Document={name}/&H00000000" if document else f"Module={name}"
        for name, document in modules
    ]
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{_encrypt(project_id, _NOT_PROTECTED, seeds[0])}"',
        f'DPB="{_encrypt(project_id, _NO_PASSWORD, seeds[1])}"',
        f'GC="{_encrypt(project_id, _VISIBLE, seeds[2])}"',
        "",
        "[Host Extender Info]",
        _VBE_HOST_EXTENDER,
    ]
    return _mbcs("".join(line + "\r\n" for line in lines), "PROJECT stream")


def _project_wm(names: list[str]) -> bytes:
    """PROJECTwm (2.3.3): each name in MBCS and in UTF-16, both NUL-terminated; then 0x0000."""
    out = bytearray()
    for name in names:
        out += _mbcs(name, "module name") + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def build_vba_project(
    modules: list[VbaModule], document_modules: list[str], project_name: str = "VBAProject"
) -> bytes:
    """The bytes of a `vbaProject.bin` for XlsxWriter's `workbook.add_vba_project(..., is_stream=True)`.

    `document_modules` are code names: the workbook's first (XlsxWriter's default "ThisWorkbook"),
    then one per worksheet in sheet order (XlsxWriter's defaults are "Sheet1", "Sheet2", ...).
    `modules` are the standard modules, e.g. the xlwings module and the buttons' macros.
    """
    if not document_modules:
        raise ValueError("the workbook's document module (e.g. ThisWorkbook) is required")
    names = [*document_modules, *(m.name for m in modules)]
    for name in [project_name, *names]:
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"{name!r} is not a VBA name (a letter, then letters, digits, _)")
    if len({n.upper() for n in names}) != len(names):
        raise ValueError(f"module names repeat (VBA ignores case): {names}")

    sources = {document_modules[0]: _document_source(document_modules[0], _WORKBOOK_BASE)}
    for sheet in document_modules[1:]:
        sources[sheet] = _document_source(sheet, _WORKSHEET_BASE)
    for module in modules:
        sources[module.name] = _standard_source(module)
    kinds = [(name, name in document_modules) for name in names]

    digest = hashlib.sha256("\n".join([project_name, *names]).encode("ascii")).digest()
    project_id = "{" + str(uuid.UUID(bytes=digest[:16], version=4)).upper() + "}"
    streams = {
        "PROJECT": _project_stream(project_id, project_name, kinds),
        "PROJECTwm": _project_wm(names),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_HEADER,
        "VBA/dir": compress(_dir_stream(project_name, kinds)),
    }
    for name in names:
        streams[f"VBA/{name}"] = compress(_mbcs(sources[name], f"module {name}"))
    return write_compound_file(streams)
