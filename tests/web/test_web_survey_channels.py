"""The survey a contact's link opens fits its channel: a short form after a phone call, the
whole questionnaire after a branch visit, and a time promise computed from the items."""

from __future__ import annotations

import re

import pytest

from serviq.web.dashboard.models import Interaction
from serviq.web.surveys import actions, publishing
from serviq.web.surveys.models import SurveyLink, SurveyResponse

pytestmark = pytest.mark.django_db

BRANCH_ONLY = ("TAN2", "TAN3", "TAN5")


def _asked(body: str) -> list[str]:
    return re.findall(r'<fieldset class="q [^"]*" id="q-([A-Za-z0-9_]+)"', body)


@pytest.fixture
def bank():
    return publishing.publish_bundled("bank_service.yaml")


def test_a_phone_contact_gets_a_short_form_and_a_true_time_promise(client, bank) -> None:
    contact = Interaction.objects.filter(channel="phone").first()
    made = actions.do_create_links(bank, [{"interaction": contact, "language": "en"}] * 4)
    seen: set[str] = set()
    for m in made:
        body = client.get(f"/s/{m.token}/").content.decode()
        asked = _asked(body)
        assert 3 <= len(asked) <= 6
        assert not set(asked) & set(BRANCH_ONLY)
        assert set(asked) == set(m.link.items)
        assert f"These {len(asked)} questions take about 1 minute." in body
        seen |= set(asked)
    # four consecutive phone links ask every item of the phone form's rotation
    assert {"RES1", "REL2", "ASS3", "EMP2", "TAN1", "SAT1", "LOY1"} <= seen
    zh = client.get(f"/s/{made[0].token}/", {"lang": "zh-hans"}).content.decode()
    assert "约需 1 分钟" in zh


def test_a_branch_visit_keeps_the_whole_questionnaire(client, bank) -> None:
    token = actions.do_create_links(bank, [{"channel": "counter", "language": "en"}])[0].token
    body = client.get(f"/s/{token}/").content.decode()
    asked = _asked(body)
    assert len(asked) == 31
    assert set(BRANCH_ONLY) <= set(asked)
    assert "These 31 questions take about 4 minutes." in body
    assert SurveyLink.objects.get(digest=actions.digest(token)).items == []


def test_a_short_form_stores_the_answers_it_asked(client, bank) -> None:
    contact = Interaction.objects.filter(channel="phone").first()
    made = actions.do_create_links(bank, [{"interaction": contact}])[0]
    asked = [c for c in made.link.items if c != "COMMENT"]
    answers = {c: "4" for c in asked}
    missing = client.post(f"/s/{made.token}/", {**answers, asked[-1]: ""})
    assert missing.status_code == 400
    assert missing.content.decode().count("has-error") == 1
    ok = client.post(f"/s/{made.token}/", {**answers, "TAN3": "5"})  # not asked: ignored
    assert ok.status_code == 302
    stored = SurveyResponse.objects.get(link__digest=actions.digest(made.token))
    assert stored.answers == {c: 4 for c in asked}


def test_the_demos_link_asks_the_form_of_its_contacts_channel(bank) -> None:
    from serviq.web import demo

    url = demo._survey_link("127.0.0.1", 8000)
    link = SurveyLink.objects.get(digest=actions.digest(url.rstrip("/").rsplit("/", 1)[1]))
    assert link.questionnaire == bank
    assert link.interaction is not None
    assert link.interaction.channel == "phone"
    assert 3 <= len(link.items) <= 6
    assert not set(link.items) & set(BRANCH_ONLY)
