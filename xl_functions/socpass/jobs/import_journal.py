"""Import electronic journals' exports into the register: attendance per pupil and month, or
quarter results per pupil and quarter.

A dry run by default: per file, the layout recognised, the class and period, the rows matched,
the rows not matched or ambiguous (the export's row and name), and every register row that would
be added or changed. With `apply` the changes of all files are written at once
(`RegisterFile.apply_edits`: atomically, with a backup), the register is read back, and if it no
longer validates the backup is put back.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from ..core.class_form import class_order
from ..core.findings import SocpassError
from ..core.journal_layouts import LAYOUT_NAMES, Hints, JournalTable, parse_export
from ..core.journal_plan import Change, Given, Plan, Unmatched, plan_import, register_rows
from ..core.register import RegisterData
from ..core.schema import MONTHS, QUARTERS, Lang, Text, sheet
from ..files.encryption import Password
from ..files.journal_file import read_export
from ..files.register_edit import RowEdit
from .job import Job

FILE = Text(
    "«{file}»: {layout}; сынып: {class_name}; {period}.",
    "«{file}»: {layout}; класс: {class_name}; {period}.",
)
MATCHED = Text(
    "Тізілімнің оқушыларымен сәйкестендірілген жол: {matched} / {rows}.",
    "Строк сопоставлено с учащимися реестра: {matched} из {rows}.",
)
UNMATCHED = Text(
    "{row}-жол, «{name}»: {class_name} сыныбында мұндай оқушы жоқ; импортталмайды.{hint}",
    "Строка {row}, «{name}»: в классе {class_name} нет такого учащегося; не импортируется.{hint}",
)
UNMATCHED_IIN = Text(
    "{row}-жол, «{name}»: тізілімде осы жолдағы ЖСН-і бар оқушы жоқ; импортталмайды.",
    "Строка {row}, «{name}»: в реестре нет учащегося с ИИН из этой строки; не импортируется.",
)
IIN_OF_ANOTHER = Text(
    "{row}-жол: тізілімде осы жолдағы ЖСН — {class_name} сыныбының оқушысы {pupil}, ал "
    "экспортта — «{name}»; жол импортталмайды. ЖСН-ді немесе аты-жөнін тексеріңіз.",
    "Строка {row}: ИИН из этой строки в реестре принадлежит учащемуся {pupil} из класса "
    "{class_name}, а в выгрузке — «{name}»; строка не импортируется. Проверьте ИИН или ФИО.",
)
REPEATED = Text(
    "{pupil}: оқушы экспорттың {rows}-жолдарында бар; ешқайсысы импортталмайды — біреуін "
    "қалдырыңыз.",
    "{pupil}: учащийся есть в строках выгрузки {rows}; ни одна из них не импортируется — "
    "оставьте одну строку.",
)
GIVEN_BEFORE = Text(
    "{row}-жол, {pupil}, {period}: бұл мәліметтер «{earlier_file}» файлының "
    "{earlier_row}-жолында бұрын берілген; импортталмайды.",
    "Строка {row}, {pupil}, {period}: эти данные уже даны в файле «{earlier_file}», строка "
    "{earlier_row}; не импортируется.",
)
UNKNOWN_CLASS = Text(
    "«{file}»: тізілімде {class_name} сыныбы жоқ (тізілімдегі сыныптар: {classes}); ештеңе "
    "импортталмайды. Сыныпты тексеріңіз немесе --class арқылы беріңіз.",
    "«{file}»: в реестре нет класса {class_name} (классы реестра: {classes}); ничего не "
    "импортируется. Проверьте класс или задайте его через --class.",
)
DID_YOU_MEAN = Text(" Мүмкін, бұл: {names}?", " Возможно, это: {names}?")
AMBIGUOUS = Text(
    "{row}-жол, «{name}»: {class_name} сыныбында бұл атпен бірнеше оқушы бар ({names}); "
    "қайсысы екені белгісіз; жол импортталмайды — оны қолмен енгізіңіз.",
    "Строка {row}, «{name}»: в классе {class_name} несколько учащихся с таким именем ({names}); "
    "неясно, кто из них имеется в виду; строка не импортируется — внесите её вручную.",
)
NO_PLANNED = Text(
    "{class_name}, {period}: жоспарланған сабақ саны белгісіз (тізілімде «Оқу жүктемесі» парағы "
    "жоқ немесе онда бұл сынып пен айға жол жоқ), сондықтан {count} оқушының жолы "
    "импортталмайды (экспорттағы жолдар: {rows}). Ескі тізілімге бұл парақты socpass upgrade "
    "қосады.",
    "{class_name}, {period}: число уроков по плану неизвестно (в реестре нет листа «Учебная "
    "нагрузка» или на нём нет строки для этого класса и месяца), поэтому строки не "
    "импортируются (учащихся: {count}; строки выгрузки: {rows}). В старый реестр этот лист "
    "добавит socpass upgrade.",
)
OVER_PLANNED = Text(
    "{row}-жол, {name}, {period}: жіберілген сабақ ({missed}) жоспарланғаннан ({planned}) көп; "
    "импортталмайды. «Оқу жүктемесі» парағын тексеріңіз.",
    "Строка {row}, {name}, {period}: пропущено уроков ({missed}) больше, чем по плану "
    "({planned}); не импортируется. Проверьте лист «Учебная нагрузка».",
)
ADDED = Text("+ {name}, {period}: {values}", "+ {name}, {period}: {values}")
CHANGED = Text("~ {name}, {period}: {values}", "~ {name}, {period}: {values}")
SUMMARY = Text(
    "«{sheet}» парағы: {added} жол қосылады, {changed} жол өзгереді, {unchanged} жол сол күйінде.",
    "Лист «{sheet}»: добавится строк — {added}, изменится — {changed}, без изменений — "
    "{unchanged}.",
)
SUMMARY_APPLIED = Text(
    "«{sheet}» парағы: {added} жол қосылды, {changed} жол өзгерді.",
    "Лист «{sheet}»: добавлено строк — {added}, изменено — {changed}.",
)
DRY_RUN = Text(
    "Бұл тек алдын ала қарау: тізілім өзгертілген жоқ. Жазу үшін --apply қосыңыз.",
    "Это только предпросмотр: реестр не изменён. Чтобы записать, добавьте --apply.",
)
NOTHING = Text("Тізілімге жазатын ештеңе жоқ.", "Записывать в реестр нечего.")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
READ_BACK_FAILED = Text(
    "Жазылған тізілім қайта оқылғанда қате табылды ({error}); файл көшірмеден қалпына келтірілді.",
    "В записанном реестре при повторном чтении найдена ошибка ({error}); файл восстановлен из "
    "копии.",
)
ROWS_SKIPPED = Text(
    "Барлығы импортталмаған жол: {count} (жоғарыда).",
    "Всего строк не импортировано: {count} (см. выше).",
)


class JournalTarget(Protocol):
    """The register an import writes: `files.register_file.RegisterFile`."""

    path: Path

    def read(self) -> RegisterData: ...

    def writing(self) -> AbstractContextManager[None]: ...

    def apply_edits(self, edits: Sequence[RowEdit], lang: Lang) -> Path: ...

    def restore(self, backup: Path) -> None: ...


def import_journal(
    job: Job,
    store: JournalTarget,
    kind: str,
    files: Sequence[Path],
    hints: Hints,
    apply: bool = False,
    password: Password | None = None,
) -> int:
    """Import `files` (exports of `kind`: "attendance" or "marks"); 0, or 1 when rows were left
    out (listed above)."""
    with store.writing():
        register = job.read(store)
        job.require_clean(register)
        exports = [
            (path, parse_export(read_export(path, password), path.name, kind, hints))
            for path in files
        ]
        classes = sorted(
            {str(c) for c in register.frames["pupils"]["class"] if str(c)}, key=class_order
        )
        for path, table in exports:
            if table.class_name is not None and table.class_name not in classes:
                raise SocpassError(
                    UNKNOWN_CLASS,
                    exit_code=2,
                    file=path.name,
                    class_name=table.class_name,
                    classes=", ".join(classes),
                )
        rows = register_rows(register.frames, kind)
        given: Given = {}
        plans = [
            (path, table, plan_import(register.frames, table, kind, rows, given, path.name))
            for path, table in exports
        ]
        skipped = sum(_report(job, path, kind, table, plan) for path, table, plan in plans)
        changes = [c for _, _, plan in plans for c in plan.changes]
        unchanged = sum(plan.unchanged for _, _, plan in plans)
        sheet_key = "attendance" if kind == "attendance" else "academic"
        counts = {
            "sheet": sheet(sheet_key).name(job.lang),
            "added": sum(c.added for c in changes),
            "changed": sum(not c.added for c in changes),
        }
        if not apply:
            job.say(SUMMARY, unchanged=unchanged, **counts)
            job.say(DRY_RUN)
        elif not changes:
            job.say(NOTHING)
        else:
            backup = store.apply_edits([_edit(c) for c in changes], job.lang)
            _check_read_back(job, store, backup)
            job.wrote(store.path)
            job.say(SUMMARY_APPLIED, **counts)
            job.say(BACKUP, path=backup)
    if skipped:
        job.warn(ROWS_SKIPPED, count=skipped)
    job.outcome.data = {
        "files": [_data(path, table, plan) for path, table, plan in plans],
        "applied": apply and bool(changes),
    }
    return 1 if skipped else 0


def _report(job: Job, path: Path, kind: str, table: JournalTable, plan: Plan) -> int:
    """Say what the file holds and would do; the number of its rows left out."""
    job.say(
        FILE,
        file=path.name,
        layout=LAYOUT_NAMES[table.layout](job.lang),
        class_name=table.class_name or "—",
        period=", ".join(_period(job.lang, p, kind) for p in table.periods),
    )
    for problem in table.problems:
        job.warn(problem.text, **problem.params)
    # left out as unreadable, or all of them for a reason the file gives
    bad_rows = sum(1 for p in table.problems if "row" in p.params) + table.left_out
    job.say(MATCHED, matched=plan.matched, rows=len(table.rows) + bad_rows)
    for row, ambiguous in sorted(
        [(r, False) for r in plan.unmatched] + [(r, True) for r in plan.ambiguous],
        key=lambda pair: pair[0].row,
    ):
        _say_unmatched(job, row, ambiguous)
    for repeated in plan.repeated:
        if repeated.earlier is None:
            job.warn(REPEATED, pupil=repeated.pupil, rows=", ".join(map(str, repeated.rows)))
            continue
        job.warn(
            GIVEN_BEFORE,
            row=repeated.rows[0],
            pupil=repeated.pupil,
            period=_period(job.lang, repeated.period, kind),
            earlier_file=repeated.earlier[0],
            earlier_row=repeated.earlier[1],
        )
    unplanned: dict[tuple[str, str], list[int]] = {}
    for refused in plan.refused:
        if refused.reason == "no_planned":
            unplanned.setdefault((refused.class_name, refused.period), []).append(refused.row)
            continue
        job.warn(
            OVER_PLANNED,
            row=refused.row,
            name=refused.pupil_name,
            period=_period(job.lang, refused.period, kind),
            missed=refused.missed,
            planned=refused.planned,
        )
    for (class_name, period), rows in unplanned.items():
        job.warn(
            NO_PLANNED,
            class_name=class_name,
            period=_period(job.lang, period, kind),
            count=len(rows),
            rows=", ".join(map(str, sorted(set(rows)))),
        )
    for change in plan.changes:
        job.say(
            ADDED if change.added else CHANGED,
            name=f"{change.pupil_name} ({change.pupil_id})",
            period=_period(job.lang, change.period, kind),
            values=_values(job.lang, change),
        )
    return plan.left_out + bad_rows


def _say_unmatched(job: Job, row: Unmatched, ambiguous: bool) -> None:
    if ambiguous:
        names = "; ".join(row.candidates)
        job.warn(AMBIGUOUS, row=row.row, name=row.name, class_name=row.class_name, names=names)
    elif row.iin_pupil is not None:
        pupil, class_name = row.iin_pupil
        job.warn(IIN_OF_ANOTHER, row=row.row, name=row.name, pupil=pupil, class_name=class_name)
    elif row.by_iin:
        job.warn(UNMATCHED_IIN, row=row.row, name=row.name)
    else:
        hint = DID_YOU_MEAN(job.lang).format(names=", ".join(row.candidates))
        job.warn(
            UNMATCHED,
            row=row.row,
            name=row.name,
            class_name=row.class_name or "—",
            hint=hint if row.candidates else "",
        )


def _period(lang: Lang, key: str, kind: str) -> str:
    """A month's or quarter's name (the keys overlap: "2" is February or the 2nd quarter)."""
    choices = MONTHS if kind == "attendance" else QUARTERS
    return next((c.label(lang) for c in choices if c.key == key), key)


def _values(lang: Lang, change: Change) -> str:
    s = sheet(change.sheet)
    parts = []
    for key, value in change.values.items():
        header = s.column(key).header(lang)
        old = change.before.get(key) if change.before else None
        shown = f"{'—' if old is None else old} → {value}" if change.before else str(value)
        parts.append(f"{header} {shown}")
    return "; ".join(parts)


def _edit(change: Change) -> RowEdit:
    period = "month" if change.sheet == "attendance" else "quarter"
    return RowEdit(
        change.sheet, {"pupil_id": change.pupil_id, period: change.period}, change.values
    )


def _check_read_back(job: Job, store: JournalTarget, backup: Path) -> None:
    """The written register must still validate; else the backup goes back in its place."""
    try:
        after = store.read()
    except SocpassError as error:
        store.restore(backup)
        raise SocpassError(READ_BACK_FAILED, exit_code=2, error=error.text(job.lang)) from None
    if after.errors:
        store.restore(backup)
        first = after.errors[0]
        raise SocpassError(READ_BACK_FAILED, exit_code=2, error=first.text(job.lang))


def _data(path: Path, table: JournalTable, plan: Plan) -> dict[str, object]:
    return {
        "file": str(path),
        "layout": table.layout,
        "class": table.class_name,
        "periods": list(table.periods),
        "rows": len(table.rows),
        "matched": plan.matched,
        "unmatched": [r.row for r in plan.unmatched],
        "ambiguous": [r.row for r in plan.ambiguous],
        "refused": [r.row for r in plan.refused],
        "repeated": sorted({row for r in plan.repeated for row in r.rows}),
        "changes": [
            {"pupil_id": c.pupil_id, "period": c.period, "values": dict(c.values), "added": c.added}
            for c in plan.changes
        ],
    }
