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
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import special

from serviq.errors import InvalidInput, Where
from serviq.survey.moments import (
    Missing,
    Moments,
    exact_moments,
    integer_columns,
    integer_products,
    moments,
    moments_of,
    numeric_block,
    reverse_key,
)


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


# A sum of variances at or below this fraction of the summed item variances is rounding
# noise around zero: the items cancel each other out and the statistics that divide by the
# total variance are undefined.
CANCEL_TOL = 1e-10


def cancels(total: float, summed: float) -> bool:
    """True when ``total`` — the variance of a sum of items (ΣC or ΣR) — is zero up to
    rounding relative to ``summed``, the sum of those items' variances (tr C or k)."""
    return not total > CANCEL_TOL * summed


def alpha_core(C: np.ndarray, R: np.ndarray) -> AlphaCore:
    """Alpha, standardised alpha, λ6, mean r and S/N of covariance ``C`` and correlation ``R``.

    A statistic that divides by a total variance of zero (the items cancel out: ΣC = 0 for
    the raw, ΣR = 0 for the standardised ones) is undefined and returned as NaN.
    """
    k = C.shape[0]
    sum_c = float(C.sum())
    tr_c = float(np.trace(C))
    sum_r = float(R.sum())
    nan = float("nan")
    raw_ok = not cancels(sum_c, tr_c)
    std_ok = not cancels(sum_r, float(k))
    raw = (1.0 - tr_c / sum_c) * k / (k - 1) if raw_ok else nan
    std = (1.0 - k / sum_r) * k / (k - 1) if std_ok else nan
    g6 = 1.0 - (k - float(smc(R).sum())) / sum_r if std_ok else nan
    av_r = (sum_r - k) / (k * (k - 1))
    off = R[~np.eye(k, dtype=bool)]
    sn = k * av_r / (1.0 - av_r) if av_r < 1 else float("inf")
    CC = C @ C
    Q = (
        (2.0 * k**2 / ((k - 1) ** 2 * sum_c**3))
        * (sum_c * (float(np.trace(CC)) + tr_c**2) - 2.0 * tr_c * float(CC.sum()))
        if raw_ok
        else nan
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


def if_dropped(
    C: np.ndarray, R: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every item at once: ``r_drop`` and the raw alpha, standardised alpha, λ6 and
    mean r of the other items, without forming the k submatrices.

    With ``c_i = Σ_j C_ij``: ``ΣC_{−i,−i} = ΣC − 2c_i + C_ii``, ``tr C_{−i,−i} = tr C − C_ii``
    (likewise for R), and the smc of the other items from ``P = R⁻¹`` by the bordering
    identity ``((R_{−i,−i})⁻¹)_jj = P_jj − P_ji²/P_ii``. NaN where the other items cancel out
    (their total variance is zero up to rounding) and, for k = 2, where one item is left.
    """
    k = C.shape[0]
    nan = np.full(k, np.nan)
    d = np.diag(C)
    col_c = C.sum(axis=0)
    sum_c = float(C.sum())
    v_drop = sum_c - 2.0 * col_c + d
    t_drop = float(np.trace(C)) - d
    ok = v_drop > CANCEL_TOL * t_drop
    r_drop = np.where(ok, (col_c - d) / np.sqrt(d * np.where(ok, v_drop, 1.0)), np.nan)
    if k <= 2:
        return r_drop, nan, nan, nan, nan.copy()
    kk = k - 1
    raw = np.where(ok, (1.0 - t_drop / np.where(ok, v_drop, 1.0)) * kk / (kk - 1), np.nan)
    r_sum = float(R.sum()) - 2.0 * R.sum(axis=0) + np.diag(R)
    ok_r = r_sum > CANCEL_TOL * kk
    r_den = np.where(ok_r, r_sum, 1.0)
    std = np.where(ok_r, (1.0 - kk / r_den) * kk / (kk - 1), np.nan)
    av_r = (r_sum - kk) / (kk * (kk - 1))
    try:
        P = np.linalg.inv(R)
        inv_diag = np.diag(P)[None, :] - P**2 / np.diag(P)[:, None]  # [i, j]: without i
        np.fill_diagonal(inv_diag, 1.0)  # (item i itself is not among the others)
        smc_rest = np.clip(1.0 - 1.0 / inv_diag, 0.0, 1.0)
        np.fill_diagonal(smc_rest, 0.0)
        smc_sum = smc_rest.sum(axis=1)
    except np.linalg.LinAlgError:  # singular R: each submatrix's own (pseudo-)inverse
        keep = ~np.eye(k, dtype=bool)
        smc_sum = np.array([float(smc(R[np.ix_(keep[i], keep[i])]).sum()) for i in range(k)])
    g6 = np.where(ok_r, 1.0 - (kk - smc_sum) / r_den, np.nan)
    return r_drop, raw, std, g6, av_r


def feldt_ci(alpha: float, n_obs: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval of alpha (psych ``alpha.ci``)::

    lower = 1 − (1 − α)·F⁻¹(1 − p/2; N−1, (N−1)(k−1)),  upper = 1 − (1 − α)·F⁻¹(p/2; …)
    """
    p = 1.0 - level
    df1, df2 = n_obs - 1, (n_obs - 1) * (k - 1)
    # special.fdtri is the F quantile (what stats.f.ppf calls, without its overhead)
    lo = 1.0 - (1.0 - alpha) * float(special.fdtri(df1, df2, 1.0 - p / 2.0))
    hi = 1.0 - (1.0 - alpha) * float(special.fdtri(df1, df2, p / 2.0))
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

    A scale whose total score does not vary (ΣC = 0: the items cancel out) is an
    :class:`~serviq.errors.InvalidInput`. Statistics that are undefined for these data are
    NaN: the standardised ones when ΣR = 0, an item's ``r_drop`` and if-dropped values when
    the other items cancel out, the split-half r when a half does, ``ase`` when Q < 0.
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
    if np.isnan(total.raw_alpha):
        raise InvalidInput(
            f"the items {', '.join(m.items)} cancel each other out: their total score is "
            f"(almost) the same for every respondent (variance of the sum {float(C.sum()):.3g} "
            f"against {float(np.trace(C)):.3g} summed over the items), so alpha is undefined; "
            "a scale needs a total score that varies (is an item reverse-keyed but not "
            "declared so?)",
            where=Where(field="items"),
        )
    sum_c = float(C.sum())
    sum_r = float(R.sum())
    colC = C.sum(axis=0)
    diagC = np.diag(C)
    RC = R.copy()
    np.fill_diagonal(RC, smc(R))
    raw_r = colC / np.sqrt(diagC * sum_c)
    std_r = R.sum(axis=0) / np.sqrt(sum_r)
    r_cor = RC.sum(axis=0) / np.sqrt(RC.sum())
    drop = if_dropped(C, R)
    per_item: list[ItemReliability] = []
    for i in range(k):
        r_drop, a_d, s_d, g_d, r_d = (float(v[i]) for v in drop)
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
        v_a, v_b = float(C[np.ix_(a, a)].sum()), float(C[np.ix_(b, b)].sum())
        if cancels(v_a, float(diagC[a].sum())) or cancels(v_b, float(diagC[b].sum())):
            r_ab = float("nan")  # a half whose items cancel out has no score to correlate
        else:
            r_ab = c_ab / np.sqrt(v_a * v_b)
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
    ints = integer_columns(df, all_items) if len(df) >= 2 else None
    if ints is not None and all(len(items) >= 2 for items in scales.values()):
        exact = _integer_scales(ints, all_items, scales, reverse, lo, hi, ci_level)
        if exact is not None:
            return exact
    X = numeric_block(df, all_items)
    if reverse:
        lo_ = float(np.nanmin(X)) if lo is None else float(lo)
        hi_ = float(np.nanmax(X)) if hi is None else float(hi)
        X = reverse_key(X, [all_items.index(r) for r in reverse if r in all_items], lo_, hi_)
    # Nothing in a scale's statistics depends on covariances with other scales, so each
    # scale's block is summed from its own columns: every column is read once and no
    # between-scale products are formed.
    pos = {item: j for j, item in enumerate(all_items)}
    return {
        name: reliability_from_moments(
            moments(X, list(items), missing, columns=[pos[i] for i in items]),
            ci_level=ci_level,
        )
        for name, items in scales.items()
    }


def _integer_scales(
    cols: list[np.ndarray],
    all_items: list[str],
    scales: Mapping[str, Sequence[str]],
    reverse: Sequence[str],
    lo: float | None,
    hi: float | None,
    ci_level: float,
) -> dict[str, Reliability] | None:
    """:func:`scale_reliabilities` of integer answers with none missing: each scale's exact
    sums from its own columns (:func:`~serviq.survey.moments.integer_products`), each
    statistic's moments correctly rounded. None when the values are too large for it."""
    col = dict(zip(all_items, cols, strict=True))
    if reverse and (lo is None or hi is None):
        # psych's default ends: the smallest and largest answer to any item
        lo = min(int(a.min()) for a in cols) if lo is None else lo
        hi = max(int(a.max()) for a in cols) if hi is None else hi
    lo_ = Fraction(lo if lo is not None else 0)
    hi_ = Fraction(hi if hi is not None else 0)
    rev = set(reverse)
    out: dict[str, Reliability] = {}
    for name, items in scales.items():
        items = list(items)
        sums = integer_products([col[i] for i in items])
        if sums is None:
            return None
        m = exact_moments(
            *sums,
            len(cols[0]),
            items,
            reverse=[j for j, i in enumerate(items) if i in rev],
            lo=lo_,
            hi=hi_,
        )
        out[name] = reliability_from_moments(m, ci_level=ci_level)
    return out
