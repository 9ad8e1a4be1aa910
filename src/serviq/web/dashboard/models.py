"""What the dashboard shows: the centre's interactions (the records behind the KPIs) and the
indicator results of each period, as computed by the functional core and stored here."""

from __future__ import annotations

from django.db import models


class Interaction(models.Model):
    """One contact, in the canonical interaction columns (docs/ops.md)."""

    interaction_id = models.CharField(max_length=64, unique=True)
    period = models.CharField(max_length=7, db_index=True)  # YYYY-MM in the centre's zone
    channel = models.CharField(max_length=16)
    queue = models.CharField(max_length=32, db_index=True)
    contact_type = models.CharField(max_length=16)
    # empty for a contact abandoned before reaching a team
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="interactions"
    )
    agent = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="interactions"
    )
    customer_key = models.CharField(max_length=64, blank=True)
    issue_key = models.CharField(max_length=64, blank=True)
    arrived_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    hold_seconds = models.FloatField(default=0)
    wrapup_seconds = models.FloatField(default=0)
    abandoned = models.BooleanField(default=False)
    transferred = models.BooleanField(default=False)
    resolved = models.BooleanField(default=True)
    csat = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = (
            "arrived_at",
            "id",
        )


class IndicatorResult(models.Model):
    """One node of the indicator tree for a period and a scope (the centre, or one team)."""

    period = models.CharField(max_length=7, db_index=True)
    team_code = models.CharField(max_length=32, blank=True)  # "" = the whole centre
    code = models.CharField(max_length=64)
    parent_code = models.CharField(max_length=64, blank=True)
    level = models.PositiveSmallIntegerField(default=0)  # 0 index, 1 dimension, 2 indicator
    order = models.PositiveIntegerField(default=0)
    names = models.JSONField(default=dict)  # language → name
    definition = models.JSONField(default=dict)  # language → KPI definition
    unit = models.CharField(max_length=64, blank=True)
    weight = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)  # the raw measure (a rate, seconds, …)
    score = models.FloatField(null=True, blank=True)  # normalised 0–100
    target = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=8, blank=True)  # red / amber / green
    change = models.FloatField(null=True, blank=True)  # score minus the previous period's
    source = models.CharField(max_length=16, blank=True)  # interactions / responses / reviews
    filters = models.JSONField(default=dict)  # drill-down filters, e.g. {"queue": "complaints"}
    # A KPI with a look-ahead window (FCR): contacts not yet judgeable at the data's end,
    # left out of the value; the value is provisional while any are pending.
    pending = models.PositiveIntegerField(null=True, blank=True)
    provisional = models.BooleanField(default=False)
    as_of = models.DateTimeField(null=True, blank=True)  # the data's end the value is as of
    # How a queue KPI is scoped at team level, e.g. "queues credit_card" (by queue ownership)
    attribution = models.CharField(max_length=200, blank=True)
    # A rate's numerator and denominator (e.g. complaints ÷ offered), for the drill-down
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = (
            "period",
            "team_code",
            "order",
        )
        constraints = (
            models.UniqueConstraint(
                fields=["period", "team_code", "code"], name="indicator_result_unique"
            ),
        )
