"""`serviq demo` ships an approved monthly report for the last complete month, in HTML, PDF
and XLSX, frozen with its hashes, with the lead's commentary and an audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
import time_machine

ZONE = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 5, 10, 30, tzinfo=ZONE)
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_an_approved_monthly_report_in_three_formats(
    fresh: None, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.demo import prepare
    from serviq.web.reports.models import Report

    monkeypatch.chdir(tmp_path)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(NOW, tick=False):
        prepare(months=12, scale=0.05, seed=11, workspace=tmp_path / "ops.duckdb")
    report = Report.objects.get(kind="monthly", scope="centre")
    assert (report.period, report.status) == ("2026-11", "approved")
    assert report.due == dt.date(2026, 12, 22)
    assert report.narratives["commentary"]
    for fmt in ("html", "pdf", "xlsx"):
        data = bytes(getattr(report, fmt))
        assert hashlib.sha256(data).hexdigest() == report.sha256[fmt]
        path = tmp_path / "var" / "demo-reports" / f"monthly-2026-11-centre-zh-Hans.{fmt}"
        assert path.read_bytes() == data
    assert Report.objects.filter(kind="monthly", period="2026-11", status="draft").count() >= 1
    actions = set(
        AuditEvent.objects.filter(object_type="reports.report").values_list("action", flat=True)
    )
    assert {"report.draft", "report.submit", "report.approve"} <= actions

    _the_database_built_report_has_drivers_themes_calibration_and_work_orders(
        settings.TIME_ZONE, tmp_path / "ops.duckdb"
    )


def _the_database_built_report_has_drivers_themes_calibration_and_work_orders(
    zone: str, workspace: Path
) -> None:
    """The month's report built from the database (not the generated frames): survey
    responses joined to the contact they follow (drivers), their stored comments (themes),
    the stored calibration session and the workspace's work orders, each equal to counting
    the stored rows directly."""
    import duckdb

    from serviq.reports.context import build_context
    from serviq.web.qa.models import CalibrationSession
    from serviq.web.reports.data import inputs_from_database
    from serviq.web.surveys.models import SurveyResponse

    ctx = build_context("monthly", "2026-11", inputs_from_database(zone, workspace), lang="en")
    month = SurveyResponse.objects.filter(period="2026-11")
    joined = month.filter(
        link__interaction__period="2026-11", link__interaction__answered_at__isnull=False
    )
    with_csat = [r for r in joined.only("answers") if r.answers.get("CSAT") is not None]
    assert ctx["drivers"]["n"] == len(with_csat) > 0
    assert {e["driver"] for e in ctx["drivers"]["effects"]} >= {"wait", "transfer"}
    assert ctx["themes"]["n"] == month.exclude(comment="").count() > 0
    assert ctx["themes"]["themes"]
    stored = CalibrationSession.objects.get(month="2026-11").result
    [session] = ctx["calibration"]
    assert session["alpha"] == pytest.approx(stored["krippendorff_alpha"], abs=1e-12)
    end = "2026-11-30 16:00:00"  # 2026-12-01 00:00 in the centre's zone, as stored (UTC)
    con = duckdb.connect(str(workspace), read_only=True)
    (open_,) = con.execute(
        "SELECT count(*) FROM work_orders WHERE created_at < CAST(? AS TIMESTAMP) "
        "AND (closed_at IS NULL OR closed_at >= CAST(? AS TIMESTAMP))",
        [end, end],
    ).fetchone()
    con.close()
    assert ctx["backlog"]["open"] == open_ > 0
