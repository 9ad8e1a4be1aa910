"""CFA with correlated residuals against lavaan's printed standardised solution (std.all).

Source: Rosseel, Y., the lavaan tutorial, "A structural equation model" (PoliticalDemocracy,
Bollen 1989), https://lavaan.ugent.be/tutorial/sem.html; the printed output of
``summary(fit, standardized = TRUE)`` (lavaan 0.5-13) as stored in the tutorial's source,
file ``tutorial.src/sem.tex`` of the repository yrosseel/lavaan.org.old. R call::

    library(lavaan)
    model <- '
      ind60 =~ x1 + x2 + x3
      dem60 =~ y1 + y2 + y3 + y4
      dem65 =~ y5 + y6 + y7 + y8
      dem60 ~ ind60
      dem65 ~ ind60 + dem60
      y1 ~~ y5
      y2 ~~ y4 + y6
      y3 ~~ y7
      y4 ~~ y8
      y6 ~~ y8 '
    fit <- sem(model, data = PoliticalDemocracy)
    summary(fit, standardized = TRUE)

serviq fits CFA models only, so the test fits the same measurement model with the three
factor covariances free instead of the two regressions. The tutorial's structural part is
saturated (three latents, three paths: dem60 ~ ind60, dem65 ~ ind60 + dem60), so both
models imply the same Σ with the same number of parameters (df = 35): χ², loadings, residual
(co)variances and their std.all values are identical, and only the latent part is
parametrised differently (paths vs covariances), which the test does not compare.

Data: tests/reference/data/political_democracy.csv (see README.md there).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.survey.cfa import CfaResult, fit_cfa
from serviq.survey.modelspec import parse_model

DATA = Path(__file__).parent / "data" / "political_democracy.csv"
MODEL = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""

# (lhs, rhs): (Estimate, Std.all) as printed under "Covariances:" and "Variances:".
PRINTED_RESIDUALS = {
    ("y1", "y5"): (0.624, 0.296),
    ("y2", "y4"): (1.313, 0.273),
    ("y2", "y6"): (2.153, 0.356),
    ("y3", "y7"): (0.795, 0.191),
    ("y4", "y8"): (0.348, 0.109),
    ("y6", "y8"): (1.356, 0.338),
    ("x1", "x1"): (0.082, 0.154),
    ("x2", "x2"): (0.120, 0.053),
    ("x3", "x3"): (0.467, 0.239),
    ("y1", "y1"): (1.891, 0.277),
    ("y2", "y2"): (7.373, 0.486),
    ("y3", "y3"): (5.067, 0.478),
    ("y4", "y4"): (3.148, 0.285),
    ("y5", "y5"): (2.351, 0.347),
    ("y6", "y6"): (4.954, 0.443),
    ("y7", "y7"): (3.431, 0.322),
    ("y8", "y8"): (3.254, 0.315),
}

# factor: indicator: (Estimate, Std.all) as printed under "Latent variables:".
PRINTED_LOADINGS = {
    "ind60": {"x1": (1.000, 0.920), "x2": (2.180, 0.973), "x3": (1.819, 0.872)},
    "dem60": {
        "y1": (1.000, 0.850),
        "y2": (1.257, 0.717),
        "y3": (1.058, 0.722),
        "y4": (1.265, 0.846),
    },
    "dem65": {
        "y5": (1.000, 0.808),
        "y6": (1.186, 0.746),
        "y7": (1.280, 0.824),
        "y8": (1.266, 0.828),
    },
}


@pytest.fixture(scope="module")
def fit() -> CfaResult:
    return fit_cfa(pd.read_csv(DATA), parse_model(MODEL))


def _rows(fit: CfaResult) -> dict[tuple[str, str, str], object]:
    return {(r.lhs, r.op, r.rhs): r for r in fit.estimates.itertuples()}


def test_chisq_and_df_match_the_printed_model_test(fit: CfaResult) -> None:
    # "Minimum Function Test Statistic 38.125, Degrees of freedom 35, P-value 0.329".
    assert (fit.n, fit.df) == (75, 35)
    assert round(fit.chisq, 3) == pytest.approx(38.125, abs=1e-9)
    assert round(fit.pvalue, 3) == pytest.approx(0.329, abs=1e-9)
    assert fit.converged


def test_residual_covariances_are_standardised_by_the_residual_variances(fit: CfaResult) -> None:
    rows = _rows(fit)
    for (a, b), (est, std_all) in PRINTED_RESIDUALS.items():
        row = rows[(a, "~~", b)]
        assert round(row.est, 3) == pytest.approx(est, abs=1e-9), (a, b)  # type: ignore[attr-defined]
        assert round(row.std_all, 3) == pytest.approx(std_all, abs=1e-9), (a, b)  # type: ignore[attr-defined]


def test_a_residual_correlation_is_not_scaled_by_the_total_variances(fit: CfaResult) -> None:
    # The regression of finding 8: θ_15 / √(σ_11 σ_55) ≈ 0.09 is not lavaan's 0.296.
    rows = _rows(fit)
    r = rows[("y1", "~~", "y5")]
    t1, t5 = rows[("y1", "~~", "y1")], rows[("y5", "~~", "y5")]
    assert r.std_all == pytest.approx(r.est / (t1.est * t5.est) ** 0.5, rel=1e-12)  # type: ignore[attr-defined]
    # total variances via 1 − R²: σ_ii = θ_ii / std.all(θ_ii)
    by_total = r.est / ((t1.est / t1.std_all) * (t5.est / t5.std_all)) ** 0.5  # type: ignore[attr-defined]
    assert by_total < 0.1 < 0.29 < r.std_all  # type: ignore[attr-defined]


def test_loadings_and_their_std_all_match_lavaan(fit: CfaResult) -> None:
    rows = _rows(fit)
    for factor, items in PRINTED_LOADINGS.items():
        for item, (est, std_all) in items.items():
            assert round(rows[(factor, "=~", item)].est, 3) == pytest.approx(est, abs=1e-9)  # type: ignore[attr-defined]
            assert round(fit.loadings[factor][item], 3) == pytest.approx(std_all, abs=1e-9)


def test_exogenous_factor_variance_matches_and_factor_std_all_are_correlations(
    fit: CfaResult,
) -> None:
    rows = _rows(fit)
    # ind60 is exogenous in both parametrisations: "ind60 0.448 … Std.all 1.000".
    ind60 = rows[("ind60", "~~", "ind60")]
    assert round(ind60.est, 3) == pytest.approx(0.448, abs=1e-9)  # type: ignore[attr-defined]
    assert ind60.std_all == pytest.approx(1.0, abs=1e-12)  # type: ignore[attr-defined]
    # A factor covariance's std.all is the factor correlation, in [-1, 1] and equal to
    # the factor_correlations table.
    cov = rows[("ind60", "~~", "dem60")]
    assert cov.std_all == pytest.approx(fit.factor_correlations.loc["dem60", "ind60"], rel=1e-12)  # type: ignore[attr-defined]
    assert -1 <= cov.std_all <= 1  # type: ignore[attr-defined]
