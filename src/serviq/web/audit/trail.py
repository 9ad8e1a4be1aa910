"""Writing the audit trail. Call :func:`record` inside the transaction that changes state,
so that the change and its audit row commit together or not at all."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from serviq.messages import error
from serviq.web.audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    ip = request.META.get("REMOTE_ADDR")
    return str(ip) if ip else None


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    department: Any = None,
) -> AuditEvent:
    """Append one audit row; ``actor`` defaults to the request's user."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if department is None and actor is not None:
        person = getattr(actor, "person", None)
        department = getattr(person, "department", None) if person else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=getattr(actor, "username", "") if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        ip=client_ip(request),
        user_agent=(request.headers.get("User-Agent", "") if request else "")[:300],
        department=department,
    )


AUDIT_FILTERS = ("who", "action", "object_type", "object_id", "date_from", "date_to")


def narrow(qs: Any, params: Any) -> Any:
    """Audit events narrowed by who (login or name, contains), what (``action``, a prefix:
    ``export`` finds every export), object (``object_type`` exact, ``object_id`` exact) and
    when (``date_from`` / ``date_to``, ``YYYY-MM-DD`` inclusive, centre's zone); newest first."""
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

    from serviq.errors import InvalidInput, Where
    from serviq.web.dashboard.finding import _day

    zone = timezone.get_default_timezone()
    for name in AUDIT_FILTERS:
        value = params.get(name) or ""
        if len(value) > 100 or any(ord(c) < 32 for c in value):
            raise error(InvalidInput, "form.too_long", where=Where(field=name), field=name)
    if params.get("who"):
        who = params["who"]
        qs = qs.filter(
            Q(actor_name__icontains=who)
            | Q(actor__username__icontains=who)
            | Q(actor__person__name__icontains=who)
        )
    if params.get("action"):
        qs = qs.filter(action__startswith=params["action"])
    if params.get("object_type"):
        qs = qs.filter(object_type=params["object_type"])
    if params.get("object_id"):
        qs = qs.filter(object_id=params["object_id"])
    for name, op, extra in (("date_from", "gte", 0), ("date_to", "lt", 1)):
        if params.get(name):
            day = _day(params[name], name) + dt.timedelta(days=extra)
            start = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
            qs = qs.filter(**{f"at__{op}": start})
    return qs.order_by("-at", "-id")
