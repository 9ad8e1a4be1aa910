"""Properties of the review score: within 0–100, and it never falls when one item improves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.qa.scorecard import load_scorecard
from serviq.qa.scoring import score_ratings

CARD = load_scorecard()


@st.composite
def ratings(draw: st.DrawFn) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for it in CARD.items:
        values: list[float | None] = [float(v) for v in range(it.scale.min, it.scale.max + 1)]
        if it.allow_na:
            values.append(None)
        out[it.code] = draw(st.sampled_from(values))
    return out


@settings(max_examples=200, deadline=None)
@given(r=ratings(), which=st.sampled_from(CARD.item_codes))
def test_score_is_a_percentage_that_never_falls_when_an_item_improves(r, which) -> None:
    before = score_ratings(CARD, r).score
    assert 0.0 <= before <= 100.0
    item = CARD.item(which)
    v = r[which]
    if v is not None and v < item.scale.max:
        after = score_ratings(CARD, {**r, which: v + 1}).score
        assert after >= before - 1e-9


@settings(max_examples=100, deadline=None)
@given(r=ratings())
def test_all_top_marks_score_100_and_a_confidentiality_failure_scores_0(r) -> None:
    top = {it.code: float(it.scale.max) for it in CARD.items}
    assert score_ratings(CARD, top).score == 100.0
    assert score_ratings(CARD, {**r, "confidentiality": 0.0}).score == 0.0
