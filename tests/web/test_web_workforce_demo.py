"""The demo centre's rosters, swaps and leave land in the workforce tables, and the core's
Schedule rebuilt from them says who works each shift exactly as the generator did."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_generated_rosters_swaps_and_leave_round_trip(client: Any) -> None:
    from django.contrib.auth.models import User

    from serviq.demo import generate
    from serviq.web.audit.models import AuditEvent
    from serviq.web.dashboard.models import IndicatorResult, Interaction
    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.surveys.models import PublishedQuestionnaire, SurveyLink, SurveyResponse
    from serviq.web.workforce.models import LeaveRequest, Shift, SwapRequest
    from serviq.web.workforce.rosters import load_generated
    from serviq.web.workforce.schedules import schedule_around

    for model in (SurveyResponse, SurveyLink, PublishedQuestionnaire, Interaction,
                  IndicatorResult, AuditEvent, Person, User, Team, Department, Centre):  # fmt: skip
        model.objects.all().delete()
    data = generate(months=1, scale=0.5, seed=5, start=dt.date(2026, 9, 1))
    assert len(data.swaps) > 0  # the seed is chosen so that the generator swapped shifts
    # the organisation as serviq.web.demo.load_centre stores it (its contacts are not needed)
    centre = Centre.objects.create(code="DEMO", name="demo")
    dept = Department.objects.create(centre=centre, code="D1", name="客服部")
    teams = {t: Team.objects.create(department=dept, code=t, name=t) for t in data.teams.team_id}
    people = {
        p.person_id: Person.objects.create(
            code=p.person_id,
            name=p.name_zh,
            role=p.role,
            centre=centre,
            department=dept,
            team=teams.get(p.team_id) if p.role in ("agent", "team_lead") else None,
            job_type=p.job_type,
            skill_level=int(p.skill_level),
        )
        for p in data.people.itertuples()
    }
    load_generated(data, people, teams)
    assert Shift.objects.count() == len(data.rosters)
    assert SwapRequest.objects.filter(status="approved").count() == len(data.swaps)
    assert LeaveRequest.objects.count() == len(data.leave)
    schedule = schedule_around([dt.date(2026, 9, 1), dt.date(2026, 9, 30)])
    worker = {(r.date, r.shift_id): r.person_id for r in data.rosters.itertuples()}
    stored = {s.code: s for s in Shift.objects.all()}
    for code, s in stored.items():
        assert schedule.worker(code) == worker[(s.date.isoformat(), code.rsplit("-", 1)[1])]
    sw = SwapRequest.objects.select_related("partner").first()
    assert sw is not None
    assert schedule.worker(sw.give_shift.code) == sw.partner.code
    lead = Person.objects.filter(role="team_lead", team=sw.give_shift.team).first()
    user = User.objects.create_user("lead-demo", password=None)
    lead.user = user
    lead.save()
    client.force_login(user)
    page = client.get("/workforce/roster/", {"month": "2026-09"}).content.decode()
    row = page.split(f'data-person="{sw.partner.code}"')[1].split("</tr>")[0]
    assert f'class="shift swapped" title="{sw.give_shift.code}"' in row
