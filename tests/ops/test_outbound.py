"""Outbound (proactive) contacts in the KPIs, on DuckDB and PostgreSQL, worked out by hand.

Retail, Monday 4 March 2024 (Shanghai), all phone (answer target 20 s):

- N1 query, wait 30 s, talk 240 + wrap 30 → handle 270; CSAT 3;
- N2 consultation, wait 10 s, talk 120 → handle 120;
- N3 complaint, abandoned after 60 s (not short);
- N4 query, abandoned after 2 s (short: not offered);
- P1 proactive (outbound), answered at arrival, talk 300 + wrap 60 → handle 360; CSAT 5;
- P2 proactive (outbound), answered at arrival, talk 180 → handle 180; transferred.

Outbound left out of the queue KPIs (default): offered 3 (N1, N2, N3), answered 2,
abandoned 1, short 1; within 20 s: N2 → service level 1/3, timeliness 1/3; ASA
(30 + 10)/2 = 20; abandon rate 1/3; complaint rate 1/3. AHT keeps outbound (default):
(270 + 120 + 360 + 180)/4 = 232.5; without it (270 + 120)/2 = 195. Transfer rate over the
4 handled contacts: 1/4; FCR 4/4 once the data is complete to 31 March (no customer calls
again); until then every window is open and FCR is pending; CSAT (3 + 5)/2 = 4.

Outbound counted in the queue KPIs: offered 5, answered 4, within 20 s N2, P1, P2 →
service level 3/5, timeliness 3/5; ASA (30 + 10 + 0 + 0)/4 = 10; abandon rate 1/5;
complaint rate 1/5.

A001 is ready 09:00–11:00 (7,200 s) and handles N1 and P1: occupancy (270 + 360)/7200.
The heat map (60-min intervals) at 09:00 has N1, N2 and P1 (09:45): offered 2, AHT over
the queued contacts (270 + 120)/2 = 195.
"""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.ops.definitions import load_kpi_config
from serviq.ops.heatmap import heatmap
from serviq.ops.kpis import compute, tidy
from serviq.ops.workload import workload

ZONE = "Asia/Shanghai"
CFG = load_kpi_config()
COMPLETE = pd.Timestamp("2024-03-31T00:00:00")  # the data is complete to 31 March (UTC)

INTERACTIONS = """\
interaction_id,channel,queue,contact_type,agent_id,team_id,customer_key,issue_key,arrived_at,answered_at,ended_at,hold_seconds,wrapup_seconds,abandoned,transferred,csat
N1,phone,retail,query,A001,T1,C3,x,2024-03-04T09:00:00+08:00,2024-03-04T09:00:30+08:00,2024-03-04T09:04:30+08:00,0,30,false,false,3
N2,phone,retail,consultation,A002,T1,C4,y,2024-03-04T09:30:00+08:00,2024-03-04T09:30:10+08:00,2024-03-04T09:32:10+08:00,0,0,false,false,
N3,phone,retail,complaint,,,C5,z,2024-03-04T12:00:00+08:00,,2024-03-04T12:01:00+08:00,,,true,false,
N4,phone,retail,query,,,C6,w,2024-03-04T12:10:00+08:00,,2024-03-04T12:10:02+08:00,,,true,false,
P1,phone,retail,proactive,A001,T1,C1,card,2024-03-04T09:45:00+08:00,2024-03-04T09:45:00+08:00,2024-03-04T09:50:00+08:00,0,60,false,false,5
P2,phone,retail,proactive,A002,T1,C2,fee,2024-03-04T11:00:00+08:00,2024-03-04T11:00:00+08:00,2024-03-04T11:03:00+08:00,0,0,false,true,
"""

AGENT_STATES = """\
agent_id,team_id,state,reason,start_at,end_at
A001,T1,ready,,2024-03-04T09:00:00+08:00,2024-03-04T11:00:00+08:00
"""


@pytest.fixture
def src(load, make_frame):
    return load(
        {
            "interactions": make_frame("interactions", INTERACTIONS),
            "agent_states": make_frame("agent_states", AGENT_STATES),
        }
    )


def one(result, **keys):
    df = result.rows
    mask = pd.Series(True, index=df.index)
    for k, v in keys.items():
        mask &= df[k] == v
    found = df[mask]
    assert len(found) == 1, f"expected one row for {keys}, got {len(found)}"
    return found.iloc[0]


def test_outbound_contacts_leave_the_queue_kpis_by_default(src):
    r = compute(src, "day,queue", CFG, ZONE, as_of=COMPLETE)
    x = one(r, day="2024-03-04", queue="retail")
    assert (x.offered, x.answered, x.abandoned, x.short_abandoned) == (3, 2, 1, 1)
    assert x.answered_within_sl == 1
    assert x.service_level == pytest.approx(1 / 3)
    assert x.timeliness_rate == pytest.approx(1 / 3)
    assert x.asa == pytest.approx(20.0)
    assert x.abandoned_rate == pytest.approx(1 / 3)
    assert x.complaint_rate == pytest.approx(1 / 3)
    assert x.aht == pytest.approx((270 + 120 + 360 + 180) / 4)
    assert x.transfer_rate == pytest.approx(1 / 4)
    assert x.fcr_rate == pytest.approx(1.0)
    assert x.csat == pytest.approx(4.0)


def test_outbound_contacts_counted_as_queued_lift_service_level_and_lower_asa(src):
    r = compute(src, "day,queue", CFG.with_options(outbound_queue_kpis="included"), ZONE)
    x = one(r, day="2024-03-04", queue="retail")
    assert (x.offered, x.answered, x.abandoned, x.short_abandoned) == (5, 4, 1, 1)
    assert x.service_level == pytest.approx(3 / 5)
    assert x.timeliness_rate == pytest.approx(3 / 5)
    assert x.asa == pytest.approx(10.0)
    assert x.abandoned_rate == pytest.approx(1 / 5)
    assert x.complaint_rate == pytest.approx(1 / 5)
    assert x.transfer_rate == pytest.approx(1 / 4)
    # No contact type declared outbound is the same as counting them in the queue.
    none = compute(src, "day,queue", CFG.with_options(outbound_contact_types=[]), ZONE)
    y = one(none, day="2024-03-04", queue="retail")
    assert (y.offered, y.service_level, y.asa) == (5, pytest.approx(3 / 5), 10.0)


def test_inbound_only_aht_is_an_option(src):
    r = compute(src, "day,queue", CFG.with_options(outbound_aht="excluded"), ZONE)
    assert one(r, day="2024-03-04", queue="retail").aht == pytest.approx((270 + 120) / 2)


def test_the_proactive_row_has_handling_but_no_queue_figures(src):
    r = compute(src, "day,contact_type", CFG, ZONE)
    p = one(r, day="2024-03-04", contact_type="proactive")
    assert (p.offered, p.answered, p.abandoned, p.answered_within_sl) == (0, 0, 0, 0)
    assert (p.service_level, p.asa, p.timeliness_rate) == (None, None, None)
    assert p.aht == pytest.approx((360 + 180) / 2)
    assert p.transfer_rate == pytest.approx(1 / 2)


def test_outbound_work_counts_in_occupancy_and_workload(src):
    r = compute(src, "day,agent", CFG, ZONE)
    a = one(r, day="2024-03-04", agent="A001")
    assert a.occupancy == pytest.approx((270 + 360) / 7200)
    assert a.handled == 2  # N1 and P1: both are A001's work
    assert (a.offered, a.answered) == (None, None)  # queue KPIs are not an agent's
    w = tidy(workload(src.interactions, ("day", "team"), CFG, ZONE).to_pandas(), ("day", "team"))
    t1 = w[(w.day == "2024-03-04") & (w.team == "T1")].iloc[0]
    assert (t1.proactive, t1.contacts) == (2, 4)


def test_the_heat_map_takes_aht_over_the_queued_contacts(src):
    hm = heatmap(src, CFG.with_options(interval_minutes=60), ZONE)
    nine = hm[hm.interval == "09:00"].iloc[0]
    assert (nine.offered, nine.aht) == (2.0, pytest.approx((270 + 120) / 2))
    # Had AHT kept P1 (09:45), it would be (270 + 120 + 360)/3 = 250 s.
    eleven = hm[hm.interval == "11:00"].iloc[0]  # P2 only: no queue volume, no seats needed
    assert (eleven.offered, eleven.aht, eleven.required) == (0.0, None, 0)


def test_every_definition_says_how_outbound_contacts_count(src):
    r = compute(src, "day", CFG, ZONE)
    d = r.definitions
    for key in ("offered", "answered", "service_level", "asa", "abandoned_rate", "timeliness_rate"):
        assert "outbound contacts (contact type proactive) are left out" in d[key].en
        assert "外呼聯絡（聯絡類型 proactive）不計入" in d[key].zh
        assert d[key].parameters["outbound"]["queue_kpis"] == "excluded"
    assert "outbound contacts (contact type proactive) are included" in d["aht"].en
    assert d["aht"].parameters["outbound"]["aht"] == "included"
    inc = compute(src, "day", CFG.with_options(outbound_queue_kpis="included"), ZONE)
    assert "outbound contacts (contact type proactive) are included" in (
        inc.definitions["service_level"].en
    )
