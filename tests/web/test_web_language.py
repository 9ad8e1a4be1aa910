"""Every page, for every role, in zh-Hans, zh-Hant and en, speaks the reader's language.

The pages are those of a small demo centre (one complete month and this month up to a frozen
clock, the SME desk's cases included), loaded once for the module inside a transaction that
is rolled back at its end. :data:`PAGES` names the roles that may open each page
(contact-centre and SME desk roles): in Chinese each page is rendered for every one of them
and for one role that may not (the error page, 403 or 404), in English once for one of its
roles in turn (:func:`visits`), so a page is not rendered again for roles that all see the
same error page. What a person reads — the text outside scripts and styles,
the title, and the ``title``, ``aria-label``, ``placeholder``, ``alt`` and button ``value``
attributes — is checked:

* in Chinese, no latin word outside the reviewed allowlist (``language_allowlist.yaml``);
  tokens with a digit are identifiers (A001, T1, 2026-10), not words;
* in English, no Chinese character outside the names of people, teams, departments and
  centres and the texts people wrote (survey comments, notes), which are data.

A page a role may not open is the error page (403 or 404) and is checked the same way; the
error pages (400, 403, 404, 409, 500) and the customer's survey page for a bad link are
checked explicitly. :data:`PAGES` must name every URL pattern that renders HTML for a GET;
:data:`NOT_PAGES` the others, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import time_machine
import yaml

ZONE = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 5, 10, 30, tzinfo=ZONE)
LANGS = ("zh-hans", "zh-hant", "en")
# every role, the SME desk's included (serviq.web.org.roles.Role; roles.ALL leaves them out)
CENTRE = (
    "agent",
    "team_lead",
    "qa_inspector",
    "department_director",
    "centre_director",
    "analyst",
    "admin",
)
SME = ("relationship_manager", "risk_officer", "sme_desk_head")
ROLES = CENTRE + SME
ALLOW = yaml.safe_load((Path(__file__).parent / "language_allowlist.yaml").read_text("utf-8"))


def _but(*roles: str, of: tuple[str, ...] = CENTRE) -> tuple[str, ...]:
    return tuple(r for r in of if r not in roles)


LEADS_UP = ("team_lead", "department_director", "centre_director", "admin")
CENTRE_ADMIN = ("centre_director", "analyst", "admin")
DELPHI = ("department_director", *CENTRE_ADMIN)
TRAINING_ALL = ("qa_inspector", *CENTRE_ADMIN)  # a session or test of any team

# URL pattern (as Django spells it) → the path to open, with {ids} of the demo centre, and
# the roles that may open it (each is checked to get the page; the first other role is
# checked to get the error page)
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "": ("/", ROLES),
    "dashboard/": ("/dashboard/", _but("agent")),
    "records/<str:kind>/": ("/records/responses/", CENTRE),
    "records/interactions/": ("/records/interactions/", CENTRE),
    "audit/": ("/audit/", ("department_director", "centre_director", "admin")),
    "tokens/": ("/tokens/", ROLES),
    "surveys/": ("/surveys/", CENTRE_ADMIN),
    "qa/assignments/": ("/qa/assignments/", ("qa_inspector",)),
    "qa/reviews/<str:code>/": ("/qa/reviews/{review}/", CENTRE),
    "qa/my/": ("/qa/my/", ("agent",)),
    "qa/overview/": ("/qa/overview/", _but("agent")),
    "qa/weekly/": ("/qa/weekly/", _but("agent")),
    "qa/calibration/": ("/qa/calibration/", _but("agent", "team_lead")),
    "workforce/": ("/workforce/", CENTRE),
    "workforce/swaps/<int:pk>/": ("/workforce/swaps/{swap}/", CENTRE),
    "workforce/leave/<int:pk>/": ("/workforce/leave/{leave}/", CENTRE),
    "workforce/roster/": ("/workforce/roster/", CENTRE),
    "workforce/approvals/": ("/workforce/approvals/", LEADS_UP),
    "workforce/handover/": ("/workforce/handover/", LEADS_UP),
    "workforce/violations/": ("/workforce/violations/", LEADS_UP),
    "workforce/team/": ("/workforce/team/", LEADS_UP),
    "workforce/escalations/": ("/workforce/escalations/", CENTRE),
    "workforce/visitors/": ("/workforce/visitors/", LEADS_UP),
    "workforce/meetings/": ("/workforce/meetings/", CENTRE),
    "reports/": ("/reports/", ("team_lead", "department_director", "centre_director", "analyst")),
    "reports/<int:report_id>/": (
        "/reports/{report}/",
        ("department_director", "centre_director", "analyst"),
    ),
    "actions/": ("/actions/", _but("agent")),
    "actions/new/": ("/actions/new/", _but("agent")),
    "actions/<int:pk>/": ("/actions/{action}/", _but("agent", "team_lead")),
    "indicators/manual/": ("/indicators/manual/", ("team_lead", "department_director", "admin")),
    "indicators/checklist/": ("/indicators/checklist/", ("agent", "team_lead")),
    "indicators/systems/": ("/indicators/systems/", CENTRE_ADMIN),
    "indicators/feedback/": ("/indicators/feedback/", ("department_director", *CENTRE_ADMIN)),
    "indicators/benchmarks/": ("/indicators/benchmarks/", CENTRE_ADMIN),
    "qa/coaching/": ("/qa/coaching/", CENTRE),
    "qa/coaching/<str:agent>/": ("/qa/coaching/{agent}/", CENTRE),
    "sme/": ("/sme/", SME),
    "sme/<str:code>/": ("/sme/{case}/", SME),
    "sme/<str:code>/schedule/": ("/sme/{case}/schedule/", SME),
    "sme/limits/": ("/sme/limits/", ("risk_officer", "sme_desk_head")),
    "sme/portfolio/": ("/sme/portfolio/", ("risk_officer", "sme_desk_head")),
    "delphi/": ("/delphi/", DELPHI),
    "delphi/<int:pk>/": ("/delphi/{delphi}/", DELPHI),
    "delphi/<int:pk>/rounds/<int:number>/": ("/delphi/{delphi}/rounds/1/", DELPHI),
    "training/": ("/training/", _but("agent")),
    "training/sessions/<int:pk>/": ("/training/sessions/{training_session}/", TRAINING_ALL),
    "training/sessions/<int:pk>/effect/": (
        "/training/sessions/{training_session}/effect/",
        TRAINING_ALL,
    ),
    "training/tests/": ("/training/tests/", _but("agent")),
    "training/tests/<int:pk>/": ("/training/tests/{training_test}/", TRAINING_ALL),
    "training/tests/<int:pk>/take/": ("/training/tests/{training_test}/take/", ("agent",)),
    "training/my/": ("/training/my/", ("agent",)),
    "training/archive/": ("/training/archive/", CENTRE),
}
NOT_PAGES: dict[str, str] = {
    "login/": "before login; checked by test_the_login_and_error_pages",
    "logout/": "POST only",
    "i18n/setlang/": "POST only (Django's language switch)",
    "dashboard/export.<str:fmt>": "a file download",
    "records/<str:kind>/export.<str:fmt>": "a file download",
    "s/<str:token>/": "the customer's page; checked by test_the_survey_pages",
    "s-thanks/": "the customer's page; checked by test_the_survey_pages",
    "qa/reviews/<str:code>/score": "POST only",
    "qa/reviews/<str:code>/dispute": "POST only",
    "qa/reviews/<str:code>/decide": "POST only",
    "qa/reviews/<str:code>/reassign": "POST only",
    "qa/interactions/<str:interaction_id>/review": "POST only",
    "qa/plan/": "POST only",
    "qa/training/": "POST only",
    "qa/training/<str:code>": "POST only",
    "workforce/swaps/new/": "POST only",
    "workforce/leave/new/": "POST only",
    "reports/<int:report_id>/commentary": "POST only",
    "reports/<int:report_id>/submit": "POST only",
    "reports/<int:report_id>/decide": "POST only",
    "reports/<int:report_id>/report.<str:fmt>": "a file download",
    "actions/propose": "POST only",
    "actions/<int:pk>/edit": "POST only",
    "actions/<int:pk>/tasks": "POST only",
    "actions/<int:pk>/tasks/<int:task>": "POST only",
    "actions/<int:pk>/links": "POST only",
    "actions/<int:pk>/step": "POST only",
    "api/": "JSON",
    "admin/login/": "the login page",
    "admin/": "Django's admin site, translated by Django itself",
    "delphi/<int:pk>/version.yaml": "a file download",
    "e/<str:token>/": "the expert's page; checked by test_the_expert_form_speaks_the_language",
    "training/sessions/<int:pk>/material": "a file download",
    "training/archive/export.<str:fmt>": "a file download",
}
SHOWN_ATTRS = ("title", "aria-label", "placeholder", "alt")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
# a word, or a code joined by hyphens or dots (R-OPS-7, T1-A001-2026-12-08-D)
TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*")


VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
LITERAL = frozenset({"script", "style", "template", "code", "kbd", "samp"})


class _Visible(HTMLParser):
    """The text a person reads on a page, one piece per text node or attribute. Scripts,
    styles, and literal computer text (``code``, ``kbd``, ``samp``, ``translate="no"``: file
    column names, commands, raw audit payloads) are not read as language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._literal: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID and (self._literal or tag in LITERAL or values.get("translate") == "no"):
            self._literal.append(tag)
        if self._literal:
            return
        for name in SHOWN_ATTRS:
            if values.get(name):
                self.pieces.append(str(values[name]))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.pieces.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if self._literal and self._literal[-1] == tag:
            self._literal.pop()

    def handle_data(self, data: str) -> None:
        if not self._literal and data.strip():
            self.pieces.append(data.strip())


def visible(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.pieces


def problems(html: str, lang: str, data: list[str]) -> list[str]:
    """The words of ``html`` that are not in ``lang``: latin words in Chinese pages, Chinese
    in English pages (after removing the strings of ``data``, longest first)."""
    found: list[str] = []
    for piece in visible(html):
        for text in data:
            if text in piece:
                piece = piece.replace(text, " ")
        if lang == "en":
            words = [w for w in CJK.findall(piece) if w not in ALLOW["cjk"]]
        else:
            words = [
                w
                for w in TOKEN.findall(piece)
                if not any(c.isdigit() for c in w)
                and any(c.isalpha() for c in w)
                and w not in ALLOW["latin"]
            ]
        if words:
            found.append(f"{' '.join(words)} in «{piece[:80]}»")
    return found


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON value (a report's narratives)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return []


def data_texts() -> list[str]:
    """Names and what people wrote: removed from the text before the check (longest first)."""
    from serviq.web.indicatordata.models import (
        Benchmark,
        ChecklistRound,
        ManualValue,
        ProductFeedbackRecord,
    )
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.qa.models import CalibrationSession
    from serviq.web.reports.models import Report
    from serviq.web.sme.models import CaseEvent, Firm, Guarantor, SoftEntry
    from serviq.web.surveys.models import SurveyResponse

    texts: set[str] = set()
    for model in (Centre, Department, Team, Person):
        texts.update(model.objects.values_list("name", flat=True))
    texts.update(SurveyResponse.objects.exclude(comment="").values_list("comment", flat=True))
    texts.update(ManualValue.objects.values_list("note", flat=True))
    texts.update(ChecklistRound.objects.values_list("shift_label", flat=True))
    from serviq.web.workforce.models import EquipmentCheck, HandoverEntry

    for row in HandoverEntry.objects.values_list(
        "shift_label", "equipment", "hard_cases", "staff_changes", "notices_read"
    ):
        texts.update(row)
    texts.update(EquipmentCheck.objects.values_list("note", flat=True))
    texts.update(CalibrationSession.objects.values_list("name", flat=True))
    texts.update(ProductFeedbackRecord.objects.values_list("text", flat=True))
    from serviq.web.training.models import Attempt, KnowledgeTest, TrainingSession

    texts.update(TrainingSession.objects.values_list("topic", flat=True))
    texts.update(KnowledgeTest.objects.values_list("title", flat=True))
    for answers in Attempt.objects.values_list("answers", flat=True):  # short answers written
        texts.update(v for v in answers.values() if isinstance(v, str) and len(v) > 5)
    for row in Benchmark.objects.values_list("reference", "source", "definition_notes"):
        texts.update(row)
    texts.update(Firm.objects.values_list("name", flat=True))
    texts.update(Guarantor.objects.values_list("name", flat=True))
    for row in SoftEntry.objects.values_list("observation", "source"):
        texts.update(row)
    texts.update(CaseEvent.objects.values_list("note", flat=True))
    from serviq.web.delphi.models import Answer, Consultation, Expert, Invitation

    texts.update(Consultation.objects.values_list("title", flat=True))
    for row in Expert.objects.values_list("name", "organisation", "field"):
        texts.update(row)
    texts.update(Answer.objects.exclude(comment="").values_list("comment", flat=True))
    texts.update(Invitation.objects.exclude(proposals="").values_list("proposals", flat=True))
    for report in Report.objects.all():
        texts.update(_strings(report.narratives))
        texts.add(report.return_note)
    return sorted((t for t in texts if t), key=len, reverse=True)


MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"  # a fast hasher for the demo's logins


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A small demo centre for the module (rolled back after it), with the ids to open."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from demo_reset import clear_centre

            from serviq.web.demo import prepare

            clear_centre()
            # override_settings, not an assignment: it clears Django's cached hashers both
            # ways, so later tests hash with argon2 again
            with override_settings(PASSWORD_HASHERS=[MD5]):
                prepare(months=1, scale=0.02, seed=11)
            yield {"ids": _ids(), "data": data_texts()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _ids() -> dict[str, Any]:
    from serviq.web.actions.models import ActionRecord
    from serviq.web.delphi.models import Consultation
    from serviq.web.org.models import Person
    from serviq.web.qa.models import Review, SamplingPlan
    from serviq.web.reports.models import Report
    from serviq.web.sme.models import Case
    from serviq.web.training.models import KnowledgeTest, TrainingSession
    from serviq.web.workforce.models import LeaveRequest, SwapRequest

    def first(qs: Any) -> Any:
        row = qs.order_by("pk").first()
        assert row is not None, qs.model
        return row

    return {
        "review": first(Review.objects.filter(status="scored")).code,
        "swap": (SwapRequest.objects.order_by("pk").first() or _a_swap()).pk,
        "leave": first(LeaveRequest.objects).pk,
        "report": first(Report.objects).pk,
        "action": first(ActionRecord.objects).pk,
        "plan_month": first(SamplingPlan.objects).month,
        "agent": first(Person.objects.filter(role="agent", team__isnull=False)).code,
        "case": first(Case.objects).code,
        "delphi": first(Consultation.objects).pk,
        "training_session": (  # a QA-driven one, for "did it work"
            TrainingSession.objects.filter(kind="qa").order_by("pk").first()
            or first(TrainingSession.objects)
        ).pk,
        "training_test": first(KnowledgeTest.objects).pk,
    }


def _a_swap() -> Any:
    """A swap request of the demo's agent with a colleague of the team (the small demo
    opens none when no pair passes the rules; the page is what is checked here)."""
    from serviq.web.org.models import Person
    from serviq.web.workforce.models import Shift, SwapRequest

    me = Person.objects.get(user__username="agent")
    give = Shift.objects.filter(person=me, start__gt=NOW).order_by("start").first()
    take = (
        Shift.objects.filter(team=me.team, start__gt=NOW)
        .exclude(person=me)
        .exclude(date=give.date if give else None)
        .order_by("start")
        .first()
    )
    assert give is not None
    assert take is not None
    from serviq.web.workforce import actions as wf
    from serviq.workforce import swaps

    rules, calendar = wf.rules_in_force()
    schedule = wf.schedule_around([give.date, take.date])
    asked = swaps.SwapRequest(me.code, take.person.code, give.code, take.code)
    decision = swaps.check_swap(asked, schedule, rules, calendar, NOW)
    flow = swaps.swap_flow(asked, schedule)
    return SwapRequest.objects.create(
        requester=me,
        partner=take.person,
        give_shift=give,
        take_shift=take,
        status=flow.status,
        flow=flow.as_dict(),
        rule_check=wf.decision_dict(decision),
        created_at=NOW,
    )


def _patterns() -> set[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    out: set[str] = set()

    def walk(patterns: Any, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                route = str(p.pattern)
                if route in ("api/", "admin/"):
                    out.add(route)
                else:
                    walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                out.add(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return out


def test_every_url_pattern_is_listed() -> None:
    assert _patterns() == set(PAGES) | set(NOT_PAGES)
    assert not set(PAGES) & set(NOT_PAGES)


def visits(lang: str) -> dict[str, list[tuple[str, str, bool]]]:
    """role → the (pattern, path, may open) to render in ``lang``: in Chinese, each page for
    every role that may open it and for the first role that may not (its error page); in
    English, each page once, for one of its roles in turn (every role on some page) and the
    error page once per page. A role's page differs from another's in its data and buttons,
    which the Chinese pass covers; the English pass looks for Chinese in English pages."""
    out: dict[str, list[tuple[str, str, bool]]] = {r: [] for r in ROLES}
    for i, (pattern, (path, allowed)) in enumerate(PAGES.items()):
        refused = next((r for r in ROLES[i % len(ROLES) :] + ROLES if r not in allowed), None)
        opening = allowed if lang != "en" else (allowed[i % len(allowed)],)
        for role in opening:
            out[role].append((pattern, path, True))
        if refused is not None:
            out[refused].append((pattern, path, False))
    return out


def test_every_role_is_visited_in_every_language() -> None:
    for lang in LANGS:
        assert all(visits(lang)[r] for r in ROLES), lang


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_speaks_the_language(demo: dict[str, Any], client: Any, lang: str) -> None:
    from django.contrib.auth.models import User

    client.cookies.load({"django_language": lang})
    bad: dict[str, list[str]] = {}
    with time_machine.travel(NOW, tick=False):
        for role, pages in visits(lang).items():
            client.force_login(User.objects.get(username=role))
            for _pattern, path, may in pages:
                url = path.format(**demo["ids"])
                r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang, follow=True)
                if r.status_code not in ((200,) if may else (403, 404)):
                    bad[f"{url} {role}"] = [f"status {r.status_code}"]
                    continue
                found = problems(r.content.decode(), lang, demo["data"])
                if found:
                    bad[f"{url} {role} ({r.status_code})"] = sorted(set(found))
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_one_catalogue_entry_per_meaning() -> None:
    """An app's own catalogue may not give a message another translation than the project's
    catalogue: the project's wins, and the app's page then reads the other meaning (the leave
    form's "From" read 来源地址, the audit trail's network address). Two meanings of one
    English word take a ``msgctxt``."""
    import polib

    web = Path(__file__).resolve().parents[2] / "src" / "serviq" / "web"
    clashes = []
    for app in sorted(web.glob("*/locale/*/LC_MESSAGES/django.po")):
        lang = app.parts[-3]
        project = {
            (e.msgctxt, e.msgid): e.msgstr
            for e in polib.pofile(str(web / "locale" / lang / "LC_MESSAGES" / "django.po"))
            if not e.obsolete
        }
        for e in polib.pofile(str(app)):
            theirs = project.get((e.msgctxt, e.msgid))
            if theirs is not None and theirs != e.msgstr:
                clashes.append(f"{app.parts[-5]} {lang} {e.msgid!r}: {e.msgstr} vs {theirs}")
    assert not clashes, clashes


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_login_and_error_pages(
    demo: dict[str, Any], client: Any, settings: Any, lang: str
) -> None:
    """The login page, and the pages for 400, 403, 404, 409 and 500, in each language."""
    from django.contrib.auth.models import User
    from django.test import RequestFactory
    from django.utils import translation

    from serviq.web.errors import server_error

    settings.DEBUG = False  # Django's own 404 page, not the technical one
    client.cookies.load({"django_language": lang})
    pages = {"login": client.get("/login/", HTTP_ACCEPT_LANGUAGE=lang)}
    client.force_login(User.objects.get(username="centre_director"))
    month = demo["ids"]["plan_month"]
    with time_machine.travel(NOW, tick=False):
        pages["400"] = client.get("/records/interactions/", {"period": "last month"})
        pages["404"] = client.get("/no-such-page/")
        client.force_login(User.objects.get(username="agent"))
        pages["403"] = client.get("/audit/")
        client.force_login(User.objects.get(username="qa_inspector"))
        pages["409"] = client.post("/qa/plan/", {"month": month})
    with translation.override(lang):
        pages["500"] = server_error(RequestFactory().get("/"))
    assert {k: r.status_code for k, r in pages.items()} == {
        "login": 200,
        "400": 400,
        "404": 404,
        "403": 403,
        "409": 409,
        "500": 500,
    }
    bad = {k: problems(r.content.decode(), lang, demo["data"]) for k, r in pages.items()}
    assert not {k: v for k, v in bad.items() if v}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_survey_pages(demo: dict[str, Any], client: Any, lang: str) -> None:
    """A customer's bad survey link answers in the language the link asked for."""
    r = client.get("/s/no-such-link/", {"lang": lang})
    assert r.status_code == 404
    thanks = client.get("/s-thanks/", {"lang": lang})
    found = problems(r.content.decode(), lang, []) + problems(thanks.content.decode(), lang, [])
    assert not found
    assert f'lang="{lang}"' in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_expert_form_speaks_the_language(demo: dict[str, Any], client: Any, lang: str) -> None:
    """The Delphi expert's form (open round, a closed round's link, a bad link) in each
    language the link asks for."""
    from serviq.web.delphi import panel
    from serviq.web.delphi.models import Invitation, Round
    from serviq.web.org.models import Person

    analyst = Person.objects.get(user__username="analyst")
    c = panel.create(None, analyst, {"title": "Language check"})
    for name in ("Expert A", "Expert B"):
        panel.add_expert(None, analyst, c, {"name": name, "language": lang})
    with time_machine.travel(NOW, tick=False):
        _, links = panel.open_round(None, analyst, c, {"closes_on": "2026-12-31"})
        closed = Invitation.objects.filter(round__in=Round.objects.filter(status="closed")).first()
        assert closed is not None
        Invitation.objects.filter(pk=closed.pk).update(digest=panel.digest("closed-link"))
        pages = [
            client.get(f"/e/{links[0].token}/", {"lang": lang}),
            client.get("/e/closed-link/", {"lang": lang}),
            client.get("/e/no-such-link/", {"lang": lang}),
        ]
    assert [p.status_code for p in pages] == [200, 200, 404]
    data = ["Expert A", "Expert B", closed.expert.name, *demo["data"]]
    found = [f for p in pages for f in problems(p.content.decode(), lang, data)]
    assert not found
