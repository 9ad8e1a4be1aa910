"""Finding 7: each rule is stated once, in the core, and the web derives from it.

Who sees a QA review is :func:`serviq.qa.reviews.review_scope`; the web's query filter
must agree with the core's :func:`~serviq.qa.reviews.can_view` for every persona and
every review. The web's value lists (statuses, kinds) are the core's types, not copies.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from qa_web_centre import build

from serviq.languages import ROLES
from serviq.qa import reviews as core_reviews
from serviq.qa import training
from serviq.workforce import approvals, escalation, meetings, ruleset

PERSONAS = ["a001", "a002", "b001", "c001", "lead1", "lead2", "qa1", "dir1", "dir2"]
PERSONAS += ["centre", "analyst", "admin"]


@pytest.mark.django_db
@pytest.mark.parametrize("login", PERSONAS)
def test_the_web_filter_is_the_cores_rule(personas: Any, login: str) -> None:
    from serviq.web.qa import access, core
    from serviq.web.qa.models import Review

    build(personas)
    person = personas()["people"][login]
    actor = core.actor_of(person)
    in_filter = set(access.reviews_in_scope(person).values_list("code", flat=True))
    rows = Review.objects.select_related("interaction", "agent", "agent_team", "inspector")
    by_rule = {r.code for r in rows if core_reviews.can_view(core.to_core(r), actor)}
    assert in_filter == by_rule
    assert rows.count() == 5  # the check saw every review of the fixture


@pytest.mark.django_db
def test_what_each_persona_sees(personas: Any) -> None:
    """The rule's outcome on the fixture (QA-A1 is assigned, the others scored)."""
    from serviq.web.qa import access

    build(personas)
    people = personas()["people"]

    def seen(login: str) -> list[str]:
        qs = access.reviews_in_scope(people[login]).order_by("code")
        return list(qs.values_list("code", flat=True))

    assert seen("a001") == ["QA-S1"]  # their own, once scored
    assert seen("lead1") == ["QA-A1", "QA-S1", "QA-S2"]
    assert seen("dir1") == ["QA-A1", "QA-B1", "QA-S1", "QA-S2"]  # department D1: T1, T2
    assert seen("dir2") == ["QA-C1"]
    assert seen("qa1") == seen("centre") == ["QA-A1", "QA-B1", "QA-C1", "QA-S1", "QA-S2"]


def test_value_lists_are_the_cores_types() -> None:
    from serviq.web.org.roles import Role
    from serviq.web.qa import indicators
    from serviq.web.qa import models as qa_models
    from serviq.web.workforce import actions, escalations, minutes
    from serviq.web.workforce import models as wf_models

    assert get_args(core_reviews.Status) == qa_models.STATUSES
    assert get_args(training.TaskStatus) == qa_models.TASK_STATUSES
    assert indicators.SCORED is core_reviews.SCORED
    assert get_args(approvals.Status) == wf_models.SwapRequest.STATUSES
    assert get_args(ruleset.LeaveKind) == actions.LEAVE_KINDS
    assert get_args(meetings.MeetingKind) == minutes.MEETING_KINDS
    assert get_args(escalation.Action) == escalations.REPORT_ACTIONS
    # the web's Role enum keeps member names for the code; its values are the core's roles
    assert tuple(r.value for r in Role) == ROLES
