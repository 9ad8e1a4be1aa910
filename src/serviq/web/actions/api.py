"""Improvement endpoints of the JSON API (``/api/actions/...``): the same access functions,
the same changes and the same core as the pages.

Reading works with a bearer token or the browser's session; changing needs a bearer token
(``Authorization: Bearer …``), which a browser never sends on its own, so no CSRF token is
needed and a forged cross-site form cannot change a record.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from serviq.web.actions import access, records, views
from serviq.web.actions.models import ActionRecord
from serviq.web.api import BearerToken, api
from serviq.web.dashboard import records as dashboard_records
from serviq.web.org import access as org_access

router = Router(tags=["actions"])


class ErrorOut(Schema):
    detail: str
    error: dict[str, Any]


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
}  # fmt: skip


class BodyErrorOut(Schema):
    """serviq's error, or ninja's own answer (``detail`` only) to a body it cannot parse (400)
    or a request without a valid bearer token (401)."""

    detail: str
    error: dict[str, Any] | None = None


# changes take a JSON body and a bearer token only
CHANGE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 400: BodyErrorOut, 401: BodyErrorOut}


class ActionOut(Schema):
    id: int
    indicator: str
    scope: str
    period: str
    status: str
    owner: str
    due: str | None
    criterion: str
    effective: bool | None
    overdue: bool


class ActionsOut(Schema):
    actions: list[ActionOut]


class TaskOut(Schema):
    id: int
    title: str
    owner: str
    due: str
    status: str
    evidence: str
    training_code: str


class LinkOut(Schema):
    kind: str
    ref: str
    label: str


class ActionDetailOut(ActionOut):
    target: float | None
    actual: float | None
    severity: str
    problem: str
    containment: str
    root_cause: str
    root_cause_method: str
    root_cause_verified: bool
    elsewhere: str
    trigger: dict[str, Any]
    tasks: list[TaskOut]
    links: list[LinkOut]
    waiver: dict[str, Any] | None


class VerifyOut(Schema):
    effective: bool | None
    evidence: dict[str, Any]


class SuggestionOut(Schema):
    indicator: str
    scope: str
    period: str
    reason: str
    evidence: dict[str, Any]


class SuggestionsOut(Schema):
    suggestions: list[SuggestionOut]


class StepIn(Schema):
    to: str
    note: str = ""
    waive: bool = False
    fields: dict[str, Any] = Field(default_factory=dict)


class TaskIn(Schema):
    title: str
    owner: str | None = None
    due: str
    training_code: str = ""


class TaskStepIn(Schema):
    to: str
    evidence: str = ""


class LinkIn(Schema):
    kind: str
    ref: str
    label: str = ""


def row(r: ActionRecord) -> dict[str, Any]:
    from django.utils import timezone

    return views.entry_of(r).as_dict(timezone.localdate())


def detail(r: ActionRecord) -> dict[str, Any]:
    return {
        **row(r),
        "target": r.target,
        "actual": r.actual,
        "severity": r.severity,
        "problem": r.problem,
        "containment": r.containment,
        "root_cause": r.root_cause,
        "root_cause_method": r.root_cause_method,
        "root_cause_verified": r.root_cause_verified,
        "elsewhere": r.elsewhere,
        "trigger": r.trigger or {},
        "tasks": [
            {
                "id": t.pk,
                "title": t.title,
                "owner": t.owner.code,
                "due": t.due.isoformat(),
                "status": t.status,
                "evidence": t.evidence,
                "training_code": t.training_code,
            }
            for t in r.tasks.select_related("owner")
        ],
        "links": [{"kind": x.kind, "ref": x.ref, "label": x.label} for x in r.links.all()],
        "waiver": r.waiver,
    }


def verification(r: ActionRecord) -> dict[str, Any]:
    """``effective`` (True, False or None while not yet measurable) and the evidence."""
    v = records.verdict_of(r, views.page_lang())
    if v is None:
        return {"effective": None, "evidence": {"finding": "no_criterion_or_data"}}
    out = v.as_dict(views.core_lang())
    return {"effective": out.pop("effective"), "evidence": out}


@router.get("/", response={200: ActionsOut, **ERRORS}, summary="The improvement register")
def list_actions(
    request: HttpRequest, status: str | None = None, indicator: str | None = None,
    team: str | None = None, owner: str | None = None,
) -> Any:  # fmt: skip
    rows, _ = views.filtered(
        request.user, {"status": status, "indicator": indicator, "team": team, "owner": owner}
    )
    return {"actions": [row(r) for r in rows]}


@router.get(
    "/suggestions",
    response={200: SuggestionsOut, **ERRORS},
    summary="Records the data propose for a period (not yet proposed, not being worked)",
)
def list_suggestions(request: HttpRequest, period: str) -> Any:
    org_access.require(request.user, access.VIEW)
    p = dashboard_records.checked({"period": period}, ("period",)).get("period") or ""
    person = org_access.person_of(request.user)
    actor = access.actor_of(person)
    from serviq.actions.lifecycle import may_view

    visible = org_access.visible_teams(person).select_related("department")
    teams = {t.code: t.department.code for t in visible}
    found = [
        s.as_dict(views.core_lang())
        for s in records.suggestions(p, views.page_lang())
        if may_view(actor, s.scope or None, teams.get(s.scope))
    ]
    return {"suggestions": found}


@router.get("/{pk}", response={200: ActionDetailOut, **ERRORS}, summary="One record")
def get_action(request: HttpRequest, pk: int) -> Any:
    r, _ = access.get_record_for(request.user, pk)
    return detail(r)


@router.get(
    "/{pk}/verify",
    response={200: VerifyOut, **ERRORS},
    summary="The effectiveness check of a record on the indicator's data",
)
def verify_action(request: HttpRequest, pk: int) -> Any:
    r, _ = access.get_record_for(request.user, pk)
    return verification(r)


@router.post(
    "/{pk}/step",
    response={200: ActionDetailOut, **CHANGE_ERRORS},
    auth=BearerToken(),
    summary="Move a record through its lifecycle (closing asks the data first)",
)
def step(request: HttpRequest, pk: int, body: StepIn) -> Any:
    r, person = access.get_record_for(request.user, pk)
    r = records.do_transition(
        r, body.to, person=person, note=body.note, waive=body.waive, data=body.fields,
        request=request,
    )  # fmt: skip
    return detail(r)


@router.post(
    "/{pk}/tasks",
    response={200: ActionDetailOut, **CHANGE_ERRORS},
    auth=BearerToken(),
    summary="Add an action to a record",
)
def add_task(request: HttpRequest, pk: int, body: TaskIn) -> Any:
    r, person = access.get_record_for(request.user, pk)
    records.do_add_task(r, body.dict(), person=person, request=request)
    return detail(r)


@router.post(
    "/{pk}/tasks/{task}",
    response={200: ActionDetailOut, **CHANGE_ERRORS},
    auth=BearerToken(),
    summary="Move an action of a record (planned, doing, done, cancelled)",
)
def task_step(request: HttpRequest, pk: int, task: int, body: TaskStepIn) -> Any:
    r, person = access.get_record_for(request.user, pk)
    records.do_task(r, task, body.to, person=person, evidence=body.evidence, request=request)
    return detail(r)


@router.post(
    "/{pk}/links",
    response={200: ActionDetailOut, **CHANGE_ERRORS},
    auth=BearerToken(),
    summary="Link a QA training task, an agreed answer, a handover entry, an escalation …",
)
def add_link(request: HttpRequest, pk: int, body: LinkIn) -> Any:
    r, person = access.get_record_for(request.user, pk)
    records.do_link(r, body.dict(), person=person, request=request)
    return detail(r)


api.add_router("/actions", router)
