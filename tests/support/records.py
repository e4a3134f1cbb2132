"""Builders for small synthetic registers, so each reader test can break exactly one thing.

Records are dicts keyed by schema column keys holding what a pedagogue would type; `to_values`
lays them out under the schema's headers in one language (header on row 1, record i on Excel
row i + 2) and `write_xlsx` saves them with openpyxl, independent of socpass' own writer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from socpass.core import iin as iin_rule
from socpass.core import schema
from socpass.core.schema import Lang


def make_iin(born: date, sex: str, serial: int = 1) -> str:
    """A valid synthetic IIN for a pupil born on `born` ("m"/"f"), 2000s century digit."""
    digit = {"m": "5", "f": "6"}[sex] if born.year >= 2000 else {"m": "3", "f": "4"}[sex]
    while True:
        first11 = f"{born:%y%m%d}{digit}{serial:04d}"
        check = iin_rule.check_digit(first11)
        if check is not None:
            return first11 + str(check)
        serial += 1


def sample_records(lang: Lang = "kk") -> dict[str, list[dict[str, object]]]:
    """A tiny register without problems: three pupils (two siblings) and a row in each sheet."""
    yes = schema.YES(lang)
    pupils = [
        {
            "id": "1",
            "iin": make_iin(date(2012, 3, 15), "m"),
            "full_name": "Тестов Арман",
            "class": "5Ә",
            "birth_date": date(2012, 3, 15),
            "sex": "ер" if lang == "kk" else "м",
            "family_id": "F1",
            "cat_large_family": yes,
        },
        {
            "id": "2",
            "iin": make_iin(date(2014, 7, 1), "f"),
            "full_name": "Тестова Айгүл",
            "class": "3А",
            "birth_date": date(2014, 7, 1),
            "sex": "қыз" if lang == "kk" else "ж",
            "family_id": "F1",
            "cat_large_family": yes,
        },
        {"id": "3", "full_name": "Үлгі Бала", "class": "10Б", "family_id": "F2"},
    ]
    month = schema.MONTHS[0].label(lang)
    filled = {"language": lang, "school_name": "№ 1 мектеп", "pedagogue": "Үлгі Педагог"}
    return {
        "pupils": pupils,
        "attendance": [
            {"pupil_id": "1", "month": month, "planned": 100, "missed_unexcused": 12},
            {"pupil_id": "2", "month": month, "planned": 80, "missed_excused": 4},
        ],
        "academic": [{"pupil_id": "1", "quarter": 1, "failing_subjects": 1}],
        "behaviour": [
            {
                "date": date(2025, 10, 3),
                "pupil_id": "1",
                "type": schema.INCIDENT_TYPES[1].label(lang),
            }
        ],
        "aid": [
            {
                "date": date(2025, 9, 1),
                "pupil_id": "2",
                "kind": schema.AID_KINDS[1].label(lang),
                "source": schema.AID_SOURCES[0].label(lang),
                "amount": 15000,
            }
        ],
        "events": [{"direction": "I", "title": "Әлеуметтік паспорт", "participants": 30}],
        "swot": [{"quadrant": "S", "text": "Тәжірибелі ұжым"}],
        "recommendations": [{"text": "Ата-аналармен жұмысты күшейту"}],
        "history": [{"school_year": "2024-2025", "metric": "large_family", "pupils": 475}],
        "settings": [
            {"key": s.key, "name": s.label(lang), "value": filled.get(s.key, s.default)}
            for s in schema.SETTINGS
        ],
    }


def to_values(
    records: dict[str, list[dict[str, object]]], lang: Lang = "kk"
) -> dict[str, list[list[object]]]:
    """Sheet name (in `lang`) -> rows of cell values: the header, then one row per record."""
    values = {}
    for key, rows in records.items():
        sheet = schema.sheet(key)
        values[sheet.name(lang)] = [
            [c.header(lang) for c in sheet.columns],
            *([row.get(c.key) for c in sheet.columns] for row in rows),
        ]
    return values


def write_xlsx(path: Path, values: dict[str, list[list[object]]]) -> Path:
    """Save sheet name -> rows as a plain .xlsx (no Tables, no validation): a user-made register."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in values.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def write_register(path: Path, lang: Lang = "kk", **changes) -> Path:
    """The sample register with whole sheets replaced: write_register(p, pupils=[...])."""
    records = sample_records(lang)
    records.update(changes)
    return write_xlsx(path, to_values(records, lang))
