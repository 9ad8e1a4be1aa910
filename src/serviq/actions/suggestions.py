"""Proposing improvement records (R-IND-9: analyse attainment, take action).

For a period P, an indicator in a scope is proposed when

- it missed its target in the last ``periods_short`` periods running, ending at P; or
- the control chart of its history (limits from the periods before P, the same XmR chart as
  :mod:`serviq.actions.effectiveness`) shows a signal at P on the worse side of the centre.

Both reasons together still make one suggestion. A suggestion is never an opened record:
the shell stores it as *proposed* and a person accepts or dismisses it. Indicators that
already have a proposal for P (accepted or dismissed) or a record still being worked are
left out, so a dismissed suggestion does not come back for the same period.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from serviq.actions.decisions import Reason, reason
from serviq.actions.effectiveness import before_after_chart
from serviq.actions.record import Series, show
from serviq.actions.ruleset import ActionRules
from serviq.errors import ServiqError


@dataclass(frozen=True)
class Suggestion:
    indicator: str
    scope: str
    period: str
    reasons: tuple[Reason, ...]
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.indicator, self.scope, self.period)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "scope": self.scope or "centre",
            "period": self.period,
            "reason": "; ".join(r.message(lang) for r in self.reasons),  # type: ignore[arg-type]
            "reasons": [r.as_dict(lang) for r in self.reasons],  # type: ignore[arg-type]
            "evidence": self.evidence,
        }


def _short_run(series: Series, period: str, needed: int) -> list[str] | None:
    """The last ``needed`` periods up to ``period`` when every one missed its target."""
    upto = [p for p in series.points if p.period <= period]
    if not upto or upto[-1].period != period or len(upto) < needed:
        return None
    run = upto[-needed:]
    return [p.period for p in run] if all(series.short(p) for p in run) else None


def _signal(series: Series, period: str, rules: ActionRules) -> list[str] | None:
    """The signals at ``period`` on the worse side, on the chart of the periods before it."""
    history = [p for p in series.known() if p.period < period]
    now = series.at(period)
    if now is None or not now.known or len(history) < rules.suggestions.min_history:
        return None
    try:
        chart = before_after_chart(history, [now], rules.verification)
    except ServiqError:
        return None
    last = chart.points[-1]
    value = float(last["value"])
    worse = value < chart.center if series.direction == "higher" else value > chart.center
    return list(last["signals"]) if last["signals"] and worse else None


def suggest(
    series: Iterable[Series],
    period: str,
    rules: ActionRules,
    *,
    proposed: Collection[tuple[str, str, str]] = (),
    busy: Collection[tuple[str, str]] = (),
) -> list[Suggestion]:
    """The records to propose for ``period``, one per indicator and scope at most.

    ``proposed`` holds the (indicator, scope, period) already proposed (and maybe
    dismissed); ``busy`` the (indicator, scope) with a record still being worked.
    """
    out = []
    for s in series:
        if (s.indicator, s.scope, period) in proposed or (s.indicator, s.scope) in busy:
            continue
        reasons: list[Reason] = []
        evidence: dict[str, Any] = {"direction": s.direction}
        now = s.at(period)
        if now is not None:
            evidence.update(value=now.value, target=now.target)
        run = _short_run(s, period, rules.suggestions.periods_short)
        if run is not None:
            reasons.append(
                reason(
                    "suggestion.short",
                    indicator=s.label("en"),
                    indicator_zh=s.label("zh-Hans"),
                    indicator_zht=s.label("zh-Hant"),
                    target=show(now.target if now else None, s.unit),
                    target_zh=show(now.target if now else None, s.unit, "zh-Hans"),
                    target_zht=show(now.target if now else None, s.unit, "zh-Hant"),
                    count=len(run),
                    periods=", ".join(run),
                )
            )
            evidence["short_periods"] = run
        signals = _signal(s, period, rules) if rules.suggestions.signals else None
        if signals:
            reasons.append(
                reason("suggestion.signal", indicator=s.label("en"),
                       indicator_zh=s.label("zh-Hans"), indicator_zht=s.label("zh-Hant"),
                       period=period, signals=", ".join(signals))
            )  # fmt: skip
            evidence["signals"] = signals
        if reasons:
            out.append(Suggestion(s.indicator, s.scope, period, tuple(reasons), evidence))
    return out
