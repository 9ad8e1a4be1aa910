"""The synthetic centre behaves like a real one where the analyses will look."""

from __future__ import annotations

import numpy as np
import pandas as pd

from serviq.demo import DemoData


def _phone(data: DemoData) -> pd.DataFrame:
    df = data.interactions
    ph = df[df["channel"] == "phone"].copy()
    ph["wait"] = ((ph["answered_at"].fillna(ph["ended_at"])) - ph["arrived_at"]).dt.total_seconds()
    return ph


def test_intraday_peaks_are_mid_morning_and_afternoon(fortnight: DemoData) -> None:
    hour = fortnight.interactions["arrived_at"].dt.hour.value_counts()
    assert hour.loc[[10, 15]].min() > 5 * hour.loc[[2, 3, 4]].max()
    assert hour.loc[10] > hour.loc[12.0 if 12.0 in hour.index else 12]  # the lunch dip


def test_mondays_are_busier_than_sundays(fortnight: DemoData) -> None:
    by_day = fortnight.interactions.groupby(fortnight.interactions["arrived_at"].dt.date).size()
    dates = pd.to_datetime(pd.Series(by_day.index))
    monday = by_day.to_numpy()[dates.dt.day_of_week.to_numpy() == 0].mean()
    sunday = by_day.to_numpy()[dates.dt.day_of_week.to_numpy() == 6].mean()
    assert monday > 1.4 * sunday


def test_national_day_is_quieter_than_the_working_days_before(week: DemoData) -> None:
    by_day = week.interactions.groupby(week.interactions["arrived_at"].dt.date.astype(str)).size()
    assert (
        by_day.loc[["2026-10-01", "2026-10-02"]].mean()
        < 0.75 * by_day.loc[["2026-09-28", "2026-09-29"]].mean()
    )


def test_peaks_bring_long_waits(fortnight: DemoData) -> None:
    ph = _phone(fortnight)
    answered = ph[~ph["abandoned"]]
    by_hour = answered.groupby(answered["arrived_at"].dt.hour)["wait"].mean()
    assert by_hour.loc[10] > 3 * by_hour.loc[[2, 3, 4]].mean()
    assert answered["wait"].quantile(0.99) > 120


def test_abandonment_rises_with_the_wait(fortnight: DemoData) -> None:
    ph = _phone(fortnight)
    slot = ph["arrived_at"].dt.floor("15min")
    per = (
        ph.assign(slot=slot)
        .groupby("slot")
        .agg(asa=("wait", "mean"), ab=("abandoned", "mean"), n=("wait", "size"))
    )
    per = per[per["n"] >= 5]
    low, high = per["asa"].quantile([0.25, 0.75])
    assert per.loc[per["asa"] >= high, "ab"].mean() > 2 * per.loc[per["asa"] <= low, "ab"].mean()


def test_there_are_short_abandons(fortnight: DemoData) -> None:
    ph = _phone(fortnight)
    short = ph["abandoned"] & (ph["wait"] < 5)
    assert 0.005 < short.mean() < 0.08


def test_abandoned_contacts_have_no_agent_and_no_answer(week: DemoData) -> None:
    df = week.interactions
    ab = df[df["abandoned"]]
    assert ab["answered_at"].isna().all()
    assert ab["agent_id"].isna().all()
    assert not ab["resolved"].any()
    ok = df[~df["abandoned"]]
    assert ok["answered_at"].notna().all()
    assert ok["agent_id"].notna().all()
    assert (ok["answered_at"] >= ok["arrived_at"]).all()
    assert (df["ended_at"] >= df["arrived_at"]).all()


def test_unresolved_issues_come_back_within_days(fortnight: DemoData) -> None:
    df = fortnight.interactions.sort_values("arrived_at")
    first = df.drop_duplicates("issue_key")
    again = df[df.duplicated("issue_key")]
    assert len(again) > 0.03 * len(df)
    came_back = first["issue_key"].isin(again["issue_key"])
    unresolved = ~first["resolved"]
    assert came_back[unresolved].mean() > 3 * came_back[~unresolved].mean()
    # Repeats are the same customer on the same issue.
    keys = df.groupby("issue_key")["customer_key"].nunique()
    assert (keys == 1).all()


def test_transfers_and_work_orders_happen(fortnight: DemoData) -> None:
    df = fortnight.interactions
    assert 0.02 < df["transferred"].mean() < 0.15
    complaints = df[(df["contact_type"] == "complaint") & ~df["abandoned"]]
    assert complaints["work_order_id"].notna().mean() > 0.5


def test_csat_is_on_the_surveyed_contacts(fortnight: DemoData) -> None:
    df = fortnight.interactions
    surveyed = df[df["csat"].notna()]
    responses = fortnight.survey_responses.set_index("interaction_id")
    assert set(surveyed["interaction_id"]) <= set(responses.index)
    assert (
        surveyed.set_index("interaction_id")["csat"]
        == responses.loc[surveyed["interaction_id"], "CSAT"]
    ).all()
    assert surveyed["csat"].between(1, 5).all()


def test_the_backlog_is_realistic(fortnight: DemoData) -> None:
    wo = fortnight.work_orders
    as_of = pd.Timestamp("2026-06-15", tz="Asia/Shanghai")
    still_open = wo["closed_at"].isna()
    assert still_open.any()
    assert (~still_open).any()
    overdue = (wo["closed_at"] > wo["due_at"]) | (still_open & (wo["due_at"] < as_of))
    assert 0.03 < overdue.mean() < 0.4
    assert (wo["reopened_count"] > 0).any()
    assert wo["escalated"].any()
    assert wo["callback_done"].any()
    results = set(wo.loc[wo["callback_done"], "callback_result"])
    assert results <= {"satisfied", "neutral", "dissatisfied", "unreachable"}
    assert wo.loc[~wo["callback_done"], "callback_result"].isna().all()
    statuses = {"created", "assigned", "in_progress", "escalated", "closed", "reopened"}
    assert set(wo["status"]) <= statuses
    assert set(fortnight.work_order_events["status"]) <= statuses
    assert (wo.loc[~still_open, "closed_at"] >= wo.loc[~still_open, "created_at"]).all()
    assert set(fortnight.work_order_events["work_order_id"]) == set(wo["work_order_id"])


def test_agent_states_partition_each_session(week: DemoData) -> None:
    st = week.agent_states
    assert set(st["state"]) == {"ready", "not_ready"}
    assert (st["end_at"] > st["start_at"]).all()
    for _sid, s in st.groupby("session_id"):
        s = s.sort_values("start_at")
        assert (s["start_at"].iloc[1:].to_numpy() == s["end_at"].iloc[:-1].to_numpy()).all()
    not_ready = st[st["state"] == "not_ready"]
    assert not_ready["reason"].notna().all()
    assert set(not_ready["reason"]) <= {
        "break",
        "meal",
        "meeting",
        "training",
        "coaching",
        "system_problem",
    }
    ready_share = (st["end_at"] - st["start_at"]).dt.total_seconds().groupby(st["state"]).sum()
    assert 0.6 < ready_share["ready"] / ready_share.sum() < 0.9


def test_organisation_has_six_teams_of_about_ten_at_scale_one() -> None:
    from serviq.demo.centre import load_profile
    from serviq.demo.organisation import build_people

    people = build_people(load_profile(), 1.0, np.random.default_rng(0))
    agents = people[people["role"] == "agent"]
    assert sorted(agents["team_id"].unique()) == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert agents.groupby("team_id").size().between(9, 11).all()
    assert agents["person_id"].iloc[0] == "A001"
    assert set(agents["job_type"]) == {
        "phone_agent",
        "senior_agent",
        "complaints_specialist",
        "chat_agent",
    }
    assert set(agents["skill_level"]) == {1, 2, 3}
    roles = set(people["role"])
    assert {"team_lead", "qa_inspector", "department_director", "centre_director"} <= roles
    assert people["name_zh"].str.match(r"^[\u4e00-\u9fff]{2,3}$").all()
    assert people["name_en"].str.match(r"^[A-Z][a-z]+ [A-Z][a-z]+$").all()
