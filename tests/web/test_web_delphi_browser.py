"""Real headless Chromium: an expert answers a Delphi round on a 390 × 844 phone (saves,
comes back, submits), and the analyst's round page then shows the response rate and the
statistics updated. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from chromium import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Analyst-Passw0rd-2026-delphi"
DIMENSIONS = ("CX", "NQ", "BQ", "OUT")


def _round() -> tuple[Any, str]:
    """A consultation of three experts whose round 1 asks the four dimensions; the second
    expert's answers are already in. The first expert's token."""
    from serviq.web.delphi import panel, results
    from serviq.web.delphi.models import Round
    from serviq.web.org.models import Person

    analyst = Person.objects.get(user__username="analyst")
    c = panel.create(None, analyst, {"title": "Phone round"})
    for name in ("Expert One", "Expert Two", "Expert Three"):
        panel.add_expert(None, analyst, c, {"name": name, "language": "en"})
    closes = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    rnd, links = panel.open_round(None, analyst, c, {"closes_on": closes})
    Round.objects.filter(pk=rnd.pk).update(items=list(DIMENSIONS))
    rnd.refresh_from_db()
    results.store(rnd, [
        {"expert": "E02", "indicator": code, "importance": str(score), "basis": "0.8",
         "familiarity": "0.6", "verdict": "keep", "comment": None}
        for code, score in zip(DIMENSIONS, (5, 4, 3, 4), strict=True)
    ])  # fmt: skip
    return c, links[0].token


def test_an_expert_answers_on_a_phone_and_the_analyst_sees_the_statistics(
    live_server, transactional_db, personas
) -> None:
    from django.contrib.auth.models import User

    personas()
    c, token = _round()
    user = User.objects.get(username="analyst")
    user.set_password(PASSWORD)
    user.save()
    with chromium(ARTIFACTS) as browser:
        desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = desk.new_page()
        page.set_default_timeout(10_000)
        round_url = f"{live_server.url}/delphi/{c.pk}/rounds/1/"
        page.goto(round_url)
        page.fill("input[name=username]", "analyst")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(round_url)
        assert page.locator(".response-rate").get_attribute("data-answered") == "1"
        assert "cannot be computed yet" in page.locator(".kendall").inner_text()

        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        form = phone.new_page()
        form.set_default_timeout(10_000)
        form.goto(f"{live_server.url}/e/{token}/?lang=en")
        assert form.evaluate("document.documentElement.scrollWidth") <= 390
        for code, score in zip(DIMENSIONS, ("5", "5", "4", "3"), strict=True):
            form.locator(f"#q-{code} label.pt", has_text=score).click()
        form.get_by_role("button", name="Save and come back later").click()
        form.wait_for_selector("p.saved")
        form.goto(f"{live_server.url}/e/{token}/")  # back later, in the expert's language
        assert form.locator("input[name=imp-CX][value='5']").is_checked()
        for code in DIMENSIONS:
            form.locator(f"#q-{code} select").select_option("keep")
            form.locator(f"select[name=basis-{code}]").select_option("1.0")
            form.locator(f"select[name=familiarity-{code}]").select_option("0.8")
        assert form.evaluate("document.documentElement.scrollWidth") <= 390
        form.screenshot(path=str(ARTIFACTS / "delphi-expert-phone.png"), full_page=True)
        form.get_by_role("button", name="Submit").click()
        form.wait_for_selector("p.notice.submitted")

        page.reload()
        assert page.locator(".response-rate").get_attribute("data-answered") == "2"
        assert "67% (2 / 3)" in page.locator(".response-rate").inner_text()
        assert "Kendall's W = " in page.locator(".kendall").inner_text()
        assert page.locator("tr[data-code=CX] td").nth(1).inner_text() == "2"
        page.screenshot(path=str(ARTIFACTS / "delphi-round-results.png"), full_page=True)
        desk.close()
        phone.close()
