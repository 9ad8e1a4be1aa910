"""A synthetic centre with 13 months of history, written once per session like `serviq demo`."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.demo import generate
from serviq.demo.dataset import write


@pytest.fixture(scope="session")
def report_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """13 months (2025-11 … 2026-11) at a small scale, as files in a folder."""
    root = tmp_path_factory.mktemp("report-data")
    write(generate(months=13, scale=0.02, seed=3, start="2025-11-01"), root)
    return root
