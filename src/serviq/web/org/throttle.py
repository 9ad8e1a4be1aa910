"""The login throttle: failed logins counted per user name and per client address.

Every login (the main page and the admin site's, which is the same view) goes through
:func:`attempt`:

1. **admit** — one transaction locks the name's and the address's
   :class:`~serviq.web.org.models.LoginThrottle` rows (``select_for_update``, in a fixed
   order; on SQLite the transaction holds the write lock from BEGIN). A key that is
   throttled, or whose failures plus the attempts being checked right now reach its limit,
   refuses the attempt (HTTP 429, audited ``login.throttled``). Otherwise the attempt is
   counted as *pending* before the password is checked, so concurrent attempts can never
   get past the limit together.
2. **check** the password with Django's ``authenticate`` (outside the lock: password
   hashing is slow on purpose).
3. **settle** — a second transaction moves the attempt from pending to a failure
   (``login.failed``) or, on success, clears the name's row (``login``); the address keeps
   its failures, so one address cannot reset its count by logging in to its own account.
   Rows that hold nothing any more are deleted here (:func:`prune`), so the table stays as
   small as the names and addresses tried within the last window.

Reaching a limit throttles the key for ``throttle_minutes``; every further throttle in a
row is ``throttle_growth`` times longer, up to ``max_throttle_minutes``. Nothing is locked
for good: no five requests can lock the administrator out longer than the throttle, and
guessing stays limited to ``max_failures`` attempts per window per name and
``max_failures_per_address`` per address. The numbers are ``login`` in
``web/security.yaml``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from serviq.web.audit.trail import client_ip, record
from serviq.web.org.models import LoginThrottle
from serviq.web.policy import LoginPolicy, load_policy


@dataclass(frozen=True)
class Outcome:
    """What became of one attempt: the user (on success), or how long to wait."""

    user: Any = None
    retry_after: int = 0  # seconds; > 0 when the attempt was refused unchecked

    @property
    def throttled(self) -> bool:
        return self.retry_after > 0


def limit_of(kind: str, policy: LoginPolicy) -> int:
    return policy.max_failures if kind == "user" else policy.max_failures_per_address


def throttle_length(strikes: int, policy: LoginPolicy) -> dt.timedelta:
    """The ``strikes``-th throttle in a row (0 = the first):
    min(throttle · growth^strikes, max_throttle) minutes."""
    minutes = min(
        policy.throttle_minutes * policy.throttle_growth ** min(strikes, 64),
        policy.max_throttle_minutes,
    )
    return dt.timedelta(minutes=minutes)


def _fresh(row: LoginThrottle, now: dt.datetime, policy: LoginPolicy) -> None:
    """Start a new window once the old one is over; forget the strikes after a quiet one."""
    window = dt.timedelta(minutes=policy.window_minutes)
    if row.window_start + window > now:
        return
    quiet = row.blocked_until is None or row.blocked_until + window <= now
    row.failures = row.pending = 0
    row.window_start = now
    if quiet:
        row.strikes = 0


def _fail(row: LoginThrottle, now: dt.datetime, policy: LoginPolicy) -> None:
    row.failures += 1
    if row.failures >= limit_of(row.kind, policy):
        row.blocked_until = now + throttle_length(row.strikes, policy)
        row.strikes += 1
        row.failures = 0
        row.window_start = now


def _keys(username: str, ip: str | None) -> list[tuple[str, str]]:
    return [("address", ip or "unknown"), ("user", username)]


def _locked(keys: list[tuple[str, str]], now: dt.datetime) -> list[LoginThrottle]:
    """The rows of ``keys``, created when missing, locked in (kind, key) order.

    A quiet row may be pruned by another login between its creation and its lock; it is
    then created again (a pruned row and a new one mean the same: nothing counted)."""
    rows = []
    for kind, key in sorted(keys):
        row = None
        while row is None:
            LoginThrottle.objects.get_or_create(kind=kind, key=key, defaults={"window_start": now})
            row = LoginThrottle.objects.select_for_update().filter(kind=kind, key=key).first()
        rows.append(row)
    return rows


def prune(now: dt.datetime, policy: LoginPolicy) -> int:
    """Delete the rows that hold nothing any more: their window is over, no attempt is being
    checked, and no throttle ended within the last window (so their strikes are forgotten).

    Such a row means exactly what a missing row means (:func:`_fresh` would reset it to
    zero), so deleting it changes no decision; it keeps the table from growing with every
    user name anyone ever typed. Returns the number of rows deleted."""
    window = dt.timedelta(minutes=policy.window_minutes)
    quiet = LoginThrottle.objects.filter(pending=0, window_start__lte=now - window).filter(
        Q(blocked_until__isnull=True) | Q(blocked_until__lte=now - window)
    )
    deleted, _ = quiet.delete()
    return deleted


def normalised(username: str) -> str:
    return username.strip().lower()[:150]


def _admit(username: str, request: HttpRequest, policy: LoginPolicy) -> int:
    """0 when the attempt may be checked (and is now pending); else seconds to wait."""
    now = timezone.now()
    with transaction.atomic():
        rows = _locked(_keys(username, client_ip(request)), now)
        for row in rows:
            _fresh(row, now, policy)
        wait = dt.timedelta(0)
        for row in rows:
            if row.blocked_until is not None and row.blocked_until > now:
                wait = max(wait, row.blocked_until - now)
            elif row.failures + row.pending >= limit_of(row.kind, policy):
                # only attempts being checked right now fill the limit: retry in a moment
                wait = max(wait, dt.timedelta(seconds=1))
        if not wait:
            for row in rows:
                row.pending += 1
        for row in rows:
            row.save()
        if wait:
            record(
                "login.throttled",
                request=request,
                object_type="user",
                object_id=username[:64],
                after={"retry_after": math.ceil(wait.total_seconds())},
            )
    return math.ceil(wait.total_seconds())


def _settle(username: str, request: HttpRequest, user: Any, policy: LoginPolicy) -> None:
    now = timezone.now()
    with transaction.atomic():
        for row in _locked(_keys(username, client_ip(request)), now):
            row.pending = max(row.pending - 1, 0)
            if user is not None and row.kind == "user":
                row.failures = row.pending = row.strikes = 0
                row.blocked_until = None
            elif user is None:
                _fail(row, now, policy)
            row.save()
        if user is None:
            record("login.failed", request=request, object_type="user", object_id=username[:64])
        else:
            record("login", request=request, actor=user, obj=user, object_id=username[:64])
        prune(now, policy)


def attempt(request: HttpRequest, username: str, password: str) -> Outcome:
    """One login attempt, throttled, counted and audited (see the module docstring)."""
    policy = load_policy().login
    name = normalised(username)
    wait = _admit(name, request, policy)
    if wait:
        return Outcome(retry_after=wait)
    user = None
    try:
        user = authenticate(request, username=username, password=password)
    finally:
        _settle(name, request, user, policy)
    return Outcome(user=user)
