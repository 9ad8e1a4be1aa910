"""Headless Chromium (like ``test_web_workforce_browser.py``) on the operations room's
registers and on late leave: a team lead records a roll call and signs an agent off once the
relief has arrived; records a visit and the visitor leaving; records the minutes an agent
then finds; an agent asks for leave late and the department director approves it, or
refuses it and the absence shows with its reason. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("SERVIQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "Workforce-Passw0rd-2026"
ZONE = ZoneInfo("Asia/Shanghai")


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


@pytest.fixture
def open_as(browser: Any, live_server: Any, transactional_db: None, personas: Any) -> Iterator[Any]:
    from django.contrib.auth.models import User

    centre = personas()
    for login in ("a001", "a002", "lead1", "dir1"):
        u = User.objects.get(username=login)
        u.set_password(PASSWORD)
        u.save()
    errors: list[str] = []
    contexts: list[Any] = []

    def session(login: str) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        # a rule's refusal is a 409 page on purpose; anything else in the console is an error
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "409 (Conflict)" not in m.text
                else None
            ),
        )
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/**")
        return page

    session.url = live_server.url  # type: ignore[attr-defined]
    session.centre = centre  # type: ignore[attr-defined]
    yield session
    for c in contexts:
        c.close()
    assert not errors, errors


def _shift(person: Any, start: dt.datetime, end: dt.datetime, kind: str = "day") -> Any:
    from serviq.web.workforce.models import Shift

    return Shift.objects.create(
        code=f"{person.team.code}-{person.code}-{start:%Y-%m-%dT%H%M}", team=person.team,
        person=person, date=start.astimezone(ZONE).date(), kind=kind, start=start, end=end,
        night=kind == "night",
    )  # fmt: skip


def _local(t: dt.datetime) -> str:
    return t.astimezone(ZONE).strftime("%Y-%m-%dT%H:%M")


def test_roll_call_and_sign_off_on_the_handover_page(open_as: Any) -> None:
    from serviq.web.workforce.models import RollCall, SignOff

    people = open_as.centre["people"]
    day = dt.datetime.combine(dt.date.today() - dt.timedelta(days=3), dt.time(8), tzinfo=ZONE)
    shift_day = _shift(people["a001"], day, day + dt.timedelta(hours=9))
    night = _shift(
        people["a002"], day + dt.timedelta(hours=9), day + dt.timedelta(hours=24), "night"
    )
    page = open_as("lead1")
    page.goto(f"{open_as.url}/workforce/handover/?team=T1")
    page.fill("#sign-off-form input[name=shift]", shift_day.code)
    page.fill("#sign-off-form input[name=relief]", "A002")
    page.fill("#sign-off-form input[name=at]", _local(shift_day.end))
    page.click("#sign-off-form button[type=submit]")
    assert "R-OPS-5" in page.content()  # refused: the relief has not arrived
    assert not SignOff.objects.exists()
    page.goto(f"{open_as.url}/workforce/handover/?team=T1")
    page.fill("#roll-call-form input[name=shift]", night.code)
    page.fill("#roll-call-form input[name=at]", _local(night.start - dt.timedelta(minutes=15)))
    page.click("#roll-call-form button[type=submit]")
    page.wait_for_selector("#roll-calls tr[data-on-time='1']")
    page.fill("#sign-off-form input[name=shift]", shift_day.code)
    page.fill("#sign-off-form input[name=relief]", "A002")
    page.fill("#sign-off-form input[name=at]", _local(shift_day.end))
    page.click("#sign-off-form button[type=submit]")
    page.wait_for_selector("#sign-offs tr")
    page.screenshot(path=str(ARTIFACTS / "workforce-handover-sign-off.png"), full_page=True)
    assert RollCall.objects.get().on_time
    assert SignOff.objects.get().relief.code == "A002"


def test_a_visit_and_the_minutes_from_the_pages(open_as: Any) -> None:
    from serviq.web.workforce.models import MeetingMinutes, Visit

    now = dt.datetime.now(ZONE).replace(second=0, microsecond=0)
    page = open_as("lead1")
    page.goto(f"{open_as.url}/workforce/visitors/")
    page.fill("#visit-form input[name=visitor]", "Wang Wu")
    page.fill("#visit-form input[name=purpose]", "replace a line card")
    page.fill("#visit-form input[name=approved_at]", _local(now - dt.timedelta(hours=2)))
    page.fill("#visit-form input[name=entered_at]", _local(now - dt.timedelta(hours=1)))
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector("text=Wang Wu")
    with page.expect_navigation():
        page.click("form:has(input[name=action][value=left]) button")  # the visitor left
    assert Visit.objects.get().left_at is not None
    page.screenshot(path=str(ARTIFACTS / "workforce-visitors.png"), full_page=True)

    page.goto(f"{open_as.url}/workforce/meetings/")
    page.select_option("#minutes-form select[name=kind]", "weekly")
    page.fill("#minutes-form input[name=date]", "2026-11-20")
    page.fill("#minutes-form input[name=question]", "客戶要求提前還款能否免違約金？")
    page.fill("#minutes-form textarea[name=answer]", "按合同執行，不得口頭承諾減免")
    with page.expect_navigation():
        page.click("#minutes-form button[type=submit]")
    assert MeetingMinutes.objects.count() == 1
    agent = open_as("a001")
    agent.goto(f"{open_as.url}/workforce/meetings/?year=2026")
    agent.fill("#minutes-search input[name=q]", "违约金")
    agent.click("#minutes-search button[type=submit]")
    agent.wait_for_selector("[data-field='agreed_answer']")
    agent.screenshot(path=str(ARTIFACTS / "workforce-minutes-search.png"), full_page=True)


@pytest.mark.parametrize("verdict", ["approve", "refuse"])
def test_late_leave_waits_for_the_department_director(open_as: Any, verdict: str) -> None:
    from serviq.web.workforce.models import LeaveRequest, Violation
    from serviq.workforce.calendars import holiday_calendar

    people = open_as.centre["people"]
    start = (dt.datetime.now(ZONE) + dt.timedelta(hours=3)).replace(
        minute=0, second=0, microsecond=0
    )
    if holiday_calendar("CN").holiday(start.date()) is not None:
        pytest.skip("no personal leave on a public holiday, late or not")  # pragma: no cover
    shift = _shift(people["a001"], start, start + dt.timedelta(hours=8))
    page = open_as("a001")
    page.goto(f"{open_as.url}/workforce/")
    page.select_option("#leave-form select[name=kind]", "personal")
    page.fill("#leave-form input[name=start]", _local(shift.start))
    page.fill("#leave-form input[name=end]", _local(shift.end))
    page.click("#leave-form button[type=submit]")
    page.wait_for_url("**/workforce/leave/*/")
    assert page.locator("[data-late='1']").count() == 1
    assert "otherwise it counts as absence" in page.content()
    pk = LeaveRequest.objects.get().pk
    director = open_as("dir1")
    director.goto(f"{open_as.url}/workforce/leave/{pk}/")
    director.click(f"button[name=verdict][value={verdict}]")
    director.wait_for_url(f"**/workforce/leave/{pk}/")
    director.screenshot(path=str(ARTIFACTS / f"workforce-late-leave-{verdict}.png"), full_page=True)
    status = director.locator("h1 .status").get_attribute("data-status")
    if verdict == "approve":
        assert status == "approved"
        assert not Violation.objects.exists()
    else:
        assert status == "refused"
        assert director.locator(f"#absences li[data-shift='{shift.code}']").count() == 1
        assert "the late personal leave was refused" in director.locator("#absences").inner_text()
