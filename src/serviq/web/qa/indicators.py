"""The QA values the indicator system reads (its ``qa_item`` bindings): the month's
summary of the reviews (``serviq.qa.training.monthly_summary``), centre-wide or per team.

:func:`summaries` is what :func:`serviq.web.dashboard.analysis.run_analysis` takes as
``qa``; the binding rule itself is the core's (``serviq.indicators.bindings.qa_value``)."""

from __future__ import annotations

import math

from serviq.qa.reviews import SCORED
from serviq.qa.training import monthly_summary
from serviq.web.qa import core
from serviq.web.qa.models import Review


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


def summaries() -> dict[tuple[str, str], dict[str, float]]:
    """``(period, scope) → qa_item_values`` for every month with scored reviews, for the
    centre (scope ``""``) and each team with reviews: ``run_analysis(qa=summaries())``."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    months = Review.objects.filter(status__in=SCORED).values_list("month", flat=True).distinct()
    for month in sorted(set(months)):
        out[(month, "")] = qa_item_values(month)
        teams = (
            Review.objects.filter(month=month, status__in=SCORED, agent_team__isnull=False)
            .values_list("agent_team__code", flat=True)
            .distinct()
        )
        for team in sorted(set(teams)):
            out[(month, team)] = qa_item_values(month, team)
    return out
