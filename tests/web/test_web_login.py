"""Login with lockout, CSRF on forms, security headers, one error handler, languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from serviq.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from serviq.web.errors import TooManyRequests, status_of

pytestmark = pytest.mark.django_db

PASSWORD = "A-long-enough-Passw0rd"


@pytest.fixture
def lead(db) -> User:
    u = User.objects.get(username="lead1")
    u.set_password(PASSWORD)
    u.save()
    return u


def test_a_right_password_logs_in(client, lead) -> None:
    r = client.post("/login/", {"username": "lead1", "password": PASSWORD})
    assert r.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_the_account_locks_after_repeated_failures(
    client, lead, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "security.yaml").write_text(
        "login:\n  max_failures: 3\n  window_minutes: 10\n", encoding="utf-8"
    )
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    for _ in range(3):
        assert client.post("/login/", {"username": "lead1", "password": "wrong"}).status_code == 400
    r = client.post("/login/", {"username": "lead1", "password": PASSWORD})
    assert r.status_code == 429  # locked even with the right password
    assert "登录失败次数过多" in r.content.decode()


def test_a_bad_policy_file_is_refused_naming_file_and_field(tmp_path: Path, monkeypatch) -> None:
    from serviq.web.policy import load_policy

    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "security.yaml").write_text("login:\n  max_failures: 0\n", encoding="utf-8")
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    with pytest.raises(InvalidInput) as info:
        load_policy()
    assert "max_failures" in str(info.value)
    assert "security.yaml" in str(info.value)


def test_forms_need_the_csrf_token(lead) -> None:
    strict = Client(enforce_csrf_checks=True)
    r = strict.post("/login/", {"username": "lead1", "password": PASSWORD})
    assert r.status_code == 403


def test_security_headers(client) -> None:
    r = client.get("/login/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_pages_in_three_languages(client) -> None:
    assert "登录" in client.get("/login/", headers={"Accept-Language": "zh-CN"}).content.decode()
    assert "登入" in client.get("/login/", headers={"Accept-Language": "zh-TW"}).content.decode()
    assert "Log in" in client.get("/login/", headers={"Accept-Language": "en"}).content.decode()


def test_errors_map_to_one_status_each() -> None:
    assert status_of(InvalidInput("x")) == 400
    assert status_of(PermissionDenied("x")) == 403
    assert status_of(NotFound("x")) == 404
    assert status_of(Conflict("x")) == 409
    assert status_of(TooManyRequests("x")) == 429


def test_the_same_message_as_html_and_json(as_user, token_for) -> None:
    client = as_user("lead1")
    html = client.get("/records/interactions/", {"team": "T2"})
    token = token_for("lead1")
    api = client.get(
        "/api/records/interactions", {"team": "T2"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert html.status_code == api.status_code == 404
    assert api.json()["detail"] == "no team T2 in your scope"
    assert "no team T2 in your scope" in html.content.decode()


def test_logout_is_a_post(as_user) -> None:
    client = as_user("lead1")
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302
