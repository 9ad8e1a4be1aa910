"""The QA pages: the inspector's assignments and scoring form, the agent's reviews and
disputes, the team QA overview with disputes to decide, the weekly analysis and training plan.

Every view starts with :mod:`serviq.web.qa.access`; every change goes through
:mod:`serviq.web.qa.actions`; every number comes from :mod:`serviq.qa`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import Any

import pandas as pd
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from serviq.errors import InvalidInput, NotFound, ServiqError, ValidationFailed
from serviq.messages import error
from serviq.qa import evaluation, sampling
from serviq.qa import training as qa_training
from serviq.qa.decisions import Lang
from serviq.qa.reviews import SCORED, check_decide, check_dispute
from serviq.qa.scoring import check_submission
from serviq.web.dashboard import records
from serviq.web.dashboard.models import Interaction
from serviq.web.errors import shown_error
from serviq.web.org import access as org_access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.qa import access, actions, calibration_upload, core
from serviq.web.qa.models import CalibrationSession, Review, SamplingPlan

LANGS: dict[str, Lang] = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}


def lang() -> Lang:
    return LANGS.get((get_language() or "zh-hans").lower(), "en")


def _month(request: HttpRequest, qs: Any = None) -> str:
    asked = records.checked({"period": request.GET.get("month", "")}, ("period",)).get("period")
    if asked:
        return str(asked)
    if qs is not None:
        latest = qs.order_by("-month").values_list("month", flat=True).first()
        if latest:
            return str(latest)
    return timezone.localdate().strftime("%Y-%m")


def _num(v: Any) -> Any:
    return None if isinstance(v, float) and not math.isfinite(v) else v


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _num(v) for k, v in r.items()} for r in df.to_dict(orient="records")]


# ---- the inspector ------------------------------------------------------------------------
def assignments_data(user: Any, month: str | None, today: dt.date | None = None) -> dict[str, Any]:
    """The inspector's reviews of the month and their progress against the plan."""
    person = org_access.require(user, access.ASSIGNMENTS)
    mine = access.reviews_in_scope(person).filter(inspector=person)
    month = month or (mine.order_by("-month").values_list("month", flat=True).first() or "")
    month = month or timezone.localdate().strftime("%Y-%m")
    rows = list(mine.filter(month=month))
    planned: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = planned.setdefault(
            r.agent.code,
            {"agent": r.agent.code, "team": r.agent_team.code if r.agent_team else None},
        )
        p["planned"] = p.get("planned", 0) + 1
    per_agent = pd.DataFrame(
        [{**p, "quota": p["planned"], "available": p["planned"]} for p in planned.values()],
        columns=sampling.PER_AGENT_COLUMNS,
    )
    plan = sampling.Plan(
        month=month,
        seed=0,
        assignments=pd.DataFrame(columns=sampling.ASSIGNMENT_COLUMNS),
        per_agent=per_agent,
        loads={person.code: len(rows)},
        notes=(),
        min_per_agent=core.rules().sampling.min_per_agent,
        max_per_agent=core.rules().sampling.max_per_agent,
    )
    done = pd.DataFrame({"agent_id": [r.agent.code for r in rows if r.status != "assigned"]})
    prog = sampling.progress(plan, done, today or timezone.localdate(), core.rules().sampling)
    return {
        "month": month,
        "inspector": person.code,
        "reviews": [review_row(r) for r in rows],
        "progress": _records(prog.table),
        "done_share": _num(prog.done_share),
        "notes": [n.as_dict(lang()) for n in prog.notes],
    }


def review_row(r: Review) -> dict[str, Any]:
    ix = r.interaction
    return {
        "code": r.code,
        "month": r.month,
        "interaction": ix.interaction_id,
        "channel": ix.channel,
        "contact_type": ix.contact_type,
        "queue": ix.queue,
        "agent": r.agent.code,
        "team": r.agent_team.code if r.agent_team else None,
        "inspector": r.inspector.code,
        "status": r.status,
        "score": r.score,
        "disputed": r.disputed_at is not None,
    }


@require_GET
def assignments(request: HttpRequest) -> HttpResponse:
    data = assignments_data(request.user, request.GET.get("month") and _month(request))
    person = org_access.person_of(request.user)
    can_plan = Role(person.role) in access.PLAN
    return render(request, "qa/assignments.html", {**data, "can_plan": can_plan})


@require_POST
def make_plan(request: HttpRequest) -> HttpResponse:
    org_access.require(request.user, access.PLAN)
    month = records.checked({"period": request.POST.get("month", "")}, ("period",)).get("period")
    if not month:
        raise InvalidInput("give the month of the plan as YYYY-MM")
    seed = request.POST.get("seed", "0")
    if not seed.isdigit():
        raise error(InvalidInput, "form.seed", text=seed)
    actions.make_plan(str(month), seed=int(seed), request=request)
    return redirect(reverse("qa-overview") + f"?month={month}")


def _form_items(lang_: Lang, values: dict[str, Any], comments: dict[str, str]) -> list[Any]:
    card = core.card()
    sections = []
    for s in card.sections:
        items = []
        for it in s.items:
            sc = it.scale
            if sc.kind == "points":
                choices = [(str(v), str(v)) for v in range(sc.min, sc.max + 1)]
            else:
                choices = [("yes", "✓"), ("no", "✗")]
            if it.allow_na:
                choices.append(("na", pgettext("QA rating", "N.A.")))
            v = values.get(it.code)
            items.append(
                {
                    "code": it.code,
                    "name": _name(it.name, lang_),
                    "guide": _name(it.guide, lang_) if it.guide else "",
                    "choices": choices,
                    "value": "" if v is None else _shown(v, sc.kind),
                    "comment": comments.get(it.code, ""),
                    "critical": it.critical,
                    "comment_below": card.comment_threshold(it),
                }
            )
        sections.append({"code": s.code, "name": _name(s.name, lang_), "items": items})
    return sections


def _name(names: Any, lang_: Lang) -> str:
    """A name of the scorecard in the page's language."""
    return str(getattr(names, {"zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}.get(lang_, "en")))


def _shown(v: Any, kind: str) -> str:
    if isinstance(v, str):  # posted back as typed
        return v
    if kind == "yes_no":
        return "yes" if float(v) >= 1 else "no"
    return str(int(float(v)))


@require_GET
def review_page(request: HttpRequest, code: str) -> HttpResponse:
    row, person = access.get_review_for(request.user, code)
    return _render_review(request, row, person)


def _render_review(
    request: HttpRequest,
    row: Review,
    person: Person,
    *,
    errors: dict[str, str] | None = None,
    posted: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    from serviq.web.surveys.models import SurveyResponse

    lang_ = lang()
    actor = core.actor_of(person)
    value = core.to_core(row)
    ix: Interaction = row.interaction
    responses = SurveyResponse.objects.filter(link__interaction=ix)
    can_score = row.status == "assigned" and row.inspector_id == person.pk
    can_dispute = check_dispute(value, actor, "-").ok
    can_decide = check_decide(value, actor, "-", core.rules().disputes).ok
    ratings = dict(posted or {}) or dict(row.ratings or {})
    comments = {
        k[len("comment_") :]: v for k, v in (posted or {}).items() if k.startswith("comment_")
    } or dict(row.comments or {})
    return render(
        request,
        "qa/review.html",
        {
            "review": row,
            "ix": ix,
            "responses": responses,
            "sections": _form_items(lang_, ratings, comments),
            "card_name": _name(core.card().name, lang_),
            "can_score": can_score,
            "can_dispute": can_dispute,
            "can_decide": can_decide,
            "can_reassign": row.status == "assigned"
            and person.role in core.rules().reassignment.by,
            "inspectors": Person.objects.filter(role="qa_inspector", active=True)
            .exclude(pk=row.inspector_id)
            .order_by("code"),
            "errors": errors or {},
            "result": row.result,
        },
        status=status,
    )


def _form_values(request: HttpRequest) -> tuple[dict[str, Any], dict[str, str]]:
    card = core.card()
    ratings: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for code in card.item_codes:
        raw = request.POST.get(code, "").strip()
        # an explicit N.A. stays "na" (the core reads it as N.A.); an item left empty is
        # None, which a critical item may not be (``check_submission``)
        ratings[code] = raw or None
        text = request.POST.get(f"comment_{code}", "").strip()
        if text:
            comments[code] = text
    return ratings, comments


@require_POST
def score(request: HttpRequest, code: str) -> HttpResponse:
    row, person = access.get_review_for(request.user, code)
    ratings, comments = _form_values(request)
    try:
        actions.score_review(row, person, ratings, comments, request=request)
    except (InvalidInput, ValidationFailed) as exc:
        errors = _errors(exc, ratings, comments)
        posted = {**ratings, **{f"comment_{k}": v for k, v in comments.items()}}
        return _render_review(request, row, person, errors=errors, posted=posted, status=400)
    return redirect(reverse("qa-review", args=[code]))


def _errors(exc: Exception, ratings: dict[str, Any], comments: dict[str, str]) -> dict[str, str]:
    """The form's errors by item, in the page's language: the scorecard's own check
    (``serviq.qa.scoring.check_submission``) names the item of every refusal."""
    if isinstance(exc, ValidationFailed):
        return {p.where.field or "": p.message for p in exc.problems}
    out: dict[str, str] = {}
    for r in check_submission(core.card(), ratings, comments).reasons:
        field = str(r.params.get("item", ""))
        out[field] = (out.get(field, "") + " " + r.message(lang())).strip()
    shown = shown_error(exc) if isinstance(exc, ServiqError) else ""
    return out or {"": shown or str(exc)}


@require_POST
def dispute(request: HttpRequest, code: str) -> HttpResponse:
    row, person = access.get_review_for(request.user, code)
    actions.dispute_review(row, person, request.POST.get("reason", ""), request=request)
    return redirect(reverse("qa-review", args=[code]))


@require_POST
def decide(request: HttpRequest, code: str) -> HttpResponse:
    row, person = access.get_review_for(request.user, code)
    ratings = None
    if request.POST.get("verdict") == "amend":
        ratings, _ = _form_values(request)
    actions.decide_review(row, person, request.POST.get("reason", ""), ratings, request=request)
    return redirect(reverse("qa-review", args=[code]))


@require_POST
def reassign(request: HttpRequest, code: str) -> HttpResponse:
    """The QA lead or department director gives a review not yet scored to another
    inspector (the rules file's ``reassignment.by``); the core decides."""
    row, person = access.get_review_for(request.user, code)
    to = request.POST.get("to", "").strip()
    actions.reassign_review(row, person, to, request.POST.get("reason", ""), request=request)
    return redirect(reverse("qa-review", args=[code]))


@require_POST
def start_review(request: HttpRequest, interaction_id: str) -> HttpResponse:
    person = org_access.require(request.user, access.ASSIGNMENTS)
    ix = (
        Interaction.objects.select_related("agent", "agent__team")
        .filter(interaction_id=interaction_id)
        .first()
    )
    if ix is None:
        raise error(NotFound, "qa.no_interaction", interaction=interaction_id)
    row = actions.start_review(ix, person, request=request)
    return redirect(reverse("qa-review", args=[row.code]))


# ---- the agent ----------------------------------------------------------------------------
def scores_data(user: Any, month: str | None, team: str | None = None) -> dict[str, Any]:
    """Agent monthly scores with intervals and the ranking warning, and the defect Pareto,
    over the reviews of the month in the user's scope (``serviq.qa.evaluation``)."""
    person = org_access.require(user, frozenset(Role))
    qs = access.reviews_in_scope(person)
    if not month:
        month = qs.order_by("-month").values_list("month", flat=True).first() or ""
    qs = qs.filter(month=month, status__in=SCORED)
    if team:
        qs = qs.filter(agent_team=org_access.get_team_for(user, team, allowed=frozenset(Role)))
    scored = core.scored_frame(qs)
    rules = core.rules().evaluation
    out: dict[str, Any] = {"month": month, "team": team or "", "n_reviews": len(scored)}
    if scored.empty:
        return {**out, "agents": [], "rankable": None, "notes": [], "pareto": []}
    pareto = evaluation.defect_pareto(scored, core.card(), rules.defect_below)
    # the reliability, the reviews needed and the pooled intervals come from the variance
    # components of the whole centre's month, then apply to the agents in scope: a team
    # lead, a director and an agent see the same reliability for the same agents
    everyone = Review.objects.select_related("interaction", "agent", "agent_team", "inspector")
    centre = core.scored_frame(everyone.filter(month=month, status__in=SCORED))
    comp = evaluation.components(centre["score"], centre["agent_id"].astype(str))
    if Role(person.role) == Role.AGENT:
        scored = centre  # the agent sees only their own row of it
    agents = evaluation.agent_scores(scored, rules, centre=comp)
    if Role(person.role) == Role.AGENT:
        agents = replace(
            agents, table=agents.table[agents.table["agent"] == person.code].reset_index(drop=True)
        )
    d = agents.as_dict(lang())
    return {
        **out,
        "agents": _records(agents.table),
        "level": agents.level,
        "reliability": _num(agents.reliability),
        "reviews_needed": _num(agents.needed),
        "rankable": agents.rankable,
        "notes": d["notes"],
        "pareto": _records(pareto),
    }


def trend_data(person: Person, months: int = 12) -> dict[str, Any]:
    """The monthly QA score of the centre (all reviews: an aggregate) and of each team in
    ``person``'s scope, each with n and its t interval (``serviq.qa.evaluation.trend``),
    over the last ``months`` months with scored reviews."""
    level = core.rules().evaluation.ci_level

    def frame(qs: Any) -> pd.DataFrame:
        rows = list(qs.filter(status__in=SCORED))
        scored = core.scored_frame(rows)
        if scored.empty:
            return scored
        month_of = {r.code: r.month for r in rows}
        scored["month"] = scored["review_id"].map(month_of)
        return scored

    everyone = Review.objects.select_related("interaction", "agent", "agent_team", "inspector")
    centre = frame(everyone)
    if centre.empty:
        return {"months": [], "teams": [], "rows": []}
    shown = sorted(set(centre["month"]))[-months:]
    centre_t = evaluation.trend(centre[centre["month"].isin(shown)], level=level)
    mine = frame(access.reviews_in_scope(person))
    mine = mine[mine["month"].isin(shown) & mine["team_id"].notna()] if not mine.empty else mine
    teams_t = (
        evaluation.trend(mine, by="team_id", level=level) if not mine.empty else pd.DataFrame()
    )
    teams = sorted(set(teams_t["team_id"])) if not teams_t.empty else []
    by_key = {(r["month"], r["team_id"]): r for r in _records(teams_t)} if teams else {}
    rows = [
        {
            "month": c["month"],
            "centre": c,
            "teams": [by_key.get((c["month"], t)) for t in teams],
        }
        for c in _records(centre_t)
    ]
    return {"months": shown, "teams": teams, "rows": rows, "level": level}


@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    person = org_access.require(request.user, access.MY_REVIEWS)
    qs = access.reviews_in_scope(person)  # the core's scope: an agent's own, once scored
    month = _month(request, qs)
    data = scores_data(request.user, month)
    return render(
        request,
        "qa/my_reviews.html",
        {
            **data,
            "reviews": [review_row(r) for r in qs.filter(month=month)],
            "mine": data["agents"][0] if data["agents"] else None,
        },
    )


# ---- team leads and directors -------------------------------------------------------------
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    person = org_access.require(request.user, access.OVERVIEW)
    qs = access.reviews_in_scope(person)
    month = _month(request, qs)
    team = request.GET.get("team") or None
    data = scores_data(request.user, month, team)
    disputes = [review_row(r) for r in qs.filter(status="disputed")]
    return render(
        request,
        "qa/overview.html",
        {
            **data,
            "disputes": disputes,
            "teams": list(org_access.visible_teams(person).values_list("code", flat=True)),
            "can_plan": Role(person.role) in access.PLAN,
            "can_calibrate": Role(person.role) in access.CALIBRATION,
            "has_plan": SamplingPlan.objects.filter(month=month).exists(),
            "trend": trend_data(person),
        },
    )


def weekly_data(user: Any, week: str | None) -> dict[str, Any]:
    """The week's QA analysis (``serviq.qa.training.weekly_analysis``) over the reviews in
    scope, and the week's training tasks."""
    person = org_access.require(user, access.OVERVIEW)
    qs = access.reviews_in_scope(person).filter(status__in=SCORED, scored_at__isnull=False)
    scored = core.scored_frame(qs)
    if not scored.empty:
        scored["week"] = evaluation.week_of(scored["reviewed_at"], core.rules().sampling.timezone)
    weeks = sorted(set(scored["week"])) if not scored.empty else []
    week = week or (weeks[-1] if weeks else "")
    tasks = list(access.tasks_for(user).filter(week=week))
    out: dict[str, Any] = {"week": week, "weeks": weeks, "tasks": tasks}
    this = scored[scored["week"] == week] if week and not scored.empty else scored.iloc[0:0]
    if this.empty:
        return {**out, "analysis": None}
    rules = core.rules()
    wa = qa_training.weekly_analysis(this, core.card(), week, rules.training, rules.evaluation)
    return {
        **out,
        "analysis": {
            "n_reviews": wa.n_reviews,
            "mean_score": _num(wa.mean_score),
            "pareto": _records(wa.pareto),
            "critical": _records(wa.critical),
            "agents_below": _records(wa.agents_below),
            "items_below": _records(wa.items_below),
        },
        "scored": this,
    }


@require_GET
def weekly(request: HttpRequest) -> HttpResponse:
    person = org_access.require(request.user, access.OVERVIEW)
    data = weekly_data(request.user, request.GET.get("week") or None)
    data.pop("scored", None)
    return render(
        request,
        "qa/weekly.html",
        {**data, "can_edit": Role(person.role) in access.TRAINING_EDIT, "lang": lang()},
    )


@require_POST
def make_training(request: HttpRequest) -> HttpResponse:
    org_access.require(request.user, access.TRAINING_EDIT)
    data = weekly_data(request.user, request.POST.get("week") or None)
    if data.get("analysis") is None:
        raise error(InvalidInput, "qa.nothing_to_plan", week=data["week"] or "—")
    year, wk = data["week"].split("-W")
    start = dt.date.fromisocalendar(int(year), int(wk), 7) + dt.timedelta(days=1)
    actions.make_training_plan(data["week"], data["scored"], start=start, request=request)
    return redirect(reverse("qa-weekly") + f"?week={data['week']}")


@require_http_methods(["POST"])
def update_task(request: HttpRequest, code: str) -> HttpResponse:
    task, person = access.get_task_for(request.user, code)
    due = request.POST.get("due") or None
    try:
        due_date = dt.date.fromisoformat(due) if due else None
    except ValueError:
        raise error(InvalidInput, "form.due", text=due) from None
    actions.update_task(
        task,
        person,
        to=request.POST.get("to") or None,
        note=request.POST.get("note", ""),
        owner=request.POST.get("owner") or None,
        due=due_date,
        request=request,
    )
    return redirect(reverse("qa-weekly") + f"?week={task.week}")


@require_http_methods(["GET", "POST"])
def calibration(request: HttpRequest) -> HttpResponse:
    """Calibration sessions: agreement per item (ICC and Krippendorff's alpha with their
    intervals), each inspector's bias, items flagged for rewording. Inspectors and
    directors upload a session's scores (CSV/XLSX, :mod:`serviq.qa.calibration_sheet`):
    validated before anything is written, stored in one transaction, a bad file a 400 with
    one line."""
    person = org_access.require(request.user, access.CALIBRATION)
    if request.method == "POST":
        org_access.require(request.user, access.CALIBRATION_UPLOAD)
        session = calibration_upload.upload(request)
        return redirect(reverse("qa-calibration") + f"#session-{session.pk}")
    sessions = CalibrationSession.objects.order_by("-month", "-pk")[:12]
    return render(
        request,
        "qa/calibration.html",
        {
            "sessions": sessions,
            "can_upload": Role(person.role) in access.CALIBRATION_UPLOAD,
            "month": timezone.localdate().strftime("%Y-%m"),
        },
    )
