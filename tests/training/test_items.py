"""Item analysis on a test computed by hand (8 people, 4 questions, 0/1 scores)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from serviq.training.items import analyse

# Totals 3, 3, 2, 2, 2, 2, 1, 0: with groups of round(0.27 · 8) = 2 the upper group is
# P1, P2 and the lower group P7, P8, with no tie at either cut.
ROWS = {
    "P1": [1, 1, 1, 0],
    "P2": [1, 1, 0, 1],
    "P3": [1, 0, 1, 0],
    "P4": [1, 1, 0, 0],
    "P5": [0, 1, 0, 1],
    "P6": [1, 0, 1, 0],
    "P7": [0, 0, 0, 1],
    "P8": [0, 0, 0, 0],
}


@pytest.fixture(scope="module")
def result():
    df = pd.DataFrame.from_dict(ROWS, orient="index", columns=["i1", "i2", "i3", "i4"])
    return analyse(df.astype(float))


def test_difficulty_is_the_proportion_correct(result) -> None:
    assert [i.difficulty for i in result.items] == [5 / 8, 4 / 8, 3 / 8, 3 / 8]


def test_upper_lower_index(result) -> None:
    assert result.group_size == 2
    # upper P1, P2: 1, 1, 1/2, 1/2; lower P7, P8: 0, 0, 0, 1/2
    assert [i.d_index for i in result.items] == [1.0, 1.0, 0.5, 0.0]


def test_corrected_point_biserial_of_item_1(result) -> None:
    # rest score (total − i1): 2, 2, 1, 1, 2, 1, 1, 0; mean 1.25, population SD √(3.5/8).
    # Right on i1 (P1–P4, P6): rest mean 7/5; wrong (P5, P7, P8): rest mean 1.
    # r_pb = (M1 − M0)/s · √(p q)
    expected = (7 / 5 - 1) / math.sqrt(3.5 / 8) * math.sqrt(5 / 8 * 3 / 8)
    assert result.items[0].r_drop == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.292770, abs=1e-6)


def test_kr20(result) -> None:
    # KR-20 = k/(k−1) · (1 − Σ p q / σ²_total); Σ p q = 0.953125, σ²_total = 6.875/8
    assert result.kr20 == pytest.approx(4 / 3 * (1 - 0.953125 / (6.875 / 8)), abs=1e-12)


def test_a_test_everyone_gets_right_has_no_discrimination() -> None:
    df = pd.DataFrame({"a": [1.0] * 5, "b": [1.0] * 5})
    got = analyse(df)
    assert [i.difficulty for i in got.items] == [1.0, 1.0]
    assert [i.d_index for i in got.items] == [0.0, 0.0]
    assert math.isnan(got.kr20)
    assert math.isnan(got.items[0].r_drop)
