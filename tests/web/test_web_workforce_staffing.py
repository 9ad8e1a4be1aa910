"""The roster page's staffing on a constructed week: per interval the Erlang C requirement
(the core's ``serviq.ops.erlang.staffing`` on the team's contacts of the same weekday over
the last four weeks), the agents rostered, short and idle intervals, and the preview of a
proposed shift change, which updates the shortfall before anything is saved."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from workforce_data import make_shifts, plain_base

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(personas: Any) -> dict[str, Any]:
    from serviq.web.dashboard.models import Interaction
    from serviq.workforce.ruleset import load_rules

    centre = personas()
    base = plain_base()
    shifts = make_shifts(centre, base)  # A001 works the day shift (08:00–17:00) of base
    zone = load_rules().calendar.zone
    t1 = centre["teams"]["T1"]
    rows = []
    # 8 contacts at 09:05 and 2 at 14:10 on each of the four same weekdays before: talk
    # 240 s + wrap-up 60 s → handle 300 s
    for w in range(1, 5):
        day = base - dt.timedelta(weeks=w)
        for clock, n in (("09:05", 8), ("14:10", 2)):
            for i in range(n):
                arrived = dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=zone)
                rows.append(
                    Interaction(
                        interaction_id=f"W{w}-{clock}-{i}", period=day.strftime("%Y-%m"),
                        channel="phone", queue="retail", contact_type="consultation", team=t1,
                        agent=centre["people"]["a001"], arrived_at=arrived,
                        answered_at=arrived + dt.timedelta(seconds=10),
                        ended_at=arrived + dt.timedelta(seconds=250), wrapup_seconds=60,
                    )
                )  # fmt: skip
    Interaction.objects.bulk_create(rows)
    return {"base": base, "shifts": shifts}


def _rows(html: str) -> dict[str, dict[str, str]]:
    out = {}
    for m in re.finditer(r'<tr class="\w+" data-start="([\d:]+)"([^>]*)>(.*?)</tr>', html):
        attrs = dict(re.findall(r'data-([\w-]+)="([^"]*)"', m.group(2) + m.group(3)))
        out[m.group(1)] = attrs
    return out


def test_the_staffing_matches_the_cores_erlang_c_per_interval(as_user, week) -> None:
    from serviq.ops.coverage import load_staffing_rules
    from serviq.ops.erlang import staffing

    r = load_staffing_rules()
    day = week["base"]
    page = as_user("lead1").get(
        "/workforce/roster/", {"team": "T1", "month": day.strftime("%Y-%m"), "day": f"{day}"}
    )
    html = page.content.decode()
    rows = _rows(html)
    for clock, calls in (("09:00", 8 * 4 / 4), ("14:00", 2 * 4 / 4)):
        ref = staffing(calls=calls, interval_minutes=r.interval_minutes, aht=300,
                       target_seconds=r.target_seconds, service_level=r.service_level,
                       max_occupancy=r.max_occupancy, shrinkage=r.shrinkage)  # fmt: skip
        assert int(rows[clock]["required"]) == ref.agents_with_shrinkage, clock
        assert rows[clock]["staffed"] == "1"
        assert rows[clock]["status"] == "short"
    assert rows["08:00"]["status"] == "idle"  # A001 on the floor, no calls
    assert "09:30" in rows
    assert rows["09:30"]["status"] == "idle"
    assert 'data-short="2"' in html


def test_a_proposed_shift_change_updates_the_shortfall(as_user, week) -> None:
    from serviq.web.workforce.models import Shift

    day = week["base"]
    shift = week["shifts"][("a001", 0)]
    params = {"team": "T1", "month": day.strftime("%Y-%m"), "day": f"{day}"}
    html = (
        as_user("lead1")
        .get("/workforce/roster/", {**params, "change": shift.code, "to": "night"})
        .content.decode()
    )
    m = re.search(r'id="preview" data-before="(\d+)" data-after="(\d+)"', html)
    assert m is not None
    before, after = int(m.group(1)), int(m.group(2))
    assert after == before + 2  # 09:00 and 14:00 each lose their one agent
    rows = _rows(html)
    assert rows["09:00"]["after"] == "0"
    assert Shift.objects.get(pk=shift.pk).kind == "day"  # nothing saved


def test_who_sees_the_staffing(as_user, week) -> None:
    day = week["base"]
    params = {"team": "T1", "month": day.strftime("%Y-%m"), "day": f"{day}"}
    assert 'id="staffing"' in as_user("dir1").get("/workforce/roster/", params).content.decode()
    agent = as_user("a001").get("/workforce/roster/", params)
    assert agent.status_code == 200
    assert 'id="staffing"' not in agent.content.decode()
    assert (
        as_user("lead1").get("/workforce/roster/", {**params, "day": "someday"}).status_code == 400
    )
    bad = {**params, "change": "NOPE"}
    assert as_user("lead1").get("/workforce/roster/", bad).status_code == 404
