"""Convergent and discriminant validity: composite reliability, AVE, Fornell–Larcker, HTMT.

From standardised loadings λ_i of the k items of one construct:

- composite reliability (Jöreskog's ρ_c, "CR", seminr's ``rhoC``):
  ρ_c = (Σλ_i)² / ((Σλ_i)² + Σ(1 − λ_i²));
- average variance extracted: AVE = Σλ_i² / k (Fornell & Larcker 1981).

Fornell–Larcker criterion: √AVE of each construct should exceed its correlations with
every other construct; :func:`fornell_larcker` gives the matrix with √AVE on the diagonal.

Heterotrait–monotrait ratio (Henseler, Ringle & Sarstedt 2015, JAMS 43, 115–135):
HTMT_ij = mean of the correlations between the items of i and the items of j, divided
by √(mean of the correlations among the items of i × the same for j). A construct with a
single item has no monotrait correlation; it counts as 1 (the item measures itself).

References: Fornell, C. & Larcker, D. F. (1981) J. Marketing Research 18(1), 39–50;
Hair, J. F. et al. (2021) *PLS-SEM using R*, ch. 4.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput


def composite_reliability(loadings: Sequence[float]) -> float:
    """ρ_c = (Σλ)² / ((Σλ)² + Σ(1 − λ²)) from standardised loadings.

    >>> round(composite_reliability([0.7, 0.8, 0.9]), 4)
    0.8446
    """
    lam = np.asarray(loadings, dtype=float)
    if lam.size == 0:
        raise InvalidInput("composite reliability needs at least one loading")
    s = float(lam.sum()) ** 2
    e = float(np.sum(1 - lam**2))
    return s / (s + e) if s + e > 0 else float("nan")


def ave(loadings: Sequence[float]) -> float:
    """AVE = mean of squared standardised loadings.

    >>> round(ave([0.7, 0.8, 0.9]), 4)
    0.6467
    """
    lam = np.asarray(loadings, dtype=float)
    if lam.size == 0:
        raise InvalidInput("AVE needs at least one loading")
    return float(np.mean(lam**2))


def fornell_larcker(ave_by: Mapping[str, float], correlations: pd.DataFrame) -> pd.DataFrame:
    """Construct correlations with √AVE on the diagonal (Fornell & Larcker 1981)."""
    names = list(ave_by)
    out = correlations.loc[names, names].astype(float).copy()
    for n in names:
        out.loc[n, n] = math.sqrt(ave_by[n]) if ave_by[n] >= 0 else float("nan")
    return out


def htmt(
    item_corr: np.ndarray, items: Sequence[str], blocks: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """The HTMT matrix (constructs × constructs, 1 on the diagonal) from item correlations.

    ``item_corr`` is the correlation matrix of ``items``; ``blocks`` maps each construct to
    its items.

    >>> R = np.array([[1, .6, .3, .3], [.6, 1, .3, .3], [.3, .3, 1, .5], [.3, .3, .5, 1]])
    >>> round(float(htmt(R, ["a", "b", "c", "d"], {"A": ["a", "b"], "B": ["c", "d"]}).loc["A", "B"]), 4)
    0.5477
    """
    pos = {v: i for i, v in enumerate(items)}
    R = np.asarray(item_corr, dtype=float)
    names = list(blocks)
    mono: dict[str, float] = {}
    for n in names:
        idx = [pos[v] for v in blocks[n]]
        if len(idx) < 2:
            mono[n] = 1.0
            continue
        sub = R[np.ix_(idx, idx)]
        mono[n] = float(sub[np.triu_indices(len(idx), 1)].mean())
    out = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for a_i, a in enumerate(names):
        for b in names[a_i + 1 :]:
            ia = [pos[v] for v in blocks[a]]
            ib = [pos[v] for v in blocks[b]]
            hetero = float(R[np.ix_(ia, ib)].mean())
            denom = mono[a] * mono[b]
            val = hetero / math.sqrt(denom) if denom > 0 else float("nan")
            out.loc[a, b] = out.loc[b, a] = val
    return out
