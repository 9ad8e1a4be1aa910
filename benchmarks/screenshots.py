"""Retake the screenshots in docs/img/ from a running demo (not a benchmark: ``make bench``
does not run it). Start the demo, then, in a second terminal::

    make demo
    .venv/bin/python -m benchmarks.screenshots --url http://127.0.0.1:8000

Headless Chromium (``/usr/bin/chromium`` or ``SERVIQ_CHROMIUM``) logs in as the demo's
centre director and takes the dashboard on a desktop in 简体中文 and English, and on a
390 px phone; the team lead's roster and the QA inspector's assignments on a desktop.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
CHROMIUM = os.environ.get("SERVIQ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# (file, login, language, viewport, path, full page)
SHOTS: list[tuple[str, str, str, dict[str, int], str, bool]] = [
    ("dashboard-zh-hans.png", "centre_director", "zh-hans", DESKTOP, "/dashboard/", False),
    ("dashboard-en.png", "centre_director", "en", DESKTOP, "/dashboard/", False),
    ("dashboard-phone-zh-hans.png", "centre_director", "zh-hans", PHONE, "/dashboard/", False),
    ("roster-zh-hans.png", "team_lead", "zh-hans", DESKTOP, "/workforce/roster/", False),
    ("qa-assignments-zh-hans.png", "qa_inspector", "zh-hans", DESKTOP, "/qa/assignments/", False),
]


def login(browser: Any, url: str, user: str, language: str, viewport: dict[str, int]) -> Any:
    from serviq.web.demo import DEMO_PASSWORD

    context = browser.new_context(
        viewport=viewport, device_scale_factor=1, is_mobile=viewport is PHONE
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{url}/login/")
    # the language first, on the login page (the choice is kept in a cookie)
    page.select_option("header select[name=language]", language)
    with page.expect_navigation():
        page.locator("header form.lang button[type=submit]").click()
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{url}/**")
    return context, page


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running demo")
    parser.add_argument("--out", type=Path, default=IMG, help="where the images go")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM} (set SERVIQ_CHROMIUM)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, user, language, viewport, path, full in SHOTS:
            context, page = login(browser, args.url, user, language, viewport)
            page.goto(args.url + path)
            if page.locator("#chart-indicators").count():
                page.wait_for_selector("#chart-indicators[data-ready='1']")
            page.screenshot(path=str(args.out / name), full_page=full)
            print(args.out / name)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
