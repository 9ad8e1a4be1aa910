"""The records behind the numbers: interactions and survey responses, as table rows.

Pages, the API and exports all build their rows here, from a queryset that
:func:`serviq.web.org.access.records_for` has already scoped to the user.
"""

from __future__ import annotations

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
EXTRA_FILTERS = {"interactions": ("channel", "contact_type")}

INTERACTION_COLUMNS = [
    "interaction_id",
    "period",
    "arrived_at",
    "channel",
    "queue",
    "contact_type",
    "team",
    "agent",
    "wait_seconds",
    "handle_seconds",
    "abandoned",
    "transferred",
    "resolved",
    "csat",
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
    """The records of ``kind`` the user may see, filtered by period, team, queue, agent, …"""
    model_of(kind)
    params = checked(params, ("period", "team", "queue", "agent", *EXTRA_FILTERS.get(kind, ())))
    qs = access.records_for(
        user,
        model_of(kind),
        period=params.get("period") or None,
        team=params.get("team") or None,
        queue=params.get("queue") or None,
        agent=params.get("agent") or None,
    )
    for name in EXTRA_FILTERS.get(kind, ()):
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    return qs.select_related("team", "agent")


def _local(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value is not None else ""


def _seconds(a: Any, b: Any) -> float | None:
    return (b - a).total_seconds() if a is not None and b is not None else None


def row(kind: str, obj: Any) -> list[Any]:
    if kind == "interactions":
        talk = _seconds(obj.answered_at, obj.ended_at)
        return [
            obj.interaction_id,
            obj.period,
            _local(obj.arrived_at),
            obj.channel,
            obj.queue,
            obj.contact_type,
            obj.team.code if obj.team else "",
            obj.agent.code if obj.agent else "",
            _seconds(obj.arrived_at, obj.answered_at),
            None if talk is None else talk + obj.hold_seconds + obj.wrapup_seconds,
            obj.abandoned,
            obj.transferred,
            obj.resolved,
            obj.csat,
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


def as_dicts(kind: str, objs: Any) -> list[dict[str, Any]]:
    cols = COLUMNS[kind]
    return [dict(zip(cols, row(kind, o), strict=True)) for o in objs]


def export_table(kind: str, qs: QuerySet[Any]) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows of an export. Responses are wide — one column per item code, in
    the questionnaire's order — so that ``serviq survey import|reliability|efa …`` read the
    file as it is."""
    objs = list(qs)
    if kind != "responses":
        return COLUMNS[kind], [row(kind, o) for o in objs]
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
