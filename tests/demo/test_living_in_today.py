"""A centre that lives in today (``until``): a year of complete months and the current
month to date, nothing after the moment the data stop, rosters that run on into next month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from serviq.demo import DemoData, generate, write_interactions
from serviq.demo.timeline import timeline
from serviq.errors import InvalidInput

NOW = pd.Timestamp("2026-12-05T10:30:00+08:00")
ROSTER_UNTIL = "2027-01-31"


@pytest.fixture(scope="module")
def today() -> DemoData:
    """November 2026 and 1–5 December up to 10:30, rosters to 31 January (at half scale,
    so that teams have agents of the same job and skill to swap with)."""
    return generate(months=1, scale=0.5, seed=3, until=NOW, roster_until=ROSTER_UNTIL)


def test_it_has_complete_months_and_the_current_month_to_date(today: DemoData) -> None:
    months = today.interactions["arrived_at"].dt.strftime("%Y-%m")
    assert sorted(months.unique()) == ["2026-11", "2026-12"]
    days = today.interactions["arrived_at"].dt.date
    assert days.min() == dt.date(2026, 11, 1)
    assert {d.day for d in days[months == "2026-11"]} == set(range(1, 31))
    assert today.meta["start"] == "2026-11-01"
    assert today.meta["until"] == NOW.isoformat()
    assert today.meta["roster_until"] == ROSTER_UNTIL


def test_no_contact_arrives_or_ends_after_now_and_the_last_is_recent(today: DemoData) -> None:
    ix = today.interactions
    assert ix["arrived_at"].max() <= NOW
    assert ix["ended_at"].max() <= NOW
    assert ix["answered_at"].dropna().max() <= NOW
    assert NOW - ix["arrived_at"].max() < pd.Timedelta(minutes=30)
    assert len(ix[ix["arrived_at"].dt.date == NOW.date()]) > 20


def test_surveys_follow_their_contacts_and_stop_at_now(today: DemoData) -> None:
    r = today.survey_responses
    assert r["submitted_at"].max() <= NOW
    ix = today.interactions.set_index("interaction_id")
    assert r["interaction_id"].isin(ix.index).all()
    ended = ix.loc[r["interaction_id"], "ended_at"].to_numpy()
    assert (r["submitted_at"].to_numpy() > ended).all()
    # a contact has a CSAT exactly when its customer's answer is in
    rated = set(ix.index[ix["csat"].notna()])
    assert rated == set(r.loc[r["CSAT"].notna(), "interaction_id"])
    assert set(today.comments["response_id"]) <= set(r["response_id"])


def test_qa_reviews_and_agent_states_stop_at_now(today: DemoData) -> None:
    assert today.qa_reviews["reviewed_at"].max() <= NOW
    assert (today.qa_reviews["month"] == "2026-12").any()
    states = today.agent_states
    assert states["end_at"].max() == NOW  # the sessions on duty now are still open
    assert states["start_at"].max() < NOW
    assert (states["end_at"] > states["start_at"]).all()


def test_work_orders_stand_as_of_now(today: DemoData) -> None:
    wo = today.work_orders
    assert wo["created_at"].max() <= NOW
    assert wo["closed_at"].dropna().max() <= NOW
    recent = wo[wo["created_at"] > NOW - pd.Timedelta(hours=12)]
    assert len(recent)
    assert (recent["status"] != "closed").any()


def test_rosters_run_into_next_month_and_requests_were_made_by_now(today: DemoData) -> None:
    dates = pd.to_datetime(today.rosters["date"])
    assert dates.max() == pd.Timestamp(ROSTER_UNTIL)
    assert (dates.dt.strftime("%Y-%m") == "2027-01").sum() > 100
    assert today.leave["submitted_at"].max() <= NOW
    assert today.swaps["approved_at"].max() <= NOW
    assert len(today.swaps) > 0


def test_the_same_arguments_give_the_same_centre_and_the_same_stream(
    tmp_path: Path, today: DemoData
) -> None:
    again = generate(months=1, scale=0.5, seed=3, until=NOW, roster_until=ROSTER_UNTIL)
    for name, df in today.tables().items():
        pd.testing.assert_frame_equal(df, again.tables()[name], obj=name)
    info = write_interactions(
        tmp_path / "i.parquet", months=1, scale=0.5, seed=3, until=NOW, roster_until=ROSTER_UNTIL
    )
    assert info["rows"] == len(today.interactions)
    back = pd.read_parquet(tmp_path / "i.parquet")
    assert back["interaction_id"].tolist() == today.interactions["interaction_id"].tolist()


def test_a_date_until_means_its_midnight_and_start_may_be_given() -> None:
    t = timeline(1, "2026-11-20", tz="Asia/Shanghai", until=dt.date(2026, 12, 1))
    assert t.days[0] == dt.date(2026, 11, 20)
    assert t.days[-1] == dt.date(2026, 11, 30)
    assert t.contact_days == len(t.days) == 11
    t = timeline(12, None, tz="Asia/Shanghai", until="2026-12-05T00:00:01+08:00")
    assert t.days[0] == dt.date(2025, 12, 1)
    assert t.end == dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": "2026-12-06", "until": "2026-12-05T10:00"}, "until"),
        ({"until": "yesterday"}, "until"),
        ({"until": "2026-12-05T10:00", "roster_until": "2026-12-01"}, "roster_until"),
    ],
)
def test_it_refuses_an_impossible_timeline(kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        timeline(1, kwargs.pop("start", None), tz="Asia/Shanghai", **kwargs)
    assert err.value.where is not None
    assert err.value.where.field == field
