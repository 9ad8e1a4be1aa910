from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from serviq.errors import InvalidInput
from serviq.survey.modelspec import parse_model
from serviq.survey.pls import PlsModel, fit_pls

MOBI = Path(__file__).parent.parent / "reference" / "data" / "mobi.csv"
ECSI = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation  =~ CUEX1 + CUEX2 + CUEX3
Quality      =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7
Value        =~ PERV1 + PERV2
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Complaints   =~ CUSCO
Loyalty      =~ CUSL1 + CUSL2 + CUSL3
Expectation  ~ Image
Quality      ~ Expectation
Value        ~ Expectation + Quality
Satisfaction ~ Image + Expectation + Quality + Value
Complaints   ~ Satisfaction
Loyalty      ~ Image + Satisfaction + Complaints
"""


@pytest.fixture(scope="module")
def ecsi() -> tuple[pd.DataFrame, PlsModel]:
    return pd.read_csv(MOBI), PlsModel.from_spec(parse_model(ECSI))


def test_the_full_ecsi_model_estimates_sensible_values(ecsi: tuple[pd.DataFrame, PlsModel]) -> None:
    data, model = ecsi
    res = fit_pls(data, model)
    assert set(res.r2) == {
        "Expectation",
        "Quality",
        "Value",
        "Satisfaction",
        "Complaints",
        "Loyalty",
    }
    for c in res.r2:
        assert 0 <= res.adj_r2[c] <= res.r2[c] <= 1
    for c in model.constructs:
        assert 0 <= res.AVE[c] <= 1
        assert 0 <= res.rhoC[c] <= 1
    # a single-item construct: its loading is 1 and its reliabilities are 1
    assert res.loadings["Complaints"]["CUSCO"] == pytest.approx(1.0)
    assert res.rhoA["Complaints"] == 1.0
    # scores are standardised
    assert res.scores.std(ddof=1).to_numpy() == pytest.approx(np.ones(7))


def test_the_bootstrap_is_seeded_and_its_interval_holds_the_estimate(
    ecsi: tuple[pd.DataFrame, PlsModel],
) -> None:
    data, model = ecsi
    a = fit_pls(data, model, nboot=60, seed=7)
    b = fit_pls(data, model, nboot=60, seed=7)
    pd.testing.assert_frame_equal(a.paths, b.paths)
    strong = a.paths[a.paths["coef"].abs() > 0.3]
    assert ((strong["ci_lower"] <= strong["coef"]) & (strong["coef"] <= strong["ci_upper"])).all()
    assert a.loadings_ci is not None
    assert len(a.loadings_ci) == len(model.items)


def test_it_refuses_cycles_and_unmeasured_constructs() -> None:
    with pytest.raises(InvalidInput, match="cycle"):
        PlsModel.from_spec(parse_model("A =~ a1 + a2\nB =~ b1 + b2\nA ~ B\nB ~ A"))
    with pytest.raises(InvalidInput, match="no measurement"):
        PlsModel.from_spec(parse_model("A =~ a1 + a2\nA ~ C"))
    with pytest.raises(InvalidInput, match="no structural path"):
        PlsModel.from_spec(parse_model("A =~ a1 + a2"))


def test_the_inner_schemes_agree_closely_and_an_unknown_one_is_refused(
    ecsi: tuple[pd.DataFrame, PlsModel],
) -> None:
    data, model = ecsi
    coefs = {
        s: fit_pls(data, model, scheme=s).paths["coef"].to_numpy()
        for s in ("path", "factorial", "centroid")
    }
    # Known result (Noonan & Wold 1982; Henseler 2010): the scheme barely matters.
    assert coefs["factorial"] == pytest.approx(coefs["path"], abs=0.02)
    assert coefs["centroid"] == pytest.approx(coefs["path"], abs=0.02)
    with pytest.raises(InvalidInput, match="allowed: path, factorial, centroid"):
        fit_pls(data, model, scheme="horst")


def test_missing_answers_are_dropped_or_mean_replaced(ecsi: tuple[pd.DataFrame, PlsModel]) -> None:
    data, model = ecsi
    holes = data.copy()
    holes.loc[:9, "IMAG1"] = np.nan
    assert fit_pls(holes, model).n == 240
    filled = fit_pls(holes, model, missing="mean")
    assert filled.n == 250
    assert filled.r2["Satisfaction"] == pytest.approx(
        fit_pls(data, model).r2["Satisfaction"], abs=0.02
    )
    with pytest.raises(InvalidInput, match="allowed: listwise, mean"):
        fit_pls(holes, model, missing="pairwise")
