"""Real headless Chromium (Debian's ``/usr/bin/chromium`` through Playwright, nothing
downloaded): a QA inspector scores an assigned call on the form and the agent sees it.
Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qa_web_centre import COMMENTS, RATINGS, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("SERVIQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "Inspector-Passw0rd-2026"


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


def _login(browser: Any, url: str, username: str, path: str) -> Any:
    from django.contrib.auth.models import User

    user = User.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}{path}")
    page.wait_for_url("**/login/**")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{path}")
    return context, page


def test_an_inspector_scores_an_assigned_call_and_the_agent_sees_it(
    browser, live_server, transactional_db, personas
) -> None:
    from serviq.web.qa.models import Review

    build(personas)
    context, page = _login(browser, live_server.url, "qa1", "/qa/assignments/")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.click("a:text('QA-A1')")
    page.wait_for_url("**/qa/reviews/QA-A1/")
    for code, value in RATINGS.items():
        page.check(f"input[name={code}][value='{value}']")
    page.fill("input[name=comment_adaptability]", COMMENTS["adaptability"])
    page.screenshot(path=str(ARTIFACTS / "qa-inspector-form.png"), full_page=True)
    page.click("#submit-score")
    page.wait_for_selector("#review-score")
    assert page.locator("#review-status").get_attribute("class") == "status-scored"
    assert page.locator("#review-score").inner_text() == "72.0"
    assert Review.objects.get(code="QA-A1").score == pytest.approx(72.0)
    assert not errors, errors
    context.close()

    context, page = _login(browser, live_server.url, "a001", "/qa/my/")
    page.screenshot(path=str(ARTIFACTS / "qa-agent-reviews.png"), full_page=True)
    assert page.locator("a:text('QA-A1')").count() == 1
    assert page.locator("a:text('QA-S2')").count() == 0  # a002's
    page.click("a:text('QA-A1')")
    page.wait_for_url("**/qa/reviews/QA-A1/")
    assert page.locator("#review-score").inner_text() == "72.0"
    assert page.locator("#submit-dispute").count() == 1  # the agent may dispute it once
    page.screenshot(path=str(ARTIFACTS / "qa-agent-sees-review.png"), full_page=True)
    context.close()
