"""System problems (系統問題) and hard cases (疑難) in the demo: rates from centre.yaml, and
tied to what happens (outage volume, handle times, transfers, escalations, comments)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from serviq.demo import DemoData, generate
from serviq.demo.centre import CentreProfile, load_profile


def _handle(i: pd.DataFrame) -> pd.Series:
    talk = (i["ended_at"] - i["answered_at"]).dt.total_seconds()
    return talk + i["hold_seconds"] + i["wrapup_seconds"]


def _in_incident(i: pd.DataFrame, meta: dict) -> np.ndarray:
    inside = np.zeros(len(i), dtype=bool)
    for w in meta["incidents"]:
        a, b = pd.Timestamp(w["start"]), pd.Timestamp(w["end"])
        inside |= ((i["arrived_at"] >= a) & (i["arrived_at"] < b)).to_numpy()
    return inside


def test_incidents_are_afternoon_outages_on_working_days(fortnight: DemoData) -> None:
    prof = load_profile()
    lo, hi = prof.system_problems.incident_start_hours
    shortest, longest = prof.system_problems.incident_hours
    assert fortnight.meta["incidents"], "at least one incident per generated month"
    for w in fortnight.meta["incidents"]:
        a, b = dt.datetime.fromisoformat(w["start"]), dt.datetime.fromisoformat(w["end"])
        assert a.weekday() < 5
        assert lo <= a.hour + a.minute / 60 <= hi
        assert shortest * 3600 - 1 <= (b - a).total_seconds() <= longest * 3600 + 1


def test_an_outage_raises_app_and_retail_volume_complaints_and_handle_time(
    fortnight: DemoData,
) -> None:
    i = fortnight.interactions
    w = fortnight.meta["incidents"][0]
    a, b = pd.Timestamp(w["start"]), pd.Timestamp(w["end"])
    # The same hours of the other weekdays are the baseline.
    t = i["arrived_at"]
    secs = (t - t.dt.normalize()).dt.total_seconds()
    a_s = (a - a.normalize()).total_seconds()
    b_s = (b - b.normalize()).total_seconds()
    same_hours = (secs >= a_s) & (secs < b_s) & (t.dt.day_of_week < 5)
    outage_day = t.dt.date == a.date()
    for col, value in (("channel", "app"), ("queue", "retail")):
        sel = same_hours & (i[col] == value)
        per_day = sel.groupby(t.dt.date).sum()
        usual = per_day.drop(a.date()).mean()
        assert per_day[a.date()] > 1.8 * usual, (col, per_day[a.date()], usual)
    during = same_hours & outage_day
    others = same_hours & ~outage_day
    complaint = i["contact_type"] == "complaint"
    assert complaint[during].mean() > complaint[others].mean() + 0.03
    assert i.loc[during, "system_problem"].mean() > 0.4
    assert i.loc[others, "system_problem"].mean() < 0.03
    answered = ~i["abandoned"]
    h = _handle(i)
    for ct in ("query", "consultation"):
        sel = answered & (i["contact_type"] == ct) & ~i["hard_case"]
        ratio = h[sel & i["system_problem"]].median() / h[sel & ~i["system_problem"]].median()
        assert 1.15 < ratio < 1.5, (ct, ratio)


def test_system_problems_outside_incidents_come_at_the_background_rate(
    fortnight: DemoData,
) -> None:
    i = fortnight.interactions
    rate = load_profile().system_problems.background_rate
    # A customer calling back about an outage keeps its flag: count each issue's first contact.
    first = i.sort_values("arrived_at", kind="stable").drop_duplicates("issue_key")
    outside = ~_in_incident(first, fortnight.meta) & (first["contact_type"] != "proactive")
    x = first.loc[outside, "system_problem"]
    se = np.sqrt(rate * (1 - rate) / len(x))
    assert abs(x.mean() - rate) < 4 * se
    later = i[~_in_incident(i, fortnight.meta)]
    assert later["system_problem"].mean() > x.mean()  # the call-backs after an outage
    assert not i.loc[i["contact_type"] == "proactive", "system_problem"].any()


def test_hard_cases_follow_the_rates_by_contact_type_and_queue(fortnight: DemoData) -> None:
    i = fortnight.interactions[~fortnight.interactions["abandoned"]]
    hc = load_profile().hard_cases
    for ct, q in (("consultation", "credit_card"), ("complaint", "complaints"),
                  ("consultation", "wealth"), ("query", "retail")):  # fmt: skip
        x = i.loc[(i["contact_type"] == ct) & (i["queue"] == q), "hard_case"]
        p = min(hc.rate[ct] * hc.queue_factor[q], 1.0)
        se = np.sqrt(p * (1 - p) / len(x))
        assert abs(x.mean() - p) < 4.5 * se + 0.01, (ct, q, x.mean(), p, len(x))
    assert not fortnight.interactions.loc[fortnight.interactions["abandoned"], "hard_case"].any()
    by_type = i.groupby("contact_type")["hard_case"].mean()
    assert by_type["complaint"] > 3 * by_type["consultation"] > 3 * by_type["query"] * 0.9
    by_queue = i.groupby("queue")["hard_case"].mean()
    assert by_queue["wealth"] > 1.8 * by_queue["retail"]


def test_hard_cases_take_longer_transfer_more_and_their_orders_are_supervised_more(
    fortnight: DemoData,
) -> None:
    i = fortnight.interactions
    answered = i[~i["abandoned"] & (i["contact_type"] == "complaint") & ~i["system_problem"]]
    h = _handle(answered)
    hard = answered["hard_case"]
    assert h[hard].median() > 1.5 * h[~hard].median()
    assert answered.loc[hard, "transferred"].mean() > 2 * answered.loc[~hard, "transferred"].mean()
    assert answered.loc[hard, "resolved"].mean() < answered.loc[~hard, "resolved"].mean() - 0.1
    wo = fortnight.work_orders.merge(i[["interaction_id", "hard_case"]], on="interaction_id")
    esc = wo.groupby("hard_case")["escalated"].mean()
    assert esc[True] > 2 * esc[False]
    # A work order is supervised while open: never after it was first closed.
    e = fortnight.work_orders
    closed_first = e["first_closed_at"].notna() & e["escalated_at"].notna()
    assert (e.loc[closed_first, "escalated_at"] <= e.loc[closed_first, "first_closed_at"]).all()


def test_comments_on_system_problem_contacts_mention_app_failure(fortnight: DemoData) -> None:
    c = fortnight.comments.merge(
        fortnight.interactions[["interaction_id", "system_problem"]], on="interaction_id"
    )
    mentions = c["planted_themes"].str.split(",").map(lambda t: "app_failure" in t)
    by = mentions.groupby(c["system_problem"]).mean()
    assert c["system_problem"].sum() >= 10
    assert by[True] > 0.45
    assert by[False] < 0.2


def _profile(**changes: dict) -> CentreProfile:
    p = load_profile()
    update = {k: getattr(p, k).model_copy(update=v) for k, v in changes.items()}
    return p.model_copy(update=update)


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"system_problems": {"background_rate": 0.0, "incidents_per_month": 0.0}}, "system_problem"),
        ({"hard_cases": {"rate": dict.fromkeys(
            ("consultation", "query", "transaction", "complaint", "proactive"), 0.0)}}, "hard_case"),
    ],
)  # fmt: skip
def test_the_rates_are_settings(changes: dict, column: str) -> None:
    data = generate(scale=0.1, seed=7, start="2026-06-01", days=7, profile=_profile(**changes))
    assert not data.interactions[column].any()
    if column == "system_problem":
        assert data.meta["incidents"] == []
    other = "hard_case" if column == "system_problem" else "system_problem"
    assert data.interactions[other].any()


def test_hard_cases_keep_each_types_configured_means(fortnight: DemoData) -> None:
    """Hard cases shift handle time and rates within a contact type, not the type's mean."""
    zero = dict.fromkeys(("consultation", "query", "transaction", "complaint", "proactive"), 0.0)
    plain = generate(
        scale=0.5, seed=5, start="2026-06-01", days=14, profile=_profile(hard_cases={"rate": zero})
    ).interactions
    mixed = fortnight.interactions
    for ct in ("complaint", "transaction", "consultation"):
        a = mixed[~mixed["abandoned"] & (mixed["contact_type"] == ct)]
        b = plain[~plain["abandoned"] & (plain["contact_type"] == ct)]
        assert abs(_handle(a).mean() / _handle(b).mean() - 1) < 0.06, ct
        assert abs(a["transferred"].mean() - b["transferred"].mean()) < 0.03, ct
        assert abs(a["resolved"].mean() - b["resolved"].mean()) < 0.03, ct
