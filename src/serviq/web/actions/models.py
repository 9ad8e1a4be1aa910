"""Improvement records (R-IND-9): the indicator, scope and period that started one, its
analysis, its actions, links and the effectiveness check. The rules are
:mod:`serviq.actions`'; these tables only keep the state."""

from __future__ import annotations

from django.db import models

from serviq.actions.lifecycle import STATUSES, TASK_STATUSES

SEVERITIES = ("low", "medium", "high")
LINK_KINDS = ("qa_training", "agreed_answer", "handover", "escalation", "file", "url")
ORIGINS = ("suggestion", "manual")


class ActionRecord(models.Model):
    """One improvement record. ``scope`` is ``""`` for the whole centre, else a team code
    (with ``team`` set); ``department`` is the team's department (None for the centre)."""

    indicator = models.CharField(max_length=64, db_index=True)
    names = models.JSONField(default=dict)  # language → the indicator's name
    unit = models.CharField(max_length=64, blank=True)
    direction = models.CharField(max_length=8, default="higher")
    scope = models.CharField(max_length=32, blank=True, db_index=True)
    team = models.ForeignKey("org.Team", null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT
    )
    period = models.CharField(max_length=7, db_index=True)
    origin = models.CharField(max_length=16, choices=[(o, o) for o in ORIGINS], default="manual")
    target = models.FloatField(null=True, blank=True)
    actual = models.FloatField(null=True, blank=True)
    trigger = models.JSONField(default=dict)  # reasons (with messages) and evidence
    severity = models.CharField(
        max_length=8, choices=[(s, s) for s in SEVERITIES], default="medium"
    )
    problem = models.TextField(blank=True)
    containment = models.TextField(blank=True)
    root_cause = models.TextField(blank=True)
    root_cause_method = models.CharField(max_length=24, blank=True)
    root_cause_verified = models.BooleanField(default=False)
    elsewhere = models.TextField(blank=True)  # does the cause exist in other teams, queues?
    criterion = models.JSONField(null=True, blank=True)  # kind, periods, threshold
    owner = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=[(s, s) for s in STATUSES], default="proposed", db_index=True
    )
    after_from = models.CharField(max_length=7, blank=True)  # first period after the actions
    verdict = models.JSONField(null=True, blank=True)  # the last effectiveness check
    effective = models.BooleanField(null=True, blank=True)
    waiver = models.JSONField(null=True, blank=True)  # by, at, reason
    note = models.TextField(blank=True)  # why dismissed or cancelled
    created_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-period", "indicator", "scope", "id")
        constraints = (
            # one proposal per indicator, scope and period: a dismissed one does not come back
            models.UniqueConstraint(
                fields=["indicator", "scope", "period"],
                condition=models.Q(origin="suggestion"),
                name="action_one_suggestion_per_period",
            ),
        )

    def __str__(self) -> str:
        return f"#{self.pk} {self.indicator} {self.scope or 'centre'} {self.period}"


class ActionTask(models.Model):
    """One action of a record: what, who, by when, its status and evidence."""

    record = models.ForeignKey(ActionRecord, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    status = models.CharField(
        max_length=16, choices=[(s, s) for s in TASK_STATUSES], default="planned"
    )
    evidence = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # a QA training task carried out as this action (R-QA-3)
    training_code = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ("due", "id")


class ActionLink(models.Model):
    """A typed link: a QA training plan task, an agreed answer of the weekly meeting (the
    remedy), a handover log entry or escalation report (evidence), a file or a URL."""

    record = models.ForeignKey(ActionRecord, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=16, choices=[(k, k) for k in LINK_KINDS])
    ref = models.CharField(max_length=200)
    label = models.CharField(max_length=300)
    added_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ("kind", "id")
