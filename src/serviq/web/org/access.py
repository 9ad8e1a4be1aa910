"""Who may see what. Every view and API endpoint starts with one of these functions.

The role decides whether a kind of page may be opened at all (else
:class:`~serviq.errors.PermissionDenied`, 403); the person's place decides which records
are in scope — a team lead sees their team, a department director their department, an
agent their own records. Asking for a thing outside one's scope raises
:class:`~serviq.errors.NotFound` (404), so that its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from serviq.errors import NotFound, PermissionDenied
from serviq.messages import error
from serviq.web.org import roles
from serviq.web.org.models import Person, Team
from serviq.web.org.roles import Role


def person_of(user: Any) -> Person:
    """The person behind a logged-in user."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("log in first")
    person = getattr(user, "person", None)
    if person is None or not person.active:
        raise error(PermissionDenied, "access.no_role", user=user.username)
    return person


def require(user: Any, allowed: Iterable[Role]) -> Person:
    """The person, if their role may open this kind of page; else PermissionDenied."""
    person = person_of(user)
    allowed = frozenset(allowed)
    if Role(person.role) not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        raise PermissionDenied(f"the role {person.role} may not open this page; allowed: {names}")
    return person


def role_of(user: Any) -> Role:
    return Role(person_of(user).role)


def visible_teams(person: Person) -> QuerySet[Team]:
    """The teams whose records ``person`` may see."""
    role = Role(person.role)
    teams = Team.objects.filter(department__centre=person.centre)
    if role in roles.CENTRE_WIDE:
        return teams
    if role == Role.DEPARTMENT_DIRECTOR:
        return teams.filter(department=person.department)
    if person.team_id is None:
        return teams.none()
    return teams.filter(pk=person.team_id)


def get_team_for(user: Any, code: str, *, allowed: Iterable[Role] = roles.RECORDS) -> Team:
    person = require(user, allowed)
    # no team code holds a NUL, and PostgreSQL refuses one in a query: not found, not a 500
    team = None if "\x00" in code else visible_teams(person).filter(code=code).first()
    if team is None:
        raise NotFound(f"no team {code.replace(chr(0), '')} in your scope")
    return team


def scope_records(person: Person, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Interactions or responses (anything with ``team`` and ``agent``) in scope.

    The centre-wide roles also see records without a team (contacts abandoned in the queue).
    """
    if Role(person.role) in roles.CENTRE_WIDE:
        return qs
    qs = qs.filter(team__in=visible_teams(person))
    if Role(person.role) == Role.AGENT:
        qs = qs.filter(agent=person)
    return qs


def records_for(
    user: Any,
    model: Any,
    *,
    period: str | None = None,
    team: str | None = None,
    queue: str | None = None,
    agent: str | None = None,
) -> QuerySet[Any]:
    """The records of ``model`` (Interaction or SurveyResponse) the user may see, filtered.

    A filter naming a team or agent outside the user's scope is NotFound, never an empty
    list that would confirm it exists.
    """
    person = require(user, roles.RECORDS)
    qs = scope_records(person, model.objects.all())
    if period:
        qs = qs.filter(period=period)
    if team:
        qs = qs.filter(team=get_team_for(user, team))
    if queue:
        qs = qs.filter(queue=queue)
    if agent:
        if not _agent_in_scope(person, agent):
            raise NotFound(f"no agent {agent} in your scope")
        qs = qs.filter(agent__code=agent)
    return qs


def _agent_in_scope(person: Person, code: str) -> bool:
    if Role(person.role) == Role.AGENT:
        return person.code == code
    return Person.objects.filter(code=code, team__in=visible_teams(person)).exists()


def get_record_for(user: Any, model: Any, **lookup: Any) -> Any:
    person = require(user, roles.RECORDS)
    obj = scope_records(person, model.objects.filter(**lookup)).first()
    if obj is None:
        raise NotFound(f"no {model._meta.verbose_name} {next(iter(lookup.values()))} in your scope")
    return obj


def dashboard_scope_for(user: Any, team: str | None) -> str:
    """The dashboard scope the user asked for: "" (the centre) or a team code.

    Team leads see their team (asking for the centre is 403); department directors see the
    centre's headline and their department's teams; the centre-wide roles see everything.
    """
    person = require(user, roles.DASHBOARD)
    role = Role(person.role)
    if role == Role.TEAM_LEAD:
        own = person.team.code if person.team else None
        if not team:
            if own is None:
                raise PermissionDenied("a team lead without a team has no dashboard")
            return own
        if team != own:
            raise NotFound(f"no team {team} in your scope")
        return own
    if not team:
        return ""
    return get_team_for(user, team, allowed=roles.DASHBOARD).code


def audit_events_for(user: Any) -> QuerySet[Any]:
    from serviq.web.audit.models import AuditEvent

    person = require(user, roles.AUDIT)
    qs = AuditEvent.objects.all()
    if Role(person.role) == Role.DEPARTMENT_DIRECTOR:
        qs = qs.filter(department=person.department)
    return qs


def get_questionnaire_for(user: Any, pk: int) -> Any:
    from serviq.web.surveys.models import PublishedQuestionnaire

    require(user, roles.SURVEY_ADMIN)
    q = PublishedQuestionnaire.objects.filter(pk=pk).first()
    if q is None:
        raise error(NotFound, "access.no_questionnaire", questionnaire=pk)
    return q
