"""Confidentiality incidents and the visitor log of the operations room (安全保密制度,
R-OPS-2): the core's :mod:`serviq.workforce.escalation` decides; each record is one
transaction with its audit row, as in :mod:`serviq.web.workforce.actions`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest

from serviq.errors import Conflict, InvalidInput
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org.models import Person
from serviq.web.privacy import mask
from serviq.web.workforce import models as m
from serviq.web.workforce.actions import RuleRefusal, core_report, now_or, user_of
from serviq.workforce import escalation


def report_incident(
    author: Person,
    description: str,
    data_involved: str,
    proposed_action: str,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.EscalationReport:
    """A possible disclosure of customer data: the core's ``incident_report`` turns it into
    an emergency escalation report of category confidentiality (reported at once)."""
    now = now_or(now)
    incident = escalation.ConfidentialityIncident(
        id="",
        reported_by=author.code,
        reporter_role=author.role,
        at=now,
        description=mask(description.strip()),
        data_involved=mask(data_involved.strip()),
        proposed_action=mask(proposed_action.strip()),
    )
    rep = escalation.incident_report(incident)
    row = m.EscalationReport(
        author=author,
        team=author.team,
        category=rep.category,
        description=rep.description,
        proposed_action=rep.proposed_action,
        emergency=rep.emergency,
        level=author.role,
        created_at=now,
    )
    decision = escalation.check_report(core_report(row))
    if not decision.ok:
        raise RuleRefusal(decision)
    with transaction.atomic():
        row.save()
        record(
            "workforce.escalation.incident",
            request=request,
            actor=user_of(author),
            obj=row,
            after={"data_involved": incident.data_involved},
        )
    return row


def record_visit(
    approver: Person,
    visitor: str,
    organisation: str,
    purpose: str,
    approved_at: dt.datetime,
    entered_at: dt.datetime,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.Visit:
    """An entry of the operations room's visitor log, approved by ``approver``; the core's
    ``check_visit`` refuses (409) a visit entered before its approval or approved by a
    role that may not."""
    now = now_or(now)
    if not visitor.strip() or not purpose.strip():
        raise InvalidInput("give the visitor's name and the purpose of the visit")
    visit = escalation.Visit(
        visitor=visitor.strip(),
        organisation=organisation.strip(),
        purpose=mask(purpose.strip()),
        approved_by=approver.code,
        approver_role=approver.role,
        approved_at=approved_at,
        entered_at=entered_at,
    )
    decision = escalation.check_visit(visit)
    if not decision.ok:
        raise RuleRefusal(decision)
    with transaction.atomic():
        row = m.Visit.objects.create(
            centre=approver.centre,
            visitor=visit.visitor,
            organisation=visit.organisation,
            purpose=visit.purpose,
            approved_by=approver,
            approved_at=approved_at,
            entered_at=entered_at,
            recorded_by=approver,
            recorded_at=now,
        )
        record(
            "workforce.visit.record",
            request=request,
            actor=user_of(approver),
            obj=row,
            after={"visitor": visit.visitor, "entered_at": entered_at.isoformat()},
        )
    return row


def visitor_left(
    visit: m.Visit,
    person: Person,
    at: dt.datetime,
    *,
    request: HttpRequest | None = None,
) -> m.Visit:
    if visit.left_at is not None:
        raise error(Conflict, "visit.left", visitor=visit.visitor)
    if at < visit.entered_at:
        raise InvalidInput("the visitor cannot leave before entering")
    with transaction.atomic():
        visit.left_at = at
        visit.save(update_fields=["left_at"])
        record("workforce.visit.left", request=request, actor=user_of(person), obj=visit)
    return visit
