"""The form where an indicator's owner enters its month's value (``/indicators/manual/``).

The rules are the core's (:mod:`serviq.indicators.entries`): which indicators a role may
enter, the period, the value's range and the evidence. This shell adds the person's place:
a team lead enters for their own team, a department director for the centre or their
department's teams, the centre-wide roles for the centre or any team. The value is stored
with its evidence (the note masked), an audit row is written in the same transaction, and
the dashboard's stored results of that month are rescored
(:func:`serviq.web.dashboard.analysis.rescore`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from serviq.errors import InvalidInput, NotFound, PermissionDenied, Where
from serviq.indicators.entries import check_entry, enterable
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.dashboard.analysis import LANGS, rescore
from serviq.web.indicatordata.models import ManualValue
from serviq.web.org import access, roles
from serviq.web.org.models import Person, Team
from serviq.web.org.roles import Role
from serviq.web.privacy import mask
from serviq.web.uploads import uploaded

MAX_NOTE = 2000


def _system() -> Any:
    from serviq.indicators import bundled_system

    return bundled_system("bank_contact_centre")


def scopes_for(person: Person) -> list[str]:
    """The scopes ``person`` may enter values for: "" (the centre) and team codes."""
    role = Role(person.role)
    teams = list(access.visible_teams(person).order_by("code").values_list("code", flat=True))
    if role == Role.TEAM_LEAD:
        return teams
    if role == Role.AGENT:
        return []
    return ["", *teams]


def team_for(person: Person, scope: str) -> Team | None:
    """The team of ``scope`` if ``person`` may enter for it (None = the centre)."""
    if scope not in scopes_for(person):
        if scope == "":
            raise error(PermissionDenied, "data.team_only", role=person.role)
        raise NotFound(f"no team {scope} in your scope")
    return Team.objects.get(code=scope) if scope else None


def save_entry(request: HttpRequest | None, person: Person, data: Any, upload: Any) -> ManualValue:
    """Check and store one value with its audit row (one transaction; the rule is checked
    after the row it replaces is locked). Without a request (the command line) the audit
    row's actor is ``person``'s login."""
    system = _system()
    code = str(data.get("indicator") or "").strip()
    period = str(data.get("period") or "").strip()
    scope = str(data.get("scope") or "").strip()
    note = str(data.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        raise error(InvalidInput, "data.note", where=Where(field="note"), n=len(note),
                    limit=MAX_NOTE)  # fmt: skip
    team = team_for(person, scope)
    content = upload.read() if upload is not None else b""
    with transaction.atomic():
        current = (
            ManualValue.objects.select_for_update()
            .filter(period=period, team=team, code=code)
            .order_by("pk")  # no join to the team (PostgreSQL locks no outer join's side)
            .first()
        )
        value = check_entry(
            system,
            code=code,
            period=period,
            value=data.get("value"),
            role=person.role,
            evidence=bool(note or content),
        )
        before = audited(current) if current is not None else None
        entry = current or ManualValue(period=period, team=team, code=code, entered_by=person)
        entry.value = value
        entry.note = mask(note)
        entry.entered_by = person
        if content:
            entry.evidence = content
            entry.evidence_name = str(getattr(upload, "name", ""))[:200]
        entry.save()
        record(
            "indicator.manual_value",
            request=request,
            actor=getattr(person, "user", None) if request is None else None,
            obj=entry,
            before=before,
            after=audited(entry),
        )
        rescore(period, scope, system)
    return entry


def audited(entry: ManualValue) -> dict[str, Any]:
    return {
        "period": entry.period,
        "scope": entry.scope,
        "indicator": entry.code,
        "value": entry.value,
        "note": entry.note,
        "evidence_file": entry.evidence_name,
        "entered_by": entry.entered_by.code,
    }


def visible_entries(person: Person) -> Any:
    """The stored values ``person`` may see: those of the scopes they may enter for."""
    scopes = scopes_for(person)
    qs = ManualValue.objects.select_related("team", "entered_by")
    teams = [s for s in scopes if s]
    if "" in scopes:
        return qs.filter(team__isnull=True) | qs.filter(team__code__in=teams)
    return qs.filter(team__code__in=teams)


@require_http_methods(["GET", "HEAD", "POST"])
def manual_page(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, roles.MANUAL_VALUES)
    system = _system()
    mine = enterable(system, person.role)
    if not mine:
        raise error(PermissionDenied, "data.no_manual", role=person.role)
    if request.method == "POST":
        upload = uploaded(request, "evidence")
        entry = save_entry(request, person, request.POST, upload)
        query = urlencode({"saved": entry.code, "period": entry.period, "scope": entry.scope})
        return redirect(reverse("indicator-manual") + "?" + query)
    lang = LANGS.get((get_language() or "zh-hans").lower(), "en")
    names = {n.code: n.name.get(lang) for n in system.indicators()}
    return render(
        request,
        "indicatordata/manual.html",
        {
            "indicators": [{"code": n.code, "name": names[n.code], "unit": n.unit} for n in mine],
            "scopes": scopes_for(person),
            "period": request.GET.get("period", ""),
            "scope": request.GET.get("scope", ""),
            "saved": request.GET.get("saved", ""),
            "entries": [
                {"entry": e, "name": names.get(e.code, e.code)}
                for e in visible_entries(person).filter(code__in=[n.code for n in mine])
            ],
        },
    )
