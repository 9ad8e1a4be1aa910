"""Every page for every role, on a phone, in headless Chromium (Debian's ``/usr/bin/chromium``
through Playwright): the demo centre is loaded once (a month, a twentieth of its size), each
role logs in once at 390 × 844, in one of the three languages in turn, and walks every page
its own links reach, once per page. On each visit: the page answers without an error, names
its language in ``<html lang>``, nothing scrolls sideways
(``document.documentElement.scrollWidth ≤ 390``), and axe-core (vendored for the tests in
``tests/web/vendor``, MPL-2.0, added to each page through the DevTools protocol so the
page's CSP stays as it is) reports no serious or critical violation — axe runs on a visit
that shows a kind of element (``MARKUP``) not yet checked on that page by another role's
or language's visit. The first role to open
a page leaves a screenshot of it in ``test-artifacts/pages/``, with ``report.txt`` (the
problems and the time of each visit). The login page, an error page and a customer's survey
page are visited anonymously."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from chromium import chromium
from demo_reset import clear_centre

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
PHONE = {"width": 390, "height": 844}
# links that are not pages: downloads, the API, Django's admin site, forms' targets
NOT_PAGES = re.compile(
    r"^/(api|admin|static|i18n|logout|s|e)/|/export\.|/report\.\w+$|/material$"
    r"|\.(csv|xlsx|pdf|json|yaml)$"
)
LANGUAGES = ("zh-hans", "en", "zh-hant")
MAX_PAGES = 40  # per role: a guard against a crawl that never ends
# WCAG 2.0/2.1 A and AA rules; a table's rows after the 10th repeat the same markup with
# other data, so axe looks at the first 10 (its cost grows with every cell it checks)
AXE_RUN = """async () => {
  const context = {exclude: [['tbody > tr:nth-child(n+11)']]};
  const r = await axe.run(context, {
    resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  });
  return r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
# What axe judges, as a set of kinds of element: each element's tag, attributes (but
# addresses and form values, which carry other rows' data; digits count as one), whether it
# holds text and the tags and classes of its ancestors, in the part of the page axe looks
# at, with the page's language. axe runs on a visit whose page shows a kind of element it
# has not checked on that page yet (another role's or language's visit); when every kind
# was checked, its verdict would be the same.
MARKUP = """() => {
  const skip = /^(href|action|value|src)$/;
  const kinds = new Set(['lang=' + document.documentElement.lang]);
  const name = el => el.tagName + (el.classList.length ? '.' + [...el.classList].sort().join('.') : '');
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('tbody > tr:nth-child(n+11)')) continue;
    const attrs = [...el.attributes].filter(a => !skip.test(a.name))
      .map(a => a.name + '=' + a.value.replace(/[0-9]+/g, '0')).sort().join(' ');
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const path = [];
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) path.push(name(p));
    kinds.add(path.reverse().join('>') + '>' + el.tagName + '[' + attrs + ']' + (text ? 't' : ''));
  }
  return [...kinds];
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(ARTIFACTS) as b:
        yield b


def page_key(path: str) -> str:
    """One visit per page: path segments that carry an id or a code become ``*``."""
    return "/".join("*" if re.search(r"\d", s) else s for s in path.split("/"))


def slug(role: str, path: str) -> str:
    return role + "-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home")


class Walk:
    """Visits pages and keeps what was wrong with each."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.problems: list[str] = []
        self.timings: list[tuple[float, str]] = []
        self.shot: set[str] = set()
        self.axed: dict[str, set[str]] = {}  # page → the kinds of element axe checked on it
        self.axe_runs = 0

    def check(
        self,
        page: Any,
        who: str,
        path: str,
        *,
        expect: int = 200,
        seen: set[str] | None = None,
        lang: str = "",
    ) -> list[str]:
        """Open ``path``; check status, width and axe; take a screenshot; return its links.
        A page that redirects to one in ``seen`` is not checked twice."""
        began = time.perf_counter()
        response = page.goto(self.base + path)
        if seen is not None:
            landed = page_key(urlsplit(page.url).path)
            if landed != page_key(urlsplit(path).path):
                if landed in seen:
                    return []
                seen.add(landed)
        where = f"{who} {path}"
        status = response.status if response is not None else 0
        if status != expect:
            self.problems.append(f"{where}: HTTP {status}, expected {expect}")
        if page.locator("#chart-indicators").count():
            page.wait_for_selector("#chart-indicators[data-ready='1']")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{where}: {width} px wide")
        said = page.evaluate("document.documentElement.lang")
        if not said or (lang and said != lang):
            self.problems.append(f"{where}: lang attribute {said!r}, expected {lang or 'one'}")
        loaded = time.perf_counter()
        key = page_key(urlsplit(page.url).path)
        kinds = set(page.evaluate(MARKUP))
        checked = self.axed.setdefault(key, set())
        if kinds <= checked:  # every kind of element here was checked on this page already
            note = "axe: nothing new"
        else:
            checked |= kinds
            self.axe_runs += 1
            self.problems += [f"{where}: axe {v}" for v in page.evaluate(AXE_RUN)]
            note = f"axe {time.perf_counter() - loaded:.2f} s"
        if key not in self.shot:  # one screenshot per page, of the first role that opens it
            self.shot.add(key)
            page.screenshot(path=str(ARTIFACTS / f"{slug(who, urlsplit(path).path)}.png"))
        self.timings.append(
            (
                time.perf_counter() - began,
                f"{where}: load {loaded - began:.2f} s, {note}",
            )
        )
        hrefs: list[str] = page.eval_on_selector_all(
            "a[href]", "as => as.map(a => a.getAttribute('href'))"
        )
        return [h for h in hrefs if h.startswith("/") and not h.startswith("//")]

    def crawl(self, page: Any, role: str, lang: str) -> None:
        seen: set[str] = set()
        todo = ["/"]
        while todo and len(seen) < MAX_PAGES:
            path = todo.pop(0)
            key = page_key(urlsplit(path).path)
            if key in seen or NOT_PAGES.search(urlsplit(path).path):
                continue
            seen.add(key)
            todo += self.check(page, role, path, seen=seen, lang=lang)


def test_every_page_for_every_role_fits_a_phone_and_passes_axe(
    browser: Any, live_server: Any, transactional_db: None, settings: Any
) -> None:
    from serviq.web.demo import DEMO_PASSWORD, LOGINS, prepare
    from serviq.web.org.models import Person
    from serviq.web.surveys import actions
    from serviq.web.surveys.models import PublishedQuestionnaire

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clear_centre()
    started = time.perf_counter()
    prepare(months=1, scale=0.05)
    loaded = time.perf_counter()
    walk = Walk(live_server.url)

    anonymous = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    anonymous.add_init_script(path=str(AXE))
    page = anonymous.new_page()
    page.set_default_timeout(15_000)
    walk.check(page, "anonymous", "/login/")
    walk.check(page, "anonymous", "/s/no-such-link/", expect=404)
    agent = Person.objects.filter(role="agent", team__isnull=False).first()
    assert agent is not None
    questionnaire = PublishedQuestionnaire.objects.order_by("-pk").first()
    assert questionnaire is not None
    token = actions.do_create_links(
        questionnaire, [{"team": agent.team, "agent": agent, "language": "zh-hant"}]
    )[0].token
    walk.check(page, "anonymous", f"/s/{token}/")
    anonymous.close()

    for i, role in enumerate(LOGINS):  # the three languages in turn
        lang = LANGUAGES[i % len(LANGUAGES)]
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", role)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/**")
        walk.crawl(page, f"{role}-{lang}", lang)
        context.close()
    summary = (
        f"demo loaded in {loaded - started:.1f} s; {len(walk.timings)} pages checked in "
        f"{time.perf_counter() - loaded:.1f} s, axe ran on {walk.axe_runs}"
    )
    slowest = [line for _, line in sorted(walk.timings, reverse=True)]
    (ARTIFACTS / "report.txt").write_text(
        "\n".join([summary, *walk.problems, "", *slowest]), encoding="utf-8"
    )
    assert not walk.problems, "\n".join(walk.problems)
