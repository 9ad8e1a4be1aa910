"""Absence and violation records entered by the team lead (R-OPS-6 §8, R-OPS-4).

- Late by ``attendance.late_minutes`` (20) minutes or more without leave asked for before
  the shift: a violation (違紀).
- Away from the post ``attendance.away_from_post_minutes`` (20) minutes or more without the
  shift leader's approval: a violation.
- Not at the shift at all without approved leave: absence (曠工).

Shorter lateness or absence from the post is recorded but is not a violation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from serviq.workforce.decisions import Reason, reason
from serviq.workforce.ruleset import Rules
from serviq.workforce.shifts import Shift

Kind = Literal["late", "away_from_post", "absent"]


@dataclass(frozen=True)
class AttendanceRecord:
    person: str
    date: dt.date
    kind: Kind
    minutes: int
    violation: bool
    reason: Reason | None = None
    shift: str | None = None


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def record_lateness(
    person: str, shift: Shift, arrived_at: dt.datetime, rules: Rules, *, had_leave: bool = False
) -> AttendanceRecord | None:
    """The record of arriving at ``arrived_at`` for ``shift``; ``None`` if on time."""
    late = _minutes(arrived_at - shift.start)
    if late <= 0:
        return None
    limit = rules.attendance.late_minutes
    violation = late >= limit and not had_leave
    return AttendanceRecord(
        person,
        shift.date,
        "late",
        late,
        violation,
        reason("attendance.late", minutes=late, limit=limit) if violation else None,
        shift.id,
    )


def record_away_from_post(
    person: str,
    left_at: dt.datetime,
    back_at: dt.datetime,
    rules: Rules,
    zone: dt.tzinfo,
    *,
    approved: bool = False,
    shift: str | None = None,
) -> AttendanceRecord:
    """The record of leaving the post from ``left_at`` to ``back_at``."""
    away = _minutes(back_at - left_at)
    limit = rules.attendance.away_from_post_minutes
    violation = away >= limit and not approved
    return AttendanceRecord(
        person,
        left_at.astimezone(zone).date(),
        "away_from_post",
        away,
        violation,
        reason("attendance.away_from_post", minutes=away, limit=limit) if violation else None,
        shift,
    )


def record_absence(person: str, shift: Shift) -> AttendanceRecord:
    """Absence from a whole shift without approved leave (曠工)."""
    return AttendanceRecord(
        person,
        shift.date,
        "absent",
        _minutes(shift.end - shift.start),
        True,
        reason("attendance.absent", shift=shift.id, date=shift.date.isoformat()),
        shift.id,
    )
