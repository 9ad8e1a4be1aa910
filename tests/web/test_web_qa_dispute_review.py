"""The agent disputes a score once, with a reason; the team lead or a director decides."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import RATINGS, build, form

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


def test_the_reviewed_agent_disputes_with_a_reason(qa, as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import Review

    c = as_user("a001")
    assert "submit-dispute" in c.get("/qa/reviews/QA-S1/").content.decode()
    r = c.post("/qa/reviews/QA-S1/dispute", {"reason": "the customer asked for it"})
    assert r.status_code == 302
    row = Review.objects.get(code="QA-S1")
    assert row.status == "disputed"
    assert row.dispute_reason == "the customer asked for it"
    assert AuditEvent.objects.filter(action="qa.dispute", object_id=str(row.pk)).exists()


def test_it_refuses_a_second_dispute(qa, as_user) -> None:
    c = as_user("a001")
    c.post("/qa/reviews/QA-S1/dispute", {"reason": "first"})
    r = c.post("/qa/reviews/QA-S1/dispute", {"reason": "again"}, **JSON)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "review.dispute_twice"


def test_a_decided_review_cannot_be_disputed_again(qa, as_user) -> None:
    as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "first"})
    as_user("lead1").post("/qa/reviews/QA-S1/decide", {"reason": "listened again"})
    r = as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "again"}, **JSON)
    assert r.status_code == 409


def test_a_dispute_needs_a_reason(qa, as_user) -> None:
    r = as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "  "}, **JSON)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "review.reason_required"


def test_another_agent_of_the_team_gets_404(qa, as_user) -> None:
    r = as_user("a002").post("/qa/reviews/QA-S1/dispute", {"reason": "x"}, **JSON)
    assert r.status_code == 404


def test_an_agent_of_another_team_gets_404(qa, as_user) -> None:
    assert as_user("b001").get("/qa/reviews/QA-S1/").status_code == 404
    r = as_user("b001").post("/qa/reviews/QA-S1/dispute", {"reason": "x"}, **JSON)
    assert r.status_code == 404


@pytest.mark.parametrize("login", ["lead1", "qa1", "centre"])
def test_only_the_reviewed_agent_may_dispute(qa, as_user, login: str) -> None:
    r = as_user(login).post("/qa/reviews/QA-S1/dispute", {"reason": "x"}, **JSON)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "review.dispute_not_agent"


def test_the_team_lead_upholds_the_score(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "unfair"})
    assert "submit-decision" in as_user("lead1").get("/qa/reviews/QA-S1/").content.decode()
    r = as_user("lead1").post("/qa/reviews/QA-S1/decide", {"reason": "the recording confirms it"})
    assert r.status_code == 302
    row = Review.objects.get(code="QA-S1")
    assert row.status == "decided"
    assert row.ruling["verdict"] == "upheld"
    assert row.score == pytest.approx(72.0)


def test_the_director_amends_the_score(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "unfair"})
    data = {**form({**RATINGS, "adaptability": "4"}), "verdict": "amend", "reason": "agreed"}
    r = as_user("dir1").post("/qa/reviews/QA-S1/decide", data)
    assert r.status_code == 302
    row = Review.objects.get(code="QA-S1")
    assert row.ruling["verdict"] == "amended"
    # service (5, 4, 4, 3, 4) → S = .75; compliance 1 → 100·(.8·.75 + .2) = 80
    assert row.score == pytest.approx(80.0)


def test_the_lead_of_another_team_cannot_decide(qa, as_user) -> None:
    as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "unfair"})
    r = as_user("lead2").post("/qa/reviews/QA-S1/decide", {"reason": "x"}, **JSON)
    assert r.status_code == 404  # not in lead2's scope at all


@pytest.mark.parametrize("login", ["qa1", "analyst", "a001"])
def test_the_inspector_analyst_and_agent_cannot_decide(qa, as_user, login: str) -> None:
    as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "unfair"})
    r = as_user(login).post("/qa/reviews/QA-S1/decide", {"reason": "x"}, **JSON)
    assert r.status_code == 403


def test_the_disputes_to_decide_are_listed_for_the_lead(qa, as_user) -> None:
    as_user("a001").post("/qa/reviews/QA-S1/dispute", {"reason": "unfair"})
    html = as_user("lead1").get("/qa/overview/").content.decode()
    assert "QA-S1" in html
    assert "QA-S1" not in as_user("lead2").get("/qa/overview/").content.decode()
