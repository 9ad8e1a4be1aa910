"""The report's inputs from the database: the contacts, survey responses and QA reviews the
web stores, in the canonical columns the core reads."""

from __future__ import annotations

from typing import Any

import pandas as pd

from serviq.reports.inputs import ReportInputs


def inputs_from_database(timezone: str) -> ReportInputs:
    from serviq.web.dashboard.analysis import interaction_frame, stored_work_orders
    from serviq.web.dashboard.models import Interaction
    from serviq.web.surveys.models import SurveyResponse

    contacts = interaction_frame(Interaction.objects.select_related("team", "agent"))
    if len(contacts):
        for col in ("arrived_at", "answered_at", "ended_at"):
            contacts[col] = pd.to_datetime(contacts[col]).dt.tz_localize("UTC")
    rows = []
    for r in SurveyResponse.objects.select_related("team"):
        rows.append(
            {
                "response_id": str(r.pk),
                "interaction_id": getattr(r, "interaction_id", None),
                "team_id": r.team.code if r.team_id else None,
                "submitted_at": getattr(r, "submitted_at", None),
                "period": r.period,
                **(r.answers or {}),
            }
        )
    tables = {"interactions": contacts}
    work_orders = stored_work_orders()
    if len(work_orders):
        for col in ("created_at", "due_at", "closed_at", "first_closed_at", "callback_at"):
            work_orders[col] = pd.to_datetime(work_orders[col]).dt.tz_localize("UTC")
        tables["work_orders"] = work_orders
    if rows:
        tables["survey_responses"] = pd.DataFrame(rows)
    return ReportInputs(
        tables=tables, timezone=timezone, source="DATABASE", indicator_values=stored_values()
    )


def stored_values() -> dict[str, Any]:
    """What the dashboard's analysis gives the core besides rows — hand-entered values, the
    operations-room checklists, the imported system months and product feedback — read by
    the same functions,
    as :attr:`serviq.reports.inputs.ReportInputs.indicator_values`."""
    from serviq.web.dashboard.analysis import (
        stored_checklist_shares,
        stored_feedback_values,
        stored_manual_values,
        stored_system_values,
    )

    return {
        "manual": stored_manual_values(),
        "checklists": stored_checklist_shares(),
        "systems": stored_system_values(),
        "feedback": stored_feedback_values(),
    }
