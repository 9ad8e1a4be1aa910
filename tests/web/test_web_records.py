"""The records behind the numbers, per role: each sees exactly their scope (pages and API)."""

from __future__ import annotations

import pytest

from serviq.web.dashboard.models import Interaction
from serviq.web.surveys.models import SurveyResponse

# Which agents' records each persona sees.
ALL_AGENTS = {"A001", "A002", "B001", "C001"}
SCOPE = {
    "a001": {"A001"},
    "a002": {"A002"},
    "b001": {"B001"},
    "c001": {"C001"},
    "lead1": {"A001", "A002"},
    "lead2": {"B001"},
    "qa1": ALL_AGENTS,
    "dir1": {"A001", "A002", "B001"},
    "dir2": {"C001"},
    "centre": ALL_AGENTS,
    "analyst": ALL_AGENTS,
    "admin": ALL_AGENTS,
}
pytestmark = pytest.mark.django_db

KINDS = {"interactions": Interaction, "responses": SurveyResponse}


def _expected(kind: str, login: str, period: str = "2026-10") -> int:
    model = KINDS[kind]
    return model.objects.filter(agent__code__in=SCOPE[login], period=period).count()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("login", SCOPE)
def test_each_role_sees_exactly_its_records_on_the_page(as_user, login, kind) -> None:
    client = as_user(login)
    r = client.get(f"/records/{kind}/", {"period": "2026-10"})
    assert r.status_code == 200
    body = r.content.decode()
    assert f'<span id="record-count">{_expected(kind, login)}</span>' in body
    # agents by name with their code: "a001 (A001)"
    shown = {code for code in ALL_AGENTS if f"({code})</td>" in body}
    assert shown == SCOPE[login]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("login", SCOPE)
def test_each_role_sees_exactly_its_records_in_the_api(client, token_for, login, kind) -> None:
    token = token_for(login)
    r = client.get(
        f"/api/records/{kind}",
        {"period": "2026-10", "limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["total"] == _expected(kind, login)
    # interactions carry the import's column names (agent_id), responses their own (agent)
    agent = "agent_id" if kind == "interactions" else "agent"
    assert {row[agent] for row in data["rows"]} == SCOPE[login]


@pytest.mark.parametrize(
    ("login", "team"),
    [("a001", "T2"), ("lead1", "T2"), ("lead2", "T1"), ("dir1", "T3"), ("dir2", "T1")],
)
def test_asking_for_a_team_outside_ones_scope_is_not_found(as_user, token_for, login, team) -> None:
    client = as_user(login)
    assert client.get("/records/interactions/", {"team": team}).status_code == 404
    token = token_for(login)
    r = client.get(
        "/api/records/interactions", {"team": team}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 404
    assert "no team" in r.json()["detail"]


def test_an_agent_of_another_team_cannot_see_an_agents_records(as_user) -> None:
    client = as_user("b001")
    assert client.get("/records/interactions/", {"agent": "A001"}).status_code == 404
    assert client.get("/records/responses/", {"agent": "A001"}).status_code == 404


def test_a_team_lead_filters_to_one_of_their_agents(as_user) -> None:
    client = as_user("lead1")
    r = client.get("/records/interactions/", {"agent": "A002", "period": "2026-10"})
    assert r.status_code == 200
    assert (
        f'<span id="record-count">{_expected("interactions", "a002")}</span>' in r.content.decode()
    )


def test_drill_down_filters_by_queue(as_user) -> None:
    client = as_user("centre")
    r = client.get("/records/interactions/", {"period": "2026-10", "queue": "complaints"})
    n = Interaction.objects.filter(period="2026-10", queue="complaints").count()
    assert n > 0
    assert f'<span id="record-count">{n}</span>' in r.content.decode()


def test_anonymous_is_sent_to_login_and_api_refuses(client) -> None:
    r = client.get("/records/interactions/")
    assert r.status_code == 302
    assert r["Location"].startswith("/login/")
    assert client.get("/api/records/interactions").status_code == 401
    bad = client.get("/api/records/interactions", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_unknown_record_kind_is_bad_input(as_user) -> None:
    r = as_user("centre").get("/records/bananas/")
    assert r.status_code == 400
    assert "allowed: interactions, responses" in r.content.decode()


def test_htmx_filtering_returns_only_the_table(as_user) -> None:
    client = as_user("lead1")
    r = client.get(
        "/records/interactions/",
        {"period": "2026-10", "queue": "wealth"},
        headers={"HX-Request": "true"},
    )
    body = r.content.decode()
    assert "<html" not in body
    n = Interaction.objects.filter(period="2026-10", queue="wealth", team__code="T1").count()
    assert f'<span id="record-count">{n}</span>' in body


def test_the_language_menu_switches_the_pages(as_user) -> None:
    client = as_user("lead1")
    r = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/records/interactions/"})
    assert r.status_code == 302
    assert "服務紀錄" in client.get("/records/interactions/").content.decode()


def test_an_offset_beyond_any_database_integer_is_bad_input(client, token_for) -> None:
    # found by schemathesis: SQLite overflowed on offset=152466742300229271552
    r = client.get(
        "/api/records/responses",
        {"offset": "152466742300229271552"},
        headers={"Authorization": f"Bearer {token_for('centre')}"},
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "validation_failed"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/records/interactions/", {"team": "T1\x00"}),
        ("/records/responses/", {"period": "2026-1O"}),
        ("/dashboard/", {"period": "'; drop table x"}),
        ("/api/records/interactions", {"queue": "a b"}),
        ("/api/dashboard", {"team": "\x00"}),
    ],
)
def test_malformed_filters_are_bad_input_on_every_engine(as_user, token_for, path, params) -> None:
    client = as_user("centre")
    r = client.get(path, params, headers={"Authorization": f"Bearer {token_for('centre')}"})
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("login", "method", "path", "data"),
    [
        ("centre", "get", "/audit/", {"action": "\x00"}),
        ("centre", "get", "/api/audit", {"action": "\x0c\x00"}),
        ("analyst", "post", "/surveys/", {"action": "links", "questionnaire": "x"}),
        ("analyst", "post", "/surveys/", {"action": "links", "questionnaire": "1", "count": "-5"}),
        (
            "analyst",
            "post",
            "/surveys/",
            {"action": "links", "questionnaire": "1", "period": "\x00"},
        ),
        ("lead1", "post", "/tokens/", {"name": "a\x00b"}),
        ("lead1", "post", "/tokens/", {"action": "revoke", "token": "nope"}),
    ],
)
def test_malformed_form_and_query_values_are_400_not_500(
    as_user, token_for, login, method, path, data
) -> None:
    client = as_user(login)
    headers = {"Authorization": f"Bearer {token_for(login)}"}
    r = getattr(client, method)(path, data, headers=headers)
    assert r.status_code == 400, r.content[:300]
