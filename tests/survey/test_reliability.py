"""Reliability from one covariance pass: agrees with per-scale computation, DuckDB, pingouin."""

from __future__ import annotations

from fractions import Fraction
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


def test_a_constant_non_integer_item_is_refused_not_given_rounding_noise() -> None:
    # 0.1 has no exact binary form: raw cross-products would leave a variance of ~1e-18
    df = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [0.1] * 4, "c": [2.0, 1, 4, 3]})
    with pytest.raises(InvalidInput, match="b has no variance"):
        reliability(df, ["a", "b", "c"])
    df.loc[1, "a"] = np.nan  # the pairwise path too
    with pytest.raises(InvalidInput, match="b has no variance"):
        reliability(df, ["a", "b", "c"])


def test_items_that_cancel_out_are_refused_and_undefined_drops_are_nan() -> None:
    x = np.array([1.0, 2, 3, 4, 5, 2, 4])
    df = pd.DataFrame({"a": x, "b": 6 - x})
    with pytest.raises(InvalidInput, match="a, b cancel each other out"):
        reliability(df, ["a", "b"])
    df["c"] = [2.0, 1, 4, 3, 5, 5, 1]
    r = reliability(df, ["a", "b", "c"])
    assert np.isfinite(r.raw_alpha)
    assert r.raw_alpha <= 1
    c = r.items[2]  # without c, a and b sum to 6 for everyone
    assert np.isnan(c.alpha_if_dropped)
    assert np.isnan(c.r_drop)
    assert np.isnan(c.std_alpha_if_dropped)


def _exact_alpha(X: np.ndarray) -> Fraction | None:
    """Cronbach's alpha of integer answers in exact rational arithmetic; None when the total
    score is the same for every respondent (ΣC = 0, alpha undefined).

    With n·(n − 1)·C_ij = n·Σx_i x_j − Σx_i·Σx_j (an integer),
    α = k/(k − 1) · (1 − Σ_i C_ii / Σ_ij C_ij)."""
    rows = X.astype(int).tolist()
    n, k = len(rows), len(rows[0])
    sums = [sum(r[i] for r in rows) for i in range(k)]

    def ncov(i: int, j: int) -> int:
        return n * sum(r[i] * r[j] for r in rows) - sums[i] * sums[j]

    trace = sum(ncov(i, i) for i in range(k))
    total = sum(ncov(i, j) for i in range(k) for j in range(k))
    if total == 0:
        return None
    return Fraction(k, k - 1) * (1 - Fraction(trace, total))


@settings(max_examples=200, deadline=None)
@given(
    arrays(np.int8, st.tuples(st.integers(2, 30), st.integers(2, 6)), elements=st.integers(1, 5))
)
def test_alpha_is_exact_and_at_most_one_or_the_data_are_refused(X: np.ndarray) -> None:
    """On any integer answers 1–5, exactly one of:

    - some item is constant → InvalidInput naming it ("no variance");
    - the total score is constant (exact ΣC = 0) → InvalidInput ("cancel each other out");
    - otherwise raw alpha equals the exact rational alpha (relative 1e-9), which is ≤ 1,
      and standardised alpha is ≤ 1 — or NaN, only when the standardised items sum to a
      constant (ΣR = 0 up to rounding).
    """
    cols = [f"i{j}" for j in range(X.shape[1])]
    df = pd.DataFrame(X.astype(float), columns=cols)
    constant = [c for c in cols if df[c].nunique() == 1]
    if constant:
        with pytest.raises(InvalidInput, match=f"{constant[0]}.*no variance"):
            reliability(df, cols)
        return
    exact = _exact_alpha(X)
    if exact is None:
        with pytest.raises(InvalidInput, match="cancel each other out"):
            reliability(df, cols)
        return
    r = reliability(df, cols)
    assert exact <= 1
    assert r.raw_alpha == pytest.approx(float(exact), rel=1e-9, abs=1e-12)
    assert r.raw_alpha <= 1
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    std_total_constant = float(np.var(z.sum(axis=1))) <= 1e-9 * X.shape[1]
    if std_total_constant:
        assert np.isnan(r.std_alpha)
    else:
        assert r.std_alpha <= 1 + 1e-12


def test_if_dropped_equals_the_statistics_of_the_remaining_items(planted: pd.DataFrame) -> None:
    from serviq.survey.reliability import alpha_core, if_dropped

    m = moments(planted[SCALES["tan"]].to_numpy(dtype=float), SCALES["tan"])
    C, R = m.cov, m.corr()
    r_drop, raw, std, g6, av_r = if_dropped(C, R)
    for i in range(len(SCALES["tan"])):
        keep = np.arange(C.shape[0]) != i
        ref = alpha_core(C[np.ix_(keep, keep)], R[np.ix_(keep, keep)])
        assert raw[i] == pytest.approx(ref.raw_alpha, abs=1e-13)
        assert std[i] == pytest.approx(ref.std_alpha, abs=1e-13)
        assert g6[i] == pytest.approx(ref.G6, abs=1e-12)
        assert av_r[i] == pytest.approx(ref.average_r, abs=1e-13)
        rest = C[np.ix_(keep, keep)].sum()
        assert r_drop[i] == pytest.approx(
            (C[i].sum() - C[i, i]) / np.sqrt(C[i, i] * rest), abs=1e-13
        )


def test_the_blocked_pass_is_exact_under_a_large_offset_in_any_layout() -> None:
    rng = np.random.default_rng(5)
    ints = rng.integers(1, 6, size=(40_000, 6)).astype(float)  # spans several blocks
    ref = np.cov(ints, rowvar=False)
    names = [f"i{j}" for j in range(6)]
    for X in (ints + 1e9, np.asfortranarray(ints + 1e9)):
        m = moments(X, names)
        assert np.allclose(m.cov, ref, rtol=0, atol=1e-9)
        assert np.allclose(m.mean, ints.mean(axis=0) + 1e9, rtol=1e-15)
    picked = moments(ints, ["i4", "i1", "i3"], columns=[4, 1, 3])  # not a slice: copied
    assert np.allclose(picked.cov, ref[np.ix_([4, 1, 3], [4, 1, 3])], rtol=0, atol=1e-12)
    assert picked.total_sd == pytest.approx(np.std(ints[:, [4, 1, 3]].mean(axis=1), ddof=1))


def test_duckdb_refuses_a_constant_non_integer_item(tmp_path: Path) -> None:
    n = 3000
    df = pd.DataFrame(
        {"a": np.arange(n) % 5 + 1.0, "b": [0.1] * n, "c": (np.arange(n) * 7) % 5 + 1.0}
    )
    path = tmp_path / "c.parquet"
    df.to_parquet(path)
    with pytest.raises(InvalidInput, match="b has no variance"):
        moments_duckdb(path, ["a", "b", "c"])


def _exact_cov(X: np.ndarray) -> list[list[Fraction]]:
    rows = [[int(v) for v in r] for r in X.tolist()]
    n, k = len(rows), len(rows[0])
    s = [sum(r[i] for r in rows) for i in range(k)]
    return [
        [Fraction(n * sum(r[i] * r[j] for r in rows) - s[i] * s[j], n * (n - 1)) for j in range(k)]
        for i in range(k)
    ]


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.int8, st.tuples(st.integers(2, 30), st.integers(2, 6)), elements=st.integers(1, 5)),
    st.sampled_from(["int8", "Int8", "int64", "uint8"]),
)
def test_integer_answers_give_the_correctly_rounded_covariance(X: np.ndarray, dtype: str) -> None:
    """The integer pass is exact: every covariance and mean is the exact rational value
    rounded once to float64 (bit for bit), and alpha matches the exact rational alpha."""
    from serviq.survey.moments import moments_of

    cols = [f"i{j}" for j in range(X.shape[1])]
    df = pd.DataFrame(X, columns=cols).astype(dtype)
    constant = [c for c in cols if df[c].nunique() == 1]
    if constant:
        with pytest.raises(InvalidInput, match=f"{constant[0]}.*no variance"):
            reliability(df, cols)
        return
    m = moments_of(df, cols)
    exact = _exact_cov(X)
    assert m.cov.tolist() == [[float(v) for v in row] for row in exact]
    n = X.shape[0]
    assert m.mean.tolist() == [float(Fraction(int(X[:, j].sum()), n)) for j in range(X.shape[1])]
    alpha = _exact_alpha(X)
    if alpha is None:
        with pytest.raises(InvalidInput, match="cancel each other out"):
            reliability(df, cols)
        return
    assert reliability(df, cols).raw_alpha == pytest.approx(float(alpha), rel=1e-12, abs=1e-14)


def test_integer_and_float_answers_give_the_same_suite(planted: pd.DataFrame) -> None:
    scales = {"tan": SCALES["tan"], "rel": SCALES["rel"]}
    ints = planted.astype({c: "Int8" for items in scales.values() for c in items})
    for rev in ([], ["TAN2", "REL1"]):
        a = scale_reliabilities(planted, scales, reverse=rev)
        b = scale_reliabilities(ints, scales, reverse=rev)
        for name in scales:
            assert b[name].raw_alpha == pytest.approx(a[name].raw_alpha, abs=1e-13)
            assert b[name].mean == pytest.approx(a[name].mean, abs=1e-13)
            assert b[name].sd == pytest.approx(a[name].sd, abs=1e-13)
            assert b[name].alpha_ci == pytest.approx(a[name].alpha_ci, abs=1e-13)
            for x, y in zip(a[name].items, b[name].items, strict=True):
                assert y.r_drop == pytest.approx(x.r_drop, abs=1e-13)
                assert y.alpha_if_dropped == pytest.approx(x.alpha_if_dropped, abs=1e-13)
        single = reliability(ints, scales["tan"], reverse=[r for r in rev if r in scales["tan"]])
        assert single.raw_alpha == pytest.approx(b["tan"].raw_alpha, abs=1e-13)
    with_lo_hi = reliability(ints, SCALES["tan"], reverse=["TAN2"], lo=0.5, hi=5.0)
    ref = reliability(planted, SCALES["tan"], reverse=["TAN2"], lo=0.5, hi=5.0)
    assert with_lo_hi.mean == pytest.approx(ref.mean, abs=1e-13)


def test_missing_integer_answers_take_the_pairwise_path(planted: pd.DataFrame) -> None:
    df = planted[SCALES["tan"]].copy()
    df.iloc[::5, 0] = np.nan
    ints = df.astype("Int8")
    a, b = reliability(df, SCALES["tan"]), reliability(ints, SCALES["tan"])
    assert b.raw_alpha == pytest.approx(a.raw_alpha, abs=1e-13)
    assert [it.n for it in b.items] == [it.n for it in a.items]


def test_large_integers_stay_exact_or_fall_back() -> None:
    from serviq.survey.moments import integer_products, moments_of

    rng = np.random.default_rng(3)
    base = rng.integers(1, 6, size=(70_000, 3))  # spans several blocks
    ref = _exact_cov(base[:300])  # small exact reference for the offset case below
    small = integer_products([base[:, j].astype(np.int8) for j in range(3)])  # float32 blocks
    B = base.astype(object)
    assert small == (
        [[int((B[:, i] * B[:, j]).sum()) for j in range(3)] for i in range(3)],
        [int(B[:, i].sum()) for i in range(3)],
    )
    # |x| ~ 1e5: a float32 block would round (Σx² ≥ 2^24), so the float64 blocks are used
    big = pd.DataFrame(base * 100_003 - 7, columns=["a", "b", "c"])
    got = integer_products([big[c].to_numpy() for c in big.columns])
    assert got is not None
    G, s = got
    X = big.to_numpy().astype(object)
    want = [[int((X[:, i] * X[:, j]).sum()) for j in range(3)] for i in range(3)]
    assert want == G
    assert s == [int(X[:, i].sum()) for i in range(3)]
    # |x| ~ 2^40: Σx² passes 2^53, no exact pass: the floating-point path still answers
    huge = pd.DataFrame(base[:300] + (1 << 40), columns=["a", "b", "c"])
    assert integer_products([huge[c].to_numpy() for c in huge.columns]) is None
    m = moments_of(huge, ["a", "b", "c"])
    assert np.allclose(m.cov, np.array(ref, dtype=float), rtol=0, atol=1e-9)
