"""From the database to the core's values: people, shifts and the approved swaps and leave
as a :class:`serviq.workforce.shifts.Schedule`, the rules in force and the holiday calendar.

Nothing here decides anything; it only translates rows into the core's frozen values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from serviq.web.org.models import Person
from serviq.web.workforce import models as m
from serviq.workforce import shifts as core
from serviq.workforce.calendars import HolidayCalendar, holiday_calendar
from serviq.workforce.decisions import Decision
from serviq.workforce.ruleset import Rules, load_rules

# Django's language codes → the core's message languages.
CORE_LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
WINDOW = dt.timedelta(days=40)


def rules_in_force() -> tuple[Rules, HolidayCalendar]:
    rules = load_rules()
    return rules, holiday_calendar(rules.calendar.region)


def core_person(p: Person) -> core.Person:
    return core.Person(
        id=p.code,
        team=p.team.code if p.team_id else "",
        job_type=p.job_type or "agent",
        skill_level=p.skill_level,
        roles=frozenset({p.role}),
    )


def core_shift(s: m.Shift) -> core.Shift:
    return core.Shift(s.code, s.person.code, s.date, s.kind, s.start, s.end, night=s.night)


def schedule_around(
    days: Iterable[dt.date],
    *,
    exclude_swap: int | None = None,
    exclude_leave: int | None = None,
) -> core.Schedule:
    """The schedule of the weeks around ``days``: every shift, approved swap and leave there.

    ``exclude_*`` leaves out the request being checked, so that an approved request is
    checked as if it were new (its own approval must not count against it).
    """
    days = list(days)
    lo, hi = min(days) - WINDOW, max(days) + WINDOW
    shifts = list(m.Shift.objects.filter(date__gte=lo, date__lte=hi).select_related("person"))
    ids = {s.pk for s in shifts}
    swaps = m.SwapRequest.objects.filter(status="approved").select_related(
        "requester", "partner", "give_shift", "take_shift"
    )
    if exclude_swap is not None:
        swaps = swaps.exclude(pk=exclude_swap)
    swap_records = [
        core.SwapRecord(
            sw.requester.code,
            sw.partner.code,
            sw.give_shift.code,
            sw.take_shift.code,
            sw.decided_at,
        )
        for sw in swaps
        if sw.give_shift_id in ids and sw.take_shift_id in ids
    ]
    leave = m.LeaveRequest.objects.filter(
        status="approved", end__gte=_aware(lo), start__lte=_aware(hi)
    ).select_related("person")
    if exclude_leave is not None:
        leave = leave.exclude(pk=exclude_leave)
    leave_records = [core.LeaveRecord(lv.person.code, lv.kind, lv.start, lv.end) for lv in leave]
    people = Person.objects.filter(active=True).select_related("team")
    return core.Schedule.of(
        [core_person(p) for p in people],
        [core_shift(s) for s in shifts],
        swap_records,
        leave_records,
    )


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def shown(check: dict[str, Any], lang: str) -> dict[str, Any]:
    """A stored ``Decision.as_dict()`` with each reason's message in the page language."""
    core_lang = CORE_LANG.get(lang, "zh-Hans")
    out = dict(check)
    for key in ("reasons", "notes"):
        out[key] = [
            {**r, "message": r.get("messages", {}).get(core_lang, r.get("message", ""))}
            for r in check.get(key, [])
        ]
    return out


def decision_dict(decision: Decision) -> dict[str, Any]:
    return decision.as_dict("en")
