"""Generated centres shared by the demo tests (generated once per session; each < 2 s)."""

from __future__ import annotations

import pytest

from serviq.demo import DemoData, generate


@pytest.fixture(scope="session")
def week() -> DemoData:
    """A scale-0.1 week from Monday 2026-09-28, with the National Day holiday (1–7 Oct)."""
    return generate(scale=0.1, seed=11, start="2026-09-28", days=7)


@pytest.fixture(scope="session")
def fortnight() -> DemoData:
    """Two ordinary weeks at half scale: enough contacts and answers for the statistics."""
    return generate(scale=0.5, seed=5, start="2026-06-01", days=14)
