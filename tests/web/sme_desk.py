"""The small SME desk the web tests share: two branches, their RMs, a risk officer, a desk
head, and case K1 with its timeline and one verified soft-information entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

ZONE = dt.timezone(dt.timedelta(hours=8))
SME_PEOPLE = [  # login, role, branch
    ("rm1", "relationship_manager", "BR1"),
    ("rm1b", "relationship_manager", "BR1"),
    ("rm2", "relationship_manager", "BR2"),
    ("risk1", "risk_officer", None),
    ("head1", "sme_desk_head", None),
]


def make_desk() -> dict[str, Any]:
    from django.contrib.auth.models import User

    from serviq.web.org.models import Centre, Department, Person, Team
    from serviq.web.sme import models as m

    centre = Centre.objects.get(code="C1")
    dept = Department.objects.create(centre=centre, code="DS", name="中小企业部")
    branches = {b: Team.objects.create(department=dept, code=b, name=b) for b in ("BR1", "BR2")}
    people = {}
    for login, role, branch in SME_PEOPLE:
        user = User.objects.create_user(login, password=None)
        people[login] = Person.objects.create(
            user=user, code=login.upper(), name=login, role=role, centre=centre,
            department=dept, team=branches[branch] if branch else None,
        )  # fmt: skip
    firm = m.Firm.objects.create(code="F1", name="Firm One", size_class="micro",
                                 industry="retail", region="north", founded=dt.date(2020, 1, 1))  # fmt: skip
    case = m.Case.objects.create(code="K1", firm=firm, product="working_capital_loan",
                                 branch=branches["BR1"], relationship_manager=people["rm1"],
                                 amount_asked=100000, outcome="approved")  # fmt: skip
    start = dt.datetime(2026, 3, 2, 9, tzinfo=ZONE)
    for step, days, by in (("application", 0, "rm1"), ("visit", 1, "rm1"), ("rating", 2, "risk1"),
                           ("decision", 3.5, "head1")):  # fmt: skip
        m.Step.objects.create(case=case, step=step, at=start + dt.timedelta(days=days),
                              by=people[by])  # fmt: skip
    m.SoftEntry.objects.create(case=case, category="owner_character", observation="pays early",
                               source="supplier visit", observed_on=dt.date(2026, 3, 3),
                               recorded_by=people["rm1"], verified_by=people["risk1"], score=5)  # fmt: skip
    return {"case": case, "people": people}
