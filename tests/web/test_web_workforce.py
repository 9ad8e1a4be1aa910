"""The workforce pages per role: swaps through partner and both team leads (the rule check
re-run at each step), leave up its chain, handover, violations, escalations, meetings, and
the API — an agent of another team gets 404, an agent cannot approve, a lead of a third
team cannot act on a swap between T1 and T2."""

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


def _swap(client: Any, give: Any, take: Any) -> Any:
    return client.post("/workforce/swaps/new/", {"give": give.code, "take": take.code})


def _request_s1(as_user: Any, wf: dict[str, Any]) -> int:
    from serviq.web.workforce.models import SwapRequest

    s = wf["shifts"]
    r = _swap(as_user("a001"), s[("a001", 0)], s[("b001", 3)])
    assert r.status_code == 302
    return SwapRequest.objects.latest("pk").pk


def test_a_swap_goes_partner_then_both_leads_and_the_roster_shows_it(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.workforce.models import SwapRequest

    pk = _request_s1(as_user, wf)
    url = f"/workforce/swaps/{pk}/"
    sw = SwapRequest.objects.get(pk=pk)
    assert (sw.partner.code, sw.status) == ("B001", "submitted")
    # the leads cannot act before the partner has accepted (no skipping)
    assert as_user("lead1").post(url, {"verdict": "approve"}).status_code == 409
    assert 'id="approve"' in as_user("b001").get(url).content.decode()
    assert as_user("b001").post(url, {"verdict": "approve"}).status_code == 302
    # the requester is an agent: they cannot approve
    assert as_user("a001").post(url, {"verdict": "approve"}).status_code == 403
    assert as_user("lead1").post(url, {"verdict": "approve"}).status_code == 302
    assert SwapRequest.objects.get(pk=pk).status == "in_review"
    page = as_user("lead2").get(url).content.decode()
    assert 'data-ok="1"' in page
    assert 'id="approve"' in page
    assert as_user("lead2").post(url, {"verdict": "approve"}).status_code == 302
    assert SwapRequest.objects.get(pk=pk).status == "approved"
    roster = as_user("lead1").get("/workforce/roster/", {"month": wf["base"].strftime("%Y-%m")})
    row = roster.content.decode().split('data-person="B001"')[1].split("</tr>")[0]
    assert wf["shifts"][("a001", 0)].code in row
    assert "swapped" in row
    actions = list(
        AuditEvent.objects.filter(object_id=str(pk), action__startswith="workforce.swap")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["workforce.swap.request"] + ["workforce.swap.approve"] * 3


def test_outsiders_get_404_on_a_swap(as_user: Any, wf: dict[str, Any]) -> None:
    pk = _request_s1(as_user, wf)
    url = f"/workforce/swaps/{pk}/"
    for login in ("c001", "a002", "lead3", "dir2"):
        assert as_user(login).get(url).status_code == 404, login
    assert as_user("lead3").post(url, {"verdict": "approve"}).status_code == 404
    assert as_user("dir1").get(url).status_code == 200
    assert as_user("centre").get(url).status_code == 200


def test_the_second_lead_sees_the_check_as_it_stands_now(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import SwapRequest

    s = wf["shifts"]
    pk1 = _request_s1(as_user, wf)
    assert _swap(as_user("a001"), s[("a001", 2)], s[("a002", 1)]).status_code == 302
    pk2 = SwapRequest.objects.latest("pk").pk
    assert (
        as_user("a002").post(f"/workforce/swaps/{pk2}/", {"verdict": "approve"}).status_code == 302
    )
    for login in ("b001", "lead1", "lead2"):
        assert (
            as_user(login).post(f"/workforce/swaps/{pk1}/", {"verdict": "approve"}).status_code
            == 302
        )
    # swap 1 is approved: swap 2 is now consecutive to it (R-OPS-7), in the reader's language
    client = as_user("lead1")
    page = client.get(f"/workforce/swaps/{pk2}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-ok="0"' in page
    assert "no consecutive swaps" in page
    r = client.post(f"/workforce/swaps/{pk2}/", {"verdict": "approve"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    assert "no consecutive swaps" in r.content.decode()
    sw2 = SwapRequest.objects.get(pk=pk2)
    assert sw2.status == "in_review"
    assert [x["code"] for x in sw2.rule_check["reasons"]] == ["swap.consecutive"]


def test_a_refused_swap_shows_the_core_reasons_in_the_page_language(
    as_user: Any, wf: dict[str, Any]
) -> None:
    s = wf["shifts"]
    client = as_user("a001")
    r = client.post(
        "/workforce/swaps/new/",
        {"give": s[("a002", 1)].code, "take": s[("b001", 3)].code},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 409
    assert f"班次{s[('a002', 1)].code}由A002当班，不是A001" in r.content.decode()
    # a shift of another department is not revealed
    assert _swap(client, s[("a001", 0)], s[("c001", 3)]).status_code == 404
    # a team lead may not request a swap: it is an agent's request
    assert _swap(as_user("lead1"), s[("a001", 0)], s[("b001", 3)]).status_code == 403


def _leave(client: Any, day: dt.date, days: int = 1, kind: str = "personal", **extra: Any) -> Any:
    end = day + dt.timedelta(days=days)
    return client.post(
        "/workforce/leave/new/",
        {"kind": kind, "start": f"{day}T00:00", "end": f"{end}T00:00", **extra},
    )


def test_one_day_leave_goes_lead_then_department_director(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import LeaveRequest

    assert _leave(as_user("a001"), wf["base"] + dt.timedelta(days=2)).status_code == 302
    lv = LeaveRequest.objects.latest("pk")
    url = f"/workforce/leave/{lv.pk}/"
    assert lv.rule_check["approver"] == "department_director"
    assert as_user("a001").post(url, {"verdict": "approve"}).status_code == 403
    assert as_user("b001").get(url).status_code == 404
    assert as_user("dir2").get(url).status_code == 404
    assert as_user("dir1").post(url, {"verdict": "approve"}).status_code == 409  # no skipping
    assert as_user("lead1").post(url, {"verdict": "approve"}).status_code == 302
    assert as_user("dir1").post(url, {"verdict": "approve"}).status_code == 302
    assert LeaveRequest.objects.get(pk=lv.pk).status == "approved"
    # approved leave is in the schedule: no swap on that shift any more
    s = wf["shifts"]
    r = as_user("a001").post(
        "/workforce/swaps/new/",
        {"give": s[("a001", 2)].code, "take": s[("b001", 3)].code},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 409
    assert "A001 has leave booked on the shift" in r.content.decode()


def test_longer_leave_goes_to_the_centre_director_and_proxies_are_refused(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import LeaveRequest

    base = wf["base"]
    assert _leave(as_user("a001"), base, days=3).status_code == 302
    assert LeaveRequest.objects.latest("pk").rule_check["chain"] == [
        "team_lead",
        "department_director",
        "centre_director",
    ]
    r = as_user("lead1").post(
        "/workforce/leave/new/",
        {
            "person": "A002",
            "kind": "personal",
            "start": f"{base}T00:00",
            "end": f"{base + dt.timedelta(days=1)}T00:00",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 409
    assert "must be asked for in person" in r.content.decode()
    assert (
        as_user("lead1")
        .post(
            "/workforce/leave/new/",
            {"person": "C001", "kind": "sick", "start": f"{base}T00:00", "end": f"{base}T12:00"},
        )
        .status_code
        == 404
    )


def test_approvals_per_role(as_user: Any, wf: dict[str, Any]) -> None:
    pk = _request_s1(as_user, wf)
    assert as_user("a001").get("/workforce/approvals/").status_code == 403
    assert (
        f"/workforce/swaps/{pk}/" in as_user("lead1").get("/workforce/approvals/").content.decode()
    )
    assert (
        f"/workforce/swaps/{pk}/"
        not in as_user("lead3").get("/workforce/approvals/").content.decode()
    )
    page = as_user("dir1").get("/workforce/approvals/").content.decode()
    assert 'id="overview"' in page
    assert f"/workforce/swaps/{pk}/" in page
    assert 'id="overview"' not in as_user("lead1").get("/workforce/approvals/").content.decode()


def test_roster_scope(as_user: Any, wf: dict[str, Any]) -> None:
    month = wf["base"].strftime("%Y-%m")
    assert as_user("a001").get("/workforce/roster/", {"month": month}).status_code == 200
    assert as_user("a001").get("/workforce/roster/", {"team": "T2"}).status_code == 404
    assert as_user("lead1").get("/workforce/roster/", {"team": "T3"}).status_code == 404
    assert as_user("dir1").get("/workforce/roster/", {"team": "T3"}).status_code == 404
    page = as_user("centre").get("/workforce/roster/", {"team": "T3", "month": month})
    assert 'data-person="C001"' in page.content.decode()
    assert as_user("a001").get("/workforce/roster/", {"month": "2026-13"}).status_code == 400


def test_my_page_lists_my_shifts_and_requests(as_user: Any, wf: dict[str, Any]) -> None:
    pk = _request_s1(as_user, wf)
    page = as_user("b001").get("/workforce/", {"month": wf["base"].strftime("%Y-%m")})
    text = page.content.decode()
    mine = text.split('id="my-shifts"')[1].split("</table>")[0]
    assert f"/workforce/swaps/{pk}/" in text
    assert wf["base"].strftime("%Y-%m-%d") not in mine  # A001's shift until the swap is approved
    assert f"/workforce/swaps/{pk}/" not in as_user("c001").get("/workforce/").content.decode()


def test_handover_is_recorded_complete_and_acknowledged_by_another_lead(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.models import HandoverEntry

    lead1b = extra_lead(wf["centre"], "lead1b", "T1")
    assert lead1b.team.code == "T1"
    assert as_user("a001").get("/workforce/handover/").status_code == 403
    assert as_user("lead2").get("/workforce/handover/", {"team": "T1"}).status_code == 404
    r = as_user("lead1").post(
        "/workforce/handover/",
        {"team": "T1", "equipment": "ok"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 409
    assert "must record the hard cases" in r.content.decode()
    full = {
        "team": "T1",
        "shift_label": "day",
        "equipment": "all consoles ok",
        "hard_cases": "none",
        "staff_changes": "none",
        "notices_read": "notice 12",
    }
    assert as_user("lead1").post("/workforce/handover/", full).status_code == 302
    entry = HandoverEntry.objects.get()
    ack = {"team": "T1", "entry": entry.pk, "action": "acknowledge"}
    assert as_user("lead1").post("/workforce/handover/", ack).status_code == 409  # same lead
    assert as_user("lead1b").post("/workforce/handover/", ack).status_code == 302
    assert HandoverEntry.objects.get().incoming_lead == lead1b
    assert as_user("dir1").get("/workforce/handover/", {"team": "T1"}).status_code == 200


def test_violations_are_the_cores_to_decide(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import Violation

    shift = wf["shifts"][("a001", 0)].code
    assert as_user("a001").get("/workforce/violations/").status_code == 403
    post = {"team": "T1", "person": "A001", "shift": shift, "kind": "late"}
    c = as_user("lead1")
    assert c.post("/workforce/violations/", {**post, "minutes": 10}).status_code == 200
    assert not Violation.objects.exists()
    assert c.post("/workforce/violations/", {**post, "minutes": 25}).status_code == 302
    assert Violation.objects.get().minutes == 25
    assert (
        as_user("lead2")
        .post("/workforce/violations/", {**post, "team": "T2", "minutes": 25})
        .status_code
        == 404
    )
    assert (
        as_user("dir1").post("/workforce/violations/", {**post, "minutes": 25}).status_code == 403
    )


def test_escalation_goes_level_by_level(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import EscalationReport

    url = "/workforce/escalations/"
    new = {"category": "safety", "description": "console smoking"}
    assert as_user("a001").post(url, new).status_code == 409  # no proposed action
    assert as_user("a001").post(url, {**new, "proposed_action": "switch off"}).status_code == 302
    rep = EscalationReport.objects.get()
    go = {"report": rep.pk, "action": "escalate"}
    assert as_user("a001").post(url, {**go, "to_role": "centre_director"}).status_code == 409
    assert as_user("a001").post(url, {**go, "to_role": "team_lead"}).status_code == 302
    assert as_user("c001").post(url, {**go, "to_role": "department_director"}).status_code == 404
    assert "console smoking" in as_user("lead1").get(url).content.decode()
    assert "console smoking" not in as_user("b001").get(url).content.decode()
    c = as_user("lead1")
    assert c.post(url, {"report": rep.pk, "action": "close"}).status_code == 409
    assert c.post(url, {"report": rep.pk, "action": "instruct", "text": "do it"}).status_code == 302
    assert c.post(url, {"report": rep.pk, "action": "close"}).status_code == 302
    assert EscalationReport.objects.get().status == "closed"


def test_meeting_calendar_shows_the_monthly_meeting(as_user: Any, wf: dict[str, Any]) -> None:
    page = as_user("a001").get("/workforce/meetings/", {"year": 2026}).content.decode()
    assert "2026-02-14" in page
    assert "2026-06-18" in page
    assert as_user("a001").get("/workforce/meetings/", {"year": "x"}).status_code == 400


def test_api_my_shifts_and_requests(
    client: Any, token_for: Any, as_user: Any, wf: dict[str, Any]
) -> None:
    pk = _request_s1(as_user, wf)
    client.logout()
    month = wf["base"].strftime("%Y-%m")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for('a001')}"}
    shifts = client.get("/api/workforce/my-shifts", {"month": month}, **auth).json()
    assert {s["shift"] for s in shifts} >= {wf["shifts"][("a001", 0)].code}
    reqs = client.get("/api/workforce/my-requests", **auth).json()
    assert [(r["id"], r["type"], r["pending"]) for r in reqs] == [(pk, "swap", ["agent B001"])]
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_for('c001')}"}
    assert client.get("/api/workforce/my-requests", **other).json() == []
    assert client.get("/api/workforce/my-shifts", {"month": "13"}, **auth).status_code == 400
    assert client.get("/api/workforce/my-shifts").status_code == 401


def test_without_a_month_the_roster_opens_on_a_month_with_shifts(
    as_user: Any, wf: dict[str, Any]
) -> None:
    page = as_user("lead1").get("/workforce/roster/").content.decode()
    assert "data-shift=" in page  # this month or, when it has none, the latest with shifts
    page = as_user("lead1").get("/workforce/roster/", {"month": "2020-01"}).content.decode()
    assert "data-shift=" not in page


def test_pages_and_reasons_in_traditional_chinese(as_user: Any, wf: dict[str, Any]) -> None:
    from pathlib import Path

    from serviq.web import catalogs
    from serviq.web.workforce import __file__ as app_file

    for po in sorted((Path(app_file).parent / "locale").glob("*/LC_MESSAGES/django.po")):
        assert po.with_suffix(".mo").read_bytes() == catalogs.compiled(po), po
    s = wf["shifts"]
    c = as_user("a001")
    page = c.get("/workforce/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "申請換班" in page
    assert "排班與考勤" in page  # the nav entry of base.html
    r = c.post(
        "/workforce/swaps/new/",
        {"give": s[("a002", 1)].code, "take": s[("b001", 3)].code},
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )
    text = r.content.decode()
    assert "不符合中心規定" in text
    assert f"班次{s[('a002', 1)].code}由A002當班，不是A001" in text


def test_sick_leave_certificate_is_checked_by_the_core(as_user: Any, wf: dict[str, Any]) -> None:
    from serviq.web.workforce.models import LeaveRequest

    day = wf["base"] + dt.timedelta(days=2)
    assert _leave(as_user("a001"), day, days=1, kind="sick").status_code == 302
    lv = LeaveRequest.objects.latest("pk")
    assert [n["code"] for n in lv.rule_check["notes"]] == ["leave.certificate_due"]
    url = f"/workforce/leave/{lv.pk}/"
    cert = {"action": "certificate", "from": f"{day}", "to": f"{day}", "on": f"{day}"}
    assert as_user("a001").post(url, cert).status_code == 403
    page = as_user("lead1").post(url, cert, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-ok="1"') == 2  # the leave's check and the certificate's
    late = {**cert, "on": f"{day + dt.timedelta(days=30)}"}
    page = as_user("lead1").post(url, late, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "after the first day back" in page
    assert LeaveRequest.objects.get(pk=lv.pk).certificate_handed_in == day + dt.timedelta(days=30)


def test_statuses_leave_kinds_and_escalation_actions_are_shown_in_the_reader_language(
    as_user: Any, wf: dict[str, Any]
) -> None:
    from serviq.web.workforce.labels import LABELS

    assert (
        _leave(as_user("a001"), wf["base"] + dt.timedelta(days=2), kind="sick").status_code == 302
    )
    c = as_user("a001")
    hans = c.get("/workforce/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "病假" in hans
    assert "审批中" in hans or "已提交" in hans
    assert 'data-status="' in hans
    hant = c.get("/workforce/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "病假" in hant
    assert "特殊事假" in hant
    en = c.get("/workforce/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "sick leave" in en
    assert ">sick<" not in en
    report = {"category": "safety", "description": "fire alarm", "proposed_action": "evacuate"}
    assert c.post("/workforce/escalations/", report).status_code == 302
    esc = c.get("/workforce/escalations/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "設備或人身安全" in esc
    assert 'data-status="open">待處理<' in esc
    assert '<option value="report_upward">事後補報</option>' in esc
    assert '<option value="confidentiality">政治問題和失泄密問題</option>' in esc
    lead = as_user("lead1").get("/workforce/approvals/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "班长" in lead.content.decode()  # the pending step, not "team_lead"
    # every code has a word in both Chinese catalogues
    from django.utils import translation

    for lang in ("zh-hans", "zh-hant"):
        with translation.override(lang):
            for group in LABELS.values():
                for code, text in group.items():
                    assert not str(text).isascii(), (lang, code)
