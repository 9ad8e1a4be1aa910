"""The coaching page of one agent: QA reviews, KPIs, survey answers and training in one place.

``/qa/coaching/`` lists the agents in the viewer's scope; ``/qa/coaching/<agent>/`` shows one
agent's month. Who may see whom is :mod:`serviq.web.org.access`'s rule (a team lead their
team, a department director their department, the centre-wide roles everyone, an agent only
themself; anyone else is a 404). The reviews are those the core's
:func:`~serviq.qa.reviews.review_scope` lets the viewer see (an agent sees theirs once
scored), the KPIs are :func:`serviq.ops.kpis.compute` by agent on the team's contacts of the
month, and the survey indices are :mod:`serviq.survey.indices`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from serviq.errors import NotFound
from serviq.web.dashboard import records
from serviq.web.dashboard.analysis import interaction_frame
from serviq.web.dashboard.models import Interaction
from serviq.web.org import access as org_access
from serviq.web.org import roles
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.qa import access, core
from serviq.web.qa.models import Review, TrainingTask
from serviq.web.qa.views import _name, lang
from serviq.web.surveys.models import SurveyResponse

#: The KPIs of an agent's own work (queue KPIs belong to queues, not to agents), with their
#: unit: ``s`` seconds, ``%`` a share shown as a percentage, ``n`` a count, ``x`` a mean.
KPIS: tuple[tuple[str, Any, str], ...] = (
    ("handled", pgettext_lazy("coaching KPI", "Contacts handled"), "n"),
    ("aht", pgettext_lazy("coaching KPI", "Average handling time"), "s"),
    ("fcr_rate", pgettext_lazy("coaching KPI", "First-contact resolution"), "%"),
    ("transfer_rate", pgettext_lazy("coaching KPI", "Transfer rate"), "%"),
    ("csat", pgettext_lazy("coaching KPI", "Mean contact rating (1–5)"), "x"),
)

STATUS = {
    "assigned": pgettext_lazy("coaching status", "Assigned"),
    "scored": pgettext_lazy("coaching status", "Scored"),
    "disputed": pgettext_lazy("coaching status", "Disputed"),
    "decided": pgettext_lazy("coaching status", "Decided"),
    "planned": pgettext_lazy("coaching status", "Planned"),
    "scheduled": pgettext_lazy("coaching status", "Scheduled"),
    "done": pgettext_lazy("coaching status", "Done"),
    "cancelled": pgettext_lazy("coaching status", "Cancelled"),
}

CHANNEL = {
    "phone": pgettext_lazy("coaching channel", "Phone"),
    "chat": pgettext_lazy("coaching channel", "Chat"),
    "app": pgettext_lazy("coaching channel", "App"),
    "email": pgettext_lazy("coaching channel", "E-mail"),
    "counter": pgettext_lazy("coaching channel", "Branch counter"),
}


def agents_in_scope(person: Person) -> Any:
    """The agents ``person`` may coach or look at: their own scope's agents; an agent, self."""
    if Role(person.role) == Role.AGENT:
        return Person.objects.filter(pk=person.pk)
    people = Person.objects.filter(role=Role.AGENT.value, active=True).select_related("team")
    return people.filter(team__in=org_access.visible_teams(person)).order_by("team__code", "code")


def get_agent_for(user: Any, code: str) -> tuple[Person, Person]:
    """(viewer, agent) when the agent is in the viewer's scope; else NotFound (404)."""
    viewer = org_access.require(user, roles.ALL)
    agent = agents_in_scope(viewer).filter(code=code).first()
    if agent is None:
        raise NotFound(f"no agent {code} in your scope")
    return viewer, agent


def _finite(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def kpi_rows(agent: Person, month: str) -> list[dict[str, Any]]:
    """The agent's KPIs of the month beside their team's (:func:`serviq.ops.kpis.compute`)."""
    from serviq.indicators.evaluation import _sources
    from serviq.ops.kpis import compute

    if agent.team_id is None:
        return []
    qs = Interaction.objects.filter(period=month, team_id=agent.team_id)
    frame = interaction_frame(qs)
    if frame.empty:
        return []
    sources, owned = _sources(frame)
    try:
        cfg = records.kpi_config()
        by_agent = compute(sources, ["month", "agent"], cfg, settings.TIME_ZONE).rows
        team = compute(sources, ["month"], cfg, settings.TIME_ZONE).rows
    finally:
        if owned:
            sources.close()
    mine = by_agent[by_agent["agent"].astype(str) == agent.code]
    own = mine.iloc[0].to_dict() if len(mine) else {}
    whole = team.iloc[0].to_dict() if len(team) else {}
    return [
        {
            "key": key,
            "label": label,
            "unit": unit,
            "values": (_finite(own.get(key)), _finite(whole.get(key))),
        }
        for key, label, unit in KPIS
    ]


def review_rows(viewer: Person, agent: Person, month: str) -> list[dict[str, Any]]:
    """The agent's reviews of the month that the viewer may see (the core's scope)."""
    rows = access.reviews_in_scope(viewer).filter(agent=agent, month=month).order_by("code")
    out = []
    for r in rows:
        ix = r.interaction
        out.append(
            {
                "code": r.code,
                "interaction": ix.interaction_id,
                "channel": CHANNEL.get(ix.channel, ix.channel),
                "status": r.status,
                "status_label": STATUS.get(r.status, r.status),
                "score": _finite(r.score),
                "inspector": r.inspector.name,
            }
        )
    return out


def survey_summary(viewer: Person, agent: Person, month: str) -> dict[str, Any]:
    """The agent's survey responses of the month: NPS, CSAT and CES indices with n
    (:mod:`serviq.survey.indices`, the centre's cut-offs) and the latest answers."""
    from serviq.survey.indices import ces, csat, load_index_settings, nps

    qs = org_access.scope_records(viewer, SurveyResponse.objects.filter(agent=agent, period=month))
    rows = list(qs.order_by("-submitted_at", "-id"))
    frame = pd.DataFrame([r.answers or {} for r in rows])
    cfg = load_index_settings()
    indices = []
    for code, fn in (("NPS", nps), ("CSAT", csat), ("CES", ces)):
        values = frame[code].dropna().to_numpy(dtype=float) if code in frame.columns else []
        if len(values):
            idx = fn(values, cfg)
            indices.append({"code": code, "value": _finite(idx.value), "n": idx.n})
    latest = [
        {
            "submitted_at": r.submitted_at,
            "NPS": (r.answers or {}).get("NPS"),
            "CSAT": (r.answers or {}).get("CSAT"),
            "CES": (r.answers or {}).get("CES"),
            "comment": r.comment,
        }
        for r in rows[:10]
    ]
    return {"n": len(rows), "indices": indices, "latest": latest}


def training_rows(agent: Person) -> list[dict[str, Any]]:
    """Training plan tasks for the agent: their own coaching and their team's roll calls."""
    card = core.card()
    names = {i.code: i.name for i in card.items}
    language = lang()
    qs = TrainingTask.objects.filter(Q(team_id=agent.team_id) | Q(team__isnull=True))
    out = []
    for t in qs.order_by("-week", "code"):
        if agent.code not in (t.agents or []) and t.scope != "team":
            continue
        name = names.get(t.item)
        out.append(
            {
                "code": t.code,
                "week": t.week,
                "item": _name(name, language) if name is not None else t.item,
                "individual": t.scope != "team",
                "due": t.due,
                "status": t.status,
                "status_label": STATUS.get(t.status, t.status),
                "note": t.note,
            }
        )
    return out


def _month(request: HttpRequest, agent: Person) -> str:
    asked = records.checked({"period": request.GET.get("month", "")}, ("period",)).get("period")
    if asked:
        return str(asked)
    latest = (
        Interaction.objects.filter(agent=agent).order_by("-period").values_list("period", flat=True)
    ).first()
    return str(
        latest
        or Review.objects.filter(agent=agent)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
        or ""
    )


@require_GET
def coaching_index(request: HttpRequest) -> HttpResponse:
    """The agents in scope, each linking to their coaching page; an agent goes to their own."""
    person = org_access.require(request.user, roles.ALL)
    if Role(person.role) == Role.AGENT:
        return redirect("qa-coaching-agent", agent=person.code)
    return render(request, "qa/coaching_index.html", {"agents": list(agents_in_scope(person))})


@require_GET
def coaching(request: HttpRequest, agent: str) -> HttpResponse:
    viewer, target = get_agent_for(request.user, agent)
    month = _month(request, target)
    return render(
        request,
        "qa/coaching.html",
        {
            "agent": target,
            "month": month,
            "kpis": kpi_rows(target, month) if month else [],
            "reviews": review_rows(viewer, target, month),
            "survey": survey_summary(viewer, target, month),
            "training": training_rows(target),
            "is_self": viewer.pk == target.pk,
        },
    )
