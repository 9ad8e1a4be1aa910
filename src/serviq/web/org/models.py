"""The organisation: centre → department → teams (班組), and the people in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from serviq.web.org.roles import Role


class Centre(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, default="Asia/Shanghai")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="departments")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["centre", "code"], name="department_code_unique"),
        )

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.code


class Person(models.Model):
    """Someone who works in the centre; ``user`` is their login (if they have one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    code = models.CharField(max_length=32, unique=True)  # A001, L01, …
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=32, choices=[(r.value, r.value) for r in Role])
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="people")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_type = models.CharField(max_length=64, blank=True)  # e.g. inbound voice, online
    skill_level = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LoginThrottle(models.Model):
    """Failed logins of one user name (``kind="user"``) or one client address
    (``kind="address"``) in the current window, and the throttle they caused.

    One row per key, locked (``select_for_update``) while it is read and written, so that
    concurrent attempts are counted one after the other (:mod:`serviq.web.org.throttle`).
    ``pending`` counts attempts whose password is being checked; ``strikes`` how many
    throttles in a row the key has had (each one longer).
    """

    kind = models.CharField(max_length=8)
    key = models.CharField(max_length=150)
    failures = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)
    strikes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["kind", "key"], name="login_throttle_key_unique"),
        )


def token_expiry() -> dt.datetime:
    """When a token created now expires (``api_tokens.days`` of ``web/security.yaml``)."""
    from serviq.web.policy import load_policy

    return timezone.now() + dt.timedelta(days=load_policy().api_tokens.days)


class ApiToken(models.Model):
    """A token for integrations: ``Authorization: Bearer <token>``; only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # After this the token is refused (401): ``api_tokens.days`` after its creation.
    expires_at = models.DateTimeField(default=token_expiry)
