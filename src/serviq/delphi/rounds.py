"""Round over round: which indicators changed decision between two Delphi rounds.

For each indicator scored in either round: its decision in the first and the second round
(``None`` when it was not in that round), whether the decision changed, and the change of
its mean importance and of its coefficient of variation (second − first). A falling CV
and a rising Kendall's W mean the panel is converging (Hasson, Keeney & McKenna 2000).

>>> import pandas as pd
>>> from serviq.delphi.consultation import round_statistics
>>> def one(scores):
...     df = pd.DataFrame({"e": ["a", "a", "b", "b"], "i": ["x", "y", "x", "y"], "s": scores})
...     return round_statistics(df, expert="e", indicator="i", importance="s")
>>> compare_rounds(one([5, 3, 5, 4]), one([5, 4, 5, 5])).changed
('y',)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from serviq.delphi.consultation import IndicatorStatistics, RoundStatistics


@dataclass(frozen=True)
class IndicatorChange:
    indicator: str
    first: str | None
    second: str | None
    mean_change: float | None
    cv_change: float | None

    @property
    def changed(self) -> bool:
        return self.first != self.second

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "first": self.first,
            "second": self.second,
            "changed": self.changed,
            "mean_change": self.mean_change,
            "cv_change": self.cv_change,
        }


@dataclass(frozen=True)
class RoundComparison:
    indicators: tuple[IndicatorChange, ...]
    w_first: float | None
    w_second: float | None

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(i.indicator for i in self.indicators if i.changed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicators": [i.as_dict() for i in self.indicators],
            "changed": list(self.changed),
            "kendall_w": {"first": self.w_first, "second": self.w_second},
        }


def compare_rounds(first: RoundStatistics, second: RoundStatistics) -> RoundComparison:
    """The decisions of ``first`` and ``second`` side by side, in first-round order."""
    a = {i.indicator: i for i in first.indicators}
    b = {i.indicator: i for i in second.indicators}
    names = list(dict.fromkeys([*a, *b]))

    def delta(
        x: IndicatorStatistics | None, y: IndicatorStatistics | None, key: str
    ) -> float | None:
        if x is None or y is None:
            return None
        return float(getattr(y, key) - getattr(x, key))

    rows = tuple(
        IndicatorChange(
            indicator=name,
            first=a[name].decision if name in a else None,
            second=b[name].decision if name in b else None,
            mean_change=delta(a.get(name), b.get(name), "mean"),
            cv_change=delta(a.get(name), b.get(name), "cv"),
        )
        for name in names
    )
    return RoundComparison(
        indicators=rows,
        w_first=first.kendall.w if first.kendall else None,
        w_second=second.kendall.w if second.kendall else None,
    )
