"""Demo: the built-in example school, and the main job run on it.

Writes a synthetic register (`socpass.demo`) to DIR/demo_register_<lang>.xlsx and runs the main
job on it, so a new user sees the whole tool work on realistic data before typing anything:
validate the register, flag pupils at risk (written to a separate workbook, as `socpass flag --out`
does) and write the annual report (docx), all as of the end of the demo's school year.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.schema import Lang, Text
from ..demo import generate_demo
from ..files.register_file import RegisterFile
from ..files.risk_workbook import RiskWorkbook
from ..render.workbook import write_register
from .flag import flag
from .job import Job
from .report import report, report_file_name

MAX_PUPILS = 20_000

CREATED = Text(
    "Демо-мектеп жасалды: {pupils} оқушы, {families} отбасы, {classes} сынып (seed {seed}).",
    "Создана демо-школа: учащихся — {pupils}, семей — {families}, классов — {classes} (seed {seed}).",
)
WRITTEN = Text("Тізілім: {path}", "Реестр: {path}")
CHECKED = Text(
    "Тексеру: қате — {errors}, ескерту — {warnings}.",
    "Проверка: ошибок — {errors}, предупреждений — {warnings}.",
)
FLAGGING = Text("Тәуекел тобы белгіленуде…", "Отмечается группа риска…")
REPORTING = Text("Жылдық есеп жазылуда…", "Пишется годовой отчёт…")
NEXT = Text(
    "Тізілімді Excel-де ашыңыз; тексеру: socpass validate {path}",
    "Откройте реестр в Excel; проверка: socpass validate {path}",
)
BAD_PUPILS = Text(
    "--pupils: оқушы саны 1 мен {max} аралығында болуы керек, ал берілгені: {value}.",
    "--pupils: число учащихся должно быть от 1 до {max}, а указано: {value}.",
)
NOT_A_FOLDER = Text(
    "{path} — қалта емес; --out арқылы қалтаны көрсетіңіз.",
    "{path} — не папка; укажите папку в --out.",
)


def demo(job: Job, out: Path, pupils: int, seed: int, lang: Lang) -> None:
    """Write the demo school into `out` and run validate, flag and report on it."""
    job.speak(lang)
    if not 1 <= pupils <= MAX_PUPILS:
        raise SocpassError(BAD_PUPILS, exit_code=2, max=MAX_PUPILS, value=pupils)
    if out.exists() and not out.is_dir():
        raise SocpassError(NOT_A_FOLDER, exit_code=2, path=out)
    frames, settings = generate_demo(pupils=pupils, seed=seed, lang=lang)
    out.mkdir(parents=True, exist_ok=True)
    path = write_register(out / f"demo_register_{lang}.xlsx", lang, frames, settings)
    job.wrote(path)
    source = RegisterFile(path)
    register = job.read(source)
    _created(job, register, seed)
    job.say(WRITTEN, path=path)
    job.say(CHECKED, errors=len(register.errors), warnings=len(register.warnings))
    as_of = _end_of_school_year(register)
    risk_list = out / f"demo_risk_{lang}.xlsx"
    risk_list.unlink(missing_ok=True)  # a new demo school: no earlier run to compare with
    job.progress(FLAGGING)
    flag(job, source, RiskWorkbook(risk_list, path), as_of)
    job.progress(REPORTING)
    (out / report_file_name(register, lang)).unlink(missing_ok=True)  # the demo's own, replaced
    report(job, source, today=as_of)
    job.say(NEXT, path=path)


def _end_of_school_year(register: RegisterData) -> date:
    """The demo is seen just after its school year (1 June), when the annual report is written."""
    return date(register.school_year.start + 1, 6, 1)


def _created(job: Job, register: RegisterData, seed: int) -> None:
    pupils = register.frame("pupils")
    job.say(
        CREATED,
        pupils=len(pupils),
        families=pupils["family_id"].nunique(),
        classes=pupils["class"].nunique(),
        seed=seed,
    )
