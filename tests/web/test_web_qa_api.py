"""The QA endpoints of the API: the same permissions as the pages, per role."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


@pytest.fixture
def api(client, token_for) -> Any:
    def get(login: str, path: str) -> Any:
        return client.get(f"/api/qa/{path}", HTTP_AUTHORIZATION=f"Bearer {token_for(login)}")

    return get


@pytest.mark.parametrize("login", ["a001", "lead1", "qa1", "dir1", "centre", "analyst", "admin"])
def test_assignments_are_the_inspectors(qa, api, login: str) -> None:
    r = api(login, "assignments?month=2026-10")
    assert r.status_code == (200 if login == "qa1" else 403)
    if login == "qa1":
        body = r.json()
        assert {x["code"] for x in body["reviews"]} == {"QA-A1", "QA-S1", "QA-S2", "QA-B1"}
        a001 = next(p for p in body["progress"] if p["agent"] == "A001")
        assert (a001["quota"], a001["done"]) == (2, 1)


@pytest.mark.parametrize(
    ("login", "codes"),
    [
        ("a001", {"QA-S1"}),
        ("b001", {"QA-B1"}),
        ("lead1", {"QA-A1", "QA-S1", "QA-S2"}),
        ("dir2", {"QA-C1"}),
        ("qa1", {"QA-A1", "QA-S1", "QA-S2", "QA-B1", "QA-C1"}),
        ("centre", {"QA-A1", "QA-S1", "QA-S2", "QA-B1", "QA-C1"}),
        ("analyst", {"QA-A1", "QA-S1", "QA-S2", "QA-B1", "QA-C1"}),
        ("admin", {"QA-A1", "QA-S1", "QA-S2", "QA-B1", "QA-C1"}),
    ],
)
def test_reviews_are_scoped(qa, api, login: str, codes: set[str]) -> None:
    r = api(login, "reviews?month=2026-10")
    assert r.status_code == 200
    assert {x["code"] for x in r.json()} == codes


def test_an_agent_of_another_team_gets_404_for_a_review(qa, api) -> None:
    assert api("b001", "reviews/QA-S1").status_code == 404
    r = api("a001", "reviews/QA-S1")
    assert r.status_code == 200
    assert r.json()["score"] == pytest.approx(72.0)
    assert r.json()["ratings"]["identity_verification"] is None


@pytest.mark.parametrize(
    ("login", "agents"),
    [
        ("a001", {"A001"}),
        ("lead1", {"A001", "A002"}),
        ("dir1", {"A001", "A002", "B001"}),
        ("qa1", {"A001", "A002", "B001", "C001"}),
        ("centre", {"A001", "A002", "B001", "C001"}),
        ("analyst", {"A001", "A002", "B001", "C001"}),
        ("admin", {"A001", "A002", "B001", "C001"}),
    ],
)
def test_agent_monthly_scores_are_scoped(qa, api, login: str, agents: set[str]) -> None:
    r = api(login, "scores?month=2026-10")
    assert r.status_code == 200
    body = r.json()
    assert {a["agent"] for a in body["agents"]} == agents
    assert body["pareto"]


def test_a_lead_asking_for_another_team_gets_404(qa, api) -> None:
    assert api("lead1", "scores?month=2026-10&team=T2").status_code == 404


def test_bad_parameters_are_400(qa, api) -> None:
    assert api("centre", "scores?month=October").status_code == 400


def test_the_qa_endpoints_are_in_the_openapi_schema(client, qa) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/qa/assignments", "/api/qa/reviews", "/api/qa/scores"} <= set(paths)
