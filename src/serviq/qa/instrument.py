"""QA as a measurement instrument: is the scorecard reliable, and does it predict CSAT?

**Reliability of the sections.** Cronbach's alpha of each section's items over the month's
reviews (and of all items together), with Feldt's interval — computed by
:func:`serviq.survey.reliability.reliability` (psych's ``alpha``), the one implementation in
serviq. N.A. ratings are missing values (pairwise covariances).

**Does QA predict the customer's CSAT?** The reviews are joined to the customers' CSAT of
the same contacts by ``interaction_id``. Per item and for the review score: Pearson's *r*
with a Fisher-z interval ``tanh(atanh r ± z_{1−α/2}/√(n − 3))`` and its *p*; and the least
squares line ``CSAT = a + b · score/100`` with a *t* interval for *b* and R². An item that
neither agrees with its section (low alpha-if-dropped gain) nor predicts CSAT is evidence
for changing it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from serviq.errors import InvalidInput
from serviq.qa.scorecard import Scorecard


def section_reliability(
    scored: pd.DataFrame, card: Scorecard, *, level: float = 0.95
) -> dict[str, dict[str, Any]]:
    """Cronbach's alpha (with ``alpha_ci`` and the per-item table) of every section with
    two or more items, and ``all`` items together, over the ``norm_<item>`` columns."""
    from serviq.survey.reliability import reliability

    scales: dict[str, list[str]] = {
        s.code: [f"norm_{i.code}" for i in s.items] for s in card.sections if len(s.items) >= 2
    }
    scales["all"] = [f"norm_{c}" for c in card.item_codes]
    out: dict[str, dict[str, Any]] = {}
    for name, cols in scales.items():
        data = scored[cols].apply(pd.to_numeric, errors="coerce")
        usable = [c for c in cols if data[c].notna().sum() > 2 and data[c].std() > 0]
        if len(usable) < 2:
            out[name] = {
                "raw_alpha": math.nan,
                "n": len(data),
                "note": "fewer than two items vary",
            }
            continue
        r = reliability(data, usable, lo=0.0, hi=1.0, ci_level=level)
        d = r.as_dict()
        d["items_used"] = [c.removeprefix("norm_") for c in usable]
        out[name] = d
    return out


@dataclass(frozen=True)
class Correlation:
    name: str
    n: int
    r: float
    lower: float
    upper: float
    p: float


def pearson_ci(x: np.ndarray, y: np.ndarray, name: str, level: float = 0.95) -> Correlation:
    """Pearson's r with the Fisher-z interval and the t-test p-value.

    >>> import numpy as np
    >>> c = pearson_ci(np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 1, 4, 3, 5]), "x")
    >>> round(c.r, 2), round(c.lower, 3), round(c.upper, 3)
    (0.8, -0.28, 0.986)
    """
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    n = len(x)
    if n < 4 or x.std() == 0 or y.std() == 0:
        return Correlation(name, n, math.nan, math.nan, math.nan, math.nan)
    r = float(np.corrcoef(x, y)[0, 1])
    z = math.atanh(max(min(r, 1 - 1e-15), -1 + 1e-15))
    h = float(stats.norm.ppf(1 - (1 - level) / 2)) / math.sqrt(n - 3)
    t = r * math.sqrt((n - 2) / max(1e-300, 1 - r * r))
    p = float(2 * stats.t.sf(abs(t), n - 2))
    return Correlation(name, n, r, math.tanh(z - h), math.tanh(z + h), p)


@dataclass(frozen=True)
class CsatValidity:
    n: int
    correlations: tuple[Correlation, ...]
    slope: float
    slope_ci: tuple[float, float]
    intercept: float
    r2: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "correlations": [c.__dict__ for c in self.correlations],
            "slope": self.slope,
            "slope_ci": list(self.slope_ci),
            "intercept": self.intercept,
            "r2": self.r2,
        }


def csat_validity(
    scored: pd.DataFrame,
    csat: pd.DataFrame,
    card: Scorecard,
    *,
    csat_column: str = "csat",
    level: float = 0.95,
) -> CsatValidity:
    """Correlate each item and the review score with the CSAT of the same contact."""
    for df, col in ((scored, "interaction_id"), (csat, "interaction_id"), (csat, csat_column)):
        if col not in df.columns:
            raise InvalidInput(f"no column {col!r} to join reviews and CSAT on")
    c = csat[["interaction_id", csat_column]].copy()
    c["interaction_id"] = c["interaction_id"].astype(str)
    c["_csat"] = pd.to_numeric(c[csat_column], errors="coerce")
    c = c[(c["_csat"] >= 1) & (c["_csat"] <= 5)].drop_duplicates("interaction_id")
    joined = scored.assign(interaction_id=scored["interaction_id"].astype(str)).merge(
        c[["interaction_id", "_csat"]], on="interaction_id", how="inner"
    )
    y = joined["_csat"].to_numpy(float)
    cors = [pearson_ci(pd.to_numeric(joined["score"]).to_numpy(float), y, "score", level)]
    for it in card.items:
        x = pd.to_numeric(joined[f"norm_{it.code}"], errors="coerce").to_numpy(float)
        cors.append(pearson_ci(x, y, it.code, level))
    n = len(joined)
    x = pd.to_numeric(joined["score"], errors="coerce").to_numpy(float) / 100.0
    if n >= 3 and x.std() > 0:
        X = np.column_stack([np.ones(n), x])
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        resid = y - X @ beta
        s2 = float(resid @ resid) / (n - 2)
        se = math.sqrt(s2 / float(((x - x.mean()) ** 2).sum()))
        t = float(stats.t.ppf(1 - (1 - level) / 2, n - 2))
        r2 = (
            1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())
            if y.std() > 0
            else math.nan
        )
        slope, intercept = float(beta[1]), float(beta[0])
        ci = (slope - t * se, slope + t * se)
    else:
        slope = intercept = r2 = math.nan
        ci = (math.nan, math.nan)
    return CsatValidity(n, tuple(cors), slope, ci, intercept, r2)
