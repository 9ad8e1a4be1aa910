"""The SME desk of the web demo: three branches, their relationship managers, a risk officer
and a desk head, and a few hundred financing cases from the demo's synthetic portfolio
(:mod:`serviq.demo.sme_portfolio`) with timelines and soft information (docs/sme.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from serviq.web.sme.demo_risk import load_demo_risk

#: The SME desk's people: code, name, role, branch (None: desk-wide).
PEOPLE = [
    ("RM01", "陈建华", "relationship_manager", "BR1"),
    ("RM02", "林晓梅", "relationship_manager", "BR1"),
    ("RM03", "王志强", "relationship_manager", "BR2"),
    ("RM04", "赵丽娟", "relationship_manager", "BR3"),
    ("RO01", "周立新", "risk_officer", None),
    ("SH01", "吴国平", "sme_desk_head", None),
]
BRANCHES = {"BR1": "城东支行", "BR2": "城西支行", "BR3": "高新区支行"}
SOFT_COLUMNS = {
    "soft_owner": ("owner_character", "走访企业主，了解经营理念与诚信记录"),
    "soft_conduct": ("conduct", "实地查看经营场所与账实相符情况"),
    "soft_suppliers": ("supplier_dealings", "与主要供应商核实付款习惯"),
    "soft_customers": ("customer_dealings", "与主要客户核实回款与合作年限"),
    "soft_utilities": ("utilities_payment", "核对水电费与工资发放记录"),
}
PRODUCTS = ("working_capital_loan", "term_loan", "bill", "guaranteed_loan", "leasing")


def load_demo_sme(centre: Any, now: dt.datetime, cases: int = 240, seed: int = 13) -> int:
    """Create the desk's organisation and ``cases`` decided cases ending before ``now``."""
    from django.db import transaction

    from serviq.demo.sme_portfolio import (
        HARD_FEATURES,
        SOFT_FEATURES,
        portfolio,
        rationed_decisions,
    )
    from serviq.sme.scorecard import fit_scorecard, load_scorecard_settings
    from serviq.web.org.models import Department, Person, Team
    from serviq.web.sme import models as m

    settings = load_scorecard_settings()
    frame = portfolio(1500, seed=seed)
    features = [*HARD_FEATURES, *SOFT_FEATURES]
    card = fit_scorecard({f: frame[f].to_numpy(float) for f in features}, frame["default"])
    scores = card.score({f: frame[f].to_numpy(float) for f in features})
    approve = rationed_decisions(frame, scores, settings.approval_cutoff, seed=seed)
    rng = np.random.default_rng(seed)
    with transaction.atomic():
        dept = Department.objects.create(centre=centre, code="SME", name="中小企业部")
        branches = {c: Team.objects.create(department=dept, code=c, name=n)
                    for c, n in BRANCHES.items()}  # fmt: skip
        people = {
            code: Person.objects.create(code=code, name=name, role=role, centre=centre,
                                        department=dept, team=branches.get(branch or ""))
            for code, name, role, branch in PEOPLE
        }  # fmt: skip
        rms = [p for p in people.values() if p.role == "relationship_manager"]
        rows = frame.head(cases)
        steps: list[Any] = []
        soft: list[Any] = []
        for i, r in enumerate(rows.itertuples()):
            rm = rms[i % len(rms)]
            firm = m.Firm.objects.create(
                code=r.firm, name=f"示范企业{i + 1:03d}", size_class=r.size_class,
                industry=r.industry, region=r.region,
                founded=(now - dt.timedelta(days=int(r.age_years * 365.25))).date(),
            )  # fmt: skip
            ok = bool(approve[i])
            grade = settings.grade_of(float(scores[i]))
            asked = float(rng.integers(20, 500)) * 10000
            case = m.Case.objects.create(
                code=f"K{i + 1:04d}", firm=firm, product=PRODUCTS[i % len(PRODUCTS)],
                branch=rm.team, relationship_manager=rm, amount_asked=asked,
                outcome="approved" if ok else "declined",
                amount_granted=asked * float(rng.choice([0.6, 0.8, 1.0])) if ok else None,
                rate=0.04 + 0.01 * "ABCDEF".index(grade.code) if ok else None,
                score=float(scores[i]), grade=grade.code,
            )  # fmt: skip
            start = now - dt.timedelta(
                days=int(rng.integers(20, 700)), hours=int(rng.integers(0, 8))
            )
            chain = [("application", 0.0, rm), ("visit", 1.0 + rng.random() * 2, rm),
                     ("rating", 3.0 + rng.random() * 3, people["RO01"])]  # fmt: skip
            if rng.random() < 0.4:
                chain.append(("guarantee", chain[-1][1] + 1 + rng.random() * 2, people["RO01"]))
            decider = people["SH01"] if asked > 2_000_000 else people["RO01"]
            chain.append(("decision", chain[-1][1] + 0.5 + rng.random() * 4, decider))
            if ok:
                chain.append(("disbursement", chain[-1][1] + 1 + rng.random() * 3, rm))
            steps += [m.Step(case=case, step=s, at=start + dt.timedelta(days=d), by=p)
                      for s, d, p in chain]  # fmt: skip
            for column, (category, note) in SOFT_COLUMNS.items():
                soft.append(m.SoftEntry(
                    case=case, category=category, observation=note, source="客户经理走访",
                    observed_on=(start + dt.timedelta(days=1)).date(), recorded_by=rm,
                    verified_by=people["RO01"], score=int(getattr(r, column)),
                ))  # fmt: skip
        m.Step.objects.bulk_create(steps, batch_size=1000)
        m.SoftEntry.objects.bulk_create(soft, batch_size=1000)
        load_demo_risk(now)
    return len(rows)
