"""The demo's indicator data (scope 7 of issue 18): every month of the generated centre has
checklist rounds, hand-entered values and system months, so the indicators they value have
a value in every demo period."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FILLED_EVERYWHERE = ("SITE_CHECK", "EQUIP_OK")  # every team and the centre
FILLED_AT_CENTRE = ("PROD_FIT", "SYS_AVAIL", "SYS_ISSUE")


def test_the_demo_values_the_checklist_manual_and_system_indicators_in_every_period(
    fresh,
) -> None:
    from serviq.demo import generate
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.demo import load_centre
    from serviq.web.indicatordata.demo import load_demo_indicator_data
    from serviq.web.workforce.models import Violation

    load_centre(generate(months=2, scale=0.02, seed=5, start="2026-09-01"))
    counts = load_demo_indicator_data(seed=18)
    assert counts["rounds"] > 0
    assert counts["systems"] > 0
    assert Violation.objects.filter(kind="workplace_standard").exists()
    run_analysis()
    periods = sorted(IndicatorResult.objects.values_list("period", flat=True).distinct())
    scopes = sorted(IndicatorResult.objects.values_list("team_code", flat=True).distinct())
    assert len(periods) >= 2
    assert len(scopes) > 2
    for period in periods:
        for scope in scopes:
            rows = dict(
                IndicatorResult.objects.filter(period=period, team_code=scope).values_list(
                    "code", "value"
                )
            )
            wanted = FILLED_EVERYWHERE + (FILLED_AT_CENTRE if scope == "" else ())
            for code in wanted:
                assert rows.get(code) is not None, (period, scope, code)
                assert 0 <= rows[code] <= 1, (period, scope, code)
    ev = evaluation()
    assert ev is not None
    stored = IndicatorResult.objects.get(period=periods[-1], team_code="", code="SYS_AVAIL")
    assert stored.value == ev.get(periods[-1], "").values["SYS_AVAIL"]
