"""Item analysis: item means and spreads, corrected item–total correlation, critical ratio.

The critical ratio (決斷值, CR) is the extreme-group test common in Chinese questionnaire
practice (吴明隆《问卷统计分析实务》): respondents are ranked by their total score on the
scale; the top 27 % and the bottom 27 % form the high and low groups (everyone at the cut
score is included, as SPSS's ``Recode`` by the 27th and 73rd percentile does), and each item's
means are compared with an independent-samples t-test. An item whose t is not significant
(or is small, conventionally < 3) does not discriminate and is a candidate for removal.

The t-test is Welch's (unequal variances): ``t = (m_H − m_L)/√(s_H²/n_H + s_L²/n_L)`` with
Welch–Satterthwaite degrees of freedom; ``equal_var=True`` gives Student's pooled test.
The corrected item–total correlation is psych's ``r.drop`` (the item with the sum of the
other items; :mod:`serviq.survey.reliability`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from serviq.errors import InvalidInput, Where
from serviq.survey.moments import Missing, moments, numeric_block, reverse_key
from serviq.survey.reliability import reliability_from_moments


@dataclass(frozen=True)
class ItemAnalysis:
    """One item: spread, corrected item–total r, and the extreme-group critical ratio."""

    item: str
    n: int
    mean: float
    sd: float
    r_drop: float
    alpha_if_dropped: float
    high_mean: float
    low_mean: float
    cr: float
    cr_df: float
    cr_pvalue: float


def item_analysis(
    df: pd.DataFrame,
    items: Sequence[str],
    *,
    reverse: Sequence[str] = (),
    lo: float | None = None,
    hi: float | None = None,
    missing: Missing = "pairwise",
    extreme: float = 0.27,
    equal_var: bool = False,
) -> list[ItemAnalysis]:
    """Item statistics of one scale, with the critical ratio of the top/bottom ``extreme``.

    The total score is the mean of a respondent's answered items (so a missing answer does
    not push a respondent into the low group); only respondents who answered every item
    take part in the extreme groups.
    """
    if not 0 < extreme < 0.5:
        raise InvalidInput("extreme must be between 0 and 0.5", where=Where(field="extreme"))
    items = list(items)
    X = numeric_block(df, items)
    if reverse:
        lo_ = float(np.nanmin(X)) if lo is None else float(lo)
        hi_ = float(np.nanmax(X)) if hi is None else float(hi)
        X = reverse_key(X, [items.index(r) for r in reverse], lo_, hi_)
    m = moments(X, items, missing)
    rel = reliability_from_moments(m)
    complete = X[~np.isnan(X).any(axis=1)]
    if complete.shape[0] < 8:
        raise InvalidInput(
            "fewer than 8 complete respondents; the extreme groups cannot be formed",
            where=Where(field="items"),
        )
    total = complete.sum(axis=1)
    low_cut = np.quantile(total, extreme)
    high_cut = np.quantile(total, 1.0 - extreme)
    high = complete[total >= high_cut]
    low = complete[total <= low_cut]
    out: list[ItemAnalysis] = []
    for j, name in enumerate(items):
        h, lw = high[:, j], low[:, j]
        t, dfree, p = _t_test(h, lw, equal_var)
        it = rel.items[j]
        out.append(
            ItemAnalysis(
                item=name,
                n=it.n,
                mean=it.mean,
                sd=it.sd,
                r_drop=it.r_drop,
                alpha_if_dropped=it.alpha_if_dropped,
                high_mean=float(h.mean()),
                low_mean=float(lw.mean()),
                cr=t,
                cr_df=dfree,
                cr_pvalue=p,
            )
        )
    return out


def _t_test(h: np.ndarray, lw: np.ndarray, equal_var: bool) -> tuple[float, float, float]:
    """t, degrees of freedom and two-sided p of the high against the low group (Welch, or
    Student's pooled test), as ``scipy.stats.ttest_ind`` — written out so that a group in
    which everyone gives the same answer is handled without precision warnings: with both
    groups constant t is ±inf (p = 0) if their means differ and undefined (NaN) if not."""
    n1, n2 = len(h), len(lw)
    diff = float(h.mean() - lw.mean())
    v1, v2 = float(np.var(h, ddof=1)), float(np.var(lw, ddof=1))
    if equal_var:
        dfree = float(n1 + n2 - 2)
        se2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / dfree * (1.0 / n1 + 1.0 / n2)
    else:
        a, b = v1 / n1, v2 / n2
        se2 = a + b
        dfree = se2**2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1)) if se2 > 0 else float(n1 + n2 - 2)
    if se2 > 0:
        t = diff / float(np.sqrt(se2))
        return t, dfree, float(2.0 * stats.t.sf(abs(t), dfree))
    if diff != 0:
        return float(np.copysign(np.inf, diff)), dfree, 0.0
    return float("nan"), dfree, float("nan")
