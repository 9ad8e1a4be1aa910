"""The SQL that key KPIs compile to, on DuckDB, PostgreSQL and Spark, against stored snapshots.

A change to a KPI definition shows up as a diff of these files in review. After an
intended change, regenerate with ``SERVIQ_UPDATE_SNAPSHOTS=1 pytest tests/ops/test_sql_snapshots.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import ibis
import pytest

from serviq.ops.backlog import backlog, work_order_kpis
from serviq.ops.definitions import load_kpi_config
from serviq.ops.kpis import contact_kpis, occupancy, owned_queues
from serviq.ops.schemas import AGENT_STATES, INTERACTIONS, WORK_ORDER_EVENTS, WORK_ORDERS

SNAPSHOTS = Path(__file__).parent / "snapshots"
CFG = load_kpi_config()
AS_OF = "2024-03-10T04:00:00"


def _tables():
    return (
        ibis.table(ibis.schema(INTERACTIONS.ibis_schema()), name="interactions"),
        ibis.table(ibis.schema(WORK_ORDERS.ibis_schema()), name="work_orders"),
        ibis.table(ibis.schema(AGENT_STATES.ibis_schema()), name="agent_states"),
        ibis.table(ibis.schema(WORK_ORDER_EVENTS.ibis_schema()), name="work_order_events"),
    )


def _expressions():
    import datetime as dt

    ix, wo, st, ev = _tables()
    as_of = dt.datetime.fromisoformat(AS_OF)
    return {
        "contact_kpis_day_queue": contact_kpis(ix, ("day", "queue"), CFG, "Asia/Shanghai"),
        "contact_kpis_interval_excluded": contact_kpis(
            ix,
            ("interval",),
            CFG.with_options(abandon_treatment="excluded"),
            "Asia/Shanghai",
            as_of,  # the data's end given: FCR windows closing later are pending
        ),
        # queue KPIs by team: every contact once per team owning its queue
        "contact_kpis_month_team_owned": contact_kpis(
            owned_queues(ix, {"credit_card": ["T1", "T2"], "retail": ["T3"]}),
            ("month", "team"),
            CFG,
            "Asia/Shanghai",
            as_of,
        ),
        "occupancy_day_agent": occupancy(ix, st, ("day", "agent"), CFG, "Asia/Shanghai"),
        "work_order_kpis_week_team": work_order_kpis(
            wo, ("week", "team"), CFG, "Asia/Shanghai", as_of
        ),
        "backlog_queue": backlog(wo, as_of, CFG, ("queue",)),
        "backlog_queue_with_history": backlog(wo, as_of, CFG, ("queue",), ev),
    }


def normalise(sql: str) -> str:
    """Strip trailing blanks and the random names Ibis gives to anonymous relations."""
    sql = re.sub(r"ibis_[a-z_]+_[a-z0-9]{20,}", "ibis_anon", sql)
    return "\n".join(line.rstrip() for line in sql.strip().splitlines()) + "\n"


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "pyspark"])
@pytest.mark.parametrize("name", list(_expressions()))
def test_compiled_sql_matches_the_snapshot(name, dialect):
    if dialect == "pyspark":
        # compiling needs the backend's options, registered when the backend object is made
        # (no session, no JVM)
        pytest.importorskip("pyspark", reason="pyspark is not installed (the spark extra)")
        assert ibis.pyspark is not None
    sql = normalise(ibis.to_sql(_expressions()[name], dialect=dialect))
    path = SNAPSHOTS / f"{name}.{dialect}.sql"
    if os.environ.get("SERVIQ_UPDATE_SNAPSHOTS") == "1":
        path.write_text(sql, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}; run with SERVIQ_UPDATE_SNAPSHOTS=1"
    assert sql == path.read_text(encoding="utf-8")
