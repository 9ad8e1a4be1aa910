"""The report data from the web application's database (``serviq report build`` without
``--data``): the tables the dashboard stores, in the report's canonical columns."""

from __future__ import annotations

from serviq.reports.inputs import ReportInputs


def database_inputs() -> ReportInputs:
    """The report data in the database named by ``DATABASE_URL``, with the work orders of
    the operations workspace (``$SERVIQ_HOME/ops.duckdb``) when it holds any."""
    from serviq.web.boot import setup

    setup()
    from django.conf import settings

    from serviq.ops.workspace import default_workspace
    from serviq.web.reports.data import inputs_from_database

    return inputs_from_database(settings.TIME_ZONE, default_workspace(settings.SERVIQ.home))


def report_rows(status: str | None = None) -> list[dict[str, object]]:
    """Every report in the database: kind, period, scope, status (``overdue`` when late), due."""
    from serviq.web.boot import setup

    setup()
    from django.utils import timezone

    from serviq.reports.workflow import display_status
    from serviq.web.reports.models import Report

    today = timezone.localdate()
    rows: list[dict[str, object]] = []
    for r in Report.objects.order_by("-period", "kind", "scope"):
        shown = display_status(r.status, r.due, today)
        if status and shown != status:
            continue
        rows.append(
            {
                "kind": r.kind,
                "period": r.period,
                "scope": r.scope,
                "status": shown,
                "due": r.due.isoformat() if r.due else None,
            }
        )
    return rows
