"""Escalation reports (請示報告制度, R-OPS-1), confidentiality incidents and the visitor
log of the operations room (安全保密制度, R-OPS-2).

Categories (the source's list): ``confidentiality`` (political issues and leaks of
secrets, 政治問題和失泄密問題), ``major_error`` (major errors, accidents, serious breaches of
communication discipline), ``safety`` (threats to equipment or personal safety),
``beyond_remit`` (problems beyond one's remit) and ``difficult_customer`` (a customer who
makes deliberate trouble: to the team lead, who resolves it).

Routing goes level by level up :data:`LEVELS`; a report goes to the level directly above
its author's. In an emergency levels may be skipped, and the skipped levels are then owed
a report afterwards; a report cannot be closed until they have it. Every report carries a
proposed action; the instructions from above are recorded in detail before it is closed.

::

    open ──escalate──▶ escalated ──instruct──▶ instructed ──close──▶ closed
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal, get_args

from serviq.errors import Conflict, InvalidInput, Where
from serviq.messages import error
from serviq.workforce.decisions import Decision, Reason, reason

Category = Literal["confidentiality", "major_error", "safety", "beyond_remit", "difficult_customer"]
CATEGORIES: tuple[Category, ...] = (
    "confidentiality",
    "major_error",
    "safety",
    "beyond_remit",
    "difficult_customer",
)
LEVELS: tuple[str, ...] = ("agent", "team_lead", "department_director", "centre_director")
Status = Literal["open", "escalated", "instructed", "closed"]
#: The moves on a report: :func:`escalate`, :func:`report_upward`, :func:`instruct`,
#: :func:`object_to` and :func:`close`.
Action = Literal["escalate", "report_upward", "instruct", "object", "close"]
ACTIONS: tuple[Action, ...] = get_args(Action)


@dataclass(frozen=True)
class Instruction:
    by: str
    role: str
    at: dt.datetime
    text: str


@dataclass(frozen=True)
class EscalationReport:
    id: str
    category: Category
    author: str
    author_role: str
    at: dt.datetime
    description: str
    proposed_action: str
    emergency: bool = False
    status: Status = "open"
    path: tuple[str, ...] = ()  # roles the report has reached, in order
    owed_upward: tuple[str, ...] = ()  # levels skipped in an emergency, not yet told
    instructions: tuple[Instruction, ...] = ()
    objections: tuple[str, ...] = ()  # 如有不同意見可提出建議 … 先執行，然後向上反映

    @property
    def current_level(self) -> str:
        return self.path[-1] if self.path else self.author_role


def _level(role: str) -> int:
    if role not in LEVELS:
        raise InvalidInput(
            f"unknown role {role!r}; allowed: {', '.join(LEVELS)}", where=Where(field="role")
        )
    return LEVELS.index(role)


def expected_recipient(report: EscalationReport) -> str | None:
    """The level a report goes to next, or ``None`` when it is at the top (or, for a
    difficult customer, already with the team lead)."""
    here = _level(report.current_level)
    if report.category == "difficult_customer" and here >= _level("team_lead"):
        return None
    return LEVELS[here + 1] if here + 1 < len(LEVELS) else None


def check_report(report: EscalationReport) -> Decision:
    """A report must carry a proposed action (根據情況提出處理意見)."""
    if not report.proposed_action.strip():
        return Decision.of([reason("escalation.no_proposed_action")])
    return Decision.of([])


def check_escalation(report: EscalationReport, to_role: str) -> Decision:
    """Whether ``report`` may go to ``to_role`` now; an emergency skip is allowed and
    leaves a note of the report owed upward afterwards."""
    reasons: list[Reason] = list(check_report(report).reasons)
    if report.status in ("closed",):
        reasons.append(
            reason("escalation.bad_transition", status=report.status, action="escalated")
        )
        return Decision.of(reasons)
    expected = expected_recipient(report)
    here, there = _level(report.current_level), _level(to_role)
    notes: list[Reason] = []
    if expected is None or there <= here:
        reasons.append(
            reason(
                "escalation.skips_level",
                from_role=report.current_level,
                expected=expected or "—",
                to_role=to_role,
            )
        )
    elif to_role != expected:
        if report.emergency:
            skipped = LEVELS[here + 1 : there]
            notes.append(reason("escalation.report_upward_after_skip", levels=", ".join(skipped)))
        else:
            reasons.append(
                reason(
                    "escalation.skips_level",
                    from_role=report.current_level,
                    expected=expected,
                    to_role=to_role,
                )
            )
    return Decision.of(reasons, notes=notes, approver=to_role, chain=(*report.path, to_role))


def escalate(report: EscalationReport, to_role: str) -> EscalationReport:
    decision = check_escalation(report, to_role)
    if not decision.ok:
        raise Conflict(
            "; ".join(r.message() for r in decision.reasons),
            code=decision.reasons[0].code,
            details={"reasons": [r.as_dict() for r in decision.reasons]},
        )
    here, there = _level(report.current_level), _level(to_role)
    skipped = LEVELS[here + 1 : there]
    return replace(
        report,
        status="escalated",
        path=(*report.path, to_role),
        owed_upward=(*report.owed_upward, *skipped),
    )


def report_upward(report: EscalationReport, to_role: str) -> EscalationReport:
    """The after-the-fact report to a level skipped in an emergency (事後應向上級匯報)."""
    if to_role not in report.owed_upward:
        raise error(Conflict, "escalation.not_owed", role=to_role)
    return replace(report, owed_upward=tuple(r for r in report.owed_upward if r != to_role))


def instruct(report: EscalationReport, instruction: Instruction) -> EscalationReport:
    """Record an instruction from above, in detail (對上級指示要詳細記載)."""
    if report.status not in ("escalated", "instructed"):
        refused = reason("escalation.bad_transition", status=report.status, action="instructed")
        raise Conflict(
            refused.message(), code=refused.code, details={"reasons": [refused.as_dict()]}
        )
    if not instruction.text.strip():
        raise InvalidInput("the instruction must be written out", where=Where(field="text"))
    return replace(report, status="instructed", instructions=(*report.instructions, instruction))


def object_to(report: EscalationReport, text: str) -> EscalationReport:
    """Record a different opinion on the instruction: it is carried out first, and the
    objection goes upward through the proper channel (當上級堅持原意應先執行，然後按組織原則向上反映)."""
    if not report.instructions:
        raise Conflict("there is no instruction to object to yet")
    if not text.strip():
        raise InvalidInput("the objection must be written out", where=Where(field="text"))
    return replace(report, objections=(*report.objections, text))


def check_close(report: EscalationReport) -> Decision:
    reasons: list[Reason] = []
    if report.status != "instructed":
        if report.status == "closed":
            reasons.append(reason("escalation.bad_transition", status="closed", action="closed"))
        else:
            reasons.append(reason("escalation.no_instruction"))
    if report.owed_upward:
        reasons.append(
            reason("escalation.upward_report_missing", levels=", ".join(report.owed_upward))
        )
    return Decision.of(reasons)


def close(report: EscalationReport) -> EscalationReport:
    decision = check_close(report)
    if not decision.ok:
        raise Conflict(
            "; ".join(r.message() for r in decision.reasons),
            code=decision.reasons[0].code,
            details={"reasons": [r.as_dict() for r in decision.reasons]},
        )
    return replace(report, status="closed")


# ---- R-OPS-2 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfidentialityIncident:
    """A possible disclosure of customer data: reported at once, as an escalation."""

    id: str
    reported_by: str
    reporter_role: str
    at: dt.datetime
    description: str
    data_involved: str
    proposed_action: str
    emergency: bool = True


def incident_report(incident: ConfidentialityIncident) -> EscalationReport:
    """The escalation report a confidentiality incident opens (category confidentiality)."""
    return EscalationReport(
        id=incident.id,
        category="confidentiality",
        author=incident.reported_by,
        author_role=incident.reporter_role,
        at=incident.at,
        description=f"{incident.description}\n(data involved: {incident.data_involved})",
        proposed_action=incident.proposed_action,
        emergency=incident.emergency,
    )


VISIT_APPROVERS = ("team_lead", "department_director", "centre_director")


@dataclass(frozen=True)
class Visit:
    """An entry in the visitor log of the operations room (凡外部人員因公進入機房，須經上級批准，並履行登記手續)."""

    visitor: str
    organisation: str
    purpose: str
    approved_by: str | None
    approver_role: str | None
    approved_at: dt.datetime | None
    entered_at: dt.datetime
    left_at: dt.datetime | None = None


def check_visit(visit: Visit) -> Decision:
    reasons: list[Reason] = []
    if (
        visit.approved_at is None
        or visit.approved_by is None
        or visit.approved_at > visit.entered_at
    ):
        reasons.append(reason("visitor.not_approved", visitor=visit.visitor))
    elif visit.approver_role not in VISIT_APPROVERS:
        reasons.append(reason("visitor.approver_role", role=visit.approver_role))
    return Decision.of(reasons)
