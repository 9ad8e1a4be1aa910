"""The team lead's follow-up page: pay-back status of approved swaps (core
``swaps.paybacks``), a missed swap shift recorded against both people (core
``swaps.record_missed_swap_shift``), and sick-leave certificates with their due day and
reminders (core ``leave.certificate_due`` / ``certificate_reminders``), per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from workforce_data import extra_lead, make_shifts, plain_base

pytestmark = pytest.mark.django_db


@pytest.fixture
def wf(personas: Any) -> dict[str, Any]:
    centre = personas()
    base = plain_base()
    shifts = make_shifts(centre, base)
    extra_lead(centre, "lead3", "T3")
    return {"centre": centre, "base": base, "shifts": shifts}


def _approved_swap(as_user: Any, wf: dict[str, Any]) -> Any:
    from serviq.web.workforce.models import SwapRequest

    s = wf["shifts"]
    r = as_user("a001").post(
        "/workforce/swaps/new/", {"give": s[("a001", 0)].code, "take": s[("b001", 3)].code}
    )
    assert r.status_code == 302
    sw = SwapRequest.objects.latest("pk")
    for login in ("b001", "lead1", "lead2"):
        r = as_user(login).post(f"/workforce/swaps/{sw.pk}/", {"verdict": "approve"})
        assert r.status_code == 302, login
    sw.refresh_from_db()
    assert sw.status == "approved"
    return sw


def test_pay_back_is_owed_and_a_missed_swap_shift_counts_against_both(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import Violation

    sw = _approved_swap(as_user, wf)
    lead = as_user("lead1")
    page = lead.get("/workforce/team/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'data-swap="{sw.pk}" data-payback="owed"' in page
    assert "待还班" in page
    missed = {"team": "T1", "swap": sw.pk, "shift": sw.take_shift.code}
    assert lead.post("/workforce/team/", missed).status_code == 302
    rows = Violation.objects.filter(shift_code=sw.take_shift.code).order_by("person__code")
    assert [(v.person.code, v.team.code, v.kind) for v in rows] == [
        ("A001", "T1", "absent"),
        ("B001", "T2", "absent"),
    ]
    assert {v.reasons[0]["code"] for v in rows} == {"swap.missed_shift"}
    assert AuditEvent.objects.filter(action="workforce.swap.missed_shift").count() == 1
    page = lead.get("/workforce/team/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-swap="{sw.pk}" data-payback="missed"' in page
    # the partner's lead sees it too, and it is not recorded twice
    page = as_user("lead2").get("/workforce/team/", {"team": "T2"}).content.decode()
    assert 'data-payback="missed"' in page
    assert as_user("lead2").post("/workforce/team/", {**missed, "team": "T2"}).status_code == 409
    # a shift that is not the swap's is refused
    other = {**missed, "shift": wf["shifts"][("a002", 1)].code}
    r = as_user("lead1").post("/workforce/team/", other, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400, r.content.decode().split("<main>")[1]


def test_who_may_see_and_record_pay_backs(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import Violation

    sw = _approved_swap(as_user, wf)
    missed = {"team": "T1", "swap": sw.pk, "shift": sw.take_shift.code}
    assert as_user("a001").get("/workforce/team/").status_code == 403
    assert as_user("a001").post("/workforce/team/", missed).status_code == 403
    assert as_user("dir1").get("/workforce/team/", {"team": "T1"}).status_code == 200
    assert as_user("dir1").post("/workforce/team/", missed).status_code == 403
    assert as_user("dir2").get("/workforce/team/", {"team": "T1"}).status_code == 404
    assert as_user("lead3").post("/workforce/team/", {**missed, "team": "T3"}).status_code == 404
    assert as_user("lead3").get("/workforce/team/", {"team": "T1"}).status_code == 404
    assert not Violation.objects.exists()


def _sick_leave(person: Any, start: dt.date, end: dt.date) -> Any:
    from zoneinfo import ZoneInfo

    from serviq.web.workforce.models import LeaveRequest
    from serviq.workforce.approvals import Flow, Step

    zone = ZoneInfo("Asia/Shanghai")
    flow = Flow((Step("team_lead", person.team.code, 0),), (), "approved")
    return LeaveRequest.objects.create(
        person=person,
        submitted_by=person,
        kind="sick",
        start=dt.datetime.combine(start, dt.time(), tzinfo=zone),
        end=dt.datetime.combine(end, dt.time(), tzinfo=zone),
        status="approved",
        flow=flow.as_dict(),
        created_at=dt.datetime.combine(start, dt.time(), tzinfo=zone),
    )


def _day_shift(person: Any, day: dt.date) -> Any:
    from serviq.web.workforce.models import Shift
    from serviq.workforce.roster import make_shift
    from serviq.workforce.ruleset import load_rules

    cs = make_shift(person.code, day, "day", load_rules(), person.team.code)
    return Shift.objects.create(
        code=cs.id,
        team=person.team,
        person=person,
        date=cs.date,
        kind=cs.kind,
        start=cs.start,
        end=cs.end,
        night=cs.night,
    )


def test_sick_leave_certificates_show_the_due_day_and_a_reminder_until_handed_in(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.schedules import rules_in_force, schedule_around
    from serviq.web.workforce.views import core_leave_record
    from serviq.workforce import leave

    a001 = wf["centre"]["people"]["a001"]
    today = dt.date.today()
    lv = _sick_leave(a001, today - dt.timedelta(days=4), today - dt.timedelta(days=2))
    back = _day_shift(a001, today - dt.timedelta(days=1))  # the first day back: overdue now
    rules, calendar = rules_in_force()
    due = leave.certificate_due(core_leave_record(lv), schedule_around([today]), rules, calendar)
    lead = as_user("lead1")
    page = lead.get("/workforce/team/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = page.split(f'data-leave="{lv.pk}"')[1].split("</tr>")[0]
    assert f'<span class="due">{due}</span>' in row
    assert due == back.date
    assert f"medical certificate for {today - dt.timedelta(days=4)} – " in page
    assert f"is due on {due}" in page
    assert 'class="reminder"' in page
    zh = lead.get("/workforce/team/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "提醒" in zh
    day = f"{today - dt.timedelta(days=4)}"
    cert = {"action": "certificate", "from": day, "to": f"{today - dt.timedelta(days=3)}"}
    assert lead.post(f"/workforce/leave/{lv.pk}/", {**cert, "on": f"{today}"}).status_code == 200
    page = lead.get("/workforce/team/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="reminder"' not in page
    # a lead of another team does not see it
    assert as_user("lead2").get("/workforce/team/", {"team": "T1"}).status_code == 404
