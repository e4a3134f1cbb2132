"""Every socpass command on every malformed register of the corpus keeps the promise.

The corpus (`tests/corpus`) builds ~95 bad files by code; each goes through validate, summary,
flag, report, close-year and upgrade in one child process (2 GiB address space, 120 s per
command). A case the current code gets wrong is xfail(strict) with the defect as the reason, so
the fix turns it into an XPASS failure and the engineer removes the mark.

Run time: about 8.5 CPU-minutes in all (builds, 95 child processes, ~570 commands), so about
5 minutes on an idle two-core machine and 10 on a shared one; most of it is the report command
(~2 s a case) and the few sheets of 1,048,576 rows. `-m "not slow"` leaves the module out.
The case table with every command's outcome: `PYTHONPATH=tests:xl_functions python -m tests.corpus.report`.
"""

from __future__ import annotations

import shutil

import pytest
from corpus import CASES
from corpus.harness import describe, problems, run_corpus

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") is not None


def _param(name: str) -> pytest.param:
    case = CASES[name]
    marks = []
    if "soffice" in case.needs:
        marks += [
            pytest.mark.soffice,
            pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not installed"),
        ]
    if case.defect:
        marks.append(pytest.mark.xfail(strict=True, reason=case.defect))
    return pytest.param(name, marks=marks, id=name)


@pytest.fixture(scope="session")
def corpus_runs(request, tmp_path_factory):
    """Build the selected cases once and run them, two at a time."""
    selected = [
        item.callspec.params["name"]
        for item in request.session.items
        if item.nodeid.split("::")[0].endswith("test_bad_input_corpus.py")
        and hasattr(item, "callspec")
    ]
    wanted = [n for n in dict.fromkeys(selected) if SOFFICE or "soffice" not in CASES[n].needs]
    root = tmp_path_factory.mktemp("corpus")
    return run_corpus(root, wanted, workers=2, stop_early=True)


@pytest.mark.parametrize("name", [_param(n) for n in CASES])
def test_case_keeps_the_promise(name, corpus_runs):
    run = corpus_runs[name]
    assert run.built.error is None, f"{name} could not be built: {run.built.error}"
    found = problems(CASES[name], run)
    assert not found, (
        f"{name}: {CASES[name].description}\n"
        + "\n".join(f"{cmd}: {'; '.join(p)}" for cmd, p in found.items())
        + "\n"
        + describe(run)
    )


def test_corpus_is_large_enough():
    assert len(CASES) >= 60
