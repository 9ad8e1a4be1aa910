"""The contact KPI suite per day × queue on Spark (local) and on DuckDB, same Parquet.

Measures, in the same run, on the Parquet file :mod:`benchmarks.bench_kpis` generates:

- the time to start a local Spark session (JVM and context);
- :func:`serviq.ops.kpis.contact_kpis` on Spark (Ibis → PySpark, ``local[*]``);
- the same expression on DuckDB (Ibis → DuckDB, in process);

prints both times and their ratio, and checks that the two engines agree. Opt-in (slow: it
starts a JVM), run only when named::

    make bench BENCH_ARGS="spark --rows=2000000"

Options: ``--rows=N`` (default 20,000,000), ``--data=DIR`` (where the Parquet is kept
between runs; default the system temp folder), ``--repeat=K`` (best of K; default 1),
``--spark-memory=SIZE`` (driver memory; default 4g).
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_kpis import ZONE, _best, _compare, _options, generate

#: Run only when named on the command line (``python -m benchmarks spark``).
OPT_IN = True


def main(argv: list[str]) -> None:
    import ibis

    from serviq.ops.definitions import load_kpi_config
    from serviq.ops.engines import SparkConfig, spark_session
    from serviq.ops.kpis import contact_kpis

    opts = _options(argv)
    memory = next((a.split("=", 1)[1] for a in argv if a.startswith("--spark-memory=")), "4g")
    rows: int = opts["rows"]
    path = Path(opts["data"]) / f"serviq_bench_interactions_v2_{rows}.parquet"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, rows)
        print(f"generated {rows:,} interactions in {time.perf_counter() - t0:.1f} s → {path}")
    cfg = load_kpi_config()

    t0 = time.perf_counter()
    session = spark_session(
        SparkConfig(
            master="local[*]",
            app_name="serviq-bench",
            driver_memory=memory,
            local_dir=str(opts["data"]),
        )
    )
    t_start = time.perf_counter() - t0
    spark = ibis.pyspark.connect(session)
    duck = ibis.duckdb.connect()
    duck.raw_sql("SET TimeZone = 'UTC'")

    def on_spark() -> Any:
        t = spark.read_parquet(str(path), table_name="bench_interactions")
        return contact_kpis(t, ("day", "queue"), cfg, ZONE).to_pandas()

    def on_duckdb() -> Any:
        t = duck.read_parquet(str(path), table_name="bench_interactions")
        return contact_kpis(t, ("day", "queue"), cfg, ZONE).to_pandas()

    try:
        t_spark = t_duck = math.inf
        r_spark = r_duck = None
        for _ in range(opts["repeat"]):  # interleaved: the machine's load changes
            t, r_spark = _best(on_spark, 1)
            t_spark = min(t_spark, t)
            t, r_duck = _best(on_duckdb, 1)
            t_duck = min(t_duck, t)
    finally:
        session.stop()
        duck.disconnect()
    print(f"rows {rows:,}; groups (day × queue) {len(r_duck)}; Spark local[*]")
    print(f"  Spark start-up           {t_start:7.2f} s")
    print(f"  Spark (Ibis → PySpark)   {t_spark:7.2f} s")
    print(f"  DuckDB (Ibis → DuckDB)   {t_duck:7.2f} s   Spark/DuckDB = {t_spark / t_duck:.1f}×")
    print(
        f"  with start-up            {t_start + t_spark:7.2f} s   "
        f"(Spark+start)/DuckDB = {(t_start + t_spark) / t_duck:.1f}×"
    )
    _compare(r_duck, r_spark, "Spark")
