"""Item analysis of a knowledge test: difficulty and discrimination of each question.

For N people and question j with scores ``x_ij`` in [0, 1] (1 = right):

- **difficulty** (facility) ``p_j = Σ_i x_ij / N`` — the proportion correct;
- **corrected item–total point-biserial** ``r_drop``: the Pearson correlation of the item
  with the sum of the *other* items (for 0/1 items Pearson's r is the point-biserial
  ``r_pb = (M_1 − M_0)/s · √(p q)``); taken from the survey engine's item statistics
  (:func:`serviq.survey.reliability.reliability`, psych's ``r.drop``);
- **upper–lower index** ``D_j = p_upper − p_lower``: people ranked by total score, the
  top and the bottom ``n_g = round(0.27 N)`` (at least 1) form the groups (Kelley, 1939,
  "The selection of upper and lower groups for the validation of test items", J. Educ.
  Psychol. 30, 17–24); ties at a cut are broken by the order of the file;
- the test's **KR-20** reliability, which for 0/1 items equals Cronbach's α (Kuder &
  Richardson, 1937), also from the survey engine.

Ebel's rule of thumb reads D ≥ 0.40 very good, 0.30–0.39 good, 0.20–0.29 marginal, below
0.20 poor (Ebel & Frisbie, *Essentials of Educational Measurement*, 1991, p. 232).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Where
from serviq.survey.reliability import reliability


@dataclass(frozen=True)
class ItemStats:
    """One question's difficulty and discrimination."""

    item: str
    n: int
    difficulty: float
    r_drop: float
    upper: float
    lower: float
    d_index: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class TestAnalysis:
    """All questions of one test, the group size and the test's KR-20."""

    n: int
    group_size: int
    kr20: float
    items: tuple[ItemStats, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "group_size": self.group_size,
            "kr20": self.kr20,
            "items": [i.as_dict() for i in self.items],
        }


def analyse(scores: pd.DataFrame, *, extreme: float = 0.27) -> TestAnalysis:
    """Item statistics of a scored matrix (rows: people, columns: questions, 0 to 1)."""
    if not 0 < extreme <= 0.5:
        raise InvalidInput("extreme must be above 0 and at most 0.5", where=Where(field="extreme"))
    items = [str(c) for c in scores.columns]
    X = scores.to_numpy(dtype=float)
    n = X.shape[0]
    if n < 4 or len(items) < 2:
        raise InvalidInput(
            f"item analysis needs at least 4 people and 2 questions; got {n} and {len(items)}",
            where=Where(field="results"),
        )
    try:
        rel = reliability(pd.DataFrame(X, columns=items), items)
        kr20 = rel.raw_alpha
        r_drop = [it.r_drop for it in rel.items]
    except InvalidInput:  # the total score does not vary: no discrimination to measure
        kr20, r_drop = math.nan, [math.nan] * len(items)
    total = X.sum(axis=1)
    g = max(1, round(extreme * n))
    order = np.argsort(-total, kind="stable")
    upper, lower = X[order[:g]], X[order[::-1][:g]]
    out = tuple(
        ItemStats(
            item=name,
            n=n,
            difficulty=float(X[:, j].mean()),
            r_drop=float(r_drop[j]),
            upper=float(upper[:, j].mean()),
            lower=float(lower[:, j].mean()),
            d_index=float(upper[:, j].mean() - lower[:, j].mean()),
        )
        for j, name in enumerate(items)
    )
    return TestAnalysis(n=n, group_size=g, kr20=float(kr20), items=out)
