"""The month's sampling plan from the interactions in the database (serviq.qa.sampling)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from qa_web_centre import with_qa2

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def centre(db: None, personas: Any) -> dict[str, Any]:
    return with_qa2(personas)


def test_the_inspector_makes_the_plan_and_every_agent_gets_1_to_5(centre, as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import Review, SamplingPlan

    r = as_user("qa1").post("/qa/plan/", {"month": "2026-10", "seed": "7"})
    assert r.status_code == 302
    plan = SamplingPlan.objects.get(month="2026-10")
    reviews = list(Review.objects.filter(plan=plan).select_related("agent", "inspector"))
    per_agent = Counter(x.agent.code for x in reviews)
    assert set(per_agent) == {"A001", "A002", "B001", "C001"}
    assert all(1 <= n <= 5 for n in per_agent.values())
    # the no-own-team rule: qa2 (team T1) reviews nobody of T1
    assert not [x for x in reviews if x.inspector.code == "QA2" and x.agent.team.code == "T1"]
    assert all(x.status == "assigned" for x in reviews)
    assert AuditEvent.objects.filter(action="qa.plan").get().after["reviews"] == len(reviews)


def test_the_plan_is_reproducible_from_its_seed(centre) -> None:
    from serviq.web.qa import actions
    from serviq.web.qa.models import Review, SamplingPlan

    def made() -> list[tuple[str, str]]:
        plan = actions.make_plan("2026-10", seed=3)
        out = [(r.interaction.interaction_id, r.inspector.code) for r in plan.reviews.all()]
        Review.objects.filter(plan=plan).delete()
        SamplingPlan.objects.filter(pk=plan.pk).delete()
        return sorted(out)

    assert made() == made()


def test_a_month_has_one_plan(centre, as_user) -> None:
    c = as_user("centre")
    assert c.post("/qa/plan/", {"month": "2026-10"}).status_code == 302
    assert c.post("/qa/plan/", {"month": "2026-10"}, **JSON).status_code == 409


def test_the_management_command_makes_the_plan(centre) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("qa_plan", "2026-09", "--seed", "1", stdout=out)
    assert "plan 2026-09: 16 reviews" in out.getvalue()


@pytest.mark.parametrize("login", ["a001", "lead1", "dir1", "analyst"])
def test_other_roles_cannot_make_the_plan(centre, as_user, login: str) -> None:
    r = as_user(login).post("/qa/plan/", {"month": "2026-10"}, **JSON)
    assert r.status_code == 403


def test_a_bad_month_is_400(centre, as_user) -> None:
    r = as_user("qa1").post("/qa/plan/", {"month": "October"}, **JSON)
    assert r.status_code == 400
