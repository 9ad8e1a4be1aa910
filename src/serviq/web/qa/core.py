"""Between the rows of :mod:`serviq.web.qa.models` and the values of :mod:`serviq.qa`.

The rules are the core's; this module only converts (a row ↔ a ``serviq.qa.reviews.Review``,
reviews → the scored table the evaluation functions read) and loads the rules and the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd

from serviq.qa import reviews as qa_reviews
from serviq.qa.ruleset import QaRules, load_qa_rules
from serviq.qa.scorecard import Scorecard, load_scorecard
from serviq.qa.scoring import score_table
from serviq.web.org.models import Person
from serviq.web.qa.models import Review


@lru_cache(maxsize=1)
def rules() -> QaRules:
    """The QA rules file in force (bundled, or ``SERVIQ_CONFIG_DIR/qa/rules.yaml``)."""
    return load_qa_rules()


@lru_cache(maxsize=1)
def card() -> Scorecard:
    """The scorecard in force (bundled, or ``SERVIQ_CONFIG_DIR/qa/scorecard.yaml``)."""
    return load_scorecard()


def actor_of(person: Person) -> qa_reviews.Actor:
    """The core's actor; a department director's carries the teams of their department."""
    from serviq.web.org.models import Team

    teams: frozenset[str] = frozenset()
    if person.role == "department_director" and person.department_id is not None:
        teams = frozenset(
            Team.objects.filter(department_id=person.department_id).values_list("code", flat=True)
        )
    return qa_reviews.Actor(
        id=person.code,
        role=person.role,
        team=person.team.code if person.team_id else None,
        department_teams=teams,
    )


def _at(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def to_core(row: Review) -> qa_reviews.Review:
    """The core's value of a stored review (its history stays in the row)."""
    from serviq.qa.scoring import parse_ratings, score_ratings

    ratings = None
    result = None
    if row.ratings is not None:
        ratings = parse_ratings(card(), row.ratings)
        result = score_ratings(card(), ratings)
    dispute = (
        qa_reviews.Dispute(row.agent.code, row.disputed_at, row.dispute_reason)
        if row.disputed_at is not None
        else None
    )
    ruling = None
    if row.ruling:
        r = row.ruling
        ruling = qa_reviews.Ruling(r["by"], r["role"], _at(r["at"]), r["verdict"], r["reason"])
    return qa_reviews.Review(
        id=row.code,
        interaction_id=row.interaction.interaction_id,
        agent_id=row.agent.code,
        agent_team=row.agent_team.code if row.agent_team_id else None,
        inspector_id=row.inspector.code,
        scorecard=row.scorecard,
        status=row.status,
        ratings=ratings,
        comments=dict(row.comments or {}),
        result=result,
        dispute=dispute,
        ruling=ruling,
    )


def event_dict(e: qa_reviews.Event) -> dict[str, Any]:
    return {**e.__dict__, "at": e.at.isoformat()}


def store(row: Review, new: qa_reviews.Review) -> None:
    """Copy the core's new state into the row (the caller saves inside its transaction)."""
    row.status = new.status
    row.scorecard = new.scorecard
    row.ratings = None if new.ratings is None else dict(new.ratings)
    row.comments = dict(new.comments or {})
    row.result = None if new.result is None else new.result.as_dict()
    row.score = new.score
    if new.dispute is not None:
        row.dispute_reason = new.dispute.reason
        row.disputed_at = new.dispute.at
    if new.ruling is not None:
        row.ruling = {**new.ruling.__dict__, "at": new.ruling.at.isoformat()}
    row.history = [*row.history, *(event_dict(e) for e in new.history)]


def scored_frame(rows: Iterable[Review]) -> pd.DataFrame:
    """Scored reviews as the table :mod:`serviq.qa.evaluation` and ``training`` read:
    ``review_id``, ``interaction_id``, ``agent_id``, ``team_id``, ``inspector_id``,
    ``reviewed_at``, one column per item, then ``score_table``'s ``score``, ``norm_*`` …"""
    c = card()
    recs = []
    for r in rows:
        if r.ratings is None:
            continue
        recs.append(
            {
                "review_id": r.code,
                "interaction_id": r.interaction.interaction_id,
                "agent_id": r.agent.code,
                "team_id": r.agent_team.code if r.agent_team_id else None,
                "inspector_id": r.inspector.code,
                "reviewed_at": r.scored_at,
                **{code: r.ratings.get(code) for code in c.item_codes},
            }
        )
    cols = ["review_id", "interaction_id", "agent_id", "team_id", "inspector_id", "reviewed_at"]
    frame = pd.DataFrame(recs, columns=[*cols, *c.item_codes])
    if frame.empty:
        return frame.assign(score=pd.Series(dtype=float), critical_failed=pd.Series(dtype=bool))
    for code in c.item_codes:
        frame[code] = frame[code].astype(object)
    return score_table(frame, c)


def parse(c: Scorecard, code: str, value: Any) -> float | None:
    """One rating on its item's scale (``serviq.qa.scoring.parse_rating``)."""
    from serviq.qa.scoring import parse_rating

    return parse_rating(c.item(code), value)
