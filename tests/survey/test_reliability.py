"""Reliability from one covariance pass: agrees with per-scale computation, DuckDB, pingouin."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from serviq.errors import InvalidInput
from serviq.survey.moments import moments, moments_duckdb
from serviq.survey.reliability import reliability, scale_reliabilities

SCALES = {"tan": ["TAN1", "TAN2", "TAN3", "TAN4", "TAN5"], "rel": ["REL1", "REL2", "REL3", "REL4"]}


def test_one_pass_for_all_scales_equals_one_scale_at_a_time(planted: pd.DataFrame) -> None:
    together = scale_reliabilities(planted, SCALES)
    for name, items in SCALES.items():
        alone = reliability(planted, items)
        assert together[name].raw_alpha == pytest.approx(alone.raw_alpha, abs=1e-12)
        assert together[name].mean == pytest.approx(alone.mean, abs=1e-12)
        for a, b in zip(together[name].items, alone.items, strict=True):
            assert a.alpha_if_dropped == pytest.approx(b.alpha_if_dropped, abs=1e-12)


def test_alpha_if_dropped_equals_alpha_of_the_remaining_items(planted: pd.DataFrame) -> None:
    r = reliability(planted, SCALES["tan"])
    for it in r.items:
        rest = [i for i in SCALES["tan"] if i != it.item]
        assert it.alpha_if_dropped == pytest.approx(reliability(planted, rest).raw_alpha, abs=1e-12)


def test_alpha_agrees_with_pingouin(planted: pd.DataFrame) -> None:
    pg = pytest.importorskip("pingouin")
    a, _ci = pg.cronbach_alpha(planted[SCALES["rel"]])
    assert reliability(planted, SCALES["rel"]).raw_alpha == pytest.approx(a, abs=1e-12)


def test_duckdb_streaming_gives_the_same_covariance(planted: pd.DataFrame, tmp_path: Path) -> None:
    df = planted[SCALES["tan"]].copy()
    df.iloc[::7, 1] = np.nan  # pairwise missing values
    path = tmp_path / "r.parquet"
    df.to_parquet(path)
    a = moments(df.to_numpy(), SCALES["tan"])
    b = moments_duckdb(path, SCALES["tan"])
    assert np.allclose(a.cov, b.cov, atol=1e-10)
    assert np.array_equal(a.n_pair, b.n_pair)
    assert b.total_mean == pytest.approx(a.total_mean, abs=1e-10)


def test_pairwise_covariance_matches_pandas(planted: pd.DataFrame) -> None:
    df = planted[SCALES["tan"]].copy()
    df.iloc[::5, 0] = np.nan
    df.iloc[::3, 2] = np.nan
    m = moments(df.to_numpy(), SCALES["tan"])
    assert np.allclose(m.cov, df.cov().to_numpy(), atol=1e-12)


def test_reverse_keying_restores_alpha(planted: pd.DataFrame) -> None:
    df = planted.copy()
    df["TAN2"] = 6 - df["TAN2"]
    r = reliability(df, SCALES["tan"], reverse=["TAN2"], lo=1, hi=5)
    assert r.raw_alpha == pytest.approx(reliability(planted, SCALES["tan"]).raw_alpha)


def test_a_constant_item_is_refused_with_its_name() -> None:
    df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [3, 3, 3, 3], "c": [2, 1, 4, 3]})
    with pytest.raises(InvalidInput, match="b has no variance"):
        reliability(df, ["a", "b", "c"])


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int8, st.tuples(st.integers(5, 30), st.integers(2, 6)), elements=st.integers(1, 5))
)
def test_alpha_never_exceeds_one(X: np.ndarray) -> None:
    df = pd.DataFrame(X.astype(float), columns=[f"i{j}" for j in range(X.shape[1])])
    if (df.var() == 0).any():
        return
    r = reliability(df, list(df.columns))
    assert r.raw_alpha <= 1 + 1e-12
    assert r.std_alpha <= 1 + 1e-12
