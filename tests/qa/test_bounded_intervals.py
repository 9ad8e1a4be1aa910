"""Every interval of a monthly QA score lies within the 0–100 scale (issue 15, item 8):
the agents' own and pooled intervals and the team and centre trends, for arbitrary
months of review scores."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.qa.evaluation import agent_scores, bounded_interval, trend
from serviq.qa.ruleset import EvaluationRules

score = st.floats(min_value=0, max_value=100, allow_nan=False)
reviews = st.lists(
    st.tuples(st.sampled_from(["A1", "A2", "A3", "A4"]), st.sampled_from(["T1", "T2"]), score),
    min_size=1,
    max_size=30,
)


def _within(lo: float, hi: float, mean: float) -> bool:
    if math.isnan(lo) and math.isnan(hi):
        return True
    return 0.0 <= lo <= mean + 1e-9 and mean - 1e-9 <= hi <= 100.0


@settings(max_examples=200, deadline=None)
@given(rows=reviews, level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_agent_intervals_stay_on_the_scale(
    rows: list[tuple[str, str, float]], level: float
) -> None:
    df = pd.DataFrame(rows, columns=["agent_id", "team_id", "score"])
    res = agent_scores(df, EvaluationRules(ci_level=level))
    for r in res.table.to_dict(orient="records"):
        assert _within(r["lower"], r["upper"], r["score"]), r
        assert _within(r["pooled_lower"], r["pooled_upper"], r["score"]), r


@settings(max_examples=200, deadline=None)
@given(rows=reviews, months=st.lists(st.sampled_from(["2026-10", "2026-11"]), min_size=30))
def test_trend_intervals_stay_on_the_scale(
    rows: list[tuple[str, str, float]], months: list[str]
) -> None:
    df = pd.DataFrame(rows, columns=["agent_id", "team_id", "score"])
    df["month"] = months[: len(df)]
    for t in (trend(df), trend(df, by="team_id")):
        for r in t.to_dict(orient="records"):
            assert _within(r["lower"], r["upper"], r["score"]), r


@given(mean=score, se=st.floats(min_value=0, max_value=500), crit=st.floats(0, 100))
def test_bounded_interval_contains_the_mean_and_stays_on_the_scale(
    mean: float, se: float, crit: float
) -> None:
    assert _within(*bounded_interval(mean, se, crit), mean)


def test_the_issue_month_no_longer_runs_past_100() -> None:
    # two reviews, 100 and 44: the t interval was 72 ± 12.71·28 (far outside 0–100)
    df = pd.DataFrame({"agent_id": ["A", "A"], "score": [100.0, 44.0]})
    r = agent_scores(df, EvaluationRules()).table.iloc[0]
    assert 0 <= r["lower"] < 72 < r["upper"] <= 100
    # a perfect agent with a spread-out centre: the pooled interval is truncated at 100
    df = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "score": [100.0, 100.0, 40.0, 80.0]})
    t = agent_scores(df, EvaluationRules()).table.set_index("agent")
    assert t.loc["A", "pooled_upper"] == 100.0
    assert t.loc["A", "pooled_lower"] < 100.0
