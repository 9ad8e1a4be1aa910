"""Internal consistency: Cronbach's alpha and its relatives, as R's ``psych::alpha`` has them.

All statistics follow from the pairwise covariance matrix ``C`` of the *k* items
(:mod:`serviq.survey.moments`) and ``R = cov2cor(C)``; there is no per-item pass over the
data, so alpha-if-dropped for every item of every scale costs a few k × k sums.

Formulas (Revelle, *psych* ``alpha``; Cronbach 1951; Guttman 1945; Feldt et al. 1987;
Duhachek & Iacobucci 2004):

- raw alpha ``α = k/(k−1) · (1 − tr C / ΣC)``; standardised ``α_std = k/(k−1) · (1 − k/ΣR)``
- Guttman's λ6 ``G6 = 1 − (k − Σ smc_i)/ΣR`` with ``smc_i = 1 − 1/(R⁻¹)_ii``
- ``average_r = (ΣR − k)/(k(k−1))``; signal/noise ``S_N = k·r̄/(1 − r̄)``
- asymptotic standard error ``ase = √(Q/N)`` with
  ``Q = 2k²/((k−1)²(ΣC)³) · (ΣC·(tr C² + (tr C)²) − 2·tr C·Σ(C²))`` (matrix square)
- Feldt's interval: ``1 − (1 − α)·F_{1−p/2}(N−1, (N−1)(k−1))`` … ``1 − (1 − α)·F_{p/2}(…)``
- per item: ``raw_r = Σ_j C_ij/√(C_ii ΣC)`` (item with the total), ``std_r = Σ_j R_ij/√ΣR``,
  ``r_cor`` the same with smc on the diagonal of R (corrected for overlap),
  ``r_drop = (Σ_j C_ij − C_ii)/√(C_ii · ΣC_{−i,−i})`` (corrected item–total correlation),
  ``alpha_if_dropped`` = raw alpha of ``C_{−i,−i}``.
- split half: the odd/even halves *A*, *B*; ``r_AB = ΣC_AB/√(ΣC_AA ΣC_BB)``,
  Spearman–Brown ``2r/(1+r)``, Guttman (Rulon) ``4ΣC_AB/ΣC``.

With raw data psych also reports ``mean`` and ``sd`` of the respondents' mean item score.
When an item has missing answers, psych's ``raw.r`` correlates with row means; here it is
taken from ``C`` (identical without missing values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from serviq.errors import InvalidInput, Where
from serviq.survey.moments import Missing, Moments, moments, moments_of, numeric_block


def smc(R: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 − 1/diag(R⁻¹)`` (pseudo-inverse if R is singular)."""
    try:
        inv = np.linalg.inv(R)
    except np.linalg.LinAlgError:
        inv = np.linalg.pinv(R)
    out = 1.0 - 1.0 / np.diag(inv)
    return np.clip(out, 0.0, 1.0)


@dataclass(frozen=True)
class AlphaCore:
    """The alpha statistics of one covariance matrix (psych's ``alpha.1``)."""

    raw_alpha: float
    std_alpha: float
    G6: float
    average_r: float
    S_N: float
    Q: float
    var_r: float
    median_r: float


def alpha_core(C: np.ndarray, R: np.ndarray) -> AlphaCore:
    """Alpha, standardised alpha, λ6, mean r and S/N of covariance ``C`` and correlation ``R``."""
    k = C.shape[0]
    sum_c = float(C.sum())
    tr_c = float(np.trace(C))
    sum_r = float(R.sum())
    raw = (1.0 - tr_c / sum_c) * k / (k - 1)
    std = (1.0 - k / sum_r) * k / (k - 1)
    g6 = 1.0 - (k - float(smc(R).sum())) / sum_r
    av_r = (sum_r - k) / (k * (k - 1))
    off = R[~np.eye(k, dtype=bool)]
    sn = k * av_r / (1.0 - av_r) if av_r < 1 else float("inf")
    CC = C @ C
    Q = (2.0 * k**2 / ((k - 1) ** 2 * sum_c**3)) * (
        sum_c * (float(np.trace(CC)) + tr_c**2) - 2.0 * tr_c * float(CC.sum())
    )
    return AlphaCore(
        raw_alpha=raw,
        std_alpha=std,
        G6=g6,
        average_r=av_r,
        S_N=sn,
        Q=Q,
        var_r=float(np.var(off, ddof=1)) if off.size > 1 else float("nan"),
        median_r=float(np.median(off)),
    )


def feldt_ci(alpha: float, n_obs: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval of alpha (psych ``alpha.ci``)::

    lower = 1 − (1 − α)·F⁻¹(1 − p/2; N−1, (N−1)(k−1)),  upper = 1 − (1 − α)·F⁻¹(p/2; …)
    """
    p = 1.0 - level
    df1, df2 = n_obs - 1, (n_obs - 1) * (k - 1)
    lo = 1.0 - (1.0 - alpha) * float(stats.f.ppf(1.0 - p / 2.0, df1, df2))
    hi = 1.0 - (1.0 - alpha) * float(stats.f.ppf(p / 2.0, df1, df2))
    return lo, hi


@dataclass(frozen=True)
class ItemReliability:
    """One item's line of psych's ``alpha``: item–total correlations and alpha if dropped."""

    item: str
    raw_r: float
    std_r: float
    r_cor: float
    r_drop: float
    alpha_if_dropped: float
    std_alpha_if_dropped: float
    G6_if_dropped: float
    average_r_if_dropped: float
    mean: float
    sd: float
    n: int


@dataclass(frozen=True)
class SplitHalf:
    """Odd/even split: the halves' correlation, Spearman–Brown and Guttman's split-half."""

    first: tuple[str, ...]
    second: tuple[str, ...]
    r: float
    spearman_brown: float
    guttman: float


@dataclass(frozen=True)
class Reliability:
    """psych ``alpha``'s ``total`` line, the interval, the split half and one line per item."""

    raw_alpha: float
    std_alpha: float
    G6: float
    average_r: float
    S_N: float
    ase: float
    mean: float
    sd: float
    median_r: float
    n: int
    alpha_ci: tuple[float, float]
    ci_level: float
    split_half: SplitHalf | None
    items: tuple[ItemReliability, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "raw_alpha": self.raw_alpha,
            "std_alpha": self.std_alpha,
            "G6": self.G6,
            "average_r": self.average_r,
            "S_N": self.S_N,
            "ase": self.ase,
            "mean": self.mean,
            "sd": self.sd,
            "median_r": self.median_r,
            "n": self.n,
            "alpha_ci": list(self.alpha_ci),
            "ci_level": self.ci_level,
            "split_half": None
            if self.split_half is None
            else {
                "first": list(self.split_half.first),
                "second": list(self.split_half.second),
                "r": self.split_half.r,
                "spearman_brown": self.split_half.spearman_brown,
                "guttman": self.split_half.guttman,
            },
            "items": [it.__dict__ for it in self.items],
        }


def reliability_from_moments(m: Moments, *, ci_level: float = 0.95) -> Reliability:
    """All of :class:`Reliability` from the moments of one scale (no pass over the data).

    Statistics that are undefined for these data (a negative total covariance) are NaN.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        return _reliability_from_moments(m, ci_level)


def _reliability_from_moments(m: Moments, ci_level: float) -> Reliability:
    C = m.cov
    k = C.shape[0]
    if k < 2:
        raise InvalidInput("a scale needs at least two items", where=Where(field="items"))
    R = m.corr()
    total = alpha_core(C, R)
    sum_c = float(C.sum())
    sum_r = float(R.sum())
    colC = C.sum(axis=0)
    diagC = np.diag(C)
    RC = R.copy()
    np.fill_diagonal(RC, smc(R))
    raw_r = colC / np.sqrt(diagC * sum_c)
    std_r = R.sum(axis=0) / np.sqrt(sum_r)
    r_cor = RC.sum(axis=0) / np.sqrt(RC.sum())
    per_item: list[ItemReliability] = []
    for i in range(k):
        keep = np.arange(k) != i
        Ci = C[np.ix_(keep, keep)]
        v_drop = float(Ci.sum())
        r_drop = float((colC[i] - C[i, i]) / np.sqrt(C[i, i] * v_drop))
        if k > 2:
            d = alpha_core(Ci, R[np.ix_(keep, keep)])
            a_d, s_d, g_d, r_d = d.raw_alpha, d.std_alpha, d.G6, d.average_r
        else:
            a_d = s_d = g_d = r_d = float("nan")
        per_item.append(
            ItemReliability(
                item=m.items[i],
                raw_r=float(raw_r[i]),
                std_r=float(std_r[i]),
                r_cor=float(r_cor[i]),
                r_drop=r_drop,
                alpha_if_dropped=a_d,
                std_alpha_if_dropped=s_d,
                G6_if_dropped=g_d,
                average_r_if_dropped=r_d,
                mean=float(m.mean[i]),
                sd=float(np.sqrt(C[i, i])),
                n=int(m.n_pair[i, i]),
            )
        )
    split = None
    if k >= 2:
        a = list(range(0, k, 2))
        b = list(range(1, k, 2))
        c_ab = float(C[np.ix_(a, b)].sum())
        r_ab = c_ab / np.sqrt(float(C[np.ix_(a, a)].sum()) * float(C[np.ix_(b, b)].sum()))
        split = SplitHalf(
            first=tuple(m.items[i] for i in a),
            second=tuple(m.items[i] for i in b),
            r=float(r_ab),
            spearman_brown=float(2 * r_ab / (1 + r_ab)),
            guttman=4.0 * c_ab / sum_c,
        )
    n_obs = m.n_rows
    return Reliability(
        raw_alpha=total.raw_alpha,
        std_alpha=total.std_alpha,
        G6=total.G6,
        average_r=total.average_r,
        S_N=total.S_N,
        ase=float(np.sqrt(total.Q / n_obs)) if total.Q >= 0 else float("nan"),
        mean=m.total_mean,
        sd=m.total_sd,
        median_r=total.median_r,
        n=n_obs,
        alpha_ci=feldt_ci(total.raw_alpha, n_obs, k, ci_level),
        ci_level=ci_level,
        split_half=split,
        items=tuple(per_item),
    )


def reliability(
    df: pd.DataFrame,
    items: Sequence[str],
    *,
    reverse: Sequence[str] = (),
    lo: float | None = None,
    hi: float | None = None,
    missing: Missing = "pairwise",
    ci_level: float = 0.95,
) -> Reliability:
    """Cronbach's alpha of ``items`` with psych's statistics, reverse-keying ``reverse``.

    ``lo``/``hi`` are the scale's ends for reverse keying (``x' = lo + hi − x``); they
    default to the smallest and largest answer in the data, as psych's ``alpha`` does.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 4], "c": [1, 3, 3, 4, 5]})
    >>> round(reliability(df, ["a", "b", "c"]).raw_alpha, 4)
    0.9451
    """
    m = moments_of(df, list(items), reverse=list(reverse), lo=lo, hi=hi, missing=missing)
    return reliability_from_moments(m, ci_level=ci_level)


def scale_reliabilities(
    df: pd.DataFrame,
    scales: Mapping[str, Sequence[str]],
    *,
    reverse: Sequence[str] = (),
    lo: float | None = None,
    hi: float | None = None,
    missing: Missing = "pairwise",
    ci_level: float = 0.95,
) -> dict[str, Reliability]:
    """:func:`reliability` of every scale from **one** covariance pass over all their items.

    With ``missing="listwise"`` a row is dropped when any item *of its scale* is missing,
    which needs that scale's own pass; pairwise (the default) shares one pass.
    """
    all_items: list[str] = list(dict.fromkeys(i for items in scales.values() for i in items))
    if missing == "listwise":
        return {
            name: reliability(
                df,
                items,
                reverse=[r for r in reverse if r in items],
                lo=lo,
                hi=hi,
                missing="listwise",
                ci_level=ci_level,
            )
            for name, items in scales.items()
        }
    X = numeric_block(df, all_items)
    if reverse:
        from serviq.survey.moments import reverse_key

        lo_ = float(np.nanmin(X)) if lo is None else float(lo)
        hi_ = float(np.nanmax(X)) if hi is None else float(hi)
        X = reverse_key(X, [all_items.index(r) for r in reverse if r in all_items], lo_, hi_)
    whole = moments(X, all_items, missing)
    complete = bool((whole.n_pair == whole.n_rows).all())
    out: dict[str, Reliability] = {}
    for name, items in scales.items():
        sub = whole.subset(list(items))
        if complete:  # the scale score's mean and sd follow from the moments
            t_mean = float(sub.mean.mean())
            t_sd = float(np.sqrt(sub.cov.sum()) / len(items))
        else:
            block = X[:, [all_items.index(i) for i in items]]
            answered = ~np.isnan(block).all(axis=1)
            row_mean = np.nanmean(block[answered], axis=1)
            t_mean, t_sd = float(row_mean.mean()), float(row_mean.std(ddof=1))
        sub = Moments(
            items=sub.items,
            cov=sub.cov,
            n_pair=sub.n_pair,
            mean=sub.mean,
            n_rows=sub.n_rows,
            total_mean=t_mean,
            total_sd=t_sd,
        )
        out[name] = reliability_from_moments(sub, ci_level=ci_level)
    return out
