"""The training pages under ``/training/``: sessions (schedule, from a QA training task or
not; attendance; conflicts with the roster; did it work), question banks and tests (import,
assemble, take on a phone, mark, import results), the agent's own page and the archive.

Every view starts with :mod:`serviq.web.training.access`; every change goes through
:mod:`serviq.web.training.records`; bad input is a 400 with one line (the error middleware).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from serviq.errors import InvalidInput, NotFound, Where
from serviq.training.sessions import KINDS
from serviq.web.labels import lang
from serviq.web.org import access as org_access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.qa import access as qa_access
from serviq.web.qa import core as qa_core
from serviq.web.training import access, archive, effect, records, roster
from serviq.web.training.models import QuestionBank, TrainingSession
from serviq.web.uploads import uploaded


def _int(value: str | None, name: str, default: int | None = None) -> int:
    try:
        return int(value) if value not in (None, "") else int(default)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(f"{value!r} is not a whole number", where=Where(field=name)) from None


def _start(text: str) -> dt.datetime:
    try:
        naive = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a date and time; allowed: YYYY-MM-DD HH:MM",
            where=Where(field="start"),
        ) from None
    return naive.replace(tzinfo=settings.SERVIQ.zone) if naive.tzinfo is None else naive


@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponse:
    """The sessions in scope and (for those who schedule) the form; ``?task=CODE`` fills it
    from a QA training plan's task."""
    person = org_access.require(request.user, access.READ)
    if request.method == "POST":
        org_access.require(request.user, access.SCHEDULE)
        s = _schedule(request, person)
        return redirect(reverse("training-session", args=[s.pk]))
    task = None
    if request.GET.get("task"):
        task, _ = qa_access.get_task_for(request.user, request.GET["task"])
    teams = access.teams_of(person).order_by("code")
    rows = access.sessions_for(request.user).prefetch_related("invitations")[:100]
    return render(
        request,
        "training/sessions.html",
        {
            "rows": rows,
            "can_schedule": Role(person.role) in access.SCHEDULE,
            "teams": teams,
            "kinds": KINDS,
            "task": task,
            "items": qa_core.card().item_codes,
            "members": Person.objects.filter(team__in=teams, role="agent", active=True).order_by(
                "code"
            ),
        },
    )


def _schedule(request: HttpRequest, person: Person) -> Any:
    p = request.POST
    team = access.teams_of(person).filter(code=p.get("team", "")).first()
    if team is None:
        raise NotFound(f"no team {p.get('team', '')} in your scope")
    task = None
    if p.get("task"):
        task, _ = qa_access.get_task_for(request.user, p["task"])
    codes = [c for c in p.getlist("agents") if c]
    if codes:
        invited = list(Person.objects.filter(code__in=codes, active=True))
        missing = sorted(set(codes) - {i.code for i in invited})
        if missing:
            raise InvalidInput(f"no person {missing[0]}", where=Where(field="agents"))
    else:
        invited = list(Person.objects.filter(team=team, role="agent", active=True))
    items = [i for i in p.getlist("qa_items") if i]
    unknown = [i for i in items if i not in qa_core.card().item_codes]
    if unknown:
        raise InvalidInput(f"unknown QA item {unknown[0]!r}", where=Where(field="qa_items"))
    return records.schedule(
        person,
        team=team,
        topic=p.get("topic", ""),
        kind=p.get("kind", ""),
        start=_start(p.get("start", "")),
        minutes=_int(p.get("minutes"), "minutes"),
        invited=invited,
        qa_task=task,
        qa_items=items,
        material_link=p.get("material_link", ""),
        material=uploaded(request, "material"),
        request=request,
    )


@require_http_methods(["GET", "POST"])
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """One session: who is invited and their attendance (recorded here), conflicts with the
    roster, its materials and tests."""
    s, person = access.get_session_for(request.user, pk)
    if request.method == "POST":
        s, person = access.get_session_for(request.user, pk, access.SCHEDULE)
        marks = {k[7:]: v for k, v in request.POST.items() if k.startswith("status_")}
        records.take_attendance(s, marks, request=request)
        return redirect(reverse("training-session", args=[s.pk]))
    return render(
        request,
        "training/session.html",
        {
            "s": s,
            "invitations": s.invitations.select_related("person"),
            "conflicts": roster.conflicts(s),
            "tests": s.tests.all(),
            "can_edit": Role(person.role) in access.SCHEDULE,
            "statuses": ("present", "leave", "absent"),
            "banks": QuestionBank.objects.all(),
        },
    )


@require_GET
def material(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's material file: for those who see the session, and its invited."""
    person = org_access.require(request.user, access.ALL)
    if Role(person.role) == Role.AGENT:
        found = TrainingSession.objects.filter(pk=pk, invitations__person=person).first()
    else:
        found = access.sessions_for(request.user).filter(pk=pk).first()
    if found is None or found.material_file is None:
        raise NotFound(f"no training session {pk} in your scope")
    response = HttpResponse(bytes(found.material_file), content_type="application/octet-stream")
    name = (found.material_name or "material").replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def session_effect(request: HttpRequest, pk: int) -> HttpResponse:
    """Did it work: the targeted QA items before and after, trained against untrained."""
    s, _ = access.get_session_for(request.user, pk)
    return render(
        request, "training/effect.html", {"s": s, "result": effect.session_effect(s, lang())}
    )


@require_http_methods(["GET", "POST"])
def tests(request: HttpRequest) -> HttpResponse:
    """Question banks (import YAML) and tests (assemble one from a bank)."""
    person = org_access.require(request.user, access.READ)
    if request.method == "POST":
        org_access.require(request.user, access.SCHEDULE)
        if request.POST.get("action") == "bank":
            records.import_bank(person, uploaded(request, "file"), request=request)
            return redirect(reverse("training-tests"))
        bank = QuestionBank.objects.filter(code=request.POST.get("bank", "")).first()
        if bank is None:
            raise NotFound(f"no question bank {request.POST.get('bank', '')}")
        team = access.teams_of(person).filter(code=request.POST.get("team", "")).first()
        if team is None:
            raise NotFound(f"no team {request.POST.get('team', '')} in your scope")
        s = None
        if request.POST.get("session"):
            s, _ = access.get_session_for(request.user, request.POST["session"])
        t = records.make_test(
            person,
            bank=bank,
            team=team,
            title=request.POST.get("title", ""),
            minutes=_int(request.POST.get("minutes"), "minutes", 20),
            session=s,
            request=request,
        )
        return redirect(reverse("training-test", args=[t.pk]))
    return render(
        request,
        "training/tests.html",
        {
            "banks": QuestionBank.objects.all(),
            "tests": access.knowledge_tests_for(request.user)[:100],
            "teams": access.teams_of(person).order_by("code"),
            "can_edit": Role(person.role) in access.SCHEDULE,
            "lang": lang(),
        },
    )


@require_http_methods(["GET", "POST"])
def knowledge_test(request: HttpRequest, pk: int) -> HttpResponse:
    """A test's attempts; leads mark short answers and import results from a file."""
    t, person = access.get_knowledge_test(request.user, pk)
    if request.method == "POST":
        t, person = access.get_knowledge_test(request.user, pk, access.SCHEDULE)
        if request.POST.get("action") == "import":
            records.import_results(t, uploaded(request, "file"), request=request)
        else:
            a = t.attempts.filter(pk=_int(request.POST.get("attempt"), "attempt")).first()
            if a is None:
                raise NotFound(f"no attempt {request.POST.get('attempt')} of this test")
            marks = {k[5:]: v for k, v in request.POST.items() if k.startswith("mark_")}
            records.mark(a, marks, request=request)
        return redirect(reverse("training-test", args=[t.pk]))
    bank = records.bank_of(t)
    shorts = [q for q in bank.questions if q.kind == "short"]
    return render(
        request,
        "training/test.html",
        {
            "t": t,
            "attempts": t.attempts.select_related("person"),
            "shorts": [
                {"id": q.id, "text": q.text.get(lang()), "points": q.points} for q in shorts
            ],
            "can_edit": Role(person.role) in access.SCHEDULE,
        },
    )


@require_http_methods(["GET", "POST"])
def take(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent takes a test: the clock starts when the page is first opened."""
    t, person = access.knowledge_test_to_take(request.user, pk)
    attempt = records.start(t, person)
    if request.method == "POST" and attempt.submitted_at is None:
        bank = records.bank_of(t)
        answers: dict[str, Any] = {}
        for q in bank.questions:
            if q.kind == "multiple":
                answers[q.id] = request.POST.getlist(f"q_{q.id}")
            else:
                answers[q.id] = request.POST.get(f"q_{q.id}", "").strip()
        records.submit(attempt, answers, request=request)
        return redirect(reverse("training-take", args=[t.pk]))
    bank = records.bank_of(t)
    questions = [
        {
            "id": q.id,
            "kind": q.kind,
            "text": q.text.get(lang()),
            "points": q.points,
            "options": [(k, v.get(lang())) for k, v in q.options.items()],
        }
        for q in bank.questions
    ]
    left = max(0, int((records.deadline(attempt) - timezone.now()).total_seconds()))
    return render(
        request,
        "training/take.html",
        {"t": t, "a": attempt, "questions": questions, "seconds_left": left},
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """An agent's invitations and the tests of their team."""
    person = org_access.require(request.user, access.MINE)
    from serviq.web.training.models import Invitation, KnowledgeTest

    invitations = (
        Invitation.objects.select_related("session", "session__trainer")
        .filter(person=person)
        .order_by("-session__start")
    )
    done = {a.test_id: a for a in access.attempts_for(request.user).filter(person=person)}
    tests = [
        {"t": t, "a": done.get(t.pk)}
        for t in KnowledgeTest.objects.filter(team_id=person.team_id).order_by("-created_at")
    ]
    return render(request, "training/mine.html", {"invitations": invitations, "tests": tests})


@require_GET
def archive_page(request: HttpRequest) -> HttpResponse:
    reader, who = access.archive_person(request.user, request.GET.get("person") or None)
    data = archive.entries(reader, who)
    return render(
        request,
        "training/archive.html",
        {
            "rows": data,
            "who": who,
            "people": access.people_of(reader).filter(role="agent").order_by("code")
            if Role(reader.role) != Role.AGENT
            else [],
        },
    )


@require_GET
def archive_export(request: HttpRequest, fmt: str) -> HttpResponse:
    reader, who = access.archive_person(request.user, request.GET.get("person") or None)
    return archive.export(fmt, archive.entries(reader, who))
