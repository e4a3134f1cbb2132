"""The early warning on the synthetic demo school: plausible shares, a reason for every flag."""

from __future__ import annotations

from datetime import date

import pytest
from socpass.core.register import RegisterData
from socpass.core.risk import flag, tier_summary
from socpass.demo import generate_demo

# Mid-year (latest complete month February) and the end of the year.
DAYS = [date(2026, 3, 10), date(2026, 6, 1)]


@pytest.fixture(scope="module")
def demo() -> RegisterData:
    frames, settings = generate_demo(1000, seed=2025)
    return RegisterData("kk", frames, settings)


@pytest.mark.parametrize("today", DAYS)
def test_share_at_risk_is_plausible(demo, today):
    summary = tier_summary(flag(demo, today))
    share = summary["flagged_share"]
    print(
        f"{today}: targeted {summary['tiers']['targeted']}, intensive {summary['tiers']['intensive']}, share {share:.1%}"
    )
    # A school's early-warning list holds a minority: a few percent to about a fifth of pupils.
    assert 0.03 <= share <= 0.20
    assert (
        summary["tiers"]["intensive"] < summary["tiers"]["targeted"] + summary["tiers"]["intensive"]
    )
    assert all(summary["indicators"][k] > 0 for k in ("attendance", "academic", "behaviour"))


@pytest.mark.parametrize("today", DAYS)
def test_every_flagged_pupil_has_a_reason_in_both_languages(demo, today):
    result = flag(demo, today)
    flagged = [p for p in result.pupils if p.flagged]
    assert flagged
    for p in flagged:
        assert p.reasons, p.pupil_id
        assert all(r.kk and r.ru and r.kk != r.ru for r in p.reasons)
        assert "nan" not in " ".join(r.ru for r in p.reasons).lower()
        if p.tier == "intensive":
            forced = any("ОДП" in r.ru or "КДН" in r.ru for r in p.reasons)
            assert forced or len(p.indicators) >= 2


def test_demo_plans_overdue_are_seen(demo):
    """The demo school's last supported pupil has a plan past its review date."""
    assert tier_summary(flag(demo, DAYS[1]))["plans_overdue"] >= 1


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_pupils_reasons_read_as_one_sentence(demo, lang):
    """Reasons are joined by '; ' into one sentence: no capital letter after a semicolon, except
    an abbreviation's («…; ІІБ есебінде тұр», «…; в 4-й четверти …»)."""
    from socpass.core.risk_reasons import render

    cells = [render(p.reasons, lang) for p in flag(demo, DAYS[1]).pupils if p.flagged]
    joined = [c for c in cells if "; " in c]
    assert joined
    for cell in joined:
        for part in cell.split("; ")[1:]:
            assert part[:1].islower() or part[:1].isdigit() or part[1:2].isupper(), cell
