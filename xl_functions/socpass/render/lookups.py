"""The pupil's name and class beside a pupil id (`schema.Lookup`), as formulas the workbook keeps.

INDEX/MATCH over the Pupils Table (Excel 2010+ and LibreOffice both compute it; XLOOKUP would not
open in Excel 2016): the id typed in the row is looked for among the pupils' ids, then among their
IINs, and a blank or unknown id shows nothing. The formula uses the row's own cell as a structured
reference (`Attendance[[#This Row],[Оқушы ID]]`), so Excel fills it into every row added to the
Table. The value it gives on the frame being written is stored with it, so a preview that does
not recalculate shows the name too.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..core.schema import Lang, Lookup, Sheet
from .dashboard import escaped, table_ref

#: The Excel name of the pupils' ids, the source of the pupil id dropdowns.
PUPIL_IDS_NAME = "socpass_pupil_ids"


def lookup_formula(sh: Sheet, lookup: Lookup, lang: Lang) -> str:
    """The formula of `lookup` in a row of `sh`'s Table."""
    row_id = f"{sh.table}[[#This Row],[{escaped(sh.column('pupil_id').header(lang))}]]"
    shown = table_ref("pupils", lookup.source, lang)
    by_id = f"INDEX({shown},MATCH({row_id},{table_ref('pupils', 'id', lang)},0))"
    by_iin = f"INDEX({shown},MATCH({row_id},{table_ref('pupils', 'iin', lang)},0))"
    return f'=IFERROR({by_id},IFERROR({by_iin},""))'


def pupil_ids_source(lang: Lang) -> str:
    """What the defined name `PUPIL_IDS_NAME` refers to: the Pupils Table's id column."""
    return "=" + table_ref("pupils", "id", lang)


class PupilValues:
    """The values the lookups give on the pupils being written (the formulas' cached results)."""

    def __init__(self, pupils: pd.DataFrame | None) -> None:
        self._by_key: dict[str, Mapping[str, str]] = {}
        frame = pupils if pupils is not None else pd.DataFrame(columns=["id", "iin"])
        for source in ("full_name", "class"):
            values = frame[source].astype(str).tolist() if source in frame else [""] * len(frame)
            by_id = dict(zip(frame["id"].astype(str), values, strict=True))
            iins = frame["iin"].astype(str) if "iin" in frame else pd.Series(dtype=str)
            by_iin = {i: v for i, v in zip(iins, values, strict=False) if i and i != "nan"}
            self._by_key[source] = {**by_iin, **by_id}

    def value(self, lookup: Lookup, pupil_id: object) -> str:
        if pupil_id is None or (isinstance(pupil_id, float) and pd.isna(pupil_id)):
            return ""
        return self._by_key[lookup.source].get(str(pupil_id), "")
