"""CFA against lavaan's tutorial model on HolzingerSwineford1939, to the printed precision.

Source: the lavaan tutorial, "A CFA example", https://lavaan.ugent.be/tutorial/cfa.html
(model and call); the printed ``summary(fit, fit.measures = TRUE)`` output of lavaan 0.6-20
for the same call is reproduced verbatim in lavaanExtra's reference page for
``write_lavaan()`` (https://lavaanextra.remi-theriault.com/reference/write_lavaan.html),
and the ``standardized = TRUE`` columns (Std.all) in
https://r-statistics.co/CFA-and-Structural-Equation-Modeling-in-R.html. R call::

    library(lavaan)
    HS.model <- ' visual  =~ x1 + x2 + x3
                  textual =~ x4 + x5 + x6
                  speed   =~ x7 + x8 + x9 '
    fit <- cfa(HS.model, data = HolzingerSwineford1939)
    summary(fit, fit.measures = TRUE, standardized = TRUE)

Data: tests/reference/data/holzinger_swineford_1939.csv (see README.md there).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.survey.cfa import CfaResult, fit_cfa
from serviq.survey.modelspec import parse_model

DATA = Path(__file__).parent / "data" / "holzinger_swineford_1939.csv"
HS_MODEL = """
visual  =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
"""


@pytest.fixture(scope="module")
def fit() -> CfaResult:
    return fit_cfa(pd.read_csv(DATA), parse_model(HS_MODEL))


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("chisq", 85.306),
        ("baseline_chisq", 918.852),
        ("cfi", 0.931),
        ("tli", 0.896),
        ("logl", -3737.745),
        ("unrestricted_logl", -3695.092),
        ("aic", 7517.490),
        ("bic", 7595.339),
        ("rmsea", 0.092),
        ("rmsea_ci_lower", 0.071),
        ("rmsea_ci_upper", 0.114),
        ("rmsea_pvalue", 0.001),
        ("srmr", 0.065),
        ("pvalue", 0.000),
    ],
)
def test_fit_measures_match_lavaan(fit: CfaResult, name: str, printed: float) -> None:
    assert round(getattr(fit, name), 3) == pytest.approx(printed, abs=1e-9)


def test_counts_match_lavaan(fit: CfaResult) -> None:
    assert (fit.n, fit.npar, fit.df, fit.baseline_df) == (301, 21, 24, 36)
    assert fit.converged


def test_unstandardised_estimates_match_lavaan(fit: CfaResult) -> None:
    est = {(r.lhs, r.op, r.rhs): r.est for r in fit.estimates.itertuples()}
    printed = {
        ("visual", "=~", "x2"): 0.554,
        ("visual", "=~", "x3"): 0.729,
        ("textual", "=~", "x5"): 1.113,
        ("textual", "=~", "x6"): 0.926,
        ("speed", "=~", "x8"): 1.180,
        ("speed", "=~", "x9"): 1.082,
        ("visual", "~~", "textual"): 0.408,
        ("visual", "~~", "speed"): 0.262,
        ("textual", "~~", "speed"): 0.173,
        ("x1", "~~", "x1"): 0.549,
        ("x2", "~~", "x2"): 1.134,
        ("x9", "~~", "x9"): 0.566,
        ("visual", "~~", "visual"): 0.809,
        ("textual", "~~", "textual"): 0.979,
        ("speed", "~~", "speed"): 0.384,
    }
    for key, value in printed.items():
        assert round(est[key], 3) == pytest.approx(value, abs=1e-9), key


def test_standardised_loadings_match_lavaan_std_all(fit: CfaResult) -> None:
    printed = {
        "visual": {"x1": 0.772, "x2": 0.424, "x3": 0.581},
        "textual": {"x4": 0.852, "x5": 0.855, "x6": 0.838},
        "speed": {"x7": 0.570, "x8": 0.723, "x9": 0.665},
    }
    for factor, items in printed.items():
        for item, value in items.items():
            assert round(fit.loadings[factor][item], 3) == pytest.approx(value, abs=1e-9)


def test_cr_and_ave_follow_from_the_std_loadings(fit: CfaResult) -> None:
    # AVE and CR (Fornell & Larcker 1981) from lavaan's printed std.all of textual.
    lam = [0.852, 0.855, 0.838]
    assert fit.ave["textual"] == pytest.approx(sum(x * x for x in lam) / 3, abs=2e-3)
    s = sum(lam) ** 2
    assert fit.cr["textual"] == pytest.approx(s / (s + sum(1 - x * x for x in lam)), abs=2e-3)


def test_standard_errors_and_z_values_match_lavaan(fit: CfaResult) -> None:
    # Std.Err and z-value columns of the same printed summary (expected information).
    printed = {
        ("visual", "=~", "x2"): (0.100, 5.554),
        ("visual", "=~", "x3"): (0.109, 6.685),
        ("textual", "=~", "x5"): (0.065, 17.014),
        ("textual", "=~", "x6"): (0.055, 16.703),
        ("speed", "=~", "x8"): (0.165, 7.152),
        ("speed", "=~", "x9"): (0.151, 7.155),
        ("visual", "~~", "textual"): (0.074, 5.552),
        ("visual", "~~", "speed"): (0.056, 4.660),
        ("textual", "~~", "speed"): (0.049, 3.518),
        ("x1", "~~", "x1"): (0.114, 4.833),
        ("x2", "~~", "x2"): (0.102, 11.146),
        ("x3", "~~", "x3"): (0.091, 9.317),
        ("x4", "~~", "x4"): (0.048, 7.779),
        ("x5", "~~", "x5"): (0.058, 7.642),
        ("x6", "~~", "x6"): (0.043, 8.277),
        ("x7", "~~", "x7"): (0.081, 9.823),
        ("x8", "~~", "x8"): (0.074, 6.573),
        ("x9", "~~", "x9"): (0.071, 8.003),
        ("visual", "~~", "visual"): (0.145, 5.564),
        ("textual", "~~", "textual"): (0.112, 8.737),
        ("speed", "~~", "speed"): (0.086, 4.451),
    }
    rows = {(r.lhs, r.op, r.rhs): r for r in fit.estimates.itertuples()}
    for key, (se, z) in printed.items():
        assert round(rows[key].se, 3) == pytest.approx(se, abs=1e-9), key
        assert round(rows[key].z, 3) == pytest.approx(z, abs=1e-9), key
    assert pd.isna(rows[("visual", "=~", "x1")].se)  # the fixed marker has none
