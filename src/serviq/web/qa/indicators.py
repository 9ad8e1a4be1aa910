"""The QA values the indicator system reads (its ``qa_item`` bindings): the month's
summary of the reviews (``serviq.qa.training.monthly_summary``), centre-wide or per team."""

from __future__ import annotations

import math
from collections.abc import Sequence

from serviq.qa.training import monthly_summary
from serviq.web.qa import core
from serviq.web.qa.models import Review

SCORED = ("scored", "disputed", "decided")


def qa_item_values(period: str, team: str = "") -> dict[str, float]:
    """``total`` (the mean review score) and every item and section code → the month's mean
    on 0–100 over the scored reviews of ``period`` (one team's when ``team`` is given)."""
    qs = Review.objects.filter(month=period, status__in=SCORED).select_related(
        "interaction", "agent", "agent_team", "inspector"
    )
    if team:
        qs = qs.filter(agent_team__code=team)
    scored = core.scored_frame(qs)
    if scored.empty:
        return {}
    summary = monthly_summary(scored, period, core.rules().evaluation, card=core.card())
    return {k: v for k, v in summary.qa_item_values().items() if math.isfinite(v)}


def binding_value(values: dict[str, float], refs: Sequence[str]) -> float | None:
    """A ``qa_item`` binding's value: the mean of its references that have data."""
    got = [values[r] for r in refs if r in values]
    return sum(got) / len(got) if got else None
