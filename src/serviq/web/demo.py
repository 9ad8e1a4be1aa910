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
from pathlib import Path
from typing import Any

DEMO_CENTRE = "DEMO"
DEMO_PASSWORD = "serviq-demo"
# role → the demo person who logs in with it (people of the generated centre, plus the two
# roles the generator has no people for); the agent is chosen by :func:`demo_agent`
LOGINS = {
    "centre_director": "C01",
    "department_director": "D01",
    "team_lead": "L01",
    "qa_inspector": "Q01",
    "agent": "A001",
    "analyst": "AN01",
    "admin": "AD01",
    "relationship_manager": "RM01",
    "risk_officer": "RO01",
    "sme_desk_head": "SH01",
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


def _utc(column: Any, vendor: str) -> list[Any]:
    """Times for the database: naive UTC text on SQLite (Django's own storage form), aware
    UTC datetimes elsewhere; ``None`` for missing."""
    import pandas as pd

    utc = column.dt.tz_convert("UTC")
    if vendor == "sqlite":
        text = utc.dt.strftime("%Y-%m-%d %H:%M:%S")
        return [None if pd.isna(v) else v for v in text]
    return [None if pd.isna(v) else v for v in utc.dt.to_pydatetime()]


def store_interactions(frame: Any, teams: dict[str, Any], people: dict[str, Any]) -> int:
    """Insert the generated contacts in one ``executemany`` (a year of contacts is some
    400,000 rows; building a model object per row would take most of a minute)."""
    import pandas as pd
    from django.conf import settings
    from django.db import connection

    from serviq.web.dashboard.models import Interaction

    if frame.empty:
        return 0
    zone = settings.SERVIQ.zone
    vendor = connection.vendor
    team_pk = {code: t.pk for code, t in teams.items()}
    person_pk = {code: p.pk for code, p in people.items()}
    csat = frame["csat"].astype("Int64")
    values = {
        "interaction_id": frame["interaction_id"].astype(str).tolist(),
        "period": frame["arrived_at"].dt.tz_convert(zone).dt.strftime("%Y-%m").tolist(),
        "channel": frame["channel"].astype(str).tolist(),
        "queue": frame["queue"].astype(str).tolist(),
        "contact_type": frame["contact_type"].astype(str).tolist(),
        "team": [team_pk.get(v) if isinstance(v, str) else None for v in frame["team_id"]],
        "agent": [person_pk.get(v) if isinstance(v, str) else None for v in frame["agent_id"]],
        "customer_key": frame["customer_key"].fillna("").astype(str).tolist(),
        "issue_key": frame["issue_key"].fillna("").astype(str).tolist(),
        "arrived_at": _utc(frame["arrived_at"], vendor),
        "answered_at": _utc(frame["answered_at"], vendor),
        "ended_at": _utc(frame["ended_at"], vendor),
        "hold_seconds": frame["hold_seconds"].astype(float).tolist(),
        "wrapup_seconds": frame["wrapup_seconds"].astype(float).tolist(),
        "abandoned": frame["abandoned"].astype(bool).tolist(),
        "transferred": frame["transferred"].astype(bool).tolist(),
        "resolved": frame["resolved"].fillna(False).astype(bool).tolist(),
        "csat": [None if pd.isna(v) else int(v) for v in csat],
    }
    return insert_rows(Interaction, values)


def insert_rows(model: Any, values: dict[str, list[Any]]) -> int:
    """Insert the columns ``values`` (field name → one value a row, database-ready) into
    ``model``'s table with ``executemany``, 20,000 rows at a time."""
    from django.db import connection

    fields = [model._meta.get_field(name) for name in values]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = list(zip(*values.values(), strict=True))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 20_000):
            cursor.executemany(sql, rows[i : i + 20_000])
    return len(rows)


def survey_links(
    responses: Any, questionnaire: Any, teams: dict[str, Any], people: dict[str, Any]
) -> dict[str, Any]:
    """The used single-use link each generated response came through, as a real response
    does (:func:`serviq.web.surveys.actions.do_submit`): the link names the contact the
    survey follows, so the response is joined to its contact's wait, handling, transfer,
    hold and repeat. Tokens are random and never shown (only their hash is kept).
    ``response_id → SurveyLink``."""
    import secrets

    from serviq.web.dashboard.models import Interaction
    from serviq.web.surveys.actions import digest
    from serviq.web.surveys.models import SurveyLink

    wanted = set(responses["interaction_id"].dropna().astype(str))
    pk_of = {
        iid: pk
        for iid, pk in Interaction.objects.values_list("interaction_id", "pk").iterator(10_000)
        if iid in wanted
    }
    made: dict[str, Any] = {}
    for r in responses.itertuples():
        pk = pk_of.get(str(r.interaction_id))
        if pk is None:
            continue
        at = r.submitted_at.to_pydatetime()
        made[str(r.response_id)] = SurveyLink(
            digest=digest(secrets.token_urlsafe(24)),
            questionnaire=questionnaire,
            interaction_id=pk,
            team=teams.get(r.team_id) if isinstance(r.team_id, str) else None,
            agent=people.get(r.agent_id) if isinstance(r.agent_id, str) else None,
            language={"zh-Hans": "zh-hans", "zh-Hant": "zh-hant"}.get(r.language, "en"),
            expires_at=at,
            used_at=at,
        )
    SurveyLink.objects.bulk_create(list(made.values()), batch_size=1000)
    return made


def load_centre(data: Any) -> tuple[int, int]:
    """Store the generated centre: organisation, people, interactions and survey responses."""
    from django.conf import settings
    from django.db import transaction

    from serviq.web.audit.trail import record
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.surveys import publishing
    from serviq.web.surveys.models import SurveyResponse
    from serviq.web.surveys.privacy import mask

    zone = settings.SERVIQ.zone
    with transaction.atomic():
        centre = Centre.objects.create(code=DEMO_CENTRE, name="示范银行客服中心")
        from serviq.demo.organisation import DEPARTMENT

        dept = Department.objects.create(centre=centre, code=DEPARTMENT, name="客服部")
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
        n_interactions = store_interactions(data.interactions, teams, people)
        q = publishing.publish_bundled("bank_service.yaml")
        codes = [it["code"] for it in q.definition["items"] if it["kind"] != "comment"]
        links = survey_links(data.survey_responses, q, teams, people)
        responses = []
        for r in data.survey_responses.to_dict("records"):
            lang = {"zh-Hans": "zh-hans", "zh-Hant": "zh-hant"}.get(r["language"], "en")
            comment = _none(r.get("COMMENT")) or ""
            responses.append(
                SurveyResponse(
                    link=links.get(str(r["response_id"])),
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
            after={"interactions": n_interactions, "responses": len(responses), **data.meta},
            department=dept,
        )
    return n_interactions, len(responses)


def demo_agent(now: dt.datetime | None = None, team: str = "T1") -> str:
    """The agent who logs in as ``agent``: the first of the team lead's team (by code) who
    can swap a shift this month at ``now`` (:func:`serviq.web.workforce.demo.visitor_agent`),
    else the first with a colleague of the same job type and skill level, else the first."""
    from collections import Counter

    from django.conf import settings

    from serviq.web.org.models import Person
    from serviq.web.workforce.demo import visitor_agent

    if now is not None:
        found = visitor_agent(now, settings.SERVIQ.zone, team=team)
        if found is not None:
            return found
    agents = Person.objects.filter(role="agent", active=True)
    counts = Counter((p.job_type, p.skill_level) for p in agents)
    mine = list(agents.filter(team__code=team).order_by("code"))
    for p in mine:
        if counts[(p.job_type, p.skill_level)] > 1:
            return p.code
    return mine[0].code if mine else LOGINS["agent"]


def ensure_logins(agent: str | None = None) -> dict[str, str]:
    """One user per role (user name = the role), password :data:`DEMO_PASSWORD`; ``agent``
    is the person who logs in as ``agent`` (default :func:`demo_agent`). Existing users are
    kept."""
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    out = {}
    for role, code in LOGINS.items():
        if User.objects.filter(username=role).exists():
            out[role] = role
            continue
        if role == "agent":
            code = agent or demo_agent()
        person = Person.objects.filter(code=code).first()
        if person is None:  # a centre built without that part (e.g. no SME desk)
            continue
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


def prepare(
    *,
    months: int = 12,
    scale: float = 0.5,
    seed: int | None = None,
    now: dt.datetime | None = None,
    workspace: Path | None = None,
) -> DemoState:
    """Migrate, load the centre and run the analyses unless they exist; ensure the logins.

    The centre lives in today: ``months`` complete months and the current month up to
    ``now`` (default: the clock), with rosters to the end of next month, the current
    month's QA plan part-done and swap and leave requests waiting for the team lead.
    ``workspace`` (``serviq demo``: the operations workspace of ``SERVIQ_HOME``) receives
    the generated work orders, where the database-built reports read them.
    """
    from serviq.web import boot

    boot.migrate()
    from django.conf import settings
    from django.utils import timezone

    from serviq.web.dashboard.analysis import run_analysis
    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.org.models import Centre
    from serviq.web.surveys.models import SurveyResponse

    created = False
    agent = None
    if not Centre.objects.filter(code=DEMO_CENTRE).exists():
        from serviq.demo import generate
        from serviq.demo.timeline import add_months, month_end

        now = now or timezone.now()
        today = now.astimezone(settings.SERVIQ.zone).date()
        roster_until = month_end(add_months(today.replace(day=1), 1))
        kwargs: dict[str, Any] = {
            "months": months,
            "scale": scale,
            "until": now,
            "roster_until": roster_until,
        }
        if seed is not None:
            kwargs["seed"] = seed
        print(
            f"generating {months} month(s) of the synthetic centre and this month up to "
            f"{now.astimezone(settings.SERVIQ.zone):%Y-%m-%d %H:%M}, rosters to {roster_until} …",
            file=sys.stderr,
        )
        data = generate(**kwargs)
        print("storing it …", file=sys.stderr)
        load_centre(data)
        if workspace is not None:
            from serviq.web.reports.demo import store_work_orders

            store_work_orders(data.work_orders, workspace, settings.TIME_ZONE)
        from serviq.web.qa.demo import load_demo_qa
        from serviq.web.training.demo import load_demo_training, plant_effect

        reviews = plant_effect(data.qa_reviews, data.people, now)
        load_demo_qa(reviews, data.qa_calibration, now=now, calibration_months=3)
        del reviews
        load_demo_training(now)
        from serviq.web.indicatordata.demo import load_demo_indicator_data
        from serviq.web.workforce.demo import open_requests

        load_demo_indicator_data(work_orders=data.work_orders)
        from serviq.web.indicatordata.demo_benchmarks import load_demo_benchmarks

        load_demo_benchmarks()
        from serviq.web.sme.demo import load_demo_sme

        load_demo_sme(Centre.objects.get(code=DEMO_CENTRE), now or timezone.now())
        from serviq.web.delphi.demo import load_demo_delphi

        load_demo_delphi(now)
        agent = demo_agent(now)
        open_requests(now, keep=agent)
        created = True
    if created or not IndicatorResult.objects.exists():
        print("running the analyses …", file=sys.stderr)
        from serviq.web.qa.indicators import summaries

        run_analysis(qa=summaries())
        from serviq.web.actions.demo import load_demo_actions

        load_demo_actions()
    logins = ensure_logins(agent)
    if created:
        from serviq.web.reports.demo import approve_demo_report

        approve_demo_report(data, now or timezone.now(), settings.TIME_ZONE)
        del data  # the generated frames (some 600 MB for a year) are not needed any more
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
    from serviq.ops.workspace import default_workspace
    from serviq.settings import load_settings

    state = prepare(workspace=default_workspace(load_settings().home))
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
