"""Cells written with XlsxWriter as what they are: user text as text, never a formula.

XlsxWriter's `write()` turns any string starting with "=" into a formula, so a pupil named
`=HYPERLINK("http://…","click")` would become a live link in every workbook socpass writes. Every
writer of cells of unknown type goes through `write_value`, which picks the writer by the value's
type and writes strings with `write_string` only; `as_day` is the one rule for dates.
"""

from __future__ import annotations

import numbers
from datetime import date

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..core.values import as_day


def write_value(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None) -> None:
    """One cell: text (never a formula), a date, TRUE/FALSE, a number, or blank."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, value, fmt)
    elif value is None or isinstance(value, str) or pd.isna(value):  # type: ignore[arg-type]
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, date):  # a datetime too
        ws.write_datetime(row, col, as_day(value), fmt)
    elif isinstance(value, bool | np.bool_):
        ws.write_boolean(row, col, bool(value), fmt)
    elif isinstance(value, numbers.Real):  # numpy's numbers too
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)
