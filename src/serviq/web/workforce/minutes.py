"""Meeting minutes (R-OPS-3): recorded by leads and directors, searched by everyone with
the core's :func:`serviq.workforce.meetings.search_minutes`; each record is one
transaction with its audit row, as in :mod:`serviq.web.workforce.actions`."""

from __future__ import annotations

import datetime as dt
from typing import get_args

from django.db import transaction
from django.http import HttpRequest

from serviq.errors import InvalidInput
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org.models import Person
from serviq.web.privacy import mask
from serviq.web.workforce import models as m
from serviq.web.workforce.actions import now_or, user_of
from serviq.web.workforce.shiftlog import nonblank_lines
from serviq.workforce import meetings

MEETING_KINDS: tuple[meetings.MeetingKind, ...] = get_args(meetings.MeetingKind)


def core_minutes(row: m.MeetingMinutes) -> meetings.Minutes:
    return meetings.Minutes(
        id=str(row.pk),
        kind=row.kind,
        date=row.date,
        chair=row.chair.code,
        notes=row.notes,
        decisions=nonblank_lines(row.decisions),
        agreed_answers=tuple(
            meetings.AgreedAnswer(a["question"], a["answer"]) for a in row.agreed_answers
        ),
        business_changes=nonblank_lines(row.business_changes),
    )


def record_minutes(
    chair: Person,
    kind: str,
    date: dt.date,
    *,
    notes: str = "",
    decisions: str = "",
    agreed_answers: list[tuple[str, str]] | None = None,
    business_changes: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.MeetingMinutes:
    """The minutes of a meeting, kept for agents to search (core ``search_minutes``)."""
    if kind not in MEETING_KINDS:
        raise error(InvalidInput, "meeting.kind", kind=kind, allowed=", ".join(MEETING_KINDS))
    notes, decisions, business_changes = mask(notes), mask(decisions), mask(business_changes)
    answers = [
        {"question": mask(q.strip()), "answer": mask(a.strip())}
        for q, a in (agreed_answers or [])
        if q.strip() or a.strip()
    ]
    if any(not x["question"] or not x["answer"] for x in answers):
        raise InvalidInput("an agreed answer needs both the question and the answer")
    if not (notes.strip() or decisions.strip() or answers or business_changes.strip()):
        raise InvalidInput("the minutes are empty: record notes, decisions or agreed answers")
    now = now_or(now)
    with transaction.atomic():
        row = m.MeetingMinutes.objects.create(
            centre=chair.centre,
            kind=kind,
            date=date,
            chair=chair,
            notes=notes,
            decisions=decisions,
            agreed_answers=answers,
            business_changes=business_changes,
            recorded_at=now,
        )
        record(
            "workforce.minutes.record",
            request=request,
            actor=user_of(chair),
            obj=row,
            after={"kind": kind, "date": date.isoformat()},
        )
    return row
