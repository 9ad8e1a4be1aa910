"""Surveys in the field: published questionnaires, single-use links, responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PublishedQuestionnaire(models.Model):
    """A frozen copy of a questionnaire as it was published: responses refer to it."""

    code = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.JSONField(default=dict)  # language → title
    definition = models.JSONField()  # {"items": [...]}, see serviq.web.surveys.forms
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["code", "version"], name="questionnaire_version_unique"
            ),
        )


class SurveyLink(models.Model):
    """An unguessable single-use link for one contact. Only the token's SHA-256 is kept."""

    digest = models.CharField(max_length=64, unique=True)
    questionnaire = models.ForeignKey(PublishedQuestionnaire, on_delete=models.PROTECT)
    interaction = models.ForeignKey(
        "dashboard.Interaction", null=True, blank=True, on_delete=models.SET_NULL
    )
    team = models.ForeignKey("org.Team", null=True, blank=True, on_delete=models.PROTECT)
    agent = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT)
    language = models.CharField(max_length=8, default="zh-hans")
    # The item codes this link asks (the channel's short form); empty = every item.
    items = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class SurveyResponse(models.Model):
    """One customer's answers. ``link`` is unique: a double submit cannot store two."""

    link = models.OneToOneField(
        SurveyLink, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    questionnaire = models.ForeignKey(PublishedQuestionnaire, on_delete=models.PROTECT)
    period = models.CharField(max_length=7, db_index=True)
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    agent = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    queue = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8)
    submitted_at = models.DateTimeField()
    answers = models.JSONField()  # item code → number
    comment = models.TextField(blank=True)  # PII masked before storage

    class Meta:
        ordering = (
            "submitted_at",
            "id",
        )


class RateBucket(models.Model):
    """Requests from one address in one minute, for rate limiting the public survey pages."""

    key = models.CharField(max_length=80)
    window = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["key", "window"], name="rate_bucket_unique"),
        )
