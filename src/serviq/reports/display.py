"""Rounding for display, the same in every rendering (numbers stay full precision inside)."""

from __future__ import annotations

import math
from typing import Any


def number(value: Any, unit: str | None = None, digits: int | None = None) -> str:
    """A value as people read it: shares in percent (1 decimal), seconds whole, else 2 decimals.

    >>> number(0.84567, "%"), number(367.3, "s"), number(3.6712, "points (1–5)"), number(None)
    ('84.6%', '367 s', '3.67', '—')
    """
    if value is None:
        return "—"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return "—"
    if unit == "%":
        return f"{v * 100:.{1 if digits is None else digits}f}%"
    if unit == "s":
        return f"{v:.{0 if digits is None else digits}f} s"
    return f"{v:.{2 if digits is None else digits}f}"


def interval(pair: Any, unit: str | None = None) -> str:
    """``[lo, hi]`` as ``lo – hi`` in the unit's rounding."""
    if not pair:
        return "—"
    return f"{number(pair[0], unit)} – {number(pair[1], unit)}"


def integer(value: Any) -> str:
    if value is None:
        return "—"
    try:
        return f"{round(float(value)):,}"
    except (TypeError, ValueError):
        return str(value)
