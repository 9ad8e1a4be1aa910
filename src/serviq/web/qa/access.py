"""Who may open which QA page, and which reviews are in their scope.

The role decides the kind of page (403 otherwise). Which reviews a person sees is the
core's rule, :func:`serviq.qa.reviews.review_scope`, turned here into a query filter and
never restated (a test checks that the filter and :func:`~serviq.qa.reviews.can_view`
agree for every persona and review). A review outside that scope is a 404, so its
existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from serviq.errors import NotFound
from serviq.qa.reviews import review_scope
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import ALL as CENTRE_ROLES
from serviq.web.org.roles import Role
from serviq.web.qa import core
from serviq.web.qa.models import Review, TrainingTask

ALL = CENTRE_ROLES  # the contact centre's roles; the SME desk's have no QA pages
ASSIGNMENTS = frozenset({Role.QA_INSPECTOR})
MY_REVIEWS = frozenset({Role.AGENT})
OVERVIEW = frozenset(ALL - {Role.AGENT})  # team QA overview, weekly analysis, training plan
CALIBRATION = frozenset(
    {
        Role.QA_INSPECTOR,
        Role.DEPARTMENT_DIRECTOR,
        Role.CENTRE_DIRECTOR,
        Role.ANALYST,
        Role.ADMIN,
    }
)
CALIBRATION_UPLOAD = frozenset(
    {Role.QA_INSPECTOR, Role.DEPARTMENT_DIRECTOR, Role.CENTRE_DIRECTOR, Role.ADMIN}
)
PLAN = frozenset({Role.QA_INSPECTOR, Role.CENTRE_DIRECTOR, Role.ADMIN})
TRAINING_EDIT = frozenset(
    {
        Role.QA_INSPECTOR,
        Role.TEAM_LEAD,
        Role.DEPARTMENT_DIRECTOR,
        Role.CENTRE_DIRECTOR,
        Role.ADMIN,
    }
)


def reviews_in_scope(person: Person) -> QuerySet[Review]:
    """The reviews ``person`` may see: the core's :func:`~serviq.qa.reviews.review_scope`
    as a filter."""
    qs = Review.objects.select_related("interaction", "agent", "agent_team", "inspector")
    scope = review_scope(core.actor_of(person))
    if scope.statuses is not None:
        qs = qs.filter(status__in=scope.statuses)
    if scope.everything:
        return qs
    if scope.agent is not None:
        return qs.filter(agent__code=scope.agent)
    return qs.filter(agent_team__code__in=scope.teams)


def reviews_for(user: Any, allowed: frozenset[Role] = ALL) -> QuerySet[Review]:
    return reviews_in_scope(access.require(user, allowed))


def get_review_for(user: Any, code: str) -> tuple[Review, Person]:
    """A review the user may see (else 404), and the person."""
    person = access.require(user, ALL)
    row = reviews_in_scope(person).filter(code=code).first()
    if row is None:
        raise NotFound(f"no QA review {code} in your scope")
    return row, person


def tasks_for(user: Any) -> QuerySet[TrainingTask]:
    person = access.require(user, OVERVIEW)
    qs = TrainingTask.objects.select_related("team")
    if Role(person.role) in (Role.TEAM_LEAD, Role.DEPARTMENT_DIRECTOR):
        qs = qs.filter(team__in=access.visible_teams(person))
    return qs


def get_task_for(user: Any, code: str) -> tuple[TrainingTask, Person]:
    person = access.require(user, TRAINING_EDIT)
    task = tasks_for(user).filter(code=code).first()
    if task is None:
        raise NotFound(f"no training task {code} in your scope")
    return task, person
