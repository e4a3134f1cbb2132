"""The empty registers in workbook/ are what `socpass new` writes today (a stale copy misleads)."""

from support.scripts import REPO, load_script


def test_committed_templates_are_fresh(tmp_path):
    builder = load_script("workbook/build_templates.py")
    for built in builder.main(tmp_path):
        committed = REPO / "workbook" / built.name
        assert committed.read_bytes() == built.read_bytes(), (
            f"workbook/{built.name} is stale: run python workbook/build_templates.py"
        )
