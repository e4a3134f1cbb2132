"""Small builders of synthetic registers for the early-warning tests (no real pupils).

`frame(sheet_key, rows)` makes a frame the way the reader does (`core.register.typed_frame`);
`register(...)` wraps frames into `RegisterData` with the schema's default settings.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from socpass.core.register import RegisterData, typed_frame
from socpass.core.schema import SETTINGS, Lang


def frame(sheet_key: str, rows: list[dict] | None = None) -> pd.DataFrame:
    """A typed frame of `sheet_key` from dicts keyed by schema column keys (others left empty)."""
    return typed_frame(sheet_key, rows or [])


def pupil(pid: str, **kw) -> dict:
    """A pupil row with a synthetic name, class 5А and a class teacher."""
    return {
        "id": pid,
        "full_name": kw.pop("full_name", f"Оқушы {pid}"),
        "class": kw.pop("class_name", "5А"),
        "family_id": kw.pop("family_id", f"F{pid}"),
        "coordinator": kw.pop("coordinator", "Мұғалім А."),
        **kw,
    }


def month_rows(pid: str, month: int, planned: int, missed: int, excused: int = 0) -> dict:
    return {
        "pupil_id": pid,
        "month": str(month),
        "planned": planned,
        "missed_unexcused": missed,
        "missed_excused": excused,
    }


def register(
    pupils: list[dict],
    attendance: list[dict] | None = None,
    academic: list[dict] | None = None,
    behaviour: list[dict] | None = None,
    risk: pd.DataFrame | list[dict] | None = None,
    plans: pd.DataFrame | list[dict] | None = None,
    settings: dict[str, object] | None = None,
    lang: Lang = "kk",
) -> RegisterData:
    values = {s.key: s.default for s in SETTINGS}
    values.update(settings or {})
    values["language"] = lang
    frames = {
        "pupils": frame("pupils", pupils),
        "attendance": frame("attendance", attendance),
        "academic": frame("academic", academic),
        "behaviour": frame("behaviour", behaviour),
        "risk": risk if isinstance(risk, pd.DataFrame) else frame("risk", risk),
        "plans": plans if isinstance(plans, pd.DataFrame) else frame("plans", plans),
    }
    return RegisterData(lang=lang, frames=frames, settings=values)


#: A day after the end of October 2025: the latest complete month is October.
TODAY = date(2025, 11, 5)
