"""Writing the audit trail. Call :func:`record` inside the transaction that changes state,
so that the change and its audit row commit together or not at all."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

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
