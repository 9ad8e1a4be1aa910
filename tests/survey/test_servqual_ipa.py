from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from serviq.errors import InvalidInput
from serviq.survey.ipa import ipa
from serviq.survey.servqual import parse_pairs, servqual


def _survey(n: int = 60, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    e = rng.integers(4, 6, size=(n, 4))
    p = np.clip(e - rng.integers(0, 2, size=(n, 4)) * np.array([1, 1, 0, 0]), 1, 5)
    return pd.DataFrame(np.hstack([e, p]), columns=["E1", "E2", "E3", "E4", "P1", "P2", "P3", "P4"])


def test_gaps_and_tests_per_item_agree_with_scipy() -> None:
    df = _survey()
    res = servqual(
        df, parse_pairs("E1:P1:reliability,E2:P2:reliability,E3:P3:empathy,E4:P4:empathy")
    )
    row = res.items.set_index("item").loc["P1"]
    t = stats.ttest_rel(df["P1"], df["E1"])
    assert row["gap"] == pytest.approx((df["P1"] - df["E1"]).mean())
    assert row["pvalue"] == pytest.approx(t.pvalue)
    assert row["n"] == 60
    dims = res.dimensions.set_index("dimension")
    assert dims.loc["reliability", "gap"] < 0
    assert dims.loc["empathy", "gap"] == 0
    assert np.isnan(dims.loc["empathy", "pvalue"])  # no differences at all: no test
    assert res.overall_gap == pytest.approx(dims["gap"].mean())


def test_each_item_uses_its_complete_pairs() -> None:
    df = _survey()
    df.loc[:9, "P1"] = np.nan
    res = servqual(df, parse_pairs("E1:P1,E2:P2"))
    assert res.items.set_index("item").loc["P1", "n"] == 50
    assert res.dimensions.loc[0, "n"] == 60


def test_bad_pairs_are_refused() -> None:
    with pytest.raises(InvalidInput, match="EXPECTATION:PERCEPTION"):
        parse_pairs("E1-P1")
    with pytest.raises(InvalidInput, match="columns not in the data: Q9"):
        servqual(_survey(), parse_pairs("E1:Q9"))


def test_derived_importance_is_the_correlation_with_overall() -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(size=200)
    b = rng.normal(size=200)
    df = pd.DataFrame({"a": 4 + a, "b": 2 + b, "sat": 2 * a + 0.2 * b + rng.normal(size=200)})
    res = ipa(df, ["a", "b"], overall="sat").items.set_index("item")
    assert res.loc["a", "importance"] == pytest.approx(df["a"].corr(df["sat"]))
    assert res.loc["a", "quadrant"] == "keep_up_the_good_work"
    assert res.loc["b", "quadrant"] == "low_priority"


def test_stated_importance_and_given_cuts() -> None:
    df = pd.DataFrame({"a": [2, 2, 3], "b": [5, 4, 5], "ia": [5, 5, 4], "ib": [2, 1, 2]})
    res = ipa(
        df,
        ["a", "b"],
        importance={"a": "ia", "b": "ib"},
        importance_cut=3,
        performance_cut=3,
    )
    q = res.items.set_index("item")["quadrant"]
    assert q["a"] == "concentrate_here"
    assert q["b"] == "possible_overkill"
    assert res.importance_source == "stated"


def test_ipa_needs_one_kind_of_importance() -> None:
    df = pd.DataFrame({"a": [1, 2, 3], "sat": [1, 2, 3], "ia": [3, 3, 3]})
    with pytest.raises(InvalidInput, match="either"):
        ipa(df, ["a"])
    with pytest.raises(InvalidInput, match="either"):
        ipa(df, ["a"], importance={"a": "ia"}, overall="sat")


def test_wilcoxon_agrees_with_rs_wilcox_test_example() -> None:
    # R ?wilcox.test, Hollander & Wolfe (1973) p. 29 depression data:
    # wilcox.test(x, y, paired = TRUE, alternative = "greater") gives V = 40, p = 0.01953,
    # so the two-sided p is 0.0390625 (exact: n = 9, no ties).
    x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    res = servqual(pd.DataFrame({"E": y, "P": x}), parse_pairs("E:P"))
    assert res.items.loc[0, "wilcoxon_pvalue"] == pytest.approx(0.0390625, abs=1e-9)
