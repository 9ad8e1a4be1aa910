"""QA fixtures of the web tests, on top of the personas of ``conftest.py``: a second QA
inspector ``qa2`` who belongs to team T1 (so the no-own-team rule has someone to refuse),
and reviews of the month 2026-10 in each state.

==========  =========  =====  ==========  ========
review      agent      team   inspector   status
==========  =========  =====  ==========  ========
QA-A1       a001       T1     qa1         assigned
QA-S1       a001       T1     qa1         scored (72.0)
QA-S2       a002       T1     qa1         scored
QA-B1       b001       T2     qa1         scored
QA-C1       c001       T3     qa2         scored
==========  =========  =====  ==========  ========
"""

from __future__ import annotations

import datetime as dt
from typing import Any

MONTH = "2026-10"
AT = dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC)
# the worked example of docs/qa.md: service 5, 4, 4, 3, 2; compliance yes, N.A., yes → 72
RATINGS: dict[str, Any] = {
    "service_language": "5",
    "attitude": "4",
    "tone": "4",
    "needs_summary": "3",
    "adaptability": "2",
    "greeting_closing": "yes",
    "identity_verification": "na",
    "confidentiality": "yes",
}
COMMENTS = {"adaptability": "did not offer the alternative product"}


def form(ratings: dict[str, Any] | None = None, **comments: str) -> dict[str, str]:
    """The scoring form as the browser posts it."""
    data = {k: str(v) for k, v in (ratings or RATINGS).items()}
    for k, v in {**COMMENTS, **comments}.items():
        data[f"comment_{k}"] = v
    return data


def _interaction(agent: Any, n: int) -> Any:
    from serviq.web.dashboard.models import Interaction

    return Interaction.objects.filter(agent=agent, period=MONTH).order_by("interaction_id")[n]


def with_qa2(personas: Any) -> dict[str, Any]:
    """The personas plus ``qa2``, a QA inspector of team T1."""
    from django.contrib.auth.models import User

    from serviq.web.org.models import Person

    centre = personas()
    people = centre["people"]
    if "qa2" not in people:
        user = User.objects.create_user("qa2", password=None)
        t1 = centre["teams"]["T1"]
        people["qa2"] = Person.objects.create(
            user=user,
            code="QA2",
            name="qa2",
            role="qa_inspector",
            centre=t1.department.centre,
            department=t1.department,
            team=t1,
        )
    return centre


def build(personas: Any) -> dict[str, Any]:
    from serviq.web.qa import actions, core
    from serviq.web.qa.models import Review

    centre = with_qa2(personas)
    people = centre["people"]
    key = core.card().key
    made: dict[str, Any] = {}
    for code, agent, n, inspector in (
        ("QA-A1", "a001", 0, "qa1"),
        ("QA-S1", "a001", 1, "qa1"),
        ("QA-S2", "a002", 0, "qa1"),
        ("QA-B1", "b001", 0, "qa1"),
        ("QA-C1", "c001", 0, "qa2"),
    ):
        p = people[agent]
        made[code] = Review.objects.create(
            code=code,
            month=MONTH,
            interaction=_interaction(p, n),
            agent=p,
            agent_team=p.team,
            inspector=people[inspector],
            scorecard=key,
        )
    low = {**RATINGS, "service_language": "3", "attitude": "3"}
    for code, ratings in (("QA-S1", RATINGS), ("QA-S2", low), ("QA-B1", low), ("QA-C1", RATINGS)):
        row = made[code]
        made[code], _ = actions.score_review(
            row, row.inspector, ratings, COMMENTS, now=AT + dt.timedelta(days=len(code))
        )
    return {**centre, "reviews": made}
