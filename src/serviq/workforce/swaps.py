"""Shift swaps (換班制度, R-OPS-7): the checks before approval, the flow, pay-backs.

A swap: the *requester* gives a shift (``give_shift``) to the *partner* and pays it back by
working one of the partner's shifts (``take_shift``, the pay-back, 還班). Flow: request →
the partner accepts → the team leads of both people approve (one lead when both are in
the same team) — :func:`swap_flow`.

:func:`check_swap` refuses, with a reason each, when

- either person would have more than ``swaps.max_per_person_per_month`` (2) swaps in the
  month — a swap counts in the month of its earlier shift;
- it is *consecutive* to another swap of either person: one of its shifts is within
  ``consecutive_within_days`` (1) calendar day(s) of a shift of an approved swap of theirs;
- the swap or the pay-back creates back-to-back shifts (連班): after the swap, a shift
  either person newly works starts less than ``min_rest_hours`` after another of their
  shifts ends, or ends less than that before the next one starts;
- job types differ, or skill levels differ by more than ``max_skill_level_difference``;
- either shift falls on a public holiday;
- either person has leave booked during either shift;
- a shift is not the giver's, or has already started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from serviq.workforce.approvals import Flow, Step
from serviq.workforce.attendance import AttendanceRecord
from serviq.workforce.calendars import HolidayCalendar
from serviq.workforce.decisions import JOB_NAMES, Decision, Reason, named_params, reason
from serviq.workforce.ruleset import Rules
from serviq.workforce.shifts import (
    Schedule,
    Shift,
    SwapRecord,
    format_duration,
    rest_between,
)


@dataclass(frozen=True)
class SwapRequest:
    requester: str
    partner: str
    give_shift: str
    take_shift: str

    def record(self, approved_at: dt.datetime | None = None) -> SwapRecord:
        return SwapRecord(
            self.requester, self.partner, self.give_shift, self.take_shift, approved_at
        )


def swap_month(swap: SwapRequest | SwapRecord, schedule: Schedule) -> tuple[int, int]:
    """The month a swap counts in: that of its earlier shift."""
    first = min(schedule.shift(sid).date for sid in (swap.give_shift, swap.take_shift))
    return (first.year, first.month)


def swaps_in_month(pid: str, month: tuple[int, int], schedule: Schedule) -> int:
    return sum(1 for sw in schedule.swaps_of(pid) if swap_month(sw, schedule) == month)


def _back_to_back(
    pid: str, new: Shift, after: Schedule, min_rest: dt.timedelta
) -> list[tuple[Shift, Shift, dt.timedelta]]:
    found = []
    for other in after.shifts_of(pid):
        if other.id == new.id:
            continue
        first, second = (other, new) if other.start <= new.start else (new, other)
        rest = rest_between(first, second)
        if rest < min_rest:
            found.append((first, second, rest))
    return found


def check_swap(
    request: SwapRequest,
    schedule: Schedule,
    rules: Rules,
    calendar: HolidayCalendar,
    now: dt.datetime,
) -> Decision:
    """Whether ``request`` may go to approval, with every reason it may not."""
    sr = rules.swaps
    a, b = schedule.person(request.requester), schedule.person(request.partner)
    give, take = schedule.shift(request.give_shift), schedule.shift(request.take_shift)
    if a.id == b.id:
        return Decision.of([reason("swap.same_person")])
    reasons: list[Reason] = []

    for shift, pid in ((give, a.id), (take, b.id)):
        owner = schedule.worker(shift.id)
        if owner != pid:
            reasons.append(reason("swap.shift_not_theirs", shift=shift.id, owner=owner, person=pid))
        if shift.start <= now:
            reasons.append(
                reason("swap.shift_started", shift=shift.id, start=shift.start.isoformat())
            )

    if sr.same_job_type and a.job_type != b.job_type:
        reasons.append(
            reason(
                "swap.job_type",
                a=a.id,
                b=b.id,
                **named_params(JOB_NAMES, a.job_type, "a_job"),
                **named_params(JOB_NAMES, b.job_type, "b_job"),
            )
        )
    if abs(a.skill_level - b.skill_level) > sr.max_skill_level_difference:
        reasons.append(
            reason(
                "swap.skill_level",
                a=a.id,
                a_level=a.skill_level,
                b=b.id,
                b_level=b.skill_level,
                limit=sr.max_skill_level_difference,
            )
        )

    if not sr.allowed_on_holidays:
        for shift in (give, take):
            hol = calendar.holiday(shift.date)
            if hol is not None:
                reasons.append(
                    reason(
                        "swap.holiday_shift",
                        shift=shift.id,
                        date=shift.date.isoformat(),
                        holiday=hol.name_en,
                        holiday_zh=hol.name,
                    )
                )

    for pid in (a.id, b.id):
        for shift in (give, take):
            if any(lv.overlaps(shift.start, shift.end) for lv in schedule.leave_of(pid)):
                reasons.append(
                    reason(
                        "swap.leave_booked", person=pid, shift=shift.id, date=shift.date.isoformat()
                    )
                )

    month = swap_month(request, schedule)
    for pid in (a.id, b.id):
        count = swaps_in_month(pid, month, schedule)
        if count + 1 > sr.max_per_person_per_month:
            reasons.append(
                reason(
                    "swap.monthly_limit",
                    person=pid,
                    count=count,
                    month=f"{month[0]}-{month[1]:02d}",
                    limit=sr.max_per_person_per_month,
                )
            )

    if not sr.consecutive_swaps_allowed:
        window = sr.consecutive_within_days
        for pid in (a.id, b.id):
            hit = _consecutive(pid, (give, take), schedule, window)
            if hit is not None:
                mine, other = hit
                reasons.append(
                    reason(
                        "swap.consecutive",
                        person=pid,
                        date=mine.isoformat(),
                        other_date=other.isoformat(),
                    )
                )

    if not any(r.code == "swap.shift_not_theirs" for r in reasons):
        after = schedule.with_swap(request.record())
        min_rest = dt.timedelta(hours=sr.min_rest_hours)
        for pid, new in ((a.id, take), (b.id, give)):
            for first, second, rest in _back_to_back(pid, new, after, min_rest):
                reasons.append(
                    reason(
                        "swap.back_to_back",
                        person=pid,
                        first=first.label,
                        first_zh=first.label_in("zh-Hans"),
                        first_zht=first.label_in("zh-Hant"),
                        second=second.label,
                        second_zh=second.label_in("zh-Hans"),
                        second_zht=second.label_in("zh-Hant"),
                        rest=format_duration(rest),
                        limit=f"{sr.min_rest_hours:g}",
                    )
                )

    return Decision.of(
        reasons,
        approver="team_lead",
        chain=[str(s) for s in swap_flow(request, schedule).steps],
    )


def _consecutive(
    pid: str, shifts: Iterable[Shift], schedule: Schedule, window: int
) -> tuple[dt.date, dt.date] | None:
    earlier = [schedule.shift(sid).date for sw in schedule.swaps_of(pid) for sid in sw.shift_ids]
    for s in shifts:
        for d in earlier:
            if abs((s.date - d).days) <= window:
                return s.date, d
    return None


def swap_flow(request: SwapRequest, schedule: Schedule) -> Flow:
    """Partner accepts (stage 0), then the team lead of each person's team (stage 1)."""
    teams = dict.fromkeys(
        [schedule.person(request.requester).team, schedule.person(request.partner).team]
    )
    return Flow.of(
        [Step("agent", request.partner, stage=0)]
        + [Step("team_lead", team, stage=1) for team in teams]
    )


@dataclass(frozen=True)
class Payback:
    """The pay-back (還班) of an approved swap: the shift the requester owes."""

    swap: SwapRecord
    shift: Shift
    status: Literal["owed", "paid", "missed"]


def paybacks(
    swaps: Iterable[SwapRecord],
    schedule: Schedule,
    now: dt.datetime,
    absences: Iterable[AttendanceRecord] = (),
) -> list[Payback]:
    """Every pay-back with its status: owed until its shift ends, then paid — or missed
    when an absence was recorded on it."""
    missed = {r.shift for r in absences if r.kind == "absent" and r.shift is not None}
    out = []
    for sw in swaps:
        shift = schedule.shift(sw.take_shift)
        status: Literal["owed", "paid", "missed"]
        if shift.id in missed:
            status = "missed"
        elif shift.end <= now:
            status = "paid"
        else:
            status = "owed"
        out.append(Payback(sw, shift, status))
    return out


def record_missed_swap_shift(swap: SwapRecord, shift: Shift) -> tuple[AttendanceRecord, ...]:
    """A missed or empty shift after a swap counts as absence, against both people."""
    why = reason(
        "swap.missed_shift",
        shift=shift.id,
        date=shift.date.isoformat(),
        a=swap.requester,
        b=swap.partner,
    )
    return tuple(
        AttendanceRecord(
            person=pid,
            date=shift.date,
            kind="absent",
            minutes=int((shift.end - shift.start).total_seconds() // 60),
            violation=True,
            reason=why,
            shift=shift.id,
        )
        for pid in swap.people
    )
