"""The plain values an improvement record is judged on: an indicator's series, the
effectiveness criterion set when the record is opened, and the record's state as the
lifecycle rules see it.

A :class:`Series` is one indicator in one scope (the centre, or a team), period by period,
as the dashboard stores it: the value, the target and whether the period was short of it.
The web shell reads it from the stored indicator results; the core never reads a database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from serviq.actions.decisions import Reason, reason
from serviq.errors import InvalidInput, Where
from serviq.indicators.units import unit_name
from serviq.messages import error

Direction = Literal["higher", "lower"]
CriterionKind = Literal["target", "no_signal"]
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_after(period: str) -> str:
    """``2026-10`` → ``2026-11``; ``2026-12`` → ``2027-01``."""
    m = MONTH.match(period)
    if m is None:
        raise error(InvalidInput, "form.period", period=period)
    year, month = int(m.group(1)), int(m.group(2))
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def first_month_after(day: dt.date) -> str:
    """The first whole month after ``day``: the earliest period an action done on ``day``
    can have changed throughout."""
    return month_after(month_of(day))


def meets(value: float, threshold: float, direction: Direction) -> bool:
    """Whether ``value`` is at or better than ``threshold`` (higher or lower is better)."""
    return value >= threshold if direction == "higher" else value <= threshold


@dataclass(frozen=True)
class Observation:
    """One period of an indicator: its value (None when it has no data) and target."""

    period: str
    value: float | None
    target: float | None = None

    @property
    def known(self) -> bool:
        return self.value is not None and math.isfinite(self.value)


@dataclass(frozen=True)
class Series:
    """An indicator in a scope (``""`` = the whole centre, else a team code), oldest first."""

    indicator: str
    scope: str
    direction: Direction
    points: tuple[Observation, ...]
    name: str = ""
    unit: str = ""
    names: Mapping[str, str] = field(default_factory=dict)  # lang → the indicator's name

    def label(self, lang: str = "") -> str:
        """The indicator's name in ``lang`` (from ``names``), else ``name``, else its code."""
        return (self.names.get(lang) if lang else None) or self.name or self.indicator

    def known(self) -> list[Observation]:
        return [p for p in self.points if p.known]

    def at(self, period: str) -> Observation | None:
        return next((p for p in self.points if p.period == period), None)

    def short(self, p: Observation) -> bool:
        """Whether the period missed its target (a period without data or target is not)."""
        if not p.known or p.target is None:
            return False
        assert p.value is not None
        return not meets(p.value, p.target, self.direction)


def show(value: float | None, unit: str = "", lang: str = "en") -> str:
    """A number for a message in ``lang``: rates as percentages, others to 3 significant
    figures with the unit's name (:func:`serviq.indicators.units.unit_name`)."""
    if value is None or not math.isfinite(value):
        return "—"
    if unit == "%":
        return f"{value * 100:.1f}%"
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return f"{text} {unit_name(unit, lang)}".strip() if unit else text


@dataclass(frozen=True)
class Criterion:
    """The effectiveness criterion, set when a record is opened.

    ``target``: the indicator at or better than ``threshold`` (default: the indicator's
    target) in the last ``periods`` consecutive periods after the actions. ``no_signal``: no
    control-chart signal on the worse side of the baseline centre line in those periods.
    """

    kind: CriterionKind = "target"
    periods: int = 2
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("target", "no_signal"):
            raise error(InvalidInput, "action.criterion_kind", where=Where(field="criterion.kind"),
                        kind=self.kind)  # fmt: skip
        if not 1 <= int(self.periods) <= 12:
            raise error(InvalidInput, "action.criterion_periods",
                        where=Where(field="criterion.periods"), periods=self.periods)  # fmt: skip
        if self.threshold is not None and not math.isfinite(self.threshold):
            raise InvalidInput(
                "criterion threshold must be a number", where=Where(field="criterion.threshold")
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Criterion | None:
        if not data:
            return None
        threshold = data.get("threshold")
        return cls(
            kind=data.get("kind", "target"),
            periods=int(data.get("periods", 2)),
            threshold=None if threshold in (None, "") else float(threshold),
        )

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "periods": self.periods, "threshold": self.threshold}

    def describe(self, series_label: str, direction: Direction, target: float | None,
                 unit: str = "") -> Reason:  # fmt: skip
        """The criterion in words (a note-kind :class:`Reason`, all three languages)."""
        if self.kind == "no_signal":
            return reason("criterion.no_signal", periods=self.periods)
        threshold = self.threshold if self.threshold is not None else target
        return reason(
            "criterion.target",
            indicator=series_label,
            op="≥" if direction == "higher" else "≤",
            threshold=show(threshold, unit),
            threshold_zh=show(threshold, unit, "zh-Hans"),
            threshold_zht=show(threshold, unit, "zh-Hant"),
            periods=self.periods,
        )


@dataclass(frozen=True)
class Actor:
    """Who acts: their person code, role and place (team, department)."""

    code: str
    role: str
    team: str | None = None
    department: str | None = None


@dataclass(frozen=True)
class RecordState:
    """What the lifecycle rules need to know about a record.

    ``team`` is the scope's team (None for a centre-wide record) and ``department`` the
    department it belongs to (None for the centre). ``tasks`` holds each action's
    ``(title, status)``.
    """

    status: str
    team: str | None
    department: str | None
    criterion: Criterion | None = None
    owner: str | None = None
    due: dt.date | None = None
    problem: str = ""
    root_cause: str = ""
    root_cause_method: str = ""
    tasks: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def scope_label(self) -> str:
        return self.team or "centre"
