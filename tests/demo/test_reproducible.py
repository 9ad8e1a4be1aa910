"""The same seed gives the same centre; a streamed log equals the generated one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.demo import DemoData, generate, write, write_interactions
from serviq.demo.interactions import INTERACTION_COLUMNS
from serviq.errors import InvalidInput


def test_the_same_seed_gives_the_same_tables(week: DemoData) -> None:
    again = generate(scale=0.1, seed=11, start="2026-09-28", days=7)
    for name, df in week.tables().items():
        pd.testing.assert_frame_equal(df, again.tables()[name], obj=name)


def test_another_seed_gives_other_data(week: DemoData) -> None:
    other = generate(scale=0.1, seed=12, start="2026-09-28", days=7)
    assert not week.interactions["customer_key"].equals(other.interactions["customer_key"])


def test_interactions_have_exactly_the_canonical_columns(week: DemoData) -> None:
    assert list(week.interactions.columns) == INTERACTION_COLUMNS
    assert INTERACTION_COLUMNS[:16] == [
        "interaction_id", "channel", "queue", "contact_type", "agent_id", "customer_key",
        "issue_key", "arrived_at", "answered_at", "ended_at", "hold_seconds", "wrapup_seconds",
        "abandoned", "transferred", "resolved", "csat",
    ]  # fmt: skip
    assert str(week.interactions["arrived_at"].dt.tz) == "Asia/Shanghai"
    assert week.interactions["interaction_id"].is_unique


def test_streamed_interactions_equal_the_generated_ones(tmp_path: Path, week: DemoData) -> None:
    info = write_interactions(
        tmp_path / "i.parquet", scale=0.1, seed=11, start="2026-09-28", days=7, rows_per_group=500
    )
    assert info["rows"] == len(week.interactions)
    back = pd.read_parquet(tmp_path / "i.parquet")
    expected = week.interactions
    assert list(back.columns) == list(expected.columns)
    for c in expected.columns:
        if c.endswith("_at"):
            unit = "datetime64[s, UTC]"
            assert (
                back[c]
                .dt.tz_convert("UTC")
                .astype(unit)
                .equals(expected[c].dt.tz_convert("UTC").astype(unit))
            ), c
        else:
            assert (
                back[c].astype("object").fillna(-1).tolist()
                == expected[c].astype("object").fillna(-1).tolist()
            ), c


def test_csv_has_iso_timestamps_with_offset_and_true_false(tmp_path: Path, week: DemoData) -> None:
    paths = write(week, tmp_path, format="csv")
    text = paths["interactions"].read_text(encoding="utf-8").splitlines()
    first = dict(zip(text[0].split(","), text[1].split(","), strict=True))
    assert first["arrived_at"].endswith("+08:00")
    assert "T" in first["arrived_at"]
    assert first["abandoned"] in ("true", "false")
    back = pd.read_csv(paths["interactions"])
    assert len(back) == len(week.interactions)


def test_parquet_round_trip(tmp_path: Path, week: DemoData) -> None:
    paths = write(week, tmp_path)
    back = pd.read_parquet(paths["survey_responses"])
    assert len(back) == len(week.survey_responses)
    assert (tmp_path / "meta.json").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"scale": 0}, "scale"), ({"months": 0}, "months"), ({"start": "2026-13-01"}, "start")],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        generate(**{"start": "2026-01-01", **kwargs})  # type: ignore[arg-type]
    assert err.value.where.field == field


def test_size_scales_with_scale() -> None:
    small = generate(scale=0.1, seed=3, start="2026-06-01", days=7)
    large = generate(scale=0.3, seed=3, start="2026-06-01", days=7)
    ratio = len(large.interactions) / len(small.interactions)
    assert 2.4 < ratio < 3.6
    agents = (large.people["role"] == "agent").sum() / (small.people["role"] == "agent").sum()
    assert 1.4 < agents < 3.6
