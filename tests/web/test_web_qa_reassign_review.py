"""Reassigning a review not yet scored when its inspector is away: the department director
(or the roles of the rules file), audited, never to the agent's own team, within capacity,
and the plan's quotas kept (the agent's reviews of the month are as many as before)."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    centre = build(personas)
    qa1 = centre["people"]["qa1"]
    Person.objects.create(
        user=User.objects.create_user("qa3", password=None), code="QA3", name="qa3",
        role="qa_inspector", centre=qa1.centre, department=qa1.department,
    )  # fmt: skip
    return centre


def test_the_department_director_reassigns_and_it_is_audited(qa, as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import Review

    before = Review.objects.filter(month="2026-10", agent__code="A001").count()
    c = as_user("dir1")
    assert "submit-reassign" in c.get("/qa/reviews/QA-A1/").content.decode()
    r = c.post("/qa/reviews/QA-A1/reassign", {"to": "QA3", "reason": "QA1 on leave"})
    assert r.status_code == 302
    row = Review.objects.get(code="QA-A1")
    assert row.inspector.code == "QA3"
    assert row.history[-1]["action"] == "reassign"
    # the quota is kept: the agent's reviews of the month are as many as before
    assert Review.objects.filter(month="2026-10", agent__code="A001").count() == before
    ev = AuditEvent.objects.get(action="qa.reassign", object_id=str(row.pk))
    assert (ev.before, ev.after) == (
        {"inspector": "QA1"},
        {"inspector": "QA3", "reason": "QA1 on leave"},
    )
    # the new inspector now scores it; the old one no longer may
    assert "submit-score" in as_user("qa3").get("/qa/reviews/QA-A1/").content.decode()
    assert "submit-score" not in as_user("qa1").get("/qa/reviews/QA-A1/").content.decode()


@pytest.mark.parametrize(
    ("login", "status"),
    [("a001", 404), ("lead1", 403), ("qa1", 403), ("analyst", 403), ("dir2", 404),
     ("centre", 302), ("admin", 302)],
)  # fmt: skip
def test_who_may_reassign(qa, as_user, login: str, status: int) -> None:
    from serviq.web.qa.models import Review

    r = as_user(login).post("/qa/reviews/QA-A1/reassign", {"to": "QA3", "reason": "away"}, **JSON)
    assert r.status_code == status, r.content
    expected = "QA3" if status == 302 else "QA1"
    assert Review.objects.get(code="QA-A1").inspector.code == expected


def test_the_rules_are_the_cores(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    c = as_user("dir1")
    r = c.post("/qa/reviews/QA-A1/reassign", {"to": "QA2", "reason": "away"}, **JSON)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "plan.own_team"  # QA2 belongs to T1
    r = c.post("/qa/reviews/QA-S1/reassign", {"to": "QA3", "reason": "away"}, **JSON)
    assert r.status_code == 409  # already scored
    r = c.post("/qa/reviews/QA-A1/reassign", {"to": "QA3", "reason": " "}, **JSON)
    assert r.status_code == 400
    r = c.post("/qa/reviews/QA-A1/reassign", {"to": "A001", "reason": "away"}, **JSON)
    assert r.status_code == 400
    assert Review.objects.get(code="QA-A1").inspector.code == "QA1"
