"""``/api/reports``: the report register and one report, with the same scope as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from serviq.errors import InvalidInput, Where
from serviq.reports.workflow import display_status
from serviq.web.api import ERRORS, api
from serviq.web.reports.access import get_report_for, reports_for
from serviq.web.reports.models import Report

router = Router(tags=["reports"])
STATUSES = ("draft", "submitted", "returned", "approved", "overdue")


class ReportOut(Schema):
    id: int
    kind: str
    period: str
    scope: str
    status: str
    due: dt.date | None
    narratives: dict[str, str]
    return_note: str
    sha256: dict[str, str]


def _out(r: Report, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "period": r.period,
        "scope": r.scope,
        "status": display_status(r.status, r.due, today),
        "due": r.due,
        "narratives": dict(r.narratives),
        "return_note": r.return_note,
        "sha256": dict(r.sha256),
    }


@router.get("", response={200: list[ReportOut], **ERRORS}, summary="The reports I may read")
def report_list(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    if status is not None and status not in STATUSES:
        raise InvalidInput(
            f"unknown status {status!r}; allowed: {', '.join(STATUSES)}",
            where=Where(field="status"),
        )
    _, qs = reports_for(request.user)
    today = timezone.localdate()
    rows = [_out(r, today) for r in qs]
    return [r for r in rows if status is None or r["status"] == status]


@router.get("/{report_id}", response={200: ReportOut, **ERRORS}, summary="One report")
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    _, report = get_report_for(request.user, report_id)
    return _out(report, timezone.localdate())


api.add_router("/reports", router)
