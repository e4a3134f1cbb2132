"""The vectorised core computes what the code before it computed (issue 15): on the demo school
of 300 and 3,000 pupils (two seeds each) and on a register with messy values, the frames read,
the findings (their text and order), the flags and the summary equal the fingerprints the earlier
code left in `reference/equivalence_v1.json` (see `reference/equivalence.py`)."""

from __future__ import annotations

import json

import pytest
from reference.equivalence import (
    FIXTURE,
    MESSY,
    WORKLOADS,
    fingerprint,
    workload_name,
    write_workload,
)

pytestmark = pytest.mark.slow

EXPECTED = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("pupils", "seed", "messy"), [*WORKLOADS, MESSY], ids=lambda v: str(v))
def test_the_register_reads_flags_and_sums_as_before(tmp_path, pupils, seed, messy):
    expected = EXPECTED[workload_name(pupils, seed, messy)]
    got = fingerprint(write_workload(tmp_path, pupils, seed, messy))
    for sheet, frame in expected["frames"].items():
        assert got["frames"][sheet] == frame, f"sheet {sheet} reads differently"
    assert got["frames"].keys() == expected["frames"].keys()
    assert got["settings"] == expected["settings"]
    assert got["findings"] == expected["findings"]
    assert got["flag"] == expected["flag"]
    assert got["summary"] == expected["summary"]


def test_the_messy_register_has_findings_and_is_refused():
    """The messy workload is messy: errors of several kinds, so the findings are compared for real."""
    messy = EXPECTED[workload_name(*MESSY)]
    assert messy["findings"]["count"] > 50
    assert messy["flag"]["exit"] == 1
