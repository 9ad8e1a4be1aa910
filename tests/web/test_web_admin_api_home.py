"""The remaining views per role: home, /api/me, the administrator's pages (audited)."""

from __future__ import annotations

import pytest

from serviq.web.audit.models import AuditEvent
from serviq.web.org.models import Person

pytestmark = pytest.mark.django_db

ROLES = {
    "a001": "agent",
    "b001": "agent",
    "lead1": "team_lead",
    "qa1": "qa_inspector",
    "dir1": "department_director",
    "centre": "centre_director",
    "analyst": "analyst",
    "admin": "admin",
}


@pytest.mark.parametrize("login", ROLES)
def test_home_sends_each_role_where_it_works(as_user, login) -> None:
    r = as_user(login).get("/")
    assert r.status_code == 302
    expected = "/records/interactions/" if ROLES[login] == "agent" else "/dashboard/"
    assert r["Location"] == expected


@pytest.mark.parametrize("login", ROLES)
def test_me_names_the_person_behind_the_token(client, token_for, login) -> None:
    token = token_for(login)
    r = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    me = r.json()
    assert (me["username"], me["role"]) == (login, ROLES[login])


@pytest.mark.parametrize("login", [k for k in ROLES if k != "admin"])
def test_only_the_administrator_opens_the_admin_pages(as_user, login) -> None:
    r = as_user(login).get("/admin/org/person/")
    assert r.status_code == 302  # to the admin's own login
    assert "/admin/login/" in r["Location"]


def test_an_administrators_change_is_audited_with_before_and_after(as_user) -> None:
    client = as_user("admin")
    assert client.get("/admin/org/person/").status_code == 200
    p = Person.objects.get(code="A002")
    r = client.post(
        f"/admin/org/person/{p.pk}/change/",
        {
            "code": "A002",
            "name": "a002",
            "role": "agent",
            "centre": p.centre_id,
            "department": p.department_id,
            "team": p.team_id,
            "job_type": "chat_agent",
            "skill_level": 2,
            "active": "on",
            "user": p.user_id,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    e = AuditEvent.objects.filter(action="admin.change").latest("at")
    assert (e.before["job_type"], e.after["job_type"]) == ("", "chat_agent")
    assert (e.before["skill_level"], e.after["skill_level"]) == (1, 2)
    assert e.actor_name == "admin"


def test_the_audit_trail_cannot_be_edited_in_the_admin(as_user) -> None:
    client = as_user("admin")
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403


@pytest.mark.parametrize("login", ["a001", "lead1", "centre"])
def test_a_user_creates_and_revokes_their_own_api_token(as_user, login) -> None:
    from django.test import Client

    from serviq.web.org.models import ApiToken

    client = as_user(login)
    r = client.post("/tokens/", {"name": "reporting"})
    token = r.context["new"]
    assert len(token) >= 40
    assert not ApiToken.objects.filter(digest=token).exists()  # only the hash is kept
    api = Client()
    me = api.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["username"] == login
    assert AuditEvent.objects.filter(action="token.create", actor__username=login).exists()
    pk = ApiToken.objects.get(user__username=login, name="reporting").pk
    # another user cannot revoke it
    other = as_user("b001")
    assert other.post("/tokens/", {"action": "revoke", "token": pk}).status_code == 404
    client = as_user(login)
    client.post("/tokens/", {"action": "revoke", "token": pk})
    assert api.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_token_needs_a_name(as_user) -> None:
    assert as_user("lead1").post("/tokens/", {"name": "  "}).status_code == 400
