"""Checks across rows and sheets, run after every cell has been typed: duplicates, references to
unknown pupils (a pupil may be referred to by id or by IIN), impossible attendance numbers, IINs
that disagree with the birth date or sex, leaving dates, columns the passport counts that are
absent, and the checks that need the settings (the school year's dates, what the report needs).

Messages quote what the workbook shows (its headers, a choice as typed), whatever the message's
language, so the user finds it in the cell.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import iin as iin_rule
from .findings import Finding
from .register import ROW
from .schema import HISTORY_METRICS, Text, normalize_label, setting
from .school_year import SchoolYear
from .tables import Table

DUPLICATE_ID = Text(
    "«{value}» ID-і қайталанады (алғаш рет {first_row}-жолда)",
    "ID «{value}» повторяется (впервые в строке {first_row})",
)
DUPLICATE_IIN = Text(
    "{value} ЖСН-і қайталанады (алғаш рет {first_row}-жолда)",
    "ИИН {value} повторяется (впервые в строке {first_row})",
)
SAME_PERSON = Text(
    "Аты-жөні мен туған күні {first_row}-жолдағымен бірдей: бір оқушы екі рет енгізілген болуы мүмкін",
    "ФИО и дата рождения совпадают со строкой {first_row}: возможно, учащийся внесён дважды",
)
UNKNOWN_PUPIL = Text(
    "«{value}» ID-і бар оқушы «{pupils}» парағында жоқ",
    "Учащегося с ID «{value}» нет на листе «{pupils}»",
)
MISSED_OVER_PLANNED = Text(
    "Жіберілген сабақ ({missed}) жоспарланған сабақтан ({planned}) көп",
    "Пропущено уроков ({missed}) больше, чем уроков по плану ({planned})",
)
DUPLICATE_RECORD = Text(
    "Жазба қайталанады: {keys} мәндері {first_row}-жолдағымен бірдей",
    "Запись повторяется: значения {keys} совпадают со строкой {first_row}",
)
IIN_CENTURY = Text(
    "ЖСН-нің 7-цифры {digit}, ал ол 1–6 болуы керек (ғасыр мен жыныс)",
    "7-я цифра ИИН — {digit}, а должна быть от 1 до 6 (век и пол)",
)
IIN_NOT_A_DATE = Text(
    "ЖСН-нің алғашқы алты цифры ({digits}) туған күнге ұқсамайды",
    "Первые шесть цифр ИИН ({digits}) не похожи на дату рождения",
)
IIN_BIRTH_MISMATCH = Text(
    "ЖСН бойынша туған күні {iin_date}, ал «{birth_header}» бағанында {birth_date}",
    "По ИИН дата рождения {iin_date}, а в столбце «{birth_header}» — {birth_date}",
)
IIN_SEX_MISMATCH = Text(
    "ЖСН-нің 7-цифры ({digit}) жынысқа сәйкес емес: «{sex_header}» бағанында «{sex}»",
    "7-я цифра ИИН ({digit}) не соответствует полу: в столбце «{sex_header}» — «{sex}»",
)
OUTSIDE_SCHOOL_YEAR = Text(
    "Күні {year} оқу жылына ({start}–{end}) жатпайтын жолдар: {count} (біріншісі — "
    "{first_row}-жол); жыл жабылған болса, өткен жылдың жолдарын өшіріңіз, әйтпесе күнді түзетіңіз",
    "Строк с датой вне учебного года {year} ({start}–{end}): {count} (первая — строка "
    "{first_row}); если год уже закрыт, удалите строки прошлого года, иначе исправьте дату",
)
LEFT_BEFORE_ARRIVED = Text(
    "Кеткен күні ({left}) келген күнінен ({arrived}) бұрын",
    "Дата выбытия ({left}) раньше даты прибытия ({arrived})",
)
REASON_WITHOUT_LEFT = Text(
    "Кету себебі жазылған, бірақ «{left_header}» бағанында күн жоқ: оқушы әлі мектепте деп "
    "саналады",
    "Причина выбытия указана, но в столбце «{left_header}» нет даты: учащийся считается "
    "обучающимся",
)
ABSENT_COUNTED_COLUMN = Text(
    "«{header_kk}» бағаны жоқ, сондықтан паспортта бұл көрсеткіш 0 деп саналады",
    "Нет столбца «{header_ru}», поэтому в паспорте этот показатель считается равным 0",
)
BLANK_SETTING = Text(
    "«{label_kk}» баптауы толтырылмаған: ол жылдық есепке керек",
    "Настройка «{label_ru}» не заполнена: она нужна для годового отчёта",
)

#: Sheets holding the school year's own dated records (History and Plans span years).
DATED_THIS_YEAR = ("behaviour", "aid", "events")
#: Aid of the "Мектепке жол" campaign readies pupils for the coming year, so it is given from the
#: summer before 1 September: (source key, first month it may be dated in, before the year starts).
EARLY_AID = ("road_to_school", 6)
#: Settings the annual report prints on its title page and signature.
REPORT_SETTINGS = ("school_name", "pedagogue")

#: The checks fold the same values thousands of times (a pupil id on each month of attendance and
#: each quarter of results): each distinct value (of each type: 1 and 1.0 fold apart) once.
_fold = lru_cache(maxsize=1 << 16, typed=True)(normalize_label)

#: Sheets where one combination of columns may appear only once.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "attendance": ("pupil_id", "month"),
    "academic": ("pupil_id", "quarter"),
    "history": ("school_year", "metric"),
}


def cross_sheet_findings(tables: dict[str, Table]) -> list[Finding]:
    """Every check that needs more than one cell, over the tables read from one register.

    References by IIN are first replaced by the pupil's id (`refer_by_id`), so every later rule
    and computation joins on the id."""
    pupils = tables["pupils"]
    found = [
        *duplicates(pupils, ("id",), DUPLICATE_ID, "duplicate_id"),
        *duplicates(pupils, ("iin",), DUPLICATE_IIN, "duplicate_iin"),
        *iin_consistency(pupils),
        *same_person_twice(pupils),
        *leaving_dates(pupils),
        *absent_counted_columns(pupils),
        *missed_over_planned(tables["attendance"]),
    ]
    if "id" in pupils.columns:  # without the id column every reference would be "unknown"
        refer_by_id(tables)
        known = {_fold(v) for v in pupils.frame["id"]} - {""}
        for table in tables.values():
            for col in table.sheet.columns:
                if col.references == "pupils":
                    found += unknown_pupils(table, col.key, known, pupils.name)
    for key, columns in RECORD_KEYS.items():
        found += duplicates(tables[key], columns, DUPLICATE_RECORD, "duplicate_record")
    return found


def refer_by_id(tables: dict[str, Table]) -> None:
    """Replace each pupil reference that is a pupil's IIN (and no pupil's id) by that pupil's id,
    in place: a school may identify pupils by IIN on the other sheets."""
    frame = tables["pupils"].frame
    ids = {_fold(v) for v in frame["id"]} - {""}
    by_iin = {iin: pid for iin, pid in zip(frame["iin"], frame["id"], strict=True) if iin and pid}
    if not by_iin:
        return

    def resolved(value: str) -> str:
        if not value or _fold(value) in ids:
            return value
        digits = value.strip()
        if digits.isdigit() and len(digits) < 12:  # a number cell lost its leading zero
            digits = digits.zfill(12)
        return by_iin.get(digits, value)

    for table in tables.values():
        for col in table.sheet.columns:
            if col.references == "pupils" and len(table.frame):
                table.frame[col.key] = table.frame[col.key].map(resolved)


def _rows(table: Table, *columns: str) -> list[tuple]:
    """(excel row, value per column) for each record of the table."""
    frame = table.frame
    return list(zip(frame[ROW].tolist(), *(frame[c].tolist() for c in columns), strict=True))


def _present(value: object) -> bool:
    return value is not None and value is not pd.NA and value is not pd.NaT and value != ""


def duplicates(table: Table, columns: tuple[str, ...], message: Text, code: str) -> list[Finding]:
    """An error on every repeat of a value (or combination) already seen in an earlier row.

    Values are folded once per distinct value and compared as whole columns; only the repeats
    are walked one by one, to word their findings."""
    frame = table.frame
    folded = pd.DataFrame({c: _folded(frame[c]) for c in columns})
    present = folded.notna().all(axis=1)
    keyed = folded[present]
    repeats = keyed.duplicated(keep="first")
    if not repeats.any():
        return []
    first = {
        tuple(key): row
        for key, row in zip(
            keyed[~repeats].itertuples(index=False),
            frame.loc[keyed[~repeats].index, ROW],
            strict=True,
        )
    }
    keys = ", ".join(f"«{table.header(c)}»" for c in columns)
    return [
        table.finding(
            "error",
            code,
            message,
            row,
            columns[-1],
            value=value,
            first_row=first[tuple(key)],
            keys=keys,
        )
        for key, row, value in zip(
            keyed[repeats].itertuples(index=False),
            frame.loc[repeats[repeats].index, ROW],
            frame.loc[repeats[repeats].index, columns[-1]],
            strict=True,
        )
    ]


def _folded(values: pd.Series) -> pd.Series:
    """Each value folded for comparison (`_fold`), once per distinct value; blank ones as NA."""
    distinct = {v: _fold(v) for v in values.dropna().unique() if _present(v)}
    return values.map({v: f for v, f in distinct.items() if f}).astype(object)


def unknown_pupils(table: Table, column: str, known: set[str], pupils_sheet: str) -> list[Finding]:
    """An error for each reference to a pupil id that the pupils sheet doesn't have."""
    return [
        table.finding(
            "error", "unknown_pupil", UNKNOWN_PUPIL, row, column, value=value, pupils=pupils_sheet
        )
        for row, value in _rows(table, column)
        if value and _fold(value) not in known
    ]


def leaving_dates(table: Table) -> list[Finding]:
    """A leaving date before the arrival date is an error; a reason without a date a warning
    (the pupil still counts as at school, which a reason alone suggests is not meant)."""
    found = []
    left_header = table.header("left")
    for row, arrived, left, reason in _rows(table, "arrived", "left", "left_reason"):
        if _present(arrived) and _present(left) and left < arrived:
            found.append(
                table.finding(
                    "error",
                    "left_before_arrived",
                    LEFT_BEFORE_ARRIVED,
                    row,
                    "left",
                    left=left.strftime("%d.%m.%Y"),
                    arrived=arrived.strftime("%d.%m.%Y"),
                )
            )
        elif reason and not _present(left):
            found.append(
                table.finding(
                    "warning",
                    "reason_without_left",
                    REASON_WITHOUT_LEFT,
                    row,
                    "left_reason",
                    left_header=left_header,
                )
            )
    return found


def absent_counted_columns(table: Table) -> list[Finding]:
    """A warning for each Pupils column a passport count reads that the sheet does not have
    (a register made before the column existed, a deleted column): its count would be 0, and
    `summary` and the report repeat the warning next to that number. A header taken for a
    misspelling of the column is already an error, so it is not warned about again."""
    if table.header_row is None:
        return []
    misspelt = {f.params.get("key") for f in table.findings if f.code == "misspelt_column"}
    flags = dict.fromkeys(m.flag for m in HISTORY_METRICS)
    return [
        table.finding(
            "warning",
            "absent_counted_column",
            ABSENT_COUNTED_COLUMN,
            table.header_row,
            key,
            key=key,
            header_kk=table.sheet.column(key).header.kk,
            header_ru=table.sheet.column(key).header.ru,
        )
        for key in flags
        if key not in table.columns and key not in misspelt
    ]


def missed_over_planned(table: Table) -> list[Finding]:
    """Unexcused + excused absences cannot exceed the lessons planned in the month."""
    frame = table.frame
    missed = frame["missed_unexcused"].fillna(0) + frame["missed_excused"].fillna(0)
    over = (missed > frame["planned"]).fillna(False)
    return [
        table.finding(
            "error",
            "missed_over_planned",
            MISSED_OVER_PLANNED,
            row,
            "planned",
            missed=int(lost),
            planned=int(planned),
        )
        for row, lost, planned in zip(
            frame[ROW][over], missed[over], frame["planned"][over], strict=True
        )
    ]


def iin_consistency(table: Table) -> list[Finding]:
    """Warnings when an IIN's date part or 7th digit disagrees with the birth date or sex."""
    found = []
    birth_header, sex_header = table.header("birth_date"), table.header("sex")
    for row, iin, birth, sex in _rows(table, "iin", "birth_date", "sex"):
        if not iin:
            continue
        century_sex = iin_rule.century_sex(iin)
        if century_sex is None:
            found.append(
                table.finding("warning", "iin_century", IIN_CENTURY, row, "iin", digit=iin[6])
            )
            continue
        from_iin = iin_rule.birth_date(iin)
        if from_iin is None:
            found.append(
                table.finding("warning", "iin_date", IIN_NOT_A_DATE, row, "iin", digits=iin[:6])
            )
        elif _present(birth) and birth.date() != from_iin:
            found.append(
                table.finding(
                    "warning",
                    "iin_birth_date",
                    IIN_BIRTH_MISMATCH,
                    row,
                    "iin",
                    iin_date=from_iin.strftime("%d.%m.%Y"),
                    birth_date=birth.strftime("%d.%m.%Y"),
                    birth_header=birth_header,
                )
            )
        if sex and sex != century_sex[1]:
            found.append(
                table.finding(
                    "warning",
                    "iin_sex",
                    IIN_SEX_MISMATCH,
                    row,
                    "iin",
                    digit=iin[6],
                    sex_header=sex_header,
                    sex=table.typed.get(("sex", row), sex),
                )
            )
    return found


def same_person_twice(table: Table) -> list[Finding]:
    """A warning when two rows share the full name and birth date (ids differ, else it's an error)."""
    first: dict[tuple[str, object], int] = {}
    found = []
    for row, name, birth in _rows(table, "full_name", "birth_date"):
        if not name or not _present(birth):
            continue
        key = (normalize_label(name), birth)
        if key in first:
            found.append(
                table.finding(
                    "warning", "same_person", SAME_PERSON, row, "full_name", first_row=first[key]
                )
            )
        else:
            first[key] = row
    return found


def dates_outside_school_year(tables: dict[str, Table], school_year: object) -> list[Finding]:
    """One warning per dated sheet with rows outside 1 September – 31 August of the school year:
    usually last year's rows left behind after closing the year, which would inflate the report.
    "Мектепке жол" aid may be dated from the summer before (see `EARLY_AID`).

    A `school_year` that is not a year gives nothing here: reading Settings reported it.
    """
    year = SchoolYear.read(school_year)
    if year is None:
        return []
    start = year.start
    first, last = pd.Timestamp(year.first_day), pd.Timestamp(year.last_day)
    found = []
    for key in DATED_THIS_YEAR:
        table = tables[key]
        frame = table.frame
        earliest = pd.Series(first, index=frame.index)
        if key == "aid":
            source, month = EARLY_AID
            earliest[frame["source"] == source] = pd.Timestamp(start, month, 1)
        dates = frame["date"]
        outside = frame.loc[dates.notna() & ((dates < earliest) | (dates > last)), ROW]
        if outside.empty:
            continue
        found.append(
            table.finding(
                "warning",
                "outside_school_year",
                OUTSIDE_SCHOOL_YEAR,
                int(outside.min()),
                "date",
                count=len(outside),
                first_row=int(outside.min()),
                year=str(year),
                start=first.strftime("%d.%m.%Y"),
                end=last.strftime("%d.%m.%Y"),
            )
        )
    return found


def blank_report_settings(
    table: Table, settings: dict[str, object], rows: dict[str, int]
) -> list[Finding]:
    """A warning for each setting the annual report needs that has no value, at its Settings row
    (without a row when the register has none for it)."""
    found = []
    for key in REPORT_SETTINGS:
        if str(settings.get(key) or "").strip():
            continue
        label = setting(key).label
        found.append(
            table.finding(
                "warning",
                "blank_setting",
                BLANK_SETTING,
                rows.get(key),
                "value",
                key=key,
                label_kk=label.kk,
                label_ru=label.ru,
            )
        )
    return found
