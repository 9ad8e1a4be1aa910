"""The coaching page of one agent: scoped by role, every section filled, three languages."""

from __future__ import annotations

import datetime as dt

import pytest

from serviq.web.dashboard.models import Interaction
from serviq.web.org.models import Person
from serviq.web.qa.models import Review, TrainingTask

pytestmark = pytest.mark.django_db

MONTH = "2026-10"

# who may open whose coaching page (the personas of tests/web/conftest.py)
SEES = {
    "a001": {"A001"},
    "lead1": {"A001", "A002"},
    "lead2": {"B001"},
    "dir1": {"A001", "A002", "B001"},
    "dir2": {"C001"},
    "qa1": {"A001", "A002", "B001", "C001"},
    "centre": {"A001", "A002", "B001", "C001"},
    "analyst": {"A001", "A002", "B001", "C001"},
    "admin": {"A001", "A002", "B001", "C001"},
}


@pytest.fixture
def coached() -> None:
    """One scored and one assigned review of A001, and a coaching task for A001."""
    agent, qa = Person.objects.get(code="A001"), Person.objects.get(code="QA1")
    contacts = list(Interaction.objects.filter(agent=agent, period=MONTH).order_by("id"))
    for i, (status, score) in enumerate((("scored", 72.5), ("assigned", None))):
        Review.objects.create(
            code=f"COACH{i:03d}",
            month=MONTH,
            interaction=contacts[i],
            agent=agent,
            agent_team=agent.team,
            inspector=qa,
            scorecard="test@1",
            status=status,
            score=score,
        )
    TrainingTask.objects.create(
        code="TT-COACH-1",
        week="2026-W42",
        item="tone",
        scope="individual",
        team=agent.team,
        agents=["A001"],
        due=dt.date(2026, 10, 23),
    )
    TrainingTask.objects.create(
        code="TT-OTHER-1",
        week="2026-W42",
        item="tone",
        scope="individual",
        team=agent.team,
        agents=["A002"],
        due=dt.date(2026, 10, 23),
    )


@pytest.mark.parametrize("login", sorted(SEES))
def test_each_role_sees_exactly_its_agents(as_user, login: str) -> None:
    client = as_user(login)
    for code in ("A001", "A002", "B001", "C001"):
        # a month without contacts: the scope is checked without computing KPIs
        r = client.get(f"/qa/coaching/{code}/", {"month": "2026-01"})
        assert r.status_code == (200 if code in SEES[login] else 404), (login, code)
    if login == "a001":
        return  # the index sends an agent to their own page (next test)
    index = client.get("/qa/coaching/")
    assert index.status_code == 200
    body = index.content.decode()
    for code in ("A001", "A002", "B001", "C001"):
        assert (f'href="/qa/coaching/{code}/"' in body) == (code in SEES[login])


def test_an_agent_is_sent_to_their_own_page(as_user) -> None:
    r = as_user("a001").get("/qa/coaching/")
    assert r.status_code == 302
    assert r["Location"] == "/qa/coaching/A001/"


def test_the_team_lead_sees_reviews_kpis_answers_and_training(as_user, coached) -> None:
    client = as_user("lead1")
    client.cookies["django_language"] = "en"
    body = client.get(
        "/qa/coaching/A001/", {"month": MONTH}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    # QA: both reviews, labelled
    assert "COACH000" in body
    assert "COACH001" in body
    assert "72.5" in body
    assert "Scored" in body
    assert "Assigned" in body
    # KPIs: the agent's 4 contacts of the month beside the team's 8
    assert 'data-kpi="handled"' in body
    handled = body.split('data-kpi="handled"')[1].split("</tr>")[0]
    assert "<td>4</td><td>8</td>" in handled
    assert "Average handling time" in body
    # survey: the agent's 4 responses of the month with NPS and CSAT indices
    assert "4 responses" in body
    assert 'data-index="NPS"' in body
    assert 'data-index="CSAT"' in body
    # training: A001's task, not A002's
    assert "2026-W42" in body
    assert "individual coaching" in body
    assert body.count("individual coaching") == 1


def test_the_agent_sees_only_scored_reviews_of_their_own(as_user, coached) -> None:
    body = as_user("a001").get("/qa/coaching/A001/", {"month": MONTH}).content.decode()
    assert "COACH000" in body
    assert "COACH001" not in body  # assigned, not yet scored: the core's scope hides it


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", ("辅导", "质检记录", "本月指标", "培训计划", "已评分")),
     ("zh-hant", ("輔導", "質檢記錄", "本月指標", "培訓計劃", "已評分")),
     ("en", ("Coaching", "QA reviews", "KPIs of the month", "Training plan", "Scored"))],
)  # fmt: skip
def test_the_page_speaks_three_languages(as_user, coached, language: str, words) -> None:
    client = as_user("centre")
    client.cookies["django_language"] = language
    body = client.get("/qa/coaching/A001/", {"month": MONTH}).content.decode()
    for w in words:
        assert w in body, (language, w)
