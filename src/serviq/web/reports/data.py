"""The report's inputs from the database: the contacts, survey responses (with the contact
each follows and its comment), the organisation's teams and departments, the QA
calibration sessions, and the work orders (those the web stores, else those of the
operations workspace), in the canonical columns the core reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from serviq.reports.inputs import ReportInputs


def inputs_from_database(timezone: str, workspace: Path | None = None) -> ReportInputs:
    """The report data in the database; when the database stores no work orders,
    ``workspace`` (the operations workspace, a DuckDB file that ``serviq ops import`` fills)
    gives its work orders, if it holds any."""
    from serviq.web.dashboard.analysis import interaction_frame
    from serviq.web.dashboard.models import Interaction

    contacts = interaction_frame(Interaction.objects.select_related("team", "agent"))
    if len(contacts):
        for col in ("arrived_at", "answered_at", "ended_at"):
            contacts[col] = pd.to_datetime(contacts[col]).dt.tz_localize("UTC")
    tables: dict[str, pd.DataFrame] = {"interactions": contacts, "teams": team_frame()}
    responses, comments = response_frames()
    if len(responses):
        tables["survey_responses"] = responses
        tables["comments"] = comments
    calibration = calibration_frame()
    if len(calibration):
        tables["qa_calibration"] = calibration
    tables.update(workforce_frames())
    work_orders = database_work_orders()
    if work_orders is None:
        work_orders = workspace_work_orders(workspace)
    if work_orders is not None:
        tables["work_orders"] = work_orders
    return ReportInputs(
        tables=tables, timezone=timezone, source="DATABASE", indicator_values=stored_values()
    )


def team_frame() -> pd.DataFrame:
    """The organisation's team → department map: ``team_id``, ``department_id``, ``name``."""
    from serviq.web.org.models import Team

    rows = Team.objects.order_by("code").values_list("code", "department__code", "name")
    return pd.DataFrame(list(rows), columns=["team_id", "department_id", "name"], dtype=object)


def response_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The survey responses and their comments. A response that came through a survey link
    names the contact it follows (``interaction_id``), so the drivers regression can join it
    to the contact's wait, handling time, transfer, hold and repeat; its comment (masked
    before it was stored) is a row of ``comments``."""
    from serviq.web.surveys.models import SurveyResponse

    rows: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    query = SurveyResponse.objects.select_related("team", "link__interaction").order_by("pk")
    for r in query.iterator(chunk_size=5000):
        contact = r.link.interaction if r.link_id and r.link is not None else None
        rows.append(
            {
                "response_id": str(r.pk),
                "interaction_id": contact.interaction_id if contact is not None else None,
                "team_id": r.team.code if r.team_id else None,
                "queue": r.queue or (contact.queue if contact is not None else None),
                "channel": contact.channel if contact is not None else None,
                "language": r.language,
                "submitted_at": r.submitted_at,
                "period": r.period,
                **(r.answers or {}),
            }
        )
        if r.comment:
            comments.append({"response_id": str(r.pk), "language": r.language, "text": r.comment})
    frame = pd.DataFrame(rows)
    if len(frame):
        frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    return frame, pd.DataFrame(comments, columns=["response_id", "language", "text"])


def calibration_frame() -> pd.DataFrame:
    """The QA calibration sessions' scores, one row per interaction × inspector × item,
    with the session's ``month`` and ``session`` (its id)."""
    from serviq.web.qa.models import CalibrationSession

    rows = [
        {"month": s.month, "session": str(s.pk), **row}
        for s in CalibrationSession.objects.order_by("month", "pk")
        for row in s.scores or []
    ]
    return pd.DataFrame(rows)


def workforce_frames() -> dict[str, pd.DataFrame]:
    """The workforce records the report counts (:mod:`serviq.reports.workforce`): leave
    requests, swap requests (by the date of the shift given), the team leads' attendance
    records and the reports upward, each with its team."""
    from serviq.web.workforce.models import EscalationReport, LeaveRequest, SwapRequest, Violation

    leave = LeaveRequest.objects.values_list("person__team__code", "kind", "start", "end", "status")
    swaps = SwapRequest.objects.values_list("give_shift__team__code", "give_shift__date", "status")
    violations = Violation.objects.values_list("team__code", "date", "kind", "minutes")
    reports = EscalationReport.objects.values_list("team__code", "category", "created_at", "status")
    out = {
        "leave": pd.DataFrame(
            list(leave), columns=["team_id", "kind", "start_at", "end_at", "status"], dtype=object
        ),
        "swaps": pd.DataFrame(
            list(swaps), columns=["team_id", "give_date", "status"], dtype=object
        ),
        "violations": pd.DataFrame(
            list(violations), columns=["team_id", "date", "kind", "minutes"], dtype=object
        ),
        "escalations": pd.DataFrame(
            list(reports), columns=["team_id", "category", "created_at", "status"], dtype=object
        ),
    }
    return {name: frame for name, frame in out.items() if len(frame)}


def database_work_orders() -> pd.DataFrame | None:
    """The work orders the web stores (times in UTC), or ``None`` when it stores none."""
    from serviq.web.dashboard.analysis import stored_work_orders

    work_orders = stored_work_orders()
    if not len(work_orders):
        return None
    for col in ("created_at", "due_at", "closed_at", "first_closed_at", "callback_at"):
        work_orders[col] = pd.to_datetime(work_orders[col]).dt.tz_localize("UTC")
    return work_orders


def workspace_work_orders(workspace: Path | None) -> pd.DataFrame | None:
    """The work orders of the operations workspace (times as stored: naive UTC), or
    ``None`` when there is no workspace or it holds no work orders."""
    if workspace is None or not workspace.exists():
        return None
    from serviq.duckfile import connect

    con = connect(workspace, read_only=True)
    try:
        names = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        if "work_orders" not in names:
            return None
        return con.execute("SELECT * FROM work_orders ORDER BY work_order_id").df()
    finally:
        con.close()


def stored_values() -> dict[str, Any]:
    """What the dashboard's analysis gives the core besides rows — hand-entered values, the
    operations-room checklists and the imported system months — read by the same functions,
    as :attr:`serviq.reports.inputs.ReportInputs.indicator_values`."""
    from serviq.web.dashboard.analysis import (
        stored_checklist_shares,
        stored_equipment_values,
        stored_manual_values,
        stored_system_values,
    )

    return {
        "manual": stored_manual_values(),
        "checklists": stored_checklist_shares(),
        "equipment": stored_equipment_values(),
        "systems": stored_system_values(),
    }
