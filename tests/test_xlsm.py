"""The macro-enabled register (`socpass new r.xlsm`), checked by readers that are not ours.

olefile/olevba read the VBA project, LibreOffice opens the file (pdf) and converts it (ods, whose
`Basic/` folder holds every module it imported and whose content binds each button to a macro),
openpyxl reads the code names, and the custom functions' wrappers are parsed against the Python
functions' signatures.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlwings
from socpass.cli import main
from socpass.core.schema import LANGS, sheet
from socpass.excel import macros, udfs
from socpass.files.workbook_file import read_register
from socpass.render.control import BUTTONS
from socpass.render.xlsm import (
    BUILT_WITH,
    CONF_ROWS,
    CONF_SHEET,
    HELP_LIMIT,
    HELP_SUB,
    HELP_VBA_MODULE,
    MACROS,
    help_module,
    standard_modules,
    write_help,
)
from support.cfb import open_without_warnings
from support.libreoffice import convert
from xlsxwriter import Workbook


def _lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    while lines and lines[0].startswith("Attribute VB_"):
        lines.pop(0)
    return lines


@pytest.fixture(scope="module", params=LANGS)
def xlsm(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp(f"xlsm_{request.param}") / "тізілім.xlsm"
    assert main(["new", str(path), "--lang", request.param]) == 0
    return path


@pytest.fixture(scope="module")
def extracted(xlsm: Path) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlsm))
    try:
        assert parser.detect_vba_macros()
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _code_names(path: Path) -> tuple[str, dict[str, str]]:
    with zipfile.ZipFile(path) as package:
        workbook_xml = package.read("xl/workbook.xml").decode()
    book = openpyxl.load_workbook(path, keep_vba=True)
    return (
        re.search(r'<workbookPr codeName="([^"]+)"', workbook_xml).group(1),
        {ws.title: ws.sheet_properties.codeName for ws in book.worksheets},
    )


def test_olevba_lists_every_module_with_the_source_written(
    xlsm: Path, extracted: dict[str, str]
) -> None:
    workbook_code, sheets = _code_names(xlsm)
    documents = [workbook_code, *sheets.values()]
    standard = standard_modules()
    assert set(extracted) == {f"{n}.cls" for n in documents} | {f"{m.name}.bas" for m in standard}
    for module in standard:
        assert _lines(extracted[f"{module.name}.bas"]) == _lines(module.code)


def test_compoundfiles_opens_the_vba_project_without_a_warning(
    xlsm: Path, tmp_path: Path, extracted: dict[str, str]
) -> None:
    """A reader that warns about every field MS-CFB fixes (e.g. a storage's start sector) reads
    the register's vbaProject.bin silently: one stream per module, plus the project's own."""
    project = tmp_path / "vbaProject.bin"
    with zipfile.ZipFile(xlsm) as package:
        project.write_bytes(package.read("xl/vbaProject.bin"))
    streams = open_without_warnings(project)
    modules = {Path(name).stem for name in extracted}
    assert set(streams) == {"PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT"} | {
        f"VBA/{m}" for m in modules
    }


def test_the_xlwings_module_is_the_installed_version(extracted: dict[str, str]) -> None:
    version = re.search(r"^'Version: (\S+)", extracted["xlwings.bas"], re.M).group(1)
    assert version == xlwings.__version__ == "0.37.8"


def test_code_names_agree_with_the_document_modules(xlsm: Path, extracted: dict[str, str]) -> None:
    workbook_code, sheets = _code_names(xlsm)
    assert workbook_code == "ThisWorkbook"
    assert all(re.fullmatch(r"sh[A-Z][A-Za-z0-9]*", c) for c in sheets.values()), sheets
    assert len(set(sheets.values())) == len(sheets)
    for code in [workbook_code, *sheets.values()]:
        assert f'Attribute VB_Name = "{code}"' in extracted[f"{code}.cls"]


def test_nothing_names_the_file_so_renaming_is_safe(xlsm: Path, extracted: dict[str, str]) -> None:
    stem = xlsm.stem
    assert not any(stem in code or ".xlsm" in code for code in extracted.values())
    book = openpyxl.load_workbook(xlsm, keep_vba=True)
    conf = book[CONF_SHEET]
    assert conf.sheet_state == "hidden"
    assert _xlwings_config(conf) == {key: value for key, value, _ in CONF_ROWS}
    assert _xlwings_config(conf)["UDF Modules"] == "socpass.excel.udfs"


def test_the_conf_sheet_has_no_empty_value_and_the_udf_server_off(xlsm: Path) -> None:
    """A key with an empty value would hide the user's own xlwings setting (ribbon, user conf
    file); with the UDF server off the buttons run `python -c` and need no xlwings DLL."""
    conf = openpyxl.load_workbook(xlsm, keep_vba=True)[CONF_SHEET]
    config = _xlwings_config(conf)
    assert config and all(isinstance(v, str) and v.strip() for v in config.values()), config
    assert {k.upper() for k in config} == {"UDF MODULES", "USE UDF SERVER"}
    assert config["Use UDF Server"] == "False"  # xlwings.bas: GetConfig("USE UDF SERVER", False)
    # the first free row tells, in column C only, how to add Interpreter_Win
    free = len(config) + 1
    assert conf.cell(free, 1).value is None and conf.cell(free, 2).value is None
    assert (
        "Interpreter_Win" in conf.cell(free, 3).value and "pythonw.exe" in conf.cell(free, 3).value
    )


def test_the_conf_sheet_records_the_versions_the_workbook_was_built_with(xlsm: Path) -> None:
    from socpass import __version__

    conf = openpyxl.load_workbook(xlsm, keep_vba=True)[CONF_SHEET]
    recorded = {
        row[0]: row[1]
        for row in conf.iter_rows(min_col=5, max_col=6, values_only=True)
        if row[0] in BUILT_WITH
    }
    assert recorded == {"socpass": __version__, "xlwings": xlwings.__version__}


def _xlwings_config(conf) -> dict[str, object]:
    """The conf sheet as xlwings 0.37.8 reads it (`GetConfigFromSheet` in xlwings.bas,
    `utils.read_config_sheet`): keys in A from A1 down to the first empty one, values in B."""
    config = {}
    for key, value in conf.iter_rows(max_col=2, values_only=True):
        if key in (None, ""):
            break
        config[key] = value
    return config


def test_the_wizard_texts_on_the_conf_sheet_leave_xlwings_settings_alone(xlsm: Path) -> None:
    conf = openpyxl.load_workbook(xlsm, keep_vba=True)[CONF_SHEET]
    help_cells = [c for row in conf.iter_rows() for c in row if c.value and c.column > 3]
    assert help_cells and min(c.column for c in help_cells) == 5  # from E, column D left empty
    assert all(conf.cell(r, 4).value is None for r in range(1, conf.max_row + 1))
    assert len(_xlwings_config(conf)) == len(CONF_ROWS)  # rows under the keys stay empty in A:B
    assert all(
        conf.cell(r, c).value is None
        for r in range(len(CONF_ROWS) + 1, conf.max_row + 1)
        for c in (1, 2)
    )


def test_the_reader_ignores_the_conf_sheet(xlsm: Path) -> None:
    register = read_register(xlsm)
    assert register.errors == []
    assert not any(f.sheet == CONF_SHEET for f in register.findings)


def _vba_functions(code: str) -> dict[str, list[str]]:
    """Function name -> argument names, from the VBA text (Optional/ByVal words dropped)."""
    found = {}
    for name, args in re.findall(r"^Function (\w+)\(([^)]*)\)", code, re.M):
        found[name] = [a.split()[-1] for a in args.split(",") if a.strip()]
    return found


def test_the_wrappers_declare_exactly_the_custom_functions(extracted: dict[str, str]) -> None:
    code = extracted["xlwings_udfs.bas"]
    python = {
        name: list(inspect.signature(func).parameters)
        for name, func in vars(udfs).items()
        if name.startswith("SOCPASS_") and callable(func)
    }
    assert python and _vba_functions(code) == python
    for name, args in python.items():
        call = f'XLPy.CallUDF("socpass.excel.udfs", "{name}", Array({", ".join(args)})'
        assert call in code
    optional = re.search(r"^Function SOCPASS_COUNT\(([^)]*)\)", code, re.M).group(1)
    assert optional == "table, category, Optional what, Optional class_name, Optional as_of"


def test_each_button_sub_runs_an_existing_python_macro(extracted: dict[str, str]) -> None:
    code = extracted["Buttons.bas"]
    subs = re.findall(
        rf'^Sub (\w+)\(\)\n    {HELP_SUB}\n    RunPython "([^"]+)"\nEnd Sub',
        code.replace("\r", ""),
        re.M,
    )
    assert [s for s, _ in subs] == [m.sub for m in MACROS]
    for _, statement in subs:
        module, call = re.fullmatch(r"import (\S+) as m; m\.(\w+)\(\)", statement).groups()
        assert module == "socpass.excel.macros"
        assert (
            callable(getattr(macros, call))
            and not inspect.signature(getattr(macros, call)).parameters
        )


def _recorded_docs(monkeypatch: pytest.MonkeyPatch, module_file: str, name: str) -> dict:
    """Function -> (category, description, argument docs), as xlwings' decorators record them on
    Windows (here they do nothing): the module is run again with recording decorators."""
    docs: dict[str, dict] = {}

    def arg(name: str, *_, doc: str | None = None, **__):
        def inner(f):
            if doc is not None:
                docs.setdefault(f.__name__, {}).setdefault("args", {})[name] = doc
            return f

        return inner

    def func(category: str = "xlwings", **_):
        def inner(f):
            found = docs.setdefault(f.__name__, {})
            args = found.get("args", {})
            params = list(inspect.signature(f).parameters)
            found["all"] = (category, f.__doc__, [args.get(a) for a in params])
            return f

        return inner

    monkeypatch.setattr(xlwings, "func", func)
    monkeypatch.setattr(xlwings, "arg", arg)
    spec = importlib.util.spec_from_file_location(name, module_file)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return {f: d["all"] for f, d in docs.items() if "all" in d}


def _wizard_texts(code: str, conf) -> tuple[str, dict[str, tuple[str, str, list[str]]]]:
    """The sheet code name the help Sub looks the conf sheet up by and, per function, (category,
    description, argument docs) it registers: each `conf.Range("F2").Value` replaced by that
    cell's value on `conf` (an empty cell reads as "" in VBA)."""
    code = code.replace("\r\n", "\n")
    reader = re.search(r'^        If ws\.CodeName = "(\w+)" Or ', code, re.M).group(1)
    texts = {}
    for name, rest in re.findall(r'^    Describe "(\w+)", (.*)$', code, re.M):
        values = [
            "" if conf[a].value is None else conf[a].value
            for a in re.findall(r'conf\.Range\("([A-Z]+[0-9]+)"\)\.Value', rest)
        ]
        texts[name] = (values[0], values[1], values[2:])
    return reader, texts


def test_the_first_button_gives_the_wizard_every_functions_docs_in_both_languages(
    xlsm: Path, extracted: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = extracted[f"{HELP_VBA_MODULE}.bas"]
    python = _recorded_docs(monkeypatch, udfs.__file__, "socpass.excel._udfs_recorded")
    assert set(python) == {n for n in vars(udfs) if n.startswith("SOCPASS_")}
    for category, doc, arg_docs in python.values():
        assert category == "socpass" and None not in arg_docs
        assert all(len(t) <= HELP_LIMIT for t in [doc, *arg_docs])  # Excel would cut them
        assert re.search("[әіңғүұқө]", doc) and re.search("[а-яё]", doc)  # not cp1252: from cells
    _, sheets = _code_names(xlsm)
    reader, texts = _wizard_texts(code, openpyxl.load_workbook(xlsm, keep_vba=True)[CONF_SHEET])
    assert reader == sheets[CONF_SHEET]  # the conf sheet, looked up by its code name
    assert texts == python
    # registration never stops a button and leaves the workbook's saved state alone
    lines = code.replace("\r", "")
    sub = re.search(rf"^Public Sub {HELP_SUB}\((.*?)\)\n(.*?)^End Sub", lines, re.M | re.S)
    assert sub.group(1) == "Optional ByVal again As Boolean = False"  # not in the Macros list
    body = [line.strip() for line in sub.group(2).splitlines()]
    assert body.index("On Error Resume Next") < min(
        i for i, line in enumerate(body) if line.startswith("Describe")
    )
    assert body[-1] == "ThisWorkbook.Saved = wasSaved"


def test_a_deleted_conf_sheet_cannot_break_compilation(extracted: dict[str, str]) -> None:
    """No module names a sheet's code name as an identifier (a deleted sheet would make that a
    compile error at every button): the help module compares code names as text."""
    names = [Path(n).stem for n in extracted if n.endswith(".cls")]
    sheets = [n for n in names if n != "ThisWorkbook"]
    for module, code in extracted.items():
        if module.endswith(".bas"):
            for name in sheets:
                assert not re.search(rf"(?<![\"\w]){name}\b", code), (module, name)


def test_no_macro_runs_by_itself(xlsm: Path, extracted: dict[str, str]) -> None:
    """No auto-run entry point (Auto_Open, Workbook_Open, ...). olevba, which antivirus heuristics
    resemble, lists no AutoExec keyword but one name: SOCPASS_CHANGE, which its pattern for an
    ActiveX control's Change event (`\\w+_Change`) matches. The workbook has no ActiveX control,
    so nothing can fire it, and the name is the custom function users type in their formulas."""
    from oletools.olevba import AUTOEXEC_KEYWORDS, VBA_Parser

    parser = VBA_Parser(str(xlsm))
    try:
        autoexec = {k for kind, k, _ in parser.analyze_macros() if kind == "AutoExec"}
    finally:
        parser.close()
    assert autoexec == {"SOCPASS_CHANGE"}
    keywords = {k.lower() for words in AUTOEXEC_KEYWORDS.values() for k in words}
    assert not {k.lower() for k in autoexec} & keywords
    assert not any(re.search(r"\b(Auto_Open|Workbook_Open)\b", c) for c in extracted.values())
    with zipfile.ZipFile(xlsm) as package:
        assert not any("activeX" in name for name in package.namelist())


def test_wizard_texts_keep_quotes_and_any_character_and_are_cut_to_excels_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = "😀 Ұзын сипаттама / Длинное описание. " * 10
    (tmp_path / "my_udfs.py").write_text(
        "import xlwings as xw\n\n\n"
        "@xw.func\n"
        '@xw.arg("x", doc=\'say "hi"\')\n'
        "def F(x, y=1):\n"
        f"    {long!r}\n"
        "    return x\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    book = Workbook(tmp_path / "help.xlsx")
    write_help(book.add_worksheet(CONF_SHEET), "my_udfs")
    book.close()

    conf = openpyxl.load_workbook(tmp_path / "help.xlsx")[CONF_SHEET]
    _, texts = _wizard_texts(help_module("my_udfs").code, conf)

    assert texts == {"F": ("xlwings", long[:HELP_LIMIT], ['say "hi"', "Positional argument 2"])}


@pytest.mark.slow
def test_virus_scanners_find_nothing_suspicious_in_our_modules(
    xlsm: Path, extracted: dict[str, str]
) -> None:
    """olevba's keyword scan (what antivirus heuristics look for): our modules have no hit, so the
    whole project's "Suspicious" list is only what xlwings' own module has."""
    from oletools.olevba import VBA_Parser, VBA_Scanner

    def suspicious(code: str) -> set[str]:
        return {k for kind, k, _ in VBA_Scanner(code).scan() if kind == "Suspicious"}

    ours = [m.name for m in standard_modules() if m.name != "xlwings"]
    assert ours == ["Buttons", "xlwings_udfs", HELP_VBA_MODULE]
    for name in ours:
        code = extracted[f"{name}.bas"]
        assert suspicious(code) == set(), name
        assert not re.search(r"\b(Chr[BW]?|Asc[BW]?|StrConv)\b", code, re.I), name
    parser = VBA_Parser(str(xlsm))
    try:
        found = {k for kind, k, _ in parser.analyze_macros() if kind == "Suspicious"}
    finally:
        parser.close()
    assert found <= suspicious(extracted["xlwings.bas"])


@pytest.mark.soffice
def test_libreoffice_opens_the_register_and_prints_it(xlsm: Path, tmp_path: Path) -> None:
    pdf = convert(xlsm, tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.soffice
def test_libreoffice_sees_every_module_and_binds_every_button(xlsm: Path, tmp_path: Path) -> None:
    ods = convert(xlsm, tmp_path, "ods")
    with zipfile.ZipFile(ods) as package:
        basic = {
            Path(n).stem: ElementTree.fromstring(package.read(n))
            for n in package.namelist()
            if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")
        }
        content = package.read("content.xml").decode()
    _, sheets = _code_names(xlsm)
    assert set(basic) == {"ThisWorkbook", *sheets.values()} | {m.name for m in standard_modules()}
    for module in standard_modules():
        imported = _lines(basic[module.name].text)
        assert imported[2:] == _lines(module.code)
    bound = re.findall(r"vnd\.sun\.star\.script:VBAProject\.(\w+)\.(\w+)\?", content)
    assert sorted(set(bound)) == sorted(("Buttons", m.sub) for m in MACROS)
    lang = "ru" if "Управление" in sheets else "kk"
    for label, _ in BUTTONS:  # captions in the workbook's language
        assert label(lang) in content
    assert sheet("control").name(lang) in sheets
