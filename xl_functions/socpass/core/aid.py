"""How aid is counted, the same in the annual report and in the district return.

A row of the Aid sheet is aid given when its status is "granted" or blank (a blank status reads as
given, as the sheet's help says); applications are all rows of a source, whatever their status.
Pupils helped are distinct pupil ids among given rows, a row without a pupil id counting as one
pupil (aid written down for a child not on the Pupils sheet is still a child helped).
"""

from __future__ import annotations

import pandas as pd


def granted(aid: pd.DataFrame) -> pd.DataFrame:
    """The rows of aid actually given."""
    status = aid["status"]
    return aid[status.isna() | (status == "granted")]


def pupils_helped(rows: pd.DataFrame) -> int:
    """Distinct pupils among aid rows; a row with no pupil id is one pupil."""
    ids = rows["pupil_id"].fillna("").astype(str).str.strip()
    return int(ids[ids != ""].nunique() + (ids == "").sum())


def amount(rows: pd.DataFrame) -> float:
    """The tenge given by these rows (a blank amount adds nothing)."""
    return float(pd.to_numeric(rows["amount"], errors="coerce").fillna(0).sum())


def helped_by(aid: pd.DataFrame, keys: list[str]) -> dict[tuple, tuple[int, float]]:
    """(pupils helped, tenge) of the given rows per value of `keys` (e.g. source and kind), by
    the rules above, in one pass over the sheet instead of one filter per group."""
    rows = granted(aid)
    ids = rows["pupil_id"].fillna("").astype(str).str.strip()
    frame = rows[keys].assign(
        _id=ids.where(ids != "", None),
        _blank=ids == "",
        _amount=pd.to_numeric(rows["amount"], errors="coerce").fillna(0),
    )
    groups = frame.groupby(keys, dropna=False)
    pupils = groups["_id"].nunique() + groups["_blank"].sum()
    amounts = groups["_amount"].sum()
    return {
        (key if isinstance(key, tuple) else (key,)): (int(pupils[key]), float(amounts[key]))
        for key in pupils.index
    }
