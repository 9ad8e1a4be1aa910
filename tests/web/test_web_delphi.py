"""Delphi consultations on the web (issue 19 scope 4): who may open and change what (every
page and API endpoint, per role), the demo's two rounds ending in a new version, the answer
import (a bad file refused in one line, nothing written; idempotent), and the expert's
token form (save and come back, submit once, expired link, closed round, CSRF)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

READ = {"a001": 403, "lead1": 403, "qa1": 403, "dir1": 200, "centre": 200,
        "analyst": 200, "admin": 200}  # fmt: skip
MANAGE = {"dir1": 403, "centre": 403, "analyst": 302, "admin": 302, "a001": 403, "lead1": 403,
          "qa1": 403}  # fmt: skip


@pytest.fixture
def demo() -> Any:
    from serviq.web.delphi.demo import load_demo_delphi

    c = load_demo_delphi()
    assert c is not None
    return c


@pytest.fixture
def written() -> Any:
    """A small consultation whose one round (the four dimensions, two of three experts
    answering) is closed and has written its version: cheap, for the per-role test."""
    from serviq.web.delphi import panel, results
    from serviq.web.delphi.models import Round
    from serviq.web.org.models import Person

    analyst = Person.objects.get(user__username="analyst")
    c = panel.create(None, analyst, {"title": "Roles"})
    for name in ("A", "B", "C"):
        panel.add_expert(None, analyst, c, {"name": name})
    rnd, _ = panel.open_round(None, analyst, c, {"closes_on": "2099-01-01"})
    Round.objects.filter(pk=rnd.pk).update(items=["CX", "NQ", "BQ", "OUT"])
    rnd.refresh_from_db()
    results.store(rnd, [
        {"expert": e, "indicator": code, "importance": str(score), "basis": "0.8",
         "familiarity": "0.8", "verdict": "", "comment": None}
        for e, scores in (("E01", (5, 4, 1, 5)), ("E02", (5, 5, 2, 4)))
        for code, score in zip(rnd.items, scores, strict=True)
    ])  # fmt: skip
    panel.close_round(None, analyst, rnd)
    return panel.write_version(None, analyst, c)


@pytest.fixture
def open_round() -> Any:
    """A consultation of three experts with round 1 open; the experts' tokens."""
    from serviq.web.delphi import panel
    from serviq.web.org.models import Person

    analyst = Person.objects.get(user__username="analyst")
    c = panel.create(None, analyst, {"title": "Test consultation"})
    for name, lang in (("Expert One", "en"), ("专家二", "zh-hans"), ("專家三", "zh-hant")):
        panel.add_expert(None, analyst, c, {"name": name, "language": lang, "years": "5"})
    closes = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    rnd, links = panel.open_round(None, analyst, c, {"closes_on": closes})
    return c, rnd, [x.token for x in links]


def _text(r: Any) -> str:
    return html.unescape(r.content.decode())


@pytest.mark.parametrize("login", sorted(READ))
def test_who_may_open_and_change_the_delphi_pages(as_user, written, login) -> None:
    demo = written
    client = as_user(login)
    for url in ("/delphi/", f"/delphi/{demo.pk}/", f"/delphi/{demo.pk}/rounds/1/",
                f"/delphi/{demo.pk}/version.yaml", f"/api/delphi/{demo.pk}/rounds",
                f"/api/delphi/{demo.pk}/rounds/1"):  # fmt: skip
        assert client.get(url).status_code == READ[login], url
    posted = client.post("/delphi/", {"title": "Another"}).status_code
    assert posted == MANAGE[login]
    r = client.post(f"/delphi/{demo.pk}/", {"action": "expert", "name": "Ms Expert"})
    assert r.status_code == MANAGE[login]
    r = client.post(f"/delphi/{demo.pk}/rounds/1/", {"action": "close"})
    assert r.status_code == (409 if MANAGE[login] == 302 else 403)  # closed already
    # the written consultation takes no more rounds: 409 for those who may manage
    r = client.post(f"/delphi/{demo.pk}/", {"action": "open", "closes_on": "2030-01-01"})
    assert r.status_code == (409 if MANAGE[login] == 302 else 403)


def test_the_demo_ends_in_a_version_citing_each_dropped_and_revised_item(as_user, demo) -> None:
    from serviq.indicators.model import parse_system
    from serviq.web.delphi import results
    from serviq.web.delphi.models import Round

    r1, r2 = Round.objects.filter(consultation=demo).order_by("number")
    assert results.response(r1) == (14, 15)
    assert results.response(r2) == (13, 15)
    decided = {
        i.indicator: i.decision for s in results.statistics(r1).values() for i in s.indicators
    }
    assert decided["PROD_THEME"] == "drop"
    assert decided["AHT"] == decided["EQUIP_OK"] == "revise"
    assert {c for c, d in decided.items() if d != "keep"} == {"PROD_THEME", "AHT", "EQUIP_OK"}
    assert "PROD_THEME" not in r2.items
    new = parse_system(demo.new_version_yaml)
    codes = {n.code for n in new.indicators()}
    assert "PROD_THEME" not in codes
    assert "EQUIP_OK" not in codes
    assert "AHT" in codes
    assert new.find("AHT").definition.en.endswith("with a target set per type of business.")
    evidence = new.changelog[-1].evidence
    assert evidence[0].startswith(
        "round 1: PROD_THEME dropped: mean 2.43, CV 0.386"
    )  # by hand: 34/14, s = √(11.43/13)
    assert any(e.startswith("round 2: EQUIP_OK dropped:") for e in evidence)
    assert any(e.startswith("round 1: AHT to revise:") and "revised definition" in e
               and "round 2:" in e and e.endswith("keep") for e in evidence)  # fmt: skip
    assert any("Kendall's W" in e for e in evidence)
    listed = _text(as_user("dir1").get(f"/delphi/{demo.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert 'data-code="PROD_THEME" data-what="drop"><td>产品类负面评论占比</td>' in listed
    assert 'data-code="AHT" data-what="revise"' in listed
    assert "定义已修改" in listed
    page = _text(as_user("centre").get(f"/delphi/{demo.pk}/rounds/1/", HTTP_ACCEPT_LANGUAGE="en"))
    assert 'data-code="PROD_THEME" data-decision="drop"' in page
    assert "Response rate" in page
    assert "93% (14 / 15)" in page
    # the experts' comments and proposals coded by the comment code book, per theme
    assert '<tr data-theme="resolution"><td>Resolution</td><td class="num">1</td><td>' in page
    assert '<tr data-theme="wait"><td>Waiting</td><td class="num">1</td><td></td></tr>' in page
    assert "Proposed new indicators: 远程视频客服接通率" in page
    assert '<tr data-theme=""><td>No theme found</td><td class="num">2</td>' in page
    api = as_user("dir1").get(f"/api/delphi/{demo.pk}/rounds/2").json()
    assert api["answered"] == 13
    assert api["levels"]["3"]["kendall_w"]["w"] is not None


def test_the_analyst_runs_a_consultation_on_the_pages(as_user) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.delphi.models import Consultation, Invitation

    client = as_user("analyst")
    r = client.post("/delphi/", {"title": "Panel 2027"})
    c = Consultation.objects.get(title="Panel 2027")
    assert r["Location"] == f"/delphi/{c.pk}/"
    for name in ("A", "B"):
        client.post(f"/delphi/{c.pk}/", {"action": "expert", "name": name, "years": "3"})
    r = client.post(f"/delphi/{c.pk}/", {"action": "expert", "name": "C", "years": "many"})
    assert r.status_code == 400
    assert "years 'many' is not a whole number" in _text(r)
    r = client.post(f"/delphi/{c.pk}/", {"action": "open", "closes_on": "2099-01-31"})
    assert r.status_code == 200
    assert _text(r).count("/e/") == 2
    assert Invitation.objects.filter(round__consultation=c).count() == 2
    r = client.post(f"/delphi/{c.pk}/", {"action": "open", "closes_on": "2099-01-31"})
    assert r.status_code == 409
    assert "round 1 is still open" in _text(r)
    assert client.post(f"/delphi/{c.pk}/rounds/1/", {"action": "close"}).status_code == 302
    r = client.post(f"/delphi/{c.pk}/rounds/1/", {"action": "close"})
    assert r.status_code == 409
    assert AuditEvent.objects.filter(action__startswith="delphi.").count() >= 5


HEADER = "expert,indicator,importance,basis,familiarity,verdict,comment\n"


def _file(text: str, name: str = "answers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def _good(rnd: Any) -> str:
    rows = [f"E0{e},{code},{5 - (i + e) % 3},0.8,0.6,keep,\n"
            for e in (1, 2) for i, code in enumerate(rnd.items)]  # fmt: skip
    return HEADER + "".join(rows)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("E09,TAN,5,0.8,0.6,keep,\n",
         "expert E09 is not on this round's panel; allowed: E01, E02, E03 (answers.csv, row 78, column expert)"),
        ("E03,NOPE,5,0.8,0.6,keep,\n", "indicator NOPE is not asked in round 1"),
        ("E03,TAN,6,0.8,0.6,keep,\n", "6 is not a number from 1 to 5 (answers.csv, row 78, column importance)"),
        ("E03,TAN,5,0.8,0.6,maybe,\n", "verdict 'maybe' is not allowed; allowed: keep, revise, drop"),
        ("E01,TAN,5,0.8,0.6,keep,\n", "expert E01 scores indicator TAN twice"),
        ("E03,TAN,5,1.5,0.6,keep,\n", "1.5 is not a number from 0 to 1"),
    ],
)  # fmt: skip
def test_a_bad_answer_file_is_refused_in_one_line_and_nothing_is_written(
    as_user, open_round, bad, words
) -> None:
    from serviq.web.audit.models import AuditEvent
    from serviq.web.delphi.models import Answer

    c, rnd, _ = open_round
    r = as_user("analyst").post(
        f"/delphi/{c.pk}/rounds/1/", {"action": "import", "file": _file(_good(rnd) + bad)}
    )
    assert r.status_code == 400
    assert words in _text(r)
    assert not Answer.objects.exists()
    assert not AuditEvent.objects.filter(action="delphi.import").exists()


def test_a_bad_answer_file_and_a_bad_form_are_worded_in_the_reader_s_language(
    as_user, open_round
) -> None:
    """zh-Hant: the answers import's message with its file, row and column, and the
    analyst's form with the field's label (截止日期, not closes_on), from the catalogue."""
    c, rnd, _ = open_round
    analyst = as_user("analyst")
    bad = _good(rnd) + "E03,TAN,6,0.8,0.6,keep,\n"
    r = analyst.post(f"/delphi/{c.pk}/rounds/1/", {"action": "import", "file": _file(bad)},
                     HTTP_ACCEPT_LANGUAGE="zh-hant")  # fmt: skip
    assert r.status_code == 400
    assert "6 不是 1 到 5 之間的數 (answers.csv, 第 78 條記錄, 欄 importance)" in _text(r)
    r = analyst.post(f"/delphi/{c.pk}/", {"action": "expert", "name": "X", "years": "200"},
                     HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert r.status_code == 400
    assert "从业年限 '200' 无效，应为 0 到 80 的整数 (字段 从业年限)" in _text(r)


def test_importing_answers_twice_changes_nothing_and_updates_the_results(
    as_user, open_round
) -> None:
    from serviq.web.delphi.models import Answer

    c, rnd, _ = open_round
    client = as_user("admin")
    url = f"/delphi/{c.pk}/rounds/1/"
    r = client.post(url, {"action": "import", "file": _file(_good(rnd))})
    assert r.status_code == 302
    assert f"added={2 * len(rnd.items)}" in r["Location"]
    again = client.post(url, {"action": "import", "file": _file(_good(rnd))})
    assert "added=0" in again["Location"]
    assert "changed=0" in again["Location"]
    assert Answer.objects.count() == 2 * len(rnd.items)
    page = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert 'data-answered="2" data-invited="3"' in page
    assert "0.700" in page  # Cr = (0.8 + 0.6) / 2


def test_the_expert_saves_comes_back_and_submits_once(client, open_round) -> None:
    from serviq.web.delphi.models import Invitation

    _c, rnd, tokens = open_round
    url = f"/e/{tokens[0]}/"
    r = client.get(url)
    assert r.status_code == 200
    assert "Customer-perceived service quality" in _text(r)  # the expert's language: en
    data = {"lang": "en", "action": "save", "imp-TAN": "4", "comment-TAN": "call me on 13912345678"}
    r = client.post(url, data)
    assert r.status_code == 200
    assert "Saved." in _text(r)
    inv = Invitation.objects.get(digest__isnull=False, expert__code="E01")
    assert inv.saved_at
    assert not inv.submitted_at
    assert "13912345678" not in inv.answers.get(item="TAN").comment
    back = _text(client.get(url))
    assert 'name="imp-TAN" value="4" checked' in back
    r = client.post(url, {"lang": "en", "action": "submit", "imp-TAN": "4"})
    assert r.status_code == 400
    assert "Please answer the questions marked below." in _text(r)
    full = {f"imp-{code}": "4" for code in rnd.items}
    full.update(
        {f"{k}-{d}": "0.8" for k in ("basis", "familiarity") for d in ("CX", "NQ", "BQ", "OUT")}
    )
    r = client.post(url, {"lang": "en", "action": "submit", **full})
    assert r.status_code == 200
    assert "your answers to this round are submitted" in _text(r)
    again = client.post(url, {"lang": "en", "action": "submit", **full})
    assert "your answers to this round are submitted" in _text(again)
    assert Invitation.objects.filter(submitted_at__isnull=False).count() == 1


def test_a_closed_round_or_an_expired_link_says_so_in_the_experts_language(
    client, open_round
) -> None:
    from django.utils import timezone

    from serviq.web.delphi.models import Answer, Invitation

    _c, rnd, tokens = open_round
    Invitation.objects.filter(expert__code="E02").update(expires_at=timezone.now())
    r = client.post(f"/e/{tokens[1]}/", {"action": "save", "imp-TAN": "5"})
    assert "此链接已过期" in _text(r)
    assert not Answer.objects.exists()
    rnd.status = "closed"
    rnd.save()
    assert "已關閉" in _text(client.get(f"/e/{tokens[2]}/"))
    assert "is closed" in _text(client.get(f"/e/{tokens[0]}/"))
    assert client.get("/e/not-a-token/").status_code == 404


def test_the_expert_form_needs_its_csrf_token(open_round) -> None:
    from django.test import Client

    _, _, tokens = open_round
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/e/{tokens[0]}/", {"action": "save"}).status_code == 403


def test_a_bad_link_answers_in_the_language_it_asked_for(client) -> None:
    r = client.get("/e/not-a-token/", {"lang": "zh-hant"})
    assert r.status_code == 404
    assert "此連結無效" in _text(r)
