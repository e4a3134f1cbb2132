"""`socpass setup-excel`: the one-time steps tell what a school PC trips over, in both languages."""

from __future__ import annotations

import pytest
from socpass.cli import main
from socpass.commands.setup_excel import setup_text, summary_size
from socpass.core.history import closing_rows
from socpass.core.passport import count_metrics
from socpass.excel.udfs import SOCPASS_SUMMARY
from support.passport import history_frame, history_values, pupils_values, synthetic_pupils


def test_the_summary_size_given_is_what_the_function_returns() -> None:
    school = synthetic_pupils(60, seed=3)
    history = closing_rows(history_frame([]), count_metrics(school), "2024-2025")
    array = SOCPASS_SUMMARY(pupils_values(school, "ru"), history_values(history, "ru"))
    assert summary_size() == (len(array), len(array[0])) == (18, 7)
    assert "18 жол мен 7 бағаннан" in setup_text("kk") and "A1:G18" in setup_text("kk")
    assert "из 18 строк и 7 столбцов (например, A1:G18)" in setup_text("ru")


#: What each language's text must tell (the issue's list), as the words it uses.
MUST_SAY = {
    "kk": [
        "классикалық орнатқышпен",
        "C:\\Python312",
        "«Add python.exe to PATH»",
        "тек латын әріптері бар қалтаны",
        'pip install ".[test]"',
        "антивирустың ерекшеліктеріне",
        "[#Все]",
        "Ctrl+Shift+Enter",
        "алдымен socpass doctor тізілім.xlsm",
        "SOCPASS_… функциялары әрқашан сол DLL арқылы",
    ],
    "ru": [
        "классическим установщиком",
        "C:\\Python312",
        "«Add python.exe to PATH»",
        "только латинские буквы",
        'pip install ".[test]"',
        "в исключения антивируса",
        "пишется [#Все], а не [#All]",
        "Ctrl+Shift+Enter",
        "сначала выполните socpass doctor реестр.xlsm",
        "функции SOCPASS_… всегда работают через неё",
    ],
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_setup_excel_tells_the_known_traps(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["setup-excel", "--lang", lang]) == 0
    out = capsys.readouterr().out
    for words in MUST_SAY[lang]:
        assert words in out, words
    assert "'.[test]'" not in out and "{" not in out
