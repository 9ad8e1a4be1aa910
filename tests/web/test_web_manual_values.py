"""Values entered by hand (scope 5 of issue 18): the owner's form, its rules per role, the
audit row, the dashboard showing who entered the value, and the stored result equal to the
core's evaluation with the entered values (one path from data to a number)."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.django_db

URL = "/indicators/manual/"
ENTRY = {"indicator": "EQUIP_OK", "period": "2026-10", "scope": "T1", "value": "0.97",
         "note": "handover log 1–31 Oct: 3 faulty seat-shifts of 100"}  # fmt: skip


def _post(client, **changes):
    return client.post(URL, {**ENTRY, **changes})


@pytest.mark.parametrize(
    ("login", "status"),
    [
        ("a001", 403),  # agents enter nothing
        ("c001", 403),
        ("qa1", 403),  # roles that own no manual indicator
        ("centre", 403),
        ("analyst", 403),
        ("lead1", 200),  # owner of EQUIP_OK
        ("dir1", 200),  # owner of PROD_FIT
        ("admin", 200),
    ],
)
def test_only_owners_of_a_manual_indicator_open_the_form(as_user, login, status) -> None:
    assert as_user(login).get(URL).status_code == status


def test_the_form_offers_a_team_lead_their_own_indicators_and_team(as_user) -> None:
    r = as_user("lead1").get(URL)
    assert [i["code"] for i in r.context["indicators"]] == ["EQUIP_OK"]
    assert r.context["scopes"] == ["T1"]
    r = as_user("dir1").get(URL)
    assert [i["code"] for i in r.context["indicators"]] == ["PROD_FIT"]
    assert r.context["scopes"] == ["", "T1", "T2"]


def test_an_entry_is_stored_audited_and_shown_on_the_dashboard_with_who_entered_it(
    as_user,
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.indicatordata.models import ManualValue

    run_analysis()
    client = as_user("lead1")
    assert IndicatorResult.objects.get(period="2026-10", team_code="T1", code="EQUIP_OK").value is None  # fmt: skip
    r = _post(client)
    assert r.status_code == 302, r.content
    entry = ManualValue.objects.get()
    assert (entry.period, entry.scope, entry.code, entry.value) == ("2026-10", "T1", "EQUIP_OK", 0.97)  # fmt: skip
    assert entry.entered_by.code == "LEAD1"
    event = AuditEvent.objects.get(action="indicator.manual_value")
    assert event.before is None
    assert event.after["value"] == 0.97
    assert event.actor.username == "lead1"
    stored = IndicatorResult.objects.get(period="2026-10", team_code="T1", code="EQUIP_OK")
    assert stored.value == 0.97
    assert stored.score is not None
    assert stored.status
    page = client.get("/dashboard/", {"period": "2026-10"})
    row = next(r for r in page.context["rows"] if r["node"].code == "EQUIP_OK")
    assert row["entered"].entered_by.code == "LEAD1"
    assert 'data-entered-by="LEAD1"' in page.content.decode()
    assert "97.0%" in page.content.decode()


def test_entering_again_replaces_the_value_and_audits_both(as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ManualValue

    client = as_user("lead1")
    assert _post(client).status_code == 302
    assert _post(client, value="0.9").status_code == 302
    assert ManualValue.objects.get().value == 0.9
    last = AuditEvent.objects.filter(action="indicator.manual_value").order_by("-id").first()
    assert last is not None
    assert (last.before["value"], last.after["value"]) == (0.97, 0.9)


@pytest.mark.parametrize(
    ("login", "changes", "status", "words"),
    [
        ("lead1", {"scope": "T2"}, 404, "no team T2"),  # another team
        ("lead1", {"scope": ""}, 403, "its team only"),  # the centre
        ("lead1", {"indicator": "PROD_FIT"}, 403, "department_director"),  # not the owner
        ("dir1", {}, 403, "team_lead"),  # EQUIP_OK belongs to team leads
        ("lead1", {"indicator": "FCR"}, 400, "computed from its data"),
        ("lead1", {"indicator": "SITE_CHECK"}, 400, "binding checklist"),
        ("lead1", {"indicator": "NOPE"}, 404, "no indicator NOPE"),
        ("lead1", {"value": "1.5"}, 400, "allowed: 0 to 1"),
        ("lead1", {"value": "ninety"}, 400, "not a number"),
        ("lead1", {"value": "nan"}, 400, "not a number"),
        ("lead1", {"period": "2026-13"}, 400, "YYYY-MM"),
        ("lead1", {"note": ""}, 400, "evidence is missing"),
    ],
)
def test_a_refused_entry_says_why_in_one_line_and_writes_nothing(
    as_user, login, changes, status, words
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.indicatordata.models import ManualValue

    r = _post(as_user(login), **changes)
    assert r.status_code == status
    text = r.content.decode()
    assert words in text
    assert not ManualValue.objects.exists()
    assert not AuditEvent.objects.filter(action="indicator.manual_value").exists()


def test_an_evidence_file_alone_is_evidence(as_user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from serviq.web.indicatordata.models import ManualValue

    sheet = SimpleUploadedFile("checks-2026-10.pdf", b"%PDF-1.4 checks")
    r = as_user("lead1").post(URL, {**ENTRY, "note": "", "evidence": sheet})
    assert r.status_code == 302
    entry = ManualValue.objects.get()
    assert (entry.evidence_name, bytes(entry.evidence)) == ("checks-2026-10.pdf", b"%PDF-1.4 checks")  # fmt: skip


def test_the_note_is_masked_before_it_is_stored(as_user) -> None:
    from serviq.web.indicatordata.models import ManualValue

    assert _post(as_user("lead1"), note="客户 13812345678 投诉").status_code == 302
    assert "13812345678" not in ManualValue.objects.get().note


def test_the_form_needs_the_csrf_token(personas) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="lead1"))
    assert client.post(URL, ENTRY).status_code == 403


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_the_rescored_results_equal_the_core_evaluation_with_the_entered_values(
    as_user,
) -> None:
    """The form rescores only the month entered (and the next month's change); a full run of
    the core's evaluate on the same records with the same entries gives the same numbers."""
    from serviq.web.dashboard.analysis import evaluation, run_analysis
    from serviq.web.dashboard.models import IndicatorResult

    run_analysis()
    lead = as_user("lead1")
    assert _post(lead, value="0.995").status_code == 302
    # entered last: the next month's change is rescored too
    assert _post(lead, period="2026-09", value="0.91").status_code == 302
    director = as_user("dir1")
    assert _post(director, indicator="PROD_FIT", scope="", value="0.88").status_code == 302
    ev = evaluation()
    assert ev is not None
    compared = 0
    for result in ev.results:
        stored = {
            r.code: r
            for r in IndicatorResult.objects.filter(period=result.period, team_code=result.scope)
        }
        for node in result.card.nodes:
            row = stored[node.code]
            where = (result.period, result.scope, node.code)
            assert _same(row.value, node.value), where
            assert _same(row.score, node.score), where
            assert _same(row.change, node.change), where
            assert row.status == (node.status or ""), where
            compared += 1
    assert compared > 50
    assert ev.get("2026-10", "T1").values["EQUIP_OK"] == 0.995
    assert ev.get("2026-10", "").values["PROD_FIT"] == 0.88


def test_a_refused_entry_is_worded_in_the_reader_s_language_with_the_field_s_label(
    as_user,
) -> None:
    r = as_user("lead1").post(URL, {**ENTRY, "value": "1.5"}, HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert r.status_code == 400
    assert "數值 1.5 超出指標 EQUIP_OK 的取值範圍，應為 0 到 1 (欄位 數值)" in r.content.decode()
