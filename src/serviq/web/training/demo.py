"""The demo's training records: a few months of sessions, attendance and tests up to today,
and two QA-driven sessions — one that moved its QA item and one that did not.

:func:`plant_effect` runs on the generated QA reviews *before* they are stored (through the
QA app's real loading path): in the month after the first QA-driven session, the agents
present at it score two points higher on its item (``needs_summary``, capped at 5); the
second session's item (``adaptability``) is left as generated. :func:`load_demo_training`
then stores the sessions, attendance, the bank and tests through
:mod:`serviq.web.training.records`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction

from serviq.resources import data_path

IMPROVED_ITEM = "needs_summary"
FLAT_ITEM = "adaptability"
LIFT = 2  # points (of 1–5) the trained agents gain on IMPROVED_ITEM the month after
TOPICS = {
    "product": "理财产品知识更新",
    "compliance": "客户信息保密与合规",
    "system": "新版客服系统操作",
    "service_language": "规范服务用语",
}


@dataclass(frozen=True)
class Plan:
    """Where the demo's QA-driven sessions fall: their month and the months around it."""

    month: dt.date  # first day of the sessions' month
    before: str
    after: str
    teams: tuple[str, str]  # improved, not improved


def _add(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


def plan(now: dt.datetime, teams: list[str]) -> Plan | None:
    """The sessions two months before ``now``'s month; None without two teams."""
    if len(teams) < 2:
        return None
    today = now.astimezone(settings.SERVIQ.zone).date().replace(day=1)
    month = _add(today, -2)
    return Plan(
        month,
        _add(month, -1).strftime("%Y-%m"),
        _add(month, 1).strftime("%Y-%m"),
        (teams[0], teams[1]),
    )


def by_size(sizes: dict[str, int]) -> list[str]:
    """Teams of at least two agents, the largest first (ties by code): the two QA-driven
    sessions go to the two largest, so that each group has agents enough to compare."""
    return [t for t, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])) if n >= 2]


def trained_of(agents: list[str]) -> list[str]:
    """The team's agents present at its QA-driven session: all but the last (on leave)."""
    return sorted(agents)[:-1] if len(agents) > 2 else sorted(agents)


def plant_effect(reviews: pd.DataFrame, people: pd.DataFrame, now: dt.datetime) -> pd.DataFrame:
    """The generated reviews with the first session's effect planted (module doc);
    ``people`` is the generated centre's people (``person_id``, ``role``, ``team_id``)."""
    if reviews.empty:
        return reviews
    sizes = people[people["role"] == "agent"].groupby("team_id")["person_id"].count()
    p = plan(now, by_size({str(t): int(n) for t, n in sizes.items()}))
    if p is None:
        return reviews
    agents = sorted(
        str(a)
        for a in people.loc[
            (people["role"] == "agent") & (people["team_id"] == p.teams[0]), "person_id"
        ]
    )
    trained = set(trained_of(agents))
    out = reviews.copy()
    rows = out["agent_id"].astype(str).isin(trained) & (out["month"].astype(str) == p.after)
    out.loc[rows, IMPROVED_ITEM] = np.minimum(out.loc[rows, IMPROVED_ITEM] + LIFT, 5)
    return out


def _answers(rng: np.random.Generator, skill: float) -> dict[str, Any]:
    def right(p: float) -> bool:
        return bool(rng.random() < p)

    return {
        "Q1": "A" if right(0.6 + skill) else "B",
        "Q2": "false" if right(0.7 + skill) else "true",
        "Q3": ["A", "B"] if right(0.4 + skill) else ["A"],
        "Q4": "B" if right(0.55 + skill) else "A",
        "Q5": "适当性原则：把合适的产品卖给合适的客户。",
    }


def load_demo_training(now: dt.datetime, seed: int = 7) -> dict[str, int]:
    """Sessions of every team for the last four months (one a month, kinds in turn),
    attendance, a test after each with the agents' attempts, the two QA-driven sessions of
    :func:`plan`, and one session next week that clashes with the roster."""
    from serviq.training.bank import load_bank
    from serviq.web.org.models import Person, Team
    from serviq.web.qa.models import TrainingTask
    from serviq.web.training import records
    from serviq.web.training.models import Attempt, QuestionBank

    zone = settings.SERVIQ.zone
    rng = np.random.default_rng(seed)
    teams = list(Team.objects.order_by("code"))
    agents = {
        t.code: list(Person.objects.filter(team=t, role="agent", active=True).order_by("code"))
        for t in teams
    }
    teams = [t for t in teams if agents[t.code]]
    if not teams:
        return {"sessions": 0, "attempts": 0}
    leads = {p.team_id: p for p in Person.objects.filter(role="team_lead").order_by("code")}
    qa = Person.objects.filter(role="qa_inspector").order_by("code").first()
    admin = qa or leads.get(teams[0].pk)
    assert admin is not None
    bank = load_bank(data_path("training/demo_bank.yaml"))
    stored_bank = QuestionBank.objects.create(
        code="demo_wealth",
        topic=bank.topic.as_dict(),
        data=bank.model_dump(mode="json", by_alias=True),
        imported_by=admin,
        imported_at=now,
    )
    kinds = list(TOPICS)
    sessions = attempts = 0
    this_month = now.astimezone(zone).date().replace(day=1)
    with transaction.atomic():
        for back in range(4, 0, -1):
            month = _add(this_month, -back)
            for k, team in enumerate(teams):
                kind = kinds[(back + k) % len(kinds)]
                trainer = leads.get(team.pk) or admin
                start = dt.datetime.combine(month.replace(day=8 + k % 10), dt.time(16, 0), zone)
                s = records.schedule(
                    trainer,
                    team=team,
                    topic=TOPICS[kind],
                    kind=kind,
                    start=start,
                    minutes=60,
                    invited=agents[team.code],
                )
                marks = {
                    p.code: ("present" if rng.random() < 0.85 else "leave")
                    for p in agents[team.code]
                }
                records.take_attendance(s, marks, now=start)
                sessions += 1
                if back % 2:
                    continue
                test = records.make_test(
                    trainer, bank=stored_bank, team=team, title=TOPICS[kind], minutes=20, session=s
                )
                for p in agents[team.code]:
                    if marks[p.code] != "present":
                        continue
                    taken = start + dt.timedelta(days=1, hours=1)
                    a = Attempt.objects.create(test=test, person=p, started_at=taken)
                    skill = 0.1 * (p.skill_level - 2)
                    a = records.submit(
                        a, _answers(rng, skill), now=taken + dt.timedelta(minutes=12)
                    )
                    records.mark(a, {"Q5": str(float(rng.integers(0, 3)))})
                    attempts += 1
        p = plan(now, by_size({t.code: len(agents[t.code]) for t in teams}))
        if p is not None:
            from serviq.qa.decisions import reason
            from serviq.web.qa.core import card as qa_card

            card = qa_card()
            for n, (code, item) in enumerate(zip(p.teams, (IMPROVED_ITEM, FLAT_ITEM), strict=True)):
                team = next(t for t in teams if t.code == code)
                week = (dt.date.fromisoformat(f"{p.before}-20")).isocalendar()
                why = reason(
                    "training.team_wide",
                    count=len(agents[code]),
                    of=len(agents[code]),
                    team=code,
                    item=item,
                )
                task = TrainingTask.objects.create(
                    code=f"TR{week.year}W{week.week:02d}-DEMO{n + 1}",
                    week=f"{week.year}-W{week.week:02d}",
                    item=item,
                    scope="team",
                    team=team,
                    agents=[a.code for a in agents[code]],
                    why={"code": why.code, "params": dict(why.params), **why.messages},
                    due=p.month + dt.timedelta(days=20),
                    roll_call=True,
                    status="planned",
                    owner=(qa.code if qa else ""),
                )
                start = dt.datetime.combine(p.month.replace(day=14 + n), dt.time(17, 0), zone)
                s = records.schedule(
                    qa or admin,
                    team=team,
                    topic=card.item(item).name.get("zh-Hans"),
                    kind="qa",
                    start=start,
                    minutes=90,
                    invited=agents[code],
                    qa_task=task,
                )
                present = set(trained_of([a.code for a in agents[code]]))
                records.take_attendance(
                    s,
                    {a.code: ("present" if a.code in present else "leave") for a in agents[code]},
                    now=start,
                )
                sessions += 1
        team = teams[0]
        soon = now.astimezone(zone).date() + dt.timedelta(days=3)
        records.schedule(
            leads.get(team.pk) or admin,
            team=team,
            topic=TOPICS["system"],
            kind="system",
            start=dt.datetime.combine(soon, dt.time(10, 0), zone),
            minutes=60,
            invited=agents[team.code],
        )
        sessions += 1
    return {"sessions": sessions, "attempts": attempts}
