"""Shifts for the personas in a window without public holidays, starting two weeks ahead,
so the swap and leave rules see a plain stretch of work (notice, holidays, rest)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def plain_base(days: int = 12) -> dt.date:
    """The first day at least 14 days ahead followed by ``days`` days without a holiday."""
    from serviq.workforce.calendars import holiday_calendar
    from serviq.workforce.ruleset import load_rules

    cal = holiday_calendar(load_rules().calendar.region)
    day = dt.date.today() + dt.timedelta(days=14)
    while any(cal.holiday(day + dt.timedelta(days=i)) for i in range(days)):
        day += dt.timedelta(days=1)
    return day


# person → the day offsets of their day shifts
PLAN = {"a001": (0, 2), "a002": (1,), "b001": (3,), "c001": (3,)}


def make_shifts(centre: dict[str, Any], base: dt.date) -> dict[tuple[str, int], Any]:
    from serviq.web.workforce.models import Shift
    from serviq.workforce.roster import make_shift
    from serviq.workforce.ruleset import load_rules

    rules = load_rules()
    out = {}
    for login, offsets in PLAN.items():
        person = centre["people"][login]
        for off in offsets:
            cs = make_shift(
                person.code, base + dt.timedelta(days=off), "day", rules, person.team.code
            )
            out[(login, off)] = Shift.objects.create(
                code=cs.id,
                team=person.team,
                person=person,
                date=cs.date,
                kind=cs.kind,
                start=cs.start,
                end=cs.end,
                night=cs.night,
            )
    return out


def extra_lead(centre: dict[str, Any], login: str, team: str) -> Any:
    """A further team lead (the personas have none for T3 and one per team)."""
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    t = centre["teams"][team]
    user = User.objects.create_user(login, password=None)
    return Person.objects.create(
        user=user,
        code=login.upper(),
        name=login,
        role="team_lead",
        centre=centre["people"]["lead1"].centre,
        department=t.department,
        team=t,
    )
