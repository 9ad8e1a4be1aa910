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
    # the SME desk (docs/sme.md): an RM works in a branch (a team), the others desk-wide
    RELATIONSHIP_MANAGER = "relationship_manager"
    RISK_OFFICER = "risk_officer"
    SME_DESK_HEAD = "sme_desk_head"


# The SME desk's roles open the SME pages only (serviq.web.sme): an RM works in a branch
# (a team) and sees its cases; the risk officer and the desk head see the whole desk.
SME = frozenset({Role.RELATIONSHIP_MANAGER, Role.RISK_OFFICER, Role.SME_DESK_HEAD})
SME_DESK_WIDE = frozenset({Role.RISK_OFFICER, Role.SME_DESK_HEAD})
# Every role of the contact centre: the pages below are theirs, not the SME desk's.
ALL = frozenset(set(Role) - SME)

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
    Role.RELATIONSHIP_MANAGER: ("客户经理", "客戶經理", "Relationship manager"),
    Role.RISK_OFFICER: ("风险经理", "風險經理", "Risk officer"),
    Role.SME_DESK_HEAD: ("中小企业部负责人", "中小企業部負責人", "SME desk head"),
}
