"""Who may open which training page, and which sessions, tests and archives are in scope.

Team leads, department directors and QA inspectors schedule sessions and take attendance
(team leads for their team, directors for their department, QA inspectors — who plan the
training of every team — and the centre-wide roles for all); the analyst reads. Agents see
their own invitations, tests and archive. A session, test or person outside one's scope is
a 404, so its existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from serviq.errors import NotFound
from serviq.web.org import access, roles
from serviq.web.org.models import Person, Team
from serviq.web.org.roles import Role
from serviq.web.training.models import Attempt, KnowledgeTest, TrainingSession

ALL = roles.ALL
SCHEDULE = frozenset(
    {
        Role.TEAM_LEAD,
        Role.DEPARTMENT_DIRECTOR,
        Role.QA_INSPECTOR,
        Role.CENTRE_DIRECTOR,
        Role.ADMIN,
    }
)
READ = frozenset(SCHEDULE | {Role.ANALYST})  # sessions, tests, banks, "did it work"
MINE = frozenset({Role.AGENT})  # invitations and tests to take


def teams_of(person: Person) -> QuerySet[Team]:
    """The teams whose training ``person`` sees (the QA inspector: every team)."""
    if Role(person.role) in roles.CENTRE_WIDE:
        return Team.objects.filter(department__centre=person.centre)
    return access.visible_teams(person)


def people_of(person: Person) -> QuerySet[Person]:
    """The people whose archive ``person`` may read: their own, their team's, their
    department's, or everyone's."""
    if Role(person.role) == Role.AGENT:
        return Person.objects.filter(pk=person.pk)
    if Role(person.role) in roles.CENTRE_WIDE:
        return Person.objects.filter(centre=person.centre)
    return Person.objects.filter(team__in=access.visible_teams(person))


def sessions_for(user: Any, allowed: frozenset[Role] = READ) -> QuerySet[TrainingSession]:
    person = access.require(user, allowed)
    return TrainingSession.objects.select_related("trainer", "team").filter(
        team__in=teams_of(person)
    )


def get_session_for(
    user: Any, pk: int | str, allowed: frozenset[Role] = READ
) -> tuple[TrainingSession, Person]:
    person = access.require(user, allowed)
    row = sessions_for(user, allowed).filter(pk=_int(pk)).first()
    if row is None:
        raise NotFound(f"no training session {pk} in your scope")
    return row, person


def knowledge_tests_for(user: Any, allowed: frozenset[Role] = READ) -> QuerySet[KnowledgeTest]:
    person = access.require(user, allowed)
    return KnowledgeTest.objects.select_related("bank", "team", "session").filter(
        team__in=teams_of(person)
    )


def get_knowledge_test(
    user: Any, pk: int | str, allowed: frozenset[Role] = READ
) -> tuple[KnowledgeTest, Person]:
    person = access.require(user, allowed)
    row = knowledge_tests_for(user, allowed).filter(pk=_int(pk)).first()
    if row is None:
        raise NotFound(f"no test {pk} in your scope")
    return row, person


def knowledge_test_to_take(user: Any, pk: int | str) -> tuple[KnowledgeTest, Person]:
    """A test of the agent's own team (the one an agent may take)."""
    person = access.require(user, MINE)
    row = (
        KnowledgeTest.objects.select_related("bank")
        .filter(pk=_int(pk), team_id=person.team_id)
        .first()
    )
    if row is None or person.team_id is None:
        raise NotFound(f"no test {pk} in your scope")
    return row, person


def attempts_for(user: Any) -> QuerySet[Attempt]:
    person = access.require(user, ALL)
    return Attempt.objects.select_related("test", "test__bank", "person").filter(
        person__in=people_of(person)
    )


def archive_person(user: Any, code: str | None) -> tuple[Person, Person | None]:
    """The reader and the person whose archive they asked for (None: everyone in scope)."""
    reader = access.require(user, ALL)
    if Role(reader.role) == Role.AGENT:
        if code and code != reader.code:
            raise NotFound(f"no person {code} in your scope")
        return reader, reader
    if not code:
        return reader, None
    found = None if "\x00" in code else people_of(reader).filter(code=code).first()
    if found is None:
        raise NotFound(f"no person {code.replace(chr(0), '')} in your scope")
    return reader, found


def _int(pk: int | str) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return -1
