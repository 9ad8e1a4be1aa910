"""Kendall's coefficient of concordance W among the experts of a Delphi round.

The indicators are the n subjects and the experts the m raters. Each expert's importance
scores are turned into ranks 1..n (tied scores share their mean rank); R_i is the sum of
the ranks indicator i received. With the correction for ties within raters
(Kendall 1948; Siegel & Castellan 1988, §9.4)::

    S  = Σ_i R_i² − m² n (n + 1)² / 4
    T  = Σ_j Σ_g (t_g³ − t_g)        t_g: the size of each group of ties of expert j
    W  = 12 S / (m² (n³ − n) − m T)
    χ² = m (n − 1) W,  df = n − 1,  p = P(χ²_df ≥ χ²)

This is R irr's ``kendall(ratings, correct = TRUE)`` (Gamer et al.); an indicator with a
missing score is left out of W (listwise, as irr does). W = 0 means no agreement, 1
complete agreement; the χ² test is a large-sample approximation.

References: Kendall, M. G. (1948). *Rank correlation methods*. London: Griffin.
Siegel, S. & Castellan, N. J. (1988). *Nonparametric statistics for the behavioral
sciences* (2nd ed.). New York: McGraw-Hill.

Example (three experts rank three indicators identically, so W = 1):

>>> kendall_w([[1, 1, 1], [2, 2, 2], [3, 3, 3]]).w
1.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import chi2, rankdata

from serviq.errors import ComputationError, InvalidInput


@dataclass(frozen=True)
class KendallW:
    """W with the tie correction, its χ² test, and the size of the matrix it used."""

    w: float
    chisq: float
    df: int
    pvalue: float
    subjects: int
    raters: int
    ties: bool

    def as_dict(self) -> dict[str, Any]:
        return {"w": self.w, "chisq": self.chisq, "df": self.df, "pvalue": self.pvalue}


def tie_sum(column: np.ndarray) -> float:
    """Σ (t³ − t) over the groups of equal values in ``column``."""
    _, counts = np.unique(column, return_counts=True)
    return float(np.sum(counts.astype(float) ** 3 - counts))


def kendall_w(ratings: ArrayLike, *, correct: bool = True) -> KendallW:
    """Kendall's W of an n × m matrix (rows: subjects/indicators, columns: raters/experts).

    Rows with a missing value (NaN) are left out. ``correct=False`` gives the uncorrected W
    (T = 0). Raises :class:`InvalidInput` for fewer than 2 subjects or raters left and
    :class:`ComputationError` when every expert gives every indicator the same score.
    """
    x = np.asarray(ratings, dtype=float)
    if x.ndim != 2:
        raise InvalidInput("Kendall's W needs a matrix of indicators × experts")
    x = x[~np.isnan(x).any(axis=1)]
    n, m = x.shape
    if n < 2 or m < 2:
        raise InvalidInput(
            f"Kendall's W needs at least 2 indicators and 2 experts with complete scores; "
            f"there are {n} and {m}"
        )
    ranks = np.column_stack([rankdata(x[:, j]) for j in range(m)])
    r = ranks.sum(axis=1)
    s = float(np.sum(r**2) - m**2 * n * (n + 1) ** 2 / 4.0)
    t = sum(tie_sum(x[:, j]) for j in range(m))
    denominator = m**2 * (n**3 - n) - (m * t if correct else 0.0)
    if denominator <= 0:
        raise ComputationError(
            "Kendall's W is undefined: every expert gave every indicator the same score"
        )
    w = 12.0 * s / denominator
    stat = m * (n - 1) * w
    df = n - 1
    return KendallW(
        w=w,
        chisq=stat,
        df=df,
        pvalue=float(chi2.sf(stat, df)),
        subjects=n,
        raters=m,
        ties=t > 0,
    )
