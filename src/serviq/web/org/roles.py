"""The roles of the centre and what each may reach (R-OPS-8 in docs/requirements.md).

A role says *what kind* of page a person may open; the person's place in the organisation
(their team, their department) says *which* records they see there. Both are checked in
:mod:`serviq.web.org.access`.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    QA_INSPECTOR = "qa_inspector"
    DEPARTMENT_DIRECTOR = "department_director"
    CENTRE_DIRECTOR = "centre_director"
    ANALYST = "analyst"
    ADMIN = "admin"


ALL = frozenset(Role)

# Which roles may open each kind of page. The scope inside is decided by access.py.
DASHBOARD = frozenset(ALL - {Role.AGENT})
RECORDS = ALL  # interactions and responses: an agent sees their own
AUDIT = frozenset({Role.DEPARTMENT_DIRECTOR, Role.CENTRE_DIRECTOR, Role.ADMIN})
# The form for values entered by hand; inside, only an indicator's owner (or admin) enters it.
MANUAL_VALUES = frozenset(ALL - {Role.AGENT})
SURVEY_ADMIN = frozenset({Role.ANALYST, Role.CENTRE_DIRECTOR, Role.ADMIN})
# Roles whose scope is the whole centre.
CENTRE_WIDE = frozenset({Role.QA_INSPECTOR, Role.CENTRE_DIRECTOR, Role.ANALYST, Role.ADMIN})

LABELS = {
    Role.AGENT: ("业务代表", "業務代表", "Agent"),
    Role.TEAM_LEAD: ("班长", "班長", "Team lead"),
    Role.QA_INSPECTOR: ("质检员", "質檢員", "QA inspector"),
    Role.DEPARTMENT_DIRECTOR: ("客服部主任", "客服部主任", "Department director"),
    Role.CENTRE_DIRECTOR: ("客服中心主任", "客服中心主任", "Centre director"),
    Role.ANALYST: ("服务质量分析师", "服務質量分析師", "Analyst"),
    Role.ADMIN: ("管理员", "管理員", "Administrator"),
}
