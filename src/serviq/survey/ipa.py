"""Importance–performance analysis (IPA): where to act first.

Each attribute gets a performance (its mean rating) and an importance, either

- *stated*: the mean of a separate importance rating of the attribute, or
- *derived*: its Pearson correlation with overall satisfaction (implicit importance).

The grid is cut at the mean importance and mean performance of the attributes (the
"data-centred" cut) or at given values (e.g. the scale midpoint), and each attribute
falls in one of Martilla & James's four quadrants:

| importance | performance | quadrant |
|---|---|---|
| high | low  | ``concentrate_here`` |
| high | high | ``keep_up_the_good_work`` |
| low  | low  | ``low_priority`` |
| low  | high | ``possible_overkill`` |

A point exactly on a cut counts as high.

References: Martilla, J. A. & James, J. C. (1977) Importance–performance analysis,
J. Marketing 41(1), 77–79; Bacon, D. R. (2003) A comparison of approaches to
importance–performance analysis, Int. J. Market Research 45(1), 55–71.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput

QUADRANTS = {
    (True, False): "concentrate_here",
    (True, True): "keep_up_the_good_work",
    (False, False): "low_priority",
    (False, True): "possible_overkill",
}


@dataclass(frozen=True)
class IpaResult:
    """Per attribute: importance, performance, quadrant; and the cuts used."""

    items: pd.DataFrame
    importance_cut: float
    performance_cut: float
    importance_source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items.to_dict(orient="records"),
            "importance_cut": self.importance_cut,
            "performance_cut": self.performance_cut,
            "importance_source": self.importance_source,
        }


def ipa(
    data: pd.DataFrame,
    items: Sequence[str],
    *,
    importance: Mapping[str, str] | None = None,
    overall: str | None = None,
    importance_cut: float | None = None,
    performance_cut: float | None = None,
) -> IpaResult:
    """Importance–performance grid of ``items``.

    Give ``importance`` (item → its importance-rating column) for stated importance, or
    ``overall`` (the overall satisfaction column) for derived importance.

    >>> df = pd.DataFrame({"a": [5, 4, 5, 4], "b": [2, 3, 2, 3], "sat": [5, 4, 5, 4]})
    >>> ipa(df, ["a", "b"], overall="sat").items[["item", "quadrant"]].values.tolist()
    [['a', 'keep_up_the_good_work'], ['b', 'low_priority']]
    """
    items = list(items)
    if not items:
        raise InvalidInput("name at least one attribute column")
    if (importance is None) == (overall is None):
        raise InvalidInput(
            "give either stated importance columns or the overall-satisfaction column (derived importance), not both"
        )
    needed = items + (list(importance.values()) if importance else [overall or ""])
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise InvalidInput(
            f"columns not in the data: {', '.join(missing)}; the data has: {', '.join(map(str, data.columns))}"
        )
    if importance is not None:
        unknown = [k for k in importance if k not in items]
        lacking = [i for i in items if i not in importance]
        if unknown or lacking:
            raise InvalidInput(
                "every attribute needs exactly one importance column"
                + (f"; without one: {', '.join(lacking)}" if lacking else "")
                + (f"; not an attribute: {', '.join(unknown)}" if unknown else "")
            )
    num = data[list(dict.fromkeys(needed))].apply(pd.to_numeric, errors="coerce")
    rows = []
    for it in items:
        perf = num[it].dropna()
        if importance is not None:
            imp_s = num[importance[it]].dropna()
            imp = float(imp_s.mean()) if len(imp_s) else np.nan
            n_imp = len(imp_s)
        else:
            pair = num[[it, overall]].dropna()
            if len(pair) < 3 or pair[it].std() == 0 or pair[overall].std() == 0:
                raise ComputationError(
                    f"cannot correlate {it} with {overall}: fewer than 3 answers or no variance"
                )
            imp = float(pair[it].corr(pair[overall]))
            n_imp = len(pair)
        rows.append(
            {
                "item": it,
                "importance": imp,
                "performance": float(perf.mean()) if len(perf) else np.nan,
                "n": len(perf),
                "n_importance": int(n_imp),
            }
        )
    table = pd.DataFrame(rows)
    icut = float(table["importance"].mean()) if importance_cut is None else float(importance_cut)
    pcut = float(table["performance"].mean()) if performance_cut is None else float(performance_cut)
    table["quadrant"] = [
        QUADRANTS[(bool(i >= icut), bool(p >= pcut))]
        for i, p in zip(table["importance"], table["performance"], strict=True)
    ]
    return IpaResult(
        items=table,
        importance_cut=icut,
        performance_cut=pcut,
        importance_source="stated" if importance is not None else f"derived: r with {overall}",
    )
