"""The engines the KPI definitions run on, and the Parquet data they read.

The definitions (:mod:`serviq.ops.kpis`, :mod:`serviq.ops.backlog`) are one set of Ibis
expressions; this module only builds the :class:`~serviq.ops.kpis.Sources` they read:

- ``duckdb`` — in process, on one machine (the workspace file, a file, a Parquet folder);
- ``postgres`` — a PostgreSQL database (:func:`serviq.ops.workspace.open_database`);
- ``spark`` — a Spark session: a local one (``master``, e.g. ``local[*]``), a cluster's
  Spark Connect endpoint (``remote``, ``sc://host:15002``) or a session the bank's platform
  has already made (:func:`spark_sources` takes it as it is).

Parquet comes as one file (the interactions) or as a folder: either one sub-folder per table
(``interactions/``, ``work_orders/``, ``agent_states/``, ``work_order_events/``) or the
interactions alone; each may be Hive-partitioned (``month=2026-11/site=SZ/part-0.parquet``,
:func:`write_partitioned`). A filter on ``month`` then reads only that month's files
(:func:`in_months`).

Every session computes in UTC (``spark.sql.session.timeZone``): times are stored as naive
UTC and turned into the centre's wall-clock time by :mod:`serviq.ops.zones`, the same on
every engine. Nothing here assumes one machine: paths and the scratch folder are given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from serviq.errors import InvalidInput, Where
from serviq.ops.schemas import SCHEMAS
from serviq.ops.workspace import is_database_url

ENGINES: tuple[str, ...] = ("duckdb", "postgres", "spark")
TABLES: tuple[str, ...] = ("interactions", "work_orders", "agent_states", "work_order_events")
#: The partition columns of :func:`write_partitioned`, outermost first.
PARTITIONS: tuple[str, ...] = ("month", "site")
#: Each table's time that decides its month partition.
MONTH_OF: dict[str, str] = {
    "interactions": "arrived_at",
    "work_orders": "created_at",
    "agent_states": "start_at",
    "work_order_events": "at",
}


@dataclass(frozen=True)
class SparkConfig:
    """How to reach Spark. ``remote`` (a Spark Connect URL) wins over ``master``.

    ``conf`` adds Spark settings (``spark.executor.memory`` …); ``local_dir`` is the scratch
    folder for shuffles and spills (``spark.local.dir``), default the system's.
    """

    master: str = "local[*]"
    remote: str | None = None
    app_name: str = "serviq"
    driver_memory: str | None = None
    local_dir: str | None = None
    conf: Mapping[str, str] = field(default_factory=dict)

    def settings(self) -> dict[str, str]:
        """The Spark settings of a session serviq starts itself."""
        out = {
            "spark.sql.session.timeZone": "UTC",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.execution.arrow.pyspark.enabled": "true",
            # Python workers (pandas ↔ Spark) run this interpreter, not whatever is on PATH
            "spark.pyspark.python": sys.executable,
        }
        if self.driver_memory:
            out["spark.driver.memory"] = self.driver_memory
        if self.local_dir:
            out["spark.local.dir"] = self.local_dir
        out.update(self.conf)
        return out


def check_engine(name: str) -> str:
    """``name`` if it is an engine serviq knows, else an :class:`InvalidInput`."""
    if name not in ENGINES:
        raise InvalidInput(
            f"unknown engine {name!r}; allowed: {', '.join(ENGINES)}", where=Where(field="engine")
        )
    return name


def spark_session(cfg: SparkConfig) -> Any:
    """A Spark session as ``cfg`` says, its time zone UTC (an existing one is reused)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InvalidInput(
            "the spark engine needs pyspark: pip install 'serviq[spark]'",
            where=Where(field="engine"),
        ) from None
    builder = SparkSession.builder.appName(cfg.app_name)
    builder = builder.remote(cfg.remote) if cfg.remote else builder.master(cfg.master)
    if not cfg.remote:
        for key, value in cfg.settings().items():
            builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing, an unreachable cluster: Spark's errors vary
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidInput(f"cannot start Spark: {first}", where=Where(field="engine")) from None
    session.conf.set("spark.sql.session.timeZone", "UTC")
    if not cfg.remote:
        session.sparkContext.setLogLevel("ERROR")
    return session


def active_spark() -> Any:
    """The Spark session already running in this process (a notebook's, the bank
    platform's, a test run's), or None."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def is_parquet(path: Path) -> bool:
    """A Parquet file, or a folder of them (partitioned or one per table)."""
    return path.is_dir() or path.suffix.lower() == ".parquet"


def engine_sources(
    data: str | Path | None, engine: str, spark: Callable[[], SparkConfig]
) -> Any | None:
    """KPI sources for an explicit engine (or a Parquet folder); None where the usual
    reading (a workspace, a file, a database URL) applies.

    The rules of what each engine reads: ``postgres`` a ``postgresql://`` URL and nothing
    else; ``spark`` Parquet (a file or a folder); ``duckdb`` a Parquet folder here, anything
    else as usual. A Spark session already running in the process is used and left running;
    otherwise one is started from ``spark()`` and stopped with the sources."""
    check_engine(engine)
    where = Where(field="engine")
    url = is_database_url(str(data) if data is not None else None)
    if engine == "postgres" and not url:
        raise InvalidInput(
            "--engine postgres reads a database: give DATA as postgresql://USER@HOST/DB",
            where=where,
        )
    if engine != "postgres" and url:
        raise InvalidInput(f"--engine {engine} cannot read a postgresql:// URL", where=where)
    if engine == "spark":
        if data is None or not is_parquet(Path(data)):
            raise InvalidInput(
                "--engine spark reads Parquet: give DATA as a .parquet file or a folder of them "
                "(see docs/scale.md)",
                where=where,
            )
        running = active_spark()  # a session made by whoever runs serviq is theirs to stop
        session = running if running is not None else spark_session(spark())
        return spark_sources(Path(data), session, owned=running is None)
    if engine == "duckdb" and data is not None and Path(data).is_dir():
        return duckdb_parquet_sources(Path(data))
    return None


def _parquet_tables(path: Path) -> dict[str, Path]:
    """Table → its Parquet file or folder under ``path``."""
    if path.is_file():
        return {"interactions": path}
    if not path.is_dir():
        raise InvalidInput(
            "no such Parquet file or folder", where=Where(file=str(path), field="DATA")
        )
    found = {name: path / name for name in TABLES if (path / name).is_dir()}
    if not found:
        found = {"interactions": path}
    if "interactions" not in found:
        raise InvalidInput(
            "the Parquet folder has no interactions/ folder", where=Where(file=str(path))
        )
    return found


def _cast(table: Any, name: str) -> Any:
    """Columns as :mod:`serviq.ops.schemas` declares them (Spark may read NTZ timestamps or
    partition values with types of its own); partition columns stay strings."""
    import ibis

    schema = SCHEMAS[name]
    casts = {}
    for column, kind in ibis.schema(schema.ibis_schema()).items():
        if column in table.columns and table.schema()[column] != kind:
            casts[column] = table[column].cast(kind)
    for column in PARTITIONS:
        if column in table.columns and not table.schema()[column].is_string():
            casts[column] = table[column].cast("string")
    return table.mutate(**casts) if casts else table


def duckdb_parquet_sources(path: Path) -> Any:
    """KPI sources on Parquet read by an in-process DuckDB (Hive partitions understood)."""
    import ibis

    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    tables = {}
    for name, where in _parquet_tables(path).items():
        pattern = str(where / "**" / "*.parquet") if where.is_dir() else str(where)
        t = con.read_parquet(pattern, table_name=name, hive_partitioning=where.is_dir())
        tables[name] = _cast(t, name)
    return _sources(tables, con)


def spark_sources(path: Path, session: Any, *, owned: bool = False) -> Any:
    """KPI sources on Parquet read by Spark through ``session``.

    ``owned``: closing the sources stops the session (a session serviq started for one
    command); a session the caller passes in is left running.
    """
    import ibis

    con = ibis.pyspark.connect(session)
    tables = {}
    for name, where in _parquet_tables(path).items():
        tables[name] = _cast(con.read_parquet(str(where), table_name=name), name)
    return _sources(tables, con if owned else None)


def _sources(tables: Mapping[str, Any], backend: Any) -> Any:
    from serviq.ops.kpis import Sources

    return Sources(
        interactions=tables["interactions"],
        work_orders=tables.get("work_orders"),
        agent_states=tables.get("agent_states"),
        work_order_events=tables.get("work_order_events"),
        backend=backend,
    )


def in_months(
    table: Any, months: Sequence[str], timezone: str, time_column: str = "arrived_at"
) -> Any:
    """The rows of ``table`` in the given months (``YYYY-MM`` in the centre's ``timezone``,
    of ``time_column``) — the months the KPIs count them in.

    On data partitioned by :func:`write_partitioned` the filter is on the ``month`` partition
    column, so engines read only those months' files; elsewhere on the local time itself.
    """
    from serviq.ops.measures import period_of
    from serviq.ops.zones import to_local

    months = sorted(set(months))
    for m in months:
        try:
            pd.Timestamp(f"{m}-01")
        except ValueError:
            raise InvalidInput(
                f"{m!r} is not a month; use YYYY-MM", where=Where(field="months")
            ) from None
    if "month" in table.columns:
        return table.filter(table.month.isin(months))
    local_month = period_of(to_local(table[time_column], timezone), "month", 60)
    return table.filter(local_month.strftime("%Y-%m").isin(months))


def partition_values(frame: pd.DataFrame, table: str, site: str, timezone: str) -> pd.DataFrame:
    """``frame`` with ``month`` (``YYYY-MM`` of its time in the centre's ``timezone``: the
    month the KPIs count the row in) and ``site`` (the row's site, else ``site``) as text."""
    out = frame.copy()
    utc = pd.to_datetime(out[MONTH_OF[table]]).dt.tz_localize("UTC")
    out["month"] = utc.dt.tz_convert(timezone).dt.strftime("%Y-%m")
    rows_site = out["site"] if "site" in out.columns else pd.Series(None, index=out.index)
    out["site"] = rows_site.where(rows_site.notna() & (rows_site != ""), site).astype(str)
    return out


def write_partitioned(
    frame: pd.DataFrame, table: str, folder: Path, site: str, timezone: str
) -> list[Path]:
    """Write a validated ``frame`` of ``table`` as Hive-partitioned Parquet under
    ``folder/table/month=YYYY-MM/site=CODE/`` and return the files written. The month is
    the centre's (``timezone``), so a month's KPIs read exactly its partition.

    Idempotent and incremental: the rows of each partition the frame touches are merged with
    those already there on the table's key (a row of the frame replaces the stored row with
    its key; a re-import of the same rows writes the same file); partitions it does not touch
    are kept. The file is written beside its place and renamed into it, so a reader never
    sees half a file. ``frame`` must already be as it may be stored (keys protected, see
    :func:`serviq.ops.workspace.protect`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = SCHEMAS[table]
    data = partition_values(frame, table, site, timezone)
    base = folder / table
    written: list[Path] = []
    for (month, code), part in data.groupby(["month", "site"], sort=True):
        where = base / f"month={month}" / f"site={code}"
        where.mkdir(parents=True, exist_ok=True)
        cols = [c for c in schema.names if c != "site"]
        rows = part[cols]
        old_files = sorted(where.glob("*.parquet"))
        if old_files:
            stored = pd.concat([pd.read_parquet(f) for f in old_files], ignore_index=True)
            rows = pd.concat([stored[cols], rows], ignore_index=True)
            rows = rows.drop_duplicates(subset=list(schema.key), keep="last")
        rows = rows.sort_values(list(schema.key), kind="stable").reset_index(drop=True)
        arrow = pa.Table.from_pandas(rows, preserve_index=False)
        tmp = where / ".part-0.parquet.tmp"
        pq.write_table(arrow, tmp)
        target = where / "part-0.parquet"
        tmp.replace(target)
        for old in old_files:
            if old != target:
                old.unlink()
        written.append(target)
    return written
