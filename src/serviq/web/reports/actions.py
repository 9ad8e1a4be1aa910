"""The report workflow's writes: one transaction each, the report row locked first, then
the core's rule (:mod:`serviq.reports.workflow`), then the write and its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from serviq.reports.context import due_date
from serviq.reports.definitions import load_definition
from serviq.reports.workflow import can_decide, can_edit, check_commentary, drafts_due
from serviq.web.audit.trail import record
from serviq.web.org.access import person_of
from serviq.web.org.models import Department, Team
from serviq.web.reports.models import Report


def _snapshot(r: Report) -> dict[str, Any]:
    return {"status": r.status, "narratives": dict(r.narratives), "return_note": r.return_note}


def generate_drafts(today: dt.date, *, kind: str = "monthly", actor: Any = None) -> list[Report]:
    """A draft for the centre, each department and each team (as the definition's scopes
    allow) for the period that closed by ``today``; existing reports are left as they are
    (idempotent)."""
    definition = load_definition(kind)
    period = drafts_due(definition, today)
    due = due_date(definition, period)
    made: list[Report] = []
    scopes: list[tuple[str, Team | None, Department | None]] = [("centre", None, None)]
    if "department" in definition.scopes:
        scopes += [(f"department:{d.code}", None, d) for d in Department.objects.order_by("code")]
    if "team" in definition.scopes:
        scopes += [
            (f"team:{t.code}", t, t.department)
            for t in Team.objects.select_related("department").order_by("code")
        ]
    with transaction.atomic():
        for scope, team, department in scopes:
            report, created = Report.objects.get_or_create(
                kind=kind,
                period=period.label,
                scope=scope,
                defaults={"team": team, "department": department, "due": due},
            )
            if created:
                record("report.draft", actor=actor, obj=report, after=_snapshot(report),
                       department=report.department)  # fmt: skip
                made.append(report)
    return made


def save_commentary(report_id: int, narratives: Mapping[str, str], *, request: Any) -> Report:
    person = person_of(request.user)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        definition = load_definition(report.kind)
        can_edit(definition, person.role, report.status).raise_if_refused()
        check_commentary(definition, narratives).raise_if_refused()
        before = _snapshot(report)
        report.narratives = {**report.narratives, **{k: v.strip() for k, v in narratives.items()}}
        report.save(update_fields=["narratives"])
        record("report.commentary", request=request, obj=report, before=before, after=_snapshot(report),
               department=report.department)  # fmt: skip
    return report


def submit(report_id: int, *, request: Any) -> Report:
    person = person_of(request.user)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        can_edit(load_definition(report.kind), person.role, report.status).raise_if_refused()
        before = _snapshot(report)
        report.status = "submitted"
        report.submitted_at = timezone.now()
        report.submitted_by = request.user
        report.save(update_fields=["status", "submitted_at", "submitted_by"])
        record("report.submit", request=request, obj=report, before=before, after=_snapshot(report),
               department=report.department)  # fmt: skip
    return report


def decide(report_id: int, *, request: Any, approve: bool, note: str = "") -> Report:
    """Approve (freezing the documents with their hashes) or return with a note."""
    from serviq.web.reports.documents import build_for

    person = person_of(request.user)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        definition = load_definition(report.kind)
        can_decide(
            definition, person.role, report.status, returning=not approve, note=note
        ).raise_if_refused()
        before = _snapshot(report)
        report.decided_at = timezone.now()
        report.decided_by = request.user
        if approve:
            built = build_for(report, lang=report.lang)
            report.status = "approved"
            report.html = built.documents["html"]
            report.pdf = built.documents["pdf"]
            report.xlsx = built.documents["xlsx"]
            report.sha256 = built.sha256
            report.inputs = {k: v["sha256"] for k, v in built.context_inputs.items()}
        else:
            report.status = "returned"
            report.return_note = note.strip()
        report.save()
        after = {**_snapshot(report), "sha256": dict(report.sha256)}
        record("report.approve" if approve else "report.return", request=request, obj=report,
               before=before, after=after, department=report.department)  # fmt: skip
    return report
