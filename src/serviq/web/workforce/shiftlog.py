"""The shift's own log: the handover between team leads (with the room's equipment rows), the
roll call and the sign-off (R-OPS-5). Each writer is one transaction with its audit row, as in
:mod:`serviq.web.workforce.actions`, whose locking and clock helpers it uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from serviq.errors import InvalidInput, NotFound, PermissionDenied, Where
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org.models import Person, Team
from serviq.web.privacy import mask
from serviq.web.workforce import models as m
from serviq.web.workforce.actions import RuleRefusal, lock_people, now_or, user_of
from serviq.web.workforce.schedules import rules_in_force, schedule_around
from serviq.workforce import handover


def nonblank_lines(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.splitlines() if x.strip())


def core_log(entry: m.HandoverEntry) -> handover.HandoverLog:
    checks = entry.equipment_checks.select_related("reported_by") if entry.pk else []
    return handover.HandoverLog(
        shift=entry.shift_label,
        outgoing_lead=entry.outgoing_lead.code,
        recorded_at=entry.recorded_at,
        equipment=entry.equipment,
        equipment_checks=tuple(
            handover.EquipmentEntry(
                equipment=c.equipment,
                state=c.state,
                reported_at=c.reported_at,
                reported_by=c.reported_by.code if c.reported_by else "",
                fixed_at=c.fixed_at,
                note=c.note,
            )
            for c in checks
        ),
        hard_cases=nonblank_lines(entry.hard_cases),
        staff_changes=nonblank_lines(entry.staff_changes),
        notices_read=nonblank_lines(entry.notices_read),
        incoming_lead=entry.incoming_lead.code if entry.incoming_lead_id else None,
        acknowledged_at=entry.acknowledged_at,
    )


def team_equipment(team: Team) -> tuple[str, ...]:
    """The codes of the equipment ``team`` checks on every handover (``ops/equipment.yaml``)."""
    from serviq.ops.equipment import load_equipment

    return tuple(e.code for e in load_equipment().of_team(team.code))


def equipment_from_form(
    fields: Mapping[str, str], lead: Person, parse_time: Any
) -> tuple[list[handover.EquipmentEntry], dict[str, Person]]:
    """The structured equipment entries of a handover form: fields
    ``equipment.<code>.state|reported_at|reported_by|fixed_at|note``; ``parse_time`` reads
    a time field (empty → ``None``). Returns the entries and the people named as reporters
    (the lead when none is named)."""
    by_code: dict[str, dict[str, str]] = {}
    for key, value in fields.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "equipment":
            by_code.setdefault(parts[1], {})[parts[2]] = str(value).strip()
    entries: list[handover.EquipmentEntry] = []
    reporters: dict[str, Person] = {}
    for code, f in by_code.items():
        reported_at = parse_time(f.get("reported_at", ""))
        who = f.get("reported_by", "")
        if reported_at is not None:
            found = Person.objects.filter(code=who).first() if who else lead
            if found is None:
                raise error(InvalidInput, "equipment.no_reporter",
                            where=Where(field=f"equipment.{code}.reported_by"),
                            equipment=code, person=who)  # fmt: skip
            reporters[code] = found
            who = found.code
        entries.append(
            handover.EquipmentEntry(
                equipment=code,
                state=f.get("state", "in_order") or "in_order",
                reported_at=reported_at,
                reported_by=who,
                fixed_at=parse_time(f.get("fixed_at", "")),
                note=f.get("note", ""),
            )
        )
    return entries, reporters


def record_handover(
    lead: Person,
    team: Team,
    fields: Mapping[str, str],
    *,
    equipment: list[handover.EquipmentEntry] | None = None,
    reporters: Mapping[str, Person] | None = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.HandoverEntry:
    """The outgoing lead's log with the equipment's state; refused when a field the centre
    requires is empty or an equipment entry is wrong (unknown equipment, a fix before the
    report, …: :func:`serviq.workforce.handover.check_equipment`) — nothing is written then.
    The team's and the centre's month are rescored (equipment in good order)."""
    if lead.role != "team_lead":
        raise error(PermissionDenied, "handover.lead_only", person=lead.code, role=lead.role)
    now = now_or(now)
    checks = list(equipment or [])
    handover.check_equipment(tuple(checks), team_equipment(team), now=now)
    checks = [replace(c, note=mask(c.note)) for c in checks]
    entry = m.HandoverEntry(
        team=team,
        shift_label=fields.get("shift_label", "").strip() or now.strftime("%Y-%m-%d %H:%M"),
        outgoing_lead=lead,
        recorded_at=now,
        equipment=mask(fields.get("equipment", "")),
        hard_cases=mask(fields.get("hard_cases", "")),
        staff_changes=mask(fields.get("staff_changes", "")),
        notices_read=mask(fields.get("notices_read", "")),
    )
    rules, _ = rules_in_force()
    decision = handover.check_log(replace(core_log(entry), equipment_checks=tuple(checks)), rules)
    if not decision.ok:
        raise RuleRefusal(decision)
    with transaction.atomic():
        entry.save()
        m.EquipmentCheck.objects.bulk_create(
            [
                m.EquipmentCheck(
                    entry=entry,
                    equipment=c.equipment,
                    state=c.state,
                    reported_at=c.reported_at,
                    reported_by=(reporters or {}).get(c.equipment),
                    fixed_at=c.fixed_at,
                    note=c.note,
                )
                for c in checks
            ]
        )
        record(
            "workforce.handover.record",
            request=request,
            actor=user_of(lead),
            obj=entry,
            after={"equipment": {c.equipment: c.state for c in checks}},
        )
    if checks:
        _rescore_month(entry)
    return entry


def _rescore_month(entry: m.HandoverEntry) -> None:
    """The dashboard's stored month of the log's team and of the centre, rescored."""
    import zoneinfo

    from django.conf import settings

    from serviq.web.dashboard.analysis import rescore

    period = entry.recorded_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).strftime("%Y-%m")
    rescore(period, entry.team.code)
    rescore(period, "")


def acknowledge_handover(
    entry: m.HandoverEntry,
    lead: Person,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.HandoverEntry:
    now = now_or(now)
    rules, _ = rules_in_force()
    with transaction.atomic():
        locked = m.HandoverEntry.objects.select_for_update().get(pk=entry.pk)
        done = handover.acknowledge(core_log(locked), lead=lead.code, at=now, rules=rules)
        locked.incoming_lead = lead
        locked.acknowledged_at = done.acknowledged_at
        locked.save(update_fields=["incoming_lead", "acknowledged_at"])
        record("workforce.handover.acknowledge", request=request, actor=user_of(lead), obj=locked)
    return locked


def _lead_of_shift(lead: Person, shift: m.Shift) -> None:
    if lead.role != "team_lead":
        raise error(PermissionDenied, "access.lead_only", person=lead.code, role=lead.role)
    if lead.team_id != shift.team_id:
        raise error(NotFound, "shift.not_in_scope", shift=shift.code)


def _not_future(at: dt.datetime, now: dt.datetime, code: str) -> None:
    if at > now:
        raise error(InvalidInput, code, at=at.isoformat(timespec="minutes"))


def record_roll_call(
    lead: Person,
    shift: m.Shift,
    arrived_at: dt.datetime,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.RollCall:
    """The lead records when the agent who works ``shift`` (after swaps) arrived; the core's
    :func:`~serviq.workforce.handover.check_roll_call` says whether it was in time for the
    roll call before the shift (10 minutes by default). A late arrival is recorded too,
    with the core's reasons."""
    from serviq.web.workforce.schedules import core_shift

    now = now_or(now)
    _lead_of_shift(lead, shift)
    _not_future(arrived_at, now, "register.arrival_future")
    rules, _ = rules_in_force()
    with transaction.atomic():
        list(m.Shift.objects.select_for_update().filter(pk=shift.pk))
        worker = Person.objects.get(code=schedule_around([shift.date]).worker(shift.code))
        lock_people(worker)
        decision = handover.check_roll_call(worker.code, core_shift(shift), arrived_at, rules)
        row = m.RollCall.objects.create(
            shift=shift,
            person=worker,
            arrived_at=arrived_at,
            on_time=decision.ok,
            reasons=[r.as_dict() for r in decision.reasons],
            recorded_by=lead,
            recorded_at=now,
        )
        record(
            "workforce.handover.roll_call",
            request=request,
            actor=user_of(lead),
            obj=row,
            after={"shift": shift.code, "person": worker.code, "on_time": decision.ok},
        )
    return row


def sign_off(
    lead: Person,
    shift: m.Shift,
    relief: Person,
    at: dt.datetime,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> m.SignOff:
    """Sign off the agent who works ``shift`` at ``at``; the relief's arrival is their
    latest roll call up to ``at``. The core's
    :func:`~serviq.workforce.handover.check_sign_off` refuses (409) while the relief has
    not arrived; nothing is written then."""
    now = now_or(now)
    _lead_of_shift(lead, shift)
    _not_future(at, now, "register.signoff_future")
    rules, _ = rules_in_force()
    with transaction.atomic():
        list(m.Shift.objects.select_for_update().filter(pk=shift.pk))
        worker = Person.objects.get(code=schedule_around([shift.date]).worker(shift.code))
        lock_people(worker, relief)
        arrived = (
            m.RollCall.objects.filter(
                person=relief,
                arrived_at__lte=at,
                arrived_at__gte=at - dt.timedelta(hours=rules.handover.relief_arrival_window_hours),
            )
            .order_by("-arrived_at")
            .values_list("arrived_at", flat=True)
            .first()
        )
        decision = handover.check_sign_off(worker.code, relief.code, arrived, at, rules)
        if not decision.ok:
            raise RuleRefusal(decision)
        row = m.SignOff.objects.create(
            shift=shift,
            person=worker,
            relief=relief,
            relief_arrived_at=arrived,
            signed_off_at=at,
            recorded_by=lead,
            recorded_at=now,
        )
        record(
            "workforce.handover.sign_off",
            request=request,
            actor=user_of(lead),
            obj=row,
            after={"shift": shift.code, "person": worker.code, "relief": relief.code},
        )
    return row
