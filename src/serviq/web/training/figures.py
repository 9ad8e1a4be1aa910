"""The stored training records as the core's plain values, for the indicator engine's
``training`` bindings (:func:`serviq.training.figures.figures`)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from serviq.training import figures as core
from serviq.web.training.models import Attempt, Invitation, TrainingSession


def stored_training_values() -> dict[tuple[str, str], dict[str, float]]:
    """``(month, scope) → {figure: value}`` over the sessions that have ended and the scored
    attempts."""
    zone = settings.SERVIQ.zone
    now = timezone.now()
    invitations = [
        core.Invitation(
            start.astimezone(zone).strftime("%Y-%m"),
            team,
            status or None,
        )
        for start, team, status in Invitation.objects.filter(session__start__lt=now).values_list(
            "session__start", "person__team__code", "status"
        )
    ]
    outcomes = [
        core.Outcome(at.astimezone(zone).strftime("%Y-%m"), team, bool(passed))
        for at, team, passed in Attempt.objects.filter(
            submitted_at__isnull=False, pending=False, passed__isnull=False
        ).values_list("submitted_at", "person__team__code", "passed")
    ]
    lags = [
        core.FindingLag(team, core.week_end(week), start.astimezone(zone).date())
        for start, team, week in TrainingSession.objects.filter(
            qa_task__isnull=False, start__lt=now
        ).values_list("start", "team__code", "qa_task__week")
    ]
    return core.figures(invitations, outcomes, lags)
