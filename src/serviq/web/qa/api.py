"""QA endpoints of the JSON API (``/api/qa/...``): the same access functions and the same
core as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from serviq.web.dashboard import records
from serviq.web.qa import access, views

router = Router(tags=["qa"])


class ErrorOut(Schema):
    detail: str
    error: dict[str, Any]


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ReviewOut(Schema):
    code: str
    month: str
    interaction: str
    channel: str
    contact_type: str
    queue: str
    agent: str
    team: str | None
    inspector: str
    status: str
    score: float | None
    disputed: bool


class ReviewDetailOut(ReviewOut):
    scorecard: str
    ratings: dict[str, float | None] | None
    comments: dict[str, str]
    result: dict[str, Any] | None
    dispute_reason: str
    ruling: dict[str, Any] | None


class ProgressOut(Schema):
    agent: str
    team: str | None
    quota: int
    done: int
    expected: int
    behind: bool
    at_risk: bool


class AssignmentsOut(Schema):
    month: str
    inspector: str
    reviews: list[ReviewOut]
    progress: list[ProgressOut]
    done_share: float | None
    notes: list[dict[str, Any]]


class AgentScoreOut(Schema):
    agent: str
    team: str | None
    n: int
    score: float
    sd: float | None
    lower: float | None
    upper: float | None
    pooled_lower: float | None
    pooled_upper: float | None
    reliability: float | None
    single_review: bool


class ScoresOut(Schema):
    month: str
    team: str
    n_reviews: int
    agents: list[AgentScoreOut]
    rankable: bool | None
    notes: list[dict[str, Any]]
    pareto: list[dict[str, Any]]


def _month(value: str | None) -> str | None:
    return records.checked({"period": value or ""}, ("period",)).get("period")


@router.get(
    "/assignments",
    response={200: AssignmentsOut, **ERRORS},
    summary="The QA inspector's reviews of the month and their progress",
)
def assignments(request: HttpRequest, month: str | None = None) -> Any:
    return views.assignments_data(request.user, _month(month))


@router.get(
    "/reviews",
    response={200: list[ReviewOut], **ERRORS},
    summary="The QA reviews in your scope (an agent: their own)",
)
def reviews(request: HttpRequest, month: str | None = None, agent: str | None = None) -> Any:
    qs = access.reviews_for(request.user)
    month = _month(month)
    if month:
        qs = qs.filter(month=month)
    if agent:
        agent = records.checked({"agent": agent}, ("agent",))["agent"]
        qs = qs.filter(agent__code=agent)
    return [views.review_row(r) for r in qs[:5000]]


@router.get(
    "/reviews/{code}",
    response={200: ReviewDetailOut, **ERRORS},
    summary="One QA review with its ratings, dispute and decision",
)
def review(request: HttpRequest, code: str) -> Any:
    row, _ = access.get_review_for(request.user, code)
    return {
        **views.review_row(row),
        "scorecard": row.scorecard,
        "ratings": row.ratings,
        "comments": row.comments,
        "result": row.result,
        "dispute_reason": row.dispute_reason,
        "ruling": row.ruling,
    }


@router.get(
    "/scores",
    response={200: ScoresOut, **ERRORS},
    summary="Agents' monthly QA scores with intervals, the ranking warning and the defect Pareto",
)
def scores(request: HttpRequest, month: str | None = None, team: str | None = None) -> Any:
    asked = records.checked({"team": team or ""}, ("team",)).get("team")
    return views.scores_data(request.user, _month(month), asked)
