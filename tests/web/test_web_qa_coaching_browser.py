"""Real headless Chromium: a team lead opens an agent's coaching page on a 390-px phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Lead-Passw0rd-2026"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(ARTIFACTS) as b:
        yield b


def test_a_team_lead_reads_the_coaching_page_on_a_phone(
    browser, live_server, transactional_db, personas
) -> None:
    from django.contrib.auth.models import User

    personas()
    user = User.objects.get(username="lead1")
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    path = "/qa/coaching/A001/?month=2026-10"
    page.goto(f"{live_server.url}{path}")
    page.wait_for_url("**/login/**")
    page.fill("input[name=username]", "lead1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/qa/coaching/A001/**")
    assert "a001" in page.locator("h1").inner_text()
    for section in ("kpis", "qa", "survey", "training"):
        assert page.locator(f"#coaching-{section}").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "coaching-phone-zh-hans.png"), full_page=True)
    context.close()
