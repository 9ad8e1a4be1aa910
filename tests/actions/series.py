"""Constructed indicator series for the actions tests."""

from __future__ import annotations

from serviq.actions.record import Observation, Series

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]


def series(
    values: list[float | None],
    *,
    target: float = 0.05,
    direction: str = "lower",
    indicator: str = "ABANDON",
    scope: str = "T1",
    start: int = 0,
) -> Series:
    """``values`` month by month from ``MONTHS[start]``, each with the same target."""
    points = tuple(Observation(MONTHS[start + i], v, target) for i, v in enumerate(values))
    return Series(indicator, scope, direction, points, name="Abandonment", unit="%")  # type: ignore[arg-type]
