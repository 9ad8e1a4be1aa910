"""The QA overview's trend: the centre's and each team's monthly mean review score with its
t interval and n, the figures of the core's ``serviq.qa.evaluation.trend`` (checked against
a hand computation in ``tests/qa/test_agent_scores.py``); a team lead sees their team's
column, a director their department's, the centre director every team's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from qa_web_centre import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa(db: None, personas: Any) -> dict[str, Any]:
    return build(personas)


def _cells(html: str) -> dict[str, float]:
    table = html.split('id="qa-trend"')[1].split("</table>")[0]
    row = re.search(r'<tr data-month="2026-10">(.*?)</tr>', table, re.S)
    assert row is not None
    out = {}
    for team, score in re.findall(
        r'<td(?: data-team="(\w+)")? data-score="([\d.]+)"', row.group(1)
    ):
        out[team or "centre"] = float(score)
    return out


def test_the_trend_is_the_cores_per_team_and_centre(qa, as_user) -> None:
    from serviq.qa.evaluation import trend
    from serviq.web.qa import core
    from serviq.web.qa.models import Review

    rows = list(Review.objects.filter(status="scored"))
    scored = core.scored_frame(rows)
    scored["month"] = "2026-10"
    centre = trend(scored).iloc[0]
    teams = trend(scored, by="team_id").set_index("team_id")
    html = as_user("centre").get("/qa/overview/", {"month": "2026-10"}).content.decode()
    cells = _cells(html)
    assert cells["centre"] == pytest.approx(centre["score"])
    assert centre["n"] == 4
    for t in ("T1", "T2", "T3"):
        assert cells[t] == pytest.approx(teams.loc[t, "score"]), t
    t1 = teams.loc["T1"]
    assert f"{t1['lower']:.1f}–{t1['upper']:.1f} (n=2)" in html


@pytest.mark.parametrize(
    ("login", "teams"),
    [("lead1", {"T1"}), ("dir1", {"T1", "T2"}), ("dir2", {"T3"}), ("centre", {"T1", "T2", "T3"})],
)
def test_each_role_sees_its_teams_and_the_centre(qa, as_user, login, teams) -> None:
    html = as_user(login).get("/qa/overview/", {"month": "2026-10"}).content.decode()
    cells = _cells(html)
    assert set(cells) - {"centre"} == teams
    assert "centre" in cells
