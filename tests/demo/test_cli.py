"""`serviq demo generate` writes the tables; `serviq demo` needs the web application."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


def test_generate_writes_parquet_and_prints_a_summary(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "demo",
        "generate",
        "--months",
        "1",
        "--scale",
        "0.05",
        "--start",
        "2026-02-01",
        "--seed",
        "3",
        "--out",
        str(tmp_path),
        "--json",
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["tables"]["interactions"] > 0
    assert summary["start"] == "2026-02-01"
    assert summary["end"] == "2026-03-01"
    df = pd.read_parquet(tmp_path / "interactions.parquet")
    assert len(df) == summary["tables"]["interactions"]


def test_interactions_only_streams_one_csv(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "demo",
        "generate",
        "--months",
        "1",
        "--scale",
        "0.05",
        "--start",
        "2026-02-01",
        "--out",
        str(tmp_path),
        "--format",
        "csv",
        "--interactions-only",
        "--json",
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["files"] == {"interactions": str(tmp_path / "interactions.csv")}
    assert summary["start"] == "2026-02-01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["interactions.csv"]


def test_a_bad_format_is_bad_input(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli("demo", "generate", "--out", str(tmp_path), "--format", "xml")
    assert code == 2
    assert "format must be one of parquet, csv" in err


def test_the_cli_default_seed_is_the_generator_default() -> None:
    from serviq.cli.demo import DEFAULT_SEED as CLI_SEED
    from serviq.demo.dataset import DEFAULT_SEED

    assert CLI_SEED == DEFAULT_SEED


def test_until_ends_the_data_at_a_moment_and_rosters_run_on(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "demo", "generate", "--months", "1", "--scale", "0.05", "--seed", "3",
        "--until", "2026-03-04T09:00+08:00", "--roster-until", "2026-04-30",
        "--out", str(tmp_path), "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert summary["start"] == "2026-02-01"
    assert summary["until"] == "2026-03-04T09:00:00+08:00"
    assert summary["roster_until"] == "2026-04-30"
    df = pd.read_parquet(tmp_path / "interactions.parquet")
    assert df["ended_at"].max() <= pd.Timestamp("2026-03-04T09:00+08:00")
    assert pd.read_parquet(tmp_path / "rosters.parquet")["date"].max() == "2026-04-30"


def test_an_until_before_the_start_is_bad_input(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli(
        "demo", "generate", "--start", "2026-03-01", "--until", "2026-02-01",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 2
    assert (
        "error: until (2026-02-01T00:00:00+08:00) must be after start (2026-03-01) (field until)"
        in err
    )
