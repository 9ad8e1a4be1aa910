"""Validation statistics of the SME scorecard against printed output and independent code.

- Logistic regression: R ``glm(vs ~ wt + disp, data = mtcars, family = binomial)`` as
  printed by D. Lillis, "Generalized Linear Models in R, Part 2: Understanding Model Fit in
  Logistic Regression Output" (The Analysis Factor): intercept 1.60859 (SE 2.43903), wt
  1.62635 (1.49068), disp −0.03443 (0.01536), residual deviance 21.40 on 29 df.
- Hosmer–Lemeshow, same model: R ResourceSelection's ``hoslem.test(mtcars$vs,
  fitted(model))`` (g = 10; its grouping: ``cut(yhat, quantile(yhat, seq(0, 1, 0.1)),
  include.lowest = TRUE)``, χ² over both columns of the 10 × 2 table, df = g − 2), the
  follow-up step of R tutorials on this model, gives X-squared = 6.4717, df = 8,
  p-value = 0.5945.
- Hosmer–Lemeshow from a grouped table: the observed/expected table printed with
  ``hoslem.test(mod$y, fitted(mod))`` in tecdat's "Hosmer-Lemeshow 拟合优度检验" (blog.51cto.com,
  after J. Bartlett's post on the test) gives X-squared = 7.4866, df = 8, p-value = 0.4851.
- AUC: scikit-learn's ``roc_auc_score`` documentation example, y = [0, 0, 1, 1],
  scores = [0.1, 0.4, 0.35, 0.8] → 0.75.
- KS: SciPy's ``ks_2samp`` statistic (an independent implementation) on the breast-cancer
  "mean radius" of the two diagnoses.
- PSI: the symmetrised Kullback–Leibler divergence, J(a, e) = KL(a‖e) + KL(e‖a), computed with
  SciPy's ``entropy`` (PSI is that divergence; Yurdakul 2018, "Statistical properties of the
  population stability index").
- Scaling: Siddiqi (2006), *Credit Risk Scorecards*, ch. 6: 600 points at odds 50:1 with
  20 points to double the odds gives Factor = 28.8539 and Offset = 487.123.
- DeLong: the covariance of two correlated AUCs written out from DeLong, DeLong &
  Clarke-Pearson (1988), eq. for the kernel ψ(X, Y) over all event × non-event pairs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from serviq.sme.scorecard import Scaling, logistic_regression
from serviq.sme.validation import (
    auc,
    delong_auc_difference,
    delong_variance,
    gini,
    hosmer_lemeshow,
    hosmer_lemeshow_of_groups,
    ks,
    psi,
    psi_of_shares,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def mtcars() -> pd.DataFrame:
    return pd.read_csv(DATA / "mtcars.csv")


def test_logistic_regression_matches_r_glm(mtcars: pd.DataFrame) -> None:
    fit = logistic_regression(mtcars[["wt", "disp"]].to_numpy(), mtcars["vs"], ["wt", "disp"])
    assert fit.coef == pytest.approx((1.60859, 1.62635, -0.03443), abs=5e-6)
    assert fit.se == pytest.approx((2.43903, 1.49068, 0.01536), abs=5e-6)
    assert fit.deviance == pytest.approx(21.40, abs=5e-3)


def test_hosmer_lemeshow_matches_resourceselection(mtcars: pd.DataFrame) -> None:
    x = mtcars[["wt", "disp"]].to_numpy()
    fit = logistic_regression(x, mtcars["vs"])
    p = 1 / (1 + np.exp(-fit.linear(x)))
    hl = hosmer_lemeshow(mtcars["vs"], p)
    assert hl.chisq == pytest.approx(6.4717, abs=5e-5)
    assert hl.df == 8
    assert hl.pvalue == pytest.approx(0.5945, abs=5e-5)


def test_hosmer_lemeshow_of_a_printed_grouped_table() -> None:
    table = np.array([
        (8, 2, 8.259898, 1.740102), (7, 3, 7.485661, 2.514339), (7, 3, 6.968185, 3.031815),
        (8, 2, 6.194245, 3.805755), (5, 5, 5.510363, 4.489637), (4, 6, 4.983951, 5.016049),
        (5, 5, 4.521086, 5.478914), (2, 8, 3.833244, 6.166756), (6, 4, 3.285271, 6.714729),
        (1, 9, 1.958095, 8.041905),
    ])  # fmt: skip  # y0, y1, yhat0, yhat1
    chisq, df, p = hosmer_lemeshow_of_groups(table[:, 1], table[:, 0], table[:, 3], table[:, 2])
    assert chisq == pytest.approx(7.4866, abs=5e-5)
    assert df == 8
    assert p == pytest.approx(0.4851, abs=5e-5)


def test_auc_and_gini_match_scikit_learn_docs() -> None:
    assert auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75, abs=1e-15)
    assert gini([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.5, abs=1e-15)


def test_ks_matches_scipy_ks_2samp() -> None:
    df = pd.read_csv(DATA / "breast_cancer_mean_radius.csv")
    x, y = df["mean_radius"].to_numpy(), df["target"].to_numpy()
    expected = stats.ks_2samp(x[y == 1], x[y == 0]).statistic
    assert ks(y, x) == pytest.approx(expected, abs=1e-15)


def test_psi_is_the_symmetrised_kullback_leibler_divergence() -> None:
    e = np.array([0.10, 0.15, 0.25, 0.30, 0.20])
    a = np.array([0.08, 0.12, 0.22, 0.33, 0.25])
    expected = stats.entropy(a, e) + stats.entropy(e, a)
    assert psi_of_shares(e, a) == pytest.approx(expected, rel=1e-12)
    rng = np.random.default_rng(3)
    same = rng.normal(size=5000)
    assert psi(same, same) == 0.0
    assert psi(same, rng.normal(0.5, 1, size=5000)) > 0.1


def test_siddiqi_scaling() -> None:
    s = Scaling(base_score=600, base_odds=50, pdo=20)
    assert s.factor == pytest.approx(28.8539, abs=5e-5)
    assert s.offset == pytest.approx(487.123, abs=5e-4)


def _delong_by_pairs(y: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The 2×2 covariance of two AUCs from the kernel ψ over all pairs (O(n₁·n₀))."""
    comps10, comps01 = [], []
    for s in (a, b):
        pos, neg = s[y == 1], s[y == 0]
        psi_ = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
        comps10.append(psi_.mean(axis=1))
        comps01.append(psi_.mean(axis=0))
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    return np.cov(np.vstack(comps10)) / n1 + np.cov(np.vstack(comps01)) / n0


def test_delong_matches_the_pairwise_definition() -> None:
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, size=300)
    a = y * 1.0 + rng.normal(size=300)
    b = np.round(y * 0.6 + rng.normal(size=300), 1)  # ties
    cov = _delong_by_pairs(y, a, b)
    res = delong_auc_difference(y, a, b)
    assert res.se**2 == pytest.approx(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1], rel=1e-12)
    assert delong_variance(y, b) == pytest.approx(cov[1, 1], rel=1e-12)
    assert res.difference == pytest.approx(auc(y, a) - auc(y, b), abs=1e-15)
    assert res.ci[0] < res.difference < res.ci[1]
