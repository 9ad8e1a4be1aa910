"""The demo's approved monthly report: drafts for the month that closed, the demo team
lead's commentary on the team's report and the centre's, submitted, and the centre's report
approved by the demo department director — its documents built from the generated data,
frozen with their hashes and written to ``var/demo-reports/``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from serviq.reports.build import build_report
from serviq.reports.inputs import TABLES, ReportInputs
from serviq.web.actions.reporting import report_rows
from serviq.web.audit.trail import record
from serviq.web.reports.actions import generate_drafts
from serviq.web.reports.data import stored_values
from serviq.web.reports.models import Report

COMMENTARY = {
    "commentary": "本月服务水平总体稳定；投诉率仍高于目标，主要集中在收费解释和系统故障时段。"
    "控制图显示各项指标的月度变化均属正常波动，没有特殊原因信号。",
    "next_month": "一、针对收费类投诉开展专项培训；二、系统故障时段启用应急话术并加强回访；"
    "三、继续跟踪首次解决率。",
}
OUT = Path("var") / "demo-reports"


def store_work_orders(work_orders: Any, workspace: Path, timezone_name: str) -> int:
    """The generated work orders into the operations workspace, as ``serviq ops import``
    writes them (validated against the schema, personal data protected, one transaction;
    rows of an earlier demo replaced): the database-built reports read the work orders
    there. Returns the rows written."""
    from serviq.ops.definitions import load_queues
    from serviq.ops.importer import validate_frame
    from serviq.ops.schemas import SCHEMAS
    from serviq.ops.workspace import store

    schema = SCHEMAS["work_orders"]
    frame = validate_frame(
        work_orders, schema, source="demo", queues=load_queues(), timezone=timezone_name
    )
    report = store(frame, schema, workspace, file="serviq demo", on_change="update")
    return report.inserted + report.updated


def approve_demo_report(data: Any, now: dt.datetime, timezone_name: str) -> Report | None:
    """Draft, comment, submit and approve the centre's monthly report of the last month."""
    from serviq.web.org.models import Person

    lead = Person.objects.filter(role="team_lead").select_related("user").order_by("code").first()
    director = (
        Person.objects.filter(role="department_director")
        .select_related("user")
        .order_by("code")
        .first()
    )
    if lead is None or director is None or lead.user is None or director.user is None:
        return None
    generate_drafts(now.astimezone(dt.UTC).date(), actor=lead.user)
    report = Report.objects.filter(kind="monthly", scope="centre").order_by("-period").first()
    if report is None or report.status != "draft":
        return report
    tables = {k: v for k, v in data.tables().items() if k in TABLES}
    inputs = ReportInputs(
        tables=tables, timezone=timezone_name, source="demo", indicator_values=stored_values()
    )
    print(f"building the approved monthly report {report.period} …", file=sys.stderr)
    built = build_report(
        "monthly", report.period, inputs, scope="centre", lang=report.lang, narratives=COMMENTARY,
        data_ref="var/demo-data", actions=report_rows,
    )  # fmt: skip
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.narratives = dict(COMMENTARY)
        report.status = "submitted"
        report.submitted_at = timezone.now()
        report.submitted_by = lead.user
        report.save()
        record("report.submit", actor=lead.user, obj=report, after={"status": "submitted"})
        report.status = "approved"
        report.decided_at = timezone.now()
        report.decided_by = director.user
        report.html = built.documents["html"]
        report.pdf = built.documents["pdf"]
        report.xlsx = built.documents["xlsx"]
        report.sha256 = built.sha256
        report.inputs = {k: v["sha256"] for k, v in inputs.summary().items()}
        report.save()
        record("report.approve", actor=director.user, obj=report,
               after={"status": "approved", "sha256": dict(report.sha256)})  # fmt: skip
    paths = built.write(OUT)
    print("approved monthly report: " + ", ".join(str(p) for p in paths.values()), file=sys.stderr)
    return report
