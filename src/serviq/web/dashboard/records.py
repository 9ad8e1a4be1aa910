"""The records behind the numbers: interactions and survey responses, as table rows.

Pages, the API and exports all build their rows here, from a queryset that
:func:`serviq.web.org.access.records_for` has already scoped to the user.

Interactions carry every column a KPI definition reads, under the names ``serviq ops kpi``
imports (customer and issue keys pseudonymised with a keyed hash: the same key always gives
the same pseudonym, so FCR's repeat matching survives and no key can be read back), so
that ``serviq ops kpi`` on an export reproduces the dashboard's value; ``period``,
``wait_seconds``, ``handle_seconds`` and ``short_abandoned`` are derived for people.
The FCR drill-down (``lookahead=fcr``) adds the contacts of the FCR window after the
period: the repeats that decide the period's contacts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from serviq.errors import InvalidInput, Where
from serviq.web.dashboard.models import Interaction
from serviq.web.org import access
from serviq.web.surveys.models import SurveyResponse

KINDS = {"interactions": Interaction, "responses": SurveyResponse}
EXTRA_FILTERS = {"interactions": ("channel", "contact_type", "lookahead")}
LOOKAHEADS = ("fcr",)  # KPIs whose value depends on contacts after the period

INTERACTION_COLUMNS = [
    "interaction_id",
    "period",
    "channel",
    "queue",
    "contact_type",
    "team_id",
    "agent_id",
    "customer_key",
    "issue_key",
    "arrived_at",
    "answered_at",
    "ended_at",
    "hold_seconds",
    "wrapup_seconds",
    "abandoned",
    "short_abandoned",
    "transferred",
    "resolved",
    "csat",
    "wait_seconds",
    "handle_seconds",
]
RESPONSE_COLUMNS = [
    "response_id",
    "period",
    "submitted_at",
    "team",
    "agent",
    "queue",
    "language",
    "NPS",
    "CSAT",
    "CES",
    "comment",
]
COLUMNS = {"interactions": INTERACTION_COLUMNS, "responses": RESPONSE_COLUMNS}


def model_of(kind: str) -> Any:
    if kind not in KINDS:
        raise InvalidInput(f"unknown record kind {kind!r}; allowed: {', '.join(KINDS)}")
    return KINDS[kind]


PERIOD = re.compile(r"^\d{4}-\d{2}$")
CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def checked(params: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The filter values asked for, each a period (YYYY-MM) or a code; else InvalidInput."""
    out: dict[str, str] = {}
    for name in names:
        value = params.get(name) or ""
        if not value:
            continue
        pattern = PERIOD if name == "period" else CODE
        if not pattern.match(value):
            allowed = "YYYY-MM" if name == "period" else "letters, digits, _ . -"
            value = value.replace("\x00", "")
            raise InvalidInput(
                f"{value[:40]!r} is not a valid {name}; allowed: {allowed}", where=Where(field=name)
            )
        out[name] = value
    return out


def query(user: Any, kind: str, params: Mapping[str, str]) -> QuerySet[Any]:
    """The records of ``kind`` the user may see, filtered by period, team, queue, agent, …

    ``queue`` may name several queues, comma-separated (the queues a team owns).
    ``lookahead=fcr`` with a period widens it to the contacts that arrived up to the FCR
    window after the period's end (in the centre's zone)."""
    model_of(kind)
    raw = {k: params.get(k) or "" for k in params}
    queues = [q for q in (raw.get("queue") or "").split(",") if q]
    raw["queue"] = queues[0] if len(queues) == 1 else ""
    params = checked(raw, ("period", "team", "queue", "agent", *EXTRA_FILTERS.get(kind, ())))
    for q in queues:
        checked({"queue": q}, ("queue",))
    lookahead = params.pop("lookahead", "")
    if lookahead and lookahead not in LOOKAHEADS:
        raise InvalidInput(
            f"{lookahead!r} is not a look-ahead; allowed: {', '.join(LOOKAHEADS)}",
            where=Where(field="lookahead"),
        )
    period = params.get("period") or None
    qs = access.records_for(
        user,
        model_of(kind),
        period=None if lookahead else period,
        team=params.get("team") or None,
        queue=params.get("queue") or None,
        agent=params.get("agent") or None,
    )
    if len(queues) > 1:
        qs = qs.filter(queue__in=queues)
    if lookahead and period:
        start, end = _period_bounds(period)
        qs = qs.filter(arrived_at__gte=start, arrived_at__lt=end + _fcr_window())
    for name in EXTRA_FILTERS.get(kind, ()):
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    return qs.select_related("team", "agent")


def _period_bounds(period: str) -> tuple[dt.datetime, dt.datetime]:
    """The month ``YYYY-MM`` as [start, end) in the centre's zone."""
    zone = timezone.get_default_timezone()
    year, month = int(period[:4]), int(period[5:7])
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def _fcr_window() -> dt.timedelta:
    from serviq.ops.definitions import load_kpi_config

    return dt.timedelta(days=load_kpi_config().fcr_window_days)


def pseudonym(value: str | None, label: str) -> str:
    """A keyed hash of a key (HMAC-SHA256 with the installation's secret, 16 hex digits):
    equal keys give equal pseudonyms, and the key cannot be read back or guessed."""
    if not value:
        return ""
    from django.conf import settings

    secret = f"serviq.records.{label}:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:16]


def _local(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value is not None else ""


def _seconds(a: Any, b: Any) -> float | None:
    return (b - a).total_seconds() if a is not None and b is not None else None


def kpi_config() -> Any:
    """The centre's KPI parameters (read once per page or export, passed to :func:`row`)."""
    from serviq.ops.definitions import load_kpi_config

    return load_kpi_config()


def row(kind: str, obj: Any, cfg: Any = None) -> list[Any]:
    if kind == "interactions":
        from serviq.ops.kpis import is_short_abandon

        talk = _seconds(obj.answered_at, obj.ended_at)
        cfg = cfg if cfg is not None else kpi_config()
        short = is_short_abandon(obj.abandoned, obj.answered_at, obj.arrived_at, obj.ended_at, cfg)
        return [
            obj.interaction_id,
            obj.period,
            obj.channel,
            obj.queue,
            obj.contact_type,
            obj.team.code if obj.team else "",
            obj.agent.code if obj.agent else "",
            pseudonym(obj.customer_key, "customer_key"),
            pseudonym(obj.issue_key, "issue_key"),
            _local(obj.arrived_at),
            _local(obj.answered_at),
            _local(obj.ended_at),
            obj.hold_seconds,
            obj.wrapup_seconds,
            obj.abandoned,
            short,
            obj.transferred,
            obj.resolved,
            obj.csat,
            _seconds(obj.arrived_at, obj.answered_at),
            None if talk is None else talk + obj.hold_seconds + obj.wrapup_seconds,
        ]
    a = obj.answers or {}
    return [
        obj.pk,
        obj.period,
        _local(obj.submitted_at),
        obj.team.code if obj.team else "",
        obj.agent.code if obj.agent else "",
        obj.queue,
        obj.language,
        a.get("NPS"),
        a.get("CSAT"),
        a.get("CES"),
        obj.comment,
    ]


def names_of(objs: Any) -> dict[str, str]:
    """The names of the agents and teams of ``objs`` (records), by code, for the page."""
    out: dict[str, str] = {}
    for o in objs:
        for who in (o.agent, o.team):
            if who is not None:
                out[who.code] = who.name
    return out


def as_dicts(kind: str, objs: Any) -> list[dict[str, Any]]:
    cols = COLUMNS[kind]
    cfg = kpi_config() if kind == "interactions" else None
    return [dict(zip(cols, row(kind, o, cfg), strict=True)) for o in objs]


def export_table(kind: str, qs: QuerySet[Any]) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows of an export. Responses are wide — one column per item code, in
    the questionnaire's order — so that ``serviq survey import|reliability|efa …`` read the
    file as it is."""
    objs = list(qs)
    if kind != "responses":
        cfg = kpi_config()
        return COLUMNS[kind], [row(kind, o, cfg) for o in objs]
    codes: list[str] = []
    for q_id in sorted({o.questionnaire_id for o in objs}):
        definition = objs[[o.questionnaire_id for o in objs].index(q_id)].questionnaire.definition
        for item in definition.get("items", []):
            code = str(item["code"])
            if item.get("kind") != "comment" and code not in codes:
                codes.append(code)
    for o in objs:
        for code in o.answers or {}:
            if code not in codes:
                codes.append(code)
    base = ["response_id", "period", "submitted_at", "team", "agent", "queue", "language"]
    out = []
    for o in objs:
        first = row(kind, o)
        answers = o.answers or {}
        out.append([*first[:7], *(answers.get(c) for c in codes), o.comment])
    return [*base, *codes, "COMMENT"], out
