"""Escalation reports (請示報告, R-OPS-1): who sees which, and the page.

Anyone may open a report; it is seen by its author, the leads of the author's team, the
directors of its department and the centre-wide roles. Whether a move is allowed (level
by level, the emergency skip, instructions before closing) is the core's decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from serviq.errors import InvalidInput, NotFound, PermissionDenied
from serviq.messages import error
from serviq.web.org import access, roles
from serviq.web.org.roles import Role
from serviq.web.workforce import actions, confidentiality
from serviq.web.workforce import models as m
from serviq.web.workforce.schedules import decision_dict, shown
from serviq.workforce import escalation

REPORT_ACTIONS = escalation.ACTIONS


def reports_for(user: Any) -> QuerySet[m.EscalationReport]:
    person = access.require(user, roles.ALL)
    qs = m.EscalationReport.objects.select_related("author", "team")
    role = Role(person.role)
    if role in roles.CENTRE_WIDE:
        return qs
    if role == Role.AGENT:
        return qs.filter(author=person)
    return qs.filter(Q(author=person) | Q(team__in=access.visible_teams(person)))


@require_http_methods(["GET", "POST"])
def escalations(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, roles.ALL)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "incident":
                confidentiality.report_incident(
                    person,
                    request.POST.get("description", ""),
                    request.POST.get("data_involved", ""),
                    request.POST.get("proposed_action", ""),
                    request=request,
                )
            elif request.POST.get("report"):
                row = reports_for(request.user).filter(pk=request.POST["report"]).first()
                if row is None:
                    raise NotFound(f"no report {request.POST['report']} in your scope")
                if Role(person.role) == Role.AGENT and request.POST.get("action") != "escalate":
                    raise PermissionDenied("an agent may only pass their report upward")
                actions.act_on_report(
                    row,
                    person,
                    request.POST.get("action", ""),
                    to_role=request.POST.get("to_role", ""),
                    text=request.POST.get("text", ""),
                    request=request,
                )
            else:
                actions.open_report(
                    person,
                    request.POST.get("category", ""),
                    request.POST.get("description", ""),
                    request.POST.get("proposed_action", ""),
                    emergency=bool(request.POST.get("emergency")),
                    request=request,
                )
        except actions.RuleRefusal as exc:
            return render(
                request,
                "workforce/refused.html",
                {
                    "check": shown(
                        decision_dict(exc.decision), (get_language() or "zh-hans").lower()
                    ),
                    "back": reverse("workforce-escalations"),
                },
                status=409,
            )
        return redirect("workforce-escalations")
    return render(
        request,
        "workforce/escalations.html",
        {
            "reports": reports_for(request.user)[:100],
            "categories": escalation.CATEGORIES,
            "levels": escalation.LEVELS,
            "report_actions": REPORT_ACTIONS,
        },
    )


VISIT_ROLES = frozenset(
    {Role.TEAM_LEAD, Role.DEPARTMENT_DIRECTOR, Role.CENTRE_DIRECTOR, Role.ADMIN}
)


def _when(text: str) -> dt.datetime:
    if not text:
        return timezone.now()
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise error(InvalidInput, "form.time", text=text) from None
    return at if at.tzinfo else at.replace(tzinfo=timezone.get_current_timezone())


@require_http_methods(["GET", "POST"])
def visitors(request: HttpRequest) -> HttpResponse:
    """The operations room's visitor log (R-OPS-2): leads and directors approve and record
    visits; agents and other roles may not open it."""
    person = access.require(request.user, VISIT_ROLES)
    visits = m.Visit.objects.filter(centre=person.centre).select_related("approved_by")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "left":
                visit = visits.filter(pk=request.POST.get("visit") or 0).first()
                if visit is None:
                    raise NotFound("no such visit in your centre")
                confidentiality.visitor_left(
                    visit, person, _when(request.POST.get("at", "")), request=request
                )
            else:
                confidentiality.record_visit(
                    person,
                    request.POST.get("visitor", ""),
                    request.POST.get("organisation", ""),
                    request.POST.get("purpose", ""),
                    _when(request.POST.get("approved_at", "")),
                    _when(request.POST.get("entered_at", "")),
                    request=request,
                )
        except actions.RuleRefusal as exc:
            return render(
                request,
                "workforce/refused.html",
                {
                    "check": shown(
                        decision_dict(exc.decision), (get_language() or "zh-hans").lower()
                    ),
                    "back": reverse("workforce-visitors"),
                },
                status=409,
            )
        return redirect("workforce-visitors")
    return render(request, "workforce/visitors.html", {"visits": visits[:100]})
