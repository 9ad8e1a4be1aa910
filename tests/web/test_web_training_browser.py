"""Real headless Chromium on a 390-px phone: a team lead schedules a session from a QA
training plan's task and assembles its test, an agent takes the test, the archive shows the
score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import chromium
from django.core.files.uploadedfile import SimpleUploadedFile

from serviq.resources import data_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Training-Passw0rd-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(ARTIFACTS) as b:
        yield b


def _login(browser: Any, url: str, who: str, path: str) -> Any:
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}{path}")
    page.wait_for_url("**/login/**")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{path.split('?')[0]}**")
    return page


def test_schedule_from_a_qa_task_take_the_test_on_a_phone_and_read_the_archive(
    browser: Any, live_server: Any, transactional_db: Any, personas: Any
) -> None:
    from django.contrib.auth.models import User

    from serviq.qa.decisions import reason
    from serviq.web.qa.models import TrainingTask
    from serviq.web.training import records

    centre = personas()
    for login in ("lead1", "a001"):
        user = User.objects.get(username=login)
        user.set_password(PASSWORD)
        user.save()
    why = reason("training.team_wide", count=2, of=2, team="T1", item="needs_summary")
    TrainingTask.objects.create(
        code="TR2026W48-001",
        week="2026-W48",
        item="needs_summary",
        scope="team",
        team=centre["teams"]["T1"],
        agents=["A001", "A002"],
        why={"code": why.code, "params": dict(why.params), **why.messages},
        due=dt.date(2026, 12, 10),
        roll_call=True,
    )
    bank = SimpleUploadedFile("wealth.yaml", data_path("training/demo_bank.yaml").read_bytes())
    records.import_bank(centre["people"]["lead1"], bank)

    lead = _login(browser, live_server.url, "lead1", "/qa/weekly/?week=2026-W48")
    lead.click("a.schedule-session")
    lead.wait_for_url("**/training/?task=TR2026W48-001")
    lead.fill("input[name=start]", "2026-12-07T15:00")
    lead.click("#schedule-form button[type=submit]")
    lead.wait_for_url("**/training/sessions/*/")
    assert lead.evaluate("document.documentElement.scrollWidth") <= 390
    lead.fill("#test-form input[name=minutes]", "10")
    lead.click("#test-form button[type=submit]")
    lead.wait_for_url("**/training/tests/*/")
    lead.context.close()
    assert TrainingTask.objects.get(code="TR2026W48-001").status == "scheduled"

    agent = _login(browser, live_server.url, "a001", "/training/my/")
    agent.click("#my-tests a")
    agent.wait_for_url("**/take/")
    assert agent.locator("#clock").is_visible()
    agent.check("input[name=q_Q1][value=A]")
    agent.check("input[name=q_Q2][value=false]")
    agent.check("input[name=q_Q3][value=A]")
    agent.check("input[name=q_Q3][value=B]")
    agent.check("input[name=q_Q4][value=B]")
    assert agent.evaluate("document.documentElement.scrollWidth") <= 390
    agent.click("#take-form button[type=submit]")
    agent.wait_for_selector("#result")
    agent.click("#result a")
    agent.wait_for_url("**/training/archive/")
    score = agent.locator("#archive tr.test .score").first.inner_text()
    assert "66.7%" in score  # 4 of 6 points; the short answer was left empty
    agent.screenshot(path=str(ARTIFACTS / "training-archive-phone-zh-hans.png"), full_page=True)
    agent.context.close()
