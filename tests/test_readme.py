"""The README is what a new user reads first: it must match what the commands do."""

from pathlib import Path

from socpass.cli import build_parser
from socpass.commands.setup_excel import readme_section

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_setup_steps_that_setup_excel_prints():
    for line in readme_section().splitlines():
        assert line in README, line


def test_every_command_is_documented():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"socpass {name}" in README, name


def test_ci_runs_the_readme_test_command_verbatim():
    command = (
        'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'
    )
    assert command in README
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_release_checklist_is_linked_and_runs_the_whole_path():
    assert "(docs/release-checklist.md)" in README
    checklist = (Path(__file__).resolve().parents[1] / "docs" / "release-checklist.md").read_text(
        encoding="utf-8"
    )
    for step in (
        "socpass doctor C:\\socpass\\check_ru.xlsm --excel",
        "Enable Content",
        "Debug → Compile VBAProject",
        '=SOCPASS_CHANGE(10;12;"ru")',
        "**Save**",
        "**Reopen**",
    ):
        assert step in checklist, step
