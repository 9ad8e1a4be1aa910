"""``serviq demo``: the synthetic bank contact centre in the web application.

Creates (or migrates) the database named by ``DATABASE_URL``, loads months of the synthetic
centre (:func:`serviq.demo.generate`), publishes the bundled questionnaire, runs the
analyses (:func:`serviq.web.dashboard.analysis.run_analysis`), creates one demo login per
role, then serves and prints the address and the logins. A second run reuses what exists.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from typing import Any

DEMO_CENTRE = "DEMO"
DEMO_PASSWORD = "serviq-demo"
# role → the demo person who logs in with it (people of the generated centre, plus the two
# roles the generator has no people for)
LOGINS = {
    "centre_director": "C01",
    "department_director": "D01",
    "team_lead": "L01",
    "qa_inspector": "Q01",
    "agent": "A001",
    "analyst": "AN01",
    "admin": "AD01",
}


@dataclass(frozen=True)
class DemoState:
    created: bool
    interactions: int
    responses: int
    periods: tuple[str, ...]
    logins: dict[str, str]
    survey_url: str


def _period(ts: Any, zone: Any) -> str:
    return ts.astimezone(zone).strftime("%Y-%m")


def _none(v: Any) -> Any:
    import pandas as pd

    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def load_centre(data: Any) -> tuple[int, int]:
    """Store the generated centre: organisation, people, interactions and survey responses."""
    from django.conf import settings
    from django.db import transaction

    from serviq.web.audit.trail import record
    from serviq.web.dashboard.models import Interaction
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.surveys import publishing
    from serviq.web.surveys.models import SurveyResponse
    from serviq.web.surveys.privacy import mask

    zone = settings.SERVIQ.zone
    with transaction.atomic():
        centre = Centre.objects.create(code=DEMO_CENTRE, name="示范银行客服中心")
        dept = Department.objects.create(centre=centre, code="D1", name="客服部")
        teams = {
            t.team_id: Team.objects.create(department=dept, code=t.team_id, name=t.name_zh)
            for t in data.teams.itertuples()
        }
        people: dict[str, Person] = {}
        for p in data.people.itertuples():
            team = teams.get(p.team_id) if isinstance(p.team_id, str) else None
            people[p.person_id] = Person.objects.create(
                code=p.person_id,
                name=p.name_zh,
                role=p.role,
                centre=centre,
                department=dept,
                team=team if p.role in ("agent", "team_lead", "qa_inspector") else None,
                job_type=p.job_type,
                skill_level=int(p.skill_level),
            )
        for code, name, role in (("AN01", "分析师", "analyst"), ("AD01", "管理员", "admin")):
            people[code] = Person.objects.create(code=code, name=name, role=role, centre=centre)
        rows = []
        for r in data.interactions.itertuples():
            rows.append(
                Interaction(
                    interaction_id=r.interaction_id,
                    period=_period(r.arrived_at, zone),
                    channel=r.channel,
                    queue=r.queue,
                    contact_type=r.contact_type,
                    team=teams.get(r.team_id) if isinstance(r.team_id, str) else None,
                    agent=people.get(r.agent_id) if isinstance(r.agent_id, str) else None,
                    customer_key=_none(r.customer_key) or "",
                    issue_key=_none(r.issue_key) or "",
                    arrived_at=r.arrived_at.to_pydatetime(),
                    answered_at=_none(r.answered_at) and r.answered_at.to_pydatetime(),
                    ended_at=_none(r.ended_at) and r.ended_at.to_pydatetime(),
                    hold_seconds=float(r.hold_seconds),
                    wrapup_seconds=float(r.wrapup_seconds),
                    abandoned=bool(r.abandoned),
                    transferred=bool(r.transferred),
                    resolved=bool(_none(r.resolved)),
                    csat=None if _none(r.csat) is None else int(r.csat),
                )
            )
        Interaction.objects.bulk_create(rows, batch_size=2000)
        q = publishing.publish_bundled("bank_service.yaml")
        codes = [it["code"] for it in q.definition["items"] if it["kind"] != "comment"]
        responses = []
        for r in data.survey_responses.to_dict("records"):
            lang = {"zh-Hans": "zh-hans", "zh-Hant": "zh-hant"}.get(r["language"], "en")
            comment = _none(r.get("COMMENT")) or ""
            responses.append(
                SurveyResponse(
                    questionnaire=q,
                    period=_period(r["submitted_at"], zone),
                    team=teams.get(r["team_id"]),
                    agent=people.get(r["agent_id"]),
                    queue=r["queue"],
                    language=lang,
                    submitted_at=r["submitted_at"].to_pydatetime(),
                    answers={c: int(r[c]) for c in codes if _none(r.get(c)) is not None},
                    comment=mask(comment, lang),
                )
            )
        SurveyResponse.objects.bulk_create(responses, batch_size=1000)
        from serviq.web.workforce.rosters import load_generated

        load_generated(data, people, teams)
        record(
            "demo.load",
            object_type="centre",
            object_id=DEMO_CENTRE,
            after={"interactions": len(rows), "responses": len(responses), **data.meta},
            department=dept,
        )
    return len(rows), len(responses)


def ensure_logins() -> dict[str, str]:
    """One user per role (user name = the role), password :data:`DEMO_PASSWORD`."""
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    out = {}
    for role, code in LOGINS.items():
        person = Person.objects.get(code=code)
        user = person.user
        if user is None:
            user = User.objects.create_user(role, password=DEMO_PASSWORD)
            user.is_staff = role == "admin"
            user.is_superuser = role == "admin"
            user.save()
            person.user = user
            person.save(update_fields=["user"])
        out[role] = user.username
    return out


def _survey_link(host: str, port: int) -> str:
    """A fresh single-use survey link for one of the latest answered contacts (in 繁體中文)."""
    from serviq.web.dashboard.models import Interaction
    from serviq.web.surveys import actions
    from serviq.web.surveys.models import PublishedQuestionnaire

    q = PublishedQuestionnaire.objects.filter(active=True).order_by("-published_at").first()
    contact = Interaction.objects.filter(abandoned=False, surveylink__isnull=True).last()
    if q is None or contact is None:
        return ""
    made = actions.do_create_links(
        q,
        [
            {
                "interaction": contact,
                "team": contact.team,
                "agent": contact.agent,
                "language": "zh-hant",
            }
        ],
    )
    return f"http://{host}:{port}/s/{made[0].token}/"


def prepare(*, months: int = 2, scale: float = 0.5, seed: int | None = None) -> DemoState:
    """Migrate, load the centre and run the analyses unless they exist; ensure the logins."""
    from serviq.web import boot

    boot.migrate()
    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.org.models import Centre
    from serviq.web.surveys.models import SurveyResponse

    created = False
    if not Centre.objects.filter(code=DEMO_CENTRE).exists():
        from serviq.demo import generate

        today = dt.date.today()
        start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        for _ in range(months - 1):
            start = (start - dt.timedelta(days=1)).replace(day=1)
        kwargs: dict[str, Any] = {"months": months, "scale": scale, "start": start}
        if seed is not None:
            kwargs["seed"] = seed
        print(
            f"generating {months} month(s) of the synthetic centre from {start} …", file=sys.stderr
        )
        data = generate(**kwargs)
        load_centre(data)
        from serviq.web.qa.demo import load_demo_qa

        load_demo_qa(data.qa_reviews, data.qa_calibration)
        created = True
    if created or not IndicatorResult.objects.exists():
        print("running the analyses …", file=sys.stderr)
        from serviq.web.qa.indicators import summaries

        run_analysis(qa=summaries())
        from serviq.web.actions.demo import load_demo_actions

        load_demo_actions()
    logins = ensure_logins()
    periods = tuple(
        IndicatorResult.objects.values_list("period", flat=True).distinct().order_by("period")
    )
    return DemoState(
        created=created,
        interactions=Interaction.objects.count(),
        responses=SurveyResponse.objects.count(),
        periods=periods,
        logins=logins,
        survey_url="",
    )


def run_demo(no_serve: bool = False, port: int = 8000, host: str = "127.0.0.1") -> DemoState:
    """Prepare the demo, print the address and the logins, then serve (unless ``no_serve``)."""
    os.environ.setdefault("SERVIQ_DEBUG", "1")  # the demo runs with development settings
    state = prepare()
    url = _survey_link(host, port)
    reused = "created" if state.created else "reused"
    print(
        f"serviq demo: database {reused}; {state.interactions} interactions, "
        f"{state.responses} survey responses, periods {', '.join(state.periods)}"
    )
    print(f"open http://{host}:{port}/  (API: http://{host}:{port}/api/openapi.json)")
    print(f"logins (password {DEMO_PASSWORD}): " + ", ".join(state.logins.values()))
    if url:
        print(f"a customer's survey link (single use, 繁體中文): {url}")
    sys.stdout.flush()
    if not no_serve:
        from serviq.web import boot

        boot.serve(host, port, workers=2)
    return DemoState(**{**state.__dict__, "survey_url": url})
