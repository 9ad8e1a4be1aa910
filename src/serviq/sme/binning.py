"""Optimal binning of a numeric feature against a binary target, with weight of evidence
and information value under a monotonic constraint (R-SME-3).

Method (the formulation of Navas-Palencia 2020, "Optimal binning: mathematical programming
formulation", arXiv:2001.08025, as implemented by the optbinning package):

1. **Pre-binning** by a classification tree (CART, Gini impurity, best-first growth) with at
   most ``max_prebins`` leaves of at least ``min_prebin_size`` × n rows each. Split points
   are midpoints between adjacent distinct values taken in single precision, as the tree of
   optbinning's pre-binning computes them. Pre-bins without events or without non-events
   are merged into their right-hand neighbour (the last one into its left).
2. **Optimal merging**: among all ways of merging adjacent pre-bins, the one with the
   largest information value whose event rates are monotonic (ascending or descending;
   ``auto`` takes the better of the two). Solved exactly by dynamic programming over
   (last bin start, last bin end); IV is additive over bins, so the optimum is exact.

With *e_i*, *ne_i* the events (target = 1) and non-events of bin *i* and *E*, *NE* their
totals::

    WoE_i = ln((ne_i / NE) / (e_i / E))
    IV_i  = (ne_i / NE − e_i / E) · WoE_i,      IV = Σ IV_i

The Gini of the binned feature is 2·AUC − 1 of the bins' event rates as the score (ties
within a bin count one half), the figure optbinning's binning table reports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from serviq.errors import InvalidInput, Where

Monotonic = Literal["auto", "ascending", "descending"]
MONOTONIC_TRENDS: tuple[str, ...] = ("auto", "ascending", "descending")


@dataclass(frozen=True)
class Bin:
    """One bin: ``[low, high)`` with its counts, event rate, WoE and IV contribution."""

    low: float
    high: float
    count: int
    events: int
    non_events: int
    event_rate: float
    woe: float
    iv: float

    @property
    def range(self) -> str:
        low = "-inf" if math.isinf(self.low) else f"{self.low:.2f}"
        high = "inf" if math.isinf(self.high) else f"{self.high:.2f}"
        return f"[{low}, {high})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "range": self.range,
            "low": None if math.isinf(self.low) else self.low,
            "high": None if math.isinf(self.high) else self.high,
            "count": self.count,
            "events": self.events,
            "non_events": self.non_events,
            "event_rate": self.event_rate,
            "woe": self.woe,
            "iv": self.iv,
        }


@dataclass(frozen=True)
class Binning:
    """The result: split points, the bins, total IV, Gini and the trend that was imposed."""

    feature: str
    splits: tuple[float, ...]
    bins: tuple[Bin, ...]
    iv: float
    gini: float
    trend: str

    def woe_of(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The WoE of each value's bin (bins are ``[low, high)``)."""
        x = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.splits), x, side="right")
        woes = np.array([b.woe for b in self.bins])
        return np.asarray(woes[idx], dtype=float)

    def as_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "splits": list(self.splits),
            "iv": self.iv,
            "gini": self.gini,
            "monotonic": self.trend,
            "bins": [b.as_dict() for b in self.bins],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Binning:
        bins = tuple(
            Bin(
                low=-math.inf if b["low"] is None else float(b["low"]),
                high=math.inf if b["high"] is None else float(b["high"]),
                count=int(b["count"]),
                events=int(b["events"]),
                non_events=int(b["non_events"]),
                event_rate=float(b["event_rate"]),
                woe=float(b["woe"]),
                iv=float(b["iv"]),
            )
            for b in data["bins"]
        )
        return cls(
            feature=str(data["feature"]),
            splits=tuple(float(s) for s in data["splits"]),
            bins=bins,
            iv=float(data["iv"]),
            gini=float(data["gini"]),
            trend=str(data["monotonic"]),
        )


def _gini_impurity(events: float, n: float) -> float:
    if n <= 0:
        return 0.0
    p = events / n
    return 2.0 * p * (1.0 - p)


def _best_split(
    xs: npt.NDArray[np.float32], ys: npt.NDArray[np.int64], min_leaf: int
) -> tuple[float, int, float] | None:
    """The best Gini split of a sorted node: (proxy improvement, position, threshold).

    The proxy is −(n_left·Gini_left + n_right·Gini_right); the first position with the
    largest proxy wins, as in a left-to-right scan."""
    n = len(xs)
    if n < 2 * min_leaf:
        return None
    cum = np.cumsum(ys)
    total = int(cum[-1])
    pos = np.arange(min_leaf, n - min_leaf + 1)  # min_leaf ≥ 1, so every pos < n
    pos = pos[xs[pos - 1] != xs[pos]]  # only between distinct values
    if len(pos) == 0:
        return None
    left_n = pos.astype(float)
    right_n = (n - pos).astype(float)
    left_e = cum[pos - 1].astype(float)
    right_e = total - left_e
    p_l, p_r = left_e / left_n, right_e / right_n
    proxy = -(left_n * (2.0 * p_l * (1.0 - p_l)) + right_n * (2.0 * p_r * (1.0 - p_r)))
    best = int(np.argmax(proxy))
    at = int(pos[best])
    threshold = float(np.float64(xs[at - 1]) / 2.0 + np.float64(xs[at]) / 2.0)
    return float(proxy[best]), at, threshold


def _cart_splits(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.int64], max_leaves: int, min_leaf: int
) -> list[float]:
    """Split points of a best-first CART tree (Gini) on one feature."""
    order = np.argsort(x, kind="stable")
    xs = x[order].astype(np.float32)
    ys = y[order]
    n_total = len(xs)

    def candidate(lo: int, hi: int) -> tuple[float, int, int, int, float] | None:
        seg_x, seg_y = xs[lo:hi], ys[lo:hi]
        n = hi - lo
        imp = _gini_impurity(float(seg_y.sum()), n)
        if imp <= 1e-7:
            return None
        best = _best_split(seg_x, seg_y, min_leaf)
        if best is None:
            return None
        _, pos, threshold = best
        left_e = float(seg_y[:pos].sum())
        right_e = float(seg_y[pos:].sum())
        improvement = (n / n_total) * (
            imp
            - (pos / n) * _gini_impurity(left_e, pos)
            - ((n - pos) / n) * _gini_impurity(right_e, n - pos)
        )
        return (improvement, lo, hi, lo + pos, threshold)

    frontier: list[tuple[float, int, int, int, float]] = []
    first = candidate(0, n_total)
    if first is not None:
        frontier.append(first)
    leaves = 1
    splits: list[float] = []
    while frontier and leaves < max_leaves:
        frontier.sort(key=lambda c: -c[0])
        _, lo, hi, mid, threshold = frontier.pop(0)
        splits.append(threshold)
        leaves += 1
        for seg in ((lo, mid), (mid, hi)):
            c = candidate(*seg)
            if c is not None:
                frontier.append(c)
    return sorted(splits)


def _counts(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.int64], splits: list[float]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    idx = np.searchsorted(np.asarray(splits, dtype=float), x, side="right")
    k = len(splits) + 1
    events = np.bincount(idx, weights=y, minlength=k).astype(np.int64)
    totals = np.bincount(idx, minlength=k).astype(np.int64)
    return events, totals - events


def _drop_pure(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.int64], splits: list[float]
) -> list[float]:
    """Merge pre-bins with no events or no non-events into a neighbour."""
    while splits:
        events, non_events = _counts(x, y, splits)
        pure = (events == 0) | (non_events == 0)
        if not pure.any():
            break
        i = int(np.argmax(pure))
        splits = splits[:i] + splits[i + 1 :] if i < len(splits) else splits[:-1]
    return splits


def _merge_dp(
    events: npt.NDArray[np.int64], non_events: npt.NDArray[np.int64], ascending: bool
) -> tuple[float, list[int]] | None:
    """Largest-IV merge of adjacent pre-bins with monotonic event rates.

    Returns (IV, the pre-bin indices where each bin starts). ``best[(i, j)]`` is the best IV
    of pre-bins ``0..j-1`` whose last bin is ``i..j-1``.
    """
    k = len(events)
    ce = np.concatenate([[0], np.cumsum(events)])
    cn = np.concatenate([[0], np.cumsum(non_events)])
    te, tn = float(ce[-1]), float(cn[-1])

    def seg(i: int, j: int) -> tuple[float, float] | None:
        e, ne = float(ce[j] - ce[i]), float(cn[j] - cn[i])
        if e == 0 or ne == 0:
            return None
        woe = math.log((ne / tn) / (e / te))
        return e / (e + ne), (ne / tn - e / te) * woe

    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
    for j in range(1, k + 1):
        for i in range(j):
            s = seg(i, j)
            if s is None:
                continue
            rate, iv = s
            if i == 0:
                best[(0, j)] = (iv, None)
                continue
            chosen: tuple[float, tuple[int, int] | None] | None = None
            for h in range(i):
                prev = best.get((h, i))
                if prev is None:
                    continue
                prev_seg = seg(h, i)
                assert prev_seg is not None
                prev_rate = prev_seg[0]
                ok = prev_rate <= rate if ascending else prev_rate >= rate
                if ok and (chosen is None or prev[0] + iv > chosen[0]):
                    chosen = (prev[0] + iv, (h, i))
            if chosen is not None:
                best[(i, j)] = chosen
    finals = [(v[0], key) for key, v in best.items() if key[1] == k]
    if not finals:
        return None
    total, key = max(finals, key=lambda t: t[0])
    starts: list[int] = []
    cur: tuple[int, int] | None = key
    while cur is not None:
        starts.append(cur[0])
        cur = best[cur][1]
    return total, sorted(starts)


def _gini_of_bins(events: npt.NDArray[np.int64], non_events: npt.NDArray[np.int64]) -> float:
    """2·AUC − 1 with the bins' event rates as the score, ties counting one half."""
    rate = events / (events + non_events)
    order = np.argsort(rate, kind="stable")
    e, ne = events[order].astype(float), non_events[order].astype(float)
    te, tn = e.sum(), ne.sum()
    below_ne = np.concatenate([[0.0], np.cumsum(ne)[:-1]])
    auc = float(np.sum(e * (below_ne + 0.5 * ne)) / (te * tn))
    return 2.0 * auc - 1.0


def optimal_binning(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    feature: str = "x",
    monotonic: str = "auto",
    max_prebins: int = 20,
    min_prebin_size: float = 0.05,
) -> Binning:
    """Bin ``x`` against the binary target ``y`` (1 = event) as described in the module."""
    if monotonic not in MONOTONIC_TRENDS:
        raise InvalidInput(
            f"unknown monotonic trend {monotonic!r}; allowed: {', '.join(MONOTONIC_TRENDS)}",
            where=Where(field="monotonic"),
        )
    xa = np.asarray(x, dtype=float)
    ya_raw = np.asarray(y, dtype=float)
    if xa.shape != ya_raw.shape or xa.ndim != 1:
        raise InvalidInput("feature and target must be two columns of the same length")
    if not np.all(np.isfinite(xa)):
        raise InvalidInput(
            f"feature {feature!r} has missing or infinite values", where=Where(column=feature)
        )
    if not np.all(np.isin(ya_raw, (0.0, 1.0))):
        raise InvalidInput("the target must be 0 or 1 on every row", where=Where(field="target"))
    ya = ya_raw.astype(np.int64)
    n_events = int(ya.sum())
    if n_events == 0 or n_events == len(ya):
        raise InvalidInput(
            "the target needs both events (1) and non-events (0)", where=Where(field="target")
        )

    min_leaf = max(1, math.ceil(min_prebin_size * len(xa)))
    splits = _drop_pure(xa, ya, _cart_splits(xa, ya, max_prebins, min_leaf))
    events, non_events = _counts(xa, ya, splits)

    trends = ["ascending", "descending"] if monotonic == "auto" else [monotonic]
    results = [(t, _merge_dp(events, non_events, t == "ascending")) for t in trends]
    found = [(t, r) for t, r in results if r is not None]
    if not found:  # pragma: no cover - one bin always satisfies both trends
        raise InvalidInput(
            f"feature {feature!r} cannot be binned monotonically", where=Where(column=feature)
        )
    trend, (_, starts) = max(found, key=lambda tr: tr[1][0])
    final_splits = [splits[s - 1] for s in starts[1:]]

    e_final, ne_final = _counts(xa, ya, final_splits)
    te, tn = float(e_final.sum()), float(ne_final.sum())
    edges = [-math.inf, *final_splits, math.inf]
    bins: list[Bin] = []
    for i, (e, ne) in enumerate(zip(e_final.tolist(), ne_final.tolist(), strict=True)):
        woe = math.log((ne / tn) / (e / te))
        bins.append(
            Bin(
                low=edges[i],
                high=edges[i + 1],
                count=e + ne,
                events=e,
                non_events=ne,
                event_rate=e / (e + ne),
                woe=woe,
                iv=(ne / tn - e / te) * woe,
            )
        )
    return Binning(
        feature=feature,
        splits=tuple(final_splits),
        bins=tuple(bins),
        iv=math.fsum(b.iv for b in bins),
        gini=_gini_of_bins(e_final, ne_final),
        trend=trend,
    )
