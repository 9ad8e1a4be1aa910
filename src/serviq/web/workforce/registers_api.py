"""``/api/workforce/``: the registers of the operations room — roll calls, sign-offs, the
visitor log and meeting minutes — read and written with the same permissions, rules and
audit rows as their pages (the same :mod:`~serviq.web.workforce.actions`,
:mod:`~serviq.web.workforce.confidentiality` and :mod:`~serviq.web.workforce.minutes`
functions; a rule's refusal is a 409 with the core's reasons in ``error.details``).

| endpoint | read | write |
|---|---|---|
| ``/roll-calls``, ``/sign-offs`` (``?team=``) | team leads, directors, admin (their teams) | the team's lead |
| ``/visits``, ``/visits/{id}/left`` | team leads, directors, admin (their centre) | the same |
| ``/minutes`` (``?q=``) | everyone (their centre) | team leads, directors, admin |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema

from serviq.errors import InvalidInput, NotFound
from serviq.web.api import ERRORS, ErrorOut
from serviq.web.org import access, roles
from serviq.web.org.models import Team
from serviq.web.workforce import confidentiality, minutes, scope, shiftlog
from serviq.web.workforce import models as m
from serviq.web.workforce.api import router
from serviq.web.workforce.escalations import VISIT_ROLES
from serviq.workforce import meetings

WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}
TEXT = 4000


def _team(request: HttpRequest, code: str | None) -> Team:
    person = access.require(request.user, scope.APPROVERS)
    if not code:
        team = person.team or access.visible_teams(person).order_by("code").first()
        if team is None:
            raise InvalidInput("choose a team with ?team=")
        code = team.code
    return access.get_team_for(request.user, code, allowed=scope.APPROVERS)


def _aware(at: dt.datetime | None) -> dt.datetime:
    """The time given (in the centre's zone when it has no offset) in UTC; a missing time
    is now. Offsets PostgreSQL cannot store (beyond ±15:59) are only ever read, not kept."""
    if at is None:
        return timezone.now()
    local = at if at.tzinfo else at.replace(tzinfo=timezone.get_current_timezone())
    try:
        return local.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise InvalidInput(f"the time {at.isoformat()} is out of range") from None


def _shift(team: Team, code: str) -> m.Shift:
    shift = m.Shift.objects.filter(code=code, team=team).first()
    if shift is None:
        raise NotFound(f"no shift {code} in team {team.code}")
    return shift


# ---- roll call and sign-off (R-OPS-5) ----------------------------------------------------


class RollCallIn(Schema):
    team: str | None = Field(None, max_length=40)
    shift: str = Field(..., min_length=1, max_length=80)
    at: dt.datetime | None = None


class RollCallOut(Schema):
    id: int
    shift: str
    person: str
    arrived_at: dt.datetime
    on_time: bool
    reasons: list[dict[str, Any]]
    recorded_by: str


def _roll_call(rc: m.RollCall) -> dict[str, Any]:
    return {
        "id": rc.pk,
        "shift": rc.shift.code,
        "person": rc.person.code,
        "arrived_at": rc.arrived_at,
        "on_time": rc.on_time,
        "reasons": rc.reasons,
        "recorded_by": rc.recorded_by.code,
    }


@router.get(
    "/roll-calls",
    response={200: list[RollCallOut], **ERRORS},
    summary="A team's roll calls before the shift, latest first",
)
def list_roll_calls(
    request: HttpRequest, team: str | None = Query(None, max_length=40)
) -> list[dict[str, Any]]:
    t = _team(request, team)
    rows = m.RollCall.objects.filter(shift__team=t).select_related("shift", "person", "recorded_by")
    return [_roll_call(rc) for rc in rows[:200]]


@router.post(
    "/roll-calls",
    response={200: RollCallOut, **WRITE_ERRORS},
    summary="The team's lead records an agent's arrival for the roll call",
)
def create_roll_call(request: HttpRequest, body: RollCallIn) -> dict[str, Any]:
    lead = access.require(request.user, scope.LEADS)
    shift = _shift(_team(request, body.team), body.shift)
    row = shiftlog.record_roll_call(lead, shift, _aware(body.at), request=request)
    return _roll_call(row)


class SignOffIn(Schema):
    team: str | None = Field(None, max_length=40)
    shift: str = Field(..., min_length=1, max_length=80)
    relief: str = Field(..., min_length=1, max_length=40)
    at: dt.datetime | None = None


class SignOffOut(Schema):
    id: int
    shift: str
    person: str
    relief: str
    relief_arrived_at: dt.datetime | None
    signed_off_at: dt.datetime
    recorded_by: str


def _sign_off(so: m.SignOff) -> dict[str, Any]:
    return {
        "id": so.pk,
        "shift": so.shift.code,
        "person": so.person.code,
        "relief": so.relief.code,
        "relief_arrived_at": so.relief_arrived_at,
        "signed_off_at": so.signed_off_at,
        "recorded_by": so.recorded_by.code,
    }


@router.get(
    "/sign-offs",
    response={200: list[SignOffOut], **ERRORS},
    summary="A team's sign-offs at the end of the shift, latest first",
)
def list_sign_offs(
    request: HttpRequest, team: str | None = Query(None, max_length=40)
) -> list[dict[str, Any]]:
    t = _team(request, team)
    rows = m.SignOff.objects.filter(shift__team=t).select_related(
        "shift", "person", "relief", "recorded_by"
    )
    return [_sign_off(so) for so in rows[:200]]


@router.post(
    "/sign-offs",
    response={200: SignOffOut, **WRITE_ERRORS},
    summary="The team's lead signs off the outgoing agent once the relief has arrived",
)
def create_sign_off(request: HttpRequest, body: SignOffIn) -> dict[str, Any]:
    lead = access.require(request.user, scope.LEADS)
    shift = _shift(_team(request, body.team), body.shift)
    relief = scope.get_person(request.user, body.relief)
    row = shiftlog.sign_off(lead, shift, relief, _aware(body.at), request=request)
    return _sign_off(row)


# ---- visitor log (R-OPS-2) ---------------------------------------------------------------


class VisitIn(Schema):
    visitor: str = Field(..., max_length=200)
    organisation: str = Field("", max_length=200)
    purpose: str = Field(..., max_length=TEXT)
    approved_at: dt.datetime | None = None
    entered_at: dt.datetime | None = None


class LeftIn(Schema):
    at: dt.datetime | None = None


class VisitOut(Schema):
    id: int
    visitor: str
    organisation: str
    purpose: str
    approved_by: str
    approved_at: dt.datetime
    entered_at: dt.datetime
    left_at: dt.datetime | None


def _visit(v: m.Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "visitor": v.visitor,
        "organisation": v.organisation,
        "purpose": v.purpose,
        "approved_by": v.approved_by.code,
        "approved_at": v.approved_at,
        "entered_at": v.entered_at,
        "left_at": v.left_at,
    }


def _visits(request: HttpRequest) -> Any:
    person = access.require(request.user, VISIT_ROLES)
    return person, m.Visit.objects.filter(centre=person.centre).select_related("approved_by")


@router.get("/visits", response={200: list[VisitOut], **ERRORS}, summary="The visitor log")
def list_visits(request: HttpRequest) -> list[dict[str, Any]]:
    _, visits = _visits(request)
    return [_visit(v) for v in visits[:200]]


@router.post(
    "/visits",
    response={200: VisitOut, **WRITE_ERRORS},
    summary="A lead or director records a visit they approved",
)
def create_visit(request: HttpRequest, body: VisitIn) -> dict[str, Any]:
    person, _ = _visits(request)
    row = confidentiality.record_visit(
        person,
        body.visitor,
        body.organisation,
        body.purpose,
        _aware(body.approved_at),
        _aware(body.entered_at),
        request=request,
    )
    return _visit(row)


@router.post(
    "/visits/{visit_id}/left",
    response={200: VisitOut, **WRITE_ERRORS},
    summary="The time a visitor left the operations room",
)
def visit_left(request: HttpRequest, visit_id: int, body: LeftIn) -> dict[str, Any]:
    person, visits = _visits(request)
    visit = visits.filter(pk=visit_id).first() if 0 < visit_id < 2**31 else None
    if visit is None:
        raise NotFound("no such visit in your centre")
    return _visit(confidentiality.visitor_left(visit, person, _aware(body.at), request=request))


# ---- meeting minutes (R-OPS-3) -----------------------------------------------------------


class AnswerIn(Schema):
    question: str = Field(..., max_length=TEXT)
    answer: str = Field(..., max_length=TEXT)


class MinutesIn(Schema):
    kind: str = Field(..., max_length=32)
    date: dt.date
    notes: str = Field("", max_length=TEXT)
    decisions: str = Field("", max_length=TEXT)
    agreed_answers: list[AnswerIn] = Field(default_factory=list, max_length=50)
    business_changes: str = Field("", max_length=TEXT)


class MinutesOut(Schema):
    id: int
    kind: str
    date: dt.date
    chair: str
    notes: str
    decisions: list[str]
    agreed_answers: list[dict[str, str]]
    business_changes: list[str]


def _minutes(row: m.MeetingMinutes) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "date": row.date,
        "chair": row.chair.code,
        "notes": row.notes,
        "decisions": list(shiftlog.nonblank_lines(row.decisions)),
        "agreed_answers": row.agreed_answers,
        "business_changes": list(shiftlog.nonblank_lines(row.business_changes)),
    }


@router.get(
    "/minutes",
    response={200: list[MinutesOut], **ERRORS},
    summary="Meeting minutes; with q, those matching every term (Traditional or Simplified)",
)
def list_minutes(request: HttpRequest, q: str = Query("", max_length=200)) -> list[dict[str, Any]]:
    person = access.require(request.user, roles.ALL)
    rows = list(m.MeetingMinutes.objects.filter(centre=person.centre).select_related("chair"))
    if q.strip():
        hits = meetings.search_minutes([minutes.core_minutes(x) for x in rows], q.strip())
        found = {h.minutes for h in hits}
        rows = [x for x in rows if str(x.pk) in found]
    return [_minutes(x) for x in rows[:200]]


@router.post(
    "/minutes",
    response={200: MinutesOut, **WRITE_ERRORS},
    summary="A lead or director records the minutes of a meeting",
)
def create_minutes(request: HttpRequest, body: MinutesIn) -> dict[str, Any]:
    chair = access.require(request.user, scope.APPROVERS)
    row = minutes.record_minutes(
        chair,
        body.kind,
        body.date,
        notes=body.notes,
        decisions=body.decisions,
        agreed_answers=[(a.question, a.answer) for a in body.agreed_answers],
        business_changes=body.business_changes,
        request=request,
    )
    return _minutes(row)
