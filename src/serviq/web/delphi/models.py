"""Delphi consultations on an indicator-system version: the panel, the rounds, each expert's
invitation (a token link) and answers, and the version the consultation ends in."""

from __future__ import annotations

from django.db import models

LANGUAGES = (("zh-hans", "zh-hans"), ("zh-hant", "zh-hant"), ("en", "en"))


class Consultation(models.Model):
    title = models.CharField(max_length=200)
    system = models.CharField(max_length=64)  # a bundled system's id
    system_version = models.CharField(max_length=32)
    created_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # the version the final round wrote (serviq.delphi.revision.consultation_version)
    new_version = models.CharField(max_length=32, blank=True)
    new_version_yaml = models.TextField(blank=True)
    # each dropped and revised item with its round statistics, as the page shows them
    outcomes = models.JSONField(default=list, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")


class Expert(models.Model):
    """A member of the panel. Experts are not customers: their names and organisations are
    what a Delphi report lists; the e-mail is shown to the analysts only."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="experts")
    code = models.CharField(max_length=32)  # E01: the column value of an imported file
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=200, blank=True)
    years = models.PositiveSmallIntegerField(default=0)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, choices=LANGUAGES, default="zh-hans")

    class Meta:
        ordering = ("code",)
        constraints = (
            models.UniqueConstraint(fields=["consultation", "code"], name="delphi_expert_code"),
        )


class Round(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, default="open")  # open | closed
    items = models.JSONField(default=list)  # the item codes asked, in tree order
    revisions = models.JSONField(default=dict, blank=True)  # code → {lang: definition}
    opened_at = models.DateTimeField()
    closes_on = models.DateField()  # the links expire at the end of this day
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("consultation", "number")
        constraints = (
            models.UniqueConstraint(fields=["consultation", "number"], name="delphi_round_number"),
        )


class Invitation(models.Model):
    """One expert's link to one round (only the token's SHA-256 is kept) and the answers
    they keep there: saved drafts until they submit, once."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="invitations")
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=8, default="form")  # form | import
    ratings = models.JSONField(default=dict, blank=True)  # dimension → {basis, familiarity}
    proposals = models.TextField(blank=True)  # proposed new indicators (masked)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["round", "expert"], name="delphi_one_link_each"),
        )


class Answer(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=64)
    importance = models.PositiveSmallIntegerField(null=True, blank=True)
    verdict = models.CharField(max_length=8, blank=True)  # keep | revise | drop
    comment = models.TextField(blank=True)  # masked

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["invitation", "item"], name="delphi_one_answer"),
        )
