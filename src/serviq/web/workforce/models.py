"""What the department records: shifts, swap and leave requests, handover logs, violations
and escalation reports. The rules that decide about them live in :mod:`serviq.workforce`;
a request keeps the core's approval ``flow`` (``Flow.as_dict()``) and its latest rule
``check`` (``Decision.as_dict()`` with the messages in every language)."""

from __future__ import annotations

from typing import get_args

from django.db import models

from serviq.web.org.models import Person, Team
from serviq.workforce.approvals import Status


class Shift(models.Model):
    """One rostered shift; ``code`` is the core's shift id (``T1-A001-2026-12-01-D``)."""

    code = models.CharField(max_length=80, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="shifts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="shifts")
    date = models.DateField(db_index=True)
    kind = models.CharField(max_length=16)
    start = models.DateTimeField()
    end = models.DateTimeField()
    night = models.BooleanField(default=False)

    class Meta:
        ordering = ("start", "code")

    def __str__(self) -> str:
        return self.code


class SwapRequest(models.Model):
    STATUSES: tuple[Status, ...] = get_args(Status)
    requester = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    give_shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="+")
    take_shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, default="submitted", db_index=True)
    flow = models.JSONField(default=dict)
    rule_check = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")


class LeaveRequest(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="leave_requests")
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    start = models.DateTimeField()
    end = models.DateTimeField()
    special_case = models.BooleanField(default=False)
    status = models.CharField(max_length=16, default="submitted", db_index=True)
    flow = models.JSONField(default=dict)
    rule_check = models.JSONField(default=dict)
    certificate_from = models.DateField(null=True, blank=True)
    certificate_to = models.DateField(null=True, blank=True)
    certificate_handed_in = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-pk")


class HandoverEntry(models.Model):
    """One shift's handover log (交接日誌): the outgoing lead records, the incoming one
    acknowledges."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="handovers")
    shift_label = models.CharField(max_length=80)
    outgoing_lead = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    equipment = models.TextField(blank=True)
    hard_cases = models.TextField(blank=True)
    staff_changes = models.TextField(blank=True)
    notices_read = models.TextField(blank=True)
    incoming_lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-recorded_at", "-pk")


class EquipmentCheck(models.Model):
    """One piece of the room's equipment on one handover log (R-OPS-5): its state and, for a
    fault, when it was reported, by whom, when it was fixed; the note is masked before it is
    stored. ``serviq.ops.equipment`` counts these into equipment in good order and time to
    fix."""

    entry = models.ForeignKey(
        HandoverEntry, on_delete=models.CASCADE, related_name="equipment_checks"
    )
    equipment = models.CharField(max_length=40)
    state = models.CharField(max_length=16, default="in_order")
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fixed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("entry", "pk")
        constraints = (
            models.UniqueConstraint(fields=["entry", "equipment"], name="equipment_once_per_log"),
        )


class Violation(models.Model):
    """Lateness, absence from the post or absence, entered by the team lead."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="violations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="violations")
    date = models.DateField()
    kind = models.CharField(max_length=32)
    minutes = models.PositiveIntegerField(default=0)
    shift_code = models.CharField(max_length=80, blank=True, db_index=True)
    reasons = models.JSONField(default=list)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-date", "-pk")


class EscalationReport(models.Model):
    """A report upward (請示報告, R-OPS-1); ``state`` is the core report as JSON."""

    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    category = models.CharField(max_length=32)
    description = models.TextField()
    proposed_action = models.TextField()
    emergency = models.BooleanField(default=False)
    status = models.CharField(max_length=16, default="open", db_index=True)
    level = models.CharField(max_length=32)
    state = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-pk")


class RollCall(models.Model):
    """Who was there for the roll call before a shift (R-OPS-5); ``on_time`` and
    ``reasons`` are the core's ``check_roll_call``."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="roll_calls")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    arrived_at = models.DateTimeField()
    on_time = models.BooleanField()
    reasons = models.JSONField(default=list)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-arrived_at", "-pk")


class SignOff(models.Model):
    """An agent signed off at the end of their shift once the relief had arrived."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="sign_offs")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    relief = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    relief_arrived_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-signed_off_at", "-pk")


class Visit(models.Model):
    """The visitor log of the operations room (R-OPS-2): approved by a lead or director
    before the visitor enters (the core's ``check_visit``)."""

    centre = models.ForeignKey("org.Centre", on_delete=models.PROTECT, related_name="+")
    visitor = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    purpose = models.TextField()
    approved_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-entered_at", "-pk")


class MeetingMinutes(models.Model):
    """Minutes of a meeting (R-OPS-3): decisions, the one agreed answer to hard questions
    (``agreed_answers``: ``[{"question", "answer"}]``) and business changes, one a line."""

    centre = models.ForeignKey("org.Centre", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)
    date = models.DateField()
    chair = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    agreed_answers = models.JSONField(default=list)
    business_changes = models.TextField(blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("-date", "-pk")
