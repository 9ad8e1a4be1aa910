"""Invariants of Kendall's W: 0 ≤ W ≤ 1, the order of experts and indicators does not
matter, and a panel that agrees completely has W = 1."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviq.delphi.concordance import kendall_w
from serviq.errors import ComputationError

matrices = st.integers(2, 8).flatmap(
    lambda n: st.integers(2, 6).flatmap(
        lambda m: st.lists(
            st.lists(st.integers(1, 5), min_size=m, max_size=m), min_size=n, max_size=n
        )
    )
)


@given(matrices)
def test_w_is_between_0_and_1_and_ignores_order(rows: list[list[int]]) -> None:
    x = np.array(rows, dtype=float)
    try:
        r = kendall_w(x)
    except ComputationError:
        assert all(len(set(col)) == 1 for col in x.T)  # every expert gave one score only
        return
    assert -1e-12 <= r.w <= 1 + 1e-12
    shuffled = kendall_w(x[::-1, ::-1])
    assert shuffled.w == pytest.approx(r.w, abs=1e-12)


@given(st.integers(2, 10), st.integers(2, 8))
def test_complete_agreement_is_one(n: int, m: int) -> None:
    x = np.tile(np.arange(1, n + 1, dtype=float)[:, None], (1, m))
    assert kendall_w(x).w == pytest.approx(1.0)
