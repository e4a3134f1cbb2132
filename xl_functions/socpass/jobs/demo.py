"""Demo: the built-in example school, and the main job run on it.

Writes a synthetic register (`socpass.demo`) to DIR/demo_register_<lang>.xlsx and runs the main
job on it, so a new user sees the whole tool work on realistic data before typing anything: the
early-warning list and the new plans written into the register's own sheets, as the Flag button
leaves them (so the register, its dashboard and the report agree), the register validated, and
the annual report written (docx), all as of the end of the demo's school year.

The flags are computed on the generated frames before the one write of the register, rather than
by a second, in-place write after reading it back: the same rules on the same data (the report,
which reads the file, recounts them and must agree), at half the cost.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core import risk
from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.schema import Lang, Text, sheet
from ..core.school_year import SchoolYear
from ..demo import generate_demo
from ..files.register_file import RegisterFile
from ..render.workbook import write_register
from .job import Job
from .report import report, report_file_name

MAX_PUPILS = 20_000

CREATING = Text("Демо-мектептің тізілімі жасалуда…", "Создаётся реестр демо-школы…")
CREATED = Text(
    "Демо-мектеп жасалды: {pupils} оқушы, {families} отбасы, {classes} сынып (seed {seed}).",
    "Создана демо-школа: учащихся — {pupils}, семей — {families}, классов — {classes} (seed {seed}).",
)
WRITTEN = Text("Тізілім: {path}", "Реестр: {path}")
CHECKED = Text(
    "Тексеру: қате — {errors}, ескерту — {warnings}.",
    "Проверка: ошибок — {errors}, предупреждений — {warnings}.",
)
FLAGGING = Text("ЕАЖ тізімі жасалуда…", "Составляется список СРП…")
IN_REGISTER = Text(
    "ЕАЖ тізімі мен жоспарлар тізілімнің «{risk}» және «{plans}» парақтарында.",
    "Список СРП и планы — на листах реестра «{risk}» и «{plans}».",
)
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
    """Write the demo school, flagged, into `out`; validate it and write its report."""
    job.speak(lang)
    if not 1 <= pupils <= MAX_PUPILS:
        raise SocpassError(BAD_PUPILS, exit_code=2, max=MAX_PUPILS, value=pupils)
    if out.exists() and not out.is_dir():
        raise SocpassError(NOT_A_FOLDER, exit_code=2, path=out)
    job.progress(CREATING)
    frames, settings = generate_demo(pupils=pupils, seed=seed, lang=lang)
    as_of = end_of_school_year(SchoolYear.parse(settings["school_year"]))
    job.progress(FLAGGING)
    flagged = risk.flag(RegisterData(lang, frames, dict(settings)), as_of)
    frames = risk.with_run(frames, flagged, lang)
    out.mkdir(parents=True, exist_ok=True)
    path = write_register(out / f"demo_register_{lang}.xlsx", lang, frames, settings)
    job.wrote(path)
    register = job.read(RegisterFile(path))
    _created(job, register, seed)
    job.say(WRITTEN, path=path)
    job.say(CHECKED, errors=len(register.errors), warnings=len(register.warnings))
    job.say(risk.message(flagged, lang))
    job.say(IN_REGISTER, risk=sheet("risk").name(lang), plans=sheet("plans").name(lang))
    (out / report_file_name(register, lang)).unlink(missing_ok=True)  # the demo's own, replaced
    report(job, RegisterFile(path), today=as_of)
    job.say(NEXT, path=path)


def end_of_school_year(year: SchoolYear) -> date:
    """The demo is seen just after its school year (1 June), when the annual report is written."""
    return date(year.start + 1, 6, 1)


def _created(job: Job, register: RegisterData, seed: int) -> None:
    pupils = register.frame("pupils")
    job.say(
        CREATED,
        pupils=len(pupils),
        families=pupils["family_id"].nunique(),
        classes=pupils["class"].nunique(),
        seed=seed,
    )
