"""The demo's indicator data: operations-room checklist rounds, values entered by hand and
system months for every month of the generated centre, so that workplace standards,
equipment in good order, product needs met, system availability and the system-problem
rate have a value in every demo period (scope 7 of issue 18).

Deterministic for a seed. Rates are drawn near the source's targets: about 2 % of checklist
items fail (a third of those naming an agent, which records a conduct entry), equipment in
good order 0.97–1.0, product needs met 0.82–0.95, 5–90 unavailable minutes a month per
service and a few problem contacts per thousand answered.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from serviq.ops.checklists import load_checklists
from serviq.ops.systems import load_services
from serviq.web.dashboard.models import Interaction
from serviq.web.indicatordata.models import (
    ChecklistRound,
    ChecklistTick,
    ManualValue,
    SystemMonthRecord,
)
from serviq.web.org.models import Person, Team

ROUNDS_PER_MONTH = 8  # one check every few days per team (day and night shifts alternate)


def _days(period: str) -> int:
    year, month = map(int, period.split("-"))
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.date(year, month, 1)).days


def load_demo_indicator_data(seed: int = 18) -> dict[str, int]:
    """Create the rounds, entries and system months for every month with contacts."""
    from serviq.web.workforce.models import Violation

    rng = random.Random(seed)
    periods = list(
        Interaction.objects.order_by("period").values_list("period", flat=True).distinct()
    )
    templates = list(load_checklists().values())
    admin = Person.objects.filter(role="admin").first() or Person.objects.first()
    director = Person.objects.filter(role="department_director").first() or admin
    if admin is None or not periods:
        return {"rounds": 0, "manual": 0, "systems": 0}
    counts = {"rounds": 0, "manual": 0, "systems": 0}
    with transaction.atomic():
        for team in Team.objects.order_by("code"):
            lead = Person.objects.filter(team=team, role="team_lead").first() or admin
            agents = list(Person.objects.filter(team=team, role="agent").order_by("code"))
            for period in periods:
                year, month = map(int, period.split("-"))
                for k in range(ROUNDS_PER_MONTH):
                    day = dt.date(year, month, 1 + k * (_days(period) - 1) // ROUNDS_PER_MONTH)
                    for template in templates:
                        rnd = ChecklistRound.objects.create(
                            team=team,
                            template=template.code,
                            date=day,
                            shift_label="day" if k % 2 == 0 else "night",
                            period=period,
                            ticked_by=lead,
                        )
                        counts["rounds"] += 1
                        for item in template.items:
                            passed = rng.random() >= 0.02
                            person = rng.choice(agents) if not passed and agents and rng.random() < 1 / 3 else None  # fmt: skip
                            violation = None
                            if person is not None:
                                violation = Violation.objects.create(
                                    person=person,
                                    team=team,
                                    date=day,
                                    kind="workplace_standard",
                                    shift_code=rnd.shift_label,
                                    reasons=[
                                        {
                                            "code": f"checklist.{template.code}.{item.code}",
                                            "messages": {
                                                lang: item.text.get(lang)
                                                for lang in ("zh-Hans", "zh-Hant", "en")
                                            },
                                        }
                                    ],
                                    recorded_by=lead,
                                    recorded_at=timezone.now(),
                                )
                            ChecklistTick.objects.create(
                                round=rnd,
                                item=item.code,
                                passed=passed,
                                person=person,
                                violation=violation,
                            )
                value = round(rng.uniform(0.97, 1.0), 4)
                ManualValue.objects.create(
                    period=period,
                    team=team,
                    code="EQUIP_OK",
                    value=value,
                    note="demo: handover log, faulty seat-shifts ÷ scheduled seat-shifts",
                    entered_by=lead,
                )
                counts["manual"] += 1
        for period in periods:
            team_values = ManualValue.objects.filter(period=period, code="EQUIP_OK")
            values = list(team_values.values_list("value", flat=True))
            for code, value, who in (
                ("EQUIP_OK", sum(values) / len(values) if values else 0.99, admin),
                ("PROD_FIT", round(rng.uniform(0.82, 0.95), 4), director),
            ):
                ManualValue.objects.create(
                    period=period,
                    team=None,
                    code=code,
                    value=value,
                    note="demo: the month's register",
                    entered_by=who,
                )
                counts["manual"] += 1
            answered = Interaction.objects.filter(period=period, answered_at__isnull=False).count()
            for service in load_services():
                scheduled = 24 * 60 * _days(period)
                SystemMonthRecord.objects.create(
                    period=period,
                    service=service,
                    scheduled_minutes=scheduled,
                    unavailable_minutes=rng.randint(5, 90),
                    problem_contacts=round(answered * rng.uniform(0.0005, 0.002)),
                    imported_by=admin,
                )
                counts["systems"] += 1
    return counts
