"""Doctor: is this PC ready for the register's buttons and custom functions? One line per check
with ✓ or ✗ and the exact fix under each ✗ (`excel.doctor`); with `excel`, the field test on a
copy of the register in Excel (`excel.desktop`, Windows only)."""

from __future__ import annotations

from pathlib import Path

from ..core.findings import SocpassError
from ..core.schema import Text
from ..excel.desktop import field_checks
from ..excel.doctor import gather_facts, passed, report, run_checks
from .job import Job

EXCEL_NEEDS_REGISTER = Text(
    "--excel үшін тізілімді көрсетіңіз: socpass doctor тізілім.xlsm --excel",
    "Для --excel укажите реестр: socpass doctor реестр.xlsm --excel",
)


def doctor(job: Job, register: Path | None, excel: bool = False) -> int:
    """Check the PC (and `register`, if given); 0 when every check that could be made passed."""
    if excel and register is None:
        raise SocpassError(EXCEL_NEEDS_REGISTER, exit_code=2)
    facts = gather_facts(register)
    if facts.workbook is not None:
        job.speak(facts.workbook.lang)
    checks = run_checks(facts)
    if excel and register is not None:
        checks += field_checks(facts, register, job.lang)
    job.outcome.result = checks
    job.say(report(checks, job.lang, facts).rstrip("\n"))
    return 0 if passed(checks) else 1
