"""The empty registers in workbook/ are what `socpass new` writes today (a stale copy misleads)."""

import importlib.util
from pathlib import Path

WORKBOOK_DIR = Path(__file__).resolve().parents[1] / "workbook"


def test_committed_templates_are_fresh(tmp_path):
    # loaded by path: report_templates/ has a build_templates module of the same name
    spec = importlib.util.spec_from_file_location(
        "workbook_build_templates", WORKBOOK_DIR / "build_templates.py"
    )
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    for built in builder.main(tmp_path):
        committed = WORKBOOK_DIR / built.name
        assert committed.read_bytes() == built.read_bytes(), (
            f"workbook/{built.name} is stale: run python workbook/build_templates.py"
        )
