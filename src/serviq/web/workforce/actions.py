"""Every change of workforce state: one transaction with its audit row.

Each action opens one transaction, locks the rows the rule reads (the people concerned,
with :func:`lock_people`, then the request itself), asks the core (:mod:`serviq.workforce`)
and only then writes. Every writer that changes what a workforce rule reads locks the same
people first, so two leads approving at the same moment are serialised and the second one
is checked against the first one's approval (finding 6 of the security review). A request
the rules refuse raises :class:`RuleRefusal` (a 409) carrying the core's
:class:`Decision`, so the page can show every reason in the reader's language. Approving
re-runs the rule check against the schedule as it stands now and stores it, so the second
team lead sees the current check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, get_args

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org.models import Person
from serviq.web.privacy import mask
from serviq.web.workforce import models as m
from serviq.web.workforce.schedules import decision_dict, rules_in_force, schedule_around
from serviq.workforce import attendance, escalation, leave, swaps
from serviq.workforce.approvals import Flow
from serviq.workforce.decisions import Decision
from serviq.workforce.ruleset import LeaveKind


class RuleRefusal(Conflict):
    """The centre's rules refuse the request; ``decision`` holds the reasons."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(
            "; ".join(r.message() for r in decision.reasons),
            details={"check": decision.as_dict()},
        )
        self.decision = decision


def lock_people(*people: Person | int | None) -> None:
    """Lock the rows of ``people`` until the transaction ends, in primary-key order.

    Call it first in every transaction whose rule reads those people's shifts, swaps or
    leave. The order of locks is the same everywhere — shifts, then people, then the
    request — so two actions never wait on each other in a cycle."""
    ids = sorted({p if isinstance(p, int) else p.pk for p in people if p is not None})
    list(
        Person.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def user_of(person: Person) -> Any:
    return person.user


# ---- swaps (R-OPS-7) -------------------------------------------------------------------


def swap_request_of(sw: m.SwapRequest) -> swaps.SwapRequest:
    return swaps.SwapRequest(
        sw.requester.code, sw.partner.code, sw.give_shift.code, sw.take_shift.code
    )


def check_swap(sw: m.SwapRequest, now: dt.datetime | None = None) -> Decision:
    """The core's check of ``sw`` against the schedule as it stands (without ``sw`` itself)."""
    rules, calendar = rules_in_force()
    schedule = schedule_around([sw.give_shift.date, sw.take_shift.date], exclude_swap=sw.pk)
    return swaps.check_swap(swap_request_of(sw), schedule, rules, calendar, now_or(now))


def request_swap(
    requester: Person,
    give: m.Shift,
    take: m.Shift,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.SwapRequest:
    """``requester`` offers ``give`` and takes ``take`` from whoever works it now."""
    now = now_or(now)
    rules, calendar = rules_in_force()
    with transaction.atomic():
        # who works ``take`` now decides the partner: lock the shifts, then both people
        list(m.Shift.objects.select_for_update().filter(pk__in=[give.pk, take.pk]))
        partner_code = schedule_around([give.date, take.date]).worker(take.code)
        partner = Person.objects.select_related("team").get(code=partner_code)
        lock_people(requester, partner)
        schedule = schedule_around([give.date, take.date])
        core_req = swaps.SwapRequest(requester.code, partner.code, give.code, take.code)
        decision = swaps.check_swap(core_req, schedule, rules, calendar, now)
        if not decision.ok:
            raise RuleRefusal(decision)
        flow = swaps.swap_flow(core_req, schedule)
        sw = m.SwapRequest.objects.create(
            requester=requester,
            partner=partner,
            give_shift=give,
            take_shift=take,
            status=flow.status,
            flow=flow.as_dict(),
            rule_check=decision_dict(decision),
            created_at=now,
        )
        record(
            "workforce.swap.request",
            request=request,
            actor=user_of(requester),
            obj=sw,
            after={"give": give.code, "take": take.code, "partner": partner.code},
        )
    return sw


def _swap_step(sw: m.SwapRequest, actor: Person) -> tuple[str, str | None]:
    if actor.pk == sw.partner_id:
        return "agent", actor.code
    if actor.role == "team_lead" and actor.team_id is not None:
        return "team_lead", actor.team.code
    raise error(PermissionDenied, "swap.not_in_chain", person=actor.code, swap=sw.pk)


def act_on_swap(
    sw: m.SwapRequest,
    actor: Person,
    verdict: str,
    *,
    note: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.SwapRequest:
    """The partner accepts or declines; then each team lead approves or refuses.

    Accepting and approving re-run the rule check first and store it; when the rules now
    refuse the swap (another swap was approved meanwhile, leave was booked …) the act is
    refused with the reasons.
    """
    if verdict not in ("approve", "refuse"):
        raise error(InvalidInput, "form.verdict", verdict=verdict)
    now = now_or(now)
    role, scope = _swap_step(sw, actor)
    with transaction.atomic():
        lock_people(sw.requester_id, sw.partner_id)
        locked = m.SwapRequest.objects.select_for_update().get(pk=sw.pk)
        decision = check_swap(locked, now)
        locked.rule_check = sw.rule_check = decision_dict(decision)
        refused = verdict == "approve" and not decision.ok
        if refused:
            # the current check is kept (the next reader sees it); nothing else changes
            locked.save(update_fields=["rule_check"])
        else:
            flow = Flow.from_dict(locked.flow)
            before = {"status": flow.status, "pending": list(flow.next_roles)}
            if verdict == "approve":
                flow = flow.approve(role=role, scope=scope, actor=actor.code, at=now)
            else:
                flow = flow.refuse(
                    role=role, scope=scope, actor=actor.code, at=now, note=mask(note)
                )
            locked.flow = flow.as_dict()
            locked.status = flow.status
            if flow.status in ("approved", "refused"):
                locked.decided_at = now
            locked.save(update_fields=["flow", "status", "decided_at", "rule_check"])
            record(
                f"workforce.swap.{verdict}",
                request=request,
                actor=user_of(actor),
                obj=locked,
                before=before,
                after={"status": flow.status, "pending": list(flow.next_roles), "as": role},
            )
    if refused:
        raise RuleRefusal(decision)
    return locked


# ---- leave (R-OPS-6) -------------------------------------------------------------------


def leave_request_of(lv: m.LeaveRequest) -> leave.LeaveRequest:
    return leave.LeaveRequest(
        lv.person.code,
        lv.kind,
        lv.start,
        lv.end,
        lv.submitted_by.code,
        lv.special_case,
    )


def check_leave(lv: m.LeaveRequest) -> Decision:
    """The core's check as it stands now, with notice measured from the submission."""
    rules, calendar = rules_in_force()
    schedule = schedule_around([lv.start.date(), lv.end.date()], exclude_leave=lv.pk)
    return leave.check_leave(leave_request_of(lv), schedule, rules, calendar, lv.created_at)


LEAVE_KINDS: tuple[LeaveKind, ...] = get_args(LeaveKind)


def submit_leave(
    person: Person,
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    submitted_by: Person | None = None,
    special_case: bool = False,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.LeaveRequest:
    if kind not in LEAVE_KINDS:
        raise error(InvalidInput, "leave.kind", kind=kind, allowed=", ".join(LEAVE_KINDS))
    now = now_or(now)
    by = submitted_by or person
    rules, calendar = rules_in_force()
    core_req = leave.LeaveRequest(
        person.code,
        kind,
        start,
        end,
        by.code,
        special_case,
    )
    with transaction.atomic():
        lock_people(person)
        schedule = schedule_around([start.date(), end.date()])
        decision = leave.check_leave(core_req, schedule, rules, calendar, now)
        if not decision.ok:
            raise RuleRefusal(decision)
        # a late request (past its notice) goes to the core's late approver alone (lateleave.py)
        flow = leave.approval_flow(core_req, schedule, rules, late=bool(decision.late))
        lv = m.LeaveRequest.objects.create(
            person=person,
            submitted_by=by,
            kind=kind,
            start=start,
            end=end,
            special_case=special_case,
            status=flow.status,
            flow=flow.as_dict(),
            rule_check=decision_dict(decision),
            created_at=now,
        )
        record(
            "workforce.leave.request",
            request=request,
            actor=user_of(by),
            obj=lv,
            after={
                "person": person.code,
                "kind": kind,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "chain": list(decision.chain),
            },
        )
    return lv


def act_on_leave(
    lv: m.LeaveRequest,
    actor: Person,
    verdict: str,
    *,
    note: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.LeaveRequest:
    """One level of the chain approves or refuses (no skipping: the core's Flow)."""
    scope = approver_scope(verdict, actor)
    now = now_or(now)
    with transaction.atomic():
        lock_people(lv.person_id)
        locked = m.LeaveRequest.objects.select_for_update().get(pk=lv.pk)
        decision = recheck_leave(locked, lv)
        refused = verdict == "approve" and not decision.ok
        if refused:
            locked.save(update_fields=["rule_check"])
        else:
            step_leave(locked, actor, verdict, scope=scope, note=note, now=now, request=request)
    if refused:
        raise RuleRefusal(decision)
    return locked


def approver_scope(verdict: str, actor: Person) -> str | None:
    """The scope an approver decides in (a team lead's team; None for the others), after
    checking that ``verdict`` is approve or refuse."""
    if verdict not in ("approve", "refuse"):
        raise error(InvalidInput, "form.verdict", verdict=verdict)
    return actor.team.code if actor.role == "team_lead" and actor.team_id else None


def recheck_leave(locked: m.LeaveRequest, lv: m.LeaveRequest) -> Decision:
    """The rules' decision on a locked leave request now, kept on it (and on ``lv``, the
    caller's copy) as its ``rule_check``; the caller saves it."""
    decision = check_leave(locked)
    locked.rule_check = lv.rule_check = decision_dict(decision)
    return decision


def step_leave(
    locked: m.LeaveRequest,
    actor: Person,
    verdict: str,
    *,
    scope: str | None,
    note: str,
    now: dt.datetime,
    request: HttpRequest | None,
    audit: Mapping[str, Any] | None = None,
) -> Flow:
    """One step of a locked leave request's chain (the core's Flow), saved and audited; a
    refusal's note is masked before it is stored. ``audit`` adds keys to the audit row."""
    flow = Flow.from_dict(locked.flow)
    before = {"status": flow.status, "pending": list(flow.next_roles)}
    if verdict == "approve":
        flow = flow.approve(role=actor.role, scope=scope, actor=actor.code, at=now)
    else:
        flow = flow.refuse(role=actor.role, scope=scope, actor=actor.code, at=now, note=mask(note))
    locked.flow = flow.as_dict()
    locked.status = flow.status
    locked.save(update_fields=["flow", "status", "rule_check"])
    record(
        f"workforce.leave.{verdict}",
        request=request,
        actor=user_of(actor),
        obj=locked,
        before=before,
        after={"status": flow.status, "pending": list(flow.next_roles), **(audit or {})},
    )
    return flow


def hand_in_certificate(
    lv: m.LeaveRequest,
    lead: Person,
    start: dt.date,
    end: dt.date,
    handed_in: dt.date,
    *,
    request: HttpRequest | None = None,
) -> Decision:
    """The team lead records the medical certificate; returns the core's certificate check."""
    rules, calendar = rules_in_force()
    schedule = schedule_around([lv.start.date(), lv.end.date()])
    rec = leave.LeaveRecord(lv.person.code, lv.kind, lv.start, lv.end)
    decision = leave.check_certificate(
        rec, [leave.Certificate(start, end, handed_in)], schedule, rules, calendar
    )
    with transaction.atomic():
        lv.certificate_from, lv.certificate_to, lv.certificate_handed_in = start, end, handed_in
        lv.save(update_fields=["certificate_from", "certificate_to", "certificate_handed_in"])
        record(
            "workforce.leave.certificate",
            request=request,
            actor=user_of(lead),
            obj=lv,
            after={"from": start.isoformat(), "to": end.isoformat(), "ok": decision.ok},
        )
    return decision


# ---- violations (R-OPS-6) --------------------------------------------------------------


def record_violation(
    lead: Person,
    person: Person,
    shift: m.Shift,
    kind: str,
    minutes: int,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.Violation | None:
    """Lateness or absence from the post (minutes), or absence from the shift; the core
    decides whether it is a violation. ``None`` when it is not one."""
    from serviq.web.workforce.schedules import core_shift

    now = now_or(now)
    rules, _ = rules_in_force()
    cs = core_shift(shift)
    rec: attendance.AttendanceRecord | None
    if kind == "late":
        rec = attendance.record_lateness(
            person.code, cs, cs.start + dt.timedelta(minutes=minutes), rules
        )
    elif kind == "away_from_post":
        rec = attendance.record_away_from_post(
            person.code,
            cs.start,
            cs.start + dt.timedelta(minutes=minutes),
            rules,
            rules.calendar.zone,
            shift=cs.id,
        )
    elif kind == "absent":
        rec = attendance.record_absence(person.code, cs)
    else:
        raise error(InvalidInput, "register.kind", kind=kind)
    if rec is None or not rec.violation:
        return None
    with transaction.atomic():
        v = m.Violation.objects.create(
            person=person,
            team=shift.team,
            date=rec.date,
            kind=rec.kind,
            minutes=rec.minutes,
            shift_code=rec.shift or "",
            reasons=[rec.reason.as_dict()] if rec.reason else [],
            recorded_by=lead,
            recorded_at=now,
        )
        record(
            "workforce.violation.record",
            request=request,
            actor=user_of(lead),
            obj=v,
            after={"person": person.code, "kind": rec.kind, "minutes": rec.minutes},
        )
    return v


def swap_record_of(sw: m.SwapRequest) -> swaps.SwapRecord:
    return swaps.SwapRecord(
        sw.requester.code, sw.partner.code, sw.give_shift.code, sw.take_shift.code, sw.decided_at
    )


def record_missed_swap_shift(
    lead: Person,
    sw: m.SwapRequest,
    shift: m.Shift,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> list[m.Violation]:
    """A shift of an approved swap was missed or left empty: the core's
    :func:`~serviq.workforce.swaps.record_missed_swap_shift` counts it as absence against
    both people (R-OPS-7); one transaction, one audit row."""
    from serviq.web.workforce.schedules import core_shift

    now = now_or(now)
    if lead.role != "team_lead":
        raise error(PermissionDenied, "access.lead_only", person=lead.code, role=lead.role)
    if lead.team_id not in (sw.requester.team_id, sw.partner.team_id):
        raise NotFound(f"no swap request {sw.pk} in your scope")
    if shift.pk not in (sw.give_shift_id, sw.take_shift_id):
        raise error(
            InvalidInput,
            "swap.shift_not_of",
            shift=shift.code,
            swap=sw.pk,
            give=sw.give_shift.code,
            take=sw.take_shift.code,
        )
    people = {p.code: p for p in (sw.requester, sw.partner)}
    with transaction.atomic():
        lock_people(sw.requester_id, sw.partner_id)
        sw = m.SwapRequest.objects.select_for_update().get(pk=sw.pk)
        if sw.status != "approved":
            raise error(Conflict, "swap.not_approved", swap=sw.pk, status=sw.status)
        if m.Violation.objects.filter(shift_code=shift.code, kind="absent").exists():
            raise error(Conflict, "swap.missed_recorded", shift=shift.code)
        records = swaps.record_missed_swap_shift(swap_record_of(sw), core_shift(shift))
        rows = [
            m.Violation.objects.create(
                person=people[rec.person],
                team=people[rec.person].team,
                date=rec.date,
                kind=rec.kind,
                minutes=rec.minutes,
                shift_code=rec.shift or "",
                reasons=[rec.reason.as_dict()] if rec.reason else [],
                recorded_by=lead,
                recorded_at=now,
            )
            for rec in records
        ]
        record(
            "workforce.swap.missed_shift",
            request=request,
            actor=user_of(lead),
            obj=sw,
            after={"shift": shift.code, "against": [r.person for r in records]},
        )
    return rows


# ---- escalation reports (R-OPS-1) ------------------------------------------------------


def core_report(r: m.EscalationReport) -> escalation.EscalationReport:
    s = r.state
    return escalation.EscalationReport(
        id=str(r.pk),
        category=r.category,
        author=r.author.code,
        author_role=r.author.role,
        at=r.created_at,
        description=r.description,
        proposed_action=r.proposed_action,
        emergency=r.emergency,
        status=r.status,
        path=tuple(s.get("path", ())),
        owed_upward=tuple(s.get("owed_upward", ())),
        instructions=tuple(
            escalation.Instruction(
                i["by"], i["role"], dt.datetime.fromisoformat(i["at"]), i["text"]
            )
            for i in s.get("instructions", ())
        ),
        objections=tuple(s.get("objections", ())),
    )


def _store_report(row: m.EscalationReport, rep: escalation.EscalationReport) -> None:
    row.status = rep.status
    row.level = rep.current_level
    row.state = {
        "path": list(rep.path),
        "owed_upward": list(rep.owed_upward),
        "instructions": [
            {"by": i.by, "role": i.role, "at": i.at.isoformat(), "text": i.text}
            for i in rep.instructions
        ],
        "objections": list(rep.objections),
    }


def open_report(
    author: Person,
    category: str,
    description: str,
    proposed_action: str,
    *,
    emergency: bool = False,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.EscalationReport:
    if category not in escalation.CATEGORIES:
        raise error(InvalidInput, "escalation.category", category=category,
                    allowed=", ".join(escalation.CATEGORIES))  # fmt: skip
    now = now_or(now)
    row = m.EscalationReport(
        author=author,
        team=author.team,
        category=category,
        description=mask(description),
        proposed_action=mask(proposed_action),
        emergency=emergency,
        level=author.role,
        created_at=now,
    )
    decision = escalation.check_report(core_report(row))
    if not decision.ok:
        raise RuleRefusal(decision)
    with transaction.atomic():
        row.save()
        record("workforce.escalation.open", request=request, actor=user_of(author), obj=row)
    return row


def act_on_report(
    row: m.EscalationReport,
    actor: Person,
    action: str,
    *,
    to_role: str = "",
    text: str = "",
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.EscalationReport:
    """escalate (to ``to_role``), report_upward, instruct, object or close — the core
    decides whether the move is allowed."""
    now = now_or(now)
    with transaction.atomic():
        locked = m.EscalationReport.objects.select_for_update().get(pk=row.pk)
        rep = core_report(locked)
        before = {"status": rep.status, "level": rep.current_level}
        if action == "escalate":
            decision = escalation.check_escalation(rep, to_role)
            if not decision.ok:
                raise RuleRefusal(decision)
            rep = escalation.escalate(rep, to_role)
        elif action == "report_upward":
            rep = escalation.report_upward(rep, to_role)
        elif action == "instruct":
            rep = escalation.instruct(
                rep, escalation.Instruction(actor.code, actor.role, now, mask(text))
            )
        elif action == "object":
            rep = escalation.object_to(rep, mask(text))
        elif action == "close":
            decision = escalation.check_close(rep)
            if not decision.ok:
                raise RuleRefusal(decision)
            rep = escalation.close(rep)
        else:
            raise error(InvalidInput, "escalation.action", action=action,
                        allowed=", ".join(escalation.ACTIONS))  # fmt: skip
        _store_report(locked, rep)
        locked.save(update_fields=["status", "level", "state"])
        record(
            f"workforce.escalation.{action}",
            request=request,
            actor=user_of(actor),
            obj=locked,
            before=before,
            after={"status": rep.status, "level": rep.current_level, "to": to_role},
        )
    return locked
