"""Agent monthly scores with intervals, the variance components behind the ranking warning,
trends and the Pareto of defects — against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from serviq.qa.evaluation import agent_scores, components, defect_pareto, trend, week_of
from serviq.qa.ruleset import EvaluationRules
from serviq.qa.scoring import score_table

# three agents: A has 3 reviews, B 2, C 1
SCORES = pd.DataFrame(
    {
        "agent_id": ["A", "A", "A", "B", "B", "C"],
        "team_id": ["T1", "T1", "T1", "T2", "T2", "T1"],
        "score": [80.0, 90.0, 85.0, 60.0, 70.0, 75.0],
    }
)


def test_components_by_hand() -> None:
    # means: A 85, B 65, C 75; grand = 460/6; N = 6, J = 3
    grand = 460 / 6
    ssb = 3 * (85 - grand) ** 2 + 2 * (65 - grand) ** 2 + (75 - grand) ** 2
    ssw = (25 + 25 + 0) + (25 + 25) + 0
    msb, msw = ssb / 2, ssw / 3
    n0 = (6 - (9 + 4 + 1) / 6) / 2
    c = components(SCORES["score"], SCORES["agent_id"])
    assert (c.MSB, c.MSW, c.n0) == pytest.approx((msb, msw, n0))
    assert c.between == pytest.approx((msb - msw) / n0)
    assert c.reliability(2) == pytest.approx(c.between / (c.between + msw / 2))
    r = 0.7
    assert c.needed(r) == pytest.approx(r / (1 - r) * msw / c.between)


def test_t_interval_per_agent_and_the_pooled_interval_for_a_single_review() -> None:
    res = agent_scores(SCORES, EvaluationRules())
    t = res.table.set_index("agent")
    # A: mean 85, sd = 5; the logit interval on 0–1 with se = .05/√3, back on 0–100
    c, se = stats.t.ppf(0.975, 2), 0.05 / math.sqrt(3)
    half = c * se / (0.85 * 0.15)
    lo, hi = (100 / (1 + math.exp(-(math.log(0.85 / 0.15) + s * half))) for s in (-1, 1))
    assert (t.loc["A", "lower"], t.loc["A", "upper"]) == pytest.approx((lo, hi))
    assert math.isnan(t.loc["C", "lower"])
    assert bool(t.loc["C", "single_review"])
    c, se = stats.t.ppf(0.975, 3), math.sqrt(100 / 3 / 1) / 100  # MSW = 100/3, df = N − J = 3
    half = c * se / (0.75 * 0.25)
    lo, hi = (100 / (1 + math.exp(-(math.log(3) + s * half))) for s in (-1, 1))
    assert (t.loc["C", "pooled_lower"], t.loc["C", "pooled_upper"]) == pytest.approx((lo, hi))
    assert t.loc["A", "team"] == "T1"


def test_too_few_reviews_to_rank_agents_are_flagged() -> None:
    rng = np.random.default_rng(0)
    agents = np.repeat([f"A{i}" for i in range(20)], 2)
    true = np.repeat(rng.normal(80, 2, 20), 2)
    noisy = pd.DataFrame({"agent_id": agents, "score": true + rng.normal(0, 10, 40)})
    res = agent_scores(noisy, EvaluationRules())
    assert not res.rankable
    codes = [n.code for n in res.notes]
    assert "evaluation.too_few_to_rank" in codes
    assert res.reliability < 0.7
    msg = res.notes[0].message("en")
    assert "do not rank agents" in msg
    # many reviews of clearly different agents: no warning
    agents = np.repeat([f"A{i}" for i in range(8)], 12)
    true = np.repeat(np.arange(8) * 5.0 + 50, 12)
    clear = pd.DataFrame({"agent_id": agents, "score": true + rng.normal(0, 2, 96)})
    ok = agent_scores(clear, EvaluationRules())
    assert ok.rankable, [n.message("en") for n in ok.notes]
    assert ok.reliability > 0.95


def test_trend_per_team_and_for_the_centre() -> None:
    df = SCORES.assign(month=["2026-02", "2026-03", "2026-03", "2026-02", "2026-03", "2026-03"])
    centre = trend(df).set_index("month")
    assert centre.loc["2026-03", "n"] == 4
    assert centre.loc["2026-03", "score"] == pytest.approx((90 + 85 + 70 + 75) / 4)
    teams = trend(df, by="team_id").set_index(["month", "team_id"])
    assert teams.loc[("2026-03", "T1"), "score"] == pytest.approx((90 + 85 + 75) / 3)
    assert math.isnan(teams.loc[("2026-02", "T2"), "lower"])  # one review: no interval


def test_week_of_uses_the_centres_zone() -> None:
    # Sunday 2026-03-08 17:00 UTC is Monday 2026-03-09 01:00 in Shanghai: ISO week 11
    s = pd.Series(pd.to_datetime(["2026-03-08T17:00:00+00:00"]))
    assert week_of(s).tolist() == ["2026-W11"]


def test_pareto_counts_defects_and_skips_na(card) -> None:
    base = {
        "service_language": 5, "attitude": 5, "tone": 5, "needs_summary": 5, "adaptability": 5,
        "greeting_closing": "yes", "identity_verification": "yes", "confidentiality": "yes",
    }  # fmt: skip
    rows = [
        {**base, "tone": 4, "adaptability": 3},
        {**base, "tone": 3, "identity_verification": "N.A."},
        {**base, "tone": 2, "greeting_closing": "no", "identity_verification": "N.A."},
    ]
    scored = score_table(pd.DataFrame(rows).assign(agent_id="A"), card)
    p = defect_pareto(scored, card, defect_below=1.0).set_index("item")
    assert p.loc["tone", "defects"] == 3
    assert p.loc["adaptability", "defects"] == 1
    assert p.loc["greeting_closing", "defects"] == 1
    assert (p.loc["identity_verification", "defects"], p.loc["identity_verification", "rated"]) == (
        0,
        1,
    )
    assert list(p.index[:1]) == ["tone"]
    assert p["cumulative"].iloc[-1] == pytest.approx(1.0)
    assert p.loc["tone", "share"] == pytest.approx(3 / 5)
