"""Leave (請假制度, R-OPS-6): the checks before approval, the approval chain, certificates.

:func:`check_leave` applies, to a request submitted at ``now``:

- **notice** before the first shift the leave covers — personal leave one day
  (``leave.notice.personal_days``), special personal leave one hour
  (``special_personal_minutes``), sick and emergency leave before the shift;
- **night shifts**: asked for before 12:00 local time on the day of the night shift
  (``night_shift_deadline``);
- **public holidays**: refused, except a very special case (``special_case``) asked for
  two days ahead (``holiday_days``);
- **in person** for personal leave (``in_person_kinds``); sick leave may be asked for by
  someone else;
- **no leave on a swapped or paid-back shift** (R-OPS-7 §6);

and, when allowed, names the approver and the chain: one day → the department director,
more → the centre director, official business or study → the centre director, passing
level by level from the team lead (``levels``, ``authority``). The *length* of a leave is
the number of shifts it covers (one shift is one day off work); when the person has no
rostered shift in the period, the number of calendar days it touches.

**Late leave** (如不能提前請假需經管理人員批准後方可生效。否則，按曠工處理): a request whose
only fault is too short a notice is *allowed as late* (``Decision.late``) while it is asked
before the decision deadline (the first shift's start plus
``leave.late.decide_by_minutes_after_shift_start``). It goes straight to one manager
(:func:`late_approver`: ``leave.late.approver``, or the leave's own authority when that is
higher) and takes effect only when that manager approves before the deadline
(:func:`check_late_approval`); refused, or undecided at the deadline, each shift it covers
is an absence (曠工) with the reason (:func:`late_absences`).

Sick leave of a full day or more needs a medical certificate covering the whole period
without gaps, handed to the team lead on the first day back (:func:`certificate_due`,
:func:`check_certificate`, :func:`certificate_reminders`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from serviq.workforce.approvals import Flow, Step
from serviq.workforce.attendance import AttendanceRecord
from serviq.workforce.calendars import HolidayCalendar
from serviq.workforce.decisions import KIND_NAMES, Decision, Reason, reason, role_params
from serviq.workforce.ruleset import LeaveKind, Rules
from serviq.workforce.shifts import LeaveRecord, Schedule, Shift


@dataclass(frozen=True)
class LeaveRequest:
    person: str
    kind: LeaveKind
    start: dt.datetime
    end: dt.datetime
    submitted_by: str
    special_case: bool = False


def _span_text(delta: dt.timedelta) -> tuple[str, str]:
    """English and Chinese wording of a notice period: ``1 day 2 h 5 min``, ``1天2小时5分钟``."""
    minutes = math.floor(delta.total_seconds() / 60)
    if minutes < 0:
        return f"{-minutes} min after the start", f"迟了{-minutes}分钟"
    if minutes == 0:
        return "0 min", "0分钟"
    d, rest = divmod(minutes, 1440)
    h, m = divmod(rest, 60)
    en = [
        f"{d} day{'s' if d != 1 else ''}" if d else "",
        f"{h} h" if h else "",
        f"{m} min" if m else "",
    ]
    zh = [f"{d}天" if d else "", f"{h}小时" if h else "", f"{m}分钟" if m else ""]
    if (d, m) == (0, 0) and h:
        en = [f"{h} hour{'s' if h != 1 else ''}"]
    return " ".join(x for x in en if x), "".join(zh)


def _hant(text: str) -> str:
    return text.replace("小时", "小時").replace("分钟", "分鐘").replace("迟了", "遲了")


def _kind_params(kind: str) -> dict[str, str]:
    names = KIND_NAMES.get(kind, {"en": kind, "zh-Hans": kind, "zh-Hant": kind})
    return {"kind": names["en"], "kind_zh": names["zh-Hans"], "kind_zht": names["zh-Hant"]}


def covered_shifts(request: LeaveRequest | LeaveRecord, schedule: Schedule) -> list[Shift]:
    """The shifts the person works (after swaps) that the leave period overlaps."""
    return [s for s in schedule.shifts_of(request.person) if s.overlaps(request.start, request.end)]


def _local_dates(start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> list[dt.date]:
    first = start.astimezone(zone).date()
    last = (end - dt.timedelta(microseconds=1)).astimezone(zone).date()
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def leave_days(request: LeaveRequest | LeaveRecord, schedule: Schedule, zone: ZoneInfo) -> int:
    """The length of a leave in days: shifts covered, else calendar days touched."""
    shifts = covered_shifts(request, schedule)
    if shifts:
        return len({s.date for s in shifts})
    return len(_local_dates(request.start, request.end, zone))


def approval_chain(kind: str, days: float, rules: Rules) -> tuple[str, tuple[str, ...]]:
    """The approver and the levels the leave passes through, from the first level up."""
    lr = rules.leave
    if kind == "official":
        approver = lr.official_approver
    else:
        approver = next(
            a.approver for a in lr.authority if a.max_days is None or days <= a.max_days
        )
    chain = lr.levels[: lr.levels.index(approver) + 1]
    return approver, tuple(chain)


def late_approver(kind: str, days: float, rules: Rules) -> str:
    """The manager who decides a late request: ``leave.late.approver``, or the leave's own
    approver when that one is higher in ``leave.levels`` (a long leave stays the centre
    director's)."""
    levels = rules.leave.levels
    own, _ = approval_chain(kind, days, rules)
    named = rules.leave.late.approver
    return own if levels.index(own) > levels.index(named) else named


def late_deadline(
    request: LeaveRequest | LeaveRecord, schedule: Schedule, rules: Rules
) -> dt.datetime:
    """Until when late leave may be approved: the first covered shift's start (or the
    leave's start without a rostered shift) plus ``decide_by_minutes_after_shift_start``."""
    shifts = covered_shifts(request, schedule)
    first = shifts[0].start if shifts else request.start
    return first + dt.timedelta(minutes=rules.leave.late.decide_by_minutes_after_shift_start)


def approval_flow(
    request: LeaveRequest, schedule: Schedule, rules: Rules, *, late: bool = False
) -> Flow:
    """The step-by-step approval of an allowed request (team lead of the person's team);
    a late request goes to its :func:`late_approver` alone, there being no time for the
    chain."""
    days = leave_days(request, schedule, rules.calendar.zone)
    team = schedule.person(request.person).team
    if late:
        role = late_approver(request.kind, days, rules)
        return Flow.of([Step(role, team if role == "team_lead" else None, stage=0)])
    _, chain = approval_chain(request.kind, days, rules)
    return Flow.of(
        Step(role, team if role == "team_lead" else None, stage=i) for i, role in enumerate(chain)
    )


def check_leave(
    request: LeaveRequest,
    schedule: Schedule,
    rules: Rules,
    calendar: HolidayCalendar,
    now: dt.datetime,
) -> Decision:
    """Whether ``request``, submitted at ``now``, may go to approval (R-OPS-6, R-OPS-7 §6)."""
    zone = rules.calendar.zone
    lr = rules.leave
    schedule.person(request.person)
    if request.end <= request.start:
        return Decision.of(
            [
                reason(
                    "leave.bad_period", start=request.start.isoformat(), end=request.end.isoformat()
                )
            ]
        )
    reasons: list[Reason] = []
    shifts = covered_shifts(request, schedule)
    kind_p = _kind_params(request.kind)

    # in person (事假必須由本人出面辦理，病假除外)
    if request.kind in lr.in_person_kinds and request.submitted_by != request.person:
        proxy = [k for k in KIND_NAMES if k not in lr.in_person_kinds]
        reasons.append(
            reason(
                "leave.not_in_person",
                person=request.person,
                by=request.submitted_by,
                proxy=", ".join(KIND_NAMES[k]["en"] for k in proxy),
                proxy_zh="、".join(KIND_NAMES[k]["zh-Hans"] for k in proxy),
                proxy_zht="、".join(KIND_NAMES[k]["zh-Hant"] for k in proxy),
                **kind_p,
            )
        )

    # notice before the first shift (or the start of the leave when no shift is rostered)
    first_start = shifts[0].start if shifts else request.start
    given = first_start - now
    minimum = lr.notice.minimum(request.kind)
    deadline = late_deadline(request, schedule, rules)
    short_notice: Reason | None = None
    if given < minimum:
        if minimum <= dt.timedelta(0):
            label = shifts[0].id if shifts else "—"
            reasons.append(
                reason("leave.already_started", shift=label, start=first_start.isoformat())
            )
        else:
            req_en, req_zh = _span_text(minimum)
            giv_en, giv_zh = _span_text(given)
            short_notice = reason(
                "leave.notice_too_short",
                required=req_en,
                required_zh=req_zh,
                given=giv_en,
                given_zh=giv_zh,
                required_zht=_hant(req_zh),
                given_zht=_hant(giv_zh),
                **kind_p,
            )
            if now >= deadline:
                reasons.append(short_notice)

    # night shifts: before 12:00 on the day of the shift
    if request.kind in lr.notice.night_shift_kinds:
        for s in shifts:
            if not s.night:
                continue
            deadline = dt.datetime.combine(s.date, lr.notice.night_deadline, tzinfo=zone)
            if now >= deadline:
                reasons.append(
                    reason(
                        "leave.night_shift_after_deadline",
                        date=s.date.isoformat(),
                        deadline=lr.notice.night_shift_deadline,
                        asked=now.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                    )
                )

    # public holidays: only very special cases, two days ahead
    days_on = sorted({s.date for s in shifts}) or _local_dates(request.start, request.end, zone)
    holiday_notice = dt.timedelta(days=lr.notice.holiday_days)
    for day in days_on:
        hol = calendar.holiday(day)
        if hol is None:
            continue
        start_of = min((s.start for s in shifts if s.date == day), default=first_start)
        if not (request.special_case and start_of - now >= holiday_notice):
            reasons.append(
                reason(
                    "leave.on_public_holiday",
                    date=day.isoformat(),
                    holiday=hol.name_en,
                    holiday_zh=hol.name,
                    days=f"{lr.notice.holiday_days:g}",
                )
            )

    # no leave on a swapped or paid-back shift
    if not rules.swaps.leave_on_swapped_shift:
        swapped = {sid for sw in schedule.swaps_of(request.person) for sid in sw.shift_ids}
        for s in shifts:
            if s.id in swapped:
                reasons.append(
                    reason("leave.on_swapped_shift", shift=s.id, date=s.date.isoformat())
                )

    days = leave_days(request, schedule, zone)
    approver, chain = approval_chain(request.kind, days, rules)
    notes: list[Reason] = []
    late = short_notice is not None and not reasons
    if late and short_notice is not None:
        approver = late_approver(request.kind, days, rules)
        chain = (approver,)
        notes += [
            short_notice,
            reason(
                "leave.late",
                deadline=deadline.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                **role_params(approver),
            ),
        ]
    cert = lr.medical_certificate
    if request.kind in cert.kinds and days >= cert.from_days:
        due = certificate_due(request, schedule, rules, calendar)
        notes.append(
            reason(
                "leave.certificate_due",
                start=request.start.astimezone(zone).date().isoformat(),
                end=(request.end - dt.timedelta(microseconds=1))
                .astimezone(zone)
                .date()
                .isoformat(),
                due=due.isoformat(),
            )
        )
    decision = Decision.of(reasons, notes=notes, approver=approver, chain=chain)
    return replace(decision, late=late)


def check_late_approval(
    request: LeaveRequest, schedule: Schedule, rules: Rules, now: dt.datetime
) -> Decision:
    """Whether the manager may still approve a late request at ``now``: only before the
    decision deadline (:func:`late_deadline`); afterwards the absence stands."""
    deadline = late_deadline(request, schedule, rules)
    if now < deadline:
        return Decision.of([])
    zone = rules.calendar.zone
    fmt = "%Y-%m-%d %H:%M"
    return Decision.of(
        [
            reason(
                "leave.late_decided_too_late",
                deadline=deadline.astimezone(zone).strftime(fmt),
                now=now.astimezone(zone).strftime(fmt),
            )
        ]
    )


def late_absences(
    request: LeaveRequest,
    schedule: Schedule,
    rules: Rules,
    *,
    refused: bool,
) -> list[AttendanceRecord]:
    """The absences (曠工) a late request leaves when ``refused`` by its manager, or when
    it was still undecided at the deadline: one per shift it covers (or one for the
    leave's first day when none is rostered), each with the reason."""
    zone = rules.calendar.zone
    days = leave_days(request, schedule, zone)
    who = role_params(late_approver(request.kind, days, rules))
    deadline = late_deadline(request, schedule, rules).astimezone(zone).strftime("%Y-%m-%d %H:%M")
    shifts = covered_shifts(request, schedule)
    spans = [(s.id, s.date, s.end - s.start) for s in shifts] or [
        ("—", request.start.astimezone(zone).date(), request.end - request.start)
    ]
    code = "leave.late_absence_refused" if refused else "leave.late_absence_undecided"
    out = []
    for sid, date, length in spans:
        why = reason(
            code,
            shift=sid,
            date=date.isoformat(),
            deadline=deadline,
            **who,
            **_kind_params(request.kind),
        )
        minutes = int(length.total_seconds() // 60)
        out.append(AttendanceRecord(request.person, date, "absent", minutes, True, why, sid))
    return out


def first_day_back(
    leave: LeaveRequest | LeaveRecord,
    schedule: Schedule,
    rules: Rules,
    calendar: HolidayCalendar,
) -> dt.date:
    """The date of the first shift the person works after the leave ends; without a
    rostered shift, the first working day on or after the leave's end."""
    zone = rules.calendar.zone
    after = [s for s in schedule.shifts_of(leave.person) if s.start >= leave.end]
    if after:
        return after[0].date
    local_end = leave.end.astimezone(zone)
    day = local_end.date() if local_end.time() == dt.time(0) else local_end.date() + dt.timedelta(1)
    return day if calendar.is_workday(day) else calendar.next_workday(day)


def certificate_due(
    leave: LeaveRequest | LeaveRecord,
    schedule: Schedule,
    rules: Rules,
    calendar: HolidayCalendar,
) -> dt.date:
    """The day the medical certificate is due: the first day back (plus any grace days)."""
    back = first_day_back(leave, schedule, rules, calendar)
    return back + dt.timedelta(days=rules.leave.medical_certificate.due_days_after_return)


@dataclass(frozen=True)
class Certificate:
    """A medical certificate covering ``start`` … ``end`` (dates, inclusive)."""

    start: dt.date
    end: dt.date
    handed_in: dt.date


def check_certificate(
    leave: LeaveRecord,
    certificates: Sequence[Certificate],
    schedule: Schedule,
    rules: Rules,
    calendar: HolidayCalendar,
) -> Decision:
    """The certificates of a sick leave: handed in by the due day, covering every day."""
    zone = rules.calendar.zone
    due = certificate_due(leave, schedule, rules, calendar)
    dates = _local_dates(leave.start, leave.end, zone)
    span = {"start": dates[0].isoformat(), "end": dates[-1].isoformat(), "due": due.isoformat()}
    if not certificates:
        return Decision.of([reason("leave.certificate_missing", **span)])
    reasons: list[Reason] = []
    covered = {
        c.start + dt.timedelta(days=i)
        for c in certificates
        for i in range((c.end - c.start).days + 1)
    }
    gaps = [d for d in dates if d not in covered]
    if gaps:
        reasons.append(
            reason("leave.certificate_gap", dates=", ".join(d.isoformat() for d in gaps))
        )
    last = max(c.handed_in for c in certificates)
    if last > due:
        reasons.append(
            reason("leave.certificate_late", handed_in=last.isoformat(), due=due.isoformat())
        )
    return Decision.of(reasons)


def needs_certificate(leave: LeaveRecord, schedule: Schedule, rules: Rules) -> bool:
    cert = rules.leave.medical_certificate
    return leave.kind in cert.kinds and (
        leave_days(leave, schedule, rules.calendar.zone) >= cert.from_days
    )


def certificate_reminders(
    leaves: Iterable[LeaveRecord],
    handed_in: Iterable[LeaveRecord],
    schedule: Schedule,
    rules: Rules,
    calendar: HolidayCalendar,
    today: dt.date,
) -> list[Reason]:
    """Reminders for certificates not yet handed in: from ``remind_days_before_due`` days
    before the due day, and every day after it until handed in."""
    done = set(handed_in)
    zone = rules.calendar.zone
    ahead = rules.leave.medical_certificate.remind_days_before_due
    out = []
    for lv in leaves:
        if lv in done or not needs_certificate(lv, schedule, rules):
            continue
        due = certificate_due(lv, schedule, rules, calendar)
        if today >= due - dt.timedelta(days=ahead):
            dates = _local_dates(lv.start, lv.end, zone)
            out.append(
                reason(
                    "leave.certificate_reminder",
                    person=lv.person,
                    start=dates[0].isoformat(),
                    end=dates[-1].isoformat(),
                    due=due.isoformat(),
                )
            )
    return out
