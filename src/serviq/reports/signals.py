"""Signal rules for control charts: Western Electric, Nelson and Anhøj's runs rules.

The rule engine works on any chart: it takes the plotted values, the centre line and the
standard deviation of each plotted value (a scalar, or one per point when the limits vary
with the subgroup size) and returns, for each point, the codes of the rules it breaks.
A point's standardised distance is ``z_i = (x_i − centre_i) / σ_i``; the zones are
|z| > 1, 2 and ``L`` (3 by default).

Rule sets (codes as they appear in reports and JSON):

``western-electric`` (Western Electric, *Statistical Quality Control Handbook*, 1956)
    ``we1`` one point beyond the ``L``σ limits; ``we2`` two of three successive points
    beyond 2σ on the same side; ``we3`` four of five beyond 1σ on the same side; ``we4``
    eight successive points on the same side of the centre line.
``nelson`` (Nelson, "The Shewhart control chart — tests for special causes",
    *Journal of Quality Technology* 16(4), 1984)
    ``nelson1`` beyond ``L``σ; ``nelson2`` nine in a row on one side; ``nelson3`` six in a
    row steadily increasing or decreasing; ``nelson4`` fourteen in a row alternating up
    and down; ``nelson5`` two of three beyond 2σ, same side; ``nelson6`` four of five
    beyond 1σ, same side; ``nelson7`` fifteen in a row within 1σ; ``nelson8`` eight in a
    row beyond 1σ on either side.
``anhoej`` (Anhøj & Olesen, "Run charts revisited", *PLoS ONE* 9(11): e113825, 2014;
    Anhøj, *PLoS ONE* 10(3): e0121349, 2015)
    ``anhoej-limit`` beyond ``L``σ; ``anhoej-run`` the points of a run on one side of the
    centre line longer than ``round(log2(n) + 3)``; ``anhoej-crossings`` on every useful
    point when the series crosses its centre line fewer than ``qbinom(0.05, n − 1, 0.5)``
    times, ``n`` being the number of points not on the centre line. Meant for short series,
    where the zone rules give too many false alarms.

A rule flags the point that completes the pattern (and, for runs, every point of the run).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from serviq.errors import InvalidInput, Where

RuleSet = Literal["western-electric", "nelson", "anhoej"]
RULE_SETS: tuple[RuleSet, ...] = ("western-electric", "nelson", "anhoej")


@dataclass(frozen=True)
class RunsAnalysis:
    """Anhøj's runs analysis of one series around its centre line."""

    n_useful: int  # points not on the centre line
    longest_run: int
    longest_run_max: int  # the upper limit; a longer run signals
    crossings: int
    crossings_min: int  # the lower limit; fewer crossings signal
    runs_signal: bool
    crossings_signal: bool

    @property
    def signal(self) -> bool:
        return self.runs_signal or self.crossings_signal


def longest_run_limit(n_useful: int) -> int:
    """Upper limit for the longest run of ``n_useful`` points: ``round(log2(n) + 3)``.

    R's ``round`` (half to even) as in qicharts2; Python's ``round`` does the same.

    >>> [longest_run_limit(n) for n in (10, 12, 23, 46)]
    [6, 7, 8, 9]
    """
    if n_useful < 1:
        return 0
    return round(math.log2(n_useful) + 3)


def crossings_limit(n_useful: int) -> int:
    """Lower limit for the number of crossings: the 5 % quantile of Binomial(n − 1, ½).

    >>> [crossings_limit(n) for n in (10, 12, 24, 40)]
    [2, 3, 8, 14]
    """
    if n_useful < 2:
        return 0
    return int(stats.binom.ppf(0.05, n_useful - 1, 0.5))


def runs_analysis(values: ArrayLike, center: ArrayLike) -> RunsAnalysis:
    """Longest run and number of crossings of ``values`` around ``center`` (Anhøj 2014).

    Points on the centre line are left out, as in qicharts2.
    """
    x = np.asarray(values, dtype=float)
    c = np.broadcast_to(np.asarray(center, dtype=float), x.shape)
    side = np.sign(x - c)
    side = side[(side != 0) & np.isfinite(side)]
    n = int(side.size)
    if n == 0:
        return RunsAnalysis(0, 0, 0, 0, 0, False, False)
    changes = np.flatnonzero(side[1:] != side[:-1])
    bounds = np.concatenate(([0], changes + 1, [n]))
    lengths = np.diff(bounds)
    longest = int(lengths.max())
    crossings = int(changes.size)
    lmax = longest_run_limit(n)
    cmin = crossings_limit(n)
    return RunsAnalysis(n, longest, lmax, crossings, cmin, longest > lmax, crossings < cmin)


def _same_side_count(above: np.ndarray, below: np.ndarray, i: int, window: int) -> int:
    lo = max(0, i - window + 1)
    return max(int(above[lo : i + 1].sum()), int(below[lo : i + 1].sum()))


def _run_rule(side: np.ndarray, length: int) -> list[int]:
    """Indices ending (and inside) a run of ``length`` or more points on one side."""
    flagged: list[int] = []
    run = 0
    for i in range(side.size):
        run = run + 1 if i > 0 and side[i] != 0 and side[i] == side[i - 1] else 1
        if side[i] == 0:
            run = 0
        if run >= length:
            flagged.extend(range(i - length + 1, i + 1))
    return flagged


def _trend_rule(x: np.ndarray, length: int) -> list[int]:
    """Points completing ``length`` points in a row steadily rising or falling."""
    flagged: list[int] = []
    d = np.sign(np.diff(x))
    run = 0
    for j in range(d.size):
        run = run + 1 if j > 0 and d[j] != 0 and d[j] == d[j - 1] else (1 if d[j] != 0 else 0)
        if run >= length - 1:
            flagged.append(j + 1)
    return flagged


def _alternating_rule(x: np.ndarray, length: int) -> list[int]:
    flagged: list[int] = []
    d = np.sign(np.diff(x))
    run = 0
    for j in range(d.size):
        if d[j] == 0:
            run = 0
        elif j > 0 and d[j - 1] != 0 and d[j] == -d[j - 1]:
            run += 1
        else:
            run = 1
        if run >= length - 1:
            flagged.append(j + 1)
    return flagged


def signal_rules(
    values: ArrayLike,
    center: ArrayLike,
    sigma: ArrayLike,
    *,
    rules: str = "western-electric",
    L: float = 3.0,
) -> tuple[tuple[str, ...], ...]:
    """For each point, the codes of the rules it breaks (see the module docstring).

    ``sigma`` is the standard deviation of each plotted value (for a p chart,
    ``sqrt(p̄(1 − p̄)/nᵢ)``, times σ_z on a Laney chart).

    >>> signal_rules([0, 0.5, 4, 0], 0, 1)
    ((), (), ('we1',), ())
    >>> signal_rules([1.5] * 8, 0, 1)[-1]
    ('we3', 'we4')
    """
    if rules not in RULE_SETS:
        raise InvalidInput(
            f"unknown rule set {rules!r}; allowed: {', '.join(RULE_SETS)}",
            where=Where(field="rules"),
        )
    x = np.asarray(values, dtype=float)
    n = x.size
    c = np.broadcast_to(np.asarray(center, dtype=float), x.shape)
    s = np.broadcast_to(np.asarray(sigma, dtype=float), x.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, (x - c) / s, np.sign(x - c) * np.inf)
    z = np.where(np.isfinite(x), z, 0.0)
    side = np.sign(z)
    out: list[list[str]] = [[] for _ in range(n)]

    def flag(code: str, idx: Sequence[int] | np.ndarray) -> None:
        for i in sorted(set(int(k) for k in idx)):
            if code not in out[i]:
                out[i].append(code)

    beyond = np.flatnonzero(np.abs(z) > L)
    if rules == "western-electric":
        flag("we1", beyond)
        a2, b2 = z > 2, z < -2
        a1, b1 = z > 1, z < -1
        flag("we2", [i for i in range(n) if _same_side_count(a2, b2, i, 3) >= 2 and abs(z[i]) > 2])
        flag("we3", [i for i in range(n) if _same_side_count(a1, b1, i, 5) >= 4 and abs(z[i]) > 1])
        flag("we4", _run_rule(side, 8))
    elif rules == "nelson":
        flag("nelson1", beyond)
        flag("nelson2", _run_rule(side, 9))
        flag("nelson3", _trend_rule(x, 6))
        flag("nelson4", _alternating_rule(x, 14))
        a2, b2 = z > 2, z < -2
        a1, b1 = z > 1, z < -1
        flag(
            "nelson5",
            [i for i in range(n) if _same_side_count(a2, b2, i, 3) >= 2 and abs(z[i]) > 2],
        )
        flag(
            "nelson6",
            [i for i in range(n) if _same_side_count(a1, b1, i, 5) >= 4 and abs(z[i]) > 1],
        )
        inside = np.abs(z) < 1
        flag(
            "nelson7",
            [i for i in range(14, n) if inside[i - 14 : i + 1].all()],
        )
        outside = np.abs(z) > 1
        flag("nelson8", [i for i in range(7, n) if outside[i - 7 : i + 1].all()])
    else:
        flag("anhoej-limit", beyond)
        ra = runs_analysis(x, c)
        if ra.runs_signal:
            useful = [i for i in range(n) if side[i] != 0]
            run_start = 0
            for k in range(1, len(useful) + 1):
                if k == len(useful) or side[useful[k]] != side[useful[k - 1]]:
                    if k - run_start > ra.longest_run_max:
                        flag("anhoej-run", useful[run_start:k])
                    run_start = k
        if ra.crossings_signal:
            flag("anhoej-crossings", [i for i in range(n) if side[i] != 0])
    return tuple(tuple(codes) for codes in out)
