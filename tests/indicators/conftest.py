"""Fixtures of the indicator tests: a small valid system as YAML text, and a writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from indicator_fixtures import SMALL  # type: ignore[import-not-found]


@pytest.fixture
def small_yaml() -> str:
    return SMALL


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` to ``tmp_path/name`` and return the path."""

    def _write(text: str, name: str = "system.yaml") -> Path:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    return _write
