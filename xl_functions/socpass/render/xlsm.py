"""The macro-enabled parts of the register (.xlsm): VBA project, buttons and the xlwings.conf sheet.

Everything Excel needs is in the file, so neither "Import functions" nor trust of the VBA object
model is required: the xlwings module of the installed (pinned) xlwings, read from the package at
run time; a `Buttons` module with one Sub per Control-sheet button calling `socpass.excel.macros`;
the custom functions' wrappers as xlwings' "Import functions" would write them (module
`xlwings_udfs`); a `WizardHelp` module that gives the function wizard their descriptions, as
"Import functions" would with `Application.MacroOptions`, from texts kept on the hidden conf sheet
(no string built from character codes, which scanners flag); one document module per sheet, named
as the sheet's code name. Nothing in the VBA or the conf sheet names the file, so renaming the
workbook breaks nothing.

The conf sheet holds only settings that have a value (xlwings reads keys in A and values in B
from A1 down to the first empty key, and a key with an empty value would hide the user's own
setting from the ribbon or `%USERPROFILE%\\.xlwings\\xlwings.conf`): the custom functions' module,
and `Use UDF Server` False, so a button runs `python -c …` through cmd.exe and needs no xlwings DLL
(with the UDF server on and no `Interpreter_Win`, xlwings.bas never loads the DLL itself, and a PC
without it on Windows' search path stops every button with "Run-time error 53: File not found").
The custom functions always go through the DLL (`XLPy.CallUDF`), whatever that setting says;
`socpass doctor` checks that it can be found. Notes for people are in column C, the first free row
says how to add `Interpreter_Win`, and the socpass and xlwings versions the workbook was built with
are recorded beside the wizard texts for `socpass doctor` to compare.

No macro runs by itself when the workbook opens. The wizard texts are registered by the first
button pressed in a session (`DescribeFunctions`), not by `Auto_Open` or `Workbook_Open`: virus
scanners score an auto-run macro together with xlwings' `Declare … Lib`, `CreateObject` and
`WScript.Run`, the pattern of macro droppers (olevba reports them as AutoExec and Suspicious), and
a school's antivirus that quarantines the register is a worse trap than a function wizard that
shows the descriptions only after a button was pressed once.
"""

from __future__ import annotations

import ast
import inspect
import io
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.schema import Lang, Text, sheet_for_name
from ..vba import VbaModule, build_vba_project
from .control import BUTTONS

UDF_MODULE = "socpass.excel.udfs"
MACROS_MODULE = "socpass.excel.macros"
CONF_SHEET = "xlwings.conf"  # xlwings.bas: PROJECT_NAME & ".conf"
WORKBOOK_CODE_NAME = "ThisWorkbook"
UDF_VBA_MODULE = "xlwings_udfs"  # the name xlwings' own "Import functions" replaces
HELP_VBA_MODULE = "WizardHelp"  # "FunctionHelp" (4n letters) reads as base64 to olevba
HELP_LIMIT = 255  # characters Excel keeps of a description (xlwings cuts docs to it too)
HELP_FIRST_COL = 4  # the conf sheet's help block starts in column E (xlwings reads only A:B)
HELP_SUB = "DescribeFunctions"  # registers the wizard texts; each button calls it first
#: Labels, in the help block's first column below the help rows, of the versions the workbook was
#: built with (the value in the next column); `socpass doctor` compares them with the installed.
BUILT_WITH = ("socpass", "xlwings")


@dataclass(frozen=True)
class Macro:
    """A button: the VBA Sub it is bound to and the Python function that Sub runs."""

    sub: str
    python: str


#: In the order of `control.BUTTONS` (Flag, Report, Validate, Return, Close year, Collect
#: forms), whose labels they wear.
MACROS: tuple[Macro, ...] = (
    Macro("FlagAtRisk", "flag_at_risk_caller"),
    Macro("WriteReport", "generate_report_caller"),
    Macro("ValidateRegister", "validate_caller"),
    Macro("WriteReturn", "school_return_caller"),
    Macro("CloseYear", "close_year_caller"),
    Macro("CollectForms", "collect_forms_caller"),
)

#: (key, value, note): only settings with a value (see the module's docstring); keys as in the
#: xlwings docs (xlwings upper-cases them).
CONF_ROWS: tuple[tuple[str, str, Text], ...] = (
    (
        "UDF Modules",
        UDF_MODULE,
        Text("Тізілімнің функциялары (SOCPASS_…).", "Функции реестра (SOCPASS_…)."),
    ),
    (
        "Use UDF Server",
        "False",
        Text(
            "Батырма әр басылғанда Python жаңадан іске қосылады (python -c …), сондықтан "
            "батырмаларға xlwings DLL файлы керек емес. SOCPASS_… функцияларына ол бәрібір "
            "керек; тексеру: socpass doctor.",
            "При каждом нажатии кнопки Python запускается заново (python -c …), поэтому кнопкам "
            "библиотека xlwings DLL не нужна. Функциям SOCPASS_… она нужна в любом случае; "
            "проверка: socpass doctor.",
        ),
    ),
)
#: In column C of the first free row, where a user adds `Interpreter_Win` when it is needed.
INTERPRETER_HINT = Text(
    "Батырма Python-ды таппаса, осы жолдың A ұяшығына Interpreter_Win, B ұяшығына pythonw.exe "
    "файлының толық жолын жазыңыз (жолды socpass doctor көрсетеді). Мәні жоқ кілт қалдырмаңыз: "
    "ол xlwings-тің өз баптауларын жасырып қояды.",
    "Если кнопка не находит Python, впишите в ячейку A этой строки Interpreter_Win, а в ячейку "
    "B — полный путь к pythonw.exe (его покажет socpass doctor). Не оставляйте ключ без "
    "значения: он скрывает собственные настройки xlwings.",
)
BUILT_WITH_CAPTION = Text(
    "Тізілім жасалған нұсқалар (socpass doctor орнатылғандармен салыстырады)",
    "Версии, которыми собран реестр (socpass doctor сверяет их с установленными)",
)

BUTTON_ROW = 1  # zero-based: the empty row between the Control sheet's title and its content
BUTTON_ROW_HEIGHT = 33  # points
BUTTON_WIDTH, BUTTON_HEIGHT, BUTTON_GAP = 118, 38, 6  # pixels: six fit above the guide (A:G)


def code_name(sheet_name: str) -> str:
    """The ASCII code name of a worksheet: `shPupils` for the Pupils sheet, in either language."""
    found = sheet_for_name(sheet_name)
    if found is not None:
        key = found.key
    elif sheet_name == CONF_SHEET:
        key = "xlwings_conf"
    else:
        key = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in sheet_name)
    return "sh" + "".join(part[:1].upper() + part[1:] for part in key.split("_") if part)


def xlwings_module() -> VbaModule:
    """xlwings' standalone VBA module, from the installed package (never copied into this repo)."""
    import xlwings

    return VbaModule.from_bas(
        Path(xlwings.__file__).with_name("xlwings.bas").read_bytes().decode("cp1252")
    )


def run_python_statement(macro: Macro) -> str:
    """The Python statement a button's Sub gives xlwings' `RunPython`."""
    return f"import {MACROS_MODULE} as m; m.{macro.python}()"


def buttons_module() -> VbaModule:
    """One Sub per button: the wizard texts (once a session), then its Python macro for the
    workbook that called it."""
    lines = ["Option Explicit", ""]
    for macro in MACROS:
        lines += [
            f"Sub {macro.sub}()",
            f"    {HELP_SUB}",
            f'    RunPython "{run_python_statement(macro)}"',
            "End Sub",
            "",
        ]
    return VbaModule("Buttons", "\n".join(lines))


@dataclass(frozen=True)
class UdfSignature:
    """What xlwings' wrapper generator uses of an `@xw.func`: name, arguments and options."""

    name: str
    args: tuple[str, ...]
    optional: frozenset[str]
    volatile: bool = False
    call_in_wizard: bool = True
    category: str = "xlwings"  # xlwings' default category
    doc: str = ""  # the docstring: the wizard's description of the function
    arg_docs: tuple[str, ...] = ()  # `@xw.arg(..., doc=...)`, one per argument


def udf_signatures(module_name: str = UDF_MODULE) -> list[UdfSignature]:
    """The module's `@xw.func` functions, sorted by name (as xlwings' `dir(module)` walk).

    Read from the source, because off Windows `xw.func` is a no-op that leaves no `__xlfunc__`.
    """
    module = import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        options = next(
            (_func_options(d, module) for d in node.decorator_list if _is_xw(d, "func")), None
        )
        if options is None:
            continue
        if node.args.vararg or node.args.kwonlyargs or node.args.kwarg:
            raise ValueError(f"{node.name}: only plain and optional arguments are supported")
        names = tuple(a.arg for a in node.args.args)
        if "caller" in names:
            raise ValueError(f"{node.name}: the 'caller' argument is not supported")
        optional = frozenset(names[len(names) - len(node.args.defaults) :])
        doc = ast.get_docstring(node, clean=False) or node.name  # f.__doc__, as xlwings reads it
        arg_docs = _arg_docs(node, names, module)
        found.append(
            UdfSignature(node.name, names, optional, doc=doc, arg_docs=arg_docs, **options)
        )
    return sorted(found, key=lambda s: s.name)


def _is_xw(decorator: ast.expr, attr: str) -> bool:
    """`@xw.<attr>` or `@xw.<attr>(...)`."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == attr


def _value(node: ast.expr, module: object) -> object:
    """A decorator argument: a literal, or a module-level name such as `category=CATEGORY`."""
    if isinstance(node, ast.Name):
        return getattr(module, node.id)
    return ast.literal_eval(node)


def _func_options(decorator: ast.expr, module: object) -> dict[str, object]:
    if not isinstance(decorator, ast.Call):
        return {}
    options: dict[str, object] = {}
    for k in decorator.keywords:
        if k.arg in ("volatile", "call_in_wizard"):
            options[k.arg] = bool(_value(k.value, module))
        elif k.arg == "category":
            options[k.arg] = str(_value(k.value, module))
    return options


def _arg_docs(node: ast.FunctionDef, names: tuple[str, ...], module: object) -> tuple[str, ...]:
    """Each argument's `doc=`, or xlwings' own default for an argument without one."""
    docs: dict[str, str] = {}
    for d in node.decorator_list:
        if isinstance(d, ast.Call) and _is_xw(d, "arg") and d.args:
            doc = next((k.value for k in d.keywords if k.arg == "doc"), None)
            if doc is not None:
                docs[str(_value(d.args[0], module)).lstrip("*")] = str(_value(doc, module))
    return tuple(docs.get(a, f"Positional argument {i + 1}") for i, a in enumerate(names))


def udf_module(module_name: str = UDF_MODULE) -> VbaModule:
    """The wrappers exactly as xlwings 0.37.8's `udfs.import_udfs`/`generate_vba_wrapper` write them."""
    lines = [
        "'Autogenerated code by xlwings - changes will be lost with next import!",
        """#Const App = "Microsoft Excel" 'Adjust when using outside of Excel""",
    ]
    for udf in udf_signatures(module_name):
        call = f'"{module_name}", "{udf.name}", Array({", ".join(udf.args)})'
        signature = ", ".join(f"Optional {a}" if a in udf.optional else a for a in udf.args)
        lines.append(f"Function {udf.name}({signature})")
        if not udf.call_in_wizard:
            lines.append(
                '    If (Not Application.CommandBars("Standard").Controls(1).Enabled) '
                "Then Exit Function"
            )
        if udf.volatile:
            lines.append("    Application.Volatile")
        lines += [
            '    #If App = "Microsoft Excel" Then',
            "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
            f"        {udf.name} = XLPy.CallUDF({call}, ThisWorkbook, Application.Caller)",
            "        Exit Function",
            "    #Else",
            f"        {udf.name} = XLPy.CallUDF({call})",
            "        Exit Function",
            "    #End If",
            "failed:",
            f"    {udf.name} = Err.Description",
            "End Function",
            "",
        ]
    return VbaModule(UDF_VBA_MODULE, "\n".join(lines) + "\n")


def help_rows(module_name: str = UDF_MODULE) -> list[tuple[str, ...]]:
    """One row per custom function for the conf sheet's help block: name, category, description
    and argument docs, each text cut to what Excel keeps."""
    return [
        (u.name, *(t[:HELP_LIMIT] for t in (u.category, u.doc, *u.arg_docs)))
        for u in udf_signatures(module_name)
    ]


def built_with() -> dict[str, str]:
    """The versions recorded on the conf sheet: socpass and the xlwings whose module is inside."""
    import xlwings

    from .. import __version__

    return {"socpass": __version__, "xlwings": xlwings.__version__}


def write_help(ws: Worksheet, module_name: str = UDF_MODULE) -> None:
    """The help block from `HELP_FIRST_COL` down, clear of the keys and values xlwings reads."""
    ws.set_column(HELP_FIRST_COL, HELP_FIRST_COL, 18)
    ws.set_column(HELP_FIRST_COL + 2, HELP_FIRST_COL + 2, 60)
    for row, texts in enumerate(help_rows(module_name)):
        for col, value in enumerate(texts, HELP_FIRST_COL):
            ws.write_string(row, col, value)


def _write_built_with(ws: Worksheet, lang: Lang, first_row: int) -> None:
    """A caption, then one row per `BUILT_WITH` label: the label, then the version."""
    ws.write_string(first_row, HELP_FIRST_COL, BUILT_WITH_CAPTION(lang))
    versions = built_with()
    for row, label in enumerate(BUILT_WITH, first_row + 1):
        ws.write_string(row, HELP_FIRST_COL, label)
        ws.write_string(row, HELP_FIRST_COL + 1, versions[label])


def help_module(module_name: str = UDF_MODULE) -> VbaModule:
    """`DescribeFunctions`: the function wizard's descriptions of each custom function and its
    arguments, registered by the first button pressed in a session (no auto-run macro: see the
    module's docstring).

    The calls xlwings' "Import functions" makes (`Application.MacroOptions` with Description,
    Category and, from Excel 2010, ArgumentDescriptions), since nothing here runs Excel. The
    Kazakh / Russian texts cannot be VBA literals (the project's code page is 1252) and building
    them from character codes looks like obfuscation to virus scanners, so they are read from the
    cells `write_help` fills on the hidden conf sheet. The sheet is looked up at run time by its
    code name (or, failing that, its name), never named in the code: a deleted or renamed sheet
    then costs the descriptions, not a compile error. Errors are ignored (an old Excel, a
    protected workbook): a button must never fail for its help, and the workbook is left as saved
    or unsaved as it was. Its optional argument (`again`: register even if done this session,
    as `socpass doctor --excel` asks) also keeps it out of Excel's Macros list.
    """
    calls = []
    for row, (name, *texts) in enumerate(help_rows(module_name)):
        cells = [
            f'conf.Range("{xl_rowcol_to_cell(row, col)}").Value'
            for col in range(HELP_FIRST_COL + 1, HELP_FIRST_COL + 1 + len(texts))
        ]
        calls.append(
            f'    Describe "{name}", {cells[0]}, {cells[1]}, Array({", ".join(cells[2:])})'
        )
    lines = [
        "'Generated by socpass from its custom functions' docs - changes are lost on rebuild.",
        "Option Explicit",
        "",
        "Private described As Boolean",
        "",
        f"Public Sub {HELP_SUB}(Optional ByVal again As Boolean = False)",
        "    Dim conf As Worksheet",
        "    Dim wasSaved As Boolean",
        "    If described And Not again Then Exit Sub",
        "    described = True",
        "    Set conf = ConfSheet()",
        "    If conf Is Nothing Then Exit Sub",
        "    wasSaved = ThisWorkbook.Saved",
        "    On Error Resume Next",
        *calls,
        "    On Error GoTo 0",
        "    ThisWorkbook.Saved = wasSaved",
        "End Sub",
        "",
        "Private Function ConfSheet() As Worksheet",
        "    Dim ws As Worksheet",
        "    For Each ws In ThisWorkbook.Worksheets",
        f'        If ws.CodeName = "{code_name(CONF_SHEET)}" Or ws.Name = "{CONF_SHEET}" Then',
        "            Set ConfSheet = ws",
        "            Exit Function",
        "        End If",
        "    Next ws",
        "End Function",
        "",
        "Private Sub Describe(ByVal fn As String, ByVal group As String, ByVal about As String, "
        "ByVal argDocs As Variant)",
        "    Dim target As String",
        """    target = "'" & Replace(ThisWorkbook.Name, "'", "''") & "'!" & fn""",
        "    If Val(Application.Version) >= 14 Then",
        "        Application.MacroOptions Macro:=target, Description:=about, Category:=group, "
        "ArgumentDescriptions:=argDocs",
        "    Else",
        "        Application.MacroOptions Macro:=target, Description:=about, Category:=group",
        "    End If",
        "End Sub",
        "",
    ]
    return VbaModule(HELP_VBA_MODULE, "\n".join(lines) + "\n")


def standard_modules() -> list[VbaModule]:
    """The register's standard modules: xlwings, the buttons, the custom functions and their help."""
    return [xlwings_module(), buttons_module(), udf_module(), help_module()]


def add_macros(workbook: Workbook, control: Worksheet, lang: Lang) -> None:
    """Call after every sheet is added: conf sheet, buttons, code names and the VBA project."""
    _write_conf_sheet(workbook.add_worksheet(CONF_SHEET), lang)
    _insert_buttons(control, lang)
    workbook.set_vba_name(WORKBOOK_CODE_NAME)
    names = []
    for ws in workbook.worksheets():
        ws.set_vba_name(code_name(ws.name))
        names.append(code_name(ws.name))
    project = build_vba_project(standard_modules(), [WORKBOOK_CODE_NAME, *names])
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)


def _write_conf_sheet(ws: Worksheet, lang: Lang) -> None:
    """Key/value pairs from A1 down (xlwings reads A:B until the first empty key), every one with
    a value; notes in C, the first free row's telling how to add `Interpreter_Win`; the function
    wizard's texts from E (`write_help`), and under them the versions the workbook is built with."""
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 90)
    for row, (key, value, note) in enumerate(CONF_ROWS):
        if not value:
            raise ValueError(f"conf sheet key {key!r} without a value would hide the user's own")
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
        ws.write_string(row, 2, note(lang))
    ws.write_string(len(CONF_ROWS), 2, INTERPRETER_HINT(lang))
    write_help(ws)
    _write_built_with(ws, lang, len(help_rows()) + 1)
    ws.hide()


def _insert_buttons(control: Worksheet, lang: Lang) -> None:
    """The buttons side by side in the empty row under the title, clear of guide and dashboard."""
    control.set_row(BUTTON_ROW, BUTTON_ROW_HEIGHT)
    for i, ((label, _), macro) in enumerate(zip(BUTTONS, MACROS, strict=True)):
        control.insert_button(
            BUTTON_ROW,
            0,
            {
                "macro": f"Buttons.{macro.sub}",
                "caption": label(lang),
                "width": BUTTON_WIDTH,
                "height": BUTTON_HEIGHT,
                "x_offset": 2 + i * (BUTTON_WIDTH + BUTTON_GAP),
                "y_offset": 3,
            },
        )
