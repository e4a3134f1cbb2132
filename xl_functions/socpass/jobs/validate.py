"""Validate: every problem in the register, by sheet, row and column. Nothing is written.

Exit code 0 when there are no errors (warnings allowed), 1 when the data has errors; a file that
cannot be used at all ends with its one-line reason (exit 2) in `Job`'s way. The findings are the
`result`; how they are listed is the shell's (a table on the command line, the first ones in a
message box), then the job's one message counts them.
"""

from __future__ import annotations

from ..core.findings import Finding
from ..core.schema import SHEETS, Text, sheet_for_name
from .job import Job, RegisterSource

COUNTS = Text(
    "Қате: {errors}, ескерту: {warnings}.", "Ошибок: {errors}, предупреждений: {warnings}."
)
ALL_GOOD = Text("Қате табылған жоқ.", "Ошибок не найдено.")


def validate(job: Job, source: RegisterSource) -> int:
    """Check the register; `result` is the findings in reading order, `data` their JSON form."""
    register = job.read(source)
    findings = sorted(register.findings, key=reading_order)
    errors, warnings = len(register.errors), len(register.warnings)
    job.outcome.result = findings
    job.outcome.data = {
        **(job.outcome.data or {}),
        "errors": errors,
        "warnings": warnings,
        "findings": [f.as_dict(job.lang) for f in findings],
    }
    if findings:
        job.say(COUNTS, errors=errors, warnings=warnings)
    else:
        job.say(ALL_GOOD)
    return 1 if errors else 0


def reading_order(finding: Finding) -> tuple[int, int, str]:
    """Sheets in the register's order, then rows top to bottom, then column letters."""
    found = sheet_for_name(finding.sheet or "")
    order = SHEETS.index(found) if found else len(SHEETS)
    letter = finding.column_letter or ""
    return order, finding.row or 0, f"{len(letter):02d}{letter}"
