"""The roster against the Erlang C requirement (R-OPS-8: the team lead watches busy and
idle times to arrange seats). Settings: ``ops/staffing.yaml`` (:class:`StaffingRules`).

For one day, per interval of ``interval_minutes`` (30) in the centre's zone:

- **demand** — calls and average handle time per interval, from a forecast or, by
  :func:`demand_from_history`, the mean of the same weekday's interval over the last
  ``history_weeks`` (4) weeks of contacts;
- **required** — :func:`serviq.ops.erlang.staffing`: the least agents N with service level
  SL(t) ≥ ``service_level`` within ``target_seconds`` (80 % in 20 s) and occupancy ≤
  ``max_occupancy``, grossed up for ``shrinkage``: ⌈N ÷ (1 − shrinkage)⌉;
- **staffed** — the shifts that cover the whole interval (after swaps and approved leave:
  the caller passes the shifts people actually work, anything with ``id``, ``start`` and
  ``end``);
- **gap** = staffed − required; ``short`` when below 0, ``idle`` when above
  ``idle_above`` (0), else ``ok``.

:func:`preview` answers what a proposed shift change (a shift removed, added or moved)
does to each interval before it is saved: the rows before and after and the intervals
whose status changes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from serviq.ops.erlang import figures, staffing
from serviq.resources import data_path
from serviq.yamlfile import load_model

Status = Literal["short", "idle", "ok", "closed"]


class StaffingRules(BaseModel):
    """``ops/staffing.yaml``. The source gives no numbers, so every default is ours: the
    common 80 % of calls answered in 20 s, 30-minute intervals, 30 % shrinkage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    interval_minutes: int = Field(default=30, ge=5, le=120)
    target_seconds: float = Field(default=20, ge=0)
    service_level: float = Field(default=0.8, gt=0, lt=1)
    max_occupancy: float = Field(default=1.0, gt=0, le=1)
    shrinkage: float = Field(default=0.3, ge=0, lt=1)
    history_weeks: int = Field(default=4, ge=1, le=12)
    default_aht: float = Field(default=300, gt=0)
    idle_above: int = Field(default=0, ge=0)

    @field_validator("interval_minutes")
    @classmethod
    def _divides_day(cls, value: int) -> int:
        if 1440 % value:
            raise ValueError(f"{value} does not divide a day; allowed: 5, 10, 15, 20, 30, 60 …")
        return value


def load_staffing_rules(path: str | Path | None = None) -> StaffingRules:
    """``path``, else the centre's or the bundled ``ops/staffing.yaml``."""
    return load_model(StaffingRules, Path(path) if path else data_path("ops/staffing.yaml"))


class Shift(Protocol):
    """What a shift needs here: an id and the times it covers."""

    @property
    def id(self) -> str: ...

    @property
    def start(self) -> dt.datetime: ...

    @property
    def end(self) -> dt.datetime: ...


@dataclass(frozen=True)
class Demand:
    start: dt.datetime
    calls: float
    aht: float


@dataclass(frozen=True)
class IntervalStaffing:
    start: dt.datetime
    end: dt.datetime
    calls: float
    aht: float
    traffic: float
    agents: int  # Erlang C, before shrinkage
    required: int  # with shrinkage
    staffed: int
    service_level: float  # what the staffed agents (net of shrinkage) achieve
    status: Status

    @property
    def gap(self) -> int:
        return self.staffed - self.required

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "calls": self.calls,
            "aht": self.aht,
            "traffic": self.traffic,
            "agents": self.agents,
            "required": self.required,
            "staffed": self.staffed,
            "gap": self.gap,
            "service_level": self.service_level,
            "status": self.status,
        }


def intervals(day: dt.date, zone: ZoneInfo, minutes: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """The day's intervals in the centre's zone, as aware datetimes."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    n = 24 * 60 // minutes
    step = dt.timedelta(minutes=minutes)
    return [(start + i * step, start + (i + 1) * step) for i in range(n)]


def demand_from_history(
    contacts: pd.DataFrame,
    day: dt.date,
    rules: StaffingRules,
    zone: ZoneInfo,
) -> list[Demand]:
    """The day's demand from past contacts (columns ``arrived_at`` aware, ``handle_seconds``):
    per interval, the mean calls of the same weekday's interval in the ``history_weeks``
    weeks before ``day`` (weeks without a contact count as 0), and their mean handle time
    (``default_aht`` where none)."""
    weeks = rules.history_weeks
    days = [day - dt.timedelta(weeks=w) for w in range(1, weeks + 1)]
    slots = intervals(day, zone, rules.interval_minutes)
    calls = [0.0] * len(slots)
    handle = [0.0] * len(slots)
    if not contacts.empty:
        local = pd.to_datetime(contacts["arrived_at"], utc=True).dt.tz_convert(zone)
        on = local.dt.date.isin(days)
        minute = local.dt.hour * 60 + local.dt.minute
        slot = (minute // rules.interval_minutes)[on]
        secs = contacts.loc[on, "handle_seconds"].astype(float)
        for k, n in slot.value_counts().items():
            calls[int(k)] = float(n)
        for k, total in secs.groupby(slot).sum().items():
            handle[int(k)] = float(total)
    out = []
    for i, (start, _) in enumerate(slots):
        aht = handle[i] / calls[i] if calls[i] else rules.default_aht
        out.append(Demand(start, calls[i] / weeks, aht))
    return out


def staffed_count(shifts: Iterable[Shift], start: dt.datetime, end: dt.datetime) -> int:
    """Shifts covering the whole interval ``start`` … ``end``."""
    return sum(1 for s in shifts if s.start <= start and s.end >= end)


def day_staffing(
    demand: Sequence[Demand], shifts: Sequence[Shift], rules: StaffingRules
) -> list[IntervalStaffing]:
    """Per interval of ``demand``: the Erlang C requirement against the shifts working."""
    step = dt.timedelta(minutes=rules.interval_minutes)
    out = []
    for d in demand:
        end = d.start + step
        staffed = staffed_count(shifts, d.start, end)
        if d.calls <= 0:
            status: Status = "idle" if staffed > 0 else "closed"
            row = IntervalStaffing(d.start, end, 0.0, d.aht, 0.0, 0, 0, staffed, 1.0, status)
            out.append(row)
            continue
        s = staffing(
            calls=d.calls,
            interval_minutes=rules.interval_minutes,
            aht=d.aht,
            target_seconds=rules.target_seconds,
            service_level=rules.service_level,
            max_occupancy=rules.max_occupancy,
            shrinkage=rules.shrinkage,
            table_rows=0,
        )
        net = math.floor(staffed * (1 - rules.shrinkage) + 1e-9)
        achieved = _service_level(s.traffic, net, d.aht, rules.target_seconds)
        gap = staffed - s.agents_with_shrinkage
        status = "short" if gap < 0 else ("idle" if gap > rules.idle_above else "ok")
        out.append(
            IntervalStaffing(
                d.start,
                end,
                d.calls,
                d.aht,
                s.traffic,
                s.agents,
                s.agents_with_shrinkage,
                staffed,
                achieved,
                status,
            )
        )
    return out


def _service_level(traffic: float, agents: int, aht: float, target: float) -> float:
    if agents <= traffic:
        return 0.0
    return figures(traffic, agents, aht, target).service_level


@dataclass(frozen=True)
class Preview:
    before: list[IntervalStaffing]
    after: list[IntervalStaffing]

    @property
    def changed(self) -> list[tuple[IntervalStaffing, IntervalStaffing]]:
        """The intervals whose staffed count changes, before and after."""
        return [
            (b, a) for b, a in zip(self.before, self.after, strict=True) if b.staffed != a.staffed
        ]

    @property
    def shortfall(self) -> tuple[int, int]:
        """Agents missing summed over the short intervals, before and after."""
        return (
            sum(-r.gap for r in self.before if r.status == "short"),
            sum(-r.gap for r in self.after if r.status == "short"),
        )


def preview(
    demand: Sequence[Demand],
    shifts: Sequence[Shift],
    rules: StaffingRules,
    *,
    remove: str | None = None,
    add: Shift | None = None,
) -> Preview:
    """What removing the shift ``remove`` and/or adding ``add`` (a moved shift is both) does
    to each interval, before it is saved."""
    after = [s for s in shifts if s.id != remove] + ([add] if add is not None else [])
    return Preview(day_staffing(demand, shifts, rules), day_staffing(demand, after, rules))
