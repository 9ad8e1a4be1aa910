"""Reassigning a review when its inspector is away (R-QA-1): only by the roles of the rules
file, only while not yet scored, never to the agent's own team, within the inspector's
monthly capacity, with a reason — and the plan's quotas are kept (only the inspector
changes)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from serviq.errors import Conflict, InvalidInput, PermissionDenied
from serviq.qa.reassignment import check_reassign, reassign
from serviq.qa.reviews import Actor, Review, score
from serviq.qa.ruleset import ReassignmentRules

AT = dt.datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DORA = Actor("D1", "department_director")
QUINN = Actor("Q1", "qa_inspector", "T3")
GOOD = {
    "service_language": 5, "attitude": 4, "tone": 4, "needs_summary": 3, "adaptability": 3,
    "greeting_closing": "yes", "identity_verification": "yes", "confidentiality": "yes",
}  # fmt: skip


@pytest.fixture
def assigned(card) -> Review:
    return Review("R1", "I001", "A001", "T1", "Q1", card.key)


def check(review, rules, actor=DORA, to="Q2", team="T3", load=10, text="Q1 on leave"):
    return check_reassign(
        review, actor, to, team, month="2026-03", load=load, rules=rules, text=text
    )


def test_the_department_director_gives_it_to_another_inspector(assigned, rules) -> None:
    done = reassign(
        assigned, actor=DORA, to="Q2", to_team="T3", month="2026-03", load=10, rules=rules,
        at=AT, text="Q1 on leave",
    )  # fmt: skip
    assert done.inspector_id == "Q2"
    # the quota is kept: the same agent, interaction and month
    assert (done.agent_id, done.interaction_id, done.id) == ("A001", "I001", "R1")
    ev = done.history[-1]
    assert (ev.action, ev.before, ev.after, ev.actor, ev.note) == (
        "reassign", "Q1", "Q2", "D1", "Q1 on leave"
    )  # fmt: skip


def test_an_inspector_may_not_unless_the_rules_file_says_so(assigned, rules) -> None:
    d = check(assigned, rules, actor=QUINN)
    assert d.codes == ["review.reassign_role"]
    assert d.reasons[0].kind == "permission"
    lead = rules.model_copy(
        update={"reassignment": ReassignmentRules(by=("qa_inspector", "department_director"))}
    )
    assert check(assigned, lead, actor=QUINN).ok


def test_a_scored_review_stays_with_its_inspector(card, assigned, rules) -> None:
    scored, _ = score(assigned, card, actor=QUINN, at=AT, ratings=GOOD)
    assert check(scored, rules).codes == ["review.bad_transition"]
    with pytest.raises(Conflict):
        reassign(scored, actor=DORA, to="Q2", to_team="T3", month="2026-03", load=1, rules=rules,
                 at=AT, text="away")  # fmt: skip


def test_never_to_the_agents_own_team_nor_past_capacity(assigned, rules) -> None:
    assert check(assigned, rules, team="T1").codes == ["plan.own_team"]
    cap = rules.sampling.inspector_capacity
    assert check(assigned, rules, load=cap - 1).ok
    full = check(assigned, rules, load=cap)
    assert full.codes == ["review.inspector_full"]
    assert f"the capacity is {cap}" in full.reasons[0].message("en")


def test_a_reason_and_another_inspector_are_needed(assigned, rules) -> None:
    assert check(assigned, rules, text=" ").codes == ["review.reassign_no_reason"]
    assert check(assigned, rules, to="Q1").codes == ["review.reassign_same"]
    with pytest.raises(InvalidInput):
        reassign(assigned, actor=DORA, to="Q2", to_team="T3", month="2026-03", load=1,
                 rules=rules, at=AT, text="")  # fmt: skip
    with pytest.raises(PermissionDenied):
        reassign(assigned, actor=QUINN, to="Q2", to_team="T3", month="2026-03", load=1,
                 rules=rules, at=AT, text="away")  # fmt: skip
