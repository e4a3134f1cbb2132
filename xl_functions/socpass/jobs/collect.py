"""Collect class teachers' forms: show what they change in the register, and with `apply` make it.

Forms are read in any order; of two forms of one class, the later saved (the file's
modification time) is collected and the other named as skipped, since a class teacher who
sends a corrected form sends it later. A form that is not a socpass form, was issued for another
school year, or names a class or pupil the register does not know is refused; a form with bad
cells is listed cell by cell. Nothing is written while any form is refused or has bad cells, nor
without `apply`; then the register is written in one go (atomically, with a backup) and read
back: errors it did not have before are named.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..core.class_form import ClassForm, class_order
from ..core.collect import Change, ClassChanges, check_known, collect, field_name, shown
from ..core.findings import Finding, SocpassError
from ..core.register import RegisterData
from ..core.schema import MONTHS, QUARTERS, Lang, Text, sheet
from .job import Job

if TYPE_CHECKING:
    from ..files.register_edit import RowEdit

NOT_FOUND = Text(
    "«{file}» табылмады: мұндай файл да, қалта да жоқ",
    "«{file}» не найден: нет ни такого файла, ни такой папки",
)
NO_FORMS = Text(
    "Формалар табылмады: {paths} (.xlsx файлдары немесе олар жатқан қалта керек)",
    "Формы не найдены: {paths} (нужны файлы .xlsx или папка с ними)",
)
PASSED_OVER = Text(
    "«{file}» алынбады: сынып жетекшісінің формасы емес",
    "Файл «{file}» пропущен: это не форма классного руководителя",
)
REFUSED = Text("Файл қабылданбады: {reason}", "Файл не принят: {reason}")
SKIPPED = Text(
    "«{file}» алынбады: {cls} сыныбының кейін сақталған формасы бар — «{later}»",
    "Форма «{file}» пропущена: есть форма класса {cls}, сохранённая позже, — «{later}»",
)
BAD_CELL = Text("«{file}», {where}: {message}", "«{file}», {where}: {message}")
CLASS = Text("{cls} сыныбы («{file}»):", "{cls} класс («{file}»):")
NO_CHANGES = Text("Өзгерісі жоқ сыныптар: {classes}", "Классы без изменений: {classes}")
ADDED = Text("  Жаңа оқушы: {name} (ID {id})", "  Новый учащийся: {name} (ID {id})")
LEFT = Text("  Кетті: {name} ({id}) — {date}{reason}", "  Выбыл(а): {name} ({id}) — {date}{reason}")
CHANGED = Text(
    "  Өзгереді: {name} ({id}), «{field}»: {old} → {new}",
    "  Изменится: {name} ({id}), «{field}»: {old} → {new}",
)
ROWS = Text(
    "  «{sheet}»: жаңа жол — {added}{periods}, өзгеретін жол — {changed}",
    "  «{sheet}»: новых строк — {added}{periods}, изменяемых строк — {changed}",
)
CONFLICT = Text(
    "  ҚАЙШЫЛЫҚ: {name} ({id}), «{field}»: форма берілгенде — {issued}, тізілімде қазір — "
    "{register}, формада — {form}; тізілімдегі мән қалады",
    "  КОНФЛИКТ: {name} ({id}), «{field}»: при выдаче формы — {issued}, в реестре сейчас — "
    "{register}, в форме — {form}; остаётся значение реестра",
)
NOTHING = Text("Тізілімде өзгертілетін ештеңе жоқ.", "Изменять в реестре нечего.")
DRY_RUN = Text(
    "Тізілім өзгертілген жоқ. Өзгерістерді енгізу үшін командаға --apply қосыңыз.",
    "Реестр не изменён. Чтобы внести изменения, добавьте к команде --apply.",
)
NOT_APPLIED = Text(
    "Тізілім өзгертілген жоқ: алдымен жоғарыдағы формалардағы қателерді түзетіңіз немесе ол "
    "формаларды алып тастаңыз.",
    "Реестр не изменён: сначала исправьте ошибки в формах выше или уберите эти формы.",
)
UNCHANGED = Text("Тізілім өзгертілген жоқ.", "Реестр не изменён.")
ASK = Text("Осы өзгерістерді тізілімге енгізу керек пе?", "Внести эти изменения в реестр?")
APPLIED = Text(
    "Тізілімге жазылды: өзгерген ұяшық — {cells}, жаңа оқушы — {added}.",
    "Записано в реестр: изменено ячеек — {cells}, новых учащихся — {added}.",
)
BACKUP = Text("Бұрынғы файлдың көшірмесі: {backup}", "Копия прежнего файла: {backup}")
SAVE_TO_KEEP = Text(
    "Өзгерістер сақталуы үшін файлды сақтаңыз (болдырмау үшін — сақтамай жабыңыз).",
    "Чтобы изменения сохранились, сохраните файл (чтобы отменить — закройте без сохранения).",
)
NEW_ERRORS = Text(
    "Жазылғаннан кейін тізілімде жаңа қателер пайда болды (тексеру: socpass validate):",
    "После записи в реестре появились новые ошибки (проверка: socpass validate):",
)
REASON = Text(", себебі: {reason}", ", причина: {reason}")


class FormsTarget(Protocol):
    """A register that takes row edits: a file, or a book open in Excel."""

    def read(self) -> RegisterData: ...

    def writing(self) -> AbstractContextManager[None]: ...

    def apply_edits(self, edits: Sequence[RowEdit], lang: Lang) -> Path | None: ...


def form_files(paths: Sequence[Path]) -> dict[Path, bool]:
    """The forms named, each once: files as given (True), a folder's .xlsx files (False; not
    Excel's "~$" lock files); a path that is not there is refused (exit 2)."""
    found: dict[Path, bool] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.glob("*.xlsx")):
                if not child.name.startswith("~$"):
                    found.setdefault(child.resolve(), False)
        elif path.exists():
            found[path.resolve()] = True
        else:  # a mistyped name: nothing can be said about the forms meant
            raise SocpassError(NOT_FOUND, file=str(path))
    if not found:
        raise SocpassError(NO_FORMS, paths=", ".join(str(p) for p in paths))
    return found


def collect_forms(
    job: Job,
    store: FormsTarget,
    paths: Sequence[Path],
    apply: bool,
    confirm: Callable[[str, Lang], bool] | None = None,
) -> int:
    """Show what the forms at `paths` change; with `apply`, write it, or without it ask
    `confirm` (a button's yes/no box) with what was said so far. Exit 1 when a form was refused
    or has bad cells, or the register has new errors after writing."""
    files = form_files(paths)
    files.pop(Path(str(getattr(store, "path", "") or "")).resolve(), None)  # the register itself
    with store.writing() if apply else contextlib.nullcontext():
        register = job.read(store)
        forms, troubles = _read_forms(job, register, files)
        changes = collect(register, forms)
        _report(job, changes)
        job.outcome.data = _data(job.lang, changes, troubles)
        if troubles:  # nothing is written, nor offered, until every form can be taken
            raise SocpassError(NOT_APPLIED, exit_code=1)
        if all(c.empty for c in changes):
            job.say(NOTHING)
            return 0
        if not apply and confirm is None:
            job.say(DRY_RUN)
            return 0
        if not apply and not confirm(f"{job.outcome.text}\n\n{ASK(job.lang)}", job.lang):
            job.say(UNCHANGED)
            return 0
        cells = [c for ch in changes for c in ch.changes]
        backup = store.apply_edits(row_edits(cells), register.lang)
    job.say(APPLIED, cells=len(cells), added=sum(len(c.added) for c in changes))
    if backup is None:
        job.say(SAVE_TO_KEEP)
    else:
        job.wrote(backup)
        job.say(BACKUP, backup=backup)
    job.outcome.data |= {"applied": True, "backup": str(backup) if backup else None}
    return _read_back(job, store, register)


def _read_forms(
    job: Job, register: RegisterData, files: dict[Path, bool]
) -> tuple[list[ClassForm], list[dict[str, object]]]:
    """The forms to collect (the later of a class's two), and each trouble: a refused form or
    a bad cell, said as it is found. Another workbook in a folder (a backup, a list) is passed
    over; one named on its own is refused."""
    from ..files.class_form import NOT_A_FORM, read_class_form

    troubles: list[dict[str, object]] = []
    forms: dict[str, tuple[ClassForm, float]] = {}
    for path, named in files.items():
        try:
            form = read_class_form(path)
            check_known(register, form)
        except SocpassError as refusal:
            if refusal.message is NOT_A_FORM and not named:
                job.warn(PASSED_OVER, file=path.name)
                continue
            text = refusal.text(job.lang)
            job.warn(REFUSED, reason=text)
            troubles.append({"file": path.name, "message": text})
            continue
        if form.findings:
            for f in form.findings:
                job.warn(
                    BAD_CELL, file=form.file, where=f.where(job.lang), message=f.text(job.lang)
                )
                troubles.append({"file": form.file, **f.as_dict(job.lang)})
            continue
        when = path.stat().st_mtime
        earlier = forms.get(form.class_name)
        if earlier is not None:
            older, newer = sorted([earlier, (form, when)], key=lambda item: item[1])
            job.warn(SKIPPED, file=older[0].file, cls=form.class_name, later=newer[0].file)
            forms[form.class_name] = newer
        else:
            forms[form.class_name] = (form, when)
    ordered = sorted(forms.values(), key=lambda item: class_order(item[0].class_name))
    return [form for form, _ in ordered], troubles


def _report(job: Job, all_changes: list[ClassChanges]) -> None:
    """Per class with changes or conflicts, what they are; then the classes without any."""
    lang = job.lang
    for ch in all_changes:
        if ch.empty and not ch.conflicts:
            continue
        job.say(CLASS, cls=ch.class_name, file=ch.file)
        added = {pupil_id for pupil_id, _ in ch.added}
        for pupil_id, name in ch.added:
            job.say(ADDED, name=name, id=pupil_id)
        for c in ch.left:
            reason = next(
                (
                    x.new
                    for x in ch.changes
                    if x.pupil_id == c.pupil_id and x.field[2] == "left_reason"
                ),
                None,
            )
            said = (
                REASON(lang).format(reason=shown(("pupils", "", "left_reason"), reason, lang))
                if reason
                else ""
            )
            job.say(
                LEFT, name=c.full_name, id=c.pupil_id, date=shown(c.field, c.new, lang), reason=said
            )
        left = {c.pupil_id for c in ch.left}
        for c in ch.changes:
            if (
                c.field[0] == "pupils"
                and c.pupil_id not in added
                and not (c.pupil_id in left and c.field[2] in ("left", "left_reason"))
            ):
                _say_change(job, c)
        for key in ("attendance", "academic"):
            new = {(i, p) for s, i, p in ch.new_rows if s == key}
            changed = {(c.pupil_id, c.field[1]) for c in ch.changes if c.field[0] == key} - new
            if new or changed:
                periods = _periods(key, {p for _, p in new}, lang)
                job.say(
                    ROWS,
                    sheet=sheet(key).name(lang),
                    added=len(new),
                    changed=len(changed),
                    periods=periods,
                )
            for c in ch.changes:
                if c.field[0] == key and (c.pupil_id, c.field[1]) in changed:
                    _say_change(job, c)
        for c in ch.conflicts:
            job.say(
                CONFLICT,
                name=c.full_name,
                id=c.pupil_id,
                field=field_name(c.field, lang),
                issued=shown(c.field, c.issued, lang),
                register=shown(c.field, c.register, lang),
                form=shown(c.field, c.form, lang),
            )

    unchanged = [ch.class_name for ch in all_changes if ch.empty and not ch.conflicts]
    if unchanged:
        job.say(NO_CHANGES, classes=", ".join(unchanged))


def _say_change(job: Job, c: Change) -> None:
    lang = job.lang
    job.say(
        CHANGED,
        name=c.full_name,
        id=c.pupil_id,
        field=field_name(c.field, lang),
        old=shown(c.field, c.old, lang),
        new=shown(c.field, c.new, lang),
    )


def _periods(key: str, periods: set[str], lang: Lang) -> str:
    """The months or quarters of new rows, in school order: " (Мамыр)"."""
    order = MONTHS if key == "attendance" else QUARTERS
    names = [p.label(lang) for p in order if p.key in periods]
    return f" ({', '.join(names)})" if names else ""


def row_edits(changes: Sequence[Change]) -> list[RowEdit]:
    """The register row edits that make `changes`: one per pupil row and grid row."""
    from ..core.class_form import PERIOD_COLUMN, filled
    from ..files.register_edit import RowEdit  # openpyxl: only when the register is written

    rows: dict[tuple[str, str, str], dict[str, object]] = {}
    for c in changes:
        sheet_key, period, column = c.field
        rows.setdefault((sheet_key, c.pupil_id, period), {})[column] = (
            c.new if filled(c.new) else None
        )
    edits = []
    for (sheet_key, pupil_id, period), values in rows.items():
        if sheet_key == "pupils":
            edits.append(RowEdit("pupils", {"id": pupil_id}, values))
        else:
            match = {"pupil_id": pupil_id, PERIOD_COLUMN[sheet_key]: period}
            edits.append(RowEdit(sheet_key, match, values))
    return edits


def _read_back(job: Job, store: FormsTarget, before: RegisterData) -> int:
    """Read the written register; name the errors it did not have before (exit 1)."""
    after = store.read()
    known = {_place(f) for f in before.errors}
    new = [f for f in after.errors if _place(f) not in known]
    if not new:
        return 0
    job.warn(NEW_ERRORS)
    for f in new:
        job.warn(f"  {f.where(job.lang)}: {f.text(job.lang)}")
    return 1


def _place(f: Finding) -> tuple[object, ...]:
    return (f.code, f.sheet, f.row, f.column)


def _data(lang: Lang, all_changes: list[ClassChanges], troubles: list[dict[str, object]]) -> dict:
    """The changes for machines (`--json`): values as the register shows them."""

    def cell(c: Change) -> dict[str, object]:
        return {
            "pupil_id": c.pupil_id,
            "name": c.full_name,
            "sheet": c.field[0],
            "period": c.field[1] or None,
            "column": c.field[2],
            "old": shown(c.field, c.old, lang),
            "new": shown(c.field, c.new, lang),
        }

    return {
        "forms": [
            {
                "class": ch.class_name,
                "file": ch.file,
                "added": [{"pupil_id": i, "name": n} for i, n in ch.added],
                "left": [c.pupil_id for c in ch.left],
                "changes": [cell(c) for c in ch.changes],
                "conflicts": [
                    {
                        "pupil_id": c.pupil_id,
                        "name": c.full_name,
                        "sheet": c.field[0],
                        "period": c.field[1] or None,
                        "column": c.field[2],
                        "issued": shown(c.field, c.issued, lang),
                        "register": shown(c.field, c.register, lang),
                        "form": shown(c.field, c.form, lang),
                    }
                    for c in ch.conflicts
                ],
            }
            for ch in all_changes
        ],
        "troubles": troubles,
        "applied": False,
    }
