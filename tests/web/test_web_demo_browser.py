"""Headless Chromium on the demo right after it loads (the clock on Saturday 5 December 2026,
10:30 in Shanghai, and running): the team lead already has swaps and leave waiting; the
demo's agent asks to swap a shift of this month, and the request reaches the team lead's
queue — their turn once the partner accepts. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from demo_reset import clear_centre

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("SERVIQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
NOW = dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


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


def a_swap_of_this_month(agent: str) -> tuple[str, str]:
    """A shift of ``agent`` this month and a colleague's that the centre's rules let them
    swap (the core's check, as the request will make it)."""
    from serviq.web.workforce.demo import allowed_pair
    from serviq.web.workforce.schedules import rules_in_force, schedule_around

    rules, calendar = rules_in_force()
    schedule = schedule_around([NOW.date(), dt.date(2026, 12, 31)])
    window = [
        s
        for s in schedule.shifts.values()
        if s.start > NOW + dt.timedelta(hours=2) and s.date <= dt.date(2026, 12, 31)
    ]
    pair = allowed_pair(agent, window, schedule, rules, calendar, NOW, tries=2000)
    assert pair is not None, "the demo's agent has no shift this month that the rules let go"
    return pair


def test_right_after_the_demo_loads_an_agent_asks_for_a_swap_that_reaches_the_lead(
    browser: Any, live_server: Any, transactional_db: None, settings: Any
) -> None:
    from serviq.web.demo import DEMO_PASSWORD, prepare
    from serviq.web.org.models import Person
    from serviq.web.workforce import actions
    from serviq.web.workforce.models import LeaveRequest, SwapRequest

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clear_centre()
    errors: list[str] = []

    def session(login: str) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/**")
        return context, page

    with time_machine.travel(NOW, tick=True):
        prepare(months=1, scale=0.5, seed=11)
        waiting = set(SwapRequest.objects.filter(status="in_review").values_list("pk", flat=True))
        assert waiting, "the demo opens swaps for the team lead"
        assert LeaveRequest.objects.filter(status="submitted").exists()

        # the lead's queue on the morning the demo starts
        ctx, page = session("team_lead")
        page.goto(f"{live_server.url}/workforce/approvals/")
        assert page.locator("#swap-approvals tr.mine").count() == len(waiting)
        assert page.locator("#leave-approvals tr.mine").count() >= 1
        ctx.close()

        # the agent gives a shift of this month and takes a colleague's
        agent = Person.objects.get(user__username="agent").code
        give, take = a_swap_of_this_month(agent)
        ctx, page = session("agent")
        page.goto(f"{live_server.url}/workforce/")
        page.select_option("select[name=give]", give)
        page.select_option("select[name=take]", take)
        page.screenshot(path=str(ARTIFACTS / "demo-agent-asks-for-a-swap.png"), full_page=True)
        page.click("#swap-form button[type=submit]")
        page.wait_for_url("**/workforce/swaps/*/")
        sw = SwapRequest.objects.exclude(pk__in=waiting).exclude(status="approved").get()
        assert sw.requester.code == agent
        assert sw.give_shift.code == give
        assert sw.give_shift.date.month == 12
        assert page.locator("#pending").inner_text() == f"agent {sw.partner.code}"
        ctx.close()

        # it is in the lead's queue, waiting for the partner; once the partner accepts
        # (the action the partner's page calls), it is the lead's turn
        ctx, page = session("team_lead")
        page.goto(f"{live_server.url}/workforce/approvals/")
        row = page.locator(f"#swap-approvals a[href='/workforce/swaps/{sw.pk}/']")
        assert row.count() == 1
        actions.act_on_swap(sw, sw.partner, "approve")
        page.goto(f"{live_server.url}/workforce/approvals/")
        assert page.locator("#swap-approvals tr.mine").count() == len(waiting) + 1
        page.screenshot(path=str(ARTIFACTS / "demo-lead-queue.png"), full_page=True)
        page.goto(f"{live_server.url}/workforce/swaps/{sw.pk}/")
        assert page.locator("#approve").count() == 1
        ctx.close()
    assert not errors, errors
