"""The monthly report's workflow in the web, per role: drafts when a month closes, the team
lead's commentary and submission, the department director's approval (documents frozen
with their hash) or return with a note, the due day and overdue flag, the audit trail, and
who may read which report (R-OPS-8)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import time_machine

TODAY = dt.datetime(2026, 11, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LATE = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def drafts(db):
    from serviq.web.reports.actions import generate_drafts
    from serviq.web.reports.models import Report

    made = generate_drafts(TODAY.date())
    assert {r.scope for r in made} == {
        "centre",
        "department:D1",
        "department:D2",
        "team:T1",
        "team:T2",
        "team:T3",
    }
    assert generate_drafts(TODAY.date()) == []  # idempotent
    return {r.scope: r for r in Report.objects.all()}


def _audit(action: str) -> list:
    from serviq.web.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action))


def test_drafts_are_made_for_the_month_that_closed_with_the_22nd_as_due_day(drafts) -> None:
    t1 = drafts["team:T1"]
    assert (t1.kind, t1.period, t1.status) == ("monthly", "2026-10", "draft")
    assert t1.due == dt.date(2026, 11, 22)
    assert len(_audit("report.draft")) == 6


@time_machine.travel(TODAY, tick=False)
def test_an_agent_and_a_qa_inspector_may_not_open_reports(drafts, as_user) -> None:
    for who in ("a001", "qa1"):
        client = as_user(who)
        assert client.get("/reports/").status_code == 403
        assert client.get(f"/reports/{drafts['team:T1'].pk}/").status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_a_team_lead_sees_only_the_own_team_report(drafts, as_user) -> None:
    client = as_user("lead1")
    page = client.get("/reports/").content.decode()
    assert "team:T1" in page
    assert "team:T2" not in page
    assert client.get(f"/reports/{drafts['team:T2'].pk}/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_team_lead_writes_commentary_and_submits(drafts, as_user) -> None:
    from serviq.web.reports.models import Report

    client = as_user("lead1")
    pk = drafts["team:T1"].pk
    r = client.post(f"/reports/{pk}/commentary",
                    {"section-commentary": "本月投诉率上升，原因是系统故障。", "then": "save"})  # fmt: skip
    assert r.status_code == 302
    assert Report.objects.get(pk=pk).narratives["commentary"].startswith("本月投诉率")
    r = client.post(
        f"/reports/{pk}/commentary", {"section-next_month": "加强培训。", "then": "submit"}
    )
    assert r.status_code == 302
    report = Report.objects.get(pk=pk)
    assert report.status == "submitted"
    assert report.submitted_by.username == "lead1"
    assert [e.actor_name for e in _audit("report.submit")] == ["lead1"]
    assert _audit("report.commentary")[0].after["narratives"]["commentary"].startswith("本月")
    # submitted: the lead can no longer change it
    r = client.post(f"/reports/{pk}/commentary", {"section-commentary": "改", "then": "save"})
    assert r.status_code == 409


@time_machine.travel(TODAY, tick=False)
def test_numbers_cannot_be_typed_into_a_section_that_is_not_narrative(drafts, as_user) -> None:
    client = as_user("lead1")
    r = client.post(f"/reports/{drafts['team:T1'].pk}/commentary",
                    {"section-indicators": "SL 99%", "then": "save"})  # fmt: skip
    assert r.status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_the_director_approves_and_the_documents_are_frozen_with_their_hash(
    drafts, as_user
) -> None:
    from serviq.web.dashboard.models import Interaction
    from serviq.web.reports.models import Report

    pk = drafts["team:T1"].pk
    as_user("lead1").post(f"/reports/{pk}/submit")
    client = as_user("lead1")
    assert client.post(f"/reports/{pk}/decide", {"decision": "approve"}).status_code == 403
    assert as_user("dir2").post(f"/reports/{pk}/decide", {"decision": "approve"}).status_code == 404
    client = as_user("dir1")
    assert client.post(f"/reports/{pk}/decide", {"decision": "approve"}).status_code == 302
    report = Report.objects.get(pk=pk)
    assert report.status == "approved"
    assert report.sha256["pdf"] == hashlib.sha256(bytes(report.pdf)).hexdigest()
    assert bytes(report.pdf)[:5] == b"%PDF-"
    pdf = client.get(f"/reports/{pk}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # frozen: new data does not change the approved document
    Interaction.objects.filter(period="2026-10").update(csat=1)
    again = client.get(f"/reports/{pk}/report.pdf")
    assert hashlib.sha256(again.content).hexdigest() == report.sha256["pdf"]
    event = _audit("report.approve")[0]
    assert event.actor_name == "dir1"
    assert event.after["sha256"]["pdf"] == report.sha256["pdf"]
    assert _audit("report.download")


@time_machine.travel(TODAY, tick=False)
def test_returning_needs_a_note_and_gives_the_report_back_to_the_lead(drafts, as_user) -> None:
    from serviq.web.reports.models import Report

    pk = drafts["team:T1"].pk
    as_user("lead1").post(f"/reports/{pk}/submit")
    client = as_user("dir1")
    assert (
        client.post(f"/reports/{pk}/decide", {"decision": "return", "note": " "}).status_code == 400
    )
    assert (
        client.post(
            f"/reports/{pk}/decide", {"decision": "return", "note": "请补充原因分析"}
        ).status_code
        == 302
    )
    report = Report.objects.get(pk=pk)
    assert (report.status, report.return_note) == ("returned", "请补充原因分析")
    page = as_user("lead1").get(f"/reports/{pk}/").content.decode()
    assert "请补充原因分析" in page
    assert 'id="submit-report"' in page  # the lead may edit and submit again


@time_machine.travel(TODAY, tick=False)
def test_the_centre_director_reads_every_report_but_does_not_approve(drafts, as_user) -> None:
    client = as_user("centre")
    page = client.get("/reports/").content.decode()
    assert all(scope in page for scope in ("team:T1", "team:T2", "team:T3", "centre"))
    pk = drafts["team:T3"].pk
    as_user("dir2")  # (the T3 report belongs to D2)
    client = as_user("centre")
    assert client.get(f"/reports/{pk}/").status_code == 200
    assert client.post(f"/reports/{pk}/decide", {"decision": "approve"}).status_code in (403, 409)


@time_machine.travel(TODAY, tick=False)
def test_a_draft_can_be_read_as_html_built_from_the_database(drafts, as_user) -> None:
    client = as_user("dir1")
    r = client.get(f"/reports/{drafts['team:T1'].pk}/report.html")
    assert r.status_code == 200
    html = r.content.decode()
    assert "2026-10" in html
    numbers = json.loads(
        html.split('id="report-numbers">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</")
    )
    assert numbers["scope"] == "team:T1"


@time_machine.travel(LATE, tick=False)
def test_after_the_22nd_an_unsubmitted_report_is_overdue_on_the_list_and_the_dashboard(
    drafts, as_user
) -> None:
    client = as_user("lead1")
    page = client.get("/reports/").content.decode()
    assert 'data-status="overdue"' in page
    assert client.get("/reports/?status=overdue").content.decode().count("team:T1") == 1
    dash = client.get("/dashboard/").content.decode()
    assert "reports-due" in dash
    assert "2026-11-22" in dash


@time_machine.travel(LATE, tick=False)
def test_cli_report_list_shows_status_and_due(drafts, run_cli) -> None:
    code, out, err = run_cli("report", "list", "--status", "overdue", "--json")
    assert code == 0, err
    rows = json.loads(out)["reports"]
    assert {r["scope"] for r in rows} == {
        "centre",
        "department:D1",
        "department:D2",
        "team:T1",
        "team:T2",
        "team:T3",
    }
    assert set(rows[0]) >= {"kind", "period", "scope", "status", "due"}
    assert rows[0]["due"] == "2026-11-22"
    code, _, err = run_cli("report", "list", "--status", "late")
    assert code == 2
    assert "allowed: draft" in err


@time_machine.travel(LATE, tick=False)
def test_the_api_lists_the_reports_in_scope_with_their_status(drafts, as_user) -> None:
    rows = as_user("lead1").get("/api/reports").json()
    assert [r["scope"] for r in rows] == ["team:T1"]
    assert rows[0]["status"] == "overdue"
    assert rows[0]["due"] == "2026-11-22"
    assert as_user("a001").get("/api/reports").status_code == 403
    assert as_user("lead1").get(f"/api/reports/{drafts['team:T2'].pk}").status_code == 404
    assert as_user("dir1").get(f"/api/reports/{drafts['team:T2'].pk}").json()["scope"] == "team:T2"
    assert as_user("dir1").get("/api/reports?status=late").status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_cli_builds_from_the_database_when_no_data_folder_is_given(
    drafts, run_cli, tmp_path
) -> None:
    code, out, err = run_cli("report", "build", "monthly", "--period", "2026-10", "--scope", "team:T1",
                             "--format", "html", "--out", str(tmp_path), "--json")  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["inputs"]["interactions"]["rows"] == 32
    html = (tmp_path / "monthly-2026-10-team-T1-zh-Hans.html").read_text(encoding="utf-8")
    # the rebuild command reads the same database: no --data
    assert "report build monthly --period 2026-10 --scope team:T1 --lang zh-Hans --format" in html


@time_machine.travel(TODAY, tick=False)
def test_a_report_built_from_the_database_lists_the_open_improvement_records(
    drafts, as_user
) -> None:
    """The monthly report's actions section is the register of serviq.web.actions: written
    in November, October's report lists the record opened in response to October's FCR,
    its status and owner as words and a name."""
    from actions_centre import open_record

    client = as_user("dir1")
    before = client.get(f"/reports/{drafts['team:T1'].pk}/report.html").content.decode()
    record = open_record("lead1", team="T1", period="2026-10")
    after = client.get(f"/reports/{drafts['team:T1'].pk}/report.html").content.decode()
    lead = record.owner
    assert lead is not None
    assert "本期没有登记的改进措施" in before or "No improvement actions" in before
    assert f"<td>FCR</td><td>进行中</td><td>{lead.name}</td><td>2026-12-20</td>" in after
    assert before != after


@time_machine.travel(TODAY, tick=False)
def test_a_value_entered_by_hand_reaches_the_report_built_from_the_database(
    drafts, as_user
) -> None:
    """The report reads hand-entered values, checklists and system months through the same
    functions as the dashboard's analysis, so EQUIP_OK is not "no data" in the report."""

    def equip_ok() -> object:
        page = as_user("dir1").get(f"/reports/{drafts['team:T1'].pk}/report.html")
        html = page.content.decode()
        numbers = json.loads(
            html.split('id="report-numbers">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</")
        )
        return numbers["indicators"]["EQUIP_OK"]["value"]

    assert equip_ok() is None
    entry = {"indicator": "EQUIP_OK", "period": "2026-10", "scope": "T1", "value": "0.97",
             "note": "handover log: 3 faulty seat-shifts of 100"}  # fmt: skip
    assert as_user("lead1").post("/indicators/manual/", entry).status_code == 302
    assert equip_ok() == pytest.approx(0.97, abs=0)


@time_machine.travel(TODAY, tick=False)
def test_a_department_director_sees_the_own_department_report_only(drafts, as_user) -> None:
    d1, d2 = drafts["department:D1"], drafts["department:D2"]
    assert d1.department is not None
    assert d1.department.code == "D1"
    client = as_user("dir1")
    page = client.get("/reports/").content.decode()
    assert "department:D1" in page
    assert "department:D2" not in page
    # the scope by the department's name, not its code
    cell = page.split('data-scope="department:D1">', 1)[1].split("</td>", 1)[0]
    assert "客服部" in cell
    assert "D1" not in cell
    assert client.get(f"/reports/{d1.pk}/").status_code == 200
    assert client.get(f"/reports/{d2.pk}/").status_code == 404
    assert as_user("dir2").get(f"/reports/{d2.pk}/").status_code == 200
    # a team lead reads the own team's report, not the department's
    assert as_user("lead1").get(f"/reports/{d1.pk}/").status_code == 404
    assert as_user("a001").get(f"/reports/{d1.pk}/").status_code == 403
    assert as_user("centre").get(f"/reports/{d2.pk}/").status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_a_department_report_counts_its_teams_contacts_not_the_centre_s(drafts, as_user) -> None:
    from serviq.web.dashboard.models import Interaction

    r = as_user("dir1").get(f"/reports/{drafts['department:D1'].pk}/report.html")
    assert r.status_code == 200
    html = r.content.decode()
    numbers = json.loads(
        html.split('id="report-numbers">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</")
    )
    assert numbers["scope"] == "department:D1"
    answered = Interaction.objects.filter(period="2026-10", answered_at__isnull=False)
    mine = answered.filter(team__department__code="D1").count()
    assert 0 < mine < answered.count()
    # complaints per answered contact: n is the department's answered contacts
    assert numbers["indicators"]["COMPLAINT"]["n"] == mine
