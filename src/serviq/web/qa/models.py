"""Quality inspection (質檢) in the database: the month's sampling plan, reviews, calibration
sessions and training tasks. The rules live in :mod:`serviq.qa`; these rows only keep state,
and every change goes through :mod:`serviq.web.qa.actions`."""

from __future__ import annotations

from typing import get_args

from django.conf import settings
from django.db import models

from serviq.qa.reviews import Status
from serviq.qa.training import TaskStatus

STATUSES: tuple[Status, ...] = get_args(Status)
TASK_STATUSES: tuple[TaskStatus, ...] = get_args(TaskStatus)


class SamplingPlan(models.Model):
    """The month's plan (R-QA-1): who reviews which contact; notes of agents left short."""

    month = models.CharField(max_length=7, unique=True)  # YYYY-MM in the centre's zone
    seed = models.BigIntegerField(default=0)
    min_per_agent = models.PositiveSmallIntegerField(default=1)
    max_per_agent = models.PositiveSmallIntegerField(default=5)
    per_agent = models.JSONField(default=list)  # agent, team, quota, available, planned
    loads = models.JSONField(default=dict)  # inspector → reviews
    notes = models.JSONField(default=list)  # Reason.as_dict per note
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self) -> str:
        return self.month


class Review(models.Model):
    """One QA review of one interaction: assigned → scored → disputed → decided."""

    code = models.CharField(max_length=32, unique=True)
    month = models.CharField(max_length=7, db_index=True)
    plan = models.ForeignKey(
        SamplingPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    interaction = models.ForeignKey(
        "dashboard.Interaction", on_delete=models.PROTECT, related_name="qa_reviews"
    )
    agent = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="qa_reviewed")
    agent_team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="qa_reviews"
    )
    inspector = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="qa_assigned"
    )
    scorecard = models.CharField(max_length=80)  # code@version
    status = models.CharField(
        max_length=16, choices=[(s, s) for s in STATUSES], default="assigned", db_index=True
    )
    ratings = models.JSONField(null=True, blank=True)  # item → value (null = N.A.)
    comments = models.JSONField(default=dict)
    score = models.FloatField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)  # ReviewScore.as_dict()
    scored_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    ruling = models.JSONField(null=True, blank=True)  # by, role, at, verdict, reason
    history = models.JSONField(default=list)

    class Meta:
        ordering = ("month", "code")

    def __str__(self) -> str:
        return self.code


class CalibrationSession(models.Model):
    """Several inspectors score the same interactions; the result is serviq.qa's report."""

    month = models.CharField(max_length=7, db_index=True)
    name = models.CharField(max_length=200)
    scores = models.JSONField(default=list)  # long rows: interaction_id, inspector_id, item, score
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class TrainingTask(models.Model):
    """A task of the training plan (R-QA-3): team-wide (roll call) or one agent's coaching."""

    code = models.CharField(max_length=32, unique=True)
    week = models.CharField(max_length=10, db_index=True)  # ISO week, e.g. 2026-W44
    item = models.CharField(max_length=64)
    scope = models.CharField(max_length=16)  # team / individual
    team = models.ForeignKey("org.Team", null=True, blank=True, on_delete=models.PROTECT)
    agents = models.JSONField(default=list)
    why = models.JSONField(default=dict)  # Reason.as_dict with its messages
    due = models.DateField()
    roll_call = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=[(s, s) for s in TASK_STATUSES], default="planned"
    )
    owner = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    history = models.JSONField(default=list)

    class Meta:
        ordering = ("week", "code")
