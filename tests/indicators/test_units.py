"""Indicator units in the reader's language."""

from __future__ import annotations

from serviq.indicators.units import unit_name


def test_units_in_each_language() -> None:
    assert unit_name("s", "zh-Hans") == "秒"
    assert unit_name("min", "zh-Hant") == "分鐘"
    assert unit_name("points (1–5)", "zh-Hans") == "分（1–5）"
    assert unit_name("points (−100–100)", "en") == "points (−100–100)"
    assert unit_name("%", "zh-Hans") == "%"
    assert unit_name("calls", "zh-Hans") == "calls"
