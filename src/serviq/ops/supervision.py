"""Work orders left open and the department director's weekly supervision totals (R-OPS-8).

Work orders come in the canonical columns of :mod:`serviq.ops.schemas` (``work_orders``:
``created_at``, ``due_at``, ``closed_at``, ``escalated``, ``callback_required``,
``callback_done``, ``callback_at``, ``team_id``; times UTC, naive or aware). Their events are
read off those columns: *escalated* (督辦, a supervised case) when created with
``escalated``, *answered* (反饋) at ``closed_at``, *called back* (回訪) at ``callback_at``.

The backlog at the end of a month (:func:`backlog_values`), per month for the centre and
each team::

    backlog_open         = orders created before the end and not closed by it
    backlog_overdue_rate = open orders whose due time is before the end ÷ backlog_open

(undefined — absent — when nothing is open). The end is midnight after the month's last
day in ``timezone``, or ``as_of`` for a month still running.

The weekly totals (:func:`weekly_totals`), Monday to Sunday in ``timezone``: supervised
cases created in the week, those answered in the week, call-backs made in the week,
supervised cases needing a call-back, and the call-back rate of the week's answered cases
that needed one (called back ÷ needing one; the ops KPI ``callback_rate`` per period of
creation is the same ratio over a month).

>>> import pandas as pd
>>> wo = pd.DataFrame({"work_order_id": ["a", "b", "c"], "team_id": ["T1", "T1", "T2"],
...     "created_at": pd.to_datetime(["2026-10-05 02:00", "2026-10-20 02:00", "2026-10-30 02:00"]),
...     "due_at": pd.to_datetime(["2026-10-06", "2026-10-25", "2026-11-05"]),
...     "closed_at": pd.to_datetime(["2026-10-05 08:00", None, None]),
...     "escalated": [True, False, True], "callback_required": [True, True, True],
...     "callback_done": [True, False, False],
...     "callback_at": pd.to_datetime(["2026-10-06 03:00", None, None])})
>>> backlog_values(wo, ["2026-10"], "Asia/Shanghai")[("2026-10", "")]
{'backlog_open': 2.0, 'backlog_overdue_rate': 0.5}
>>> [(w.week, w.supervised, w.answered, w.called_back) for w in weekly_totals(wo, "Asia/Shanghai")]
[('2026-10-05', 1, 1, 1), ('2026-10-26', 1, 0, 0)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

#: The backlog KPIs this module gives (the ops KPIs of the same names in ``sources.yaml``).
BACKLOG_KPIS = ("backlog_open", "backlog_overdue_rate")


def _local(series: Any, timezone: str) -> pd.Series:
    """Times as naive local times in ``timezone`` (naive input is UTC)."""
    t = pd.to_datetime(pd.Series(series), utc=True)
    return t.dt.tz_convert(timezone).dt.tz_localize(None)


def _flag(frame: pd.DataFrame, column: str, default: bool) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(default, index=frame.index)
    return frame[column].astype("boolean").fillna(default).astype(bool)


def _month_end(period: str) -> pd.Timestamp:
    return pd.Period(period, freq="M").end_time.normalize() + pd.Timedelta(days=1)


def backlog_values(
    work_orders: pd.DataFrame,
    periods: Iterable[str],
    timezone: str,
    *,
    as_of: Any = None,
) -> dict[tuple[str, str], dict[str, float]]:
    """``(period, scope) → {backlog_open, backlog_overdue_rate}`` at each month's end
    (module doc); scope ``""`` is the centre, else the team. The rate is left out where
    nothing is open."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    if work_orders.empty:
        return out
    created = _local(work_orders["created_at"], timezone)
    closed = _local(work_orders["closed_at"], timezone)
    due = _local(work_orders["due_at"], timezone)
    teams = work_orders["team_id"] if "team_id" in work_orders.columns else None
    cap = _local([as_of], timezone).iloc[0] if as_of is not None else None
    for period in periods:
        end = _month_end(period)
        if cap is not None and cap < end:
            end = cap
        open_ = (created < end) & (closed.isna() | (closed >= end))
        overdue = open_ & (due < end)
        groups: list[tuple[str, pd.Series]] = [("", open_)]
        if teams is not None:
            groups += [(str(t), open_ & (teams == t)) for t in sorted(teams.dropna().unique())]
        for scope, mask in groups:
            n = float(mask.sum())
            values = {"backlog_open": n}
            if n > 0:
                values["backlog_overdue_rate"] = float((mask & overdue).sum()) / n
            out[(period, scope)] = values
    return out


@dataclass(frozen=True)
class WeekTotals:
    """One week's supervision totals (Monday ``week``, ISO date, in the centre's zone)."""

    week: str
    supervised: int  # escalated (督辦) cases created in the week
    answered: int  # supervised cases answered (反饋, closed) in the week
    called_back: int  # call-backs (回訪) made in the week, any work order
    callback_required: int  # supervised cases answered in the week that need a call-back
    callback_met: int  # of those, the ones called back

    @property
    def callback_rate(self) -> float | None:
        """callback_met ÷ callback_required; None when none needed one."""
        return self.callback_met / self.callback_required if self.callback_required else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "callback_rate": self.callback_rate}


def _monday(t: pd.Series) -> pd.Series:
    day = t.dt.normalize()
    return day - pd.to_timedelta(day.dt.day_of_week, unit="D")


def weekly_totals(
    work_orders: pd.DataFrame,
    timezone: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[WeekTotals]:
    """The weeks (Monday first) with any supervision event, or every week that overlaps
    ``start`` … ``end`` (end excluded) when both are given; module doc for each total."""
    frame = work_orders.reset_index(drop=True)
    if frame.empty and (start is None or end is None):
        return []
    none = pd.Series(pd.NaT, index=frame.index)
    esc = _flag(frame, "escalated", False)
    needs = _flag(frame, "callback_required", True)
    done = _flag(frame, "callback_done", False)
    created, closed, called = (
        _monday(_local(frame[c] if c in frame.columns else none, timezone))
        for c in ("created_at", "closed_at", "callback_at")
    )
    if start is not None and end is not None:
        lo = pd.Timestamp(start)
        lo = lo - pd.Timedelta(days=lo.day_of_week)
        weeks = list(pd.date_range(lo, pd.Timestamp(end) - pd.Timedelta(days=1), freq="7D"))
    else:
        seen = pd.concat([created[esc], closed[esc], called[done]]).dropna()
        weeks = [pd.Timestamp(w) for w in sorted(seen.unique())]
    out = []
    for week in weeks:
        answered = esc & (closed == week)
        required = answered & needs
        out.append(
            WeekTotals(
                week=week.date().isoformat(),
                supervised=int((esc & (created == week)).sum()),
                answered=int(answered.sum()),
                called_back=int((done & (called == week)).sum()),
                callback_required=int(required.sum()),
                callback_met=int((required & done).sum()),
            )
        )
    return out


def totals_of(weeks: Sequence[WeekTotals]) -> dict[str, Any]:
    """The weeks summed (the report's row for its period); the rate over the sums."""
    keys = ("supervised", "answered", "called_back", "callback_required", "callback_met")
    out: dict[str, Any] = {k: sum(getattr(w, k) for w in weeks) for k in keys}
    out["callback_rate"] = (
        out["callback_met"] / out["callback_required"] if out["callback_required"] else None
    )
    return out
