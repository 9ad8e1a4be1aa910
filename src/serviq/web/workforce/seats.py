"""The roster page's staffing (R-OPS-8): per interval of one day, the agents a team's roster
puts on the floor against the Erlang C requirement (:mod:`serviq.ops.coverage`), short and
idle intervals, and what a proposed change of one shift does before it is saved.

Staffed agents are the team's shifts of the day as worked after approved swaps, without
those covered by approved leave. Demand is the team's contacts of the same weekday over the
last ``history_weeks`` weeks (``ops/staffing.yaml``); a contact's handle time is talk
(answer to end) plus wrap-up; abandoned contacts count as calls with the mean handle time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from serviq.errors import InvalidInput, NotFound
from serviq.messages import error
from serviq.ops import coverage
from serviq.web.dashboard.models import Interaction
from serviq.web.org.models import Team
from serviq.web.workforce import models as m
from serviq.web.workforce.schedules import core_shift, rules_in_force, schedule_around
from serviq.workforce.roster import make_shift


def _contacts(team: Team, day: dt.date, weeks: int) -> pd.DataFrame:
    lo = dt.datetime.combine(day - dt.timedelta(weeks=weeks, days=1), dt.time(0), tzinfo=dt.UTC)
    hi = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
    rows = Interaction.objects.filter(team=team, arrived_at__gte=lo, arrived_at__lt=hi).values_list(
        "arrived_at", "answered_at", "ended_at", "wrapup_seconds"
    )
    data = []
    for arrived, answered, ended, wrap in rows:
        talk = (ended - answered).total_seconds() if answered and ended else None
        data.append({"arrived_at": arrived, "handle": None if talk is None else talk + wrap})
    df = pd.DataFrame(data, columns=["arrived_at", "handle"])
    mean = df["handle"].mean() if df["handle"].notna().any() else None
    df["handle_seconds"] = df["handle"].fillna(mean if mean is not None else 0.0)
    return df[["arrived_at", "handle_seconds"]]


def _working(team: Team, day: dt.date) -> list[Any]:
    """The team's shifts that touch ``day``, as worked now, without those on approved leave."""
    schedule = schedule_around([day])
    lo = dt.datetime.combine(day, dt.time(0), tzinfo=rules_in_force()[0].calendar.zone)
    hi = lo + dt.timedelta(days=1)
    out = []
    qs = m.Shift.objects.filter(team=team, date__gte=day - dt.timedelta(1), date__lte=day)
    for s in qs.select_related("person"):
        cs = core_shift(s)
        if not cs.overlaps(lo, hi):
            continue
        worker = schedule.worker(cs.id)
        if any(lv.overlaps(cs.start, cs.end) for lv in schedule.leave_of(worker)):
            continue
        out.append(cs)
    return out


def day_view(
    team: Team,
    day: dt.date,
    *,
    change: str | None = None,
    to_kind: str | None = None,
    demand: list[coverage.Demand] | None = None,
) -> dict[str, Any]:
    """Rows of the day (``before``) and, with ``change`` (a shift code of the team) and
    ``to_kind`` (a shift kind, or empty to remove it), the rows ``after`` that change."""
    rules, _ = rules_in_force()
    srules = coverage.load_staffing_rules()
    zone = rules.calendar.zone
    if demand is None:
        demand = coverage.demand_from_history(
            _contacts(team, day, srules.history_weeks), day, srules, zone
        )
    shifts = _working(team, day)
    out: dict[str, Any] = {"day": day, "rules": srules, "change": None}
    if change:
        row = m.Shift.objects.filter(code=change, team=team).select_related("person").first()
        if row is None:
            raise error(NotFound, "shift.not_in_team", shift=change, team=team.code)
        add = None
        if to_kind:
            if to_kind not in rules.shift_kinds:
                allowed = ", ".join(rules.shift_kinds)
                raise error(InvalidInput, "shift.kind", kind=to_kind, allowed=allowed)
            add = make_shift(row.person.code, row.date, to_kind, rules, team.code)
        p = coverage.preview(demand, shifts, srules, remove=row.code, add=add)
        out["rows"] = p.before
        out["after"] = p.after
        out["change"] = {"shift": row.code, "to": to_kind or "", "shortfall": p.shortfall}
    else:
        out["rows"] = coverage.day_staffing(demand, shifts, srules)
    after = out.get("after") or [None] * len(out["rows"])
    out["pairs"] = [(r, a) for r, a in zip(out["rows"], after, strict=True) if r.calls or r.staffed]
    out["short"] = sum(1 for r in out["rows"] if r.status == "short")
    out["idle"] = sum(1 for r in out["rows"] if r.status == "idle")
    return out
