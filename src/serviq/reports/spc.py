"""Control charts and intervals for indicators over time (statistical process control).

One function, :func:`control_chart`, draws every chart the reports use; :func:`signal_rules`
(from :mod:`serviq.reports.signals`) marks the points that signal; :func:`wilson_interval`
gives the interval of a share. Full precision throughout; rounding is for display.

Charts (``kind``), with ``x_i`` the values, ``n_i`` the subgroup sizes or exposures and
``L`` the width of the limits in standard deviations (3 by default):

``p`` — shares. ``x_i`` are counts of ``n_i``; plotted ``p_i = x_i/n_i``; centre
    ``p̄ = Σx/Σn``; ``σ_i = sqrt(p̄(1 − p̄)/n_i)``; limits ``p̄ ± Lσ_i`` clipped to [0, 1]
    (Montgomery, *Introduction to Statistical Quality Control*, ch. 7).
``laney-p`` — p′ (Laney, "Improved control charts for attributes", *Quality Engineering*
    14(4):531–537, 2002): ``z_i = (p_i − p̄)/σ_i``, ``σ_z = mean|z_i − z_{i−1}| / 1.128``,
    limits ``p̄ ± Lσ_iσ_z``. σ_z = 1 gives the p chart; σ_z > 1 means over-dispersion,
    which very large subgroups (thousands of contacts a month) nearly always show.
``u`` / ``laney-u`` — counts per unit of exposure: ``u_i = x_i/n_i``, ``ū = Σx/Σn``,
    ``σ_i = sqrt(ū/n_i)``; the Laney form as above.
``xmr`` — individual values (times, scores): centre ``x̄``, average moving range
    ``mR̄ = mean|x_i − x_{i−1}|``, limits ``x̄ ± 2.66·mR̄`` (for L = 3; ``L/3·2.66·mR̄``
    otherwise) and the moving-range limit ``3.268·mR̄`` (Wheeler, *Making Sense of Data*,
    2003, the constants 2.660 and 3.268 for n = 2; σ̂ = mR̄/1.128).
``ewma`` — ``z_0 = μ_0``, ``z_i = λx_i + (1 − λ)z_{i−1}``; limits
    ``μ_0 ± Lσ sqrt(λ/(2 − λ)·(1 − (1 − λ)^{2i}))``, the chart's ``lcl``/``ucl`` being the
    asymptotic ``μ_0 ± Lσ sqrt(λ/(2 − λ))`` (NIST/SEMATECH e-Handbook of Statistical
    Methods, §6.3.2.4). ``μ_0`` defaults to the mean and σ to ``mR̄/1.128``.

``center`` and ``sigma`` fix the centre line and the process standard deviation (of one
observation for ``xmr``/``ewma``; ignored by the attribute charts, whose σ follows from
the centre) — a baseline period's values, for instance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from serviq.errors import ComputationError, InvalidInput, Where
from serviq.reports.signals import RULE_SETS, RunsAnalysis, runs_analysis, signal_rules

__all__ = [
    "KINDS",
    "RULE_SETS",
    "Chart",
    "Point",
    "RunsAnalysis",
    "control_chart",
    "signal_rules",
    "wilson_interval",
]

KINDS = ("p", "laney-p", "u", "laney-u", "xmr", "ewma")
#: Unbiasing constant d2 for moving ranges of two (Laney's 1.128).
D2 = 1.128
#: Wheeler's scaling constants for the XmR chart (n = 2).
E2 = 2.66
D4 = 3.268


@dataclass(frozen=True)
class Point:
    """One period on a chart."""

    label: str | None
    value: float
    center: float
    lcl: float | None
    ucl: float | None
    signals: tuple[str, ...]
    n: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": self.value,
            "center": self.center,
            "lcl": self.lcl,
            "ucl": self.ucl,
            "signals": list(self.signals),
            "n": self.n,
        }


@dataclass(frozen=True)
class Chart:
    """A control chart: its centre, limits (EWMA: asymptotic) and points."""

    kind: str
    center: float
    sigma_z: float | None
    lcl: float | None
    ucl: float | None
    points: tuple[Point, ...]
    rules: str = "western-electric"
    L: float = 3.0
    lam: float | None = None
    sigma: float | None = None  # process σ (xmr, ewma)
    mr_center: float | None = None  # xmr: mR̄
    mr_ucl: float | None = None  # xmr: 3.268·mR̄
    runs: RunsAnalysis | None = field(default=None)

    @property
    def signal(self) -> bool:
        """Whether any point signals."""
        return any(p.signals for p in self.points)

    def last_change(self) -> dict[str, Any] | None:
        """The change from the previous period to the last, and whether it is a signal.

        A change is called a signal when the last point breaks a rule; otherwise it is
        noise — common-cause variation the chart expects.
        """
        if len(self.points) < 2:
            return None
        last, prev = self.points[-1], self.points[-2]
        return {
            "from": prev.value,
            "to": last.value,
            "change": last.value - prev.value,
            "verdict": "signal" if last.signals else "noise",
            "signals": list(last.signals),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "center": self.center,
            "sigma_z": self.sigma_z,
            "limits": {"lcl": self.lcl, "ucl": self.ucl},
            "rules": self.rules,
            "L": self.L,
            "lambda": self.lam,
            "sigma": self.sigma,
            "mr_center": self.mr_center,
            "mr_ucl": self.mr_ucl,
            "runs": None if self.runs is None else self.runs.__dict__ | {},
            "points": [p.as_dict() for p in self.points],
        }


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a proportion (Newcombe 1998, method 3).

    ``(2np̂ + z² ± z·sqrt(z² + 4np̂(1 − p̂))) / (2(n + z²))`` with ``z`` the
    ``1 − α/2`` normal quantile (Wilson, *JASA* 22:209–212, 1927; Newcombe, "Two-sided
    confidence intervals for the single proportion", *Statistics in Medicine*
    17:857–872, 1998).

    >>> lo, hi = wilson_interval(81, 263)
    >>> round(lo, 4), round(hi, 4)
    (0.2553, 0.3662)
    """
    if not (isinstance(n, (int, float)) and math.isfinite(n) and n > 0):
        raise InvalidInput(f"n must be a positive number, got {n!r}", where=Where(field="n"))
    if not (math.isfinite(successes) and 0 <= successes <= n):
        raise InvalidInput(
            f"successes must lie between 0 and n ({n}), got {successes!r}",
            where=Where(field="successes"),
        )
    if not 0 < confidence < 1:
        raise InvalidInput(
            f"confidence must lie strictly between 0 and 1, got {confidence!r}",
            where=Where(field="confidence"),
        )
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    p = successes / n
    denom = 2 * (n + z * z)
    centre = 2 * n * p + z * z
    half = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    return max(0.0, (centre - half) / denom), min(1.0, (centre + half) / denom)


def _array(values: Sequence[float] | Any, name: str) -> np.ndarray:
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be numbers", where=Where(field=name)) from None
    if x.ndim != 1:
        raise InvalidInput(f"{name} must be one number per period", where=Where(field=name))
    bad = np.flatnonzero(~np.isfinite(x))
    if bad.size:
        raise InvalidInput(
            f"{name} must be finite numbers; period {int(bad[0]) + 1} is missing or not finite",
            where=Where(row=int(bad[0]) + 1, field=name),
        )
    return x


def _moving_range(x: np.ndarray) -> float:
    if x.size < 2:
        raise InvalidInput("a moving range needs at least two periods", where=Where(field="values"))
    return float(np.mean(np.abs(np.diff(x))))


def _attribute(
    kind: str, x: np.ndarray, n: np.ndarray, center: float | None
) -> tuple[np.ndarray, float, np.ndarray, float | None]:
    """Plotted values, centre, σ_i (times σ_z) and σ_z of a p, u or Laney chart."""
    if np.any(n <= 0):
        i = int(np.flatnonzero(n <= 0)[0])
        raise InvalidInput(
            f"subgroup size must be positive, got {n[i]:g} in period {i + 1}",
            where=Where(row=i + 1, field="n"),
        )
    if np.any(x < 0):
        i = int(np.flatnonzero(x < 0)[0])
        raise InvalidInput(
            f"counts cannot be negative, got {x[i]:g} in period {i + 1}",
            where=Where(row=i + 1, field="values"),
        )
    shares = kind in ("p", "laney-p")
    if shares and np.any(x > n):
        i = int(np.flatnonzero(x > n)[0])
        raise InvalidInput(
            f"count {x[i]:g} exceeds its subgroup size {n[i]:g} in period {i + 1}",
            where=Where(row=i + 1, field="values"),
        )
    y = x / n
    c = float(x.sum() / n.sum()) if center is None else float(center)
    if shares and not 0 <= c <= 1:
        raise InvalidInput(
            f"the centre of a share must lie in [0, 1], got {c}", where=Where(field="center")
        )
    sd = np.sqrt(c * (1 - c) / n) if shares else np.sqrt(c / n)
    sigma_z: float | None = None
    if kind.startswith("laney"):
        if y.size < 2:
            raise InvalidInput(
                "a Laney chart needs at least two periods", where=Where(field="values")
            )
        if np.any(sd == 0):
            raise ComputationError(
                "the centre is 0 or 1, so the z-scores of a Laney chart are undefined",
                where=Where(field="center"),
            )
        z = (y - c) / sd
        sigma_z = float(np.mean(np.abs(np.diff(z))) / D2)
        sd = sd * sigma_z
    return y, c, sd, sigma_z


def control_chart(
    values: Sequence[float] | Any,
    n: Sequence[float] | Any | None = None,
    *,
    kind: str,
    center: float | None = None,
    sigma: float | None = None,
    lam: float = 0.2,
    L: float = 3.0,
    rules: str = "western-electric",
    labels: Sequence[str] | None = None,
) -> Chart:
    """A control chart of ``values`` (one per period, in order) with its signals.

    For ``p``/``laney-p``/``u``/``laney-u``, ``values`` are counts and ``n`` the subgroup
    sizes (or exposures); for ``xmr`` and ``ewma``, ``values`` are the measurements and
    ``n`` is not used. See the module docstring for the formulas.

    >>> chart = control_chart([40, 44, 22, 34, 24, 32, 28, 32, 34, 30], [200] * 10, kind="p")
    >>> round(chart.center, 2), round(chart.lcl, 4), round(chart.ucl, 4)
    (0.16, 0.0822, 0.2378)
    """
    if kind not in KINDS:
        raise InvalidInput(
            f"unknown chart {kind!r}; allowed: {', '.join(KINDS)}", where=Where(field="chart")
        )
    if rules not in RULE_SETS:
        raise InvalidInput(
            f"unknown rule set {rules!r}; allowed: {', '.join(RULE_SETS)}",
            where=Where(field="rules"),
        )
    if not (math.isfinite(L) and L > 0):
        raise InvalidInput(f"L must be a positive number, got {L!r}", where=Where(field="L"))
    x = _array(values, "values")
    if x.size == 0:
        raise InvalidInput("no periods to chart", where=Where(field="values"))
    if labels is not None and len(labels) != x.size:
        raise InvalidInput(
            f"{len(labels)} labels for {x.size} periods", where=Where(field="labels")
        )
    names: list[str | None] = list(labels) if labels is not None else [None] * x.size
    sizes: np.ndarray | None = None
    extra: dict[str, Any] = {}

    if kind in ("p", "laney-p", "u", "laney-u"):
        if n is None:
            raise InvalidInput(
                f"a {kind} chart needs the subgroup sizes (n)", where=Where(field="n")
            )
        sizes = _array(n, "n")
        if sizes.size != x.size:
            raise InvalidInput(
                f"{sizes.size} subgroup sizes for {x.size} periods", where=Where(field="n")
            )
        y, c, sd, sigma_z = _attribute(kind, x, sizes, center)
        lo = c - L * sd
        hi = c + L * sd
        lo = np.maximum(lo, 0.0)
        if kind in ("p", "laney-p"):
            hi = np.minimum(hi, 1.0)
        same = bool(np.all(sizes == sizes[0]))
        chart_lcl = float(lo[0]) if same else None
        chart_ucl = float(hi[0]) if same else None
        plotted, centres = y, np.full(x.size, c)
        extra["sigma_z"] = sigma_z
    elif kind == "xmr":
        mr = _moving_range(x)
        c = float(x.mean()) if center is None else float(center)
        s = mr * E2 / 3 if sigma is None else float(sigma)
        sd = np.full(x.size, s)
        lo, hi = c - L * sd, c + L * sd
        chart_lcl, chart_ucl = float(lo[0]), float(hi[0])
        plotted, centres = x, np.full(x.size, c)
        extra.update(sigma=s, mr_center=mr, mr_ucl=D4 * mr, sigma_z=None)
    else:  # ewma
        if not 0 < lam <= 1:
            raise InvalidInput(
                f"lambda must lie in (0, 1], got {lam!r}", where=Where(field="lambda")
            )
        c = float(x.mean()) if center is None else float(center)
        s = _moving_range(x) / D2 if sigma is None else float(sigma)
        if s < 0:
            raise InvalidInput(f"sigma cannot be negative, got {s}", where=Where(field="sigma"))
        z = np.empty_like(x)
        prev = c
        for i, v in enumerate(x):
            prev = lam * v + (1 - lam) * prev
            z[i] = prev
        step = np.arange(1, x.size + 1)
        sd = s * np.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * step)))
        lo, hi = c - L * sd, c + L * sd
        asym = L * s * math.sqrt(lam / (2 - lam))
        chart_lcl, chart_ucl = c - asym, c + asym
        plotted, centres = z, np.full(x.size, c)
        extra.update(sigma=s, lam=lam, sigma_z=None)

    if kind == "ewma":
        # Runs rules do not apply to the autocorrelated EWMA statistic: limits only.
        beyond = np.abs(plotted - centres) > L * sd
        code = {"western-electric": "we1", "nelson": "nelson1", "anhoej": "anhoej-limit"}[rules]
        codes: tuple[tuple[str, ...], ...] = tuple((code,) if b else () for b in beyond)
        runs = None
    else:
        codes = signal_rules(plotted, centres, sd, rules=rules, L=L)
        runs = runs_analysis(plotted, centres)

    points = tuple(
        Point(
            label=names[i],
            value=float(plotted[i]),
            center=float(centres[i]),
            lcl=float(lo[i]),
            ucl=float(hi[i]),
            signals=codes[i],
            n=None if sizes is None else float(sizes[i]),
        )
        for i in range(x.size)
    )
    return Chart(
        kind=kind,
        center=float(centres[0]),
        sigma_z=extra.get("sigma_z"),
        lcl=chart_lcl,
        ucl=chart_ucl,
        points=points,
        rules=rules,
        L=L,
        lam=extra.get("lam"),
        sigma=extra.get("sigma"),
        mr_center=extra.get("mr_center"),
        mr_ucl=extra.get("mr_ucl"),
        runs=runs,
    )
