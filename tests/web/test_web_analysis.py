"""The analyses behind the dashboard: survey bindings by hand, and the indicator system
scored from the records with the core's KPI and scoring functions."""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.web.dashboard.analysis import survey_value

pytestmark = pytest.mark.django_db

FRAME = pd.DataFrame(
    {
        "SAT1": [5, 4, 2, None],
        "SAT2": [4, 4, None, None],
        "NPS": [10, 9, 7, 3],
        "CSAT": [5, 4, 3, 1],
    }
)


def test_mean_is_over_respondents_of_their_item_means() -> None:
    # respondents: (5+4)/2 = 4.5, (4+4)/2 = 4, 2 → mean 10.5/3 = 3.5; the empty one is skipped
    assert survey_value(FRAME, ["SAT1", "SAT2"], "mean", {}) == pytest.approx(3.5)


def test_nps_is_promoters_minus_detractors() -> None:
    # 2 promoters (9, 10), 1 passive (7), 1 detractor (3) of 4 → 50 − 25 = 25
    assert survey_value(FRAME, ["NPS"], "nps", {}) == pytest.approx(25.0)


def test_top2box_uses_the_scale_not_the_answers() -> None:
    # CSAT goes through serviq.survey.indices.csat: 4 or 5 of 5, two of four answers
    assert survey_value(FRAME, ["CSAT"], "top2box", {"CSAT": 5}) == pytest.approx(0.5)
    # another item: SAT1 answers 5, 4, 2 → on a 5-point scale two of three are in the top two
    assert survey_value(FRAME, ["SAT1"], "top2box", {"SAT1": 5}) == pytest.approx(2 / 3)
    # on a 7-point scale the same answers have no top-two box (6–7)
    assert survey_value(FRAME, ["SAT1"], "top2box", {"SAT1": 7}) == pytest.approx(0.0)


def test_no_answers_is_no_value() -> None:
    assert survey_value(FRAME.iloc[0:0], ["NPS"], "nps", {}) is None
    assert survey_value(FRAME, ["NOPE"], "mean", {}) is None


def test_the_system_is_scored_for_every_period_and_team() -> None:
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    summary = run_analysis()
    assert summary.periods == ("2026-09", "2026-10")
    assert summary.scopes == ("", "T1", "T2", "T3")
    sl = IndicatorResult.objects.get(period="2026-10", team_code="T1", code="SL")
    # every T1 contact in the fixture is answered after 15 s: all within 20 s
    assert sl.value == pytest.approx(1.0)
    assert sl.status == "green"
    assert sl.source == "interactions"
    root = IndicatorResult.objects.get(period="2026-10", team_code="", parent_code="")
    assert root.names["zh-hant"]
    assert root.score is not None
    assert root.change is not None  # against 2026-09


def test_voice_indicators_are_computed_on_phone_contacts_only() -> None:
    """An e-mail answered after two hours must not move ASA or service level, which the
    bundled system binds to phone contacts (``filter: {channel: [phone]}``); the complaint
    rate, over every channel, is a share and counts it."""
    import datetime as dt

    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.org.models import Person, Team

    t1 = Team.objects.get(code="T1")
    agent = Person.objects.filter(team=t1).first()
    start = dt.datetime(2026, 10, 20, 1, 0, tzinfo=dt.UTC)
    Interaction.objects.create(
        interaction_id="MAIL1",
        period="2026-10",
        channel="email",
        queue="retail",
        contact_type="query",
        team=t1,
        agent=agent,
        customer_key="KMAIL",
        arrived_at=start,
        answered_at=start + dt.timedelta(hours=2),
        ended_at=start + dt.timedelta(hours=2, minutes=10),
    )
    run_analysis()
    asa = IndicatorResult.objects.get(period="2026-10", team_code="T1", code="ASA")
    sl = IndicatorResult.objects.get(period="2026-10", team_code="T1", code="SL")
    assert asa.value == pytest.approx(15.0)  # every fixture call waits 15 s
    assert (asa.unit, asa.status) == ("s", "green")
    assert asa.filters == {"channel": "phone"}
    assert sl.value == pytest.approx(1.0)
    complaint = IndicatorResult.objects.get(period="2026-10", team_code="T1", code="COMPLAINT")
    assert complaint.unit == "%"
    assert 0 <= complaint.value <= 1
    # the drill-down lists the rate's denominator (every offered contact), with its
    # numerator and denominator stored beside the value
    assert complaint.filters == {}
    assert complaint.value == complaint.numerator / complaint.denominator


def test_qa_indicators_take_the_monthly_summary_when_given() -> None:
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    qa = {("2026-10", ""): {"total": 91.0, "service_language": 90.0, "attitude": 94.0, "tone": 92.0}}  # fmt: skip
    run_analysis(qa=qa)
    score = IndicatorResult.objects.get(period="2026-10", team_code="", code="QA_SCORE")
    attitude = IndicatorResult.objects.get(period="2026-10", team_code="", code="QA_ATTITUDE")
    assert score.value == pytest.approx(91.0)
    assert score.status == "green"
    assert attitude.value == pytest.approx(92.0)
    # no reviews for the skill items or for the teams: still missing there
    assert (
        IndicatorResult.objects.get(period="2026-10", team_code="", code="QA_SKILL").value is None
    )
    assert (
        IndicatorResult.objects.get(period="2026-10", team_code="T1", code="QA_SCORE").value is None
    )
