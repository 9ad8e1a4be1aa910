"""KPI honesty (issue 21), on DuckDB and PostgreSQL, worked out by hand.

FCR at the end of the data — window 7 days, every contact answered, in November 2026
(Shanghai; times below are local):

- C1/x: A1 on 1 Nov 10:00, its repeat A2 on 3 Nov 10:00 → A1 fails, A2 resolved;
- C2/y: B1 on 1 Nov 11:00, never again → resolved;
- C3/z: D1 on 20 Nov 10:00 and its repeat D2 on 22 Nov 10:00 — D1 has *already* failed, but
  its window is still open when the data ends;
- C4/w: E1 on 24 Nov 10:00, no repeat yet.

The data ends with E1 (24 Nov 10:00): windows that close after it (D1, D2, E1) are pending,
neither resolved nor failed: FCR = 2 resolved ÷ 3 judged, 3 pending, provisional. With F1
(C5, 28 Nov 10:00) the data ends later: D1's window (to 27 Nov 10:00) has closed → it fails;
D2 (to 29 Nov) and E1 and F1 stay pending → FCR 2/4, 3 pending. Complete to 10 December,
every window has closed: D2, E1, F1 resolved → FCR 5/7, nothing pending, not provisional.
"""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.ops.definitions import load_kpi_config, load_queue_teams
from serviq.ops.kpis import QUEUE_KPIS, compute

ZONE = "Asia/Shanghai"
CFG = load_kpi_config()
HEADER = (
    "interaction_id,channel,queue,contact_type,agent_id,team_id,customer_key,issue_key,"
    "arrived_at,answered_at,ended_at,hold_seconds,wrapup_seconds,abandoned,transferred,csat\n"
)


def _answered(rows: list[tuple[str, str, str, str]]) -> str:
    return HEADER + "".join(
        f"{i},phone,retail,query,A001,T3,{c},{issue},{t}:00+08:00,{t}:10+08:00,"
        f"{t[:-2]}05:00+08:00,0,0,false,false,\n"
        for i, c, issue, t in rows
    )


FCR_ROWS = [
    ("A1", "C1", "x", "2026-11-01T10:00"),
    ("A2", "C1", "x", "2026-11-03T10:00"),
    ("B1", "C2", "y", "2026-11-01T11:00"),
    ("D1", "C3", "z", "2026-11-20T10:00"),
    ("D2", "C3", "z", "2026-11-22T10:00"),
    ("E1", "C4", "w", "2026-11-24T10:00"),
]
LATER = ("F1", "C5", "v", "2026-11-28T10:00")


def _month(result):
    (row,) = result.rows.to_dict(orient="records")
    return row


def test_contacts_in_the_last_window_are_pending_until_it_closes(load, make_frame):
    early = load({"interactions": make_frame("interactions", _answered(FCR_ROWS))})
    r = _month(compute(early, "month", CFG, ZONE))
    assert (r["fcr_resolved"], r["fcr_judged"], r["fcr_pending"]) == (2, 3, 3)
    assert r["fcr_rate"] == pytest.approx(2 / 3)
    assert r["provisional"] is True

    later = load({"interactions": make_frame("interactions", _answered([*FCR_ROWS, LATER]))})
    r = _month(compute(later, "month", CFG, ZONE))
    # D1's window has closed with its repeat inside: failed; D2, E1, F1 still pending
    assert (r["fcr_resolved"], r["fcr_judged"], r["fcr_pending"]) == (2, 4, 3)
    assert r["provisional"] is True

    complete = pd.Timestamp("2026-12-10T00:00:00")  # UTC: every window has closed
    r = _month(compute(later, "month", CFG, ZONE, as_of=complete))
    assert (r["fcr_resolved"], r["fcr_judged"], r["fcr_pending"]) == (5, 7, 0)
    assert r["fcr_rate"] == pytest.approx(5 / 7)
    assert r["provisional"] is False


def test_a_recent_repeat_does_not_fail_a_contact_whose_window_is_open(load, make_frame):
    """The bias the issue found: D1's repeat has arrived, E1's has not; counting either way
    tilts the last week. Both are pending, so the rate is that of the closed windows."""
    src = load({"interactions": make_frame("interactions", _answered(FCR_ROWS))})
    by_day = compute(src, "day", CFG, ZONE).rows.set_index("day")
    for day in ("2026-11-20", "2026-11-22", "2026-11-24"):
        assert by_day.loc[day, "fcr_rate"] is None
        assert by_day.loc[day, "fcr_pending"] == 1
        assert by_day.loc[day, "provisional"] is True
    assert by_day.loc["2026-11-01", "provisional"] is False


def test_the_cli_prints_pending_and_provisional(run_cli, tmp_path):
    import json

    path = tmp_path / "contacts.csv"
    path.write_text(_answered(FCR_ROWS), encoding="utf-8")
    code, out, err = run_cli("ops", "kpi", str(path), "--by", "month", "--json")
    assert code == 0, err
    (row,) = json.loads(out)["rows"]
    assert (row["fcr_rate"], row["fcr_pending"], row["provisional"]) == (2 / 3, 3, True)
    assert "pending" in json.loads(out)["definitions"]["fcr_rate"]["en"]


# Queue KPIs at team scope. credit_card is owned by T1 and T2, retail by T3 (the bundled
# ownership table), wealth by T5. On 2 Nov: credit_card gets K1 (T1, wait 10 s), K2 (T2,
# wait 40 s), K3 and K4 abandoned after 30 s (no agent, no team); retail gets R1 (T3,
# wait 5 s) and R2 abandoned after 60 s; T1's agent also answers W1 on wealth (wait 15 s).
QUEUE_ROWS = HEADER + "".join(
    f"{i},phone,{q},query,{agent},{team},{i}C,{i}I,2026-11-02T10:00:00+08:00,"
    + (f"2026-11-02T10:00:{wait:02d}+08:00" if agent else "")
    + f",2026-11-02T10:0{5 if agent else 1}:00+08:00,0,0,{'false' if agent else 'true'},false,\n"
    for i, q, agent, team, wait in [
        ("K1", "credit_card", "A001", "T1", 10),
        ("K2", "credit_card", "B001", "T2", 40),
        ("K3", "credit_card", "", "", 0),
        ("K4", "credit_card", "", "", 0),
        ("R1", "retail", "C001", "T3", 5),
        ("R2", "retail", "", "", 0),
        ("W1", "wealth", "A001", "T1", 15),
    ]
)


def test_every_team_sees_the_service_of_the_queues_it_owns(load, make_frame):
    src = load({"interactions": make_frame("interactions", QUEUE_ROWS)})
    owners = load_queue_teams()
    assert owners["credit_card"] == ("T1", "T2")
    assert owners["retail"][0] == "T3"
    by_queue = compute(src, "month,queue", CFG, ZONE).rows.set_index("queue")
    by_team = compute(src, "month,team", CFG, ZONE, queue_teams=owners).rows.set_index("team")
    # credit_card: offered 4, answered within 20 s 1 (K1), abandoned 2 → SL 1/4, abandon 1/2
    assert by_queue.loc["credit_card", "service_level"] == pytest.approx(1 / 4)
    assert by_queue.loc["credit_card", "abandoned_rate"] == pytest.approx(2 / 4)
    for team, queue in (("T1", "credit_card"), ("T2", "credit_card"), ("T3", "retail")):
        for kpi in QUEUE_KPIS:
            assert by_team.loc[team, kpi] == by_queue.loc[queue, kpi], (team, kpi)
    assert by_team.loc["T1", "abandoned_rate"] > 0  # never 0 by construction
    assert by_team.loc["T3", "abandoned_rate"] == pytest.approx(1 / 2)
    # the agent-level KPIs stay the team's own work: T1 handled K1 and W1
    assert by_team.loc["T1", "handled"] == 2
    assert by_team.loc["T1", "aht"] == pytest.approx((290 + 285) / 2)


def test_queue_kpis_are_absent_without_ownership_and_per_agent(load, make_frame):
    src = load({"interactions": make_frame("interactions", QUEUE_ROWS)})
    by_team = compute(src, "month,team", CFG, ZONE)  # no ownership table given
    assert by_team.rows["abandoned_rate"].isna().all()
    assert any("ownership" in n for n in by_team.notes)
    by_agent = compute(src, "month,agent", CFG, ZONE, queue_teams=load_queue_teams())
    assert by_agent.rows["service_level"].isna().all()
    assert by_agent.rows["aht"].notna().any()


def test_a_team_owning_no_queue_has_no_queue_kpis(load, make_frame):
    src = load({"interactions": make_frame("interactions", QUEUE_ROWS)})
    r = compute(src, "month,team", CFG, ZONE, queue_teams={"credit_card": ["T1", "T2"]})
    t3 = r.rows.set_index("team").loc["T3"]
    assert t3["service_level"] is None
    assert t3["abandoned_rate"] is None
    assert t3["handled"] == 1  # its own work is still shown
