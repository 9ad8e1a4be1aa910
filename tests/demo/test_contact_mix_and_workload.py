"""Contact-type mix per queue, outbound proactive service, and the R-OPS-8 workload report
(`serviq ops import` + `serviq ops workload` / `serviq ops backlog`) on a generated month."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from serviq.demo import DemoData, generate
from serviq.demo.centre import load_profile

INBOUND = ("consultation", "query", "transaction", "complaint")


def test_inbound_contact_types_follow_the_queue_mix(fortnight: DemoData) -> None:
    i = fortnight.interactions
    shares = load_profile().arrivals.contact_types
    # Repeat contacts (and escalations to complaints) shift the mix a little from the draw.
    first = i.sort_values("arrived_at", kind="stable").drop_duplicates("issue_key")
    first = first[first["contact_type"] != "proactive"]
    for q, want in shares.items():
        got = first.loc[first["queue"] == q, "contact_type"].value_counts(normalize=True)
        # System-incident contacts have their own mix; they are a few per cent.
        for ct, w in zip(INBOUND, np.array(want) / sum(want), strict=True):
            assert abs(got.get(ct, 0.0) - w) < 0.04, (q, ct, got.get(ct, 0.0), w)
    # Consultations and queries are most of the work outside the complaints queue.
    non = i[(i["queue"] != "complaints")]
    assert non["contact_type"].isin(["consultation", "query"]).mean() > 0.6


def test_proactive_service_is_outbound(fortnight: DemoData) -> None:
    i = fortnight.interactions
    pro = i[i["contact_type"] == "proactive"]
    prof = load_profile()
    assert len(pro) > 100
    assert (pro["channel"] == "phone").all()
    assert not pro["abandoned"].any()
    assert (pro["answered_at"] == pro["arrived_at"]).all()  # no queue wait
    assert pro["agent_id"].notna().all()
    assert (pro["arrived_at"].dt.day_of_week < 5).all()
    hours = pro["arrived_at"].dt.hour
    assert hours.between(9, 16).all()
    # On working days, proactive_share of the day's expected inbound volume (which repeat
    # contacts and outage contacts top up a little).
    fresh = i.sort_values("arrived_at", kind="stable").drop_duplicates("issue_key")
    weekdays = fresh[
        (fresh["arrived_at"].dt.day_of_week < 5) & (fresh["contact_type"] != "proactive")
    ]
    ratio = len(pro) / len(weekdays)
    assert prof.arrivals.proactive_share * 0.8 < ratio < prof.arrivals.proactive_share * 1.15
    want = pd.Series(prof.arrivals.proactive_queues)
    want = want / want.sum()
    got = pro["queue"].value_counts(normalize=True).reindex(want.index)
    se = np.sqrt(want * (1 - want) / len(pro))
    assert (abs(got - want) < 3.5 * se).all(), (got, want)
    # The wealth queue dials out proportionally more than the card queue (maturity reminders).
    share = i.groupby("queue")["contact_type"].apply(lambda s: (s == "proactive").mean())
    assert share["wealth"] > share["credit_card"]


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory, run_cli_module) -> dict:
    out = tmp_path_factory.mktemp("month")
    data = generate(months=1, scale=0.2, seed=13, start="2026-03-01")
    from serviq.demo.dataset import write

    write(data, out / "files")
    ws = out / "ops.duckdb"
    files = [str(out / "files" / f"{t}.parquet")
             for t in ("interactions", "work_orders", "work_order_events")]  # fmt: skip
    code, _, err = run_cli_module("ops", "import", *files, "--workspace", str(ws), "--json")
    assert code == 0, err
    results = {}
    for by in ("day,team", "week,team", "day,agent"):
        code, o, err = run_cli_module("ops", "workload", str(ws), "--by", by, "--json")
        assert code == 0, err
        results[by] = json.loads(o)
    code, o, err = run_cli_module("ops", "backlog", str(ws), "--by", "team", "--json")
    assert code == 0, err
    return {"data": data, "workload": results, "backlog": json.loads(o), "ws": ws}


@pytest.fixture(scope="module")
def run_cli_module():
    """``run_cli`` for a module-scoped fixture (stdout captured by redirecting)."""
    import contextlib
    import io

    from serviq.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return code, out.getvalue(), err.getvalue()

    return run


def test_workload_reports_system_problems_and_hard_cases_per_team_and_day(month: dict) -> None:
    rows = pd.DataFrame(month["workload"]["day,team"]["rows"])
    teams = rows[rows["team"].notna()]
    assert set(teams["team"]) == {f"T{k}" for k in range(1, 7)}
    assert teams["system_problem"].sum() > 0
    assert teams["hard_case"].sum() > 0
    busy = teams[teams["contacts"] >= 40]
    assert (busy["hard_case"] > 0).mean() > 0.8
    per_day = teams.groupby("day")["system_problem"].sum()
    outages = {w["start"][:10] for w in month["data"].meta["incidents"]}
    assert set(per_day.nlargest(len(outages)).index) == outages
    # The complaints team (T6) and the wealth team (T5) carry the most hard cases per contact.
    share = teams.groupby("team")["hard_case"].sum() / teams.groupby("team")["contacts"].sum()
    assert set(share.nlargest(2).index) == {"T5", "T6"}
    # The counts are the generated data's.
    i = month["data"].interactions
    assert teams["system_problem"].sum() == i.loc[i["team_id"].notna(), "system_problem"].sum()
    assert rows["hard_case"].sum() == i["hard_case"].sum()


def test_workload_counts_add_up_by_day_week_team_and_agent(month: dict) -> None:
    w = month["workload"]
    day = pd.DataFrame(w["day,team"]["rows"])
    week = pd.DataFrame(w["week,team"]["rows"])
    agent = pd.DataFrame(w["day,agent"]["rows"])
    cols = ["consultation", "query", "transaction", "complaint", "proactive"]
    assert (day[cols].sum(axis=1) == day["contacts"]).all()
    i = month["data"].interactions
    assert day["contacts"].sum() == week["contacts"].sum() == agent["contacts"].sum() == len(i)
    for c in [*cols, "system_problem", "hard_case", "work_orders", "escalated"]:
        assert day[c].sum() == week[c].sum() == agent[c].sum(), c
    assert day["work_orders"].sum() == len(month["data"].work_orders)
    # Weeks start on Monday; the month starts on a Sunday.
    assert week["week"].min() == "2026-02-23"
    assert (pd.to_datetime(week["week"]).dt.day_of_week == 0).all()
    # Unanswered contacts have no team: a row of their own (team null), never a made-up one.
    assert day.loc[day["team"].isna(), "proactive"].sum() == 0


def test_the_overdue_list_has_open_orders_with_owner_and_age(month: dict) -> None:
    b = month["backlog"]
    late = pd.DataFrame(b["overdue"])
    rows = pd.DataFrame(b["rows"])
    assert len(late) == rows["overdue"].sum() > 0
    assert late["owner_id"].notna().all()
    assert late["owner_id"].str.fullmatch(r"A\d{3}").all()
    assert (late["status"] != "closed").all()
    assert (late["overdue_hours"] > 0).all()
    assert (late["age_days"] * 24 >= late["overdue_hours"]).all()
    assert late["overdue_hours"].is_monotonic_decreasing
    wo = month["data"].work_orders.set_index("work_order_id")
    assert set(late["work_order_id"]) <= set(wo.index)
    # The list agrees with the generated orders: open at the as-of time and past due.
    as_of = pd.Timestamp(b["as_of_utc"], tz="UTC")
    sub = wo.loc[late["work_order_id"]]
    assert (sub["due_at"] < as_of).all()
    assert (sub["closed_at"].isna() | (sub["closed_at"] > as_of)).all()
    workload_late = pd.DataFrame(month["workload"]["day,team"]["overdue"])
    assert list(workload_late["work_order_id"]) == list(late["work_order_id"])


def test_workload_reads_the_files_without_a_workspace(month: dict, run_cli_module) -> None:
    files = Path(month["ws"]).parent / "files"
    code, o, err = run_cli_module(
        "ops", "workload", str(files / "interactions.parquet"),
        "--work-orders", str(files / "work_orders.parquet"), "--by", "week,team", "--json",
    )  # fmt: skip
    assert code == 0, err
    got = pd.DataFrame(json.loads(o)["rows"])
    want = pd.DataFrame(month["workload"]["week,team"]["rows"])
    assert got["hard_case"].sum() == want["hard_case"].sum()
    assert got["system_problem"].sum() == want["system_problem"].sum()
