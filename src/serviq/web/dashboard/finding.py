"""Finding records: date range, free text and sorting on top of the scoped filters.

:func:`serviq.web.dashboard.records.query` has already scoped the records to the user and
applied period, team, queue, agent, channel and contact type; this adds ``date_from`` /
``date_to`` (``YYYY-MM-DD``, inclusive, in the centre's zone), ``q`` (free text: record
id, agent name or code, queue, channel, contact type; for responses also the comment) and
``sort`` (a column of the page, ``-`` first for descending); ``per_page`` is 25, 50, 100
(default) or 500. Each bad value is a clear
InvalidInput naming the field and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from serviq.errors import InvalidInput, Where

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_MAX = 100

#: The columns a page sorts by, and the database field behind each.
SORTS: dict[str, dict[str, str]] = {
    "interactions": {
        "interaction_id": "interaction_id",
        "period": "period",
        "channel": "channel",
        "queue": "queue",
        "contact_type": "contact_type",
        "team_id": "team__code",
        "agent_id": "agent__name",
        "arrived_at": "arrived_at",
        "answered_at": "answered_at",
        "ended_at": "ended_at",
        "hold_seconds": "hold_seconds",
        "wrapup_seconds": "wrapup_seconds",
        "abandoned": "abandoned",
        "transferred": "transferred",
        "resolved": "resolved",
        "csat": "csat",
    },
    "responses": {
        "response_id": "pk",
        "period": "period",
        "submitted_at": "submitted_at",
        "team": "team__code",
        "agent": "agent__name",
        "queue": "queue",
        "language": "language",
    },
}
TIME_FIELD = {"interactions": "arrived_at", "responses": "submitted_at"}
TEXT_FIELDS = {
    "interactions": (
        "interaction_id",
        "agent__name",
        "agent__code",
        "queue",
        "channel",
        "contact_type",
    ),
    "responses": ("comment", "agent__name", "agent__code", "queue"),
}
DEFAULT_SORT = {"interactions": ("arrived_at", "id"), "responses": ("submitted_at", "id")}


def _day(value: str, name: str) -> dt.date:
    if not DATE.match(value):
        raise InvalidInput(
            f"{value[:20]!r} is not a date; allowed: YYYY-MM-DD", where=Where(field=name)
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a calendar date", where=Where(field=name)) from None


def _start_of(day: dt.date) -> dt.datetime:
    zone = timezone.get_default_timezone()
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def text_of(params: Mapping[str, str]) -> str:
    """The free text asked for, checked (at most 100 characters, no control characters)."""
    q = (params.get("q") or "").strip()
    if len(q) > TEXT_MAX or any(ord(c) < 32 for c in q):
        raise InvalidInput(
            f"the search text must be at most {TEXT_MAX} printable characters",
            where=Where(field="q"),
        )
    return q


PAGE_SIZES = (25, 50, 100, 500)


def per_page(params: Mapping[str, str]) -> int:
    """Records per page (``per_page``; default 100)."""
    raw = params.get("per_page") or "100"
    if not raw.isdigit() or int(raw) not in PAGE_SIZES:
        raise InvalidInput(
            f"{raw[:20]!r} records per page is not offered; allowed: "
            + ", ".join(str(n) for n in PAGE_SIZES),
            where=Where(field="per_page"),
        )
    return int(raw)


def sort_of(kind: str, params: Mapping[str, str]) -> tuple[str, bool]:
    """The column asked to sort by and whether descending ("" = the default order)."""
    raw = params.get("sort") or ""
    column = raw.removeprefix("-")
    if raw and column not in SORTS[kind]:
        raise InvalidInput(
            f"cannot sort by {raw[:40]!r}; allowed: {', '.join(SORTS[kind])} (- first: descending)",
            where=Where(field="sort"),
        )
    return column, raw.startswith("-")


def narrow(qs: QuerySet[Any], kind: str, params: Mapping[str, str]) -> QuerySet[Any]:
    """``qs`` narrowed by date range and free text, and sorted (module doc)."""
    field = TIME_FIELD[kind]
    start = _day(params["date_from"], "date_from") if params.get("date_from") else None
    end = _day(params["date_to"], "date_to") if params.get("date_to") else None
    if start and end and end < start:
        raise InvalidInput("date_to is before date_from", where=Where(field="date_to"))
    if start:
        qs = qs.filter(**{f"{field}__gte": _start_of(start)})
    if end:
        qs = qs.filter(**{f"{field}__lt": _start_of(end + dt.timedelta(days=1))})
    q = text_of(params)
    if q:
        match = Q()
        for name in TEXT_FIELDS[kind]:
            match |= Q(**{f"{name}__icontains": q})
        if kind == "responses" and q.isdigit() and len(q) < 12:
            match |= Q(pk=int(q))
        qs = qs.filter(match)
    column, descending = sort_of(kind, params)
    if column:
        db = SORTS[kind][column]
        return qs.order_by(f"-{db}" if descending else db, "-id" if descending else "id")
    return qs.order_by(*DEFAULT_SORT[kind])
