"""The report's workflow, as rules: draft → submitted → approved, or returned with a note.

A draft is made when its period closes (:func:`drafts_due`); a team lead (the definition's
``authors``) writes commentary in the narrative sections and submits; the department
director (``approvers``) approves or returns it with a note; an approved report is frozen
(stored with its hash, never recomputed). A report is **overdue** when its due day has
passed and it is still a draft or returned. Who may read a report: its audience, authors
and approvers — the web turns the scope (own team, own department, the centre) into a
query filter.

Every rule returns a :class:`~serviq.decisions.Decision` with reasons in three languages
(R-OPS-8: 每月匯總形成服務質量分析報告，22日前交客服部主任).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from serviq.decisions import Decision, Reason
from serviq.reports.definitions import ReportDefinition
from serviq.reports.periods import Period, last_complete

Status = Literal["draft", "submitted", "returned", "approved"]
STATUSES: tuple[Status, ...] = ("draft", "submitted", "returned", "approved")
REQUIREMENT = "R-OPS-8"

MESSAGES: dict[str, dict[str, str]] = {
    "report.role_may_not_write": {
        "zh-Hans": "{role} 不能填写或提交此报告；由 {authors} 填写。",
        "zh-Hant": "{role} 不能填寫或提交此報告；由 {authors} 填寫。",
        "en": "the role {role} may not write or submit this report; it is written by {authors}",
    },
    "report.role_may_not_approve": {
        "zh-Hans": "{role} 不能审批此报告；由 {approvers} 审批。",
        "zh-Hant": "{role} 不能審批此報告；由 {approvers} 審批。",
        "en": "the role {role} may not approve or return this report; it is approved by {approvers}",
    },
    "report.not_editable": {
        "zh-Hans": "报告状态为“{status}”，只有草稿或退回的报告可以修改。",
        "zh-Hant": "報告狀態為「{status}」，只有草稿或退回的報告可以修改。",
        "en": "the report is {status}; only a draft or a returned report can be changed",
    },
    "report.not_submitted": {
        "zh-Hans": "报告状态为“{status}”，只有已提交的报告可以审批或退回。",
        "zh-Hant": "報告狀態為「{status}」，只有已提交的報告可以審批或退回。",
        "en": "the report is {status}; only a submitted report can be approved or returned",
    },
    "report.note_required": {
        "zh-Hans": "退回报告时请写明原因。",
        "zh-Hant": "退回報告時請寫明原因。",
        "en": "write why the report is returned",
    },
    "report.unknown_section": {
        "zh-Hans": "“{section}”不是此报告的叙述部分；可填写：{allowed}。",
        "zh-Hant": "「{section}」不是此報告的敘述部分；可填寫：{allowed}。",
        "en": "{section} is not a narrative section of this report; allowed: {allowed}",
    },
    "report.overdue": {
        "zh-Hans": "报告应于 {due} 前报送，已逾期。",
        "zh-Hant": "報告應於 {due} 前報送，已逾期。",
        "en": "the report was due on {due} and is overdue",
    },
}


def reason(code: str, kind: Any = "conflict", **params: Any) -> Reason:
    return Reason.make(code, REQUIREMENT, MESSAGES[code], params, kind=kind)


def is_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    """Past its due day and not yet submitted (a draft, or returned to its author).

    >>> is_overdue("draft", dt.date(2026, 12, 22), dt.date(2026, 12, 23))
    True
    >>> is_overdue("submitted", dt.date(2026, 12, 22), dt.date(2026, 12, 23))
    False
    """
    return due is not None and today > due and status in ("draft", "returned")


def display_status(status: str, due: dt.date | None, today: dt.date) -> str:
    """``overdue`` for a late draft or returned report, else the status itself."""
    return "overdue" if is_overdue(status, due, today) else status


def can_edit(definition: ReportDefinition, role: str, status: str) -> Decision:
    """May ``role`` write commentary in (or submit) a report in ``status``?"""
    reasons = []
    if role not in definition.authors:
        reasons.append(
            reason(
                "report.role_may_not_write",
                "permission",
                role=role,
                authors=", ".join(definition.authors),
            )
        )
    if status not in ("draft", "returned"):
        reasons.append(reason("report.not_editable", status=status))
    return Decision.of(reasons)


def check_commentary(definition: ReportDefinition, narratives: Mapping[str, str]) -> Decision:
    """Commentary goes only into the definition's narrative sections."""
    allowed = [s.id for s in definition.narrative_sections]
    bad = [k for k in narratives if k not in allowed]
    return Decision.of(
        reason("report.unknown_section", "invalid", section=k, allowed=", ".join(allowed))
        for k in bad
    )


def can_decide(
    definition: ReportDefinition, role: str, status: str, *, returning: bool = False, note: str = ""
) -> Decision:
    """May ``role`` approve (or, ``returning``, return with ``note``) a report in ``status``?"""
    reasons = []
    if role not in definition.approvers:
        reasons.append(
            reason(
                "report.role_may_not_approve",
                "permission",
                role=role,
                approvers=", ".join(definition.approvers) or "—",
            )
        )
    if status != "submitted":
        reasons.append(reason("report.not_submitted", status=status))
    if returning and not note.strip():
        reasons.append(reason("report.note_required", "invalid"))
    return Decision.of(reasons)


def can_read(definition: ReportDefinition, role: str) -> bool:
    """The audience, the authors and the approvers may read the report."""
    return role in (*definition.audience, *definition.authors, *definition.approvers)


def drafts_due(
    definition: ReportDefinition, today: dt.date, data_end: dt.date | None = None
) -> Period:
    """The period whose draft should exist on ``today``: the last one closed by then
    (and covered by the data, when ``data_end`` is given)."""
    end = today if data_end is None else min(today, data_end)
    return last_complete(definition.period, end)
