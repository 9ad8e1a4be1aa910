"""Reassigning a review (R-QA-1): when an inspector is away, a review not yet scored goes to
another inspector.

:func:`check_reassign` allows it when the actor's role is one of ``reassignment.by`` in
the QA rules file (by default the department director, the centre director and the
administrator; a centre whose QA lead is a ``qa_inspector`` adds that role), the review is
still ``assigned``, the new inspector is another one, does not belong to the agent's team
(``sampling.no_own_team``, :func:`serviq.qa.sampling.check_assignment`) and has room in the
month (``sampling.inspector_capacity``), and a reason is given. The plan's quotas are kept:
only the inspector changes — the agent, the interaction and the month stay, so every
agent's number of reviews is what the plan drew. :func:`reassign` returns the review with
the new inspector and an :class:`~serviq.qa.reviews.Event` in its history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from serviq.qa.decisions import Decision, reason
from serviq.qa.reviews import Actor, Event, Review, _transition
from serviq.qa.ruleset import QaRules
from serviq.qa.sampling import check_assignment


def check_reassign(
    review: Review,
    actor: Actor,
    to: str,
    to_team: str | None,
    *,
    month: str,
    load: int,
    rules: QaRules,
    text: str,
) -> Decision:
    """Whether ``actor`` may give ``review`` to inspector ``to`` (of team ``to_team``, with
    ``load`` reviews already in ``month``)."""
    reasons = []
    if actor.role not in rules.reassignment.by:
        allowed = ", ".join(rules.reassignment.by)
        reasons.append(reason("review.reassign_role", allowed=allowed, role=actor.role))
    reasons += _transition(review, ("assigned",), "reassign")
    if to == review.inspector_id:
        reasons.append(reason("review.reassign_same", inspector=to))
    reasons += check_assignment(to, to_team, review.agent_id, review.agent_team, rules.sampling)
    capacity = rules.sampling.inspector_capacity
    if load >= capacity:
        reasons.append(
            reason("review.inspector_full", inspector=to, load=load, month=month, capacity=capacity)
        )
    if not text.strip():
        reasons.append(reason("review.reassign_no_reason"))
    return Decision.of(reasons)


def reassign(
    review: Review,
    *,
    actor: Actor,
    to: str,
    to_team: str | None,
    month: str,
    load: int,
    rules: QaRules,
    at: dt.datetime,
    text: str,
) -> Review:
    """The review given to ``to``; raises the error of the first refusal."""
    check_reassign(
        review, actor, to, to_team, month=month, load=load, rules=rules, text=text
    ).raise_if_refused()
    event = Event(at, actor.id, actor.role, "reassign", review.inspector_id, to, text.strip())
    return replace(review, inspector_id=to, history=(*review.history, event))
