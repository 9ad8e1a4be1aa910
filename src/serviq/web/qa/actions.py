"""Changing QA state: make the month's plan, start, score, dispute and decide a review, make
and track the training plan, load reviews (the demo).

Each action is one transaction with its audit row. The rules are
:mod:`serviq.qa`'s: an action asks the core, which raises PermissionDenied (403), Conflict
(409) or InvalidInput (400) with the rule's reason when it refuses.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from typing import Any

import pandas as pd
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from serviq.errors import Conflict, InvalidInput
from serviq.messages import error
from serviq.qa import reviews as qa_reviews
from serviq.qa import sampling, training
from serviq.qa.decisions import Decision
from serviq.web.audit.trail import record
from serviq.web.dashboard.models import Interaction
from serviq.web.org.models import Person, Team
from serviq.web.privacy import mask
from serviq.web.qa import core
from serviq.web.qa.models import (
    TASK_STATUSES,
    CalibrationSession,
    Review,
    SamplingPlan,
    TrainingTask,
)


def _dept(person: Person | None) -> Any:
    return getattr(person, "department", None) if person is not None else None


def interactions_frame(month: str) -> pd.DataFrame:
    """The month's interactions (± a day for the zone) in the canonical columns."""
    first, nxt = sampling.parse_month(month)
    start = dt.datetime.combine(first, dt.time(), dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime.combine(nxt, dt.time(), dt.UTC) + dt.timedelta(days=1)
    rows = Interaction.objects.filter(
        arrived_at__gte=start, arrived_at__lt=end, agent__isnull=False
    ).values_list(
        "interaction_id",
        "agent__code",
        "team__code",
        "channel",
        "contact_type",
        "arrived_at",
        "answered_at",
        "ended_at",
        "hold_seconds",
        "wrapup_seconds",
        "abandoned",
        "csat",
    )
    cols = [
        "interaction_id",
        "agent_id",
        "team_id",
        "channel",
        "contact_type",
        "arrived_at",
        "answered_at",
        "ended_at",
        "hold_seconds",
        "wrapup_seconds",
        "abandoned",
        "csat",
    ]
    frame = pd.DataFrame(list(rows), columns=cols)
    for c in ("arrived_at", "answered_at", "ended_at"):
        frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame


def staff_frame() -> pd.DataFrame:
    people = Person.objects.filter(active=True, role__in=("agent", "qa_inspector"))
    return pd.DataFrame(
        [
            {"person_id": p.code, "role": p.role, "team_id": p.team.code if p.team_id else None}
            for p in people.select_related("team")
        ],
        columns=["person_id", "role", "team_id"],
    )


def make_plan(
    month: str, *, seed: int = 0, request: HttpRequest | None = None, actor: Any = None
) -> SamplingPlan:
    """The month's sampling plan from the interactions in the database (``serviq.qa.sampling``);
    one assigned review per drawn contact. A month has one plan (a second is a 409)."""
    rules = core.rules()
    plan = sampling.make_plan(
        interactions_frame(month), staff_frame(), month, rules.sampling, seed=seed
    )
    people = {p.code: p for p in Person.objects.select_related("team")}
    ixs = {
        i.interaction_id: i
        for i in Interaction.objects.filter(
            interaction_id__in=list(plan.assignments["interaction"])
        )
    }
    key = core.card().key
    with transaction.atomic():
        if SamplingPlan.objects.select_for_update().filter(month=month).exists():
            raise error(Conflict, "qa.plan_exists", month=month)
        row = SamplingPlan.objects.create(
            month=month,
            seed=seed,
            min_per_agent=plan.min_per_agent,
            max_per_agent=plan.max_per_agent,
            per_agent=plan.per_agent.to_dict(orient="records"),
            loads=dict(plan.loads),
            notes=[r.as_dict() for r in plan.notes],
            created_by=actor if actor is not None else getattr(request, "user", None),
        )
        reviews = []
        for i, a in enumerate(plan.assignments.itertuples(index=False), start=1):
            agent = people[a.agent]
            reviews.append(
                Review(
                    code=f"P{month.replace('-', '')}-{i:05d}",
                    month=month,
                    plan=row,
                    interaction=ixs[a.interaction],
                    agent=agent,
                    agent_team=agent.team,
                    inspector=people[a.inspector],
                    scorecard=key,
                )
            )
        Review.objects.bulk_create(reviews, batch_size=1000)
        record(
            "qa.plan",
            request=request,
            actor=actor,
            obj=row,
            after={"month": month, "seed": seed, "reviews": len(reviews), "notes": len(plan.notes)},
        )
    return row


def start_review(
    interaction: Interaction, inspector: Person, *, request: HttpRequest | None = None
) -> Review:
    """An inspector reviews a contact outside the plan; the no-own-team rule applies
    (``serviq.qa.sampling.check_assignment``, 403 with its reason)."""
    agent = interaction.agent
    if agent is None:
        raise error(InvalidInput, "qa.no_agent", interaction=interaction.interaction_id)
    Decision.of(
        sampling.check_assignment(
            inspector.code,
            inspector.team.code if inspector.team_id else None,
            agent.code,
            agent.team.code if agent.team_id else None,
            core.rules().sampling,
        )
    ).raise_if_refused()
    with transaction.atomic():
        if Review.objects.filter(interaction=interaction, inspector=inspector).exists():
            raise error(Conflict, "qa.reviewed", inspector=inspector.code,
                        interaction=interaction.interaction_id)  # fmt: skip
        row = Review.objects.create(
            code=f"X{interaction.period.replace('-', '')}-{uuid.uuid4().hex[:8]}",
            month=interaction.period,
            interaction=interaction,
            agent=agent,
            agent_team=agent.team,
            inspector=inspector,
            scorecard=core.card().key,
        )
        record(
            "qa.assign",
            request=request,
            obj=row,
            after={"interaction": interaction.interaction_id, "agent": agent.code},
        )
    return row


def _locked(row: Review) -> Review:
    """The review, locked for this transaction (only its own row: PostgreSQL refuses to lock
    the nullable side of the team join)."""
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("interaction", "agent", "agent_team", "inspector")
        .get(pk=row.pk)
    )


def score_review(
    row: Review,
    person: Person,
    ratings: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> tuple[Review, Decision]:
    """The assigned inspector submits the form; the decision's notes name critical failures."""
    at = now or timezone.now()
    with transaction.atomic():
        row = _locked(row)
        before = row.status
        new, decision = qa_reviews.score(
            core.to_core(row),
            core.card(),
            actor=core.actor_of(person),
            at=at,
            ratings=ratings,
            comments={k: mask(v) for k, v in (comments or {}).items() if v.strip()},
        )
        core.store(row, new)
        row.scored_at = at
        row.save()
        record(
            "qa.score",
            request=request,
            obj=row,
            before={"status": before},
            after={
                "status": row.status,
                "score": row.score,
                "critical": [r.code for r in decision.notes],
            },
        )
    return row, decision


def dispute_review(
    row: Review,
    person: Person,
    reason_text: str,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """The reviewed agent disputes once, with a reason."""
    reason_text = mask(reason_text)
    with transaction.atomic():
        row = _locked(row)
        new = qa_reviews.dispute(
            core.to_core(row),
            actor=core.actor_of(person),
            at=now or timezone.now(),
            reason_text=reason_text,
        )
        core.store(row, new)
        row.save()
        record(
            "qa.dispute",
            request=request,
            obj=row,
            before={"status": "scored"},
            after={"status": row.status, "reason": reason_text},
        )
    return row


def decide_review(
    row: Review,
    person: Person,
    reason_text: str,
    ratings: Mapping[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """The agent's team lead or a director upholds or amends a disputed score."""
    reason_text = mask(reason_text)
    with transaction.atomic():
        row = _locked(row)
        before = row.score
        new = qa_reviews.decide(
            core.to_core(row),
            core.card(),
            actor=core.actor_of(person),
            at=now or timezone.now(),
            reason_text=reason_text,
            rules=core.rules().disputes,
            ratings=ratings,
        )
        core.store(row, new)
        row.save()
        record(
            "qa.decide",
            request=request,
            obj=row,
            before={"status": "disputed", "score": before},
            after={"status": row.status, "score": row.score, "ruling": row.ruling},
        )
    return row


def reassign_review(
    row: Review,
    person: Person,
    to_code: str,
    reason_text: str,
    *,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """A review not yet scored goes to another inspector (``serviq.qa.reassignment``): the
    new inspector's row is locked, then the review, and the core checks role, status, own
    team and the inspector's monthly capacity; one audit row ``qa.reassign``."""
    from serviq.qa.reassignment import reassign

    with transaction.atomic():
        target = (
            Person.objects.select_for_update()
            .filter(code=to_code, role="qa_inspector", active=True)
            .first()
        )
        if target is None:
            raise error(InvalidInput, "qa.no_inspector", inspector=to_code[:40])
        row = _locked(row)
        load = Review.objects.filter(inspector=target, month=row.month).count()
        before = row.inspector.code
        new = reassign(
            core.to_core(row),
            actor=core.actor_of(person),
            to=target.code,
            to_team=target.team.code if target.team_id else None,
            month=row.month,
            load=load,
            rules=core.rules(),
            at=now or timezone.now(),
            text=reason_text,
        )
        core.store(row, new)
        row.inspector = target
        row.save()
        record(
            "qa.reassign",
            request=request,
            obj=row,
            before={"inspector": before},
            after={"inspector": target.code, "reason": reason_text.strip()},
        )
    return row


# ---- training plan ------------------------------------------------------------------------
def _task_core(t: TrainingTask) -> training.TrainingTask:
    from serviq.qa.decisions import reason

    why = reason(t.why.get("code", "training.individual"), **t.why.get("params", {}))
    return training.TrainingTask(
        id=t.code,
        item=t.item,
        scope=t.scope,
        team=t.team.code if t.team_id else None,
        agents=tuple(t.agents),
        why=why,
        due=t.due,
        roll_call=t.roll_call,
        status=t.status,
        owner=t.owner or None,
        note=t.note,
    )


def make_training_plan(
    week: str,
    scored: pd.DataFrame,
    *,
    start: dt.date,
    request: HttpRequest | None = None,
) -> list[TrainingTask]:
    """The week's training tasks from its scored reviews (``serviq.qa.training``)."""
    rules = core.rules()
    tasks = training.training_plan(
        scored,
        core.card(),
        rules.training,
        rules.evaluation,
        start=start,
        prefix=f"TR{week.replace('-', '')}-",
    )
    teams = {t.code: t for t in Team.objects.all()}
    with transaction.atomic():
        if TrainingTask.objects.filter(week=week).exists():
            raise error(Conflict, "qa.training_exists", week=week)
        rows = [
            TrainingTask.objects.create(
                code=t.id,
                week=week,
                item=t.item,
                scope=t.scope,
                team=teams.get(t.team or ""),
                agents=list(t.agents),
                why={"code": t.why.code, "params": dict(t.why.params), **t.why.messages},
                due=t.due,
                roll_call=t.roll_call,
                status=t.status,
                owner=t.owner or "",
                note=t.note,
            )
            for t in tasks
        ]
        record(
            "qa.training_plan",
            request=request,
            object_type="qa.trainingtask",
            object_id=week,
            after={"week": week, "tasks": len(rows)},
        )
    return rows


def update_task(
    task: TrainingTask,
    person: Person,
    *,
    to: str | None = None,
    note: str = "",
    owner: str | None = None,
    due: dt.date | None = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> TrainingTask:
    """Edit a task (owner, due date, note) and/or move it along planned → scheduled → done."""
    note = mask(note)
    with transaction.atomic():
        task = TrainingTask.objects.select_for_update().get(pk=task.pk)
        before = {"status": task.status, "owner": task.owner, "due": task.due.isoformat()}
        value = _task_core(task)
        changes: dict[str, Any] = {}
        if owner is not None:
            changes["owner"] = owner
        if due is not None:
            changes["due"] = due
        if note and to != "done":
            changes["note"] = note
        if changes:
            value = training.edit(value, **changes)
        if to:
            if to not in TASK_STATUSES:
                raise error(
                    InvalidInput, "action.status", status=to, allowed=", ".join(TASK_STATUSES)
                )
            value = training.advance(
                value,
                to,
                actor=person.code,
                at=now or timezone.now(),
                note=note,
            )
        task.status, task.owner, task.due, task.note = (
            value.status,
            value.owner or "",
            value.due,
            value.note,
        )
        task.history = [*task.history, *[list(h) for h in value.history]]
        task.save()
        record(
            "qa.training_task",
            request=request,
            obj=task,
            before=before,
            after={"status": task.status, "owner": task.owner, "due": task.due.isoformat()},
        )
    return task


# ---- the demo -----------------------------------------------------------------------------
def _aware(value: Any) -> dt.datetime:
    ts = pd.Timestamp(value).floor("us")
    return (ts if ts.tzinfo is not None else ts.tz_localize("UTC")).to_pydatetime()


def load_reviews(reviews: pd.DataFrame, *, plan_months: bool = True) -> int:
    """Store already-scored reviews (the demo's ``qa_reviews`` table: ``review_id``,
    ``month``, ``interaction_id``, ``agent_id``, ``inspector_id``, ``reviewed_at`` and one
    column per item), scored by ``serviq.qa.scoring.score_table``."""
    from serviq.qa.scoring import score_table

    c = core.card()
    scored = score_table(reviews, c)
    people = {p.code: p for p in Person.objects.select_related("team")}
    ixs = {
        i.interaction_id: i
        for i in Interaction.objects.filter(interaction_id__in=list(scored["interaction_id"]))
    }
    rows = []
    for r in scored.to_dict("records"):
        ix = ixs.get(str(r["interaction_id"]))
        agent, inspector = people.get(str(r["agent_id"])), people.get(str(r["inspector_id"]))
        if ix is None or agent is None or inspector is None:
            continue
        ratings = {code: (None if pd.isna(r[code]) else r[code]) for code in c.item_codes}
        parsed = {
            code: (None if v is None else core.parse(c, code, v)) for code, v in ratings.items()
        }
        rows.append(
            Review(
                code=str(r["review_id"]),
                month=str(r["month"]),
                interaction=ix,
                agent=agent,
                agent_team=agent.team,
                inspector=inspector,
                scorecard=c.key,
                status="scored",
                ratings=parsed,
                score=float(r["score"]),
                scored_at=_aware(r["reviewed_at"]),
                history=[{"action": "score", "actor": inspector.code, "note": "demo"}],
            )
        )
    with transaction.atomic():
        Review.objects.bulk_create(rows, batch_size=1000)
        record(
            "qa.load",
            object_type="qa.review",
            object_id="demo",
            after={"reviews": len(rows)},
        )
    return len(rows)


def score_plan_from(
    plan: SamplingPlan, ratings: pd.DataFrame, *, share: float, now: dt.datetime | None = None
) -> int:
    """The demo: score about ``share`` of the plan's reviews with rows of ``ratings`` (one
    column per item), as if the inspectors were part-way through the month, each a day after
    its contact — so none whose contact ended less than a day before ``now``. Scored by
    ``serviq.qa.scoring.score_ratings``; one audit row."""
    from serviq.qa.scoring import parse_ratings, score_ratings

    c = core.card()
    rows = ratings[list(c.item_codes)].to_dict("records")
    if not rows:
        return 0
    reviews = list(plan.reviews.select_related("interaction", "inspector").order_by("code"))
    done = []
    for i, r in enumerate(reviews):
        if (i * 7919) % 100 >= share * 100:
            continue
        raw = {k: (None if pd.isna(v) else v) for k, v in rows[i % len(rows)].items()}
        parsed = parse_ratings(c, raw)
        result = score_ratings(c, parsed)
        ended = r.interaction.ended_at or r.interaction.arrived_at
        if now is not None and ended + dt.timedelta(days=1) > now:
            continue  # not due yet
        r.status, r.ratings, r.result, r.score = "scored", parsed, result.as_dict(), result.score
        r.scored_at = ended + dt.timedelta(days=1)
        r.history = [{"action": "score", "actor": r.inspector.code, "note": "demo"}]
        done.append(r)
    with transaction.atomic():
        Review.objects.bulk_update(
            done, ["status", "ratings", "result", "score", "scored_at", "history"], batch_size=500
        )
        record(
            "qa.load",
            object_type="qa.samplingplan",
            object_id=plan.month,
            after={"scored": len(done), "of": len(reviews)},
        )
    return len(done)


def _json(value: Any) -> Any:
    """NaN and infinities → null (PostgreSQL's jsonb has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return _json(value.item())
    return value


def run_calibration(
    month: str,
    name: str,
    scores: pd.DataFrame,
    *,
    request: HttpRequest | None = None,
) -> CalibrationSession:
    """Store a calibration session (long rows: ``interaction_id``, ``inspector_id``,
    ``item``, ``score``) with its agreement report (``serviq.qa.calibration.calibrate``:
    ICC of the configured Shrout–Fleiss form and Krippendorff's alpha per item, inspector
    bias, items flagged for rewording)."""
    from serviq.qa.calibration import calibrate

    cols = ["interaction_id", "inspector_id", "item", "score"]
    result = calibrate(scores[cols], core.rules().calibration, card=core.card())
    with transaction.atomic():
        row = CalibrationSession.objects.create(
            month=month,
            name=name,
            scores=_json(scores[cols].to_dict(orient="records")),
            result=_json(result.as_dict()),
        )
        record(
            "qa.calibrate",
            request=request,
            obj=row,
            after={"month": month, "rows": len(scores), "flagged": row.result["flagged"]},
        )
    return row
