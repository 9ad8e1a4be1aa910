"""Escalation reports (請示報告制度, R-OPS-1), confidentiality and visitors (R-OPS-2)."""

from __future__ import annotations

import pytest

from serviq.errors import Conflict
from serviq.workforce.escalation import (
    ConfidentialityIncident,
    EscalationReport,
    Instruction,
    Visit,
    check_close,
    check_escalation,
    check_report,
    check_visit,
    close,
    escalate,
    expected_recipient,
    incident_report,
    instruct,
    object_to,
    report_upward,
)

from .personas import at


def report(**kw: object) -> EscalationReport:
    base = dict(
        id="E1",
        category="beyond_remit",
        author="A001",
        author_role="agent",
        at=at("2026-12-09 10:00"),
        description="客戶要求修改已提交的貸款合同",
        proposed_action="轉信貸部並回訪客戶",
    )
    base.update(kw)
    return EscalationReport(**base)  # type: ignore[arg-type]


def test_a_report_carries_a_proposed_action() -> None:
    assert check_report(report()).ok
    assert check_report(report(proposed_action=" ")).codes == ["escalation.no_proposed_action"]


def test_reports_go_level_by_level() -> None:
    r = report()
    assert expected_recipient(r) == "team_lead"
    d = check_escalation(r, "centre_director")
    assert d.codes == ["escalation.skips_level"]
    r = escalate(r, "team_lead")
    r = escalate(r, "department_director")
    assert r.path == ("team_lead", "department_director")


def test_a_difficult_customer_goes_to_the_team_lead_who_resolves_it() -> None:
    r = escalate(report(category="difficult_customer"), "team_lead")
    assert expected_recipient(r) is None
    assert not check_escalation(r, "department_director").ok


def test_in_an_emergency_levels_may_be_skipped_but_are_told_afterwards() -> None:
    r = report(category="safety", emergency=True)
    d = check_escalation(r, "centre_director")
    assert d.ok
    assert [n.code for n in d.notes] == ["escalation.report_upward_after_skip"]
    r = escalate(r, "centre_director")
    assert r.owed_upward == ("team_lead", "department_director")
    r = instruct(
        r,
        Instruction(
            "C1", "centre_director", at("2026-12-09 10:10"), "切斷座席 12 電源，通知保衛部"
        ),
    )
    assert check_close(r).codes == ["escalation.upward_report_missing"]
    with pytest.raises(Conflict):
        close(r)
    r = report_upward(report_upward(r, "team_lead"), "department_director")
    assert close(r).status == "closed"


def test_instructions_from_above_are_recorded_before_closing() -> None:
    r = escalate(report(), "team_lead")
    assert check_close(r).codes == ["escalation.no_instruction"]
    with pytest.raises(Exception, match="written out"):
        instruct(r, Instruction("L1", "team_lead", at("2026-12-09 10:05"), ""))
    r = instruct(
        r, Instruction("L1", "team_lead", at("2026-12-09 10:05"), "按合同條款答復，轉信貸部")
    )
    closed = close(r)
    assert closed.status == "closed"
    assert closed.instructions[0].text.startswith("按合同")
    assert not check_escalation(closed, "department_director").ok


def test_a_confidentiality_incident_opens_an_urgent_report() -> None:
    inc = ConfidentialityIncident(
        "C1",
        "A001",
        "agent",
        at("2026-12-09 11:00"),
        "客戶資料截圖外傳",
        "姓名、卡號",
        "立即刪除並上報",
    )
    r = incident_report(inc)
    assert r.category == "confidentiality"
    assert r.emergency
    assert check_escalation(r, "centre_director").ok


def test_visitors_need_approval_before_entering() -> None:
    ok = Visit(
        "Mr Wu",
        "ACME",
        "equipment repair",
        "L1",
        "team_lead",
        at("2026-12-09 09:00"),
        at("2026-12-09 09:30"),
    )
    assert check_visit(ok).ok
    late = Visit(
        "Mr Wu", "ACME", "repair", "L1", "team_lead", at("2026-12-09 10:00"), at("2026-12-09 09:30")
    )
    assert check_visit(late).codes == ["visitor.not_approved"]
    by_agent = Visit(
        "Mr Wu", "ACME", "repair", "A001", "agent", at("2026-12-09 09:00"), at("2026-12-09 09:30")
    )
    assert check_visit(by_agent).codes == ["visitor.approver_role"]
    assert check_visit(by_agent).reasons[0].requirement == "R-OPS-2"


def test_a_different_opinion_is_recorded_and_the_instruction_still_stands() -> None:
    r = escalate(report(), "team_lead")
    with pytest.raises(Conflict):
        object_to(r, "建議直接退費")
    r = instruct(r, Instruction("L1", "team_lead", at("2026-12-09 10:05"), "按合同條款答復"))
    r = object_to(r, "建議直接退費，以免升級投訴")
    assert r.objections == ("建議直接退費，以免升級投訴",)
    assert close(r).status == "closed"
