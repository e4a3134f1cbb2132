"""The custom functions reuse a parsed table across calls, and never a stale one."""

from __future__ import annotations

import pytest
from socpass.core.passport import count_metrics
from socpass.excel import udfs
from socpass.excel.udfs import SOCPASS_COUNT, SOCPASS_SUMMARY
from support.passport import history_frame, history_values, pupils_values, synthetic_pupils


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The sheet keys parsed by the reader during the test (the cache starts empty)."""
    udfs._parsed.cache_clear()
    seen: list[str] = []
    read_table = udfs.read_table

    def counting(sheet, values, name):
        seen.append(sheet.key)
        return read_table(sheet, values, name)

    monkeypatch.setattr(udfs, "read_table", counting)
    yield seen
    udfs._parsed.cache_clear()


def test_thirty_counts_on_one_table_parse_it_once(parses):
    school = synthetic_pupils(300, seed=3)
    values = pupils_values(school, "kk")
    counts = count_metrics(school)
    metrics = ["single_parent", "large_family", "low_income", "orphan", "disability"] * 3
    for metric in metrics:
        assert SOCPASS_COUNT(values, metric) == counts[metric].pupils
        assert SOCPASS_COUNT([list(r) for r in values], metric, "pupils", None) == (
            counts[metric].pupils
        )
    assert parses == ["pupils"]


def test_an_edited_cell_is_counted_at_the_next_call(parses):
    school = synthetic_pupils(60, seed=5)
    values = pupils_values(school, "ru")
    col = values[0].index("Сирота")
    before = SOCPASS_COUNT(values, "orphan")
    row = next(r for r in values[1:] if r[col] in (None, "", "жоқ"))
    row[col] = "да"  # edited in place, as Excel hands over the same range again
    assert SOCPASS_COUNT(values, "orphan") == before + 1
    row[col] = "может быть"
    assert "«может быть»" in SOCPASS_COUNT(values, "orphan")
    assert parses == ["pupils", "pupils", "pupils"]


def test_true_and_one_are_not_the_same_table(parses):
    """TRUE == 1 == 1.0 in Python, yet in a count column TRUE is an error and 1 is one."""
    pupils = pupils_values(synthetic_pupils(20, seed=7), "kk")
    history = history_values(
        history_frame([("2024-2025", "orphan", 1, None), ("2024-2025", "low_income", 3, 2)]), "kk"
    )
    assert history[1][2] == 1
    good = SOCPASS_SUMMARY(pupils, history, "2025-2026")
    assert not str(good[0][0]).startswith("#SOCPASS")
    history[1][2] = True
    bad = SOCPASS_SUMMARY(pupils, history, "2025-2026")
    assert bad[0][0].startswith("#SOCPASS: 2-жол") and "TRUE" in bad[0][0]
    history[1][2] = 1.0
    assert SOCPASS_SUMMARY(pupils, history, "2025-2026") == good
