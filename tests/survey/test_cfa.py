from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from serviq.errors import InvalidInput
from serviq.survey.cfa import fit_cfa
from serviq.survey.modelspec import parse_model

HS = Path(__file__).parent.parent / "reference" / "data" / "holzinger_swineford_1939.csv"


def _two_factor(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    f = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1]], size=n)
    lam = np.array([[0.8, 0], [0.7, 0], [0.6, 0], [0, 0.8], [0, 0.7], [0, 0.6]])
    x = f @ lam.T + rng.normal(scale=0.6, size=(n, 6))
    return pd.DataFrame(x, columns=[f"i{k}" for k in range(1, 7)])


def test_a_true_model_fits_well_and_recovers_the_loadings() -> None:
    res = fit_cfa(_two_factor(), parse_model("A =~ i1 + i2 + i3\nB =~ i4 + i5 + i6"))
    assert res.converged
    assert res.df == 8
    assert res.cfi > 0.98
    assert res.rmsea < 0.05
    assert 0 <= res.srmr < 0.05
    assert res.factor_correlations.loc["A", "B"] == pytest.approx(0.4 / 1, abs=0.12)
    for f in ("A", "B"):
        assert 0 <= res.ave[f] <= 1
        assert 0 <= res.cr[f] <= 1


def test_a_residual_covariance_adds_a_parameter() -> None:
    d = pd.read_csv(HS)
    base = fit_cfa(
        d, parse_model("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9")
    )
    more = fit_cfa(
        d,
        parse_model(
            "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx7 ~~ x8"
        ),
    )
    assert more.npar == base.npar + 1
    assert more.df == base.df - 1
    assert more.chisq < base.chisq


def test_orthogonal_factors_by_fixing_their_covariance() -> None:
    d = pd.read_csv(HS)
    res = fit_cfa(
        d, parse_model("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~~ 0*textual")
    )
    assert res.factor_correlations.loc["visual", "textual"] == 0
    assert res.npar == 12


def test_fixing_a_factor_variance_frees_the_marker() -> None:
    d = pd.read_csv(HS)
    marker = fit_cfa(d, parse_model("textual =~ x4 + x5 + x6"))
    stdlv = fit_cfa(d, parse_model("textual =~ x4 + x5 + x6\ntextual ~~ 1*textual"))
    assert stdlv.npar == marker.npar
    assert stdlv.chisq == pytest.approx(marker.chisq, abs=1e-6)
    for item in ("x4", "x5", "x6"):
        assert stdlv.loadings["textual"][item] == pytest.approx(
            marker.loadings["textual"][item], abs=1e-6
        )


def test_it_names_missing_columns() -> None:
    with pytest.raises(InvalidInput, match="columns not in the data: zz"):
        fit_cfa(pd.read_csv(HS), parse_model("f =~ x1 + x2 + zz"))


def test_it_refuses_paths_and_underidentified_models() -> None:
    with pytest.raises(InvalidInput, match="pls"):
        fit_cfa(pd.read_csv(HS), parse_model("f =~ x1 + x2 + x3\nf ~ x4"))
    with pytest.raises(InvalidInput, match="at least two indicators"):
        fit_cfa(pd.read_csv(HS), parse_model("f =~ x1"))
