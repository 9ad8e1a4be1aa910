"""FCR with the centre's outbound calls, on DuckDB and PostgreSQL, worked out by hand.

A repeat contact is one the customer makes: by default (``outbound.fcr_repeats:
excluded``) the centre's proactive call after an inbound contact on the same issue does not
fail that contact's FCR; with ``included`` any next contact is a repeat. Window 7 days; all
contacts answered, each with a customer key (8 handled contacts):

- C1/card: I1 query 4 Mar 09:00; P1 proactive 6 Mar 10:00 (2 days later).
- C2/fee: J1 query 4 Mar 10:00; Q1 proactive 5 Mar 10:00; J2 query 8 Mar 09:00
  (the customer calls again 4 days after J1).
- C3/loan: K1 query 4 Mar 11:00; R1 proactive 5 Mar 11:00; K2 query 20 Mar 11:00
  (16 days after K1: outside the window).

Default — the next *inbound* contact: I1 none → resolved; P1 none → resolved; J1 → J2
after 4 d → repeat; Q1 → J2 after 3 d → repeat (the call did not settle it); J2 resolved;
K1 → K2 after 16 d → resolved (R1 in between is skipped); R1 → K2 after 15 d → resolved;
K2 resolved (the data is taken as complete to 31 March: every window has closed). FCR 6/8 = 0.75; queries (I1, J1, J2, K1, K2) 4/5 = 0.8; proactive
(P1, Q1, R1) 2/3.

``included`` — the next contact of any kind: I1 → P1 after 2 d → repeat; J1 → Q1 after
1 d → repeat; Q1 → J2 → repeat; K1 → R1 after 1 d → repeat; P1, J2, R1, K2 resolved.
FCR 4/8 = 0.5; queries 2/5 = 0.4; proactive 2/3.
"""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.ops.definitions import load_kpi_config
from serviq.ops.kpis import compute

ZONE = "Asia/Shanghai"
CFG = load_kpi_config()
COMPLETE = pd.Timestamp("2024-03-31T00:00:00")  # UTC: every 7-day window has closed

HEADER = (
    "interaction_id,channel,queue,contact_type,agent_id,team_id,customer_key,issue_key,"
    "arrived_at,answered_at,ended_at,hold_seconds,wrapup_seconds,abandoned,transferred,csat\n"
)
ROWS = [
    ("I1", "query", "C1", "card", "2024-03-04T09:00:00"),
    ("P1", "proactive", "C1", "card", "2024-03-06T10:00:00"),
    ("J1", "query", "C2", "fee", "2024-03-04T10:00:00"),
    ("Q1", "proactive", "C2", "fee", "2024-03-05T10:00:00"),
    ("J2", "query", "C2", "fee", "2024-03-08T09:00:00"),
    ("K1", "query", "C3", "loan", "2024-03-04T11:00:00"),
    ("R1", "proactive", "C3", "loan", "2024-03-05T11:00:00"),
    ("K2", "query", "C3", "loan", "2024-03-20T11:00:00"),
]
INTERACTIONS = HEADER + "".join(
    f"{i},phone,retail,{ct},A001,T1,{c},{issue},{t}+08:00,{t}+08:00,"
    f"{t[:-5]}05:00+08:00,0,0,false,false,\n"
    for i, ct, c, issue, t in ROWS
)


@pytest.fixture
def src(load, make_frame):
    return load({"interactions": make_frame("interactions", INTERACTIONS)})


def _fcr(result):
    return dict(zip(result.rows["contact_type"], result.rows["fcr_rate"], strict=True))


def test_an_outbound_call_is_not_the_customers_repeat_contact_by_default(src):
    assert CFG.outbound.fcr_repeats == "excluded"
    overall = compute(src, None, CFG, ZONE, as_of=COMPLETE)
    assert overall.rows["fcr_rate"].tolist() == [pytest.approx(6 / 8)]
    assert _fcr(compute(src, "contact_type", CFG, ZONE, as_of=COMPLETE)) == {
        "query": pytest.approx(4 / 5),
        "proactive": pytest.approx(2 / 3),
    }


def test_counting_outbound_calls_as_repeats_is_an_option(src):
    cfg = CFG.with_options(outbound_fcr_repeats="included")
    overall = compute(src, None, cfg, ZONE, as_of=COMPLETE)
    assert overall.rows["fcr_rate"].tolist() == [pytest.approx(4 / 8)]
    assert _fcr(compute(src, "contact_type", cfg, ZONE, as_of=COMPLETE)) == {
        "query": pytest.approx(2 / 5),
        "proactive": pytest.approx(2 / 3),
    }


def test_with_no_outbound_types_every_next_contact_is_a_repeat(src):
    cfg = CFG.with_options(outbound_contact_types=[])
    assert compute(src, None, cfg, ZONE, as_of=COMPLETE).rows["fcr_rate"].tolist() == [
        pytest.approx(4 / 8)
    ]


def test_the_fcr_definition_says_how_outbound_calls_count(src):
    d = compute(src, None, CFG, ZONE, as_of=COMPLETE).definitions["fcr_rate"]
    assert "outbound call by the centre (contact type proactive) is not a repeat" in d.en
    assert "中心外呼（聯絡類型 proactive）不計為再次聯絡" in d.zh
    assert d.parameters["outbound"] == {"contact_types": ["proactive"], "fcr_repeats": "excluded"}
    inc = compute(
        src, None, CFG.with_options(outbound_fcr_repeats="included"), ZONE, as_of=COMPLETE
    )
    assert "also counts as a repeat contact" in inc.definitions["fcr_rate"].en
    assert "亦計為再次聯絡" in inc.definitions["fcr_rate"].zh


def test_the_cli_switches_outbound_repeats(run_cli, tmp_path):
    import json

    path = tmp_path / "calls.csv"
    path.write_text(INTERACTIONS, encoding="utf-8")
    args = ("ops", "kpi", str(path), "--by", "contact_type", "--timezone", ZONE, "--json",
            "--as-of", "2024-03-31T08:00:00+08:00")  # fmt: skip
    code, out, err = run_cli(*args, "--outbound-fcr-repeats", "included")
    assert code == 0, err
    rows = {r["contact_type"]: r["fcr_rate"] for r in json.loads(out)["rows"]}
    assert rows == {"query": pytest.approx(2 / 5), "proactive": pytest.approx(2 / 3)}
    code, _, err = run_cli(*args, "--outbound-fcr-repeats", "sometimes")
    assert code == 2
    assert "outbound.fcr_repeats" in err
