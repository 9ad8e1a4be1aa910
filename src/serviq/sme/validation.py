"""Validation of a rating model: discrimination, stability and calibration (R-SME-3).

Every function takes plain arrays (``y`` = 1 for a default, the event) and returns full
precision; rounding is for display.

- **AUC** (Mann–Whitney): AUC = (Σ ranks of the events − n₁(n₁+1)/2) / (n₁·n₀), mid-ranks
  for ties; the probability that an event scores above a non-event (Hanley & McNeil 1982).
- **Gini** (accuracy ratio) = 2·AUC − 1.
- **KS** = max over cut-offs of |F₁(s) − F₀(s)|, the two-sample Kolmogorov–Smirnov
  statistic between the score distributions of events and non-events.
- **PSI** between a baseline and a current distribution over the same bins:
  PSI = Σ (a_i − e_i)·ln(a_i / e_i), e_i and a_i the baseline and current shares
  (Karakoulas 2004; Yurdakul 2018). Bins are the baseline's deciles.
- **Hosmer–Lemeshow** (Hosmer & Lemeshow 1980): rows grouped at the quantiles of the
  predicted probability (type-7 quantiles, intervals closed on the right, the lowest one
  closed on both sides, as ResourceSelection's ``hoslem.test``);
  C = Σ_g Σ_{k∈{0,1}} (O_gk − E_gk)² / E_gk, χ² with g − 2 degrees of freedom.
- **Calibration by grade**: per grade, rows, defaults, observed rate, mean predicted PD and
  the exact binomial two-sided p-value of the defaults given the mean PD.
- **DeLong** (DeLong, DeLong & Clarke-Pearson 1988) covariance of two correlated AUCs on the
  same rows, for the interval of their difference: V₁₀, V₀₁ structural components,
  S = S₁₀/n₁ + S₀₁/n₀, var(Δ) = S₁₁ + S₂₂ − 2·S₁₂, z = Δ / √var.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from serviq.errors import ComputationError, InvalidInput, Where


def _binary(y: npt.ArrayLike, name: str = "target") -> npt.NDArray[np.int64]:
    arr = np.asarray(y, dtype=float)
    if arr.ndim != 1 or not np.all(np.isin(arr, (0.0, 1.0))):
        raise InvalidInput("the target must be 0 or 1 on every row", where=Where(field=name))
    out = arr.astype(np.int64)
    if out.sum() == 0 or out.sum() == len(out):
        raise InvalidInput(
            "the target needs both events (1) and non-events (0)", where=Where(field=name)
        )
    return out


def _scores(s: npt.ArrayLike, n: int, name: str = "score") -> npt.NDArray[np.float64]:
    arr = np.asarray(s, dtype=float)
    if arr.shape != (n,):
        raise InvalidInput(f"{name} must have one value per row ({n})", where=Where(field=name))
    if not np.all(np.isfinite(arr)):
        raise InvalidInput(f"{name} has missing or infinite values", where=Where(field=name))
    return arr


def auc(y: npt.ArrayLike, score: npt.ArrayLike) -> float:
    """Area under the ROC curve; a higher score should mean a higher chance of the event."""
    yy = _binary(y)
    s = _scores(score, len(yy))
    ranks = stats.rankdata(s)
    n1 = int(yy.sum())
    n0 = len(yy) - n1
    return float((ranks[yy == 1].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def gini(y: npt.ArrayLike, score: npt.ArrayLike) -> float:
    """Gini (accuracy ratio) = 2·AUC − 1."""
    return 2.0 * auc(y, score) - 1.0


def ks(y: npt.ArrayLike, score: npt.ArrayLike) -> float:
    """Kolmogorov–Smirnov distance between the scores of events and of non-events."""
    yy = _binary(y)
    s = _scores(score, len(yy))
    ev = np.sort(s[yy == 1])
    ne = np.sort(s[yy == 0])
    grid = np.unique(s)
    f1 = np.searchsorted(ev, grid, side="right") / len(ev)
    f0 = np.searchsorted(ne, grid, side="right") / len(ne)
    return float(np.max(np.abs(f1 - f0)))


def psi_of_shares(expected: npt.ArrayLike, actual: npt.ArrayLike) -> float:
    """PSI = Σ (a − e)·ln(a / e) over bins given as shares (or counts) of each period."""
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    if e.shape != a.shape or e.ndim != 1:
        raise InvalidInput("the two distributions must have the same bins")
    if np.any(e <= 0) or np.any(a <= 0):
        raise ComputationError("PSI needs every bin non-empty in both periods")
    e, a = e / e.sum(), a / a.sum()
    return float(np.sum((a - e) * np.log(a / e)))


def psi(baseline: npt.ArrayLike, current: npt.ArrayLike, bins: int = 10) -> float:
    """PSI of a score between a baseline period and the current one, on the baseline's
    quantile bins (empty bins get half a row, so the logarithm stays finite)."""
    b = np.asarray(baseline, dtype=float)
    c = np.asarray(current, dtype=float)
    if len(b) == 0 or len(c) == 0:
        raise InvalidInput("PSI needs rows in both the baseline and the current data")
    edges = np.unique(np.quantile(b, np.linspace(0, 1, bins + 1))[1:-1])
    eb = np.bincount(np.searchsorted(edges, b, side="right"), minlength=len(edges) + 1)
    ec = np.bincount(np.searchsorted(edges, c, side="right"), minlength=len(edges) + 1)
    return psi_of_shares(np.maximum(eb, 0.5), np.maximum(ec, 0.5))


@dataclass(frozen=True)
class HosmerLemeshow:
    chisq: float
    df: int
    pvalue: float
    groups: tuple[tuple[str, int, int, float, float], ...]  # label, n, events, expected

    def as_dict(self) -> dict[str, Any]:
        return {
            "chisq": self.chisq,
            "df": self.df,
            "pvalue": self.pvalue,
            "groups": [
                {"range": g[0], "count": g[1], "events": g[2], "expected": g[3],
                 "expected_non_events": g[4]}
                for g in self.groups
            ],
        }  # fmt: skip


def hosmer_lemeshow_of_groups(
    observed_events: npt.ArrayLike,
    observed_non_events: npt.ArrayLike,
    expected_events: npt.ArrayLike,
    expected_non_events: npt.ArrayLike,
) -> tuple[float, int, float]:
    """(C, df, p) from a grouped table: C = Σ (O − E)²/E over both columns, df = g − 2."""
    o1, o0 = np.asarray(observed_events, float), np.asarray(observed_non_events, float)
    e1, e0 = np.asarray(expected_events, float), np.asarray(expected_non_events, float)
    chisq = float(np.sum((o1 - e1) ** 2 / e1) + np.sum((o0 - e0) ** 2 / e0))
    df = len(o1) - 2
    if df < 1:
        raise ComputationError("Hosmer–Lemeshow needs at least three groups")
    return chisq, df, float(stats.chi2.sf(chisq, df))


def hosmer_lemeshow(y: npt.ArrayLike, pd: npt.ArrayLike, groups: int = 10) -> HosmerLemeshow:
    """Hosmer–Lemeshow test of predicted default probabilities ``pd`` against outcomes."""
    yy = np.asarray(y, dtype=float)
    p = _scores(pd, len(yy), "pd")
    if np.any((p < 0) | (p > 1)):
        raise InvalidInput("predicted probabilities must lie in [0, 1]", where=Where(field="pd"))
    breaks = np.unique(np.quantile(p, np.linspace(0, 1, groups + 1)))
    idx = np.searchsorted(breaks, p, side="left") - 1  # (b_{k}, b_{k+1}]
    idx = np.clip(idx, 0, len(breaks) - 2)  # the lowest value joins the first group
    k = len(breaks) - 1
    n = np.bincount(idx, minlength=k)
    o1 = np.bincount(idx, weights=yy, minlength=k)
    e1 = np.bincount(idx, weights=p, minlength=k)
    keep = n > 0
    chisq, df, pvalue = hosmer_lemeshow_of_groups(
        o1[keep], (n - o1)[keep], e1[keep], (n - e1)[keep]
    )
    labels = [f"({breaks[i]:.4g}, {breaks[i + 1]:.4g}]" for i in range(k)]
    table = tuple(
        (labels[i], int(n[i]), int(o1[i]), float(e1[i]), float(n[i] - e1[i]))
        for i in range(k)
        if keep[i]
    )
    return HosmerLemeshow(chisq=chisq, df=df, pvalue=pvalue, groups=table)


def calibration_by_grade(
    grades: list[str], y: npt.ArrayLike, pd: npt.ArrayLike
) -> list[dict[str, Any]]:
    """Per grade: rows, defaults, observed rate, mean PD and the binomial two-sided p."""
    yy = np.asarray(y, dtype=float)
    p = _scores(pd, len(yy), "pd")
    out: list[dict[str, Any]] = []
    for grade in dict.fromkeys(grades):
        mask = np.array([g == grade for g in grades])
        n = int(mask.sum())
        d = int(yy[mask].sum())
        mean_pd = float(p[mask].mean())
        test = stats.binomtest(d, n, min(max(mean_pd, 1e-12), 1 - 1e-12))
        out.append(
            {"grade": grade, "count": n, "defaults": d, "observed_rate": d / n,
             "mean_pd": mean_pd, "pvalue": float(test.pvalue)}
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class AucDifference:
    auc_a: float
    auc_b: float
    difference: float
    se: float
    ci: tuple[float, float]
    pvalue: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "auc_a": self.auc_a,
            "auc_b": self.auc_b,
            "difference": self.difference,
            "se": self.se,
            "ci": list(self.ci),
            "pvalue": self.pvalue,
        }


def _placements(
    pos: npt.NDArray[np.float64], neg: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """DeLong's structural components V₁₀ (per event) and V₀₁ (per non-event)."""
    neg_sorted = np.sort(neg)
    pos_sorted = np.sort(pos)
    v10 = (
        np.searchsorted(neg_sorted, pos, side="left")
        + 0.5 * (np.searchsorted(neg_sorted, pos, side="right")
                 - np.searchsorted(neg_sorted, pos, side="left"))
    ) / len(neg)  # fmt: skip
    v01 = (
        len(pos)
        - np.searchsorted(pos_sorted, neg, side="right")
        + 0.5 * (np.searchsorted(pos_sorted, neg, side="right")
                 - np.searchsorted(pos_sorted, neg, side="left"))
    ) / len(pos)  # fmt: skip
    return v10.astype(float), v01.astype(float)


def delong_auc_difference(
    y: npt.ArrayLike, score_a: npt.ArrayLike, score_b: npt.ArrayLike, level: float = 0.95
) -> AucDifference:
    """AUC(a) − AUC(b) on the same rows with DeLong's variance and a normal interval."""
    yy = _binary(y)
    a = _scores(score_a, len(yy), "score_a")
    b = _scores(score_b, len(yy), "score_b")
    comps = [_placements(s[yy == 1], s[yy == 0]) for s in (a, b)]
    aucs = [float(v10.mean()) for v10, _ in comps]
    s10 = np.cov(np.vstack([c[0] for c in comps]))
    s01 = np.cov(np.vstack([c[1] for c in comps]))
    n1, n0 = int(yy.sum()), int(len(yy) - yy.sum())
    cov = s10 / n1 + s01 / n0
    var = float(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    diff = aucs[0] - aucs[1]
    if var <= 0:
        raise ComputationError("the two scores rank the rows identically; no interval")
    se = math.sqrt(var)
    z = float(stats.norm.ppf(0.5 + level / 2))
    return AucDifference(
        auc_a=aucs[0],
        auc_b=aucs[1],
        difference=diff,
        se=se,
        ci=(diff - z * se, diff + z * se),
        pvalue=float(2 * stats.norm.sf(abs(diff) / se)),
    )


def delong_variance(y: npt.ArrayLike, score: npt.ArrayLike) -> float:
    """DeLong's variance of one AUC: S₁₀/n₁ + S₀₁/n₀."""
    yy = _binary(y)
    s = _scores(score, len(yy))
    v10, v01 = _placements(s[yy == 1], s[yy == 0])
    return float(v10.var(ddof=1) / len(v10) + v01.var(ddof=1) / len(v01))
