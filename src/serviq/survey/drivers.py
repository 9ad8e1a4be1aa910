"""Key-driver analysis: which attributes drive overall satisfaction, as shares of R².

Two decompositions of the R² of the regression of an outcome y on drivers x_1…x_p, both
computed from the correlation matrix (so the units of the items do not matter):

**Shapley value / LMG** (Lindeman, Merenda & Gold 1980; relaimpo's ``lmg``): the
average, over all orders in which drivers can enter the model, of the increase in R²
when x_j enters:

    LMG_j = Σ_{S ⊆ P∖{j}} |S|! (p − |S| − 1)! / p! · (R²(S ∪ {j}) − R²(S))

Exact, over all 2^p subsets; p is limited to 20.

**Relative weights** (Johnson 2000): with R_xx = P Δ Pᵀ, Λ = P Δ^{1/2} Pᵀ (the
correlations between the x and their closest orthogonal counterparts z), β = Λ⁻¹ r_xy
(the regression of y on the z), the raw weight of x_j is ε_j = Σ_k λ_jk² β_k². The ε
sum to R².

Both are given raw (summing to R²) and as shares of R² (summing to 1).

References: Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980) *Introduction to
Bivariate and Multivariate Analysis*, p. 119ff; Grömping, U. (2006) relaimpo, JSS 17(1);
Johnson, J. W. (2000) Multivariate Behavioral Research 35(1), 1–19.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput

MAX_SHAPLEY_DRIVERS = 20


@dataclass(frozen=True)
class DriverResult:
    """Importance of each driver for ``outcome``; ``drivers`` has one row per driver."""

    outcome: str
    n: int
    r2: float
    drivers: pd.DataFrame
    """driver, r (correlation with outcome), beta (standardised), relative_weight,
    relative_weight_share, shapley, shapley_share, rank."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "n": self.n,
            "r2": self.r2,
            "drivers": self.drivers.to_dict(orient="records"),
        }


def _r2(R: np.ndarray, subset: Sequence[int], y: int) -> float:
    if not subset:
        return 0.0
    s = list(subset)
    Rxx = R[np.ix_(s, s)]
    rxy = R[s, y]
    return float(rxy @ np.linalg.solve(Rxx, rxy))


def shapley_r2(R: np.ndarray, y: int, xs: Sequence[int]) -> np.ndarray:
    """Shapley (LMG) shares of R² for predictors ``xs`` of ``y`` from a correlation matrix."""
    p = len(xs)
    if p > MAX_SHAPLEY_DRIVERS:
        raise InvalidInput(
            f"{p} drivers; the exact Shapley decomposition allows at most {MAX_SHAPLEY_DRIVERS}"
        )
    # R² of every subset, indexed by bit mask
    r2 = np.zeros(1 << p)
    for mask in range(1, 1 << p):
        r2[mask] = _r2(R, [xs[k] for k in range(p) if mask >> k & 1], y)
    fact = [math.factorial(k) for k in range(p + 1)]
    out = np.zeros(p)
    for j in range(p):
        bit = 1 << j
        total = 0.0
        for mask in range(1 << p):
            if mask & bit:
                continue
            s = bin(mask).count("1")
            total += fact[s] * fact[p - s - 1] * (r2[mask | bit] - r2[mask])
        out[j] = total / fact[p]
    return out


def relative_weights(R: np.ndarray, y: int, xs: Sequence[int]) -> np.ndarray:
    """Johnson's (2000) raw relative weights (they sum to R²)."""
    Rxx = R[np.ix_(list(xs), list(xs))]
    rxy = R[list(xs), y]
    evals, evecs = np.linalg.eigh(Rxx)
    if np.min(evals) <= 1e-12:
        raise ComputationError(
            "the drivers are perfectly collinear (one is a combination of others); drop one"
        )
    lam = evecs @ np.diag(np.sqrt(evals)) @ evecs.T
    beta = np.linalg.solve(lam, rxy)
    return np.asarray((lam**2) @ (beta**2), dtype=float)


def key_drivers(data: pd.DataFrame, outcome: str, drivers: Sequence[str]) -> DriverResult:
    """Relative weights and Shapley decomposition of R² for ``outcome`` on ``drivers``
    (listwise deletion of missing values).

    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(200, 2))
    >>> df = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "y": 2 * x[:, 0] + x[:, 1]})
    >>> res = key_drivers(df, "y", ["a", "b"])
    >>> round(res.r2, 6), list(res.drivers["driver"][res.drivers["rank"] == 1])
    (1.0, ['a'])
    """
    drivers = list(drivers)
    if not drivers:
        raise InvalidInput("name at least one driver column")
    if outcome in drivers:
        raise InvalidInput(f"{outcome} is both the outcome and a driver")
    cols = [outcome, *drivers]
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InvalidInput(
            f"columns not in the data: {', '.join(missing)}; the data has: {', '.join(map(str, data.columns))}"
        )
    X = data[cols].apply(pd.to_numeric, errors="coerce").dropna()
    n = len(X)
    if n < len(drivers) + 2:
        raise InvalidInput(f"only {n} complete rows for {len(drivers)} drivers")
    sd = X.std(ddof=1)
    flat = [c for c in cols if not sd[c] > 0]
    if flat:
        raise ComputationError(f"no variance in {', '.join(flat)}")
    R = X.corr().to_numpy()
    xs = list(range(1, len(cols)))
    rw = relative_weights(R, 0, xs)
    sh = shapley_r2(R, 0, xs)
    Rxx = R[1:, 1:]
    beta = np.linalg.solve(Rxx, R[1:, 0])
    r2 = float(R[1:, 0] @ beta)
    table = pd.DataFrame(
        {
            "driver": drivers,
            "r": R[1:, 0],
            "beta": beta,
            "relative_weight": rw,
            "relative_weight_share": rw / r2 if r2 > 0 else np.nan,
            "shapley": sh,
            "shapley_share": sh / r2 if r2 > 0 else np.nan,
        }
    )
    table["rank"] = table["relative_weight"].rank(ascending=False, method="min").astype(int)
    return DriverResult(outcome=outcome, n=n, r2=r2, drivers=table)
