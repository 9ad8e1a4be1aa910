"""The department's reports in the web: one row per report (kind, period, scope), its
workflow state, the team lead's commentary, and — once approved — the frozen documents
with their hashes (never recomputed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from serviq.reports.workflow import STATUSES
from serviq.web.org.models import Department, Team


class Report(models.Model):
    kind = models.CharField(max_length=32)
    period = models.CharField(max_length=16)
    scope = models.CharField(max_length=64)  # centre, department:CODE, team:CODE
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=16, choices=[(s, s) for s in STATUSES], default="draft")
    due = models.DateField(null=True, blank=True)
    narratives = models.JSONField(default=dict, blank=True)
    return_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Frozen on approval: the documents as approved, their SHA-256 and the inputs' hashes.
    lang = models.CharField(max_length=8, default="zh-Hans")
    html = models.BinaryField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    sha256 = models.JSONField(default=dict, blank=True)
    inputs = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["kind", "period", "scope"], name="report_once_per_scope"
            ),
        )
        ordering = ("-period", "kind", "scope")

    def __str__(self) -> str:
        return f"{self.kind} {self.period} {self.scope}"
