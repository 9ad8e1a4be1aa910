"""Real headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright; no browser is
downloaded): a customer answers a survey on a phone in 繁體中文, and a director drills down
from a red indicator on the dashboard to the records behind it. Screenshots go to
``test-artifacts/``."""

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
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "Director-Passw0rd-2026"


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


@pytest.fixture
def centre(transactional_db, personas) -> dict[str, Any]:
    return personas()


def test_a_customer_answers_on_a_phone_in_traditional_chinese(browser, live_server, centre) -> None:
    from serviq.web.surveys import actions
    from serviq.web.surveys.models import SurveyResponse

    token = actions.do_create_links(
        centre["questionnaire"],
        [{"team": centre["teams"]["T1"], "agent": centre["people"]["a001"], "language": "zh-hant"}],
    )[0].token
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.locator("legend").first.inner_text() == "我們按承諾為您辦理了業務。"
    # each scale fits the phone's width: no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "survey-phone-zh-hant.png"), full_page=True)
    for code, value in (("REL1", "4"), ("RES1", "5"), ("CSAT", "4"), ("NPS", "9")):
        page.locator(f"#q-{code} label.pt", has_text=value).first.tap()
    page.get_by_role("button", name="送出").tap()
    page.wait_for_url("**/s-thanks/**")
    assert "謝謝" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "survey-phone-thanks.png"), full_page=True)
    stored = SurveyResponse.objects.get(link__digest=actions.digest(token))
    assert stored.answers == {"REL1": 4, "RES1": 5, "CSAT": 4, "NPS": 9}
    assert stored.language == "zh-hant"
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_a_director_drills_from_a_red_indicator_to_its_records(
    browser, live_server, centre
) -> None:
    from django.contrib.auth.models import User

    from serviq.web.dashboard.models import Interaction

    director = User.objects.get(username="centre")
    director.set_password(PASSWORD)
    director.save()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url("**/login/**")
    page.fill("input[name=username]", "centre")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/dashboard/")
    page.wait_for_selector("#chart-indicators[data-ready='1'] canvas")
    page.screenshot(path=str(ARTIFACTS / "dashboard-director.png"), full_page=True)
    # the axis and series names come from the page, in its language
    names = page.evaluate(
        """() => {
          const opt = echarts.getInstanceByDom(document.getElementById('chart-indicators')).getOption();
          return [opt.xAxis[0].name, opt.series[0].name, opt.series[1].name];
        }"""
    )
    assert names == ["score (100 = target met)", "score", "target"]
    # click the red FCR bar in the ECharts chart
    point = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById('chart-indicators'));
          const opt = chart.getOption();
          const i = opt.yAxis[0].data.indexOf('First-contact resolution');
          const value = opt.series[0].data[i].value;
          const box = document.getElementById('chart-indicators').getBoundingClientRect();
          const [x, y] = chart.convertToPixel({seriesIndex: 0}, [value / 2, i]);
          return {x: box.left + x, y: box.top + y};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/records/interactions/**")
    assert "indicator=FCR" in page.url
    assert "queue=complaints" in page.url
    expected = Interaction.objects.filter(period="2026-10", queue="complaints").count()
    assert page.locator("#record-count").inner_text() == str(expected)
    page.screenshot(path=str(ARTIFACTS / "drilldown-records.png"), full_page=True)
    # htmx (vendored, under the CSP) refilters the table in place
    page.select_option("select[name=queue]", "wealth")
    wealth = Interaction.objects.filter(period="2026-10", queue="wealth").count()
    page.wait_for_function(f"document.getElementById('record-count').innerText === '{wealth}'")
    page.wait_for_url("**queue=wealth**")  # hx-push-url updates the address after the swap
    assert not errors, errors
    context.close()
