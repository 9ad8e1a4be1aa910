"""Headless Chromium (like ``test_web_browser.py``): an agent requests a swap, the partner
accepts, one team lead approves, the second lead sees the rule check and approves, and the
roster shows the change. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from workforce_data import make_shifts, plain_base

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("SERVIQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "Workforce-Passw0rd-2026"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_a_swap_from_request_to_roster(
    browser: Any, live_server: Any, transactional_db: None, personas: Any
) -> None:
    from django.contrib.auth.models import User

    from serviq.web.workforce.models import SwapRequest

    centre = personas()
    base = plain_base()
    shifts = make_shifts(centre, base)
    for login in ("a001", "b001", "lead1", "lead2"):
        u = User.objects.get(username=login)
        u.set_password(PASSWORD)
        u.save()
    errors: list[str] = []

    def session(login: str) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/**")
        return context, page

    # the agent asks to give their shift and take B001's
    ctx, page = session("a001")
    page.goto(f"{live_server.url}/workforce/")
    page.select_option("select[name=give]", shifts[("a001", 0)].code)
    page.select_option("select[name=take]", shifts[("b001", 3)].code)
    page.screenshot(path=str(ARTIFACTS / "workforce-agent-request.png"), full_page=True)
    page.click("#swap-form button[type=submit]")
    page.wait_for_url("**/workforce/swaps/*/")
    pk = SwapRequest.objects.get().pk
    assert page.locator("#pending").inner_text() == "agent B001"
    ctx.close()

    swap_url = f"{live_server.url}/workforce/swaps/{pk}/"
    for login, waiting in (("b001", "team lead T1, team lead T2"), ("lead1", "team lead T2")):
        ctx, page = session(login)
        page.goto(swap_url)
        page.click("#approve")
        page.wait_for_url(swap_url)
        assert page.locator("#pending").inner_text() == waiting
        ctx.close()

    # the second lead sees the rule check as it stands now, then approves
    ctx, page = session("lead2")
    page.goto(swap_url)
    check = page.locator("#rule-check")
    assert check.locator("[data-ok='1']").count() == 1
    assert "Allowed by the centre's rules" in check.inner_text()
    page.screenshot(path=str(ARTIFACTS / "workforce-second-lead-check.png"), full_page=True)
    page.click("#approve")
    page.wait_for_url(swap_url)
    assert page.locator("#swap-status").get_attribute("data-status") == "approved"
    ctx.close()

    ctx, page = session("lead1")
    page.goto(f"{live_server.url}/workforce/roster/?team=T1&month={base:%Y-%m}")
    cell = page.locator(f"tr[data-person='B001'] [data-shift='{shifts[('a001', 0)].code}']")
    assert cell.inner_text().endswith("*")
    assert (
        page.locator(f"tr[data-person='A001'] [data-shift='{shifts[('a001', 0)].code}']").count()
        == 0
    )
    page.screenshot(path=str(ARTIFACTS / "workforce-roster-after-swap.png"), full_page=True)
    ctx.close()
    assert not errors, errors
