"""Clearing the test database for ``serviq demo``, which loads a centre of its own."""

from __future__ import annotations


def clear_centre() -> None:
    """Delete every centre, its people and what hangs on them (the demo loads its own)."""
    from django.contrib.auth.models import User

    from serviq.web.audit.models import AuditEvent
    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.indicatordata.models import (
        ChecklistRound,
        ChecklistTick,
        ManualValue,
        SystemMonthRecord,
    )
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.qa.models import CalibrationSession, Review, SamplingPlan, TrainingTask
    from serviq.web.surveys.models import PublishedQuestionnaire, SurveyLink, SurveyResponse
    from serviq.web.workforce.models import LeaveRequest, Shift, SwapRequest

    for model in (
        ChecklistTick,
        ChecklistRound,
        ManualValue,
        SystemMonthRecord,
        SwapRequest,
        LeaveRequest,
        Shift,
        TrainingTask,
        CalibrationSession,
        Review,
        SamplingPlan,
        SurveyResponse,
        SurveyLink,
        PublishedQuestionnaire,
        Interaction,
        IndicatorResult,
        AuditEvent,
        Person,
        User,
        Team,
        Department,
        Centre,
    ):
        model.objects.all().delete()
