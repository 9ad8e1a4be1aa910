"""The audit trail: written with every change and export, readable by directors and admins."""

from __future__ import annotations

import pytest

from serviq.web.audit.models import AuditEvent
from serviq.web.audit.trail import record
from serviq.web.org.models import Department

pytestmark = pytest.mark.django_db

ALLOWED = ["dir1", "dir2", "centre", "admin"]
REFUSED = ["a001", "b001", "lead1", "qa1", "analyst"]


@pytest.fixture
def events(db) -> dict[str, AuditEvent]:
    return {
        d: record(
            "test.change",
            object_type="thing",
            object_id=d,
            before={"v": 1},
            after={"v": 2},
            department=Department.objects.get(code=d),
        )
        for d in ("D1", "D2")
    }


@pytest.mark.parametrize("login", REFUSED)
def test_others_may_not_read_the_audit_trail(as_user, token_for, login, events) -> None:
    client = as_user(login)
    assert client.get("/audit/").status_code == 403
    token = token_for(login)
    assert client.get("/api/audit", headers={"Authorization": f"Bearer {token}"}).status_code == 403


@pytest.mark.parametrize("login", ALLOWED)
def test_directors_and_admins_read_their_part_of_the_trail(
    as_user, token_for, login, events
) -> None:
    client = as_user(login)
    assert client.get("/audit/").status_code == 200
    token = token_for(login)
    r = client.get("/api/audit", {"action": "test."}, headers={"Authorization": f"Bearer {token}"})
    seen = {e["object_id"] for e in r.json()}
    expected = {"dir1": {"D1"}, "dir2": {"D2"}}.get(login, {"D1", "D2"})
    assert seen == expected
    first = r.json()[0]
    assert first["before"] == {"v": 1}
    assert first["after"] == {"v": 2}


def test_a_login_is_audited_with_its_address(client) -> None:
    from django.contrib.auth.models import User

    u = User.objects.get(username="centre")
    u.set_password("A-long-enough-Passw0rd")
    u.save()
    r = client.post("/login/", {"username": "centre", "password": "A-long-enough-Passw0rd"})
    assert r.status_code == 302
    e = AuditEvent.objects.filter(action="login").latest("at")
    assert (e.actor_name, e.ip) == ("centre", "127.0.0.1")
