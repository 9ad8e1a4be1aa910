"""SERVQUAL gap analysis: perception − expectation, per item and per dimension.

For each expectation/perception pair answered by respondent r the gap is
g_r = P_r − E_r. Per item: the mean expectation, mean perception and mean gap over the
respondents who answered both, a paired t-test of H₀: mean gap = 0 (t = ḡ / (s_g/√n),
df n − 1) and Wilcoxon's signed-rank test (zero differences dropped, as R's
``wilcox.test`` does; exact p for small n without ties, otherwise the normal
approximation with continuity correction, R's default).
Per dimension: each respondent's mean perception minus mean expectation over the
dimension's pairs that respondent answered, then the same tests. The overall SERVQUAL
score is the unweighted mean of the dimension gaps.

A negative gap means the service falls short of what customers expect.

References: Parasuraman, A., Zeithaml, V. A. & Berry, L. L. (1988) SERVQUAL: a
multiple-item scale for measuring consumer perceptions of service quality, J. Retailing
64(1), 12–40; Wilcoxon, F. (1945) Biometrics Bulletin 1(6), 80–83.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from serviq.errors import InvalidInput


@dataclass(frozen=True)
class GapPair:
    """One SERVQUAL item: its expectation and perception columns and its dimension."""

    expectation: str
    perception: str
    dimension: str = "all"

    @property
    def item(self) -> str:
        return self.perception


def parse_pairs(text: str) -> list[GapPair]:
    """Pairs from ``E1:P1,E2:P2`` or, with dimensions, ``E1:P1:tangibles,…``.

    >>> parse_pairs("E_TAN1:TAN1:tangibles, E_REL1:REL1:reliability")[1]
    GapPair(expectation='E_REL1', perception='REL1', dimension='reliability')
    """
    pairs: list[GapPair] = []
    for chunk in text.split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        parts = [p.strip() for p in chunk.split(":")]
        if len(parts) not in (2, 3) or not all(parts):
            raise InvalidInput(
                f"pair {chunk!r} is not EXPECTATION:PERCEPTION or EXPECTATION:PERCEPTION:DIMENSION"
            )
        pairs.append(GapPair(*parts))
    if not pairs:
        raise InvalidInput("no expectation/perception pairs given")
    return pairs


@dataclass(frozen=True)
class ServqualResult:
    """Gaps per item and per dimension, and the overall SERVQUAL score."""

    items: pd.DataFrame
    dimensions: pd.DataFrame
    overall_gap: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items.to_dict(orient="records"),
            "dimensions": self.dimensions.to_dict(orient="records"),
            "overall_gap": self.overall_gap,
        }


def _tests(e: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    g = p - e
    n = g.size
    out: dict[str, Any] = {
        "n": int(n),
        "expectation": float(e.mean()) if n else math.nan,
        "perception": float(p.mean()) if n else math.nan,
        "gap": float(g.mean()) if n else math.nan,
        "gap_sd": float(g.std(ddof=1)) if n > 1 else math.nan,
        "t": math.nan,
        "pvalue": math.nan,
        "wilcoxon_pvalue": math.nan,
    }
    if n > 1:
        sd = float(g.std(ddof=1))
        if sd > 0:
            t = float(g.mean()) / (sd / math.sqrt(n))
            out["t"] = t
            out["pvalue"] = float(2 * stats.t.sf(abs(t), n - 1))
        elif g.mean() != 0:
            out["t"] = math.copysign(math.inf, float(g.mean()))
            out["pvalue"] = 0.0
        nz = g[g != 0]
        if nz.size > 0:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # scipy warns about ties and small n
                out["wilcoxon_pvalue"] = float(stats.wilcoxon(nz, correction=True).pvalue)
    return out


def servqual(data: pd.DataFrame, pairs: Sequence[GapPair]) -> ServqualResult:
    """Gap analysis of ``pairs`` in ``data`` (pairwise complete answers per item).

    >>> df = pd.DataFrame({"E1": [5, 5, 4, 5], "P1": [4, 3, 4, 4], "E2": [4, 4, 4, 4], "P2": [4, 5, 4, 3]})
    >>> r = servqual(df, parse_pairs("E1:P1:tangibles,E2:P2:tangibles"))
    >>> list(r.items["gap"]), float(r.dimensions["gap"][0])
    ([-1.0, 0.0], -0.5)
    """
    if not pairs:
        raise InvalidInput("no expectation/perception pairs given")
    cols = [c for pr in pairs for c in (pr.expectation, pr.perception)]
    missing = sorted({c for c in cols if c not in data.columns})
    if missing:
        raise InvalidInput(
            f"columns not in the data: {', '.join(missing)}; the data has: {', '.join(map(str, data.columns))}"
        )
    num = data[list(dict.fromkeys(cols))].apply(pd.to_numeric, errors="coerce")
    rows = []
    for pr in pairs:
        both = num[[pr.expectation, pr.perception]].dropna()
        res = _tests(both[pr.expectation].to_numpy(float), both[pr.perception].to_numpy(float))
        rows.append(
            {
                "item": pr.item,
                "dimension": pr.dimension,
                "expectation_column": pr.expectation,
                **res,
            }
        )
    items = pd.DataFrame(rows)
    drows = []
    for dim in dict.fromkeys(pr.dimension for pr in pairs):
        dp = [pr for pr in pairs if pr.dimension == dim]
        E = num[[pr.expectation for pr in dp]].to_numpy(float)
        P = num[[pr.perception for pr in dp]].to_numpy(float)
        ok = ~(np.isnan(E) | np.isnan(P))
        answered = ok.any(axis=1)
        with np.errstate(invalid="ignore"):
            e_mean = np.where(ok, E, 0).sum(axis=1) / ok.sum(axis=1)
            p_mean = np.where(ok, P, 0).sum(axis=1) / ok.sum(axis=1)
        res = _tests(e_mean[answered], p_mean[answered])
        drows.append({"dimension": dim, "items": len(dp), **res})
    dims = pd.DataFrame(drows)
    overall = float(dims["gap"].mean())
    return ServqualResult(items=items, dimensions=dims, overall_gap=overall)
