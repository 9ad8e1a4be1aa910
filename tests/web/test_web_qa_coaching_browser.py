"""Real headless Chromium: a team lead opens an agent's coaching page on a 390-px phone."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("SERVIQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "Lead-Passw0rd-2026"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


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
