"""Clearing the test database for ``serviq demo``, which loads a centre of its own, and
keeping a costly set-up for the tests of one module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


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


@contextmanager
def shared_by_module(django_db_blocker: Any) -> Iterator[None]:
    """Data made inside this block stays for the tests of one module and is rolled back at
    its end: an outer transaction, inside which each test's own transaction (the ``db``
    fixture) is a savepoint. For set-up that costs seconds and that the tests only read
    (what a test writes is rolled back after it as usual). Not for ``transactional_db``."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
