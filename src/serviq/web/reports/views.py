"""The report pages under ``/reports/``: the register (status, due day, overdue), a report
with its commentary form and workflow buttons, the report itself and its downloads."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from serviq.errors import NotFound
from serviq.reports.definitions import load_definition
from serviq.reports.workflow import can_decide, can_edit, display_status
from serviq.web.audit.trail import record
from serviq.web.reports import actions
from serviq.web.reports.access import get_report_for, reports_for
from serviq.web.reports.models import Report

LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def _lang() -> str:
    return LANGS.get((get_language() or "zh-hans").lower(), "zh-Hans")


def _today() -> dt.date:
    return timezone.localdate()


def report_list(request: HttpRequest) -> HttpResponse:
    _, qs = reports_for(request.user)
    today = _today()
    status = request.GET.get("status", "")
    rows = []
    for r in qs:
        shown = display_status(r.status, r.due, today)
        if status and shown != status:
            continue
        rows.append({"report": r, "status": shown})
    return render(request, "reports/list.html", {"rows": rows, "status": status, "today": today})


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    person, report = get_report_for(request.user, report_id)
    definition = load_definition(report.kind)
    lang = _lang()
    sections = [
        {"id": s.id, "title": s.title.get(lang), "hint": s.hint.get(lang) if s.hint else "",
         "text": report.narratives.get(s.id, "")}
        for s in definition.narrative_sections
    ]  # fmt: skip
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "title": definition.title.get(lang),
            "status": display_status(report.status, report.due, _today()),
            "sections": sections,
            "can_edit": can_edit(definition, person.role, report.status).ok,
            "can_decide": can_decide(definition, person.role, report.status).ok,
        },
    )


@require_POST
def commentary(request: HttpRequest, report_id: int) -> HttpResponse:
    get_report_for(request.user, report_id)
    texts = {k[len("section-") :]: v for k, v in request.POST.items() if k.startswith("section-")}
    actions.save_commentary(report_id, texts, request=request)
    if request.POST.get("then") == "submit":
        actions.submit(report_id, request=request)
    return redirect("report-detail", report_id=report_id)


@require_POST
def submit(request: HttpRequest, report_id: int) -> HttpResponse:
    get_report_for(request.user, report_id)
    actions.submit(report_id, request=request)
    return redirect("report-detail", report_id=report_id)


@require_POST
def decide(request: HttpRequest, report_id: int) -> HttpResponse:
    get_report_for(request.user, report_id)
    approve = request.POST.get("decision") == "approve"
    actions.decide(report_id, request=request, approve=approve, note=request.POST.get("note", ""))
    return redirect("report-detail", report_id=report_id)


def document(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    """The report as HTML, PDF or XLSX: the frozen file once approved, else built now."""
    from serviq.web.reports.documents import build_for

    if fmt not in TYPES:
        raise NotFound(f"no format {fmt}; allowed: html, pdf, xlsx")
    _, report = get_report_for(request.user, report_id)
    frozen = report.status == "approved"
    if frozen:
        data = bytes(getattr(report, fmt))
    else:
        data = build_for(report, lang=_lang(), formats=(fmt,)).documents[fmt]
    record("report.download", request=request, obj=report, after={"format": fmt, "frozen": frozen},
           department=report.department)  # fmt: skip
    response = HttpResponse(data, content_type=TYPES[fmt])
    if fmt != "html":
        name = f"{report.kind}-{report.period}-{report.scope.replace(':', '-')}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def due_reports(person_user: object) -> list[Report]:
    """The reports not yet submitted, for the dashboard's due-day card (empty when none)."""
    try:
        _, qs = reports_for(person_user)
    except Exception:  # a role without reports sees no card
        return []
    return list(qs.filter(status__in=["draft", "returned"]).order_by("due")[:5])
