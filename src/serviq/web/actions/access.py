"""Who may see which improvement records. Every view and endpoint starts here.

The core decides (:func:`serviq.actions.lifecycle.may_view`); this module turns it into a
query: team leads see their team's records, department directors their department's and
the centre's, the centre-wide roles every record, agents none (403). A record outside
one's scope is a 404, so its existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from serviq.actions.lifecycle import CENTRE_WIDE, VIEWERS, may_view
from serviq.actions.record import Actor, Criterion, RecordState
from serviq.errors import NotFound
from serviq.web.actions.models import ActionRecord
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role

VIEW = frozenset(Role(r) for r in VIEWERS)


def actor_of(person: Person) -> Actor:
    return Actor(
        code=person.code,
        role=person.role,
        team=person.team.code if person.team_id else None,
        department=person.department.code if person.department_id else None,
    )


def state_of(record: ActionRecord) -> RecordState:
    """The record as the core's lifecycle rules see it."""
    return RecordState(
        status=record.status,
        team=record.scope or None,
        department=record.department.code if record.department_id else None,
        criterion=Criterion.from_dict(record.criterion),
        owner=record.owner.code if record.owner_id else None,
        due=record.due,
        problem=record.problem,
        root_cause=record.root_cause,
        root_cause_method=record.root_cause_method,
        tasks=tuple((t.title, t.status) for t in record.tasks.all()),
    )


def in_scope(person: Person, qs: QuerySet[ActionRecord]) -> QuerySet[ActionRecord]:
    role = person.role
    if role in CENTRE_WIDE:
        return qs
    if role == Role.DEPARTMENT_DIRECTOR:
        return qs.filter(Q(scope="") | Q(department=person.department))
    if role == Role.TEAM_LEAD and person.team_id:
        return qs.filter(team=person.team)
    return qs.none()


def records_for(user: Any) -> QuerySet[ActionRecord]:
    person = access.require(user, VIEW)
    qs = ActionRecord.objects.select_related("owner", "team", "department")
    return in_scope(person, qs)


def get_record_for(user: Any, pk: int | str) -> tuple[ActionRecord, Person]:
    person = access.require(user, VIEW)
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise NotFound(f"no improvement record {pk} in your scope") from None
    row = records_for(user).filter(pk=key).first()
    if row is None or not may_view(
        actor_of(person), row.scope or None, row.department.code if row.department_id else None
    ):
        raise NotFound(f"no improvement record {pk} in your scope")
    return row, person
