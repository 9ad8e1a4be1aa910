"""Workforce in ``serviq demo``: requests that wait for the team lead today.

The generated history holds only decided swaps and leave. So that the team lead of the demo
(team ``T1``) has work on the day the demo starts, agents of that team ask for swaps, which
their partners accept, and for leave — through the same actions (:mod:`.actions`) and the
same rules as live requests, at the demo's ``now``. Candidates the rules refuse are skipped;
nothing is forced past them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from serviq.web.org.models import Person
from serviq.web.workforce import actions
from serviq.web.workforce import models as m
from serviq.web.workforce.schedules import rules_in_force, schedule_around
from serviq.workforce import swaps as core_swaps


def open_requests(
    now: dt.datetime, *, team: str = "T1", keep: str = "", swaps: int = 2, leave: int = 1
) -> dict[str, int]:
    """Up to ``swaps`` swaps (accepted by the partner, so the lead decides next) and
    ``leave`` leave requests by agents of ``team``, for shifts from two days after ``now``
    to forty days ahead; returns how many were opened. ``keep`` (the demo's agent login)
    asks only when no colleague can, so that the visitor finds their own shifts free.

    Candidates are checked with the core's rule (:func:`serviq.workforce.swaps.check_swap`)
    on one schedule, and only an allowed pair is requested through the action, which checks
    it again."""
    soon, until = now + dt.timedelta(days=2), now + dt.timedelta(days=40)
    asked, accepted = now - dt.timedelta(hours=2), now - dt.timedelta(hours=1)
    rules, calendar = rules_in_force()
    schedule = schedule_around([soon.date(), until.date()])
    agents = sorted(p for p, who in schedule.people.items() if who.team == team and p in _agents())
    others, kept = [p for p in agents if p != keep], [p for p in agents if p == keep]
    requesters = others + kept
    window = [s for s in schedule.shifts.values() if soon < s.start < until]
    opened = {"swaps": 0, "leave": 0}
    used: set[str] = set()
    for pid in requesters:
        if opened["swaps"] >= swaps:
            break
        pair = allowed_pair(pid, window, schedule, rules, calendar, asked, used)
        if pair is None:
            continue
        shift = {s.code: s for s in m.Shift.objects.filter(code__in=pair)}
        person = Person.objects.select_related("team").get(code=pid)
        try:
            sw = actions.request_swap(person, shift[pair[0]], shift[pair[1]], now=asked)
        except actions.RuleRefusal:
            continue
        used.update(pair)
        actions.act_on_swap(sw, sw.partner, "approve", now=accepted)
        opened["swaps"] += 1
    for pid in [*reversed(others), *kept]:
        if opened["leave"] >= leave:
            break
        person = Person.objects.select_related("team").get(code=pid)
        mine = [s for s in schedule.shifts_of(pid) if s.start > now + dt.timedelta(days=5)]
        for s in mine[:6]:
            if s.id in used:
                continue
            try:
                actions.submit_leave(person, "personal", s.start, s.end, now=accepted)
            except actions.RuleRefusal:
                continue
            opened["leave"] += 1
            break
    return opened


def visitor_agent(now: dt.datetime, zone: dt.tzinfo, *, team: str = "T1") -> str | None:
    """The agent of ``team`` (first by code) who has a shift this month that the swap rules
    let them swap at ``now`` — the one the demo's ``agent`` login should be (the history may
    have used up an agent's swaps of the month, or left them no colleague of their job and
    skill level); ``None`` when no one has."""
    today = now.astimezone(zone).date()
    last = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    rules, calendar = rules_in_force()
    schedule = schedule_around([today, last])
    window = [
        s
        for s in schedule.shifts.values()
        if s.start > now + dt.timedelta(hours=2) and s.date <= last
    ]
    agents = sorted(p for p, who in schedule.people.items() if who.team == team and p in _agents())
    for pid in agents:
        if allowed_pair(pid, window, schedule, rules, calendar, now) is not None:
            return pid
    return None


def _agents() -> set[str]:
    return set(Person.objects.filter(role="agent", active=True).values_list("code", flat=True))


def allowed_pair(
    pid: str,
    window: list[Any],
    schedule: Any,
    rules: Any,
    calendar: Any,
    at: dt.datetime,
    used: Collection[str] = (),
    *,
    tries: int = 300,
) -> tuple[str, str] | None:
    """The first (give, take) of ``pid``'s shifts in ``window`` and a colleague's of the same
    job and month that the core's swap rule allows at ``at`` (at most ``tries`` checks)."""
    me = schedule.person(pid)
    mine = [s for s in window if schedule.worker(s.id) == pid and s.id not in used]
    for give in sorted(mine, key=lambda s: s.start)[:8]:
        for take in sorted(window, key=lambda s: s.start):
            partner = schedule.worker(take.id)
            if (
                partner == pid
                or take.id in used
                or take.date == give.date
                or (take.date.year, take.date.month) != (give.date.year, give.date.month)
                or schedule.person(partner).job_type != me.job_type
            ):
                continue
            tries -= 1
            if tries < 0:
                return None
            req = core_swaps.SwapRequest(pid, partner, give.id, take.id)
            if core_swaps.check_swap(req, schedule, rules, calendar, at).ok:
                return give.id, take.id
    return None
