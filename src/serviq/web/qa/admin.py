"""The QA rows in the administrator's site: plans, reviews, calibration sessions and
training tasks. Changes are audited like the organisation's (:class:`AuditedAdmin`); the
fields that are the rows' own audit trail — history, who and when created, scored,
disputed, the ruling, the ratings and the computed result — are read only, so the admin never rewrites
what the QA workflow recorded."""

from __future__ import annotations

from django.contrib import admin

from serviq.web.org.admin import AuditedAdmin
from serviq.web.qa.models import CalibrationSession, Review, SamplingPlan, TrainingTask


@admin.register(SamplingPlan)
class SamplingPlanAdmin(AuditedAdmin):
    list_display = ("month", "seed", "min_per_agent", "max_per_agent", "created_at", "created_by")
    readonly_fields = ("created_at", "created_by", "per_agent", "loads", "notes")


@admin.register(Review)
class ReviewAdmin(AuditedAdmin):
    list_display = ("code", "month", "agent", "agent_team", "inspector", "status", "score")
    list_filter = ("status", "month", "agent_team")
    search_fields = ("code", "agent__code", "inspector__code")
    # ratings and comments too: a score changes only through the QA workflow's rules
    readonly_fields = (
        "history",
        "ratings",
        "comments",
        "result",
        "score",
        "scored_at",
        "disputed_at",
        "ruling",
    )


@admin.register(CalibrationSession)
class CalibrationSessionAdmin(AuditedAdmin):
    list_display = ("month", "name", "created_at")
    readonly_fields = ("created_at", "scores", "result")


@admin.register(TrainingTask)
class TrainingTaskAdmin(AuditedAdmin):
    list_display = ("code", "week", "item", "scope", "team", "status", "due", "owner")
    list_filter = ("status", "scope", "week")
    readonly_fields = ("history", "why")
