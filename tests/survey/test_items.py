"""Item analysis: the critical ratio is the extreme-group t-test of scipy, without warnings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from serviq.survey.items import item_analysis

ITEMS = ["TAN1", "TAN2", "TAN3", "TAN4", "TAN5"]


@pytest.mark.parametrize("equal_var", [False, True])
def test_critical_ratio_is_scipys_t_test_of_the_extreme_groups(
    planted: pd.DataFrame, equal_var: bool
) -> None:
    res = item_analysis(planted, ITEMS, equal_var=equal_var)
    X = planted[ITEMS].dropna().to_numpy(dtype=float)
    total = X.sum(axis=1)
    high = X[total >= np.quantile(total, 0.73)]
    low = X[total <= np.quantile(total, 0.27)]
    for j, it in enumerate(res):
        ref = stats.ttest_ind(high[:, j], low[:, j], equal_var=equal_var)
        assert it.cr == pytest.approx(float(ref.statistic), rel=1e-10)
        assert it.cr_df == pytest.approx(float(ref.df), rel=1e-10)
        assert it.cr_pvalue == pytest.approx(float(ref.pvalue), rel=1e-8, abs=1e-300)


def test_groups_that_answer_alike_give_infinite_or_undefined_t() -> None:
    # c separates the groups perfectly (constant in each); d is the same for everyone in
    # both groups except one middle respondent (so it still has variance)
    a = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    b = [1, 2, 1, 2, 3, 3, 4, 5, 4, 5]
    c = [1, 1, 1, 1, 3, 3, 5, 5, 5, 5]
    d = [3, 3, 3, 3, 4, 3, 3, 3, 3, 3]
    df = pd.DataFrame({"a": a, "b": b, "c": c, "d": d}, dtype=float)
    res = {r.item: r for r in item_analysis(df, ["a", "b", "c", "d"])}
    assert res["c"].cr == np.inf
    assert res["c"].cr_pvalue == 0.0
    assert np.isnan(res["d"].cr)
    assert np.isnan(res["d"].cr_pvalue)
