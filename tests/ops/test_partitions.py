"""Hive-partitioned Parquet (month × site): written by the import, read by DuckDB and Spark,
and a one-month KPI reads one month's files — shown by each engine's plan."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from serviq.ops.definitions import load_kpi_config
from serviq.ops.engines import (
    active_spark,
    duckdb_parquet_sources,
    in_months,
    spark_sources,
    write_partitioned,
)
from serviq.ops.kpis import compute, contact_kpis

ZONE = "Asia/Shanghai"

CFG = load_kpi_config()


def two_months(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The fixture's March contacts and a copy of them 31 days later (April), site SZ for
    the copy's first three rows, the centre's default for the rest."""
    march = frames["interactions"]
    april = march.copy()
    april["interaction_id"] = april["interaction_id"] + "-apr"
    for col in ("arrived_at", "answered_at", "ended_at"):
        april[col] = april[col] + pd.Timedelta(days=31)
    april.loc[april.index[:3], "site"] = "SZ"
    return pd.concat([march, april], ignore_index=True)


@pytest.fixture
def folder(tmp_path: Path, frames: dict[str, pd.DataFrame]) -> Path:
    out = tmp_path / "lake"
    write_partitioned(two_months(frames), "interactions", out, "GZ", ZONE)
    write_partitioned(frames["work_orders"], "work_orders", out, "GZ", ZONE)
    return out


def test_the_layout_is_month_then_site_and_a_rewrite_changes_nothing(folder, frames):
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.parquet"))
    assert files == [
        "interactions/month=2024-03/site=GZ/part-0.parquet",
        "interactions/month=2024-04/site=GZ/part-0.parquet",
        "interactions/month=2024-04/site=SZ/part-0.parquet",
        "work_orders/month=2024-03/site=GZ/part-0.parquet",
    ]
    before = {p: p.read_bytes() for p in folder.rglob("*.parquet")}
    write_partitioned(two_months(frames), "interactions", folder, "GZ", ZONE)  # idempotent
    assert {p: p.read_bytes() for p in folder.rglob("*.parquet")} == before


def test_duckdb_on_the_folder_gives_the_kpis_of_the_rows(folder, frames):
    import ibis

    src = duckdb_parquet_sources(folder)
    try:
        assert src.interactions.count().to_pandas() == 20
        march = src.interactions.pipe(in_months, ["2024-03"], ZONE)
        got = compute(src.__class__(interactions=march), "month", CFG, ZONE).rows
    finally:
        src.close()
    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    from serviq.ops.schemas import SCHEMAS

    s = SCHEMAS["interactions"]
    mem = con.create_table(
        "ix", ibis.memtable(frames["interactions"][s.names], schema=ibis.schema(s.ibis_schema()))
    )
    want = compute(src.__class__(interactions=mem), "month", CFG, ZONE).rows
    con.disconnect()
    pd.testing.assert_frame_equal(got, want)


def test_a_one_month_kpi_scans_one_months_files_on_duckdb(folder):
    src = duckdb_parquet_sources(folder)
    try:
        expr = contact_kpis(in_months(src.interactions, ["2024-04"], ZONE), ("month",), CFG, ZONE)
        plan = src.backend.raw_sql("EXPLAIN " + src.backend.compile(expr)).fetchall()[0][1]
    finally:
        src.close()
    assert "File Filters: month IN ('2024-04')" in plan
    assert "Scanning Files: 2/3" in plan  # April's two sites, not March's file


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_a_one_month_kpi_scans_one_months_files_on_spark(folder, spark_session):
    src = spark_sources(folder, spark_session)
    expr = contact_kpis(in_months(src.interactions, ["2024-04"], ZONE), ("month",), CFG, ZONE)
    con = src.interactions._find_backend()
    df = spark_session.sql(con.compile(expr))
    plan = df._jdf.queryExecution().executedPlan().toString()
    assert "PartitionFilters: [isnotnull(month" in plan
    assert "IN (2024-04)" in plan or "= 2024-04)" in plan
    # the files Spark actually opened for the month
    read = {
        r[0]
        for r in spark_session.sql(
            f"SELECT DISTINCT input_file_name() FROM ({con.compile(in_months(src.interactions, ['2024-04'], ZONE))})"
        ).collect()
    }
    assert all("month=2024-04" in f for f in read)
    assert len(read) == 2
    rows = compute(
        src.__class__(interactions=in_months(src.interactions, ["2024-04"], ZONE)),
        "month",
        CFG,
        ZONE,
    ).rows
    assert rows["month"].tolist() == ["2024-04"]
    assert active_spark() is spark_session  # reading left the test run's session running


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_import_writes_parquet_and_kpi_reads_it_on_each_engine(
    run_cli, tmp_path, csv_texts, monkeypatch, spark_session
):
    monkeypatch.setenv("SERVIQ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SERVIQ_SITE", "SZ")
    monkeypatch.setenv("SERVIQ_TIMEZONE", ZONE)
    data = tmp_path / "interactions.csv"
    data.write_text(csv_texts["interactions"], encoding="utf-8")
    lake = tmp_path / "lake"
    code, out, err = run_cli(
        "ops", "import", str(data), "--workspace", str(tmp_path / "ws.duckdb"),
        "--parquet", str(lake), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["parquet"]["files"] == [
        "interactions/month=2024-03/site=SZ/part-0.parquet"
    ]
    results = {}
    for engine in ("duckdb", "spark"):
        code, out, err = run_cli(
            "ops", "kpi", str(lake), "--engine", engine, "--by", "day,queue", "--json"
        )
        assert code == 0, err
        results[engine] = json.loads(out)["rows"]
    code, out, _ = run_cli("ops", "kpi", str(tmp_path / "ws.duckdb"), "--by", "day,queue", "--json")
    assert results["duckdb"] == results["spark"] == json.loads(out)["rows"]
    loads = [
        json.loads(run_cli("ops", "workload", str(lake), "--engine", e, "--json")[1])
        for e in ("duckdb", "spark")
    ]
    assert loads[0] == loads[1]
    assert loads[0]["rows"]
    assert active_spark() is spark_session


def test_engine_mismatches_are_one_line_errors(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SERVIQ_HOME", str(tmp_path))
    csv = tmp_path / "x.csv"
    csv.write_text("a\n1\n", encoding="utf-8")
    code, _, err = run_cli("ops", "kpi", str(csv), "--engine", "spark")
    assert code == 2
    assert "--engine spark reads Parquet" in err
    code, _, err = run_cli("ops", "kpi", str(csv), "--engine", "postgres")
    assert code == 2
    assert "--engine postgres reads a database" in err
    code, _, err = run_cli("ops", "kpi", str(csv), "--engine", "trino")
    assert code == 2
    assert "unknown engine 'trino'; allowed: duckdb, postgres, spark" in err
