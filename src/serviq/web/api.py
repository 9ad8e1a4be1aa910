"""The JSON API under ``/api/`` (OpenAPI at ``/api/openapi.json``).

Same data and the same permissions as the pages: every endpoint calls the same
:mod:`serviq.web.org.access` functions. Integrations authenticate with
``Authorization: Bearer <token>`` (:class:`~serviq.web.org.models.ApiToken`, valid for
``api_tokens.days`` of ``web/security.yaml``; an expired one is a 401 saying so); a browser
session works too.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from serviq.errors import InvalidInput, Problem, ServiqError, ValidationFailed, Where
from serviq.web.dashboard import records, views
from serviq.web.errors import Unauthenticated, error_response
from serviq.web.org import access
from serviq.web.org.models import ApiToken
from serviq.web.qa.api import router as qa_router


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        found = ApiToken.objects.select_related("user").filter(digest=digest).first()
        if found is None or not found.user.is_active:
            return None
        if found.expires_at <= timezone.now():
            raise Unauthenticated(
                f"the API token {found.name!r} expired on {found.expires_at:%Y-%m-%d}; "
                "create a new one on the tokens page (/tokens/)"
            )
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionCookie(APIKeyCookie):
    """The browser's session (read-only endpoints, so no CSRF token is needed)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="serviq",
    version="1",
    description="Customer-service quality: indicators, records, audit. Same permissions as the pages.",
    auth=[BearerToken(), SessionCookie()],
    docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
    urls_namespace="api",
)
api.add_router("/qa/", qa_router)


@api.exception_handler(ServiqError)
def _serviq_error(request: HttpRequest, exc: ServiqError) -> HttpResponse:
    return error_response(request, exc)


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Malformed parameters are bad input (400), reported like every other serviq error."""
    problems = [
        Problem(
            str(e.get("msg", "invalid value")),
            Where(field=".".join(str(p) for p in e.get("loc", ())[1:]) or None),
        )
        for e in exc.errors
    ]
    return error_response(request, ValidationFailed(problems or [Problem("invalid request")]))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals (a body that is not JSON, a failed CSRF check of a
    session's write) in the usual error shape."""
    if exc.status_code == 400:
        return error_response(request, InvalidInput(f"the request body: {exc}"))
    body = {"detail": str(exc), "error": {"code": "http", "message": str(exc)}}
    return JsonResponse(body, status=exc.status_code)


class ErrorOut(Schema):
    detail: str
    error: dict[str, Any]


class MeOut(Schema):
    username: str
    person: str
    name: str
    role: str
    team: str | None
    department: str | None


class NodeOut(Schema):
    code: str
    name: str
    definition: str
    level: int
    unit: str
    weight: float | None
    value: float | None
    score: float | None
    target: float | None
    status: str
    change: float | None
    source: str
    filters: dict[str, Any]
    # FCR-like KPIs: contacts not yet judgeable (left out), and whether the value (and every
    # node above it) will still change; the data's end; a queue KPI's owned queues at team
    # scope ("-": the team owns none)
    pending: int | None = None
    provisional: bool = False
    as_of: str | None = None
    attribution: str = ""
    children: list[NodeOut]


class TrendOut(Schema):
    code: str
    name: str
    points: list[tuple[str, float | None]]


class DashboardOut(Schema):
    period: str
    team: str
    periods: list[str]
    tree: NodeOut
    trends: list[TrendOut]


class RecordsOut(Schema):
    kind: str
    total: int
    offset: int
    columns: list[str]
    rows: list[dict[str, Any]]
    # with ?indicator=&period=: the stored value, its numerator and denominator, pending
    # count and the data's end, which the records must reproduce
    indicator: dict[str, Any] | None = None


class AuditOut(Schema):
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    ip: str | None


RecordKind = Literal["interactions", "responses"]


class RecordFilters(Schema):
    period: str | None = None
    team: str | None = None
    queue: str | None = None
    agent: str | None = None
    channel: str | None = None
    contact_type: str | None = None
    lookahead: str | None = None
    indicator: str | None = None
    scope: str | None = None
    offset: int = Field(0, ge=0, le=1_000_000_000)
    limit: int = Field(100, ge=1, le=1000)


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 401: ErrorOut}


@api.get("/me", response={200: MeOut, **ERRORS}, summary="Who the token or session belongs to")
def me(request: HttpRequest) -> Any:
    p = access.person_of(request.user)
    return {
        "username": request.user.get_username(),
        "person": p.code,
        "name": p.name,
        "role": p.role,
        "team": p.team.code if p.team else None,
        "department": p.department.code if p.department else None,
    }


@api.get(
    "/dashboard",
    response={200: DashboardOut, **ERRORS},
    summary="The indicator tree of a period for the centre or one team, with trends",
)
def dashboard(request: HttpRequest, period: str | None = None, team: str | None = None) -> Any:
    data = views.dashboard_data(request.user, period, team)
    return {**data, "tree": data["tree"].as_dict()}


@api.get(
    "/records/{kind}",
    response={200: RecordsOut, **ERRORS},
    summary="The records behind the numbers: interactions or survey responses",
)
def list_records(request: HttpRequest, kind: RecordKind, filters: Query[RecordFilters]) -> Any:
    params = {k: v for k, v in filters.dict().items() if isinstance(v, str) and v}
    qs = records.query(request.user, kind, params)
    offset = max(filters.offset, 0)
    limit = min(max(filters.limit, 1), 1000)
    page = list(qs[offset : offset + limit])
    return {
        "kind": kind,
        "total": qs.count(),
        "offset": offset,
        "columns": records.COLUMNS[kind],
        "rows": records.as_dicts(kind, page),
        "indicator": views.indicator_figures(request.user, params)
        if kind == "interactions"
        else None,
    }


@api.get("/audit", response={200: list[AuditOut], **ERRORS}, summary="The audit trail")
def audit(
    request: HttpRequest, action: str | None = None, limit: int = Query(100, ge=1, le=1000)
) -> Any:
    qs = access.audit_events_for(request.user)
    action = records.checked({"action": action or ""}, ("action",)).get("action")
    if action:
        qs = qs.filter(action__startswith=action)
    return [
        {
            "at": e.at.isoformat(),
            "actor": e.actor_name,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "before": e.before,
            "after": e.after,
            "ip": e.ip,
        }
        for e in qs[: min(max(limit, 1), 1000)]
    ]
