"""A review's life: assigned → scored → (disputed → decided).

::

    assigned ──score (the assigned inspector)──▶ scored
    scored ──dispute (the reviewed agent, once, with a reason)──▶ disputed
    disputed ──decide (the agent's team lead or a director, with a reason)──▶ decided

A decision either ``upholds`` the score or ``amends`` it with new ratings (rescored on the
same form). A decided review cannot be disputed again: one dispute per review. Every step
appends an :class:`Event` (who, role, what, before, after, when, note) to ``history``, which
the web stores as its audit trail. The rules are pure functions returning a
:class:`~serviq.qa.decisions.Decision`; the actions (:func:`score`, :func:`dispute`,
:func:`decide`) raise PermissionDenied / Conflict / InvalidInput when a rule refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from serviq.qa.decisions import Decision, Reason, reason
from serviq.qa.ruleset import DisputeRules
from serviq.qa.scorecard import Scorecard
from serviq.qa.scoring import Rating, ReviewScore, check_submission, parse_ratings, score_ratings

Status = Literal["assigned", "scored", "disputed", "decided"]
Verdict = Literal["upheld", "amended"]


#: The statuses of a review that has a score (what an agent may see of their own).
SCORED: tuple[Status, ...] = ("scored", "disputed", "decided")


@dataclass(frozen=True)
class Actor:
    """Who acts: a person id, their role, (for agents and team leads) their team and (for
    a department director) the teams of their department."""

    id: str
    role: str
    team: str | None = None
    department_teams: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    actor: str
    role: str
    action: str
    before: str
    after: str
    note: str = ""


@dataclass(frozen=True)
class Dispute:
    by: str
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Ruling:
    by: str
    role: str
    at: dt.datetime
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Review:
    """One QA review of one interaction of one agent, on one scorecard version."""

    id: str
    interaction_id: str
    agent_id: str
    agent_team: str | None
    inspector_id: str
    scorecard: str  # code@version
    status: Status = "assigned"
    ratings: Mapping[str, Rating] | None = None
    comments: Mapping[str, str] | None = None
    result: ReviewScore | None = None
    dispute: Dispute | None = None
    ruling: Ruling | None = None
    history: tuple[Event, ...] = ()

    @property
    def score(self) -> float | None:
        return None if self.result is None else self.result.score

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "interaction_id": self.interaction_id,
            "agent_id": self.agent_id,
            "agent_team": self.agent_team,
            "inspector_id": self.inspector_id,
            "scorecard": self.scorecard,
            "status": self.status,
            "ratings": dict(self.ratings or {}),
            "comments": dict(self.comments or {}),
            "score": self.score,
            "result": None if self.result is None else self.result.as_dict(),
            "dispute": None if self.dispute is None else self.dispute.__dict__,
            "ruling": None if self.ruling is None else self.ruling.__dict__,
            "history": [e.__dict__ for e in self.history],
        }


def _transition(review: Review, allowed: tuple[Status, ...], action: str) -> list[Reason]:
    if review.status in allowed:
        return []
    return [reason("review.bad_transition", status=review.status, action=action)]


# ---- rules -------------------------------------------------------------------------------
SEE_ALL_ROLES = frozenset({"qa_inspector", "centre_director", "analyst", "admin"})


@dataclass(frozen=True)
class ReviewScope:
    """Which reviews an actor sees, as data: the web turns it into a query filter
    (``serviq.web.qa.access``), :func:`can_view` applies it to one review.

    ``statuses`` limits the statuses (``None``: all); then ``everything``, or only the
    reviews of ``agent``, or only those of agents in ``teams``.
    """

    everything: bool = False
    agent: str | None = None
    teams: frozenset[str] = frozenset()
    statuses: tuple[Status, ...] | None = None

    def covers(self, review: Review) -> bool:
        if self.statuses is not None and review.status not in self.statuses:
            return False
        if self.everything:
            return True
        if self.agent is not None:
            return review.agent_id == self.agent
        return review.agent_team is not None and review.agent_team in self.teams


def review_scope(actor: Actor) -> ReviewScope:
    """Who sees which reviews: the reviewed agent their own, once scored (an assigned
    review is the inspector's plan, not shown to the agent); the agent's team lead the
    team's; a department director the department's teams'; the QA inspectors (the weekly
    analysis covers every team, R-QA-3), the centre director, analysts and admins all.
    Anyone else none; the web answers them 404."""
    if actor.role in SEE_ALL_ROLES:
        return ReviewScope(everything=True)
    if actor.role == "agent":
        return ReviewScope(agent=actor.id, statuses=SCORED)
    if actor.role == "team_lead":
        return ReviewScope(teams=frozenset({actor.team}) if actor.team else frozenset())
    if actor.role == "department_director":
        return ReviewScope(teams=actor.department_teams)
    return ReviewScope()


def can_view(review: Review, actor: Actor) -> bool:
    """Whether ``actor`` sees ``review``: :func:`review_scope` applied to it."""
    return review_scope(actor).covers(review)


def check_score(
    review: Review,
    card: Scorecard,
    actor: Actor,
    ratings: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
) -> Decision:
    """Only the assigned inspector scores an assigned review, with a valid form."""
    reasons = _transition(review, ("assigned",), "score")
    if actor.id != review.inspector_id:
        reasons.append(
            reason("review.not_assigned_inspector", inspector=review.inspector_id, actor=actor.id)
        )
    form = check_submission(card, ratings, comments)
    return Decision.of([*reasons, *form.reasons], notes=form.notes)


def check_dispute(review: Review, actor: Actor, text: str) -> Decision:
    """Once, only by the reviewed agent, with a reason, and only a scored review."""
    reasons: list[Reason] = []
    if actor.id != review.agent_id:
        reasons.append(reason("review.dispute_not_agent", agent=review.agent_id, actor=actor.id))
    if review.dispute is not None:
        reasons.append(reason("review.dispute_twice", at=review.dispute.at.isoformat()))
    else:
        reasons.extend(_transition(review, ("scored",), "dispute"))
    if not text.strip():
        reasons.append(reason("review.reason_required", what="dispute_reason"))
    return Decision.of(reasons)


def check_decide(review: Review, actor: Actor, text: str, rules: DisputeRules) -> Decision:
    """The agent's team lead or a director decides a disputed review, with a reason;
    neither the agent nor the inspector of the review may decide it."""
    reasons = _transition(review, ("disputed",), "decide")
    if actor.role not in rules.deciders:
        reasons.append(
            reason(
                "review.decider_role",
                allowed=", ".join(rules.deciders),
                actor=actor.id,
                role=actor.role,
            )
        )
    elif (
        actor.role == "team_lead"
        and rules.team_lead_own_team_only
        and review.agent_team is not None
        and actor.team != review.agent_team
    ):
        reasons.append(
            reason(
                "review.decider_other_team",
                actor=actor.id,
                actor_team=actor.team or "—",
                team=review.agent_team,
            )
        )
    if actor.id in (review.agent_id, review.inspector_id):
        reasons.append(reason("review.decider_is_party", actor=actor.id))
    if not text.strip():
        reasons.append(reason("review.reason_required", what="decision_reason"))
    return Decision.of(reasons)


# ---- actions -------------------------------------------------------------------------------
def score(
    review: Review,
    card: Scorecard,
    *,
    actor: Actor,
    at: dt.datetime,
    ratings: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
) -> tuple[Review, Decision]:
    """Submit the inspector's form; returns the scored review and the decision (its notes
    name critical failures)."""
    decision = check_score(review, card, actor, ratings, comments)
    decision.raise_if_refused()
    parsed = parse_ratings(card, ratings)
    result = score_ratings(card, parsed)
    event = Event(at, actor.id, actor.role, "score", review.status, "scored", f"{result.score:.1f}")
    done = replace(
        review,
        status="scored",
        ratings=parsed,
        comments=dict(comments or {}),
        result=result,
        scorecard=card.key,
        history=(*review.history, event),
    )
    return done, decision


def dispute(review: Review, *, actor: Actor, at: dt.datetime, reason_text: str) -> Review:
    """The reviewed agent disputes the score, once, with a reason."""
    check_dispute(review, actor, reason_text).raise_if_refused()
    event = Event(at, actor.id, actor.role, "dispute", review.status, "disputed", reason_text)
    return replace(
        review,
        status="disputed",
        dispute=Dispute(actor.id, at, reason_text),
        history=(*review.history, event),
    )


def decide(
    review: Review,
    card: Scorecard,
    *,
    actor: Actor,
    at: dt.datetime,
    reason_text: str,
    rules: DisputeRules,
    ratings: Mapping[str, Any] | None = None,
) -> Review:
    """Decide a dispute: uphold the score (no ``ratings``) or amend it with new ratings."""
    check_decide(review, actor, reason_text, rules).raise_if_refused()
    verdict: Verdict = "upheld"
    result, parsed = review.result, review.ratings
    if ratings is not None:
        form = check_submission(card, ratings, review.comments)
        # the decider's reason stands for the comments of the amended items
        Decision.of(
            [r for r in form.reasons if r.code != "review.comment_required"]
        ).raise_if_refused()
        parsed = parse_ratings(card, ratings)
        result = score_ratings(card, parsed)
        verdict = "amended"
    before = "—" if review.score is None else f"{review.score:.1f}"
    after = "—" if result is None else f"{result.score:.1f}"
    event = Event(at, actor.id, actor.role, f"decide:{verdict}", before, after, reason_text)
    return replace(
        review,
        status="decided",
        ratings=parsed,
        result=result,
        ruling=Ruling(actor.id, actor.role, at, verdict, reason_text),
        history=(*review.history, event),
    )
