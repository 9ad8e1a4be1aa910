"""Locking a user name after repeated failed logins (count and window in
``web/security.yaml``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from serviq.web.org.models import LoginFailure
from serviq.web.policy import load_policy


def _since() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=load_policy().login.window_minutes)


def is_locked(username: str) -> bool:
    """True when ``username`` has had the maximum failures within the window."""
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=_since()).count()
    return recent >= load_policy().login.max_failures


def note_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip=ip, at=timezone.now())


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
