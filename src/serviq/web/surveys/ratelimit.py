"""A fixed-window rate limit per client address, kept in the database so that it holds
across gunicorn workers. The address is stored only as its salted pseudonym."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from serviq.web.audit.trail import client_ip
from serviq.web.errors import TooManyRequests
from serviq.web.policy import load_policy
from serviq.web.privacy import client_pseudonym


def check(request: HttpRequest, scope: str = "survey") -> None:
    """Count this request; raise :class:`TooManyRequests` past the per-minute limit."""
    from serviq.web.surveys.models import RateBucket

    limit = load_policy().survey.rate_limit_per_minute
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    key = f"{scope}:{client_pseudonym(client_ip(request))}"  # never the address itself
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # a lost counter after a crash is harmless: do not wait for the WAL flush
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        updated = RateBucket.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateBucket.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                RateBucket.objects.filter(key=key, window=window).update(count=F("count") + 1)
            else:
                # a new window for this address: forget windows older than five minutes
                RateBucket.objects.filter(window__lt=window - dt.timedelta(minutes=5)).delete()
        count = RateBucket.objects.get(key=key, window=window).count
    if count > limit:
        raise TooManyRequests(
            f"too many requests from your address; at most {limit} a minute, try again shortly"
        )
