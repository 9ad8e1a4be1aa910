"""A workspace (DuckDB file) held by another process gives one clear error, not a driver
traceback (issue 16, finding 5); a file that is not a workspace says so."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)")
print("holding", flush=True)
sys.stdin.readline()
"""
GOOD = (
    "interaction_id,channel,queue,contact_type,arrived_at,answered_at,ended_at,abandoned\n"
    "X1,phone,retail,query,2024-03-01T09:00:00+08:00,2024-03-01T09:00:10+08:00,"
    "2024-03-01T09:05:00+08:00,false\n"
)


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A DuckDB file that another process has open for writing (until the test ends)."""
    path = tmp_path / "ops.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding"
    try:
        yield path, proc.pid
    finally:
        proc.communicate("\n", timeout=30)


def test_importing_into_a_locked_workspace_names_the_process(
    held: tuple[Path, int], tmp_path: Path, run_cli: Any
) -> None:
    ws, pid = held
    f = tmp_path / "interactions.csv"
    f.write_text(GOOD, encoding="utf-8")
    code, out, err = run_cli("ops", "import", str(f), "--workspace", str(ws))
    assert code == 1
    assert err == (
        f"error: the workspace is in use by another program (process {pid}); wait for it to "
        f"finish or close it, then run the command again ({ws})\n"
    )
    assert out == ""


def test_reading_kpis_from_a_locked_workspace_is_the_same_error(
    held: tuple[Path, int], run_cli: Any
) -> None:
    ws, pid = held
    code, _, err = run_cli("ops", "kpi", str(ws))
    assert code == 1
    assert err.startswith(f"error: the workspace is in use by another program (process {pid})")
    assert len(err.splitlines()) == 1


def test_a_survey_store_held_by_another_process(tmp_path: Path, run_cli: Any) -> None:
    store = tmp_path / "ws"
    store.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store / "survey.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "holding"
        data = Path(__file__).parents[1] / "survey" / "data" / "wjx_export_clean.csv"
        code, _, err = run_cli("survey", "import", str(data), "-w", str(store))
    finally:
        proc.communicate("\n", timeout=30)
    assert code == 1
    assert err.startswith("error: the workspace is in use by another program (process ")
    assert len(err.splitlines()) == 1


def test_a_file_that_is_not_a_workspace(tmp_path: Path, run_cli: Any) -> None:
    ws = tmp_path / "notes.duckdb"
    ws.write_bytes(b"these are my notes, not a database" * 200)
    f = tmp_path / "interactions.csv"
    f.write_text(GOOD, encoding="utf-8")
    code, _, err = run_cli("ops", "import", str(f), "--workspace", str(ws))
    assert code == 2
    assert "this file is not a serviq workspace (not a DuckDB database)" in err
    assert len(err.splitlines()) == 1
