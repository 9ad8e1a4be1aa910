"""Training on record (R-OPS-8, R-QA-3): sessions and who attended, question banks, tests
assembled from a bank, and each person's attempt at a test. The rules (kinds, attendance,
scoring, conflicts with the roster, the effect on QA) are :mod:`serviq.training`'s; these
tables only keep the state, and every change goes through :mod:`serviq.web.training.records`.
"""

from __future__ import annotations

from django.db import models

from serviq.training.sessions import KINDS, STATUSES


class TrainingSession(models.Model):
    """One session: topic, kind, trainer, start and length, the team it is for, and (for a
    QA-driven one) the QA training task and scorecard items it targets."""

    topic = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=[(k, k) for k in KINDS])
    trainer = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(db_index=True)
    minutes = models.PositiveIntegerField()
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    qa_task = models.ForeignKey(
        "qa.TrainingTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    qa_items = models.JSONField(default=list)  # scorecard item codes a QA-driven session targets
    material_link = models.URLField(max_length=500, blank=True)
    material_name = models.CharField(max_length=200, blank=True)
    material_file = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-start", "-pk")

    def __str__(self) -> str:
        return f"{self.topic} {self.start:%Y-%m-%d}"


class Invitation(models.Model):
    """One invited person and their attendance (blank until recorded)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, blank=True, choices=[(s, s) for s in STATUSES])
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("person__code",)
        constraints = (
            models.UniqueConstraint(fields=["session", "person"], name="invitation_once"),
        )


class QuestionBank(models.Model):
    """A bank for one topic: the YAML :func:`serviq.training.bank.load_bank` reads, as data."""

    code = models.CharField(max_length=64, unique=True)
    topic = models.JSONField(default=dict)  # language → topic
    data = models.JSONField()  # the bank as loaded (topic, questions)
    imported_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ("code",)


class KnowledgeTest(models.Model):
    """A test assembled from a bank: its questions, time limit, the session it follows and
    the team that takes it."""

    title = models.CharField(max_length=200)
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="tests")
    questions = models.JSONField(default=list)  # question ids of the bank, in order
    minutes = models.PositiveIntegerField()
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        TrainingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="tests"
    )
    created_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-pk")


class Attempt(models.Model):
    """One person's attempt at a test: the answers, points per question, total and share of
    the test's points, pass; ``pending`` while a short answer waits for a lead's mark."""

    SOURCES = ("online", "import")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=[(s, s) for s in SOURCES], default="online")
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)  # question id → options, true/false or text
    points = models.JSONField(default=dict)  # question id → points (short: once marked)
    total = models.FloatField(null=True, blank=True)
    share = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    pending = models.BooleanField(default=False)

    class Meta:
        ordering = ("-started_at", "-pk")
        constraints = (models.UniqueConstraint(fields=["test", "person"], name="attempt_once"),)
