"""API tokens for integrations: a user creates tokens for themselves (shown once, only the
hash kept) and revokes them; both are audited. A token has its user's permissions."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from serviq.errors import InvalidInput, NotFound
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org import access
from serviq.web.org.models import ApiToken
from serviq.web.surveys.answers import number


def do_create_token(user: Any, name: str, *, request: HttpRequest | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise InvalidInput("give the token a name of 1–100 characters (what it is for)")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        t = ApiToken.objects.create(
            user=user, name=name, digest=hashlib.sha256(token.encode()).hexdigest()
        )
        record("token.create", request=request, actor=user, obj=t, after={"name": name})
    return token


def do_revoke_token(user: Any, pk: int, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        t = ApiToken.objects.filter(user=user, pk=pk).first()
        if t is None:
            raise error(NotFound, "access.no_token", token=pk)
        record("token.revoke", request=request, actor=user, obj=t, before={"name": t.name})
        t.delete()


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    access.person_of(request.user)
    new = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            do_revoke_token(
                request.user, number(request.POST.get("token"), "token"), request=request
            )
        else:
            new = do_create_token(request.user, request.POST.get("name", ""), request=request)
    mine = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "tokens.html", {"tokens": mine, "new": new})
