"""Rosters keep the rest rules; QA reviews cover every agent by inspectors of other teams."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from serviq.demo import DemoData
from serviq.demo.centre import load_profile
from serviq.demo.organisation import build_people
from serviq.demo.rosters import build_roster


def test_nobody_works_a_night_then_the_next_morning(fortnight: DemoData) -> None:
    r = fortnight.rosters[~fortnight.rosters["on_leave"]].copy()
    r["date"] = pd.to_datetime(r["date"])
    nights = r[r["shift"] == "night"][["person_id", "date"]]
    days = r[r["shift"] == "day"][["person_id", "date"]]
    nights = nights.assign(date=nights["date"] + pd.Timedelta(days=1))
    assert nights.merge(days, on=["person_id", "date"]).empty


def test_every_pool_is_covered_day_and_night(fortnight: DemoData) -> None:
    r = fortnight.rosters[~fortnight.rosters["on_leave"]]
    per = r.groupby(["date", "shift"]).size().unstack()
    assert (per > 0).all().all()


def test_swaps_keep_the_rules() -> None:
    profile = load_profile()
    rng = np.random.default_rng(4)
    people = build_people(profile, 1.0, rng)
    days = [dt.date(2026, 6, 1) + dt.timedelta(days=i) for i in range(30)]
    roster = build_roster(profile, people, days, rng, "Asia/Shanghai")
    s = roster.swaps
    assert len(s) > 0
    by_id = people.set_index("person_id")
    for col in ("job_type", "skill_level", "team_id"):
        assert (
            by_id.loc[s["requester"], col].to_numpy() == by_id.loc[s["partner"], col].to_numpy()
        ).all()
    involved = pd.concat([s["requester"], s["partner"]])
    assert involved.value_counts().max() <= 2
    assert not roster.table.loc[roster.table["swapped"], "holiday"].any()
    leave = roster.leave
    assert set(leave["approver_role"]) <= {"department_director", "centre_director"}
    assert (leave.loc[leave["days"] > 1, "approver_role"] == "centre_director").all()
    assert (leave.loc[leave["kind"] == "official", "approver_role"] == "centre_director").all()
    # Leave is asked for before the shift; night-shift leave before noon that day.
    assert (leave["submitted_at"] < leave["start_at"]).all()
    night = leave[leave["start_at"].dt.hour == 18]
    noon = night["start_at"].dt.normalize() + pd.Timedelta(hours=12)
    assert (night["submitted_at"] < noon).all()
    # No leave on a swapped shift.
    on_leave = roster.table[roster.table["on_leave"]]
    assert not on_leave["swapped"].any()


def test_every_agent_gets_one_to_five_reviews_by_other_teams(week: DemoData) -> None:
    q = week.qa_reviews
    per = q.groupby(["month", "agent_id"]).size()
    agents = week.people[week.people["role"] == "agent"]["person_id"]
    assert set(q["month"]) == {"2026-09", "2026-10"}
    assert set(per.loc["2026-10"].index) == set(agents)
    assert per.between(1, 5).all()
    assert (q["inspector_team_id"] != q["team_id"]).all()
    items = ["service_language", "attitude", "tone", "needs_summary", "adaptability"]
    assert q[items].stack().between(1, 5).all()
    reviewed = week.interactions.set_index("interaction_id").loc[q["interaction_id"]]
    assert (reviewed["agent_id"].to_numpy() == q["agent_id"].to_numpy()).all()


def test_calibration_has_every_inspector_on_the_same_contacts(week: DemoData) -> None:
    c = week.qa_calibration
    n_inspectors = (week.people["role"] == "qa_inspector").sum()
    assert (c.groupby(["interaction_id", "item"])["inspector_id"].nunique() == n_inspectors).all()
