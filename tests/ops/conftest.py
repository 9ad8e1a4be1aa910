"""Fixtures for the ops tests: small hand-checked data, loaded into DuckDB and PostgreSQL.

The PostgreSQL server is the one named by ``SERVIQ_TEST_PG`` or ``DATABASE_URL`` (when it is
a PostgreSQL URL), else ``postgresql://postgres@127.0.0.1:5432/postgres``. Each test gets
its own schema, so xdist workers do not clash; where no server answers, the PostgreSQL
cases are skipped with the reason.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pytest

from serviq.ops.importer import validate_frame
from serviq.ops.schemas import SCHEMAS

QUEUES = ("credit_card", "retail", "wealth", "complaints")
ZONE = "Asia/Shanghai"

# Hand-checked fixture; times in the centre's zone (+08:00) unless written with Z.
# I3 is a short abandon (3 s); I4 arrives 09:29:50 and ends after the 09:30 border; I6
# crosses midnight; I7 is written in UTC (00:30 on 2 March in Shanghai); I10 abandons at
# exactly 5 s (not short); I1's customer calls again on the same issue 4 days later (I5).
INTERACTIONS_CSV = """\
interaction_id,channel,queue,contact_type,agent_id,team_id,customer_key,issue_key,arrived_at,answered_at,ended_at,hold_seconds,wrapup_seconds,abandoned,transferred,resolved,csat,work_order_id,system_problem,hard_case
I1,phone,retail,consultation,A001,T1,C1,card,2024-03-01T09:00:00+08:00,2024-03-01T09:00:15+08:00,2024-03-01T09:05:15+08:00,20,40,false,false,true,5,W1,false,false
I2,phone,retail,complaint,A002,T1,C2,fee,2024-03-01T09:10:00+08:00,2024-03-01T09:10:25+08:00,2024-03-01T09:20:25+08:00,0,60,false,true,true,2,W2,true,true
I3,phone,retail,query,,,C3,x,2024-03-01T09:14:50+08:00,,2024-03-01T09:14:53+08:00,,,true,false,,,,false,false
I4,phone,retail,query,,,C4,y,2024-03-01T09:29:50+08:00,,2024-03-01T09:30:35+08:00,,,true,false,,,,false,false
I5,phone,retail,consultation,A001,T1,C1,card,2024-03-05T10:00:00+08:00,2024-03-05T10:00:05+08:00,2024-03-05T10:02:05+08:00,0,10,false,false,true,,,false,false
I6,phone,retail,query,A001,T1,C6,z,2024-03-01T23:58:00+08:00,2024-03-01T23:58:10+08:00,2024-03-02T00:03:10+08:00,0,20,false,false,true,,,false,false
I7,chat,retail,query,A002,T1,C7,w,2024-03-01T16:30:00Z,2024-03-01T16:30:20Z,2024-03-01T16:40:20Z,0,0,false,false,true,4,,false,false
I8,phone,wealth,proactive,A003,T2,C8,q1,2024-03-01T10:00:00+08:00,2024-03-01T10:00:04+08:00,2024-03-01T10:04:04+08:00,0,0,false,false,true,,,false,false
I9,email,wealth,query,A003,T2,C8,q2,2024-03-02T09:00:00+08:00,2024-03-02T10:00:00+08:00,2024-03-02T10:10:00+08:00,0,0,false,false,true,,,false,true
I10,phone,retail,query,,,C10,v,2024-03-01T11:00:00+08:00,,2024-03-01T11:00:05+08:00,,,true,false,,,,false,false
"""

# A001: ready 08:45–09:15 (across the 09:00 border), break 09:15–09:30, ready 09:30–10:00.
# A002: ready 23:00 on 1 March to 01:00 on 2 March (across midnight).
AGENT_STATES_CSV = """\
agent_id,team_id,state,reason,start_at,end_at
A001,T1,ready,,2024-03-01T08:45:00+08:00,2024-03-01T09:15:00+08:00
A001,T1,not_ready,break,2024-03-01T09:15:00+08:00,2024-03-01T09:30:00+08:00
A001,T1,ready,,2024-03-01T09:30:00+08:00,2024-03-01T10:00:00+08:00
A002,T1,ready,,2024-03-01T23:00:00+08:00,2024-03-02T01:00:00+08:00
"""

# As of 2024-03-10 12:00 (+08:00). W2 was closed, reopened and closed again late; W5 was
# closed and reopened and is still open; W3 is open and overdue; W4 is open, not yet due.
WORK_ORDERS_CSV = """\
work_order_id,interaction_id,queue,team_id,owner_id,customer_key,contact_type,status,created_at,assigned_at,due_at,escalated,closed_at,first_closed_at,reopened_count,callback_required,callback_done,callback_at,callback_result
W1,I1,retail,T1,A001,C1,consultation,closed,2024-03-01T09:06:00+08:00,2024-03-01T09:10:00+08:00,2024-03-02T09:06:00+08:00,false,2024-03-01T15:00:00+08:00,2024-03-01T15:00:00+08:00,0,true,true,2024-03-02T10:00:00+08:00,satisfied
W2,I2,retail,T1,A002,C2,complaint,closed,2024-03-01T10:00:00+08:00,,2024-03-03T10:00:00+08:00,true,2024-03-04T10:00:00+08:00,2024-03-02T10:00:00+08:00,1,true,false,,
W3,,retail,T1,A001,C9,query,in_progress,2024-03-01T12:00:00+08:00,,2024-03-04T12:00:00+08:00,true,,,0,true,false,,
W4,,wealth,T2,A003,C8,query,assigned,2024-03-09T12:00:00+08:00,,2024-03-12T12:00:00+08:00,false,,,0,true,false,,
W5,,retail,T1,A002,C11,consultation,reopened,2024-03-01T13:00:00+08:00,,2024-03-02T13:00:00+08:00,false,,2024-03-01T20:00:00+08:00,1,true,false,,
"""

# The status history of W2: closed on 2 March, reopened on 3 March, closed again on 4 March.
WORK_ORDER_EVENTS_CSV = """\
work_order_id,at,status,actor_id,note
W2,2024-03-01T10:00:00+08:00,created,A002,
W2,2024-03-02T10:00:00+08:00,closed,A002,
W2,2024-03-03T09:00:00+08:00,reopened,A002,customer called back
W2,2024-03-04T10:00:00+08:00,closed,A002,
"""

AS_OF_UTC = pd.Timestamp("2024-03-10T04:00:00")  # 12:00 in Shanghai


def frame(table: str, text: str, timezone: str | None = None) -> pd.DataFrame:
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    return validate_frame(
        raw, SCHEMAS[table], source=f"{table}.csv", queues=QUEUES, timezone=timezone
    )


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    return {
        "interactions": frame("interactions", INTERACTIONS_CSV),
        "agent_states": frame("agent_states", AGENT_STATES_CSV),
        "work_orders": frame("work_orders", WORK_ORDERS_CSV),
        "work_order_events": frame("work_order_events", WORK_ORDER_EVENTS_CSV),
    }


def pg_url() -> str:
    url = os.environ.get("SERVIQ_TEST_PG") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    return url


def _pg_connect() -> Any:
    import ibis

    u = urlparse(pg_url())
    return ibis.postgres.connect(
        host=u.hostname or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        database=(u.path or "/postgres").lstrip("/") or "postgres",
    )


Loader = Callable[[dict[str, pd.DataFrame]], Any]


def _spark_missing() -> str | None:
    """Why Spark cannot run here (no Java, no pyspark), or None."""
    import shutil

    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java (JAVA_HOME or java on PATH): Spark needs Java 17"
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    return None


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local Spark for the whole run: one core, no UI, one shuffle partition, small
    memory, scratch in pytest's temp folder. Without Java the Spark cases skip with the
    reason — unless ``SERVIQ_REQUIRE_SPARK=1`` (CI), where that is a failure."""
    reason = _spark_missing()
    if reason:
        if os.environ.get("SERVIQ_REQUIRE_SPARK") == "1":
            pytest.fail(f"SERVIQ_REQUIRE_SPARK=1 but Spark cannot run: {reason}")
        pytest.skip(reason)
    from serviq.ops.engines import SparkConfig
    from serviq.ops.engines import spark_session as start

    scratch = tmp_path_factory.mktemp("spark")
    cfg = SparkConfig(
        master="local[1]",
        app_name="serviq-tests",
        driver_memory="512m",
        local_dir=str(scratch),
        conf={
            "spark.sql.shuffle.partitions": "1",
            # tiny fixtures: generating and compiling Java for each query costs more than
            # interpreting it, and adaptive re-planning has nothing to adapt
            "spark.sql.codegen.wholeStage": "false",
            "spark.sql.codegen.factoryMode": "NO_CODEGEN",
            "spark.sql.adaptive.enabled": "false",
            "spark.default.parallelism": "1",
            "spark.sql.warehouse.dir": str(scratch / "warehouse"),
            # a short-lived JVM on a small machine: the quick JIT tier only, one GC thread
            "spark.driver.extraJavaOptions": (
                f"-Djava.io.tmpdir={scratch} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
            ),
        },
    )
    session = start(cfg)
    yield session
    session.stop()


ENGINES = [
    "duckdb",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")]),
]


@pytest.fixture(params=ENGINES)
def load(request: pytest.FixtureRequest) -> Iterator[Loader]:
    """``load(frames)`` → KPI Sources on the engine of this parametrisation."""
    import ibis

    from serviq.ops.kpis import Sources

    if request.param == "spark":
        con = ibis.pyspark.connect(request.getfixturevalue("spark_session"))

        def _load_spark(data: dict[str, pd.DataFrame]) -> Any:
            tables = {}
            for name, df in data.items():
                s = SCHEMAS[name]
                mem = ibis.memtable(df[s.names], schema=ibis.schema(s.ibis_schema()))
                # a temporary view (ibis's PySpark backend makes no temporary tables)
                tables[name] = con.create_view(f"{name}_{uuid.uuid4().hex[:6]}", mem)
            return Sources(
                interactions=tables["interactions"],
                work_orders=tables.get("work_orders"),
                agent_states=tables.get("agent_states"),
                work_order_events=tables.get("work_order_events"),
            )

        yield _load_spark
        return
    if request.param == "duckdb":
        con = ibis.duckdb.connect()
        con.raw_sql("SET TimeZone = 'UTC'")
        schema_name = None
    else:
        try:
            con = _pg_connect()
        except Exception as exc:  # any connection failure means "not reachable"
            pytest.skip(f"no PostgreSQL reachable at {pg_url()}: {exc}")
        schema_name = f"serviq_t_{uuid.uuid4().hex[:10]}"
        con.raw_sql(f'CREATE SCHEMA "{schema_name}"').close()

    def _load(data: dict[str, pd.DataFrame]) -> Any:
        tables = {}
        for name, df in data.items():
            s = SCHEMAS[name]
            mem = ibis.memtable(df[s.names], schema=ibis.schema(s.ibis_schema()))
            tables[name] = con.create_table(
                f"{name}_{uuid.uuid4().hex[:6]}", mem, database=schema_name
            )
        return Sources(
            interactions=tables["interactions"],
            work_orders=tables.get("work_orders"),
            agent_states=tables.get("agent_states"),
            work_order_events=tables.get("work_order_events"),
        )

    yield _load
    if schema_name is not None:
        con.raw_sql(f'DROP SCHEMA "{schema_name}" CASCADE').close()
    con.disconnect()


@pytest.fixture
def csv_texts() -> dict[str, str]:
    """The fixture tables as CSV text (for tests that write files)."""
    return {
        "interactions": INTERACTIONS_CSV,
        "work_orders": WORK_ORDERS_CSV,
        "agent_states": AGENT_STATES_CSV,
        "work_order_events": WORK_ORDER_EVENTS_CSV,
    }


@pytest.fixture
def make_frame() -> Callable[..., pd.DataFrame]:
    """``make_frame(table, csv_text, timezone=None)`` → a validated DataFrame."""
    return frame


@pytest.fixture
def pg() -> Iterator[tuple[Any, str]]:
    """A PostgreSQL connection and its URL, or a skip with the reason."""
    try:
        con = _pg_connect()
    except Exception as exc:  # any connection failure means "not reachable"
        pytest.skip(f"no PostgreSQL reachable at {pg_url()}: {exc}")
    yield con, pg_url()
    con.disconnect()
