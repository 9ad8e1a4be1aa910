"""Confidentiality incidents and the operations room's visitor log (R-OPS-2, core
``escalation``) and the search of meeting minutes (R-OPS-3, core ``meetings.search_minutes``)
per role: agents report incidents and search minutes; only leads and directors keep the
visitor log and record minutes; another team's agent does not see the incident."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_confidentiality_incident_becomes_an_emergency_report(
    as_user: Any, personas: Any
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import EscalationReport

    personas()
    incident = {
        "action": "incident",
        "description": "a statement printed to the wrong customer",
        "data_involved": "card number of 1 customer",
        "proposed_action": "recall the letter, inform the customer",
    }
    assert as_user("a001").post("/workforce/escalations/", incident).status_code == 302
    rep = EscalationReport.objects.get()
    assert (rep.category, rep.emergency, rep.status) == ("confidentiality", True, "open")
    assert "(data involved: card number of 1 customer)" in rep.description
    assert AuditEvent.objects.filter(action="workforce.escalation.incident").count() == 1
    page = as_user("lead1").get("/workforce/escalations/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "政治问题和失泄密问题" in page.content.decode()
    assert "card number" not in as_user("b001").get("/workforce/escalations/").content.decode()
    assert "card number" not in as_user("a002").get("/workforce/escalations/").content.decode()
    # a proposed action is required (the core's check_report)
    r = as_user("a001").post("/workforce/escalations/", {**incident, "proposed_action": ""})
    assert r.status_code == 409
    assert EscalationReport.objects.count() == 1


def _local(t: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return t.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")


def test_a_visit_must_be_approved_before_the_visitor_enters(as_user: Any, personas: Any) -> None:
    from serviq.web.workforce.models import Visit

    personas()
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    visit = {
        "visitor": "Wang Wu",
        "organisation": "switch vendor",
        "purpose": "replace a line card",
        "approved_at": _local(now - dt.timedelta(hours=2)),
        "entered_at": _local(now - dt.timedelta(hours=1)),
    }
    lead = as_user("lead1")
    assert lead.post("/workforce/visitors/", visit).status_code == 302
    v = Visit.objects.get()
    assert (v.approved_by.code, v.entered_at) == ("LEAD1", now - dt.timedelta(hours=1))
    late = {**visit, "approved_at": _local(now - dt.timedelta(minutes=30))}
    r = as_user("lead1").post("/workforce/visitors/", late, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    assert "R-OPS-2" in r.content.decode()
    assert Visit.objects.count() == 1
    left = {"action": "left", "visit": v.pk, "at": _local(now)}
    assert as_user("dir1").post("/workforce/visitors/", left).status_code == 302
    assert Visit.objects.get().left_at == now
    assert as_user("dir1").post("/workforce/visitors/", left).status_code == 409
    assert "Wang Wu" in as_user("centre").get("/workforce/visitors/").content.decode()
    for login in ("a001", "qa1", "analyst"):
        assert as_user(login).get("/workforce/visitors/").status_code == 403, login
        assert as_user(login).post("/workforce/visitors/", visit).status_code == 403, login
    assert Visit.objects.count() == 1


def test_agents_search_the_minutes_in_either_script(as_user: Any, personas: Any) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import MeetingMinutes

    personas()
    minutes = {
        "kind": "weekly",
        "date": "2026-11-20",
        "decisions": "信用卡年費減免一律轉班長審批",
        "question": "客戶要求提前還款能否免違約金？",
        "answer": "按合同執行，不得口頭承諾減免",
        "notes": "",
    }
    assert as_user("lead1").post("/workforce/meetings/", minutes).status_code == 302
    assert AuditEvent.objects.filter(action="workforce.minutes.record").count() == 1
    agent = as_user("a001")
    page = agent.get(
        "/workforce/meetings/", {"q": "违约金", "year": "2026"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert 'data-field="agreed_answer"' in page
    assert "统一答复口径" in page
    page = agent.get("/workforce/meetings/", {"q": "年费 审批"}).content.decode()
    assert 'data-field="decision"' in page
    page = agent.get("/workforce/meetings/", {"q": "加班"}).content.decode()
    assert "data-field=" not in page
    # agents search but do not record; empty minutes are refused
    assert agent.post("/workforce/meetings/", minutes).status_code == 403
    empty = {**minutes, "decisions": "", "question": "", "answer": ""}
    assert as_user("lead1").post("/workforce/meetings/", empty).status_code == 400
    bad = {**minutes, "kind": "party"}
    assert as_user("lead1").post("/workforce/meetings/", bad).status_code == 400
    assert MeetingMinutes.objects.count() == 1
