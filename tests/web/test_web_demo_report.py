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
        prepare(months=12, scale=0.05, seed=11)
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
