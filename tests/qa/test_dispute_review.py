"""A review's life: scored by the assigned inspector, disputed once by the reviewed agent,
decided by the agent's team lead or a director — each with a reason, each step audited.

Personas: Alice (A001, agent of T1), Bob (A002, agent of T2), Quinn (Q1, inspector),
Tess (L1, team lead of T1), Uma (L2, team lead of T2), Dora (D1, department director).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from serviq.errors import Conflict, InvalidInput, PermissionDenied
from serviq.qa.reviews import Actor, Review, check_dispute, decide, dispute, score

ZONE = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2026, 3, 10, 14, 0, tzinfo=ZONE)
ALICE = Actor("A001", "agent", "T1")
BOB = Actor("A002", "agent", "T2")
QUINN = Actor("Q1", "qa_inspector", "T3")
TESS = Actor("L1", "team_lead", "T1")
UMA = Actor("L2", "team_lead", "T2")
DORA = Actor("D1", "department_director", department_teams=frozenset({"T1", "T2"}))
GOOD = {
    "service_language": 5, "attitude": 4, "tone": 4, "needs_summary": 3, "adaptability": 3,
    "greeting_closing": "yes", "identity_verification": "yes", "confidentiality": "yes",
}  # fmt: skip


@pytest.fixture
def assigned(card) -> Review:
    return Review("R1", "I001", "A001", "T1", "Q1", card.key)


@pytest.fixture
def scored(card, assigned) -> Review:
    review, _ = score(assigned, card, actor=QUINN, at=AT, ratings=GOOD)
    return review


def test_the_assigned_inspector_scores_it(scored) -> None:
    assert scored.status == "scored"
    assert scored.score == pytest.approx(100 * (0.8 * 0.7 + 0.2 * 1))
    assert [e.action for e in scored.history] == ["score"]


def test_it_refuses_another_inspector(card, assigned) -> None:
    with pytest.raises(PermissionDenied, match="only the assigned inspector Q1"):
        score(assigned, card, actor=Actor("Q2", "qa_inspector"), at=AT, ratings=GOOD)


def test_it_refuses_a_low_score_without_a_comment(card, assigned) -> None:
    with pytest.raises(InvalidInput, match="a comment is required"):
        score(assigned, card, actor=QUINN, at=AT, ratings={**GOOD, "tone": 1})


def test_the_reviewed_agent_disputes_once_with_a_reason(scored) -> None:
    disputed = dispute(scored, actor=ALICE, at=AT, reason_text="the customer hung up first")
    assert disputed.status == "disputed"
    assert disputed.dispute is not None
    assert disputed.dispute.by == "A001"
    with pytest.raises(Conflict, match="already disputed"):
        dispute(disputed, actor=ALICE, at=AT, reason_text="again")


def test_it_refuses_a_dispute_by_anyone_but_the_reviewed_agent(scored) -> None:
    for someone in (BOB, TESS, QUINN):
        with pytest.raises(PermissionDenied, match="only the reviewed agent A001"):
            dispute(scored, actor=someone, at=AT, reason_text="unfair")


def test_it_refuses_a_dispute_without_a_reason(scored) -> None:
    d = check_dispute(scored, ALICE, "  ")
    assert d.codes == ["review.reason_required"]
    assert d.reasons[0].message("zh-Hant") == "申訴必須說明理由"


def test_it_refuses_a_dispute_before_scoring(assigned) -> None:
    with pytest.raises(Conflict, match="a review that is assigned cannot be disputed"):
        dispute(assigned, actor=ALICE, at=AT, reason_text="why")


def test_the_agents_team_lead_upholds_it(card, scored, rules) -> None:
    disputed = dispute(scored, actor=ALICE, at=AT, reason_text="unfair")
    decided = decide(
        disputed,
        card,
        actor=TESS,
        at=AT,
        reason_text="the recording confirms it",
        rules=rules.disputes,
    )
    assert decided.status == "decided"
    assert decided.ruling is not None
    assert decided.ruling.verdict == "upheld"
    assert decided.score == scored.score
    assert [e.action for e in decided.history] == ["score", "dispute", "decide:upheld"]
    with pytest.raises(Conflict, match="already disputed"):
        dispute(decided, actor=ALICE, at=AT, reason_text="once more")


def test_a_director_amends_it_and_it_is_rescored(card, scored, rules) -> None:
    disputed = dispute(scored, actor=ALICE, at=AT, reason_text="tone was fine")
    decided = decide(
        disputed, card, actor=DORA, at=AT, reason_text="tone was fine", rules=rules.disputes,
        ratings={**GOOD, "tone": 5},
    )  # fmt: skip
    assert decided.ruling is not None
    assert decided.ruling.verdict == "amended"
    assert decided.score == pytest.approx(100 * (0.8 * 0.75 + 0.2))
    assert decided.history[-1].before == f"{scored.score:.1f}"


def test_it_refuses_the_team_lead_of_another_team(card, scored, rules) -> None:
    disputed = dispute(scored, actor=ALICE, at=AT, reason_text="unfair")
    with pytest.raises(PermissionDenied, match="leads team T2, not the agent's team T1"):
        decide(disputed, card, actor=UMA, at=AT, reason_text="no", rules=rules.disputes)


def test_it_refuses_the_inspector_and_an_agent_as_deciders(card, scored, rules) -> None:
    disputed = dispute(scored, actor=ALICE, at=AT, reason_text="unfair")
    for who in (QUINN, BOB, ALICE):
        with pytest.raises(PermissionDenied, match="may not decide"):
            decide(disputed, card, actor=who, at=AT, reason_text="x", rules=rules.disputes)


def test_a_decision_needs_a_reason(card, scored, rules) -> None:
    disputed = dispute(scored, actor=ALICE, at=AT, reason_text="unfair")
    with pytest.raises(InvalidInput, match="a decision needs a reason"):
        decide(disputed, card, actor=TESS, at=AT, reason_text="", rules=rules.disputes)


def test_an_undisputed_review_cannot_be_decided(card, scored, rules) -> None:
    with pytest.raises(Conflict, match="cannot be decided"):
        decide(scored, card, actor=TESS, at=AT, reason_text="ok", rules=rules.disputes)


def test_an_agent_sees_only_their_own_reviews(scored) -> None:
    from serviq.qa.reviews import can_view

    assert can_view(scored, ALICE)
    assert not can_view(scored, BOB)
    assert can_view(scored, TESS)  # Alice's team lead
    assert not can_view(scored, UMA)  # another team's lead
    assert can_view(scored, QUINN)
    assert can_view(scored, Actor("Q2", "qa_inspector"))  # the weekly analysis covers all
    assert not can_view(scored, Actor("X1", "visitor"))
    assert can_view(scored, DORA)
    # a director of another department does not
    assert not can_view(
        scored, Actor("D2", "department_director", department_teams=frozenset({"T3"}))
    )


def test_an_agent_does_not_see_a_review_before_it_is_scored(assigned, scored) -> None:
    from serviq.qa.reviews import can_view

    assert not can_view(assigned, ALICE)  # the inspector's plan is not shown to the agent
    assert can_view(assigned, TESS)
    assert can_view(scored, ALICE)
