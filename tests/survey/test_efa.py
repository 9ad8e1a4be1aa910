"""EFA pieces cross-checked against factor_analyzer where it still works (rotations, KMO)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from serviq.survey.efa import efa, kmo
from serviq.survey.rotation import oblimin, promax, varimax

ITEMS = [
    "TAN1",
    "TAN2",
    "TAN3",
    "TAN4",
    "REL1",
    "REL2",
    "REL3",
    "REL4",
    "RES1",
    "RES2",
    "RES3",
    "RES4",
]


@pytest.fixture(scope="module")
def unrotated(planted: pd.DataFrame) -> np.ndarray:
    return efa(planted, ITEMS, 3, rotation="none", parallel=False).loadings


def test_varimax_matches_factor_analyzer(unrotated: np.ndarray) -> None:
    fa = pytest.importorskip("factor_analyzer.rotator")
    theirs = fa.Rotator(method="varimax").fit_transform(unrotated)
    assert np.allclose(np.abs(varimax(unrotated).loadings), np.abs(theirs), atol=1e-4)


def test_oblimin_matches_factor_analyzer(unrotated: np.ndarray) -> None:
    fa = pytest.importorskip("factor_analyzer.rotator")
    theirs = fa.Rotator(method="oblimin").fit_transform(unrotated)
    ours = oblimin(unrotated).loadings
    assert np.allclose(np.sort(np.abs(ours), axis=1), np.sort(np.abs(theirs), axis=1), atol=1e-3)


def test_kmo_matches_factor_analyzer(planted: pd.DataFrame) -> None:
    fa = pytest.importorskip("factor_analyzer.factor_analyzer")
    per, overall = fa.calculate_kmo(planted[ITEMS])
    R = planted[ITEMS].corr().to_numpy()
    k = kmo(R)
    assert k.overall == pytest.approx(overall, abs=1e-10)
    assert np.allclose(k.items, per, atol=1e-10)


def test_oblique_communalities_include_factor_correlations(planted: pd.DataFrame) -> None:
    f = efa(planted, ITEMS, 3, rotation="promax", parallel=False)
    h2 = np.diag(f.loadings @ f.phi @ f.loadings.T)
    assert np.allclose(f.h2, h2)
    unrot = efa(planted, ITEMS, 3, rotation="none", parallel=False)
    assert np.allclose(f.h2, unrot.h2, atol=1e-8)  # rotation does not change communalities
    assert not np.allclose(f.h2, (f.loadings**2).sum(axis=1), atol=1e-3)


@pytest.mark.parametrize("method", ["minres", "ml", "pa"])
def test_each_method_recovers_three_factors(planted: pd.DataFrame, method: str) -> None:
    f = efa(planted, ITEMS, 3, method=method)
    prim = np.argmax(np.abs(f.loadings), axis=1)
    groups = [set(prim[i : i + 4]) for i in range(0, 12, 4)]
    assert all(len(g) == 1 for g in groups)
    assert len({next(iter(g)) for g in groups}) == 3
    assert f.parallel is not None
    assert f.parallel.nfactors == 3


def test_promax_keeps_the_structure(unrotated: np.ndarray) -> None:
    p = promax(unrotated)
    assert p.loadings.shape == unrotated.shape
    assert np.allclose(np.diag(p.phi), 1.0)


def test_pairwise_correlations_with_missing_answers_are_rs_cor_pairwise(
    planted: pd.DataFrame,
) -> None:
    from serviq.survey.moments import pairwise_corr

    df = planted[ITEMS].copy()
    df.iloc[::4, 0] = np.nan
    df.iloc[1::5, 5] = np.nan
    R, n = pairwise_corr(df.to_numpy(), "pairwise")
    assert n == len(df)
    # pandas' pairwise corr uses each pair's own means and sds, as R's cor(use = "pairwise")
    assert np.allclose(R, df.corr().to_numpy(), atol=1e-12)
    R_list, n_list = pairwise_corr(df.to_numpy(), "listwise")
    assert n_list == len(df.dropna())
    assert np.allclose(R_list, df.dropna().corr().to_numpy(), atol=1e-12)


def test_a_constant_item_is_named_by_efa_and_omega() -> None:
    from serviq.errors import InvalidInput
    from serviq.survey.efa import efa
    from serviq.survey.omega import omega

    rng = np.random.default_rng(3)
    df = pd.DataFrame(rng.integers(1, 6, size=(60, 6)).astype(float), columns=list("abcdef"))
    df["d"] = 0.1  # constant, and not exactly representable
    with pytest.raises(InvalidInput, match="d has no variance"):
        efa(df, list(df.columns), 2)
    with pytest.raises(InvalidInput, match="d has no variance"):
        omega(df, list(df.columns), 2)
    df.loc[3, "a"] = np.nan  # the pairwise path too
    with pytest.raises(InvalidInput, match="d has no variance"):
        efa(df, list(df.columns), 2)


def test_parallel_analysis_refuses_fewer_respondents_than_items() -> None:
    from serviq.errors import InvalidInput
    from serviq.survey.efa import parallel_analysis

    with pytest.raises(InvalidInput, match="at least 7 respondents"):
        parallel_analysis(np.eye(6), 5)
