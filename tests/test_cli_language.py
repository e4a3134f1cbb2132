"""The command line in the user's language: argparse's own words in kk and ru, --lang anywhere
with its aliases, a bare `socpass` helps, "did you mean", kk/ru words for --by and --period,
dates as dd.mm.yyyy; each case as a user's shell runs it, with its text and exit code."""

from __future__ import annotations

import argparse
import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from socpass.commands.common import iso_day
from socpass.commands.language import LOCALE_DIR, argparse_speaks, lang_in
from socpass.core.schema import sheet, sheet_for_name
from support.cli import SOURCE, run_socpass

LANGS = ("kk", "ru")
NO_ENV = {"SOCPASS_LANG": ""}
USAGE = {"kk": "қолданылуы: socpass", "ru": "использование: socpass"}


def socpass(*args: object, env: dict[str, str] | None = None):
    return run_socpass(*args, env={**NO_ENV, **(env or {})})


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    done = socpass("demo", "--out", folder, "--pupils", "120", "--lang", "kk")
    assert done.returncode == 0, done.stderr
    return folder / "demo_register_kk.xlsx"


# --------------------------------------------------------------------------- the catalogues


def _argparse_messages() -> list[str | tuple[str, str]]:
    return [m for _, m, _, _ in extract_from_file("python", argparse.__file__)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_argparse_message_of_this_python_has_a_translation(lang):
    po = Path(LOCALE_DIR) / lang / "LC_MESSAGES" / "argparse.po"
    with po.open("rb") as source:
        catalogue = read_po(source, locale=lang)
    compiled = gettext.translation("argparse", LOCALE_DIR, languages=[lang])
    for message in _argparse_messages():
        entry = catalogue.get(message if isinstance(message, str) else message[0])
        assert entry is not None and all(entry.string), message
        if isinstance(message, str):
            assert compiled.gettext(message) == entry.string  # the .mo says what the .po says
            assert compiled.gettext(message) != message or message == "%r is not callable"
        else:
            assert compiled.ngettext(*message, 5) == entry.string[-1 if lang == "kk" else 2]


def test_the_catalogues_are_left_as_they_were_after_a_parse():
    english = argparse._  # type: ignore[attr-defined]
    with argparse_speaks("ru"):
        assert argparse._("options") == "параметры"  # type: ignore[attr-defined]
    assert argparse._ is english  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the must-show cases


@pytest.mark.parametrize("lang", LANGS)
def test_a_bare_socpass_prints_the_help(lang):
    done = socpass(env={"SOCPASS_LANG": lang})
    assert done.returncode == 0
    assert done.stdout.startswith(USAGE[lang])
    assert ("опциялар:" if lang == "kk" else "параметры:") in done.stdout
    assert ("осы анықтаманы көрсету" if lang == "kk" else "показать эту справку") in done.stdout
    assert "usage:" not in done.stdout and "show this help" not in done.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "мән қате: 'sumary'"),
        (("--lang", "ru"), "неверное значение: 'sumary'"),
    ],
)
def test_a_mistyped_command_gets_did_you_mean(args, expected):
    done = socpass(*args, "sumary", "x")
    assert done.returncode == 2
    assert expected in done.stderr
    hint = "«summary» деп жазғыңыз келді ме?" if not args else "имели в виду «summary»?"
    assert hint in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_before_or_after_the_command(tmp_path, where):
    missing = tmp_path / "X.xlsx"
    args = ("--lang", "ru", "summary", missing)
    done = socpass(*(args if where == "before" else (*args[2:], *args[:2])))
    assert done.returncode == 2
    assert done.stderr.strip() == f"Файл «{missing}» не найден"


@pytest.mark.parametrize(("alias", "lang"), [("kz", "kk"), ("қаз", "kk"), ("рус", "ru")])
def test_lang_aliases(alias, lang):
    done = socpass("--lang", alias, "summary")
    assert done.returncode == 2
    assert done.stderr.startswith(USAGE[lang])


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("kk", "socpass summary: қате: мына аргументтер міндетті: PATH"),
        ("ru", "socpass summary: ошибка: требуются следующие аргументы: PATH"),
    ],
)
def test_a_missing_argument(lang, message):
    done = socpass("summary", "--lang", lang)
    assert done.returncode == 2
    assert done.stderr.startswith(USAGE[lang] + " summary")
    assert message in done.stderr


def test_a_wrong_language_word_is_said_in_the_language_of_the_line():
    done = socpass("--lang", "en", "summary", "x")
    assert done.returncode == 2
    assert "kk не ru болуы керек" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(("word", "lang"), [("сынып", "kk"), ("класс", "ru"), ("параллель", "kk")])
def test_by_in_kazakh_or_russian_words_with_classes_as_rows(register, word, lang):
    done = socpass("summary", register, "--by", word, "--lang", lang)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    head = next(line for line in lines if line.startswith(("Сынып", "Класс", "Параллель")))
    assert "Көпбалалы" in head or "Многодетная" in head  # categories are the columns
    rows = lines[lines.index(head) + 1 :]
    first = rows[0].split()[0]
    assert first in ("0А", "0") and (word == "параллель") == (first == "0")


def test_a_mistyped_by_word_gets_did_you_mean(tmp_path):
    done = socpass("summary", tmp_path / "x.xlsx", "--by", "сыныб")
    assert done.returncode == 2
    assert "«сынып» деп жазғыңыз келді ме?" in done.stderr


PERIODS = {
    "ай:10": "month:10",
    "тоқсан:2": "quarter:2",
    "жыл": "ytd",
    "месяц:10": "month:10",
    "четверть:2": "quarter:2",
    "год": "ytd",
}


@pytest.mark.slow
@pytest.mark.parametrize("period", list(PERIODS))
def test_period_in_kazakh_or_russian_words(register, period):
    done = socpass("flag", register, "--period", period, "--today", "01.06.2026", "--json")
    assert done.returncode == 0, done.stderr
    assert f'"period": "{PERIODS[period]}"' in done.stdout


def test_days_as_users_write_them():
    assert iso_day("01.06.2026") == iso_day("2026-06-01")
    with argparse_speaks("ru"), pytest.raises(argparse.ArgumentTypeError) as refused:
        iso_day("2026/06/01")
    assert "ДД.ММ.ГГГГ" in str(refused.value)


def test_a_bad_today_is_said_in_the_users_language(tmp_path):
    done = socpass("flag", tmp_path / "x.xlsx", "--today", "1 июня", "--lang", "ru")
    assert done.returncode == 2
    assert "аргумент --today: дата должна быть в виде ДД.ММ.ГГГГ" in done.stderr


def test_lang_on_the_line_is_found_wherever_it_stands():
    assert lang_in(["summary", "x", "--lang=рус"]) == "ru"
    assert lang_in(["--lang", "kz", "summary"]) == "kk"
    assert lang_in(["summary", "x"]) is None


def test_the_early_warning_sheet_still_reads_under_its_former_names():
    assert sheet("risk").name("kk") == "ЕАЖ тізімі" and sheet("risk").name("ru") == "Список СРП"
    assert sheet_for_name("Тәуекел") is sheet_for_name("Риск") is sheet("risk")


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "close"), [("kk", "жабыңыз"), ("ru", "закройте")])
def test_a_report_onto_a_file_open_in_excel_says_close_it(register, tmp_path, lang, close):
    out = tmp_path / "report.docx"
    out.write_bytes(b"open in Word")
    (tmp_path / f"~${out.name}").write_bytes(b"")  # the lock file Word keeps beside it
    done = socpass("report", register, "-o", out, "--lang", lang)
    assert done.returncode == 2
    assert close in done.stderr and "Errno" not in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() == b"open in Word"


def _with_stderr_on_a_terminal(*args: object) -> tuple[int, str]:
    """Run socpass with its stderr on a pseudo-terminal, as a person at a console sees it."""
    import pty  # POSIX only

    leader, follower = pty.openpty()
    environment = {**os.environ, **NO_ENV, "PYTHONPATH": str(SOURCE)}
    child = subprocess.Popen(
        [sys.executable, "-m", "socpass", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=environment,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return child.wait(timeout=300), seen.decode()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize(
    ("lang", "line"), [("kk", "Жылдық есеп жазылуда…"), ("ru", "Пишется годовой отчёт…")]
)
def test_a_long_job_shows_its_progress_on_a_terminal_and_not_in_a_pipe(
    register, tmp_path, lang, line
):
    out = tmp_path / "r.docx"
    code, terminal = _with_stderr_on_a_terminal("report", register, "-o", out, "--lang", lang)
    assert code == 0 and line in terminal
    piped = socpass("report", register, "-o", tmp_path / "again.docx", "--lang", lang)
    assert piped.returncode == 0 and line not in piped.stderr
