"""Difference in differences of a QA item: hand-computed, and on constructed data with and
without a planted effect (fixed seeds)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from serviq.errors import InvalidInput
from serviq.training.effect import Review, did_effect

BEFORE, AFTER = dt.date(2026, 9, 10), dt.date(2026, 11, 10)


def reviews(changes: dict[str, tuple[float, float]], item: str = "Q7") -> list[Review]:
    out = []
    for agent, (b, a) in changes.items():
        out += [Review(agent, BEFORE, item, b), Review(agent, AFTER, item, a)]
    return out


def test_hand_computed() -> None:
    # trained changes 2 and 4, untrained 0 and 2: DiD = 2, SE = √(2/2 + 2/2) = √2, ν = 2
    data = reviews({"A": (70, 72), "B": (70, 74), "C": (80, 80), "D": (80, 82)})
    data.append(Review("A", dt.date(2026, 10, 1), "Q7", 10))  # another month: ignored
    data.append(Review("C", AFTER, "Q8", 0))  # another item: ignored
    got = did_effect(data, trained=["A", "B"], item="Q7", before="2026-09", after="2026-11")
    assert got.did == 2.0
    assert got.se == pytest.approx(2**0.5)
    assert got.df == pytest.approx(2.0)
    t = 4.302652729911275  # t(0.975, 2)
    assert (got.ci_low, got.ci_high) == pytest.approx((2 - t * 2**0.5, 2 + t * 2**0.5))
    assert got.verdict == "no_effect"
    assert got.trained.before == 70
    assert got.untrained.after == 81


def constructed(seed: int, planted: float) -> list[Review]:
    """20 agents × 6 reviews a month; agents A0–A9 trained; everybody drifts +1 point."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(20):
        base = rng.normal(78, 6)
        for day, lift in ((BEFORE, 0.0), (AFTER, 1.0 + (planted if k < 10 else 0.0))):
            for s in rng.normal(base + lift, 5, size=6):
                out.append(Review(f"A{k}", day, "Q7", float(s)))
    return out


TRAINED = [f"A{k}" for k in range(10)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_finds_a_planted_effect(seed: int) -> None:
    got = did_effect(
        constructed(seed, 8.0), trained=TRAINED, item="Q7", before="2026-09", after="2026-11"
    )
    assert got.verdict == "improved"
    assert got.ci_low < 8.0 < got.ci_high
    assert "rose clearly" in got.message("en")
    assert "提升" in got.message("zh-Hans")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_finds_none_where_none_was_planted(seed: int) -> None:
    got = did_effect(
        constructed(seed, 0.0), trained=TRAINED, item="Q7", before="2026-09", after="2026-11"
    )
    assert got.verdict == "no_effect"
    assert "沒有證據" in got.message("zh-Hant")


def test_too_few_agents_and_bad_months_are_refused() -> None:
    data = reviews({"A": (1, 2), "C": (1, 1), "D": (2, 2)})
    with pytest.raises(InvalidInput, match="1 trained agent"):
        did_effect(data, trained=["A"], item="Q7", before="2026-09", after="2026-11")
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        did_effect(data, trained=["A"], item="Q7", before="Sept", after="2026-11")
    with pytest.raises(InvalidInput, match="must come after"):
        did_effect(data, trained=["A"], item="Q7", before="2026-11", after="2026-09")
