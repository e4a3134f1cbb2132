"""Class passports: each class's social passport as a Word document (and, asked for, a PDF) for
the class teacher to check and sign.

The register is only read, and one with errors gets no passports (a signed paper with wrong
numbers is worse than none). One file per class, named with the class, in a folder beside the
register unless `--out` names one; a file already there (perhaps edited before signing) is kept
as a backup before it is replaced. A class is given as a user types it ("5 ә", "5Ә"); one
without pupils on the roll is refused, naming the classes there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.class_passport import class_passport, classes_on_roll
from ..core.findings import SocpassError
from ..core.register import RegisterData
from ..core.report_words import user_text
from ..core.schema import Lang, Text, setting, sheet
from ..core.values import CellError, to_class
from .job import Job
from .report import CONVERTING, ReportSource, file_name_part

WRITING = Text("Сынып паспорттары жазылуда…", "Пишутся паспорта классов…")
WRITTEN = Text("{class_name} сыныбының паспорты: {path}", "Паспорт класса {class_name}: {path}")
PDF_WRITTEN = Text("PDF: {path}", "PDF: {path}")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
DONE = Text(
    "Жазылған сынып паспорттары: {count}, «{folder}» қалтасында.",
    "Записано паспортов классов: {count}, в папке «{folder}».",
)
UNKNOWN_CLASS = Text(
    "«{given}» сыныбында {date} жағдай бойынша оқушы жоқ (тізілімнің «{sheet}» парағы). "
    "Оқушысы бар сыныптар: {known}.",
    "В классе «{given}» на {date} нет учащихся (лист «{sheet}» реестра). "
    "Классы, где есть учащиеся: {known}.",
)
NO_PUPILS = Text(
    "Тізілімнің «{sheet}» парағында {date} жағдай бойынша бірде-бір оқушы жоқ: сынып "
    "паспорттары жазылмады.",
    "На листе «{sheet}» реестра на {date} нет ни одного учащегося: паспорта классов не записаны.",
)
OUT_NOT_FOLDER = Text(
    "--out қалта болуы керек, ал «{path}» — файл.", "--out должен быть папкой, а «{path}» — файл."
)
NO_TEACHER = Text(
    "Ескерту: «{sheet}» парағының «{column}» бағанында сынып жетекшісі жазылмаған сыныптар: "
    "{classes}. Олардың паспортында қолтаңба жолы аты-жөнсіз.",
    "Внимание: классный руководитель не указан в столбце «{column}» листа «{sheet}» для "
    "классов: {classes}. В их паспортах строка подписи без фамилии.",
)
BLANK_SETTINGS = Text(
    "Ескерту: «{sheet}» парағында толтырылмаған: {names}. Паспорттарда бұл жолдар бос.",
    "Внимание: на листе «{sheet}» не заполнено: {names}. В паспортах эти строки пустые.",
)
#: Settings the passport prints: a blank one leaves a gap on the signed paper.
PRINTED_SETTINGS = ("school_name", "pedagogue")
FILE_NAME = Text("{class_name}_сынып_паспорты.docx", "{class_name}_паспорт_класса.docx")
FOLDER_NAME = Text("сынып_паспорттары_{year}", "паспорта_классов_{year}")


def class_passports(
    job: Job,
    source: ReportSource,
    out: Path | None = None,
    classes: Sequence[str] = (),
    as_of: date | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write the passport of each class in `classes` (default: every class with pupils on the
    roll as of `as_of`, by default the end of the school year's lessons) in the job's language;
    returns the docx files written, in school order."""
    # docxtpl loads only when passports are written, not for every socpass action
    from ..render.class_passport import class_passport_bytes
    from ..render.report import convert_all_to_pdf, write_report

    register = job.read(source, as_of)
    job.require_clean(register)
    lang = job.lang
    chosen = _chosen(register, classes, lang)
    folder = out or source.folder / file_name_part(
        FOLDER_NAME(lang).format(year=register.school_year)
    )
    if folder.exists() and not folder.is_dir():
        raise SocpassError(OUT_NOT_FOLDER, path=folder)
    job.progress(WRITING)
    written, untaught = [], []
    for done, name in enumerate(chosen, start=1):
        job.advance(done, len(chosen), name)
        passport = class_passport(register, name)
        if not passport.class_teachers:
            untaught.append(name)
        target = folder / file_name_part(FILE_NAME(lang).format(class_name=name))
        kept = write_report(
            target, class_passport_bytes(passport, lang), source.path, backup=target.exists()
        ).backup
        written.append(target)
        job.wrote(target)
        job.say(WRITTEN, class_name=name, path=target)
        if kept is not None:
            job.say(BACKUP, path=kept)
    job.outcome.result = written
    job.say(DONE, count=len(written), folder=folder)
    _warn_blanks(job, register, untaught)
    if pdf:
        job.progress(CONVERTING)
        for made in convert_all_to_pdf(written):
            job.say(PDF_WRITTEN, path=made)
    return written


def _chosen(register: RegisterData, classes: Sequence[str], lang: Lang) -> list[str]:
    """The classes asked for, as the register writes them, in school order (each once); all
    classes on the roll when none is asked for. `SocpassError` (exit 2) for a class without
    pupils on the roll, or (exit 1) for a register without pupils."""
    known = classes_on_roll(register)
    params = {"sheet": sheet("pupils").name(lang), "date": f"{register.as_of_date:%d.%m.%Y}"}
    if not known:
        raise SocpassError(NO_PUPILS, exit_code=1, **params)
    chosen = set()
    for given in classes:
        name = _class(given)
        if name not in known:
            raise SocpassError(UNKNOWN_CLASS, given=given, known=", ".join(known), **params)
        chosen.add(name)
    return [c for c in known if c in chosen] if chosen else known


def _class(given: str) -> str:
    """A class as the register's reader writes it ("5 ә" -> "5Ә"); an odd name as it is."""
    try:
        return to_class(given)
    except CellError:
        return given.strip()


def _warn_blanks(job: Job, register: RegisterData, untaught: list[str]) -> None:
    """Say what the signed papers will lack: the class teacher of some classes, a setting."""
    lang = job.lang
    pupils = sheet("pupils")
    if untaught:
        column = pupils.column("coordinator").header(lang)
        job.warn(NO_TEACHER, sheet=pupils.name(lang), column=column, classes=", ".join(untaught))
    blank = [k for k in PRINTED_SETTINGS if not user_text(register.settings.get(k))]
    if blank:
        names = ", ".join(f"«{setting(k).label(lang)}»" for k in blank)
        job.warn(BLANK_SETTINGS, sheet=sheet("settings").name(lang), names=names)
