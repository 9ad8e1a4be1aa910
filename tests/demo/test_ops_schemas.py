"""The generated tables pass the ops import's validation (serviq.ops.schemas)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from serviq.demo import DemoData, write
from serviq.ops import importer, schemas

QUEUES = ("credit_card", "retail", "wealth", "complaints")


@pytest.mark.parametrize(
    "table", ["interactions", "work_orders", "work_order_events", "agent_states"]
)
def test_table_validates_against_the_ops_schema(week: DemoData, table: str) -> None:
    frame = getattr(week, table)
    schema = schemas.schema(table)
    assert set(schema.required) <= set(frame.columns)
    checked = importer.validate_frame(
        frame, schema, source=f"demo/{table}", queues=QUEUES, timezone="Asia/Shanghai"
    )
    assert len(checked) == len(frame)


def test_every_interaction_column_is_known_to_the_ops_schema(week: DemoData) -> None:
    assert set(week.interactions.columns) <= set(schemas.schema("interactions").names)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_written_files_import_once(tmp_path: Path, week: DemoData, fmt: str, run_cli: Any) -> None:
    """`serviq ops import` takes the files `serviq demo generate` writes; again adds nothing."""
    paths = write(week, tmp_path / "data", format=fmt)
    tables = ("interactions", "work_orders", "work_order_events", "agent_states")
    files = [str(paths[t]) for t in tables]
    workspace = str(tmp_path / "ops.duckdb")
    code, out, err = run_cli("ops", "import", *files, "--workspace", workspace, "--json")
    assert code == 0, err
    first = {i["table"]: i for i in json.loads(out)["imports"]}
    for t in tables:
        assert first[t]["inserted"] == len(getattr(week, t)), t
    code, out, err = run_cli("ops", "import", *files, "--workspace", workspace, "--json")
    assert code == 0, err
    again = {i["table"]: i for i in json.loads(out)["imports"]}
    for t in tables:
        assert again[t]["inserted"] == 0, t
        assert again[t]["updated"] == 0, t
        assert again[t]["unchanged"] == len(getattr(week, t)), t
