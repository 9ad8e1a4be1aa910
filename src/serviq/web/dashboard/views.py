"""The indicator dashboard, the records behind it, exports and the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from serviq.web.audit.trail import record
from serviq.web.dashboard import exports, records, tree
from serviq.web.indicatordata import benchmarks
from serviq.web.org import access, roles

QUEUES = ("credit_card", "retail", "wealth", "complaints")
TREND_COLUMNS = ["period", "code", "name", "score"]
TREE_COLUMNS = [
    "period",
    "scope",
    "code",
    "name",
    "level",
    "weight",
    "value",
    "unit",
    "score",
    "target",
    "status",
    "change",
    "definition",
    "pending",
    "provisional",
    "owned_queues",
]


def _lang() -> str:
    return (get_language() or "zh-hans").lower()


def drill_url(node: tree.Node, period: str, team: str) -> str:
    """The records behind a node. A queue KPI at team scope drills into the queues the team
    owns (abandoned contacts have no team); one owning no queue has no records to show."""
    if node.source not in records.KINDS or node.attribution == "-":
        return ""
    params = {"period": period, "indicator": node.code, **node.filters}
    if team:
        params["scope"] = team
        if node.attribution:
            params["queue"] = node.attribution
        else:
            params["team"] = team
    return reverse("records", args=[node.source]) + "?" + urlencode(params)


def indicator_figures(user: Any, params: Any) -> dict[str, Any] | None:
    """The drilled indicator's stored value with its numerator and denominator, pending
    count and the data's end — what the records on the page must add up to."""
    from serviq.errors import NotFound, PermissionDenied
    from serviq.web.dashboard.models import IndicatorResult

    code, period = params.get("indicator") or "", params.get("period") or ""
    if not code or not period:
        return None
    asked = records.checked(
        {"indicator": code, "period": period, "scope": params.get("scope") or ""},
        ("indicator", "period", "scope"),
    )
    try:
        scope = access.dashboard_scope_for(user, asked.get("scope") or None)
    except (NotFound, PermissionDenied):
        return None
    found = IndicatorResult.objects.filter(period=period, team_code=scope, code=asked["indicator"])
    r = found.first()
    if r is None:
        return None
    return {
        "code": r.code,
        "scope": r.team_code,
        "value": r.value,
        "unit": r.unit,
        "numerator": r.numerator,
        "denominator": r.denominator,
        "pending": r.pending,
        "provisional": r.provisional,
        "as_of": r.as_of.isoformat() if r.as_of else None,
        "owned_queues": [] if r.attribution in ("", "-") else r.attribution.split(","),
    }


def dashboard_data(user: Any, period: str | None, team: str | None) -> dict[str, Any]:
    """What the dashboard page and ``/api/dashboard`` show, scoped to the user."""
    asked = records.checked({"period": period or "", "team": team or ""}, ("period", "team"))
    period, team = asked.get("period"), asked.get("team")
    scope = access.dashboard_scope_for(user, team)
    period = period or tree.latest_period(scope) or ""
    root = tree.tree(period, scope, _lang())
    dims = [c.code for c in root.children]
    trends = tree.trend(scope, [root.code, *dims])
    names = {n.code: n.name for n in tree.flatten(root)}
    return {
        "period": period,
        "team": scope,
        "periods": tree.periods(scope),
        "tree": root,
        "trends": [
            {"code": c, "name": names.get(c, c), "points": [list(p) for p in pts]}
            for c, pts in trends.items()
        ],
    }


def entered_values(period: str, scope: str) -> dict[str, Any]:
    """The values entered by hand for this period and scope: indicator → who, when, note."""
    from serviq.web.indicatordata.models import ManualValue

    found = (
        ManualValue.objects.filter(period=period, team__code=scope)
        if scope
        else (ManualValue.objects.filter(period=period, team__isnull=True))
    )
    return {e.code: e for e in found.select_related("entered_by")}


def dashboard(request: HttpRequest) -> HttpResponse:
    data = dashboard_data(request.user, request.GET.get("period"), request.GET.get("team"))
    person = access.person_of(request.user)
    root: tree.Node = data["tree"]
    nodes = tree.flatten(root)
    chart = {
        "indicators": [
            {
                "code": n.code,
                "name": n.name,
                "score": n.score,
                "target": 100.0 if n.target is not None else None,
                "status": n.status,
                "url": drill_url(n, data["period"], data["team"]),
            }
            for n in nodes
            if n.is_indicator and n.score is not None
        ],
        "trends": data["trends"],
    }
    teams = list(access.visible_teams(person).values_list("code", flat=True))
    entered = entered_values(data["period"], data["team"])
    references = benchmarks.by_indicator()
    directions = benchmarks.directions() if references else {}
    return render(
        request,
        "dashboard/dashboard.html",
        {
            **data,
            "dimensions": [
                {"node": d, "url": drill_url(d, data["period"], data["team"])}
                for d in root.children
            ],
            "rows": [
                {
                    "node": n,
                    "url": drill_url(n, data["period"], data["team"]),
                    "entered": entered.get(n.code),
                    "benchmarks": benchmarks.beside(n, directions, references.get(n.code, []))
                    if n.is_indicator
                    else None,
                }
                for n in nodes
            ],
            "chart_json": chart,
            "teams": teams,
            "centre_allowed": person.role != "team_lead",
            "export_query": urlencode({"period": data["period"], "team": data["team"]}),
        },
    )


def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    data = dashboard_data(request.user, request.GET.get("period"), request.GET.get("team"))
    out = [
        [
            data["period"],
            data["team"] or "centre",
            n.code,
            n.name,
            n.level,
            n.weight,
            n.value,
            n.unit,
            n.score,
            n.target,
            n.status,
            n.change,
            n.definition,
            n.pending,
            n.provisional,
            "" if n.attribution == "-" else n.attribution,
        ]
        for n in tree.flatten(data["tree"])
    ]
    record(
        f"export.dashboard.{fmt}",
        request=request,
        object_type="dashboard",
        object_id=f"{data['period']}/{data['team'] or 'centre'}",
        after={"rows": len(out)},
    )
    return exports.respond(fmt, f"indicators-{data['period']}", TREE_COLUMNS, out)


def records_page(request: HttpRequest, kind: str) -> HttpResponse:
    qs = records.query(request.user, kind, request.GET)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    person = access.person_of(request.user)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    cfg = records.kpi_config() if kind == "interactions" else None
    template = "dashboard/records_table.html" if request.headers.get("HX-Request") else None
    context = {
        "kind": kind,
        "columns": records.COLUMNS[kind],
        "rows": [records.row(kind, o, cfg) for o in page.object_list],
        "page": page,
        "total": page.paginator.count,
        "params": params,
        "query": urlencode(params),
        "teams": list(access.visible_teams(person).values_list("code", flat=True)),
        "indicator": request.GET.get("indicator", ""),
        "figures": indicator_figures(request.user, request.GET) if kind == "interactions" else None,
        "hidden": {
            k: v
            for k, v in params.items()
            if k in ("channel", "contact_type", "lookahead", "scope", "agent")
        },
        "queues": QUEUES,
    }
    return render(request, template or "dashboard/records.html", context)


def records_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    qs = (
        records.query(request.user, kind, request.GET).select_related("questionnaire")
        if kind == "responses"
        else records.query(request.user, kind, request.GET)
    )
    columns, out = records.export_table(kind, qs)
    record(
        f"export.{kind}.{fmt}",
        request=request,
        object_type=kind,
        object_id="",
        after={"rows": len(out), "filters": {k: v for k, v in request.GET.items() if v}},
    )
    return exports.respond(fmt, kind, columns, out)


def audit_page(request: HttpRequest) -> HttpResponse:
    qs = access.audit_events_for(request.user).select_related("actor")
    action = records.checked(request.GET, ("action",)).get("action")
    if action:
        qs = qs.filter(action__startswith=action)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "audit/audit.html", {"page": page, "roles": roles})
