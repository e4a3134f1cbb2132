"""The one module the register's buttons call (`RunPython "import socpass.excel.macros as m; ..."`).

Each `*_caller` runs its macro on `xw.Book.caller()`; the macros themselves take the workbook and
live in their own modules, where they are tested under xlwings' remote engine. Keeping the VBA
pointed at this module lets the macros move without a new workbook.
"""

from __future__ import annotations

from .close_year import close_year_caller
from .flag import flag_at_risk_caller
from .report import generate_report_caller
from .validate import validate_caller

__all__ = [
    "close_year_caller",
    "flag_at_risk_caller",
    "generate_report_caller",
    "validate_caller",
]
