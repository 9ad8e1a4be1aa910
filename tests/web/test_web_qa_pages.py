"""Every QA page per role: who may open it (403 otherwise) and which reviews they see there
(404 outside their scope)."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db
ROLES = ["a001", "lead1", "qa1", "dir1", "centre", "analyst", "admin"]


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


@pytest.mark.parametrize("login", ROLES)
def test_the_assignments_page_is_the_inspectors(qa, as_user, login: str) -> None:
    r = as_user(login).get("/qa/assignments/?month=2026-10")
    assert r.status_code == (200 if login == "qa1" else 403)


def test_the_inspector_sees_their_assignments_and_progress(qa, as_user) -> None:
    html = as_user("qa1").get("/qa/assignments/?month=2026-10").content.decode()
    for code in ("QA-A1", "QA-S1", "QA-S2", "QA-B1"):
        assert code in html
    assert "QA-C1" not in html  # qa2's
    assert "progress-table" in html


@pytest.mark.parametrize("login", ROLES)
def test_my_reviews_is_the_agents(qa, as_user, login: str) -> None:
    r = as_user(login).get("/qa/my/")
    assert r.status_code == (200 if login == "a001" else 403)


def test_an_agent_sees_only_their_own_scored_reviews_and_monthly_score(qa, as_user) -> None:
    html = as_user("a001").get("/qa/my/").content.decode()
    assert "QA-S1" in html
    assert "QA-A1" not in html  # not scored yet
    assert "QA-S2" not in html
    assert "QA-B1" not in html
    assert 'id="monthly-score">72.0' in html


@pytest.mark.parametrize("login", ROLES)
def test_the_overview_is_for_everyone_but_agents(qa, as_user, login: str) -> None:
    r = as_user(login).get("/qa/overview/?month=2026-10")
    assert r.status_code == (403 if login == "a001" else 200)


@pytest.mark.parametrize(
    ("login", "seen", "unseen"),
    [
        ("lead1", {"A001", "A002"}, {"B001", "C001"}),
        ("lead2", {"B001"}, {"A001", "C001"}),
        ("dir1", {"A001", "A002", "B001"}, {"C001"}),
        ("dir2", {"C001"}, {"A001", "B001"}),
        ("centre", {"A001", "A002", "B001", "C001"}, set()),
        ("qa1", {"A001", "A002", "B001", "C001"}, set()),
    ],
)
def test_the_overview_shows_the_agents_in_scope(qa, as_user, login, seen, unseen) -> None:
    html = as_user(login).get("/qa/overview/?month=2026-10").content.decode()
    for a in seen:
        assert f"<td>{a}</td>" in html
    for a in unseen:
        assert f"<td>{a}</td>" not in html
    assert "pareto" in html


def test_the_overview_warns_that_the_month_cannot_rank_agents(qa, as_user) -> None:
    html = as_user("centre").get("/qa/overview/?month=2026-10").content.decode()
    assert 'data-code="evaluation.too_few_to_rank"' in html


@pytest.mark.parametrize(
    ("login", "code", "status"),
    [
        ("a001", "QA-S1", 200),
        ("a001", "QA-A1", 404),
        ("a001", "QA-S2", 404),
        ("b001", "QA-S1", 404),
        ("lead1", "QA-S2", 200),
        ("lead1", "QA-B1", 404),
        ("lead2", "QA-B1", 200),
        ("dir1", "QA-B1", 200),
        ("dir1", "QA-C1", 404),
        ("dir2", "QA-C1", 200),
        ("qa1", "QA-C1", 200),
        ("qa2", "QA-B1", 200),
        ("centre", "QA-C1", 200),
        ("analyst", "QA-S2", 200),
        ("admin", "QA-A1", 200),
        ("centre", "NOPE", 404),
    ],
)
def test_a_review_page_per_role(qa, as_user, login: str, code: str, status: int) -> None:
    assert as_user(login).get(f"/qa/reviews/{code}/").status_code == status


@pytest.mark.parametrize("login", ROLES)
def test_the_weekly_page_is_for_everyone_but_agents(qa, as_user, login: str) -> None:
    r = as_user(login).get("/qa/weekly/")
    assert r.status_code == (403 if login == "a001" else 200)


def test_the_nav_leads_each_role_to_its_qa_page(qa, as_user) -> None:
    assert 'href="/qa/my/"' in as_user("a001").get("/qa/my/").content.decode()
    assert 'href="/qa/assignments/"' in as_user("qa1").get("/qa/weekly/").content.decode()
    assert 'href="/qa/overview/"' in as_user("lead1").get("/qa/weekly/").content.decode()


def test_anonymous_visitors_go_to_the_login_page(client, qa) -> None:
    r = client.get("/qa/overview/")
    assert r.status_code == 302
    assert "/login/" in r["Location"]


def test_agents_short_of_their_quota_are_flagged_before_month_end(qa) -> None:
    """On 27 October (5 days left ≤ 7), A001 has 1 of 2 reviews done: short at month end;
    on 10 October nobody is flagged yet: ⌊2 · 10/31⌋ = 0 expected."""
    import datetime as dt

    from serviq.web.qa.views import assignments_data

    user = qa["people"]["qa1"].user
    late = assignments_data(user, "2026-10", today=dt.date(2026, 10, 27))
    a001 = next(p for p in late["progress"] if p["agent"] == "A001")
    assert (a001["quota"], a001["done"], a001["at_risk"]) == (2, 1, True)
    assert [n["code"] for n in late["notes"]] == ["plan.short_at_month_end"]
    early = assignments_data(user, "2026-10", today=dt.date(2026, 10, 10))
    assert not [p for p in early["progress"] if p["behind"] or p["at_risk"]]
