"""The workflow rules of every kind of report, per role: who drafts and submits (the
definition's authors), who approves or returns (its approvers), who reads (audience,
authors, approvers), when a report is overdue, and the messages in three languages."""

from __future__ import annotations

import datetime as dt

import pytest

from serviq.errors import Conflict, InvalidInput, PermissionDenied
from serviq.languages import LANGS, ROLES
from serviq.reports.definitions import KINDS, load_definition
from serviq.reports.workflow import (
    MESSAGES,
    can_decide,
    can_edit,
    can_read,
    check_commentary,
    drafts_due,
    is_overdue,
)

WRITERS = {
    "monthly": {"team_lead"},
    "workload-daily": {"team_lead"},
    "workload-weekly": {"team_lead"},
    "supervision-weekly": {"department_director"},
    "qa-weekly": {"qa_inspector"},
    "half-year": {"department_director"},
    "annual": {"department_director"},
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_authors_draft_and_submit(kind: str, role: str) -> None:
    d = load_definition(kind)
    decision = can_edit(d, role, "draft")
    assert decision.ok == (role in WRITERS[kind])
    if not decision.ok:
        with pytest.raises(PermissionDenied):
            decision.raise_if_refused()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_approvers_approve_a_submitted_report(kind: str, role: str) -> None:
    d = load_definition(kind)
    assert can_decide(d, role, "submitted").ok == (role in d.approvers)


@pytest.mark.parametrize("kind", KINDS)
def test_agents_read_no_department_report_and_the_director_reads_the_monthly(kind: str) -> None:
    d = load_definition(kind)
    assert not can_read(d, "agent")
    assert can_read(load_definition("monthly"), "department_director")


def test_a_submitted_or_approved_report_cannot_be_edited_and_a_draft_cannot_be_approved() -> None:
    d = load_definition("monthly")
    for status in ("submitted", "approved"):
        with pytest.raises(Conflict):
            can_edit(d, "team_lead", status).raise_if_refused()
    assert can_edit(d, "team_lead", "returned").ok
    with pytest.raises(Conflict):
        can_decide(d, "department_director", "draft").raise_if_refused()


def test_returning_needs_a_note() -> None:
    d = load_definition("monthly")
    with pytest.raises(InvalidInput):
        can_decide(
            d, "department_director", "submitted", returning=True, note="  "
        ).raise_if_refused()
    assert can_decide(d, "department_director", "submitted", returning=True, note="补充分析").ok


def test_commentary_only_in_narrative_sections() -> None:
    d = load_definition("monthly")
    assert check_commentary(d, {"commentary": "…", "next_month": "…"}).ok
    decision = check_commentary(d, {"indicators": "SL 99%"})
    assert decision.codes == ["report.unknown_section"]
    assert "commentary, next_month" in decision.reasons[0].message("en")


def test_overdue_after_the_22nd_until_submitted() -> None:
    due = dt.date(2026, 12, 22)
    assert not is_overdue("draft", due, dt.date(2026, 12, 22))
    assert is_overdue("draft", due, dt.date(2026, 12, 23))
    assert is_overdue("returned", due, dt.date(2026, 12, 23))
    assert not is_overdue("approved", due, dt.date(2027, 1, 5))


def test_the_draft_due_is_for_the_period_that_closed() -> None:
    assert drafts_due(load_definition("monthly"), dt.date(2026, 12, 1)).label == "2026-11"
    assert drafts_due(load_definition("workload-weekly"), dt.date(2026, 12, 5)).label == "2026-W48"
    assert drafts_due(load_definition("half-year"), dt.date(2026, 12, 5)).label == "2026-H1"


def test_every_message_in_three_languages() -> None:
    for code, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), code
