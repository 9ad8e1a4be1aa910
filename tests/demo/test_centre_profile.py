"""The centre profile (data/demo/centre.yaml) is data: overridable, and checked on load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from serviq.demo import generate
from serviq.demo.centre import load_profile
from serviq.errors import InvalidInput
from serviq.resources import data_path


def _override(tmp_path: Path, change: dict[str, dict[str, object]]) -> Path:
    data = yaml.safe_load(data_path("demo/centre.yaml").read_text(encoding="utf-8"))
    for section, values in change.items():
        data[section].update(values)
    (tmp_path / "demo").mkdir()
    path = tmp_path / "demo" / "centre.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_centre_override_changes_the_volume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = generate(scale=0.1, seed=1, start="2026-06-01", days=3)
    _override(tmp_path, {"arrivals": {"daily_contacts": 600}})
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    smaller = generate(scale=0.1, seed=1, start="2026-06-01", days=3)
    assert len(smaller.interactions) < 0.6 * len(base.interactions)


def test_an_unknown_queue_is_refused_with_file_and_field(tmp_path: Path) -> None:
    path = _override(
        tmp_path,
        {
            "arrivals": {
                "queues": {"credit_card": 0.5, "retail": 0.3, "wealth": 0.1, "complaint": 0.1}
            }
        },
    )
    with pytest.raises(InvalidInput) as err:
        load_profile(path)
    text = str(err.value)
    assert "centre.yaml" in text
    assert "arrivals.queues" in text


def test_a_rotation_with_back_to_back_shifts_is_refused(tmp_path: Path) -> None:
    path = _override(tmp_path, {"shifts": {"cycle": ["day", "night", "day", "rest"]}})
    with pytest.raises(InvalidInput) as err:
        load_profile(path)
    assert "shifts.cycle" in str(err.value)
    assert "連班" in str(err.value)


def test_qa_review_range_must_be_ordered(tmp_path: Path) -> None:
    path = _override(tmp_path, {"qa": {"reviews_per_agent": [5, 1]}})
    with pytest.raises(InvalidInput, match="reviews_per_agent"):
        load_profile(path)
