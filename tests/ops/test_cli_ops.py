"""``serviq ops …`` end to end: files on disk, a real DuckDB workspace, JSON on stdout."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def files(tmp_path, monkeypatch, csv_texts):
    monkeypatch.setenv("SERVIQ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SERVIQ_TIMEZONE", "Asia/Shanghai")
    paths = {}
    for name in ("interactions", "work_orders", "agent_states", "work_order_events"):
        text = csv_texts[name]
        p = tmp_path / f"{name}.csv"
        p.write_text(text, encoding="utf-8")
        paths[name] = p
    return paths


def test_import_then_kpi_from_the_workspace(run_cli, files, tmp_path):
    ws = tmp_path / "ws.duckdb"
    names = ("interactions", "work_orders", "agent_states", "work_order_events")
    args = [str(files[n]) for n in names]
    code, out, err = run_cli("ops", "import", *args, "--workspace", str(ws), "--json")
    assert code == 0, err
    first = json.loads(out)
    assert [r["table"] for r in first["imports"]] == list(names)  # table from the file name
    assert [r["inserted"] for r in first["imports"]] == [10, 5, 4, 4]
    code, out, _ = run_cli("ops", "import", *args, "--workspace", str(ws), "--json")
    assert [r["unchanged"] for r in json.loads(out)["imports"]] == [10, 5, 4, 4]
    code, out, err = run_cli("ops", "kpi", str(ws), "--by", "day,queue", "--json")
    assert code == 0, err
    res = json.loads(out)
    row = next(r for r in res["rows"] if r["day"] == "2024-03-01" and r["queue"] == "retail")
    for key in (
        "offered",
        "answered",
        "abandoned_rate",
        "service_level",
        "asa",
        "aht",
        "fcr_rate",
        "csat",
    ):
        assert key in row
    assert row["offered"] == 5
    assert row["service_level"] == pytest.approx(0.4)
    assert row["wo_timeliness_rate"] == pytest.approx(0.25)
    assert "短時放棄" in res["definitions"]["offered"]["zh"]
    assert res["definitions"]["service_level"]["parameters"]["service_level"]["seconds"] == 20


def test_kpi_reads_a_file_and_takes_the_options(run_cli, files):
    code, out, err = run_cli(
        "ops", "kpi", str(files["interactions"]), "--by", "day,queue", "--sl-seconds", "30",
        "--abandon-treatment", "excluded", "--json",
    )  # fmt: skip
    assert code == 0, err
    res = json.loads(out)
    row = next(r for r in res["rows"] if r["day"] == "2024-03-01" and r["queue"] == "retail")
    assert row["service_level"] == pytest.approx(1.0)  # 15, 25, 10 s all within 30 s
    assert "30 s" in res["definitions"]["service_level"]["en"]


def test_kpi_switches_the_treatment_of_outbound_contacts(run_cli, files):
    # I8 is the only wealth contact on 1 March: a proactive call answered after 4 s, 240 s.
    def wealth(*options):
        code, out, err = run_cli(
            "ops", "kpi", str(files["interactions"]), "--by", "day,queue", *options, "--json"
        )
        assert code == 0, err
        res = json.loads(out)
        rows = res["rows"]
        return next(r for r in rows if r["day"] == "2024-03-01" and r["queue"] == "wealth"), res

    row, res = wealth()
    assert (row["offered"], row["service_level"], row["asa"], row["aht"]) == (0, None, None, 240.0)
    assert "外呼聯絡" in res["definitions"]["service_level"]["zh"]
    row, res = wealth("--outbound-queue-kpis", "included", "--outbound-aht", "excluded")
    assert (row["offered"], row["service_level"], row["asa"], row["aht"]) == (1, 1.0, 4.0, None)
    assert res["definitions"]["aht"]["parameters"]["outbound"]["aht"] == "excluded"
    code, _, err = run_cli("ops", "kpi", str(files["interactions"]), "--outbound-aht", "maybe")
    assert code == 2
    assert "outbound" in err


def test_a_bad_file_exits_2_and_names_file_row_and_column(run_cli, files, tmp_path, csv_texts):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        csv_texts["interactions"].replace("I2,phone,retail", "I2,phone,mortgages", 1),
        encoding="utf-8",
    )
    ws = tmp_path / "ws.duckdb"
    code, out, err = run_cli("ops", "import", str(bad), "--workspace", str(ws))
    assert code == 2
    assert out == ""
    assert (
        f"error: unknown queue 'mortgages'; allowed: credit_card, retail, wealth, complaints ({bad}, row 3, column queue)"
        in err
    )
    assert not ws.exists()


def test_erlang_matches_the_cli_contract(run_cli):
    code, out, err = run_cli(
        "ops", "erlang", "--calls", "100", "--interval-minutes", "30", "--aht", "180",
        "--target-seconds", "20", "--service-level", "0.8", "--max-occupancy", "0.85",
        "--shrinkage", "0.3", "--json",
    )  # fmt: skip
    assert code == 0, err
    res = json.loads(out)
    for key in (
        "agents",
        "agents_with_shrinkage",
        "traffic",
        "p_wait",
        "service_level",
        "asa",
        "occupancy",
        "table",
    ):
        assert key in res
    assert (res["agents"], res["agents_with_shrinkage"]) == (14, 20)
    assert res["table"][0]["asa"] is None  # 10 agents for 10 erlangs: the queue never empties


def test_erlang_staffing_table_from_a_forecast(run_cli, tmp_path):
    f = tmp_path / "forecast.csv"
    f.write_text("interval,calls\n09:00,100\n09:30,0\n10:00,200\n", encoding="utf-8")
    code, out, err = run_cli("ops", "erlang", "--forecast", str(f), "--aht", "180", "--json")
    assert code == 0, err
    res = json.loads(out)
    # 200 calls → 20 erlangs; by the direct sum SL(23) = 0.7021 < 0.8 ≤ SL(24) = 0.8089
    assert [r["agents"] for r in res["intervals"]] == [14, 0, 24]


def test_erlang_refuses_a_service_level_above_one(run_cli):
    code, _, err = run_cli(
        "ops", "erlang", "--calls", "10", "--aht", "100", "--service-level", "80"
    )
    assert code == 2
    assert "service_level must be" in err


def test_backlog_workload_heatmap_and_schema(run_cli, files, tmp_path):
    ws = tmp_path / "ws.duckdb"
    args = [str(files[n]) for n in ("interactions", "work_orders", "agent_states")]
    assert run_cli("ops", "import", *args, "--workspace", str(ws))[0] == 0
    code, out, err = run_cli(
        "ops", "backlog", str(ws), "--as-of", "2024-03-10T12:00:00+08:00", "--json"
    )
    assert code == 0, err
    res = json.loads(out)
    retail = next(r for r in res["rows"] if r["queue"] == "retail")
    assert (retail["open"], retail["overdue"]) == (2, 2)
    assert [w["work_order_id"] for w in res["overdue"]] == ["W5", "W3"]
    code, out, err = run_cli("ops", "workload", str(ws), "--by", "day,team", "--json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    t1 = next(r for r in rows if r["day"] == "2024-03-01" and r["team"] == "T1")
    assert (t1["consultation"], t1["query"], t1["complaint"], t1["hard_case"]) == (1, 1, 1, 1)
    assert (t1["work_orders"], t1["escalated"]) == (4, 2)
    code, out, err = run_cli("ops", "heatmap", str(ws), "--interval-minutes", "60", "--json")
    assert code == 0, err
    cells = json.loads(out)["cells"]
    friday_nine = next(c for c in cells if c["weekday"] == 4 and c["interval"] == "09:00")
    assert friday_nine["staffed"] == pytest.approx(0.75)  # A001 ready 45 of 60 minutes
    assert friday_nine["status"] == "short"
    code, out, _ = run_cli("ops", "schema", "--json")
    assert json.loads(out)["interactions"]["columns"]["queue"]["allowed_from"] == "queues"


@pytest.mark.postgres
def test_kpi_reads_the_tables_where_they_are_in_postgresql(run_cli, files, frames, pg):
    """The warehouse case: the same command on PostgreSQL tables gives the same rows."""
    import uuid

    import ibis

    from serviq.ops.schemas import SCHEMAS

    con, url = pg
    schema = f"serviq_t_{uuid.uuid4().hex[:10]}"
    con.raw_sql(f'CREATE SCHEMA "{schema}"').close()
    try:
        for name, df in frames.items():
            s = SCHEMAS[name]
            mem = ibis.memtable(df[s.names], schema=ibis.schema(s.ibis_schema()))
            con.create_table(name, mem, database=schema)
        url = f"{url}?schema={schema}"
        code, out, err = run_cli(
            "ops", "kpi", url, "--by", "day,queue", "--as-of", "2024-03-10T12:00:00+08:00", "--json"
        )
        assert code == 0, err
        on_pg = json.loads(out)["rows"]
        code, out, err = run_cli(
            "ops", "kpi", str(files["interactions"]), "--work-orders", str(files["work_orders"]),
            "--agent-states", str(files["agent_states"]), "--by", "day,queue",
            "--as-of", "2024-03-10T12:00:00+08:00", "--json",
        )  # fmt: skip
        assert code == 0, err
        on_duck = json.loads(out)["rows"]
        assert len(on_pg) == len(on_duck)
        for a, b in zip(on_pg, on_duck, strict=True):
            assert a.keys() == b.keys()
            for k in a:
                if isinstance(a[k], float):
                    assert a[k] == pytest.approx(b[k], rel=1e-12), k
                else:
                    assert a[k] == b[k], k
    finally:
        con.raw_sql(f'DROP SCHEMA "{schema}" CASCADE').close()
