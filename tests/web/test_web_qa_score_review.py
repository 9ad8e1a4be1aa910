"""An inspector scores an assigned interaction on the form (serviq.qa's rules, 403/400 with
the rule's reason), and may not review their own team."""

from __future__ import annotations

from typing import Any

import pytest
from qa_web_centre import RATINGS, build, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


def test_the_inspector_sees_the_form_in_three_languages(qa, as_user) -> None:
    c = as_user("qa1")
    for lang, word in (
        ("zh-hans", "服务用语"),
        ("zh-hant", "服務用語"),
        ("en", "Service language"),
    ):
        page = c.get("/qa/reviews/QA-A1/", HTTP_ACCEPT_LANGUAGE=lang)
        assert page.status_code == 200
        assert word in page.content.decode()
    html = page.content.decode()
    assert 'value="na"' in html  # N.A. where the item allows it
    assert "critical-item" in html
    assert "submit-score" in html


def test_the_assigned_inspector_scores_and_the_audit_row_is_written(qa, as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.qa.models import Review

    r = as_user("qa1").post("/qa/reviews/QA-A1/score", form())
    assert r.status_code == 302
    row = Review.objects.get(code="QA-A1")
    assert row.status == "scored"
    assert row.score == pytest.approx(72.0)  # docs/qa.md's worked example
    assert row.ratings["identity_verification"] is None
    event = AuditEvent.objects.filter(action="qa.score", object_id=str(row.pk)).get()
    assert event.after["score"] == pytest.approx(72.0)


def test_a_low_score_without_a_comment_is_refused_with_the_item_named(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    data = form()
    del data["comment_adaptability"]
    r = as_user("qa1").post("/qa/reviews/QA-A1/score", data, HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert r.status_code == 400
    html = r.content.decode()
    assert '<span class="error">項目應變能力得分為2，低分必須填寫評語</span>' in html
    assert Review.objects.get(code="QA-A1").status == "assigned"


def test_a_critical_failure_zeroes_the_review(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    ratings = {**RATINGS, "confidentiality": "no"}
    r = as_user("qa1").post(
        "/qa/reviews/QA-A1/score", form(ratings, confidentiality="read the card number aloud")
    )
    assert r.status_code == 302
    assert Review.objects.get(code="QA-A1").score == 0.0


def test_another_inspector_may_not_score_a_review_assigned_to_qa1(qa, as_user) -> None:
    r = as_user("qa2").post("/qa/reviews/QA-A1/score", form(), HTTP_ACCEPT="application/json")
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "review.not_assigned_inspector"


def test_a_scored_review_cannot_be_scored_again(qa, as_user) -> None:
    r = as_user("qa1").post("/qa/reviews/QA-S1/score", form(), HTTP_ACCEPT="application/json")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "review.bad_transition"


def test_an_inspector_cannot_review_their_own_team(qa, as_user) -> None:
    """qa2 belongs to T1: reviewing a001 (T1) is refused with the rule's reason (R-QA-1)."""
    from serviq.web.qa.models import Review

    ix = qa["reviews"]["QA-A1"].interaction
    r = as_user("qa2").post(
        f"/qa/interactions/{ix.interaction_id}/review", HTTP_ACCEPT="application/json"
    )
    assert r.status_code == 403
    body = r.json()
    assert body["error"]["code"] == "plan.own_team"
    assert "T1" in body["detail"]
    assert not Review.objects.filter(interaction=ix, inspector=qa["people"]["qa2"]).exists()


def test_an_inspector_may_review_another_team_outside_the_plan(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    ix = qa["reviews"]["QA-B1"].interaction
    r = as_user("qa2").post(f"/qa/interactions/{ix.interaction_id}/review")
    assert r.status_code == 302
    row = Review.objects.get(interaction=ix, inspector=qa["people"]["qa2"])
    assert row.status == "assigned"


@pytest.mark.parametrize("login", ["a001", "lead1", "dir1", "centre", "analyst", "admin"])
def test_only_inspectors_start_reviews(qa, as_user, login: str) -> None:
    ix = qa["reviews"]["QA-B1"].interaction
    r = as_user(login).post(f"/qa/interactions/{ix.interaction_id}/review")
    assert r.status_code == 403


def test_the_form_shows_the_customers_survey_answers(qa, as_user) -> None:
    import datetime as dt

    from django.utils import timezone

    from serviq.web.surveys.models import SurveyLink, SurveyResponse

    row: Any = qa["reviews"]["QA-A1"]
    link = SurveyLink.objects.create(
        digest="d" * 64,
        questionnaire=qa["questionnaire"],
        interaction=row.interaction,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    SurveyResponse.objects.create(
        link=link,
        questionnaire=qa["questionnaire"],
        period=row.month,
        team=row.agent_team,
        agent=row.agent,
        language="zh-hans",
        submitted_at=timezone.now(),
        answers={"CSAT": 2},
        comment="等了很久",
    )
    html = as_user("qa1").get("/qa/reviews/QA-A1/").content.decode()
    assert "等了很久" in html
