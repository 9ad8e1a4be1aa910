from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviq.survey.validity import ave, composite_reliability, fornell_larcker, htmt

loadings = st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=12)


@given(loadings)
def test_ave_and_cr_lie_in_the_unit_interval(lam: list[float]) -> None:
    assert 0 <= ave(lam) <= 1
    cr = composite_reliability(lam)
    assert np.isnan(cr) or 0 <= cr <= 1


def test_equal_loadings_give_the_spearman_brown_reliability() -> None:
    # k parallel items with loading l: rho_c = k l^2 / (1 + (k - 1) l^2)
    k, lam = 4, 0.7
    expected = k * lam**2 / (1 + (k - 1) * lam**2)
    assert composite_reliability([lam] * k) == pytest.approx(expected)


def test_fornell_larcker_puts_root_ave_on_the_diagonal() -> None:
    corr = pd.DataFrame([[1, 0.5], [0.5, 1]], index=["A", "B"], columns=["A", "B"])
    fl = fornell_larcker({"A": 0.64, "B": 0.49}, corr)
    assert fl.loc["A", "A"] == pytest.approx(0.8)
    assert fl.loc["B", "B"] == pytest.approx(0.7)
    assert fl.loc["A", "B"] == 0.5


def test_htmt_of_a_construct_with_one_item_uses_one_for_its_monotrait_mean() -> None:
    R = np.array([[1, 0.6, 0.3], [0.6, 1, 0.3], [0.3, 0.3, 1]])
    out = htmt(R, ["a", "b", "c"], {"A": ["a", "b"], "C": ["c"]})
    assert out.loc["A", "C"] == pytest.approx(0.3 / np.sqrt(0.6))
