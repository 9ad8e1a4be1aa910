"""The SME demo's risk side (docs/sme.md): loan terms, two guarantors, guarantee contracts on
the approved guaranteed loans, one default with its follow-up and a partial recovery
allocated layer by layer, leases with their schedules, and one large borrower inside the
warning band of the single-borrower limit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

#: code, name, net assets, mainly small/micro/agriculture
GUARANTORS = [
    ("G01", "省农业融资担保有限公司", 300_000_000, True),
    ("G02", "市中小企业融资担保有限公司", 200_000_000, False),
]
TERMS = (12, 24, 36)
#: the large borrower's loans: 9.1 % of the demo's net capital, in the warning band
LARGE = Decimal("58000000")


def load_demo_risk(now: dt.datetime) -> None:
    """Add the risk side to the demo's SME cases (inside the caller's transaction)."""
    from serviq.web.sme import models as m
    from serviq.web.sme.risk import attach_guarantee

    approved = list(m.Case.objects.filter(outcome="approved").order_by("code"))
    for i, c in enumerate(approved):
        c.term_months = TERMS[i % len(TERMS)] if c.product != "leasing" else 36
    large = next((c for c in approved if c.product == "term_loan"), None)
    if large is not None:
        large.amount_granted = LARGE
    m.Case.objects.bulk_update(approved, ["term_months", "amount_granted"])
    guarantors = [
        m.Guarantor.objects.create(code=code, name=name, net_assets=assets, small_micro_agri=agri)
        for code, name, assets, agri in GUARANTORS
    ]
    guaranteed = [c for c in approved if c.product == "guaranteed_loan"]
    contracts = [
        attach_guarantee(
            c, guarantors[i % 2], ("4-2-2-2", "2-8")[i % 2], (c.term_months or 12) / 12
        )
        for i, c in enumerate(guaranteed)
    ]
    if contracts:
        _default_with_recovery(contracts[0], now)


def _default_with_recovery(contract: Any, now: dt.datetime) -> None:
    """Follow-up, a default at 80 % of the loan and a recovery of 30 % net of its cost."""
    from serviq.sme.follow_up import Event
    from serviq.web.sme import models as m
    from serviq.web.sme.risk import reallocate

    case = contract.case
    granted = float(case.amount_granted)
    events = [  # kind, days ago, note, the event's amounts
        ("monitoring_visit", 150, "贷后走访：订单下降，库存积压", Event("monitoring_visit")),
        ("early_warning", 120, "拖欠供应商货款两个月", Event("early_warning")),
        ("default", 90, "逾期九十天，担保机构代偿",
         Event("default", round(granted * 0.8, 2), interest=round(granted * 0.02, 2))),
        ("recovery", 30, "处置抵押设备",
         Event("recovery", round(granted * 0.3, 2), cost=round(granted * 0.01, 2))),
    ]  # fmt: skip
    for kind, days_ago, note, e in events:
        m.CaseEvent.objects.create(
            case=case, kind=kind, on=now.date() - dt.timedelta(days=days_ago),
            by=case.relationship_manager, amount=e.amount, interest=e.interest, cost=e.cost,
            note=note,
        )  # fmt: skip
    reallocate(contract, [e for *_, e in events])
