"""Who may see and act on which workforce records (on top of :mod:`serviq.web.org.access`).

An agent sees their own shifts and requests (and swaps offered to them); a team lead sees
those of their team's people; a department director those of their department; the
centre-wide roles everything. Anything else is NotFound (404), never a hint that it exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from serviq.errors import NotFound
from serviq.web.org import access, roles
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.workforce import models as m

APPROVERS = frozenset({Role.TEAM_LEAD, Role.DEPARTMENT_DIRECTOR, Role.CENTRE_DIRECTOR, Role.ADMIN})
LEADS = frozenset({Role.TEAM_LEAD})
DIRECTORS = frozenset({Role.DEPARTMENT_DIRECTOR, Role.CENTRE_DIRECTOR, Role.ADMIN})
TEAM_PAGES = frozenset(roles.ALL)  # roster and meetings: every role, scoped by team


def _people(person: Person) -> QuerySet[Person]:
    if Role(person.role) == Role.AGENT:
        return Person.objects.filter(pk=person.pk)
    if Role(person.role) in roles.CENTRE_WIDE:
        return Person.objects.all()
    return Person.objects.filter(team__in=access.visible_teams(person))


def swaps_for(user: Any) -> QuerySet[m.SwapRequest]:
    person = access.require(user, roles.ALL)
    qs = m.SwapRequest.objects.select_related(
        "requester", "partner", "give_shift", "take_shift", "requester__team", "partner__team"
    )
    if Role(person.role) in roles.CENTRE_WIDE:
        return qs
    people = _people(person)
    return qs.filter(Q(requester__in=people) | Q(partner__in=people))


def leave_for(user: Any) -> QuerySet[m.LeaveRequest]:
    person = access.require(user, roles.ALL)
    qs = m.LeaveRequest.objects.select_related("person", "person__team", "submitted_by")
    if Role(person.role) in roles.CENTRE_WIDE:
        return qs
    return qs.filter(person__in=_people(person))


def get_swap(user: Any, pk: int) -> m.SwapRequest:
    found = swaps_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"no swap request {pk} in your scope")
    return found


def get_leave(user: Any, pk: int) -> m.LeaveRequest:
    found = leave_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"no leave request {pk} in your scope")
    return found


def get_person(user: Any, code: str) -> Person:
    found = _people(access.person_of(user)).filter(code=code).first()
    if found is None:
        raise NotFound(f"no person {code} in your scope")
    return found
