"""The dashboard's QA indicators read the month's scored reviews (qa_item bindings)."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


def test_qa_item_values_by_hand(qa) -> None:
    """QA-S1 and QA-C1 score 72 (docs/qa.md's example); QA-S2 and QA-B1 have service items
    3, 3, 4, 3, 2 → S = (.5 + .5 + .75 + .5 + .25)/5 = .5 and score 100·(.8·.5 + .2) = 60."""
    from serviq.indicators.bindings import qa_value
    from serviq.indicators.model import Binding
    from serviq.web.qa.indicators import qa_item_values

    centre = qa_item_values("2026-10")
    assert centre["total"] == pytest.approx(66.0)
    assert centre["adaptability"] == pytest.approx(25.0)
    assert centre["service_language"] == pytest.approx(75.0)  # 5, 3, 3, 5
    assert qa_item_values("2026-10", "T1")["total"] == pytest.approx(66.0)
    assert qa_item_values("2026-10", "T2")["total"] == pytest.approx(60.0)
    assert qa_item_values("2026-09") == {}
    # a binding over three items is their mean: service_language 75; attitude 4, 3, 3, 4 →
    # 62.5; tone 4 everywhere → 75
    binding = Binding(source="qa_item", ref=["service_language", "attitude", "tone"])
    three = qa_value(binding, centre)
    assert three == pytest.approx((75 + 62.5 + 75) / 3)


def test_the_analysis_scores_the_qa_indicators(qa) -> None:
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.qa.indicators import summaries

    qa_values = summaries()
    assert set(qa_values) == {("2026-10", ""), ("2026-10", "T1"), ("2026-10", "T2"),
                              ("2026-10", "T3")}  # fmt: skip
    run_analysis(qa=qa_values)
    rows = IndicatorResult.objects.filter(period="2026-10", team_code="", source="reviews")
    values = {r.code: r.value for r in rows if r.value is not None}
    assert pytest.approx(66.0) in values.values()
