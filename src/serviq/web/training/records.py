"""Every change to training records: schedule a session (from a QA training task or not),
record attendance, import a question bank, assemble a test, take it, mark short answers,
import results. Each checks the core's rules inside one transaction and writes an audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.errors import InvalidInput, ValidationFailed, Where
from serviq.training import bank as core_bank
from serviq.training import results as core_results
from serviq.training import sessions as core_sessions
from serviq.web.audit.trail import record
from serviq.web.indicatordata.systems import read_uploaded
from serviq.web.org.models import Person, Team
from serviq.web.privacy import mask
from serviq.web.qa.models import TrainingTask
from serviq.web.training.models import (
    Attempt,
    Invitation,
    KnowledgeTest,
    QuestionBank,
    TrainingSession,
)


def first_problem(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``read``, with a file's first problem raised as the one error line (file, row,
    column) instead of a count of problems."""

    def checked(path: Any) -> Any:
        try:
            return read(path)
        except ValidationFailed as exc:
            first = exc.problems[0]
            raise InvalidInput(first.message, where=first.where) from None

    return checked


def core_session(s: TrainingSession) -> core_sessions.Session:
    """The stored session as the core's value (invited, attendance)."""
    inv = list(s.invitations.select_related("person"))
    return core_sessions.Session(
        s.topic,
        s.kind,
        s.trainer.code,
        s.start,
        s.minutes,
        tuple(i.person.code for i in inv),
        {i.person.code: i.status for i in inv if i.status},
    )


def schedule(
    person: Person,
    *,
    team: Team,
    topic: str,
    kind: str,
    start: dt.datetime,
    minutes: int,
    invited: list[Person],
    qa_task: TrainingTask | None = None,
    qa_items: list[str] | None = None,
    material_link: str = "",
    material: Any = None,
    request: HttpRequest | None = None,
) -> TrainingSession:
    """A new session for ``team``; the core checks kind, length and invitations. A QA
    training task scheduled this way moves from planned to scheduled."""
    if not topic.strip():
        raise InvalidInput("the topic is empty", where=Where(field="topic"))
    outside = [p.code for p in invited if p.team_id != team.pk]
    if outside:
        raise InvalidInput(
            f"{', '.join(outside)} not in team {team.code}; invite the team's people",
            where=Where(field="invited"),
        )
    if not invited:
        raise InvalidInput(
            "nobody is invited; choose the team or agents", where=Where(field="invited")
        )
    core_sessions.Session(  # the core checks the kind, the length and the invitations
        topic,
        kind,  # type: ignore[arg-type]
        person.code,
        start,
        minutes,
        tuple(p.code for p in invited),
    )
    name, blob = "", None
    if material is not None:
        name, blob = Path(str(material.name)).name, material.read()
    if qa_task is not None and not qa_items:
        qa_items = [qa_task.item]
    with transaction.atomic():
        s = TrainingSession.objects.create(
            topic=mask(topic.strip()),
            kind=kind,
            trainer=person,
            start=start,
            minutes=minutes,
            team=team,
            qa_task=qa_task,
            qa_items=list(qa_items or []),
            material_link=material_link.strip(),
            material_name=name,
            material_file=blob,
            created_by=person,
            created_at=timezone.now(),
        )
        Invitation.objects.bulk_create([Invitation(session=s, person=p) for p in invited])
        if qa_task is not None and qa_task.status == "planned":
            from serviq.web.qa import actions as qa_actions

            qa_actions.update_task(qa_task, person, to="scheduled", request=request)
        record(
            "training.schedule",
            request=request,
            obj=s,
            after={
                "topic": s.topic,
                "kind": kind,
                "start": start.isoformat(),
                "minutes": minutes,
                "team": team.code,
                "invited": [p.code for p in invited],
                "qa_task": qa_task.code if qa_task else None,
            },
        )
    return s


def take_attendance(
    s: TrainingSession,
    marks: Mapping[str, str],
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> TrainingSession:
    """Record ``person code → present | leave | absent``; an empty mark leaves it as it is."""
    with transaction.atomic():
        s = TrainingSession.objects.select_for_update().get(pk=s.pk)
        value = core_session(s)
        before = dict(value.attendance)
        for code, status in marks.items():
            if status:
                value = value.record(code, status)  # type: ignore[arg-type]
        changed = {c: st for c, st in value.attendance.items() if before.get(c) != st}
        at = now or timezone.now()
        for inv in s.invitations.select_related("person").filter(person__code__in=list(changed)):
            inv.status, inv.recorded_at = changed[inv.person.code], at
            inv.save(update_fields=["status", "recorded_at"])
        if changed:
            record("training.attendance", request=request, obj=s, before=before, after=changed)
    return s


def import_bank(person: Person, upload: Any, *, request: HttpRequest | None = None) -> QuestionBank:
    """A bank YAML checked whole by the core (file, line, field); importing the same code
    again replaces it (the tests keep the question ids they were assembled from)."""
    if upload is None:
        raise InvalidInput("no file; allowed: a question bank YAML", where=Where(field="file"))
    name = Path(str(upload.name)).name
    if Path(name).suffix.lower() not in (".yaml", ".yml"):
        raise InvalidInput("a question bank is a YAML file (.yaml)", where=Where(file=name))
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text", where=Where(file=name)) from None
    from serviq.yamlfile import load_model

    bank = first_problem(lambda p: load_model(core_bank.Bank, p, text=text))(name)
    code = Path(name).stem[:64]
    data = bank.model_dump(mode="json", by_alias=True)
    with transaction.atomic():
        row, created = QuestionBank.objects.update_or_create(
            code=code,
            defaults={
                "topic": bank.topic.as_dict(),
                "data": data,
                "imported_by": person,
                "imported_at": timezone.now(),
            },
        )
        record(
            "training.bank",
            request=request,
            obj=row,
            after={"code": code, "questions": len(bank.questions), "new": created},
        )
    return row


def bank_of(test: KnowledgeTest) -> core_bank.Bank:
    """The test's questions as a core bank (in the test's order)."""
    qs = {q["id"]: q for q in test.bank.data["questions"]}
    return core_bank.Bank.model_validate(
        {"topic": test.bank.data["topic"], "questions": [qs[i] for i in test.questions if i in qs]}
    )


def make_test(
    person: Person,
    *,
    bank: QuestionBank,
    team: Team,
    title: str,
    minutes: int,
    session: TrainingSession | None = None,
    questions: list[str] | None = None,
    request: HttpRequest | None = None,
) -> KnowledgeTest:
    ids = [q["id"] for q in bank.data["questions"]]
    chosen = [q for q in (questions or ids) if q]
    unknown = [q for q in chosen if q not in ids]
    if unknown:
        raise InvalidInput(
            f"unknown question {unknown[0]!r}; allowed: {', '.join(ids)}",
            where=Where(field="questions"),
        )
    if not 1 <= minutes <= 240:
        raise InvalidInput(
            f"a time limit of {minutes} minutes; allowed: 1 to 240", where=Where(field="minutes")
        )
    with transaction.atomic():
        t = KnowledgeTest.objects.create(
            title=title.strip() or bank.topic.get("en", bank.code),
            bank=bank,
            questions=chosen,
            minutes=minutes,
            team=team,
            session=session,
            created_by=person,
            created_at=timezone.now(),
        )
        record(
            "training.test", request=request, obj=t, after={"bank": bank.code, "team": team.code}
        )
    return t


def start(test: KnowledgeTest, person: Person, now: dt.datetime | None = None) -> Attempt:
    """The person's attempt, started the first time they open the test."""
    attempt, _ = Attempt.objects.get_or_create(
        test=test, person=person, defaults={"started_at": now or timezone.now()}
    )
    return attempt


def deadline(attempt: Attempt) -> dt.datetime:
    return attempt.started_at + dt.timedelta(minutes=attempt.test.minutes)


def _score(
    bank: core_bank.Bank, answers: Mapping[str, Any], marks: Mapping[str, float]
) -> tuple[dict[str, float], bool]:
    scoring = core_bank.load_scoring()
    points: dict[str, float] = {}
    pending = False
    for q in bank.questions:
        if q.kind == "short":
            if q.id in marks:
                points[q.id] = core_bank.score(q, None, mark=marks[q.id], scoring=scoring)
            elif answers.get(q.id):
                pending = True
            else:
                points[q.id] = 0.0
            continue
        raw = answers.get(q.id)
        if raw in (None, "", []):
            points[q.id] = 0.0
            continue
        text = ";".join(raw) if isinstance(raw, list) else str(raw)
        parsed = core_bank.parse_answer(q, text, Where(field=q.id))
        points[q.id] = core_bank.score(q, parsed, scoring=scoring)
    return points, pending


def _total(attempt: Attempt, bank: core_bank.Bank) -> None:
    if attempt.pending:
        attempt.total = attempt.share = attempt.passed = None
        return
    total = sum(attempt.points.values())
    attempt.total = total
    attempt.share = total / bank.total_points
    attempt.passed = attempt.share >= core_bank.load_scoring().pass_mark


def submit(
    attempt: Attempt,
    answers: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Attempt:
    """Score the answers (choice and true/false at once; a short answer waits for a lead's
    mark). After the time limit (and the grace of ``training/scoring.yaml``) the answers are not taken: the
    attempt closes with what it had, which is nothing."""
    now = now or timezone.now()
    bank = bank_of(attempt.test)
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("test", "test__bank")
            .get(pk=attempt.pk)
        )
        if attempt.submitted_at is not None:
            raise InvalidInput("this test was handed in already", where=Where(field="test"))
        grace = dt.timedelta(seconds=core_bank.load_scoring().late_grace_seconds)
        late = now > deadline(attempt) + grace
        kept = {} if late else {q.id: answers.get(q.id) for q in bank.questions}
        points, pending = _score(bank, kept, {})
        # a short answer is free text: personal data (a customer's card number) masked
        attempt.answers = {
            k: mask(v) if bank.question(k) is not None and bank.question(k).kind == "short" else v  # type: ignore[union-attr]
            for k, v in kept.items()
            if v not in (None, "", [])
        }
        attempt.points, attempt.pending, attempt.late = points, pending, late
        attempt.submitted_at = now
        _total(attempt, bank)
        attempt.save()
        record(
            "training.attempt",
            request=request,
            obj=attempt,
            after={"test": attempt.test_id, "total": attempt.total, "late": late},
        )
    return attempt


def mark(
    attempt: Attempt, marks: Mapping[str, str], *, request: HttpRequest | None = None
) -> Attempt:
    """A lead's marks of the short answers (0 to the question's points)."""
    bank = bank_of(attempt.test)
    parsed: dict[str, float] = {}
    for q in bank.questions:
        raw = (marks.get(q.id) or "").strip()
        if q.kind != "short" or not raw:
            continue
        try:
            parsed[q.id] = float(raw)
        except ValueError:
            raise InvalidInput(f"mark {raw!r} is not a number", where=Where(field=q.id)) from None
        core_bank.score(q, None, mark=parsed[q.id])  # checks 0 ≤ mark ≤ points
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        before = dict(attempt.points)
        points = {**attempt.points, **parsed}
        shorts = [q.id for q in bank.questions if q.kind == "short"]
        attempt.points = points
        attempt.pending = any(q not in points for q in shorts)
        _total(attempt, bank)
        attempt.save()
        record("training.mark", request=request, obj=attempt, before=before, after=parsed)
    return attempt


def import_results(
    test: KnowledgeTest, upload: Any, *, request: HttpRequest | None = None
) -> dict[str, int]:
    """An answers file (``person``, ``question``, ``answer``, ``mark``) scored by the core,
    every row checked first; then one transaction. The person is a code of the test's team.
    Importing the same file again changes nothing."""
    bank = bank_of(test)
    scores = read_uploaded(upload, first_problem(lambda p: core_results.score_answers(p, bank)))
    people = {p.code: p for p in Person.objects.filter(team=test.team)}
    name = Path(str(upload.name)).name
    for s in scores:
        if s.person not in people:
            raise InvalidInput(
                f"{s.person!r} is not a person of team {test.team.code}; "
                "allowed: the codes of the team's people",
                where=Where(file=name, column="person"),
            )
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    now = timezone.now()
    with transaction.atomic():
        for s in scores:
            values = {
                "source": "import",
                "points": s.points,
                "total": s.total,
                "share": s.share,
                "passed": s.passed,
                "pending": False,
                "late": False,
            }
            row = (
                Attempt.objects.select_for_update()
                .filter(test=test, person=people[s.person])
                .first()
            )
            if row is None:
                Attempt.objects.create(
                    test=test, person=people[s.person], started_at=now, submitted_at=now, **values
                )
                counts["added"] += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                row.submitted_at = row.submitted_at or now
                row.save()
                counts["changed"] += 1
            else:
                counts["unchanged"] += 1
        record("training.import", request=request, obj=test, after={"file": name, **counts})
    return counts
