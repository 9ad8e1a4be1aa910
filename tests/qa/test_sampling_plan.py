"""The monthly sampling plan (R-QA-1): every agent between min and max, no own team,
balanced inspectors, reproducible from a seed; progress and shortfalls flagged."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serviq.qa.ruleset import SamplingRules, SamplingWeights
from serviq.qa.sampling import check_assignment, make_plan, progress, reviewable

from .centre import centre


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_agents=st.integers(1, 30),
    teams=st.integers(1, 6),
    n_insp=st.integers(1, 6),
    lo=st.integers(1, 3),
    span=st.integers(0, 4),
    capacity=st.integers(1, 80),
    seed=st.integers(0, 10_000),
)
def test_every_agent_gets_between_min_and_max_from_other_teams(
    n_agents: int, teams: int, n_insp: int, lo: int, span: int, capacity: int, seed: int
) -> None:
    # inspectors belong to teams T1…; one more team than agents' teams so that someone can
    # always review every team when there are at least two inspectors of different teams
    insp_teams = tuple(f"T{(i % (teams + 1)) + 1}" for i in range(n_insp))
    inter, staff = centre(n_agents, teams, insp_teams, contacts=40 * n_agents, seed=seed)
    rules = SamplingRules(min_per_agent=lo, max_per_agent=lo + span, inspector_capacity=capacity)
    plan = make_plan(inter, staff, "2026-03", rules, seed=seed)
    per = plan.per_agent.set_index("agent")
    blocked = {n.params["agent"] for n in plan.notes if n.code == "plan.no_inspector"}
    short = {n.params["agent"] for n in plan.notes if n.code == "plan.too_few_interactions"}
    for agent, row in per.iterrows():
        if agent in blocked:
            assert row["planned"] == 0
            assert all(t == row["team"] for t in insp_teams)
        elif agent in short:
            assert row["planned"] == row["available"] < lo
        else:
            assert lo <= row["planned"] <= lo + span
    a = plan.assignments
    team_of = dict(zip(staff["person_id"], staff["team_id"], strict=True))
    assert not (a["inspector"].map(team_of) == a["team"]).any()
    assert not a.duplicated(["agent", "interaction"]).any()
    assert set(a["interaction"]) <= set(inter["interaction_id"])
    assert (a["agent"] == a["interaction"].map(inter.set_index("interaction_id")["agent_id"])).all()
    assert sum(plan.loads.values()) == len(a)


@settings(max_examples=15, deadline=None)
@given(n_agents=st.integers(2, 25), n_insp=st.integers(1, 5), seed=st.integers(0, 999))
def test_inspector_loads_differ_by_at_most_one_when_everyone_may_review_everyone(
    n_agents: int, n_insp: int, seed: int
) -> None:
    inter, staff = centre(n_agents, 3, (None,) * n_insp, contacts=30 * n_agents, seed=seed)
    plan = make_plan(inter, staff, "2026-03", SamplingRules(inspector_capacity=7), seed=seed)
    loads = list(plan.loads.values())
    assert max(loads) - min(loads) <= 1


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    inter, staff = centre(seed=3)
    rules = SamplingRules(per_agent=3)
    one = make_plan(inter, staff, "2026-03", rules, seed=11)
    two = make_plan(inter, staff, "2026-03", rules, seed=11)
    pd.testing.assert_frame_equal(one.assignments, two.assignments)
    other = make_plan(inter, staff, "2026-03", rules, seed=12)
    assert not one.assignments["interaction"].equals(other.assignments["interaction"])


def test_an_agent_with_too_few_contacts_is_reported_not_skipped() -> None:
    inter, staff = centre(n_agents=4, seed=1)
    inter = inter[
        (inter["agent_id"] != "A002") | (inter.index == inter.index[inter["agent_id"] == "A002"][0])
    ]
    plan = make_plan(inter, staff, "2026-03", SamplingRules(min_per_agent=2, per_agent=3), seed=0)
    row = plan.per_agent.set_index("agent").loc["A002"]
    assert (row["available"], row["planned"]) == (1, 1)
    (note,) = [n for n in plan.notes if n.code == "plan.too_few_interactions"]
    assert note.params["agent"] == "A002"
    assert note.requirement == "R-QA-1"
    assert "A002在2026-03只有1个可抽检的服务记录" in note.message("zh-Hans")


def test_an_agent_without_contacts_is_still_in_the_plan() -> None:
    inter, staff = centre(n_agents=3, seed=2)
    staff = pd.concat(
        [staff, pd.DataFrame([{"person_id": "A999", "role": "agent", "team_id": "T1"}])]
    )
    plan = make_plan(inter, staff, "2026-03", SamplingRules(), seed=0)
    assert plan.per_agent.set_index("agent").loc["A999", "planned"] == 0
    assert any(n.params.get("agent") == "A999" for n in plan.notes)


def test_only_answered_contacts_of_the_month_in_the_centres_zone_are_drawn() -> None:
    inter, _ = centre(contacts=50, seed=4)
    inter.loc[0, "abandoned"] = True
    inter.loc[1, "answered_at"] = pd.NaT
    inter.loc[2, "arrived_at"] = pd.Timestamp("2026-02-28 23:30", tz="Asia/Shanghai")
    # 2026-02-28 17:00 UTC is 2026-03-01 01:00 in Shanghai: in March
    inter.loc[3, "arrived_at"] = pd.Timestamp("2026-02-28 17:00", tz="UTC")
    pool = reviewable(inter, "2026-03", SamplingRules())
    ids = set(pool["interaction_id"])
    assert {"I00000", "I00001", "I00002"}.isdisjoint(ids)
    assert "I00003" in ids


def test_extra_weights_make_complaints_long_calls_and_low_csat_likelier() -> None:
    inter, staff = centre(n_agents=6, contacts=1200, seed=5)
    base = SamplingRules(per_agent=2, stratify_by=())
    heavy = base.model_copy(update={"weights": SamplingWeights(complaint=20)})
    share = {}
    for name, r in (("base", base), ("heavy", heavy)):
        types = []
        for seed in range(15):
            p = make_plan(inter, staff, "2026-03", r, seed=seed)
            types.extend(p.assignments["contact_type"])
        share[name] = np.mean(np.array(types) == "complaint")
    assert share["base"] < 0.5 < share["heavy"]
    pool = reviewable(
        inter, "2026-03", SamplingRules(weights=SamplingWeights(long_call=3, low_csat=2))
    )
    handle = (pool["ended_at"] - pool["answered_at"]).dt.total_seconds() + 30
    expected = np.where(handle >= 600, 3.0, 1.0) * np.where(pool["csat"] <= 2, 2.0, 1.0)
    assert pool["weight"].to_numpy() == pytest.approx(expected)


def test_an_agents_reviews_spread_over_strata_before_repeating_one() -> None:
    inter, staff = centre(n_agents=5, contacts=1000, seed=6)
    plan = make_plan(inter, staff, "2026-03", SamplingRules(per_agent=5), seed=1)
    for _, g in plan.assignments.groupby("agent"):
        strata = list(zip(g["channel"], g["contact_type"], strict=True))
        assert len(set(strata)) == len(strata)  # 9 strata available, 5 draws


def test_the_own_team_rule_for_a_reassignment(rules) -> None:
    (r,) = check_assignment("Q1", "T1", "A001", "T1", rules.sampling)
    assert r.code == "plan.own_team"
    assert check_assignment("Q1", "T2", "A001", "T1", rules.sampling) == []
    off = rules.sampling.model_copy(update={"no_own_team": False})
    assert check_assignment("Q1", "T1", "A001", "T1", off) == []


def test_progress_flags_agents_behind_and_short_before_month_end() -> None:
    inter, staff = centre(n_agents=3, seed=7)
    plan = make_plan(inter, staff, "2026-03", SamplingRules(per_agent=4), seed=0)
    done = pd.DataFrame({"agent_id": ["A001"] * 4 + ["A002"] * 1})
    mid = progress(plan, done, dt.date(2026, 3, 16), SamplingRules())
    t = mid.table.set_index("agent")
    assert t.loc["A001", "expected"] == 2  # ⌊4 · 16/31⌋
    assert list(t["behind"]) == [False, True, True]
    assert not t["at_risk"].any()
    late = progress(plan, done, dt.date(2026, 3, 27), SamplingRules())
    t = late.table.set_index("agent")
    assert list(t["at_risk"]) == [False, True, True]
    assert late.done_share == pytest.approx(5 / 12)
    msgs = [n.message("en") for n in late.notes]
    assert "A002: 3 reviews still missing with 4 days left in 2026-03" in msgs


def test_timestamps_as_text_with_mixed_offsets_or_none_are_read_in_the_centres_zone() -> None:
    inter, _ = centre(contacts=3, seed=8)
    inter = inter.astype({"arrived_at": str, "answered_at": str, "ended_at": str})
    inter["arrived_at"] = [
        "2026-02-28T16:30:00Z",
        "2026-03-01T00:30:00+08:00",
        "2026-03-31 23:59:00",
    ]
    pool = reviewable(inter, "2026-03", SamplingRules())
    assert sorted(pool["interaction_id"]) == ["I00000", "I00001", "I00002"]
    april = reviewable(inter.assign(arrived_at="2026-04-01 00:00:00"), "2026-03", SamplingRules())
    assert april.empty
