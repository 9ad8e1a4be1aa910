"""Late leave on the web (R-OPS-6): "如不能提前請假需經管理人員批准後方可生效。否則，按曠工處理".
Asked late → pending the manager the rules name; approved → leave; refused, or undecided at
the shift's start → an absence recorded with the reason. Time is frozen the evening before
A001's day shift (08:00–17:00 local)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from workforce_data import make_shifts, plain_base

pytestmark = pytest.mark.django_db


@pytest.fixture
def wf(personas: Any) -> dict[str, Any]:
    centre = personas()
    base = plain_base()
    return {"centre": centre, "base": base, "shifts": make_shifts(centre, base)}


def _local(day: dt.date, clock: str) -> dt.datetime:
    from serviq.workforce.ruleset import load_rules

    zone = load_rules().calendar.zone
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=zone)


def _ask_late(as_user: Any, wf: dict[str, Any]) -> Any:
    from serviq.web.workforce.models import LeaveRequest

    day = wf["base"]
    r = as_user("a001").post(
        "/workforce/leave/new/",
        {"kind": "personal", "start": f"{day}T00:00", "end": f"{day + dt.timedelta(1)}T00:00"},
    )
    assert r.status_code == 302
    return LeaveRequest.objects.latest("pk")


def test_asked_late_it_waits_for_the_department_director_who_approves_it(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import LeaveRequest

    with time_machine.travel(_local(wf["base"] - dt.timedelta(1), "20:00"), tick=False):
        lv = _ask_late(as_user, wf)
        assert lv.status == "submitted"
        assert lv.rule_check["late"] is True
        assert lv.rule_check["approver"] == "department_director"
        assert lv.flow["steps"] == [{"role": "department_director", "scope": None, "stage": 0}]
        url = f"/workforce/leave/{lv.pk}/"
        page = as_user("dir1").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-late="1"' in page
        assert "otherwise it counts as absence" in page
        # the team lead is not the manager the rules name; another department's is not told
        assert as_user("lead1").post(url, {"verdict": "approve"}).status_code == 403
        assert as_user("dir2").post(url, {"verdict": "approve"}).status_code == 404
        assert as_user("a001").post(url, {"verdict": "approve"}).status_code == 403
        assert as_user("dir1").post(url, {"verdict": "approve"}).status_code == 302
    assert LeaveRequest.objects.get(pk=lv.pk).status == "approved"
    assert (
        AuditEvent.objects.filter(object_id=str(lv.pk), action="workforce.leave.approve").count()
        == 1
    )


def test_refused_the_shift_is_absence_with_the_reason(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import LeaveRequest, Violation

    with time_machine.travel(_local(wf["base"] - dt.timedelta(1), "20:00"), tick=False):
        lv = _ask_late(as_user, wf)
        url = f"/workforce/leave/{lv.pk}/"
        note = "家属来电 13812345678 说明情况"
        assert as_user("dir1").post(url, {"verdict": "refuse", "note": note}).status_code == 302
        page = as_user("lead1").get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    refused = LeaveRequest.objects.get(pk=lv.pk)
    assert refused.status == "refused"
    # the manager's note is stored masked, like every refusal note
    assert "13812345678" not in str(refused.flow)
    (v,) = Violation.objects.filter(person__code="A001")
    assert (v.kind, v.shift_code) == ("absent", wf["shifts"][("a001", 0)].code)
    assert v.reasons[0]["code"] == "leave.late_absence_refused"
    assert v.reasons[0]["requirement"] == "R-OPS-6"
    assert v.recorded_by.code == wf["centre"]["people"]["dir1"].code
    assert "曠工" in page
    assert "遲請假" in page


def test_undecided_at_the_shift_start_it_lapses_into_absence(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from django.core.management import call_command

    from serviq.web.workforce.models import LeaveRequest, Violation

    with time_machine.travel(_local(wf["base"] - dt.timedelta(1), "20:00"), tick=False):
        lv = _ask_late(as_user, wf)
        url = f"/workforce/leave/{lv.pk}/"
        # before the deadline a lapse changes nothing
        assert as_user("lead1").post(url, {"action": "lapse"}).status_code == 302
        assert LeaveRequest.objects.get(pk=lv.pk).status == "submitted"
    with time_machine.travel(_local(wf["base"], "08:00"), tick=False):
        r = as_user("dir1").post(url, {"verdict": "approve"}, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 409
        assert "late leave must be approved before" in r.content.decode()
        assert LeaveRequest.objects.get(pk=lv.pk).status == "submitted"
        assert as_user("a001").post(url, {"action": "lapse"}).status_code == 403
        call_command("late_leave", "--as", wf["centre"]["people"]["dir1"].code)
        call_command("late_leave", "--as", wf["centre"]["people"]["dir1"].code)  # idempotent
    assert LeaveRequest.objects.get(pk=lv.pk).status == "lapsed"
    (v,) = Violation.objects.filter(person__code="A001")
    assert v.reasons[0]["code"] == "leave.late_absence_undecided"


def test_leave_asked_in_time_is_not_late(as_user: Any, wf: dict[str, Any]) -> None:
    with time_machine.travel(_local(wf["base"] - dt.timedelta(2), "07:00"), tick=False):
        lv = _ask_late(as_user, wf)
    assert lv.rule_check["late"] is False
    assert lv.flow["steps"][0]["role"] == "team_lead"
