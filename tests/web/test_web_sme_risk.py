"""The SME desk's risk on the web, per role: the guaranteed portfolio, limit usage, a case's
schedule, follow-up and recovery events with the loss allocated by layer, and decisions
refused by the concentration limits inside their transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sme_desk import ZONE, make_desk

DESK_WIDE = ("/sme/portfolio/", "/sme/limits/", "/api/sme/portfolio", "/api/sme/limits")
CASE_PAGES = ("/sme/K1/schedule/", "/api/sme/cases/K1/schedule", "/api/sme/cases/K1/events")
CONTACT_CENTRE = ["a001", "lead1", "dir1", "centre", "analyst", "admin"]


@pytest.fixture
def risk_desk(db: None, personas: Any) -> dict[str, Any]:
    """K1 approved (2,500 at 8.24 % over 12 months, the numpy-financial example) under the
    4-2-2-2 preset with guarantor G1; K2 for firm F2 in BR1 still undecided, 2-8 preset."""
    from serviq.web.sme import models as m
    from serviq.web.sme.risk import attach_guarantee

    d = make_desk()
    k1 = d["case"]
    k1.amount_granted, k1.rate, k1.term_months, k1.score = 2500, 0.0824, 12, 600.0
    k1.product = "guaranteed_loan"
    k1.save()
    g = m.Guarantor.objects.create(code="G1", name="Guarantor One", net_assets=10_000_000)
    attach_guarantee(k1, g, "4-2-2-2", 1.0)
    f2 = m.Firm.objects.create(code="F2", name="Firm Two", size_class="small", industry="retail",
                               region="north", founded=dt.date(2019, 1, 1))  # fmt: skip
    k2 = m.Case.objects.create(code="K2", firm=f2, product="guaranteed_loan", branch=k1.branch,
                               relationship_manager=k1.relationship_manager,
                               amount_asked=200_000)  # fmt: skip
    attach_guarantee(k2, g, "2-8", 1.0)
    return {**d, "k2": k2, "guarantor": g}


@pytest.mark.parametrize("login", ["risk1", "head1"])
def test_the_risk_officer_and_the_desk_head_open_the_portfolio_and_limit_pages(
    risk_desk: dict[str, Any], as_user: Any, login: str
) -> None:
    c = as_user(login)
    for url in DESK_WIDE + CASE_PAGES:
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("login", ["rm1", "rm2", *CONTACT_CENTRE])
def test_rms_and_contact_centre_roles_do_not_open_the_desk_wide_risk_pages(
    risk_desk: dict[str, Any], as_user: Any, login: str
) -> None:
    c = as_user(login)
    for url in DESK_WIDE:
        assert c.get(url).status_code == 403, url
    r = c.post("/api/sme/cases/K2/decision", {"outcome": "approved"},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 403


def test_a_case_s_schedule_and_events_are_for_its_branch_only(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    assert all(as_user("rm1").get(u).status_code == 200 for u in CASE_PAGES)
    assert all(as_user("rm2").get(u).status_code == 404 for u in CASE_PAGES)
    assert all(as_user("a001").get(u).status_code == 403 for u in CASE_PAGES)
    r = as_user("rm2").post("/api/sme/cases/K1/events", {"kind": "monitoring_visit",
                            "on": "2026-04-01"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 404


def test_anonymous_is_refused_everywhere(risk_desk: dict[str, Any], client: Any) -> None:
    for url in DESK_WIDE + CASE_PAGES:
        r = client.get(url)
        assert r.status_code in (302, 401, 403), url
        if r.status_code == 302:
            assert "/login" in r["Location"]


def test_the_schedule_reproduces_numpy_financial_s_example(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    """numpy-financial's ``pmt`` documentation: 2,500 at 8.24 % a year over 12 months pays
    217.7486 a month; the first month splits into 200.58 principal and 17.17 interest."""
    s = as_user("rm1").get("/api/sme/cases/K1/schedule").json()
    assert s["when"] == "end"
    assert s["payment"] == pytest.approx(217.7486, abs=5e-5)
    assert s["rows"][0]["principal"] == pytest.approx(200.58, abs=5e-3)
    assert s["rows"][0]["interest"] == pytest.approx(17.17, abs=5e-3)
    page = as_user("rm1").get("/sme/K1/schedule/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"217.75" in page.content


def test_a_default_with_partial_recovery_is_allocated_layer_by_layer_and_audited(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    """4-2-2-2: owed 2,000 + 50 interest, recovered 600 at a cost of 20 → loss 1,470;
    bank 20 % = 294, guarantor 40 % = 588, provincial and national 20 % = 294 each."""
    from serviq.web.audit.models import AuditEvent
    from serviq.web.sme import models as m

    c = as_user("rm1")

    def post(body: dict[str, Any]) -> Any:
        return c.post("/api/sme/cases/K1/events", body, content_type="application/json")

    early = post({"kind": "recovery", "on": "2026-05-01", "amount": 100})
    assert early.status_code == 409
    assert "record the default first" in early.json()["error"]["message"]
    assert (
        post(
            {
                "kind": "monitoring_visit",
                "on": "2026-04-01",
                "note": "owner 13812345678: orders down",
            }
        ).status_code
        == 200
    )
    assert (
        post({"kind": "default", "on": "2026-05-01", "amount": 2000, "interest": 50}).status_code
        == 200
    )
    r = post({"kind": "recovery", "on": "2026-06-01", "amount": 600, "cost": 20})
    alloc = r.json()["allocation"]
    assert alloc["loss"] == pytest.approx(1470)
    assert alloc["allocation"] == pytest.approx(
        {"bank": 294, "guarantor": 588, "provincial": 294, "national": 294}
    )
    assert "13812345678" not in m.CaseEvent.objects.get(kind="monitoring_visit").note
    ev = AuditEvent.objects.filter(action="sme.guarantee.allocate").latest("pk")
    assert ev.actor_name == "rm1"
    assert ev.before["loss"] == pytest.approx(2050)
    page = as_user("head1").get("/sme/K1/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'id="loss"' in page.content
    assert b"1470.00" in page.content


def _decide(c: Any, code: str, amount: float, lang: str = "en") -> Any:
    return c.post(f"/api/sme/cases/{code}/decision", {"outcome": "approved", "amount": amount},
                  content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)  # fmt: skip


def test_approving_within_the_limits_books_the_loan_and_audits_it(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    from serviq.web.audit.models import AuditEvent

    r = _decide(as_user("risk1"), "K2", 200_000)
    assert r.status_code == 200, r.content
    k2 = risk_desk["k2"]
    k2.refresh_from_db()
    assert (k2.outcome, float(k2.amount_granted or 0)) == ("approved", 200_000)
    assert k2.steps.filter(step="decision").exists()
    assert AuditEvent.objects.filter(action="sme.case.decide", actor_name="risk1").exists()
    assert _decide(as_user("head1"), "K2", 1).status_code == 409  # decided once


def test_a_loan_above_the_single_borrower_limit_is_refused_in_the_user_s_language(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    """Net capital 640 million (sme/capital_figures.yaml in force): 10 % is 64 million."""
    r = _decide(as_user("head1"), "K2", 65_000_000, "zh-hans")
    assert r.status_code == 409
    err = r.json()["error"]
    assert "bank.single_borrower" in [x["code"] for x in err["details"]["reasons"]]
    assert "超过上限10 %" in err["message"]
    assert risk_desk["k2"].__class__.objects.get(code="K2").outcome == ""


def test_the_guarantor_s_single_party_limit_refuses_a_guaranteed_loan(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    """2-8: the guarantor takes 80 %; 1.5 million × 0.8 = 1.2 million is 12 % of its 10
    million net assets, above the 10 % single-party limit."""
    r = _decide(as_user("risk1"), "K2", 1_500_000)
    assert r.status_code == 409
    codes = [x["code"] for x in r.json()["error"]["details"]["reasons"]]
    assert codes == ["guarantor.single_party"]


def test_the_capital_figures_come_from_the_bank_s_yaml(
    risk_desk: dict[str, Any], as_user: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    (tmp_path / "sme").mkdir()
    (tmp_path / "sme" / "capital_figures.yaml").write_text(
        "version: 1\ncapital:\n  - {effective: 2020-01-01, net_capital: 1000000, "
        "tier1_capital: 1000000}\n"
    )
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    r = _decide(as_user("risk1"), "K2", 200_000)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "bank.single_borrower"
    usage = as_user("risk1").get("/api/sme/limits").json()
    assert usage["net_capital"] == 1_000_000
    assert usage["firms"][0]["band"] == "within"  # K1's 2,500 is 0.25 %


def test_the_portfolio_splits_expected_loss_by_layer(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    p = as_user("risk1").get("/api/sme/portfolio").json()
    (row,) = p["exposures"]
    assert row["case"] == "K1"
    assert row["ead"] == 2500
    expected = p["layers"]["expected"]
    # proportional sharing: each party's expected loss is its share of EAD × LGD × PD
    assert expected["guarantor"] == pytest.approx(0.4 * 2500 * 0.45 * row["pd"], rel=1e-9)
    assert sum(expected.values()) == pytest.approx(row["expected_loss"], rel=1e-9)
    assert p["layers"]["tail"]["bank"] > expected["bank"]


def test_the_demo_has_guaranteed_loans_a_default_with_recovery_and_a_lease(
    db: None, personas: Any
) -> None:
    from serviq.web.org.models import Centre
    from serviq.web.sme import models as m
    from serviq.web.sme.demo import load_demo_sme

    load_demo_sme(Centre.objects.get(code="C1"), dt.datetime(2026, 12, 5, 10, tzinfo=ZONE),
                  cases=30)  # fmt: skip
    contracts = m.GuaranteeContract.objects.all()
    assert contracts.count() >= 1
    (defaulted,) = [c for c in contracts if c.allocation]
    a = defaulted.allocation
    assert sum(a["allocation"].values()) == pytest.approx(a["loss"])
    kinds = list(defaulted.case.events.values_list("kind", flat=True))
    assert kinds == ["monitoring_visit", "early_warning", "default", "recovery"]
    lease = m.Case.objects.filter(product="leasing", outcome="approved").first()
    assert lease is not None
    assert lease.term_months == 36


def test_the_risk_pages_speak_the_user_s_language(risk_desk: dict[str, Any], as_user: Any) -> None:
    c = as_user("head1")
    page = c.get("/sme/portfolio/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "担保贷款组合" in page
    assert "融资担保机构" in page  # the guarantor's layer, from sme/guarantees.yaml
    case = c.get("/sme/K1/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "4-2-2-2 風險分擔" in case
    assert "再擔保費（省級再擔保機構）" in case
    limits = c.get("/sme/limits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Within the limits" in limits


def test_the_menu_links_the_risk_pages_for_the_desk_wide_roles_only(
    risk_desk: dict[str, Any], as_user: Any
) -> None:
    assert b'href="/sme/portfolio/"' in as_user("risk1").get("/sme/").content
    assert b'href="/sme/limits/"' in as_user("head1").get("/sme/").content
    assert b'href="/sme/portfolio/"' not in as_user("rm1").get("/sme/").content
