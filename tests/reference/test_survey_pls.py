"""PLS path model against R seminr on its ``mobi`` data (ECSI mobile-phone survey).

Source: seminr's own test suite, sem-in-r/seminr on GitHub, which stores the output of
seminr 3.6 for this model as fixtures:

- ``tests/testthat/test-summary.R`` (the model and calls below) with
  ``tests/fixtures/V_3_6_0/reliability.csv`` (``summary(seminr_model)$reliability``:
  alpha, rhoC, AVE, rhoA), ``tests/fixtures/V_3_6_0/boot_report_paths.csv``,
  ``boot_report_loadings.csv`` and ``boot_report_htmt.csv`` (column "Original Est.");
- ``tests/testthat/test-rsquared.R`` (``estimate_pls(mobi, mobi_mm, mobi_sm)``) with
  ``tests/fixtures/V_3_6_0/rsquared1.csv`` (Rsq, AdjRsq);
- ``tests/testthat/test-inner_weighting.R`` with ``tests/fixtures/V_3_5_X/inner_weights_weights.csv``
  (``seminr_model$outer_weights``, path weighting) and
  ``tests/fixtures/V_3_6_0/factorial_coefficients.csv`` (``seminr_model$path_coef`` with
  ``inner_weights = path_factorial``).

The fixtures print 15 significant digits; seminr's own tests compare them with tolerance
1e-5, and so do we. R call::

    library(seminr)
    mobi_mm <- constructs(
      composite("Image",        multi_items("IMAG", 1:5), weights = mode_A),
      composite("Expectation",  multi_items("CUEX", 1:3), weights = mode_A),
      composite("Value",        multi_items("PERV", 1:2), weights = mode_A),
      composite("Satisfaction", multi_items("CUSA", 1:3), weights = mode_A))
    mobi_sm <- relationships(
      paths(to = "Satisfaction", from = c("Image", "Expectation", "Value")))
    seminr_model <- estimate_pls(mobi, mobi_mm, mobi_sm, inner_weights = path_weighting)
    summary(seminr_model)$reliability

Data: tests/reference/data/mobi.csv (see README.md there).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.survey.modelspec import parse_model
from serviq.survey.pls import PlsModel, PlsResult, fit_pls

DATA = Path(__file__).parent / "data" / "mobi.csv"
MODEL = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation  =~ CUEX1 + CUEX2 + CUEX3
Value        =~ PERV1 + PERV2
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Satisfaction ~ Image + Expectation + Value
"""
TOL = 1e-5


@pytest.fixture(scope="module")
def fit() -> PlsResult:
    return fit_pls(pd.read_csv(DATA), PlsModel.from_spec(parse_model(MODEL)))


RELIABILITY = {  # fixtures/V_3_6_0/reliability.csv
    "Image": (0.722834595427083, 0.818325774056256, 0.477979834838268, 0.745291554480322),
    "Expectation": (0.451902555978063, 0.733177801505283, 0.480507046633952, 0.461657986928213),
    "Value": (0.823631979352573, 0.917897281748515, 0.84831067540365, 0.857527048393235),
    "Satisfaction": (0.779195021918597, 0.871457927643628, 0.693363990925202, 0.784023593590752),
}


@pytest.mark.parametrize("construct", list(RELIABILITY))
def test_reliability_matches_seminr(fit: PlsResult, construct: str) -> None:
    alpha, rhoc, ave, rhoa = RELIABILITY[construct]
    assert fit.alpha[construct] == pytest.approx(alpha, abs=TOL)
    assert fit.rhoC[construct] == pytest.approx(rhoc, abs=TOL)
    assert fit.AVE[construct] == pytest.approx(ave, abs=TOL)
    assert fit.rhoA[construct] == pytest.approx(rhoa, abs=TOL)


def test_paths_match_seminr(fit: PlsResult) -> None:
    printed = {  # fixtures/V_3_6_0/boot_report_paths.csv, "Original Est."
        "Image": 0.447003896753384,
        "Expectation": 0.171830104491587,
        "Value": 0.316425319256027,
    }
    got = {r["from"]: r["coef"] for r in fit.paths.to_dict(orient="records")}
    for k, v in printed.items():
        assert got[k] == pytest.approx(v, abs=TOL)


def test_r2_matches_seminr(fit: PlsResult) -> None:
    # fixtures/V_3_6_0/rsquared1.csv
    assert fit.r2["Satisfaction"] == pytest.approx(0.590603320426892, abs=TOL)
    assert fit.adj_r2["Satisfaction"] == pytest.approx(0.585610677993074, abs=TOL)


def test_loadings_match_seminr(fit: PlsResult) -> None:
    printed = {  # fixtures/V_3_6_0/boot_report_loadings.csv, "Original Est."
        ("Image", "IMAG1"): 0.763199100938388,
        ("Image", "IMAG2"): 0.598825742061012,
        ("Image", "IMAG3"): 0.561373435201574,
        ("Image", "IMAG4"): 0.769170608201221,
        ("Image", "IMAG5"): 0.73625435746935,
        ("Expectation", "CUEX1"): 0.761524665395569,
        ("Expectation", "CUEX2"): 0.710214472518845,
        ("Expectation", "CUEX3"): 0.597659373657607,
        ("Value", "PERV1"): 0.901400554962628,
        ("Value", "PERV2"): 0.940265063862508,
        ("Satisfaction", "CUSA1"): 0.804053676874835,
        ("Satisfaction", "CUSA2"): 0.842878555812946,
        ("Satisfaction", "CUSA3"): 0.850379560919916,
    }
    for (c, item), v in printed.items():
        assert fit.loadings[c][item] == pytest.approx(v, abs=TOL)


def test_htmt_matches_seminr(fit: PlsResult) -> None:
    printed = {  # fixtures/V_3_6_0/boot_report_htmt.csv, "Original Est."
        ("Image", "Expectation"): 0.88803042750925,
        ("Image", "Satisfaction"): 0.910100923782741,
        ("Image", "Value"): 0.651659392487802,
        ("Expectation", "Satisfaction"): 0.865108193553153,
        ("Expectation", "Value"): 0.588628982316289,
        ("Satisfaction", "Value"): 0.740808927759395,
    }
    for (a, b), v in printed.items():
        assert fit.htmt.loc[a, b] == pytest.approx(v, abs=TOL)


def test_outer_weights_match_seminr(fit: PlsResult) -> None:
    printed = {  # fixtures/V_3_5_X/inner_weights_weights.csv
        ("Image", "IMAG1"): 0.331565496837403,
        ("Image", "IMAG2"): 0.253381407777625,
        ("Image", "IMAG3"): 0.19957423850573,
        ("Image", "IMAG4"): 0.330983162965217,
        ("Image", "IMAG5"): 0.310490528776397,
        ("Expectation", "CUEX1"): 0.505837721216892,
        ("Expectation", "CUEX2"): 0.49867124599148,
        ("Expectation", "CUEX3"): 0.43608211325906,
        ("Value", "PERV1"): 0.476812933927711,
        ("Value", "PERV2"): 0.606425335428161,
        ("Satisfaction", "CUSA1"): 0.387272947521168,
        ("Satisfaction", "CUSA2"): 0.373939896289369,
        ("Satisfaction", "CUSA3"): 0.439128431593844,
    }
    for (c, item), v in printed.items():
        assert fit.weights[c][item] == pytest.approx(v, abs=TOL)


def test_factorial_scheme_paths_match_seminr() -> None:
    # estimate_pls(mobi, mobi_mm, interactions = NULL, mobi_sm, inner_weights = path_factorial)
    res = fit_pls(pd.read_csv(DATA), PlsModel.from_spec(parse_model(MODEL)), scheme="factorial")
    printed = {  # fixtures/V_3_6_0/factorial_coefficients.csv, column Satisfaction
        "Image": 0.446873985519376,
        "Expectation": 0.172941539187286,
        "Value": 0.315219423208024,
    }
    got = {r["from"]: r["coef"] for r in res.paths.to_dict(orient="records")}
    for k, v in printed.items():
        assert got[k] == pytest.approx(v, abs=TOL)
