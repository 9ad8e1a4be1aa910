"""Optimal binning, WoE and IV against optbinning's documented example.

The optbinning README (Navas-Palencia, section "Example: Optimal binning with binary
target") bins the breast-cancer feature "mean radius" against scikit-learn's target with
``OptimalBinning(name=variable, dtype="numerical", solver="cp")`` and prints::

    >>> optb.splits
    array([11.42500019, 12.32999992, 13.09499979, 13.70499992, 15.04500008,
           16.92500019])

and the binning table (Count, Non-event, Event, Event rate, WoE, IV per bin; total IV
5.043925). Its test suite (``tests/test_binning.py::test_numerical_default``) checks the
same splits, IV = 5.04392547 and the table's Gini = 0.87541620 to rel 1e-6.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import InvalidInput
from serviq.sme.binning import optimal_binning

DATA = Path(__file__).parent / "data" / "breast_cancer_mean_radius.csv"

SPLITS = [11.42500019, 12.32999992, 13.09499979, 13.70499992, 15.04500008, 16.92500019]
# Count, Non-event, Event, Event rate, WoE, IV — the README's table
TABLE = [
    (118, 3, 115, 0.974576, -3.12517, 0.962483),
    (79, 3, 76, 0.962025, -2.71097, 0.538763),
    (68, 7, 61, 0.897059, -1.64381, 0.226599),
    (49, 10, 39, 0.795918, -0.839827, 0.052131),
    (83, 28, 55, 0.662651, -0.153979, 0.003385),
    (54, 44, 10, 0.185185, 2.00275, 0.359566),
    (118, 117, 1, 0.008475, 5.28332, 2.900997),
]


@pytest.fixture(scope="module")
def binning():  # type: ignore[no-untyped-def]
    df = pd.read_csv(DATA)
    return optimal_binning(df["mean_radius"], df["target"], feature="mean radius")


def test_split_points_match_the_readme(binning) -> None:  # type: ignore[no-untyped-def]
    assert list(binning.splits) == pytest.approx(SPLITS, rel=1e-8)


def test_total_iv_and_gini_match(binning) -> None:  # type: ignore[no-untyped-def]
    assert binning.iv == pytest.approx(5.04392547, rel=1e-8)
    assert binning.gini == pytest.approx(0.87541620, rel=1e-7)
    assert binning.trend == "descending"


def test_each_bin_matches_the_table_to_the_printed_digits(binning) -> None:  # type: ignore[no-untyped-def]
    assert len(binning.bins) == len(TABLE)
    for b, (count, ne, e, rate, woe, iv) in zip(binning.bins, TABLE, strict=True):
        assert (b.count, b.non_events, b.events) == (count, ne, e)
        assert b.event_rate == pytest.approx(rate, abs=5e-7)
        assert b.woe == pytest.approx(woe, abs=5e-6)
        assert b.iv == pytest.approx(iv, abs=5e-7)


def test_forcing_the_opposite_trend_imposes_the_constraint() -> None:
    """Ascending event rates against a descending relation: the constraint binds, so the
    IV falls far below the unconstrained 5.04 (a check that the constraint is imposed)."""
    df = pd.read_csv(DATA)
    asc = optimal_binning(df["mean_radius"], df["target"], monotonic="ascending")
    rates = [b.event_rate for b in asc.bins]
    assert rates == sorted(rates)
    assert asc.iv < 1.0


def test_bad_target_is_reported() -> None:
    with pytest.raises(InvalidInput, match="0 or 1"):
        optimal_binning([1.0, 2.0, 3.0], [0, 2, 1])
    with pytest.raises(InvalidInput, match="monotonic"):
        optimal_binning([1.0, 2.0], [0, 1], monotonic="peak")
