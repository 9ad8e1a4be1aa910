"""The demo survey is what the screening step expects: it finds the planted weak items.

This is the demo's side of issue 3's "serviq survey screen on the bundled demo data
recovers the planted structure": TAN5 (mostly noise) and EMP5 (cross-loading) are dropped,
every other SERVQUAL item is kept.
"""

from __future__ import annotations

import pytest

from serviq.demo import DemoData

screening = pytest.importorskip(
    "serviq.survey.screening", reason="the survey screening is not installed"
)
questionnaire = pytest.importorskip(
    "serviq.survey.questionnaire", reason="the questionnaire model is not installed"
)


def test_screening_drops_exactly_the_planted_weak_items(fortnight: DemoData) -> None:
    q = questionnaire.load_questionnaire()
    answers = fortnight.survey_responses.drop(columns=["COMMENT"])
    result = screening.screen(answers, q)
    decisions = {d.item: d.decision for d in result.decisions}
    assert decisions["TAN5"] == "drop"
    assert decisions["EMP5"] == "drop"
    servqual = [f"{d}{i}" for d in ("TAN", "REL", "RES", "ASS", "EMP") for i in range(1, 5)]
    assert all(decisions[i] == "keep" for i in servqual), {i: decisions[i] for i in servqual}
