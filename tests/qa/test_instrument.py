"""The scorecard as a measurement instrument: section reliability, and whether QA predicts
the customer's CSAT on the same contacts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from serviq.qa.instrument import csat_validity, pearson_ci, section_reliability
from serviq.qa.scoring import score_table
from serviq.survey.reliability import reliability


def reviews(n: int = 60, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    skill = rng.normal(0, 1, n)
    items = ["service_language", "attitude", "tone", "needs_summary", "adaptability"]
    df = pd.DataFrame(
        {
            it: np.clip(np.round(3.5 + skill + rng.normal(0, 0.6, n)), 1, 5).astype(int)
            for it in items
        }
    )
    df["greeting_closing"] = np.where(rng.random(n) < 0.9, "yes", "no")
    df["identity_verification"] = "yes"
    df["confidentiality"] = "yes"
    df["agent_id"] = "A"
    df["interaction_id"] = [f"I{i}" for i in range(n)]
    return df


def test_section_alpha_is_the_survey_modules_alpha_of_the_normalised_items(card) -> None:
    scored = score_table(reviews(), card)
    rel = section_reliability(scored, card)
    cols = [f"norm_{i.code}" for i in card.sections[0].items]
    expected = reliability(scored[cols], cols, lo=0.0, hi=1.0).raw_alpha
    assert rel["service"]["raw_alpha"] == pytest.approx(expected)
    assert rel["service"]["raw_alpha"] > 0.8
    # identity_verification never varies: left out of the compliance scale, which then
    # has too few varying items
    assert "identity_verification" not in rel["all"]["items_used"]
    assert math.isnan(rel["compliance"]["raw_alpha"])


def test_pearson_interval_by_hand() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=50)
    y = x + rng.normal(size=50)
    c = pearson_ci(x, y, "x")
    r = np.corrcoef(x, y)[0, 1]
    h = stats.norm.ppf(0.975) / math.sqrt(47)
    assert (c.r, c.lower, c.upper) == pytest.approx(
        (r, math.tanh(math.atanh(r) - h), math.tanh(math.atanh(r) + h))
    )
    assert c.p == pytest.approx(stats.pearsonr(x, y).pvalue)


def test_qa_scores_that_drive_csat_show_it(card) -> None:
    scored = score_table(reviews(seed=2), card)
    csat = pd.DataFrame(
        {
            "interaction_id": scored["interaction_id"],
            "csat": np.clip(np.round(1 + 4 * scored["score"] / 100), 1, 5),
        }
    )
    csat = pd.concat([csat, pd.DataFrame({"interaction_id": ["X1"], "csat": [5]})])  # no review
    v = csat_validity(scored, csat, card)
    assert v.n == len(scored)
    by = {c.name: c for c in v.correlations}
    assert by["score"].r > 0.9
    assert v.slope_ci[0] > 0
    x = scored["score"].to_numpy() / 100
    lr = stats.linregress(x, csat["csat"].iloc[:-1].to_numpy(float))
    assert (v.slope, v.intercept) == pytest.approx((lr.slope, lr.intercept))
    assert math.isnan(by["identity_verification"].r)  # constant: no correlation
