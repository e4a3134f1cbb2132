"""Issue class teachers' forms: one workbook per class, pre-filled from the register.

The pupils on a form are those on the roll on the day it is issued (kept within the school
year, so a form issued in summer still lists the year's last pupils). The register is only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.class_form import FILE_NAME, class_entries, form_classes
from ..core.findings import SocpassError
from ..core.schema import Text
from ..core.values import CellError, to_class
from .job import Job, RegisterSource

NO_SUCH_CLASS = Text(
    "Тізілімде «{cls}» сыныбының оқушылары жоқ; бар сыныптар: {known}",
    "В реестре нет учащихся класса «{cls}»; есть классы: {known}",
)
EXISTS = Text(
    "«{folder}» қалтасында формалар бұрыннан бар: {files}. Олар толтырылып қайтарылған болуы "
    "мүмкін, сондықтан үстінен жазылмайды: алдымен оларды жинаңыз (socpass collect) немесе басқа "
    "қалтаны көрсетіңіз. Ештеңе жазылған жоқ.",
    "В папке «{folder}» уже есть формы: {files}. Возможно, они заполнены и возвращены, поэтому "
    "не перезаписываются: сначала соберите их (socpass collect) или укажите другую папку. "
    "Ничего не записано.",
)
WRITTEN = Text(
    "{cls}: {file} ({pupils} оқушы)",
    "{cls}: {file} (учащихся: {pupils})",
)
DONE = Text(
    "Сынып формалары жазылды: {forms} ({pupils} оқушы), қалта: {folder}",
    "Формы классов записаны: {forms} (учащихся — {pupils}), папка: {folder}",
)
NEXT = Text(
    "Әр сынып жетекшісіне өз формасын жіберіңіз; қайтарылған формаларды жинау: "
    "socpass collect {register} {folder}",
    "Отправьте каждому классному руководителю его форму; собрать возвращённые формы: "
    "socpass collect {register} {folder}",
)


def class_forms(
    job: Job, store: RegisterSource, out: Path, classes: Sequence[str], today: date
) -> None:
    """Write the forms of `classes` (all classes when empty) into the folder `out`."""
    from ..render.class_form import write_class_form

    register = job.read(store)
    job.require_clean(register)
    year = register.school_year
    day = max(year.first_day, min(today, year.end_of_lessons))
    known = form_classes(register, day)
    wanted = [_class(name, known) for name in classes] or known
    paths = {name: out / FILE_NAME(register.lang).format(cls=name) for name in wanted}
    there = [p.name for p in paths.values() if p.exists()]
    if there:  # a returned form holds a class teacher's work: never written over
        raise SocpassError(EXISTS, exit_code=2, folder=out, files=", ".join(there))
    out.mkdir(parents=True, exist_ok=True)
    pupils = 0
    for name, path in paths.items():
        entries = class_entries(register, name, day)
        write_class_form(path, register.lang, name, str(year), entries)
        job.wrote(path)
        job.say(WRITTEN, cls=name, pupils=len(entries), file=path.name)
        pupils += len(entries)
    job.say(DONE, forms=len(paths), pupils=pupils, folder=out)
    source = getattr(store, "path", "")
    job.say(NEXT, register=source, folder=out)


def _class(name: str, known: list[str]) -> str:
    """A class as typed on the command line ("5ә", "5 A") as the register writes it."""
    try:
        found = to_class(name)
    except CellError:
        found = name
    if found not in known:
        raise SocpassError(NO_SUCH_CLASS, exit_code=2, cls=name, known=", ".join(known))
    return found
