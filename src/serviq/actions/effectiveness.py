"""Whether an improvement action worked, decided by the indicator's own data (R-IND-9).

The values before the record (the *baseline*: every period before the record's period) set
an individuals (XmR) control chart — the centre line :math:`\\bar x` and limits
:math:`\\bar x \\pm L\\,\\overline{MR}/d_2` with :math:`d_2 = 1.128` (Wheeler & Chambers,
*Understanding Statistical Process Control*, 2nd ed., 1992, ch. 3; Montgomery, *Introduction
to Statistical Quality Control*, 7th ed., 2013, §6.4). The periods after the actions are
plotted against those fixed limits, and the chart's signal rules (Western Electric by
default) say whether they differ from the baseline. The chart is
:func:`serviq.reports.spc.control_chart`; this module only reads it.

The verdict, in order:

1. fewer periods after the actions than the criterion needs → **not yet measurable**
   (``effective`` is None);
2. the criterion is not met on the last ``periods`` periods → **not met** (False);
3. a ``no_signal`` criterion met → **held** (True): the check *is* the chart;
4. fewer than ``min_baseline_periods`` before the record → **no baseline** (None): the
   criterion is met but a change cannot be told from noise;
5. a signal on the better side among the periods after the actions → **improved** (True);
6. otherwise, when the record started on a point at least ``extreme_z`` sigmas worse than
   the baseline centre → **could be regression to the mean** (False): an extreme month is
   usually followed by a more ordinary one whatever is done (Barnett, van der Pols &
   Dobson, "Regression to the mean", *Int. J. Epidemiology* 34, 2005);
7. otherwise → **within noise** (False).

A met criterion is not a success on its own: only 3 and 5 are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from serviq.actions.decisions import Reason, reason
from serviq.actions.record import Criterion, Observation, Series, meets, show
from serviq.actions.ruleset import VerificationRules
from serviq.errors import ComputationError, ServiqError

Finding = Literal[
    "waiting", "not_met", "held", "no_baseline", "improved", "regression", "within_noise"
]


@dataclass(frozen=True)
class ChartView:
    """The before/after chart: fixed baseline limits and every period's signals."""

    center: float
    sigma: float | None
    lcl: float | None
    ucl: float | None
    points: tuple[dict[str, Any], ...]  # period, value, phase (baseline/start/after), signals

    def as_dict(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "sigma": self.sigma,
            "lcl": self.lcl,
            "ucl": self.ucl,
            "points": [dict(p) for p in self.points],
        }


@dataclass(frozen=True)
class Verdict:
    """``effective``: True, False, or None while not yet measurable; ``finding`` says why,
    ``reason`` in words (three languages), ``evidence`` the numbers behind it."""

    effective: bool | None
    finding: Finding
    criterion_met: bool | None
    reason: Reason
    chart: ChartView | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "effective": self.effective,
            "finding": self.finding,
            "criterion_met": self.criterion_met,
            "reason": self.reason.as_dict(lang),  # type: ignore[arg-type]
            "chart": self.chart.as_dict() if self.chart else None,
            **self.evidence,
        }


def before_after_chart(
    baseline: Sequence[Observation],
    later: Sequence[Observation],
    rules: VerificationRules,
    *,
    phases: Sequence[str] | None = None,
) -> ChartView:
    """The chart of ``baseline`` + ``later`` with centre and limits from ``baseline`` only.

    Raises :class:`~serviq.errors.ComputationError` (from the chart) when the baseline
    cannot set limits (fewer than two values, or no variation).
    """
    from serviq.reports.spc import control_chart

    before = [float(p.value) for p in baseline if p.value is not None]
    after = [float(p.value) for p in later if p.value is not None]
    base = control_chart(before, kind=rules.chart, L=rules.L, rules=rules.rules)
    sigma = (base.ucl - base.center) / rules.L if base.ucl is not None else None
    if not sigma or not math.isfinite(sigma):
        raise ComputationError(
            "the baseline has no variation, so its control limits cannot tell a change from noise"
        )
    labels = [p.period for p in (*baseline, *later)]
    full = control_chart(
        before + after,
        kind=rules.chart,
        center=base.center,
        sigma=sigma,
        L=rules.L,
        rules=rules.rules,
        labels=labels,
    )
    phase = list(phases) if phases is not None else ["baseline"] * len(before) + ["after"] * len(after)  # fmt: skip
    points = tuple(
        {
            "period": labels[i],
            "value": pt.value,
            "phase": phase[i],
            "signals": list(pt.signals),
        }
        for i, pt in enumerate(full.points)
    )
    return ChartView(base.center, sigma, base.lcl, base.ucl, points)


def _better(value: float, center: float, direction: str) -> bool:
    return value > center if direction == "higher" else value < center


def verify(
    series: Series,
    criterion: Criterion,
    *,
    period: str,
    after_from: str,
    rules: VerificationRules,
) -> Verdict:
    """The verdict on a record of ``series`` opened for ``period``, whose actions can show
    from ``after_from`` on (the first whole period after they were done)."""
    known = series.known()
    baseline = [p for p in known if p.period < period]
    start = series.at(period)
    after = [p for p in known if p.period >= after_from]
    last = after[-criterion.periods :] if len(after) >= criterion.periods else []
    unit = series.unit
    evidence: dict[str, Any] = {
        "indicator": series.indicator,
        "scope": series.scope,
        "period": period,
        "after_from": after_from,
        "criterion": criterion.as_dict(),
        "baseline": [{"period": p.period, "value": p.value} for p in baseline],
        "after": [{"period": p.period, "value": p.value, "target": p.target} for p in after],
    }
    if not last:
        why = reason("verdict.waiting", have=len(after), need=criterion.periods, start=after_from)
        return Verdict(None, "waiting", None, why, evidence=evidence)

    chart: ChartView | None = None
    if len(baseline) >= 2:
        try:
            seq = [*baseline, *([start] if start is not None and start.known else []), *after]
            phases = ["baseline"] * len(baseline)
            if start is not None and start.known:
                phases.append("start")
            phases += ["after"] * len(after)
            chart = before_after_chart(baseline, seq[len(baseline) :], rules, phases=phases)
        except ServiqError:
            chart = None

    if criterion.kind == "target":
        threshold = criterion.threshold if criterion.threshold is not None else last[-1].target
        if threshold is None:
            why = reason("verdict.not_met", detail="the indicator has no target")
            return Verdict(False, "not_met", False, why, chart, evidence)
        misses = [p for p in last if not meets(float(p.value or 0.0), threshold, series.direction)]
        evidence["threshold"] = threshold
        if misses:
            detail = ", ".join(f"{p.period} {show(p.value, unit)}" for p in misses)
            detail += f" vs {show(threshold, unit)}"
            why = reason("verdict.not_met", detail=detail)
            return Verdict(False, "not_met", False, why, chart, evidence)
    else:
        if chart is None or len(baseline) < rules.min_baseline_periods:
            why = reason("verdict.no_baseline", have=len(baseline), need=rules.min_baseline_periods)
            return Verdict(None, "no_baseline", None, why, chart, evidence)
        tail = [pt for pt in chart.points if pt["phase"] == "after"][-criterion.periods :]
        worse = [
            pt
            for pt in tail
            if pt["signals"] and not _better(float(pt["value"]), chart.center, series.direction)
        ]
        if worse:
            detail = ", ".join(f"{pt['period']} ({'/'.join(pt['signals'])})" for pt in worse)
            why = reason("verdict.not_met", detail=detail)
            return Verdict(False, "not_met", False, why, chart, evidence)
        why = reason("verdict.held", periods=criterion.periods, center=show(chart.center, unit))
        return Verdict(True, "held", True, why, chart, evidence)

    if chart is None or len(baseline) < rules.min_baseline_periods:
        why = reason("verdict.no_baseline", have=len(baseline), need=rules.min_baseline_periods)
        return Verdict(None, "no_baseline", True, why, chart, evidence)
    after_points = [pt for pt in chart.points if pt["phase"] == "after"]
    better = [
        pt
        for pt in after_points
        if pt["signals"] and _better(float(pt["value"]), chart.center, series.direction)
    ]
    if better:
        signals = ", ".join(f"{pt['period']}: {'/'.join(pt['signals'])}" for pt in better)
        why = reason("verdict.improved", signals=signals, center=show(chart.center, unit))
        return Verdict(True, "improved", True, why, chart, evidence)
    values = ", ".join(show(pt["value"], unit) for pt in after_points)
    z = _start_z(start, chart, series.direction)
    evidence["start_z"] = z
    if z is not None and z >= rules.extreme_z:
        why = reason(
            "verdict.regression",
            start=f"{period} {show(start.value if start else None, unit)}",
            z=f"{z:.1f}",
            center=show(chart.center, unit),
            values=values,
        )
        return Verdict(False, "regression", True, why, chart, evidence)
    why = reason(
        "verdict.within_noise",
        values=values,
        lcl=show(chart.lcl, unit),
        ucl=show(chart.ucl, unit),
    )
    return Verdict(False, "within_noise", True, why, chart, evidence)


def _start_z(start: Observation | None, chart: ChartView, direction: str) -> float | None:
    """How many sigmas the record's start point lies on the worse side of the centre."""
    if start is None or start.value is None or not chart.sigma:
        return None
    z = (start.value - chart.center) / chart.sigma
    z = -z if direction == "higher" else z
    return z if math.isfinite(z) else None
