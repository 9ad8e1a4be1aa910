"""One path from data to a number: what the dashboard stores is the core's
:func:`serviq.indicators.evaluation.evaluate` on the same records, and ``serviq indicators
score`` on the raw demo files prints the dashboard's values."""

from __future__ import annotations

import json
import math

import pytest

pytestmark = pytest.mark.django_db


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or (math.isnan(a) and math.isnan(b))


def test_the_stored_values_are_the_core_functions_values() -> None:
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    qa = {("2026-10", ""): {"total": 91.0, "tone": 92.0}}
    run_analysis(qa=qa)
    ev = evaluation(qa=qa)
    assert ev is not None
    compared = 0
    for result in ev.results:
        stored = {
            r.code: r
            for r in IndicatorResult.objects.filter(period=result.period, team_code=result.scope)
        }
        assert set(stored) == {n.code for n in result.card.nodes}
        for node in result.card.nodes:
            row = stored[node.code]
            assert _same(row.value, node.value), (result.period, result.scope, node.code)
            assert _same(row.score, node.score), (result.period, result.scope, node.code)
            compared += node.value is not None
    assert compared > 20  # ops, survey and QA indicators in both periods and every scope


@pytest.fixture
def demo_centre(db, tmp_path):
    """A small generated centre loaded into an empty database, and its raw files."""
    from django.contrib.auth.models import User

    from serviq.demo import generate
    from serviq.demo.dataset import write
    from serviq.web.audit.models import AuditEvent
    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.demo import load_centre
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.qa.models import CalibrationSession, Review, SamplingPlan, TrainingTask
    from serviq.web.surveys.models import PublishedQuestionnaire, SurveyLink, SurveyResponse

    for model in (
        TrainingTask,
        CalibrationSession,
        Review,
        SamplingPlan,
        SurveyResponse,
        SurveyLink,
        PublishedQuestionnaire,
        Interaction,
        IndicatorResult,
        AuditEvent,
        Person,
        User,
        Team,
        Department,
        Centre,
    ):
        model.objects.all().delete()
    data = generate(months=2, scale=0.02, seed=5, start="2026-09-01")
    load_centre(data)
    return write(data, tmp_path / "centre", format="csv")


@pytest.mark.slow
def test_indicators_score_on_the_raw_demo_files_prints_the_dashboards_values(
    demo_centre, run_cli
) -> None:
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    run_analysis()
    for period, scope in [("2026-10", "centre"), ("2026-09", "team:T3")]:
        code, out, err = run_cli(
            "indicators",
            "score",
            "bank_contact_centre",
            "--interactions",
            str(demo_centre["interactions"]),
            "--responses",
            str(demo_centre["survey_responses"]),
            "--period",
            period,
            "--scope",
            scope,
            "--json",
        )
        assert code == 0, err
        printed = {n["code"]: n for n in json.loads(out)["nodes"]}
        team = "" if scope == "centre" else scope.removeprefix("team:")
        stored = {r.code: r for r in IndicatorResult.objects.filter(period=period, team_code=team)}
        assert set(printed) == set(stored)
        valued = [c for c, r in stored.items() if r.value is not None]
        assert {"SL", "ASA", "FCR", "REL", "CSAT"} <= set(valued)
        # the same definitions on the same contacts and answers; only the order in which
        # the database and the file list the responses may move the last bit of a mean
        for c, r in stored.items():
            for key, want in (("value", r.value), ("score", r.score)):
                got = printed[c][key]
                assert (got is None) == (want is None), (scope, c, key)
                if want is not None:
                    assert got == pytest.approx(want, rel=1e-13, abs=0), (scope, c, key)
