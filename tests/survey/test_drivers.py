from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.errors import ComputationError, InvalidInput
from serviq.survey.drivers import key_drivers, shapley_r2

SWISS = Path(__file__).parent.parent / "reference" / "data" / "swiss.csv"
REGRESSORS = ["Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"]


def _r2(R: np.ndarray, cols: list[int]) -> float:
    if not cols:
        return 0.0
    return float(R[cols, 0] @ np.linalg.solve(R[np.ix_(cols, cols)], R[cols, 0]))


def test_shapley_equals_the_average_over_all_entry_orders_on_swiss() -> None:
    # LMG's definition (Lindeman, Merenda & Gold 1980), computed the slow way: p! orders.
    data = pd.read_csv(SWISS)
    R = data[["Fertility", *REGRESSORS]].corr().to_numpy()
    p = len(REGRESSORS)
    slow = np.zeros(p)
    orders = list(itertools.permutations(range(1, p + 1)))
    for order in orders:
        for k, j in enumerate(order):
            slow[j - 1] += _r2(R, list(order[: k + 1])) - _r2(R, list(order[:k]))
    slow /= len(orders)
    assert shapley_r2(R, 0, list(range(1, p + 1))) == pytest.approx(slow, abs=1e-12)
    res = key_drivers(data, "Fertility", REGRESSORS)
    assert res.r2 == pytest.approx(0.7067350, abs=1e-7)  # summary(lm(Fertility ~ ., swiss))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    p=st.integers(1, 6),
    n=st.integers(20, 80),
)
def test_both_decompositions_sum_to_r2_and_are_non_negative(seed: int, p: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + rng.normal(size=(n, 1))  # correlated drivers
    y = X @ rng.normal(size=p) + rng.normal(size=n)
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(p)]).assign(y=y)
    res = key_drivers(df, "y", [f"x{i}" for i in range(p)])
    t = res.drivers
    assert t["relative_weight"].sum() == pytest.approx(res.r2, abs=1e-9)
    assert t["shapley"].sum() == pytest.approx(res.r2, abs=1e-9)
    assert (t["relative_weight"] >= -1e-12).all()
    assert (t["shapley"] >= -1e-12).all()


def test_uncorrelated_drivers_get_their_squared_correlation() -> None:
    rng = np.random.default_rng(0)
    raw = rng.normal(size=(100, 2))
    q, _ = np.linalg.qr(raw - raw.mean(axis=0))  # centred, then exactly orthogonal
    x = q * 10
    df = pd.DataFrame({"a": x[:, 0], "b": x[:, 1]})
    df["y"] = 3 * df["a"] + df["b"] + rng.normal(size=100)
    res = key_drivers(df, "y", ["a", "b"]).drivers.set_index("driver")
    assert res["shapley"].to_numpy() == pytest.approx((res["r"] ** 2).to_numpy(), abs=1e-12)


def test_collinear_and_misnamed_drivers_are_refused() -> None:
    df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "b": [2.0, 4, 6, 8, 10], "y": [1.0, 3, 2, 5, 4]})
    with pytest.raises(ComputationError, match="collinear"):
        key_drivers(df, "y", ["a", "b"])
    with pytest.raises(InvalidInput, match="columns not in the data: c"):
        key_drivers(df, "y", ["a", "c"])
    with pytest.raises(InvalidInput, match="both the outcome and a driver"):
        key_drivers(df, "y", ["a", "y"])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), mix=st.floats(-3, 3))
def test_with_two_drivers_relative_weights_equal_the_shapley_values(seed: int, mix: float) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 2))
    X[:, 1] += mix * X[:, 0]
    y = X @ rng.normal(size=2) + rng.normal(size=60)
    t = key_drivers(pd.DataFrame(X, columns=["a", "b"]).assign(y=y), "y", ["a", "b"]).drivers
    assert t["relative_weight"].to_numpy() == pytest.approx(t["shapley"].to_numpy(), abs=1e-12)
