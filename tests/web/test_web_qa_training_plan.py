"""The weekly QA analysis and the training plan, editable and tracked to done (R-QA-3)."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
WEEK = "2026-W43"  # the fixture's reviews are scored on Sunday 2026-10-25


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


def test_the_weekly_analysis_shows_the_weeks_defects(qa, as_user) -> None:
    html = (
        as_user("qa1").get(f"/qa/weekly/?week={WEEK}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "4 reviews" in html
    # every review lost points on it (the item by its name)
    assert "<td>Adaptability in dealing with customers</td><td>4</td>" in html


def test_the_inspector_makes_and_tracks_the_training_plan(qa, as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import TrainingTask

    c = as_user("qa1")
    assert c.post("/qa/training/", {"week": WEEK}).status_code == 302
    tasks = list(TrainingTask.objects.filter(week=WEEK))
    assert tasks
    assert {t.item for t in tasks} >= {"adaptability"}
    t = tasks[0]
    assert (
        c.post(f"/qa/training/{t.code}", {"owner": "LEAD1", "to": "scheduled"}).status_code == 302
    )
    t.refresh_from_db()
    assert (t.status, t.owner) == ("scheduled", "LEAD1")
    r = c.post(f"/qa/training/{t.code}", {"to": "done"}, **JSON)
    assert r.status_code == 400  # done needs a note of what was done
    r = c.post(f"/qa/training/{t.code}", {"to": "done", "note": "explained at roll call"})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.status == "done"
    assert AuditEvent.objects.filter(action="qa.training_task", object_id=str(t.pk)).count() == 2
    r = c.post(f"/qa/training/{t.code}", {"owner": "X"}, **JSON)
    assert r.status_code == 409  # a finished task is not edited


def test_a_weeks_plan_is_made_once(qa, as_user) -> None:
    c = as_user("qa1")
    c.post("/qa/training/", {"week": WEEK})
    assert c.post("/qa/training/", {"week": WEEK}, **JSON).status_code == 409


@pytest.mark.parametrize("login", ["a001", "analyst"])
def test_agents_and_analysts_do_not_edit_the_plan(qa, as_user, login: str) -> None:
    as_user("qa1").post("/qa/training/", {"week": WEEK})
    from serviq.web.qa.models import TrainingTask

    code = TrainingTask.objects.filter(week=WEEK).first().code
    assert as_user(login).post("/qa/training/", {"week": WEEK}, **JSON).status_code == 403
    assert as_user(login).post(f"/qa/training/{code}", {"owner": "X"}, **JSON).status_code == 403


def test_a_lead_sees_and_edits_only_their_teams_tasks(qa, as_user) -> None:
    from serviq.web.qa.models import TrainingTask

    as_user("qa1").post("/qa/training/", {"week": WEEK})
    other = TrainingTask.objects.filter(week=WEEK).exclude(team__code="T1").first()
    assert other is not None
    r = as_user("lead1").post(f"/qa/training/{other.code}", {"owner": "X"}, **JSON)
    assert r.status_code == 404
    assert other.code not in as_user("lead1").get(f"/qa/weekly/?week={WEEK}").content.decode()
