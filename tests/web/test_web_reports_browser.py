"""Headless Chromium: a team lead writes commentary in the monthly report and submits it;
the department director approves it and downloads the PDF, which is the frozen document.
Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import datetime as dt
import hashlib
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
PASSWORD = "Reports-Passw0rd-2026"


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


def test_lead_writes_and_submits_director_approves_and_downloads_the_pdf(
    browser: Any, live_server: Any, transactional_db: None, personas: Any
) -> None:
    from django.contrib.auth.models import User

    from serviq.web.reports.actions import generate_drafts
    from serviq.web.reports.models import Report

    personas()
    generate_drafts(dt.date(2026, 11, 5))
    report = Report.objects.get(scope="team:T1")
    for login in ("lead1", "dir1"):
        u = User.objects.get(username=login)
        u.set_password(PASSWORD)
        u.save()
    errors: list[str] = []

    def session(login: str) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                      accept_downloads=True)  # fmt: skip
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/**")
        return context, page

    url = f"{live_server.url}/reports/{report.pk}/"
    ctx, page = session("lead1")
    page.goto(f"{live_server.url}/reports/")
    page.click(f"a[href='/reports/{report.pk}/']")
    page.fill("#section-commentary", "本月投诉率上升，主要因为10月12日系统故障。")
    page.fill("#section-next_month", "针对转接和重复来电开展专题培训。")
    page.screenshot(path=str(ARTIFACTS / "reports-lead-commentary.png"), full_page=True)
    page.click("#submit-report")
    page.wait_for_url(url)
    assert page.locator("#report-status").get_attribute("data-status") == "submitted"
    assert page.locator("#submit-report").count() == 0
    ctx.close()

    ctx, page = session("dir1")
    page.goto(url)
    assert "本月投诉率上升" in page.content()
    page.click("#approve-report")
    page.wait_for_url(url)
    assert page.locator("#report-status").get_attribute("data-status") == "approved"
    page.screenshot(path=str(ARTIFACTS / "reports-director-approved.png"), full_page=True)
    with page.expect_download() as info:
        page.click("#download-pdf")
    path = info.value.path()
    data = Path(path).read_bytes()
    ctx.close()

    report.refresh_from_db()
    assert data[:5] == b"%PDF-"
    assert hashlib.sha256(data).hexdigest() == report.sha256["pdf"]
    assert report.narratives["commentary"].startswith("本月投诉率上升")
    assert errors == []
