"""Agreement between coders (raters): percent agreement, Cohen's kappa (unweighted and
weighted), Fleiss' kappa and Krippendorff's alpha, with seeded bootstrap intervals.

Data are **one row per unit** (a comment, a call) and **one column per coder**; a missing
value (``None`` / ``NaN``) means that coder did not code that unit. This is the layout of
``serviq text agreement`` and of the QA module's calibration sessions, which import these
functions::

    from serviq.text.agreement import krippendorff_alpha, cohen_kappa, fleiss_kappa

References
----------
- Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
  Psychological Measurement* 20, 37–46. Weighted: Cohen, J. (1968), *Psychological
  Bulletin* 70, 213–220.
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
  *Psychological Bulletin* 76(5), 378–382.
- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
  for Communication, University of Pennsylvania, departmental paper 43.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")
Weights = Literal["linear", "quadratic"] | None


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_frame(data: Any) -> pd.DataFrame:
    """Units in rows, coders in columns, as an object DataFrame with None for missing."""
    if isinstance(data, pd.DataFrame):
        frame = data
    else:
        arr = np.asarray(data, dtype=object)
        if arr.ndim != 2:
            raise InvalidInput(
                "agreement data must be a table: one row per unit, one column per coder"
            )
        frame = pd.DataFrame(arr)
    if frame.shape[1] < 2:
        raise InvalidInput(f"agreement needs at least two coders; got {frame.shape[1]}")
    return frame.astype(object).where(frame.notna(), None)


def _categories(frame: pd.DataFrame) -> list[Any]:
    values = {v for v in frame.to_numpy().ravel() if not _is_missing(v)}
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def value_counts_by_unit(
    data: Any, categories: Sequence[Any] | None = None
) -> tuple[np.ndarray, list[Any]]:
    """The units × categories matrix of how many coders gave each value to each unit."""
    frame = _as_frame(data)
    cats = list(categories) if categories is not None else _categories(frame)
    index = {c: i for i, c in enumerate(cats)}
    counts = np.zeros((frame.shape[0], len(cats)))
    for u, row in enumerate(frame.itertuples(index=False)):
        for v in row:
            if _is_missing(v):
                continue
            if v not in index:
                raise InvalidInput(f"value {v!r} is not one of the categories {cats}")
            counts[u, index[v]] += 1
    return counts, cats


def percent_agreement(data: Any) -> float:
    """Share of units (coded by at least two coders) on which every coder gave the same value.

    This is ``irr::agree(tolerance = 0)`` for complete data; units with fewer than two
    values are left out.
    """
    counts, _ = value_counts_by_unit(data)
    m = counts.sum(axis=1)
    keep = m >= 2
    if not keep.any():
        raise ComputationError("no unit was coded by two or more coders")
    return float(np.mean(counts[keep].max(axis=1) == m[keep]))


def _weight_matrix(k: int, weights: Weights) -> np.ndarray:
    """Disagreement weights between category positions 0…k−1."""
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    if weights is None:
        return (i != j).astype(float)
    scale = max(k - 1, 1)
    if weights == "linear":
        return np.abs(i - j) / scale
    if weights == "quadratic":
        return ((i - j) / scale) ** 2
    raise InvalidInput(f"unknown weights {weights!r}; allowed: none, linear, quadratic")


def cohen_kappa_table(table: Any, *, weights: Weights = None) -> float:
    """Cohen's kappa from a k × k contingency table (coder 1 in rows, coder 2 in columns).

    κ_w = 1 − Σ w_ij p_ij / Σ w_ij p_i· p_·j, with disagreement weights w_ij = [i ≠ j]
    (unweighted), |i − j|/(k − 1) (linear) or (i − j)²/(k − 1)² (quadratic), where i, j
    are the positions of the categories in their order.

    >>> round(cohen_kappa_table([[20, 5], [10, 15]]), 3)
    0.4
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise InvalidInput("Cohen's kappa needs a square table")
    n = t.sum()
    if n <= 0:
        raise ComputationError("Cohen's kappa needs at least one unit coded by both coders")
    p = t / n
    w = _weight_matrix(t.shape[0], weights)
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    de = float((w * expected).sum())
    if de == 0:
        raise ComputationError("Cohen's kappa is undefined: both coders used one category only")
    return 1.0 - float((w * p).sum()) / de


def cohen_kappa(
    a: Sequence[Any],
    b: Sequence[Any],
    *,
    weights: Weights = None,
    categories: Sequence[Any] | None = None,
) -> float:
    """Cohen's kappa between two coders' values of the same units (pairs with a missing
    value are left out, as ``irr::kappa2`` does).

    The categories are, in order, ``categories`` if given, else the sorted values either
    coder used; weighted kappa uses the positions in that order (so an unused value in
    between does not count as a step, as in ``irr::kappa2``).
    """
    if len(a) != len(b):
        raise InvalidInput(
            f"the two coders have {len(a)} and {len(b)} values; they must code the same units"
        )
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not _is_missing(x) and not _is_missing(y)]
    if not pairs:
        raise ComputationError("no unit was coded by both coders")
    cats = _categories(pd.DataFrame(pairs)) if categories is None else list(categories)
    index = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for x, y in pairs:
        if x not in index or y not in index:
            raise InvalidInput(
                f"value {x if x not in index else y!r} is not one of the categories {cats}"
            )
        table[index[x], index[y]] += 1
    return cohen_kappa_table(table, weights=weights)


def fleiss_kappa_counts(counts: Any) -> float:
    """Fleiss' kappa from a units × categories table of counts (n_ij coders put unit i in j).

    P_i = (Σ_j n_ij² − n_i) / (n_i (n_i − 1)), P̄ = mean P_i, p_j = Σ_i n_ij / Σ_i n_i,
    P_e = Σ p_j², κ = (P̄ − P_e) / (1 − P_e). With the same number of coders per unit this
    is Fleiss (1971); units with fewer than two values are left out.
    """
    c = np.asarray(counts, dtype=float)
    n_i = c.sum(axis=1)
    c = c[n_i >= 2]
    n_i = n_i[n_i >= 2]
    if c.shape[0] == 0:
        raise ComputationError("Fleiss' kappa needs units coded by at least two coders")
    p_i = ((c**2).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    p_j = c.sum(axis=0) / n_i.sum()
    pe = float((p_j**2).sum())
    if pe >= 1:
        raise ComputationError("Fleiss' kappa is undefined: every value is the same category")
    return float((float(p_i.mean()) - pe) / (1 - pe))


def fleiss_kappa(data: Any) -> float:
    """Fleiss' kappa of units × coders data (nominal values; missing values left out).

    >>> round(fleiss_kappa([[1, 1, 1], [1, 2, 2], [2, 2, 2], [3, 3, 1]]), 4)
    0.4667
    """
    counts, _ = value_counts_by_unit(data)
    return fleiss_kappa_counts(counts)


def _delta2(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's squared difference δ² between every pair of values."""
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    v = values.astype(float)
    ci, ck = np.meshgrid(v, v, indexing="ij")
    if level == "interval":
        return (ci - ck) ** 2
    if level == "ratio":
        total = ci + ck
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(total == 0, 0.0, ((ci - ck) / np.where(total == 0, 1, total)) ** 2)
        return d
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        between = cum[hi + 1] - cum[lo]
        return (between - (n_c[i] + n_c[j]) / 2.0) ** 2
    raise InvalidInput(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")


def _alpha_from_counts(
    counts: np.ndarray, values: np.ndarray, level: str, freq: np.ndarray | None = None
) -> float:
    m = counts.sum(axis=1)
    keep = m >= 2
    c = counts[keep]
    w = 1.0 / (m[keep] - 1)
    if freq is not None:
        w = w * freq[keep]
    # coincidences o_ck = Σ_u (n_uc n_uk − [c = k] n_uc) / (m_u − 1)
    o = (c * w[:, None]).T @ c - np.diag((c * w[:, None]).sum(axis=0))
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        raise ComputationError(
            "Krippendorff's alpha needs pairable values (units coded twice or more)"
        )
    d2 = _delta2(values, n_c, level)
    d_o = float((o * d2).sum()) / n
    d_e = float((np.outer(n_c, n_c) * d2).sum()) / (n * (n - 1))
    if d_e == 0:
        raise ComputationError("Krippendorff's alpha is undefined: the coders used one value only")
    return float(1.0 - d_o / d_e)


def krippendorff_alpha(data: Any, level: Level = "nominal") -> float:
    """Krippendorff's alpha of units × coders data, missing values allowed.

    α = 1 − D_o / D_e with the coincidence matrix o_ck = Σ_u Σ_{i≠j} [v_ui = c][v_uj = k]
    / (m_u − 1) over units with m_u ≥ 2 values, n_c = Σ_k o_ck, n = Σ_c n_c,
    D_o = Σ o_ck δ²_ck / n and D_e = Σ n_c n_k δ²_ck / (n (n − 1)). The difference
    function δ² fits the level: nominal [c ≠ k]; ordinal (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)²;
    interval (c − k)²; ratio ((c − k)/(c + k))² (Krippendorff 2011, pp. 5–8).

    Ordinal, interval and ratio levels need numeric values.

    >>> data = [[1, 1, None], [2, 2, 3], [3, 3, 3], [1, 2, 1]]
    >>> round(krippendorff_alpha(data, "nominal"), 3)
    0.5
    """
    if level not in LEVELS:
        raise InvalidInput(f"unknown level {level!r}; allowed: {', '.join(LEVELS)}")
    counts, cats = value_counts_by_unit(data)
    if level != "nominal":
        try:
            values = np.array([float(c) for c in cats])
        except (TypeError, ValueError):
            raise InvalidInput(
                f"the {level} level needs numbers; found {[c for c in cats if not isinstance(c, (int, float))][:5]}"
            ) from None
        if level == "ratio" and (values < 0).any():
            raise InvalidInput("the ratio level needs values ≥ 0")
    else:
        values = np.arange(len(cats))
    return _alpha_from_counts(counts, values, level)


@dataclass(frozen=True)
class Interval:
    """A bootstrap percentile interval."""

    lower: float
    upper: float
    level: float
    n_boot: int
    seed: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "lower": self.lower,
            "upper": self.upper,
            "level": self.level,
            "n_boot": self.n_boot,
            "seed": self.seed,
        }


def bootstrap_ci(
    statistic: Callable[[pd.DataFrame], float],
    data: Any,
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 20240601,
) -> Interval:
    """Percentile interval of ``statistic`` over units resampled with replacement.

    The units (rows) are the sampling units; resamples where the statistic is undefined
    are skipped. Seeded, so the same data give the same interval.
    """
    frame = _as_frame(data)
    rng = np.random.default_rng(seed)
    n = frame.shape[0]
    stats = []
    for _ in range(n_boot):
        idx = rng.integers(0, n, n)
        try:
            stats.append(statistic(frame.iloc[idx].reset_index(drop=True)))
        except ComputationError:
            continue
    if len(stats) < max(10, n_boot // 2):
        raise ComputationError("the bootstrap failed: the statistic is undefined on most resamples")
    lo, hi = np.quantile(stats, [(1 - level) / 2, (1 + level) / 2])
    return Interval(float(lo), float(hi), level, n_boot, seed)


def alpha_ci(
    data: Any,
    level: Level = "nominal",
    *,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 20240601,
) -> Interval:
    """Bootstrap interval of Krippendorff's alpha (units resampled; vectorised)."""
    counts, cats = value_counts_by_unit(data)
    values = np.arange(len(cats)) if level == "nominal" else np.array([float(c) for c in cats])
    rng = np.random.default_rng(seed)
    n = counts.shape[0]
    stats = []
    for _ in range(n_boot):
        freq = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
        try:
            stats.append(_alpha_from_counts(counts, values, level, freq))
        except ComputationError:
            continue
    if len(stats) < max(10, n_boot // 2):
        raise ComputationError("the bootstrap failed: alpha is undefined on most resamples")
    lo, hi = np.quantile(stats, [(1 - ci) / 2, (1 + ci) / 2])
    return Interval(float(lo), float(hi), ci, n_boot, seed)
