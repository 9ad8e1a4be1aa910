"""Handover between shifts (交接班制度, R-OPS-5).

- Roll call ``handover.roll_call_minutes_before_shift`` (10) minutes before the shift
  (提前10分鍾到崗，認真聽取班長點名點評): :func:`roll_call_time`, :func:`check_roll_call`.
- The outgoing lead's handover log records equipment state, hard cases, staff changes
  and that the latest notices were read (``handover.log_fields``): :func:`check_log`.
  The equipment state is structured: one :class:`EquipmentEntry` per piece of the room's
  equipment (``ops/equipment.yaml``) — in order, faulty or out of service, when a fault
  was reported, by whom, when it was fixed, a note — checked by :func:`check_equipment`
  (``serviq.ops.equipment`` counts them into "equipment in good order" and time to fix).
- The incoming lead acknowledges it; the acknowledger must be someone else:
  :func:`acknowledge`.
- An agent may not be signed off before the relief has arrived at the post
  (接班人未到機台，交班人不得離台): :func:`check_sign_off`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from serviq.errors import Conflict, InvalidInput, Where
from serviq.messages import error
from serviq.workforce.decisions import Decision, Reason, reason
from serviq.workforce.ruleset import Rules
from serviq.workforce.shifts import Shift

FIELD_NAMES = {
    "equipment": ("the equipment state", "设备情况", "設備情況"),
    "hard_cases": ("the hard cases", "疑难问题", "疑難問題"),
    "staff_changes": ("the staff changes", "人员调班情况", "人員調班情況"),
    "notices_read": ("that the latest notices were read", "最新通告已阅读", "最新通告已閱讀"),
}


#: The states of a piece of equipment at handover (``serviq.ops.equipment.STATES``).
EQUIPMENT_STATES = ("in_order", "faulty", "out_of_service")


@dataclass(frozen=True)
class EquipmentEntry:
    """One piece of equipment on one handover log: its state, and for a fault when it was
    reported (and by whom), when it was fixed and a note (masked before it is stored)."""

    equipment: str
    state: str = "in_order"
    reported_at: dt.datetime | None = None
    reported_by: str = ""
    fixed_at: dt.datetime | None = None
    note: str = ""


def check_equipment(
    entries: tuple[EquipmentEntry, ...], known: tuple[str, ...], *, now: dt.datetime
) -> None:
    """Every entry names a piece of the team's equipment (``known``) once, with a state of
    :data:`EQUIPMENT_STATES`; a piece not in order has its fault's report time and no fix
    time; a fix time needs a report time and is not before it; neither is after ``now``.
    The first problem is one :class:`~serviq.errors.InvalidInput` line naming the field.

    >>> t = dt.datetime(2026, 10, 1, 9)
    >>> check_equipment((EquipmentEntry("pc", "faulty", t),), ("pc",), now=t)
    >>> check_equipment((EquipmentEntry("pc", "in_order", t, fixed_at=t - dt.timedelta(hours=1)),),
    ...                 ("pc",), now=t)
    Traceback (most recent call last):
    serviq.errors.InvalidInput: equipment pc: fixed at 2026-10-01 08:00 is before the fault was reported (2026-10-01 09:00) (field equipment.pc.fixed_at)
    """
    seen: set[str] = set()
    for e in entries:
        field = f"equipment.{e.equipment}"
        if e.equipment not in known:
            raise error(InvalidInput, "equipment.unknown", where=Where(field="equipment"),
                        equipment=e.equipment, allowed=", ".join(known))  # fmt: skip
        if e.equipment in seen:
            raise error(InvalidInput, "equipment.twice", where=Where(field=field),
                        equipment=e.equipment)  # fmt: skip
        seen.add(e.equipment)
        if e.state not in EQUIPMENT_STATES:
            raise error(InvalidInput, "equipment.state", where=Where(field=f"{field}.state"),
                        equipment=e.equipment, state=e.state,
                        allowed=", ".join(EQUIPMENT_STATES))  # fmt: skip
        if e.state != "in_order" and e.reported_at is None:
            raise error(InvalidInput, "equipment.no_report",
                        where=Where(field=f"{field}.reported_at"), equipment=e.equipment,
                        state=e.state.replace("_", " "))  # fmt: skip
        if e.state != "in_order" and e.fixed_at is not None:
            raise error(InvalidInput, "equipment.fix_not_in_order",
                        where=Where(field=f"{field}.fixed_at"), equipment=e.equipment,
                        state=e.state.replace("_", " "))  # fmt: skip
        if e.fixed_at is not None and e.reported_at is None:
            raise error(InvalidInput, "equipment.fix_needs_report",
                        where=Where(field=f"{field}.reported_at"),
                        equipment=e.equipment)  # fmt: skip
        if e.fixed_at is not None and e.reported_at is not None and e.fixed_at < e.reported_at:
            raise error(InvalidInput, "equipment.fix_before",
                        where=Where(field=f"{field}.fixed_at"), equipment=e.equipment,
                        fixed=f"{e.fixed_at:%Y-%m-%d %H:%M}",
                        reported=f"{e.reported_at:%Y-%m-%d %H:%M}")  # fmt: skip
        for name, at in (("reported_at", e.reported_at), ("fixed_at", e.fixed_at)):
            if at is not None and at > now:
                code = "equipment.reported_future" if name == "reported_at" else "equipment.fixed_future"  # fmt: skip
                raise error(InvalidInput, code, where=Where(field=f"{field}.{name}"),
                            equipment=e.equipment, at=f"{at:%Y-%m-%d %H:%M}")  # fmt: skip


@dataclass(frozen=True)
class HandoverLog:
    """One shift's handover log (交接日誌)."""

    shift: str
    outgoing_lead: str
    recorded_at: dt.datetime
    equipment: str = ""
    equipment_checks: tuple[EquipmentEntry, ...] = ()
    hard_cases: tuple[str, ...] = ()
    staff_changes: tuple[str, ...] = ()
    notices_read: tuple[str, ...] = ()
    incoming_lead: str | None = None
    acknowledged_at: dt.datetime | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


def _filled(log: HandoverLog, name: str) -> bool:
    if name == "equipment" and log.equipment_checks:
        return True
    value = getattr(log, name)
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def check_log(log: HandoverLog, rules: Rules) -> Decision:
    """Every field the centre requires is filled in.

    ``hard_cases`` and ``staff_changes`` may be written as ``("none",)`` when there were
    none — an empty field means it was not recorded.
    """
    reasons: list[Reason] = []
    for name in rules.handover.log_fields:
        if not _filled(log, name):
            en, zh, zht = FIELD_NAMES[name]
            reasons.append(reason("handover.missing_field", what=en, what_zh=zh, what_zht=zht))
    return Decision.of(reasons)


def acknowledge(log: HandoverLog, *, lead: str, at: dt.datetime, rules: Rules) -> HandoverLog:
    """The incoming lead's acknowledgement; refused for an incomplete log or the same lead."""
    if log.acknowledged:
        raise error(Conflict, "handover.acknowledged", shift=log.shift)
    decision = check_log(log, rules)
    if lead == log.outgoing_lead:
        decision = Decision.of([*decision.reasons, reason("handover.same_lead", lead=lead)])
    if not decision.ok:
        raise Conflict(
            "; ".join(r.message() for r in decision.reasons),
            details={"reasons": [r.as_dict() for r in decision.reasons]},
        )
    return replace(log, incoming_lead=lead, acknowledged_at=at)


def roll_call_time(shift: Shift, rules: Rules) -> dt.datetime:
    return shift.start - dt.timedelta(minutes=rules.handover.roll_call_minutes_before_shift)


def check_roll_call(person: str, shift: Shift, arrived_at: dt.datetime, rules: Rules) -> Decision:
    """Whether ``person`` was there for the roll call before ``shift``."""
    call = roll_call_time(shift, rules)
    if arrived_at <= call:
        return Decision.of([])
    return Decision.of(
        [
            reason(
                "handover.late_for_roll_call",
                person=person,
                arrived=arrived_at.isoformat(timespec="minutes"),
                roll_call=call.isoformat(timespec="minutes"),
                minutes=rules.handover.roll_call_minutes_before_shift,
            )
        ]
    )


def check_sign_off(
    person: str,
    relief: str,
    relief_arrived_at: dt.datetime | None,
    now: dt.datetime,
    rules: Rules,
) -> Decision:
    """Whether the outgoing ``person`` may be signed off at ``now``."""
    if not rules.handover.relief_must_arrive_before_sign_off:
        return Decision.of([])
    if relief_arrived_at is not None and relief_arrived_at <= now:
        return Decision.of([])
    return Decision.of([reason("handover.relief_not_arrived", person=person, relief=relief)])
