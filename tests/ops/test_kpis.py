"""The KPI library on DuckDB and PostgreSQL, against values worked out by hand.

Fixture in ``conftest.py``. Retail on 1 March (Shanghai): I1, I2, I3, I4, I6, I10 arrive;
I3 is a short abandon (3 s < 5 s) → offered 5 (I1, I2, I4, I6, I10), answered 3 (I1, I2,
I6), abandoned 2 (I4 after 45 s, I10 after exactly 5 s). Waits 15, 25, 10 s → within 20 s:
I1, I6. Handle: I1 300 + 20 + 40 = 360, I2 600 + 60 = 660, I6 300 + 20 = 320 → AHT 446.67.
FCR: the data ends with I5's arrival on 5 March, so every 7-day window is still open: FCR
is pending for the three answered contacts (no rate; provisional). Once the data is complete
to 31 March: I1's customer calls again on the same issue 4 days later (I5) → I1 fails; I2
and I6 pass → 2/3. I7 (16:30Z) is 00:30 on 2 March in Shanghai.
"""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.ops.backlog import backlog, overdue_list
from serviq.ops.definitions import load_kpi_config
from serviq.ops.kpis import compute, parse_by

ZONE = "Asia/Shanghai"
AS_OF_UTC = pd.Timestamp("2024-03-10T04:00:00")  # 12:00 in Shanghai
COMPLETE = pd.Timestamp("2024-03-31T00:00:00")  # the data is complete to 31 March (UTC)

CFG = load_kpi_config()


def row(result, **keys):
    df = result.rows
    mask = pd.Series(True, index=df.index)
    for k, v in keys.items():
        mask &= df[k] == v
    found = df[mask]
    assert len(found) == 1, f"expected one row for {keys}, got {len(found)}"
    return found.iloc[0]


def test_day_by_queue_matches_the_hand_computation(load, frames):
    src = load({"interactions": frames["interactions"]})
    r = compute(src, "day,queue", CFG, ZONE)
    x = row(r, day="2024-03-01", queue="retail")
    assert x.offered == 5
    assert x.answered == 3
    assert x.abandoned == 2
    assert x.short_abandoned == 1
    assert x.abandoned_rate == pytest.approx(2 / 5)
    assert x.service_level == pytest.approx(2 / 5)
    assert x.asa == pytest.approx((15 + 25 + 10) / 3)
    assert x.aht == pytest.approx((360 + 660 + 320) / 3)
    assert (x.fcr_rate, x.fcr_judged, x.fcr_pending, x.provisional) == (None, 0, 3, True)
    done = row(compute(src, "day,queue", CFG, ZONE, as_of=COMPLETE), day="2024-03-01", queue="retail")  # fmt: skip
    assert done.fcr_rate == pytest.approx(2 / 3)
    assert (done.fcr_resolved, done.fcr_judged, done.fcr_pending) == (2, 3, 0)
    assert done.provisional is False
    assert x.transfer_rate == pytest.approx(1 / 3)
    assert x.complaint_rate == pytest.approx(1 / 5)
    assert x.timeliness_rate == pytest.approx(2 / 5)
    assert x.csat == pytest.approx(3.5)
    # I7, written in UTC, is on 2 March in Shanghai; within 20 s exactly (wait = 20).
    y = row(r, day="2024-03-02", queue="retail")
    assert (y.offered, y.answered, y.service_level, y.asa, y.aht) == (1, 1, 1.0, 20.0, 600.0)
    # The e-mail answered after an hour misses the 20 s service level but is timely (4 h).
    w = row(r, day="2024-03-02", queue="wealth")
    assert (w.service_level, w.timeliness_rate, w.asa) == (0.0, 1.0, 3600.0)
    assert row(r, day="2024-03-01", queue="wealth").csat is None
    assert set(r.definitions) >= {"offered", "service_level", "asa", "aht", "fcr_rate"}


@pytest.mark.parametrize(
    ("treatment", "expected"),
    [("failed", 2 / 5), ("excluded", 2 / 3), ("threshold_excluded", 2 / 4)],
)
def test_service_level_follows_the_abandon_treatment(load, frames, treatment, expected):
    src = load({"interactions": frames["interactions"]})
    cfg = CFG.with_options(abandon_treatment=treatment)
    r = compute(src, "day,queue", cfg, ZONE)
    assert row(r, day="2024-03-01", queue="retail").service_level == pytest.approx(expected)
    assert treatment in r.definitions["service_level"].parameters["service_level"].values()


def test_without_short_abandon_removal_the_short_abandon_is_offered(load, frames):
    src = load({"interactions": frames["interactions"]})
    r = compute(src, "day,queue", CFG.with_options(short_abandon_seconds=0), ZONE)
    x = row(r, day="2024-03-01", queue="retail")
    assert (x.offered, x.abandoned, x.short_abandoned) == (6, 3, 0)
    assert x.service_level == pytest.approx(2 / 6)


def test_a_contact_counts_in_the_interval_it_arrived_in(load, frames):
    src = load({"interactions": frames["interactions"]})
    r = compute(src, "interval,queue", CFG, ZONE)
    # I4 arrives 09:29:50 and ends 09:30:35: it belongs to 09:00–09:30.
    x = row(r, interval="2024-03-01T09:00", queue="retail")
    assert (x.offered, x.answered, x.abandoned) == (3, 2, 1)
    assert "2024-03-01T09:30" not in set(r.rows.interval)
    r15 = compute(src, "interval", CFG.with_options(interval_minutes=15), ZONE)
    assert row(r15, interval="2024-03-01T09:15").offered == 1  # only I4 (I3 is short)
    assert row(r15, interval="2024-03-01T23:45").offered == 1  # I6, across midnight


def test_the_fcr_window_is_a_parameter(load, frames):
    src = load({"interactions": frames["interactions"]})
    r = compute(src, "day,queue", CFG.with_options(fcr_window_days=3), ZONE)
    assert row(r, day="2024-03-01", queue="retail").fcr_rate == pytest.approx(1.0)


def test_reporting_zone_moves_contacts_between_days(load, frames):
    src = load({"interactions": frames["interactions"]})
    r = compute(src, "day,queue", CFG, "UTC")
    # In UTC, I7 (16:30Z) is on 1 March and I6 (15:58Z) too: six retail contacts offered.
    assert row(r, day="2024-03-01", queue="retail").offered == 6


def test_by_agent_team_channel_and_type(load, frames):
    src = load({"interactions": frames["interactions"]})
    r = compute(src, "week,team", CFG, ZONE)
    t1 = row(r, week="2024-02-26", team="T1")  # Monday of the week of 1 March
    assert t1.handled == 4  # I1, I2, I6, I7
    assert t1.answered is None  # a queue KPI: no ownership table given, so not per team
    r2 = compute(src, "month,channel,contact_type", CFG, ZONE)
    assert row(r2, month="2024-03", channel="email", contact_type="query").answered == 1
    r3 = compute(src, ["agent"], CFG, ZONE)
    assert row(r3, agent="A001").aht == pytest.approx((360 + 130 + 320) / 3)


def test_occupancy_splits_agent_states_at_period_borders(load, frames):
    src = load({"interactions": frames["interactions"], "agent_states": frames["agent_states"]})
    r = compute(src, "interval,agent", CFG.with_options(interval_minutes=60), ZONE)
    eight = row(r, interval="2024-03-01T08:00", agent="A001")
    assert eight.available_seconds == pytest.approx(900)
    assert eight.occupancy == pytest.approx(0.0)
    nine = row(r, interval="2024-03-01T09:00", agent="A001")
    assert nine.available_seconds == pytest.approx(2700)
    assert nine.occupancy == pytest.approx(360 / 2700)
    day = compute(src, "day,agent", CFG, ZONE)
    assert row(day, day="2024-03-01", agent="A001").occupancy == pytest.approx(680 / 3600)
    # A002 is ready 23:00–01:00 across midnight: one hour on each day.
    assert row(day, day="2024-03-01", agent="A002").occupancy == pytest.approx(660 / 3600)
    assert row(day, day="2024-03-02", agent="A002").occupancy == pytest.approx(600 / 3600)
    logged = compute(src, "day,agent", CFG.with_options(occupancy_denominator="logged_in"), ZONE)
    assert row(logged, day="2024-03-01", agent="A001").occupancy == pytest.approx(680 / 4500)
    assert "logged-in" in logged.definitions["occupancy"].en


def test_work_order_kpis_count_the_last_close(load, frames):
    src = load({"interactions": frames["interactions"], "work_orders": frames["work_orders"]})
    r = compute(src, "day,queue", CFG, ZONE, as_of=AS_OF_UTC.to_pydatetime())
    x = row(r, day="2024-03-01", queue="retail")
    assert x.work_orders == 4
    assert x.wo_timeliness_rate == pytest.approx(1 / 4)  # W1 on time; W2 late, W3 and W5 overdue
    assert x.reopen_rate == pytest.approx(2 / 3)  # W2 and W5 of W1, W2, W5
    assert x.callback_rate == pytest.approx(1 / 2)  # W1 of W1, W2
    w = row(r, day="2024-03-09", queue="wealth")
    assert w.work_orders == 1
    assert w.wo_timeliness_rate is None  # W4 is open and not yet due
    assert pd.isna(w.offered)


def test_backlog_and_ageing(load, frames):
    src = load({"work_orders": frames["work_orders"], "interactions": frames["interactions"]})
    df = backlog(src.work_orders, AS_OF_UTC.to_pydatetime(), CFG, ["queue"]).to_pandas()
    df = df.set_index("queue")
    assert df.loc["retail", "open"] == 2  # W3 and W5 (reopened)
    assert df.loc["retail", "overdue"] == 2
    assert df.loc["retail", "age_ge_7d"] == 2
    assert df.loc["retail", "mean_age_days"] == pytest.approx((9 + 9 - 1 / 24) / 2)
    assert df.loc["wealth", "age_1_3d"] == 1  # exactly one day old
    assert df.loc["wealth", "overdue"] == 0
    late = overdue_list(src.work_orders, AS_OF_UTC.to_pydatetime(), ZONE).to_pandas()
    assert list(late.work_order_id) == ["W5", "W3"]  # W5 is the longest overdue
    assert late.overdue_hours.iloc[1] == pytest.approx(6 * 24)


def test_parse_by_refuses_two_periods_and_unknown_names():
    from serviq.errors import InvalidInput

    assert parse_by("day, queue") == ("day", "queue")
    with pytest.raises(InvalidInput, match="at most one period"):
        parse_by("day,week")
    with pytest.raises(InvalidInput, match="allowed: interval"):
        parse_by("hour")


def test_workload_counts_per_day_and_team(load, frames):
    from serviq.ops.kpis import tidy
    from serviq.ops.workload import workload

    src = load({"interactions": frames["interactions"], "work_orders": frames["work_orders"]})
    df = tidy(
        workload(src.interactions, ("day", "team"), CFG, ZONE, src.work_orders).to_pandas(),
        ("day", "team"),
    )
    t1 = row(type("R", (), {"rows": df})(), day="2024-03-01", team="T1")
    # I1 consultation, I2 complaint (system problem, hard case), I6 query; W1, W2, W3, W5.
    assert (t1.consultation, t1.query, t1.complaint, t1.proactive) == (1, 1, 1, 0)
    assert (t1.system_problem, t1.hard_case, t1.contacts) == (1, 1, 3)
    assert (t1.work_orders, t1.escalated) == (4, 2)
    t2 = row(type("R", (), {"rows": df})(), day="2024-03-01", team="T2")
    assert (t2.proactive, t2.contacts, t2.work_orders) == (1, 1, 0)
    week = tidy(
        workload(src.interactions, ("week", "agent"), CFG, ZONE).to_pandas(), ("week", "agent")
    )
    a001 = week[(week.week == "2024-02-26") & (week.agent == "A001")].iloc[0]
    assert a001.contacts == 2  # I1 and I6; I5 is in the next week


def test_a_zone_with_daylight_saving_uses_the_offset_of_each_instant(load, make_frame):
    text = (
        "interaction_id,channel,queue,contact_type,arrived_at,answered_at,ended_at,abandoned\n"
        "D1,phone,retail,query,2024-03-10T06:30:00Z,2024-03-10T06:30:05Z,2024-03-10T06:35:00Z,false\n"
        "D2,phone,retail,query,2024-03-10T07:30:00Z,2024-03-10T07:30:05Z,2024-03-10T07:35:00Z,false\n"
    )
    src = load({"interactions": make_frame("interactions", text)})
    r = compute(src, "interval", CFG.with_options(interval_minutes=60), "America/New_York")
    # 06:30Z is 01:30 EST (UTC−5); 07:30Z is 03:30 EDT (UTC−4): clocks skipped 02:00–03:00.
    assert list(r.rows.interval) == ["2024-03-10T01:00", "2024-03-10T03:00"]


def test_the_status_history_makes_a_past_backlog_exact(load, frames):
    src = load({k: frames[k] for k in ("interactions", "work_orders", "work_order_events")})
    # 2 March 12:00 in Shanghai: W2 was closed at 10:00 (reopened only on 3 March).
    past = pd.Timestamp("2024-03-02T04:00:00").to_pydatetime()
    without = backlog(src.work_orders, past, CFG, ["queue"]).to_pandas().set_index("queue")
    assert without.loc["retail", "open"] == 3  # W2, W3, W5 by the last close alone
    exact = backlog(src.work_orders, past, CFG, ["queue"], src.work_order_events).to_pandas()
    assert exact.set_index("queue").loc["retail", "open"] == 2  # W3 and W5
    # On 3 March 12:00 W2 is reopened, so open again.
    reopened = pd.Timestamp("2024-03-03T04:00:00").to_pydatetime()
    again = backlog(src.work_orders, reopened, CFG, ["queue"], src.work_order_events).to_pandas()
    assert again.set_index("queue").loc["retail", "open"] == 3
    late = overdue_list(src.work_orders, reopened, ZONE, src.work_order_events).to_pandas()
    assert set(late.work_order_id) == {"W2", "W5"}  # W2 due 3 March 10:00; W3 due 4 March
