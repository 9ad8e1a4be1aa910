"""``serviq demo`` on a small synthetic centre: loads, analyses, one login per role, and a
second run reuses what exists (the clock frozen on Saturday 5 December 2026, 10:30)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

NOW = dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.slow
def test_demo_prepares_once_and_reuses(fresh, clock, client, settings) -> None:
    pytest.importorskip("serviq.demo", reason="serviq.demo has not landed")
    pytest.importorskip("serviq.indicators.scoring", reason="serviq.indicators has not landed")
    pytest.importorskip("serviq.ops.kpis", reason="serviq.ops has not landed")
    pytest.importorskip("serviq.survey.questionnaire", reason="serviq.survey has not landed")
    from django.contrib.auth import authenticate

    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.demo import DEMO_PASSWORD, LOGINS, prepare

    # hashing is argon2 in the product (tested elsewhere); a fast hasher keeps this test short
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = prepare(months=2, scale=0.02, seed=11)
    assert first.created
    assert first.interactions > 1000
    assert first.responses > 50
    assert first.periods == ("2026-10", "2026-11", "2026-12")  # two months and this one
    assert set(first.logins) == set(LOGINS)
    results = IndicatorResult.objects.count()
    second = prepare(months=2, scale=0.02, seed=11)
    assert not second.created
    assert second.interactions == first.interactions
    assert IndicatorResult.objects.count() == results
    # every demo login works; the agent sees only their own contacts
    for role, username in first.logins.items():
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, role
    client.force_login(authenticate(username="agent", password=DEMO_PASSWORD))
    r = client.get("/records/interactions/", {"period": first.periods[-1]})
    own = Interaction.objects.filter(period=first.periods[-1], agent__code="A001").count()
    assert f'<span id="record-count">{own}</span>' in r.content.decode()
    client.force_login(authenticate(username="centre_director", password=DEMO_PASSWORD))
    r = client.get("/dashboard/")
    assert r.status_code == 200
    assert r.context["tree"].code == "SQI"
    # QA: the earlier month's reviews are scored, the last month has its plan part-done, and
    # the dashboard's QA indicators have values
    from serviq.web.qa.models import CalibrationSession, Review, SamplingPlan

    assert CalibrationSession.objects.filter(month=first.periods[0]).exists()
    last = first.periods[-1]
    assert SamplingPlan.objects.filter(month=last).exists()
    assert Review.objects.filter(month=first.periods[0], status="scored").count() > 5
    assert Review.objects.filter(month=last, status="assigned").exists()
    assert Review.objects.filter(month=last, status="scored").exists()
    qa_rows = IndicatorResult.objects.filter(period=last, team_code="", source="reviews")
    assert qa_rows.exclude(value=None).exists()
    client.force_login(authenticate(username="centre_director", password=DEMO_PASSWORD))
    for page in ("/qa/overview/", "/qa/weekly/", "/qa/calibration/"):
        assert client.get(page).status_code == 200, page
    assert client.get("/api/qa/scores").json()["agents"]
    client.force_login(authenticate(username="qa_inspector", password=DEMO_PASSWORD))
    assert client.get("/qa/assignments/").status_code == 200
    client.force_login(authenticate(username="agent", password=DEMO_PASSWORD))
    assert client.get("/qa/my/").status_code == 200
