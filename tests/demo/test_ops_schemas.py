"""The generated tables pass the ops import's validation (serviq.ops.schemas)."""

from __future__ import annotations

import pytest

from serviq.demo import DemoData

schemas = pytest.importorskip("serviq.ops.schemas", reason="the ops schemas are not installed yet")
importer = pytest.importorskip("serviq.ops.importer", reason="the ops import is not installed yet")

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
