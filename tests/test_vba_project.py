"""The generated VBA project, read by independent readers: olefile, oletools' olevba, LibreOffice.

The demonstration workbook is what issue 6 will grow into: XlsxWriter embeds our `vbaProject.bin`,
gives the workbook and sheets the document modules' code names, and binds a button to a macro that
calls Python through xlwings' `RunPython` (the xlwings module is read from the installed package).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import pytest
import xlsxwriter
from socpass.vba.project import VbaModule, build_vba_project
from support.libreoffice import convert

DEMO = VbaModule(
    "Buttons",
    "Option Explicit\n"
    "\n"
    "Sub Hello()\n"
    '    RunPython "import socpass.excel.macros as m; m.flag_at_risk_caller()"\n'
    "End Sub\n",
)
DOCUMENTS = ["ThisWorkbook", "Sheet1", "Control"]  # workbook first, then each sheet in order
SHEETS = [("Data", "Sheet1"), ("Control", "Control")]


def _xlwings_module() -> VbaModule:
    import xlwings

    path = Path(xlwings.__file__).with_name("xlwings.bas")
    if not path.exists():
        pytest.skip("this xlwings has no xlwings.bas")
    return VbaModule.from_bas(path.read_bytes().decode("cp1252"))


def _lines(text: str) -> list[str]:
    """Source lines without line-ending differences and without the Attribute header."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    while lines and lines[0].startswith("Attribute VB_"):
        lines.pop(0)
    return lines


def _decrypt(hex_text: str) -> bytes:
    """[MS-OVBA] 2.4.3.3 Decryption, written from the spec independently of the writer."""
    data = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = data[0], data[1], data[2]
    assert seed ^ version_enc == 2
    unencrypted_1, encrypted_1, encrypted_2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for byte in data[3:]:
        decoded = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(decoded)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte, decoded
    ignored = (seed & 6) // 2
    length = int.from_bytes(plain[ignored : ignored + 4], "little")
    assert length == len(plain) - ignored - 4
    return bytes(plain[ignored + 4 :])


@pytest.fixture(scope="module")
def modules() -> list[VbaModule]:
    return [_xlwings_module(), DEMO]


@pytest.fixture(scope="module")
def vba_bin(modules: list[VbaModule]) -> bytes:
    return build_vba_project(modules, DOCUMENTS)


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory, vba_bin: bytes) -> Path:
    path = tmp_path_factory.mktemp("vba") / "demo.xlsm"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_vba_name(DOCUMENTS[0])
    for sheet_name, code_name in SHEETS:
        sheet = workbook.add_worksheet(sheet_name)
        sheet.set_vba_name(code_name)
    sheet.insert_button("B2", {"macro": "Hello", "caption": "Hello", "width": 120, "height": 30})
    workbook.add_vba_project(io.BytesIO(vba_bin), is_stream=True)
    workbook.close()
    return path


def test_olefile_lists_the_project_streams(vba_bin: bytes, modules: list[VbaModule]) -> None:
    ole = olefile.OleFileIO(io.BytesIO(vba_bin), raise_defects=olefile.DEFECT_INCORRECT)
    streams = {"/".join(p) for p in ole.listdir()}
    names = DOCUMENTS + [m.name for m in modules]
    assert streams == {"PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT"} | {
        f"VBA/{n}" for n in names
    }
    # Source only: version 0xFFFF, no performance cache after the 7-byte header.
    header = ole.openstream("VBA/_VBA_PROJECT").read()
    assert header[:5] == b"\xcc\x61\xff\xff\x00" and len(header) == 7
    wm = ole.openstream("PROJECTwm").read()
    assert wm == b"".join(
        n.encode("ascii") + b"\0" + n.encode("utf-16-le") + b"\0\0" for n in names
    ) + (b"\0\0")


def test_project_stream_declares_each_module_and_an_open_project(
    vba_bin: bytes, modules: list[VbaModule]
) -> None:
    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    text = ole.openstream("PROJECT").read().decode("cp1252")
    lines = text.split("\r\n")
    assert [line for line in lines if line.startswith("Document=")] == [
        f"Document={n}/&H00000000" for n in DOCUMENTS
    ]
    assert [line for line in lines if line.startswith("Module=")] == [
        f"Module={m.name}" for m in modules
    ]
    assert 'Name="VBAProject"' in lines and "[Host Extender Info]" in lines
    fields = dict(re.findall(r'^(CMG|DPB|GC)="([0-9A-F]+)"', text, re.M))
    assert _decrypt(fields["CMG"]) == b"\0\0\0\0"  # not protected
    assert _decrypt(fields["DPB"]) == b"\0"  # no password
    assert _decrypt(fields["GC"]) == b"\xff"  # visible


def test_the_test_decryptor_reads_the_spec_example() -> None:
    # [MS-OVBA] 3.1.6: the example project's CMG, DPB and GC fields.
    assert _decrypt("0705D8E3D8EDDBF1DBF1DBF1DBF1") == b"\0\0\0\0"
    assert _decrypt("0E0CD1ECDFF4E7F5E7F5E7") == b"\0"
    assert _decrypt("1517CAF1D6F9D7F9D706") == b"\xff"


def test_dir_stream_references_stdole_and_office(vba_bin: bytes) -> None:
    from oletools.olevba import decompress_stream

    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    directory = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    assert b"stdole2.tlb#OLE Automation" in directory
    assert b"MSO.DLL#Microsoft Office 16.0 Object Library" in directory


def test_olevba_parses_the_dir_stream_strictly(vba_bin: bytes, modules: list[VbaModule]) -> None:
    from oletools.olevba import VBA_Project

    ole = olefile.OleFileIO(io.BytesIO(vba_bin))
    # relaxed=False: olevba raises on any record whose id, size or fixed value is not the spec's.
    project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    project.parse_project_stream()
    list(project.parse_modules())
    assert project.codepage == 1252
    kinds = {m.name: m.type for m in project.modules}
    # MODULETYPE: 0x0022 document module (workbook, sheets), 0x0021 procedural module.
    assert kinds == {**dict.fromkeys(DOCUMENTS, 0x0022), **{m.name: 0x0021 for m in modules}}
    assert {m.streamname for m in project.modules} == set(kinds)
    assert all(m.textoffset == 0 for m in project.modules)  # no performance cache


def test_olevba_extracts_every_module_with_the_source_written(
    xlsm: Path, modules: list[VbaModule]
) -> None:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlsm))
    try:
        assert parser.detect_vba_macros()
        found = {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    assert set(found) == {f"{n}.cls" for n in DOCUMENTS} | {f"{m.name}.bas" for m in modules}
    for module in modules:
        assert _lines(found[f"{module.name}.bas"]) == _lines(module.code)
    for name in DOCUMENTS:
        assert f'Attribute VB_Name = "{name}"' in found[f"{name}.cls"]
    import xlwings

    assert f"'Version: {xlwings.__version__}" in found["xlwings.bas"]


def test_code_names_in_the_workbook_match_the_document_modules(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as package:
        workbook_xml = package.read("xl/workbook.xml").decode()
        sheet_xml = [package.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
        assert "xl/vbaProject.bin" in package.namelist()
    assert re.search(r'<workbookPr codeName="([^"]+)"', workbook_xml).group(1) == DOCUMENTS[0]
    code_names = [re.search(r'<sheetPr codeName="([^"]+)"', x).group(1) for x in sheet_xml]
    assert code_names == DOCUMENTS[1:]


@pytest.mark.soffice
def test_libreoffice_sees_every_module_and_the_button_macro(
    xlsm: Path, modules: list[VbaModule], tmp_path: Path
) -> None:
    with zipfile.ZipFile(convert(xlsm, tmp_path, "ods")) as ods:
        basic = {
            Path(n).stem: ElementTree.fromstring(ods.read(n))
            for n in ods.namelist()
            if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")
        }
        content = ods.read("content.xml").decode()
    module_type = "{http://openoffice.org/2000/script}moduleType"
    assert set(basic) == set(DOCUMENTS) | {m.name for m in modules}
    for name in DOCUMENTS:
        assert basic[name].get(module_type) == "document"
    for module in modules:
        assert basic[module.name].get(module_type) == "normal"
        # LibreOffice replaces the Attribute line by its own two VBA-compatibility lines.
        imported = _lines(basic[module.name].text)
        assert imported[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
        assert imported[2:] == _lines(module.code)
    assert "vnd.sun.star.script:VBAProject.Buttons.Hello?" in content


def test_same_modules_give_the_same_bytes(vba_bin: bytes, modules: list[VbaModule]) -> None:
    assert build_vba_project(modules, DOCUMENTS) == vba_bin
    assert build_vba_project(modules, ["ThisWorkbook", "Sheet1"]) != vba_bin


def test_from_bas_takes_the_name_from_the_attribute_line() -> None:
    module = VbaModule.from_bas('Attribute VB_Name = "Tools"\r\nSub A()\r\nEnd Sub\r\n')
    assert module == VbaModule("Tools", "Sub A()\r\nEnd Sub\r\n")
    with pytest.raises(ValueError):
        VbaModule.from_bas("Sub A()\r\nEnd Sub\r\n")


@pytest.mark.parametrize(
    ("modules", "documents"),
    [
        ([DEMO], []),  # no workbook module
        ([VbaModule("1st", "")], ["ThisWorkbook"]),  # not a VBA name
        ([VbaModule("Has space", "")], ["ThisWorkbook"]),
        ([VbaModule("sheet1", "")], ["ThisWorkbook", "Sheet1"]),  # same name, other case
        ([VbaModule("Kz", 'MsgBox "Сәлем"')], ["ThisWorkbook"]),  # not in code page 1252
    ],
)
def test_invalid_projects_are_refused(modules: list[VbaModule], documents: list[str]) -> None:
    with pytest.raises(ValueError):
        build_vba_project(modules, documents)
