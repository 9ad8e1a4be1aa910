"""Who may see which report: the role decides whether reports may be opened at all (the
definition's audience, authors and approvers, else 403); the person's place decides which
reports are in scope — a team lead their team's, a department director their department's
and the centre's, centre-wide roles all. A report out of scope is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from serviq.errors import NotFound, PermissionDenied
from serviq.reports.definitions import load_definition
from serviq.reports.workflow import can_read
from serviq.web.org import roles
from serviq.web.org.access import person_of
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.reports.models import Report


def visible_reports(person: Person) -> QuerySet[Report]:
    role = Role(person.role)
    qs = Report.objects.select_related("team", "department")
    if role in roles.CENTRE_WIDE:
        return qs
    if role == Role.DEPARTMENT_DIRECTOR:
        return qs.filter(Q(department=person.department) | Q(scope="centre"))
    if role == Role.TEAM_LEAD and person.team_id is not None:
        return qs.filter(team_id=person.team_id)
    return qs.none()


def reports_for(user: Any, kind: str = "monthly") -> tuple[Person, QuerySet[Report]]:
    person = person_of(user)
    if not can_read(load_definition(kind), person.role):
        raise PermissionDenied(f"the role {person.role} may not open the department's reports")
    return person, visible_reports(person)


def get_report_for(user: Any, report_id: int) -> tuple[Person, Report]:
    person = person_of(user)
    try:
        report = visible_reports(person).get(pk=report_id)
    except Report.DoesNotExist:
        if not can_read(load_definition("monthly"), person.role):
            raise PermissionDenied(
                f"the role {person.role} may not open the department's reports"
            ) from None
        raise NotFound(f"no report {report_id} in your scope") from None
    if not can_read(load_definition(report.kind), person.role):
        raise PermissionDenied(f"the role {person.role} may not open this report")
    return person, report
