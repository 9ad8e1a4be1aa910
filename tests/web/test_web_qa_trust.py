"""The QA numbers a director can trust (issue 15, item 8), on the web: one reliability for
the same agents in every view, links only to pages the role may open, critical items
flagged on an empty submit, and the contact's details on the review page."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pytest
from qa_web_centre import AT, COMMENTS, MONTH, RATINGS, build, form

pytestmark = pytest.mark.django_db
ROLES = ["a001", "lead1", "lead2", "qa1", "dir1", "dir2", "centre", "analyst", "admin"]


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


def _more_reviews(qa: dict[str, Any]) -> None:
    """A second scored review for every agent, so the month has within-agent variance:
    T1's agents score alike, T2's and T3's apart."""
    from serviq.web.dashboard.models import Interaction
    from serviq.web.qa import actions, core
    from serviq.web.qa.models import Review

    people = qa["people"]
    low = {**RATINGS, "service_language": "2", "attitude": "2", "tone": "3"}
    plan = (("a001", 2, RATINGS), ("a002", 1, RATINGS), ("b001", 1, low), ("c001", 1, RATINGS))
    for i, (agent, n, ratings) in enumerate(plan):
        p = people[agent]
        ix = Interaction.objects.filter(agent=p, period=MONTH).order_by("interaction_id")[n]
        row = Review.objects.create(
            code=f"QA-X{i}",
            month=MONTH,
            interaction=ix,
            agent=p,
            agent_team=p.team,
            inspector=people["qa1"] if agent != "c001" else people["qa2"],
            scorecard=core.card().key,
        )
        comments = {**COMMENTS, "service_language": "rude", "attitude": "rude"}
        actions.score_review(row, row.inspector, ratings, comments, now=AT + dt.timedelta(days=i))


def users(username: str) -> Any:
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


def test_a_team_lead_and_the_centre_see_the_same_reliability_for_the_same_agents(qa) -> None:
    from serviq.qa import evaluation
    from serviq.web.qa import core, views
    from serviq.web.qa.models import Review

    _more_reviews(qa)
    team = views.scores_data(users("lead1"), MONTH)
    centre = views.scores_data(users("centre"), MONTH)
    assert team["reliability"] is not None
    assert math.isfinite(team["reliability"])
    assert team["reliability"] == pytest.approx(centre["reliability"], rel=1e-12)
    assert team["reviews_needed"] == pytest.approx(centre["reviews_needed"], rel=1e-12)
    by_agent = {a["agent"]: a for a in centre["agents"]}
    assert {a["agent"] for a in team["agents"]} == {"A001", "A002"}
    for a in team["agents"]:
        for key in ("reliability", "pooled_lower", "pooled_upper", "lower", "upper"):
            assert a[key] == pytest.approx(by_agent[a["agent"]][key], rel=1e-12), key
    # the team's own components would have given another reliability (the bug of the issue)
    t1 = core.scored_frame(Review.objects.filter(agent_team__code="T1", status="scored"))
    alone = evaluation.agent_scores(t1, core.rules().evaluation)
    assert alone.reliability != pytest.approx(centre["reliability"])
    # and the page shows the same figure
    assert views.scores_data(users("dir1"), MONTH)["reliability"] == pytest.approx(
        centre["reliability"], rel=1e-12
    )


def _qa_links(html: str) -> set[str]:
    return {h.replace("&amp;", "&") for h in re.findall(r'href="(/qa/[^"#]*)', html)}


@pytest.mark.parametrize("login", ROLES)
def test_every_qa_link_a_role_is_shown_opens_for_that_role(qa, as_user, login: str) -> None:
    c = as_user(login)
    pages = ["/qa/my/", "/qa/assignments/", "/qa/overview/?month=2026-10", "/qa/weekly/"]
    pages += ["/qa/calibration/", "/qa/reviews/QA-S1/", "/qa/reviews/QA-B1/"]
    seen: set[str] = set()
    for page in pages:
        r = c.get(page)
        if r.status_code == 200:
            seen |= _qa_links(r.content.decode())
    assert seen, login
    for link in sorted(seen):
        assert c.get(link).status_code != 403, (login, link)


@pytest.mark.parametrize(("login", "shown"), [("lead1", False), ("qa1", True), ("dir1", True)])
def test_the_calibration_link_only_for_roles_that_open_it(qa, as_user, login, shown) -> None:
    c = as_user(login)
    html = c.get("/qa/overview/?month=2026-10").content.decode()
    assert ('href="/qa/calibration/"' in html) is shown
    assert (c.get("/qa/calibration/").status_code == 200) is shown


def test_an_empty_submit_flags_every_required_and_critical_item(qa, as_user) -> None:
    from serviq.qa.scoring import check_submission
    from serviq.web.qa import core
    from serviq.web.qa.models import Review

    r = as_user("qa1").post("/qa/reviews/QA-A1/score", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    html = r.content.decode()
    card = core.card()
    errors = {
        m.group(1)
        for m in re.finditer(r'<div class="item[^"]*" id="item-(\w+)">(.*?)</div>', html, re.S)
        if '<span class="error">' in m.group(2)
    }
    critical_or_required = {i.code for i in card.items if i.critical != "none" or not i.allow_na}
    assert critical_or_required <= errors, critical_or_required - errors
    # the critical items that allow N.A. (greeting, identity) are among them
    assert {i.code for i in card.items if i.critical != "none" and i.allow_na} <= errors
    assert "is not answered; rate it or mark it N.A." in html
    assert Review.objects.get(code="QA-A1").status == "assigned"
    # an explicit N.A. is accepted, an empty one is not
    codes = [r.code for r in check_submission(card, {**RATINGS}, COMMENTS).reasons]
    assert codes == []
    empty = {**RATINGS, "identity_verification": ""}
    codes = [r.code for r in check_submission(card, empty, COMMENTS).reasons]
    assert codes == ["review.critical_unanswered"]


def test_the_form_with_an_explicit_na_still_scores(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    assert as_user("qa1").post("/qa/reviews/QA-A1/score", form()).status_code == 302
    row = Review.objects.get(code="QA-A1")
    assert row.ratings["identity_verification"] is None
    assert row.score == pytest.approx(72.0)


def test_the_review_page_shows_the_contacts_details(qa, as_user) -> None:
    from serviq.web.qa.models import Review

    ix = Review.objects.get(code="QA-S1").interaction
    html = as_user("lead1").get("/qa/reviews/QA-S1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html.split('<section class="interaction">')[1].split("</section>")[0]
    # channel, queue and contact type by their names
    from serviq.ops.labels import name

    shown = [name("channel", ix.channel, "en"), name("queue", ix.queue, "en")]
    shown += [name("contact_type", ix.contact_type, "en"), "Arrived", "Answered", "Ended"]
    for word in shown:
        assert word in section, word
    assert "Hold" in section
    assert "Wrap-up" in section
    zh = as_user("lead1").get("/qa/reviews/QA-S1/", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "話後處理時長" in zh.content.decode()
