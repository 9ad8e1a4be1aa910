"""Late leave on the web (R-OPS-6): 如不能提前請假需經管理人員批准後方可生效。否則，按曠工處理.

A leave request past its notice period is stored as submitted with ``rule_check["late"]``
and a flow of one step, the manager the core names (:func:`serviq.workforce.leave.
late_approver`). The rules are the core's; this module only locks, stores and audits:

- :func:`decide` — the manager approves (only before the core's deadline,
  :func:`~serviq.workforce.leave.check_late_approval`) or refuses; a refusal records an
  absence (曠工) per covered shift with the core's reason (``leave.late_absence_refused``);
- :func:`lapse` — late leave still undecided at its deadline becomes ``lapsed`` and each
  covered shift an absence with ``leave.late_absence_undecided``. A lead or director runs
  it from the leave's page, or a scheduler runs ``python -m django late_leave --as CODE``.

Each runs in one transaction after locking the person, then the request (the order of
the other workforce actions), so a decision and a lapse of the same request are serialised
and the second one sees the first one's status.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest

from serviq.errors import Conflict
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org.models import Person
from serviq.web.workforce import actions
from serviq.web.workforce import models as m
from serviq.web.workforce.schedules import rules_in_force, schedule_around
from serviq.workforce import leave
from serviq.workforce.attendance import AttendanceRecord
from serviq.workforce.decisions import Decision

OPEN = ("submitted", "in_review")


def is_late(lv: m.LeaveRequest) -> bool:
    return bool(lv.rule_check.get("late"))


def absences_of(lv: m.LeaveRequest) -> list[m.Violation]:
    """The absences recorded because this late request was refused or lapsed."""
    rows = m.Violation.objects.filter(person=lv.person, kind="absent").order_by("date", "pk")
    return [
        v
        for v in rows
        if any(r.get("code", "").startswith("leave.late_absence") for r in v.reasons)
        and lv.start.date() - dt.timedelta(1) <= v.date <= lv.end.date()
    ]


def _lock(lv: m.LeaveRequest) -> m.LeaveRequest:
    actions.lock_people(lv.person_id)
    return m.LeaveRequest.objects.select_for_update().select_related("person").get(pk=lv.pk)


def _absences(
    lv: m.LeaveRequest,
    records: list[AttendanceRecord],
    actor: Person,
    now: dt.datetime,
    request: HttpRequest | None,
) -> list[m.Violation]:
    shifts = {s.code: s for s in m.Shift.objects.filter(code__in=[r.shift for r in records])}
    out = []
    for rec in records:
        shift = shifts.get(rec.shift or "")
        v = m.Violation.objects.create(
            person=lv.person,
            team=shift.team if shift is not None else lv.person.team,
            date=rec.date,
            kind=rec.kind,
            minutes=rec.minutes,
            shift_code=shift.code if shift is not None else "",
            reasons=[rec.reason.as_dict()] if rec.reason else [],
            recorded_by=actor,
            recorded_at=now,
        )
        record(
            "workforce.violation.record",
            request=request,
            actor=actions.user_of(actor),
            obj=v,
            after={
                "person": lv.person.code,
                "kind": rec.kind,
                "minutes": rec.minutes,
                "leave": lv.pk,
                "code": rec.reason.code if rec.reason else "",
            },
        )
        out.append(v)
    return out


def decide(
    lv: m.LeaveRequest,
    actor: Person,
    verdict: str,
    *,
    note: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.LeaveRequest:
    """The named manager approves or refuses a late request (see the module docstring)."""
    scope = actions.approver_scope(verdict, actor)
    now = actions.now_or(now)
    rules, _ = rules_in_force()
    refusal: Decision | None = None
    with transaction.atomic():
        locked = _lock(lv)
        if locked.status not in OPEN:
            raise error(Conflict, "request.decided", status=locked.status)
        check = actions.recheck_leave(locked, lv)
        core_req = actions.leave_request_of(locked)
        schedule = schedule_around([locked.start.date(), locked.end.date()])
        if verdict == "approve":
            timing = leave.check_late_approval(core_req, schedule, rules, now)
            refusal = check if not check.ok else (timing if not timing.ok else None)
        if refusal is not None:
            locked.save(update_fields=["rule_check"])
        else:
            actions.step_leave(
                locked, actor, verdict, scope=scope, note=note, now=now, request=request,
                audit={"late": True},
            )  # fmt: skip
            if verdict == "refuse":
                recs = leave.late_absences(core_req, schedule, rules, refused=True)
                _absences(locked, recs, actor, now, request)
    if refusal is not None:
        raise actions.RuleRefusal(refusal)
    return locked


def lapse(
    actor: Person,
    *,
    pks: list[int] | None = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> list[m.LeaveRequest]:
    """Late requests (all, or those of ``pks``) still undecided at their deadline become
    ``lapsed``, each covered shift an absence with the reason. Idempotent: a lapsed
    request is not open any more."""
    now = actions.now_or(now)
    rules, _ = rules_in_force()
    candidates = m.LeaveRequest.objects.filter(status__in=OPEN, start__lte=now + dt.timedelta(2))
    if pks is not None:
        candidates = candidates.filter(pk__in=pks)
    out = []
    for lv in candidates.order_by("pk"):
        if not is_late(lv):
            continue
        with transaction.atomic():
            locked = _lock(lv)
            if locked.status not in OPEN:
                continue
            core_req = actions.leave_request_of(locked)
            schedule = schedule_around([locked.start.date(), locked.end.date()])
            if leave.check_late_approval(core_req, schedule, rules, now).ok:
                continue
            before = {"status": locked.status}
            locked.status = "lapsed"
            locked.save(update_fields=["status"])
            record(
                "workforce.leave.lapse",
                request=request,
                actor=actions.user_of(actor),
                obj=locked,
                before=before,
                after={"status": "lapsed", "late": True},
            )
            recs = leave.late_absences(core_req, schedule, rules, refused=False)
            _absences(locked, recs, actor, now, request)
            out.append(locked)
    return out
