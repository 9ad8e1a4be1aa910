"""Sessions on the roster: the invited people's rostered shifts as the core's
:class:`~serviq.training.sessions.RosterShift` values, and the conflicts the core finds
(:func:`serviq.training.sessions.roster_conflicts`: a phone shift overlapping the session).
Every rostered shift of the workforce roster is a phone shift."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from serviq.training import sessions as core_sessions
from serviq.web.training.models import Invitation, TrainingSession
from serviq.web.training.records import core_session
from serviq.web.workforce.models import Shift


def _local(value: dt.datetime) -> dt.datetime:
    """Centre time without an offset (the core compares naive local times)."""
    return value.astimezone(settings.SERVIQ.zone).replace(tzinfo=None)


def shifts_around(codes: Iterable[str], start: dt.datetime, end: dt.datetime) -> list[Any]:
    return list(
        Shift.objects.select_related("person")
        .filter(person__code__in=list(codes), start__lt=end, end__gt=start)
        .order_by("start")
    )


def conflicts(s: TrainingSession) -> list[core_sessions.RosterConflict]:
    """The invited people rostered on a phone while the session runs."""
    value = core_session(s)
    local = core_sessions.Session(
        value.topic, value.kind, value.trainer, _local(s.start), s.minutes, value.invited
    )
    end = s.start + dt.timedelta(minutes=s.minutes)
    roster = [
        core_sessions.RosterShift(sh.person.code, _local(sh.start), _local(sh.end))
        for sh in shifts_around(value.invited, s.start, end)
    ]
    return core_sessions.roster_conflicts(local, roster)


def on_roster(team: Any, days: list[dt.date]) -> dict[str, dict[dt.date, list[dict[str, Any]]]]:
    """``person code → day → sessions`` for the roster grid, each with ``conflict`` (the
    person is on a phone shift at the time)."""
    zone = settings.SERVIQ.zone
    first = dt.datetime.combine(days[0], dt.time(), zone)
    last = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(), zone)
    found = (
        Invitation.objects.select_related("session", "person")
        .filter(session__team=team, session__start__gte=first, session__start__lt=last)
        .order_by("session__start")
    )
    by_session: dict[int, list[Invitation]] = defaultdict(list)
    for inv in found:
        by_session[inv.session_id].append(inv)
    out: dict[str, dict[dt.date, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for invs in by_session.values():
        s = invs[0].session
        clash = {c.person for c in conflicts(s)}
        day = s.start.astimezone(zone).date()
        for inv in invs:
            out[inv.person.code][day].append(
                {
                    "pk": s.pk,
                    "topic": s.topic,
                    "start": s.start,
                    "conflict": inv.person.code in clash,
                }
            )
    return out
