"""The data of indicators that no system records: values entered by their owners."""

from __future__ import annotations

from django.db import models


class ManualValue(models.Model):
    """The month's value of a ``manual`` indicator for the centre or one team, with its
    evidence and who entered it. Entering it again replaces it (the audit row keeps both)."""

    period = models.CharField(max_length=7, db_index=True)  # YYYY-MM
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty = the whole centre
    code = models.CharField(max_length=64)  # the indicator
    value = models.FloatField()  # full precision; rounded only for display
    note = models.TextField(blank=True)  # the evidence, masked before it is stored
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence = models.BinaryField(blank=True, default=b"")  # the evidence file's bytes
    entered_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("period", "code", "team__code")
        constraints = (
            models.UniqueConstraint(
                fields=["period", "team", "code"], name="manual_value_unique_team"
            ),
            models.UniqueConstraint(
                fields=["period", "code"],
                condition=models.Q(team__isnull=True),
                name="manual_value_unique_centre",
            ),
        )

    @property
    def scope(self) -> str:
        return self.team.code if self.team_id else ""


class ChecklistRound(models.Model):
    """One shift's operations-room check by the shift leader (R-OPS-9): a template ticked
    for a team on a date and shift."""

    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    template = models.CharField(max_length=64)
    date = models.DateField()
    shift_label = models.CharField(max_length=80)
    period = models.CharField(max_length=7, db_index=True)  # YYYY-MM of the date
    ticked_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-date", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=["team", "template", "date", "shift_label"], name="checklist_round_unique"
            ),
        )


class ChecklistTick(models.Model):
    """One item of a round: passed or failed; a failure may name the person, which records
    a conduct entry (a workforce violation of kind ``workplace_standard``)."""

    round = models.ForeignKey(ChecklistRound, on_delete=models.CASCADE, related_name="ticks")
    item = models.CharField(max_length=64)
    passed = models.BooleanField()
    person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    violation = models.ForeignKey(
        "workforce.Violation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("round", "pk")


class SystemMonthRecord(models.Model):
    """One month of one service's availability and problem contacts (R-BANK-2), imported."""

    period = models.CharField(max_length=7, db_index=True)
    service = models.CharField(max_length=64)
    scheduled_minutes = models.FloatField()
    unavailable_minutes = models.FloatField()
    problem_contacts = models.FloatField()
    imported_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("period", "service")
        constraints = (
            models.UniqueConstraint(fields=["period", "service"], name="system_month_unique"),
        )


class WorkOrderRecord(models.Model):
    """A work order (工單) with the events the supervision totals and the call-back rate read:
    escalated (督辦, a supervised case), answered (反饋, ``closed_at``), called back (回訪,
    ``callback_at``) — R-OPS-8. Times are stored in UTC."""

    work_order_id = models.CharField(max_length=64, unique=True)
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    queue = models.CharField(max_length=64)
    contact_type = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField()
    escalated = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    first_closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveIntegerField(default=0)
    callback_required = models.BooleanField(default=True)
    callback_done = models.BooleanField(default=False)
    callback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")


class ProductFeedbackRecord(models.Model):
    """One product complaint or request (R-BANK-2), imported; ``text`` masked, ``codes`` the
    product code book's codes found in it (``;``-separated)."""

    feedback_id = models.CharField(max_length=64, unique=True)
    received_on = models.DateField()
    period = models.CharField(max_length=7, db_index=True)
    kind = models.CharField(max_length=16)
    met = models.BooleanField(null=True, blank=True)
    text = models.TextField()
    codes = models.CharField(max_length=500, blank=True)
    imported_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("received_on", "feedback_id")


class Benchmark(models.Model):
    """A reference value from secondary data an indicator is judged against (issue 19,
    :mod:`serviq.indicators.benchmarks`): imported from a file or entered with evidence."""

    indicator = models.CharField(max_length=64, db_index=True)
    reference = models.CharField(max_length=500)  # e.g. "Peer bank A", "Team T3"
    kind = models.CharField(max_length=16)  # industry / peer / regulator / association / …
    value = models.FloatField()  # in the indicator's unit, full precision
    source = models.CharField(max_length=500)
    date = models.CharField(max_length=10)  # YYYY, YYYY-MM or YYYY-MM-DD
    definition_notes = models.TextField(blank=True)
    comparability = models.CharField(max_length=16, default="same")
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence = models.BinaryField(blank=True, default=b"")
    entered_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("indicator", "-date", "reference")
        constraints = (
            models.UniqueConstraint(
                fields=["indicator", "reference", "date"], name="benchmark_unique"
            ),
        )
