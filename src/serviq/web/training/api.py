"""Training endpoints of the JSON API (``/api/training/...``): the same access functions and
the same changes as the pages. Reading works with a bearer token or the browser's session;
recording attendance needs a bearer token (no CSRF form can forge it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from serviq.web.api import BearerToken, api
from serviq.web.labels import lang
from serviq.web.training import access, archive, effect, records, roster
from serviq.web.training.models import TrainingSession

router = Router(tags=["training"])


class ErrorOut(Schema):
    detail: str
    error: dict[str, Any] | None = None


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class SessionOut(Schema):
    id: int
    topic: str
    kind: str
    trainer: str
    start: str
    minutes: int
    team: str
    qa_task: str | None
    qa_items: list[str]
    attendance: dict[str, str | None]


class SessionsOut(Schema):
    sessions: list[SessionOut]


class SessionDetailOut(SessionOut):
    conflicts: list[dict[str, Any]]


class AttendanceIn(Schema):
    attendance: dict[str, str]


class ArchiveRowOut(Schema):
    when: str | None
    person: str
    what: str
    title: str
    kind: str
    attendance: str | None
    share: float | None
    passed: bool | None


class ArchiveOut(Schema):
    rows: list[ArchiveRowOut]


def row(s: TrainingSession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "topic": s.topic,
        "kind": s.kind,
        "trainer": s.trainer.code,
        "start": s.start.isoformat(),
        "minutes": s.minutes,
        "team": s.team.code,
        "qa_task": s.qa_task.code if s.qa_task_id else None,
        "qa_items": list(s.qa_items),
        "attendance": {
            i.person.code: i.status or None for i in s.invitations.select_related("person")
        },
    }


def detail(s: TrainingSession) -> dict[str, Any]:
    conflicts = [
        {
            **c.as_dict(),
            "shift_start": c.shift_start.isoformat(),
            "shift_end": c.shift_end.isoformat(),
        }
        for c in roster.conflicts(s)
    ]
    return {**row(s), "conflicts": conflicts}


@router.get("/sessions", response={200: SessionsOut, **ERRORS}, summary="Sessions in scope")
def sessions(request: HttpRequest) -> Any:
    rows = access.sessions_for(request.user).select_related("qa_task")[:500]
    return {"sessions": [row(s) for s in rows]}


@router.get(
    "/sessions/{pk}", response={200: SessionDetailOut, **ERRORS}, summary="A session, conflicts"
)
def session(request: HttpRequest, pk: int) -> Any:
    s, _ = access.get_session_for(request.user, pk)
    return detail(s)


@router.post(
    "/sessions/{pk}/attendance",
    response={200: SessionDetailOut, **ERRORS},
    auth=BearerToken(),
    summary="Record attendance: person code → present, leave or absent",
)
def attendance(request: HttpRequest, pk: int, body: AttendanceIn) -> Any:
    s, _ = access.get_session_for(request.user, pk, access.SCHEDULE)
    records.take_attendance(s, body.attendance, request=request)
    return detail(s)


@router.get(
    "/sessions/{pk}/effect",
    response={200: dict[str, Any], **ERRORS},
    summary="Did a QA-driven session work: difference in differences per targeted item",
)
def session_effect(request: HttpRequest, pk: int) -> Any:
    s, _ = access.get_session_for(request.user, pk)
    return effect.session_effect(s, lang())


@router.get("/archive", response={200: ArchiveOut, **ERRORS}, summary="The training archive")
def archive_rows(request: HttpRequest, person: str | None = None) -> Any:
    reader, who = access.archive_person(request.user, person)
    return {
        "rows": [
            {
                "when": r["when"].isoformat() if r["when"] else None,
                "person": r["person"].code,
                "what": r["what"],
                "title": r["title"],
                "kind": r["kind"],
                "attendance": r["status"] or None,
                "share": r["share"],
                "passed": r["passed"],
            }
            for r in archive.entries(reader, who)
        ]
    }


api.add_router("/training", router)
