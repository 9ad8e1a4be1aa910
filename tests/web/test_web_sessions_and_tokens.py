"""The small items of the security review: no caching of authenticated pages and exports,
HTTPS only (redirect and HSTS) when secure cookies are on, API tokens that expire."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from serviq.settings import load_settings
from serviq.web.config import django_settings


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/dashboard/", "/records/interactions/", "/records/interactions/export.csv"]
)
def test_authenticated_pages_and_exports_are_not_stored(as_user: Any, path: str) -> None:
    r = as_user("centre").get(path)
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    assert "private" in r["Cache-Control"]


@pytest.mark.django_db
def test_api_answers_to_a_token_are_not_stored(client: Any, token_for: Any) -> None:
    r = client.get("/api/me", headers={"Authorization": f"Bearer {token_for('lead1')}"})
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]


def test_public_pages_may_be_cached_as_usual(client: Any) -> None:
    assert "no-store" not in client.get("/login/").get("Cache-Control", "")


def test_secure_cookies_bring_https_redirect_and_hsts(tmp_path: Path) -> None:
    env = {"SERVIQ_SECRET_KEY": "k" * 50, "SERVIQ_HOME": str(tmp_path)}
    s = django_settings(load_settings(env), env)
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    proxied = {**env, "SERVIQ_TRUST_FORWARDED_PROTO": "1"}
    assert django_settings(load_settings(proxied), proxied)["SECURE_PROXY_SSL_HEADER"] == (
        "HTTP_X_FORWARDED_PROTO",
        "https",
    )
    plain = {**env, "SERVIQ_SECURE_COOKIES": "0"}
    s = django_settings(load_settings(plain), plain)
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.django_db
def test_a_new_token_expires_after_the_policy_days(as_user: Any) -> None:
    from serviq.web.org.models import ApiToken

    client = as_user("lead1")
    assert client.post("/tokens/", {"name": "reporting"}).status_code == 200
    t = ApiToken.objects.get(name="reporting")
    assert abs(t.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    assert t.expires_at.strftime("%Y-%m-%d") in client.get("/tokens/").content.decode()


@pytest.mark.django_db
def test_an_expired_token_is_a_401_saying_so(client: Any, token_for: Any) -> None:
    from serviq.web.org.models import ApiToken

    token = token_for("lead1")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=auth).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = client.get("/api/me", headers=auth)
    assert r.status_code == 401
    assert "expired" in r.json()["detail"]
    assert "/tokens/" in r.json()["detail"]
