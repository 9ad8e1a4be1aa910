"""The indicator dashboard, the records behind it, exports and the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from serviq.errors import InvalidInput, NotFound, Where
from serviq.ops.definitions import load_queues
from serviq.ops.schemas import CHANNELS, CONTACT_TYPES
from serviq.web import labels
from serviq.web.audit.trail import record
from serviq.web.dashboard import columns as columns_of
from serviq.web.dashboard import drill, exports, finding, records, tree
from serviq.web.indicatordata import benchmarks
from serviq.web.org import access, roles

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
    """The records behind an indicator's number; none for a dimension, for a number without
    a value, or one read from no listed records (QA, checklists, values entered by hand —
    these show their evidence on the dashboard). A queue KPI at team scope drills into the
    queues the team owns (abandoned contacts have no team); one owning no queue has no
    records to show."""
    if (
        not node.is_indicator
        or node.value is None
        or node.source not in records.KINDS
        or node.attribution == "-"
        or not drill.kind_of(node.code)
    ):
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


PAGE_SIZE = 100
EXPORT_CHUNK = 2000
LAYOUTS = ("labels", "data")


@dataclass(frozen=True)
class Found:
    """The records a page or export lists: a queryset, or the drilled records' keys."""

    qs: QuerySet[Any]
    behind: drill.Behind | None
    pks: list[int] | None  # in drill-down: the listed records, in order
    hidden: int  # records behind the number outside the user's scope


def find(request: HttpRequest, kind: str, *, drilled: bool = True) -> Found:
    """The records asked for: scoped and filtered (:func:`records.query`), narrowed and
    sorted (:mod:`finding`) and, with ``indicator`` (unless ``drilled`` is False), only
    those behind its number."""
    params = request.GET
    qs = finding.narrow(records.query(request.user, kind, params), kind, params)
    code = params.get("indicator") or ""
    if not code or not drilled:
        return Found(qs, None, None, 0)
    asked = records.checked(
        {
            "indicator": code,
            "period": params.get("period") or "",
            "scope": params.get("scope") or "",
        },
        ("indicator", "period", "scope"),
    )
    if not asked.get("period"):
        raise InvalidInput("a drill-down needs its period (YYYY-MM)", where=Where(field="period"))
    scope = access.dashboard_scope_for(request.user, asked.get("scope") or None)
    behind = drill.behind(drill.stored(asked["indicator"], asked["period"], scope))
    if behind.kind != kind:
        raise NotFound(f"{code} is computed from {behind.kind}, not {kind}")
    key = drill.key_field(kind)
    pks = [pk for pk, k in qs.values_list("pk", key) if str(k) in behind.marks]
    visible = records.query(request.user, kind, {"period": asked["period"]}).values_list(key)
    seen = sum(1 for (k,) in visible if str(k) in behind.marks)
    return Found(qs, behind, pks, len(behind.marks) - seen)


def _objects(found: Found, pks: list[int]) -> list[Any]:
    got = found.qs.model.objects.select_related("team", "agent").in_bulk(pks)
    return [got[pk] for pk in pks if pk in got]


def _key(kind: str, obj: Any) -> str:
    return str(obj.interaction_id if kind == "interactions" else obj.pk)


def records_page(request: HttpRequest, kind: str) -> HttpResponse:
    found = find(request, kind)
    source: Any = found.pks if found.pks is not None else found.qs
    page = Paginator(source, finding.per_page(request.GET)).get_page(request.GET.get("page"))
    objs = _objects(found, list(page.object_list)) if found.pks is not None else page.object_list
    person = access.person_of(request.user)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    cfg = records.kpi_config() if kind == "interactions" else None
    template = "dashboard/records_table.html" if request.headers.get("HX-Request") else None
    columns = records.COLUMNS[kind]
    marks = found.behind.marks if found.behind else None
    names = records.names_of(objs)
    sort = request.GET.get("sort") or ""
    context = {
        "kind": kind,
        "columns": [
            {
                "code": c,
                "label": columns_of.label(c),
                "sort": urlencode({**params, "sort": c if sort != c else f"-{c}"}),
                "sorted": "ascending" if sort == c else "descending" if sort == f"-{c}" else "",
                "sortable": c in finding.SORTS[kind],
            }
            for c in columns
        ],
        "rows": [
            {
                "mark": columns_of.mark_text(marks.get(_key(kind, o))) if marks else "",
                "values": labels.shown_rows(columns, [records.row(kind, o, cfg)], names)[0],
            }
            for o in objs
        ],
        "page": page,
        "total": page.paginator.count,
        "params": params,
        "query": urlencode(params),
        "teams": list(access.visible_teams(person).values_list("code", flat=True)),
        "agents": _agents(person),
        "channels": CHANNELS,
        "contact_types": CONTACT_TYPES,
        "indicator": request.GET.get("indicator", ""),
        "indicator_name": _indicator_name(found),
        "behind": found.behind,
        "hidden_count": found.hidden,
        "figures": indicator_figures(request.user, request.GET) if found.behind else None,
        "hidden": {
            k: v for k, v in params.items() if k in ("lookahead", "scope", "sort", "per_page")
        },
        "queues": load_queues(),
    }
    return render(request, template or "dashboard/records.html", context)


def _agents(person: Any) -> list[tuple[str, str]]:
    from serviq.web.org.models import Person

    if person.role == "agent":
        return [(person.code, person.name)]
    found = Person.objects.filter(role="agent", team__in=access.visible_teams(person))
    return list(found.order_by("name").values_list("code", "name"))


def _indicator_name(found: Found) -> str:
    if found.behind is None:
        return ""
    r = drill.stored(found.behind.code, found.behind.period, found.behind.scope)
    return tree.text_in(r.names, _lang()) or r.code


def _rows(kind: str, found: Found, layout: str) -> Iterator[list[Any]]:
    """The export's rows, read in chunks of :data:`EXPORT_CHUNK` (never all at once)."""
    cfg = records.kpi_config() if kind == "interactions" else None
    columns = records.COLUMNS[kind]
    marks = found.behind.marks if found.behind else None

    def out(o: Any) -> list[Any]:
        values = records.row(kind, o, cfg)
        if layout == "data":
            return values
        shown = columns_of.shown(columns, values, o)
        return [columns_of.mark_text(marks.get(_key(kind, o))), *shown] if marks else shown

    if found.pks is not None:
        for i in range(0, len(found.pks), EXPORT_CHUNK):
            yield from (out(o) for o in _objects(found, found.pks[i : i + EXPORT_CHUNK]))
    else:
        qs = found.qs.select_related("team", "agent")
        yield from (out(o) for o in qs.iterator(chunk_size=EXPORT_CHUNK))


def records_export(
    request: HttpRequest, kind: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The listed records as CSV (streamed) or XLSX: by default what the page lists, with
    its localised headers and rounded values (a drill-down's records with their part in
    the number); ``layout=data`` every record the filters select — a drill-down's whole
    context, the FCR's window after the month included — with the import's column names
    and full precision (responses wide, one column per item), for ``serviq ops kpi`` and
    ``serviq survey import``."""
    layout = request.GET.get("layout") or "labels"
    if layout not in LAYOUTS:
        raise InvalidInput(
            f"{layout[:20]!r} is not an export layout; allowed: {', '.join(LAYOUTS)}",
            where=Where(field="layout"),
        )
    if fmt not in exports.FORMATS:
        raise NotFound(f"no export format {fmt!r}; allowed: {', '.join(exports.FORMATS)}")
    # the data layout holds every record the number read (the FCR's window after the month
    # too), so that serviq ops kpi on it rebuilds the number; the labelled one what is listed
    found = find(request, kind, drilled=layout != "data")
    count = len(found.pks) if found.pks is not None else found.qs.count()
    filters = {k: v for k, v in request.GET.items() if v}
    if layout == "data" and kind == "responses":
        columns, out = records.export_table(kind, found.qs.select_related("questionnaire"))
        rows: Iterable[Sequence[Any]] = out
    else:
        columns = records.COLUMNS[kind]
        if layout == "labels":
            columns = columns_of.headers(columns)
            if found.behind is not None:
                columns = [columns_of.label("in_number"), *columns]
        rows = _rows(kind, found, layout)
    record(
        f"export.{kind}.{fmt}",
        request=request,
        object_type=kind,
        object_id="",
        after={"rows": count, "filters": filters, "layout": layout},
    )
    return exports.stream(fmt, kind, columns, rows)


def audit_page(request: HttpRequest) -> HttpResponse:
    from serviq.web.audit.trail import narrow as narrow_audit

    qs = narrow_audit(access.audit_events_for(request.user), request.GET).select_related(
        "actor__person"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "audit/audit.html",
        {"page": page, "roles": roles, "params": params, "query": urlencode(params)},
    )
