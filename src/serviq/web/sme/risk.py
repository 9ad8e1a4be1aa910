"""The SME desk's risk on the web (R-SME-4, R-SME-6, R-SME-7; docs/sme.md): guarantee
contracts on cases, follow-up and recovery events with the loss allocated layer by layer,
decisions checked against the concentration limits inside their transaction, the guaranteed
portfolio by layer, limit usage and a case's schedule. The rules and figures are the core's
(:mod:`serviq.sme.guarantees`, :mod:`serviq.sme.limits`, :mod:`serviq.sme.follow_up`,
:mod:`serviq.sme.portfolio`, :mod:`serviq.sme.irb`, :mod:`serviq.sme.schedules`); this module
reads and writes the rows, locks them and writes the audit rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from serviq.errors import Conflict, InvalidInput, NotFound, Where
from serviq.languages import Lang
from serviq.messages import error
from serviq.sme import follow_up, guarantees, irb, limits, portfolio, schedules
from serviq.sme.cases import load_catalogue
from serviq.sme.scorecard import load_scorecard_settings
from serviq.web.audit.trail import record
from serviq.web.org import access, roles
from serviq.web.org.models import Person
from serviq.web.privacy import LANGS, mask
from serviq.web.sme import desk
from serviq.web.sme import models as m

LEASING = "leasing"


def language() -> Lang:
    return cast(Lang, LANGS.get((translation.get_language() or "zh-hans").lower(), "zh-Hans"))


def _money(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def _event(e: m.CaseEvent) -> follow_up.Event:
    return follow_up.Event(
        e.kind,
        float(e.amount) if e.amount is not None else None,
        float(e.interest) if e.interest is not None else None,
        float(e.cost) if e.cost is not None else None,
    )


def attach_guarantee(
    case: m.Case, guarantor: m.Guarantor, preset: str, years: float
) -> m.GuaranteeContract:
    """Give ``case`` a guarantee contract with ``preset``'s shares and fees."""
    rules = guarantees.load_guarantee_rules()
    if preset not in rules.presets:
        raise error(
            InvalidInput,
            "sme.preset",
            where=Where(field="preset"),
            preset=preset,
            allowed=", ".join(rules.presets),
        )
    p = rules.presets[preset]
    amount = _money(case.amount_granted or case.amount_asked)
    return m.GuaranteeContract.objects.create(
        case=case,
        guarantor=guarantor,
        preset=preset,
        shares=dict(p.shares),
        fees=guarantees.fees(p.fees, p.shares, amount, years),
        years=years,
    )


def contract_of(case: m.Case) -> m.GuaranteeContract | None:
    return m.GuaranteeContract.objects.filter(case=case).select_related("guarantor").first()


def record_event(
    request: HttpRequest,
    code: str,
    *,
    kind: str,
    on: dt.date,
    amount: float | None = None,
    interest: float | None = None,
    cost: float | None = None,
    note: str = "",
) -> m.CaseEvent:
    """Add a follow-up or recovery event (the case's RM, the risk officer, the desk head),
    checked by the core's rule after locking the case; a default or recovery re-allocates
    the loss across the contract's layers, audited with the allocation before and after."""
    with transaction.atomic():
        person, case = desk.case_for(request.user, code)
        m.Case.objects.select_for_update().filter(pk=case.pk).first()
        contract = m.GuaranteeContract.objects.select_for_update().filter(case=case).first()
        earlier = [_event(e) for e in case.events.all()]
        new = follow_up.Event(kind, amount, interest, cost)
        follow_up.check_event(new, earlier, guaranteed=contract is not None)
        row = m.CaseEvent.objects.create(
            case=case, kind=kind, on=on, by=person, amount=amount, interest=interest,
            cost=cost, note=mask(note),
        )  # fmt: skip
        record("sme.event.add", request=request, obj=row,
               after={"case": case.code, "kind": kind, "amount": amount})  # fmt: skip
        if contract is not None and kind in ("default", "recovery"):
            before = reallocate(contract, [*earlier, new])
            record("sme.guarantee.allocate", request=request, obj=contract,
                   before=before, after=contract.allocation)  # fmt: skip
    return row


def reallocate(contract: m.GuaranteeContract, events: list[follow_up.Event]) -> Any:
    """Store the loss allocation of ``events`` on ``contract``; returns the one before."""
    before = contract.allocation
    alloc = follow_up.allocation(contract.shares, events)
    contract.allocation = (
        None
        if alloc is None
        else {
            "loss": alloc.loss,
            "at_default": alloc.at_default,
            "recovered": alloc.recovered,
            "allocation": alloc.allocation,
        }
    )
    contract.save(update_fields=["allocation"])
    return before


def decide(
    request: HttpRequest, code: str, *, outcome: str, amount: float | None, rate: float | None
) -> m.Case:
    """Decide a case (the risk officer or the desk head). Approving runs the bank's limits
    and, for a guaranteed case, the guarantor's checks on the rows locked in this
    transaction; a breach refuses with every reason in the user's language (409)."""
    if outcome not in ("approved", "declined"):
        raise error(InvalidInput, "sme.outcome", where=Where(field="outcome"), outcome=outcome)
    person = access.require(request.user, roles.SME_DESK_WIDE)
    on = timezone.localdate()
    with transaction.atomic():
        case = desk.cases_for(person).filter(code=code).first()
        if case is None:
            raise NotFound(f"no case {code} in your scope")
        case = m.Case.objects.select_for_update().select_related("firm").get(pk=case.pk)
        if case.outcome:
            raise error(Conflict, "sme.decided", case=code, outcome=case.outcome)
        granted = amount if amount is not None else float(case.amount_asked)
        if outcome == "approved":
            _check_limits(case, person, on, granted)
        case.outcome = outcome
        case.amount_granted = Decimal(str(granted)) if outcome == "approved" else None
        case.rate = rate if outcome == "approved" else None
        case.save(update_fields=["outcome", "amount_granted", "rate"])
        m.Step.objects.create(case=case, step="decision", at=timezone.now(), by=person)
        record("sme.case.decide", request=request, obj=case,
               after={"outcome": outcome, "amount": granted if outcome == "approved" else None})  # fmt: skip
    return case


def _booked(person: Person) -> list[m.Case]:
    """The centre's approved cases, locked: the exposures a decision is judged against."""
    return list(
        m.Case.objects.select_for_update()
        .filter(branch__department__centre=person.centre, outcome="approved")
        .select_related("firm")
    )


def _loans_by_firm(booked: list[m.Case]) -> dict[str, float]:
    loans: dict[str, float] = {}
    for c in booked:
        loans[c.firm.code] = loans.get(c.firm.code, 0.0) + _money(c.amount_granted)
    return loans


def _check_limits(case: m.Case, person: Person, on: dt.date, amount: float) -> None:
    # the firm and its connected group first: two decisions for one group wait for each
    # other, and the second reads the first's approval once it has committed
    group = {case.firm.code, *case.firm.related_parties}
    list(m.Firm.objects.select_for_update().filter(code__in=group).order_by("pk"))
    booked = _booked(person)
    exposures = limits.connected_exposures(
        _loans_by_firm(booked), case.firm.code, case.firm.related_parties
    )
    rules = limits.load_limit_rules()
    bank = limits.check_bank(
        rules, on, limits.load_capital_figures(), exposures, case.firm.code, amount
    )
    checks: tuple[guarantees.Check, ...] = ()
    contract = m.GuaranteeContract.objects.filter(case=case).first()
    if contract is not None:
        guarantor = m.Guarantor.objects.select_for_update().get(pk=contract.guarantor_id)
        related = set(case.firm.related_parties)
        outstanding = party = rel = 0.0
        for c in m.GuaranteeContract.objects.filter(
            guarantor=guarantor, case__outcome="approved"
        ).select_related("case__firm"):
            taken = (1 - c.shares.get("bank", 0.0)) * _money(c.case.amount_granted)
            outstanding += taken
            party += taken if c.case.firm.code == case.firm.code else 0.0
            rel += taken if c.case.firm.code in related else 0.0
        position = guarantees.GuarantorPosition(
            float(guarantor.net_assets), outstanding, party, rel, guarantor.small_micro_agri
        )
        checks = guarantees.check_guarantee(
            rules, guarantees.load_guarantee_rules(), on, contract.shares, amount, position
        )
    decision = guarantees.lending_decision(bank, checks)
    if not decision.ok:
        lang = language()
        raise Conflict(
            "; ".join(r.message(lang) for r in decision.reasons),
            code=decision.reasons[0].code,
            details={"reasons": [r.as_dict(lang) for r in decision.reasons]},
        )


def portfolio_by_layer(person: Person) -> dict[str, Any]:
    """The approved guaranteed cases in ``person``'s scope: each exposure's PD (from its
    score), IRB risk weight and capital, and each party's expected and tail loss."""
    rules = guarantees.load_guarantee_rules()
    scaling = load_scorecard_settings().scaling
    rows: list[dict[str, Any]] = []
    loans: list[portfolio.Loan] = []
    contracts = m.GuaranteeContract.objects.filter(
        case__in=desk.cases_for(person), case__outcome="approved"
    ).select_related("case", "case__firm", "guarantor")
    for c in contracts.order_by("case__code"):
        ead = _money(c.case.amount_granted)
        pd = min(max(scaling.pd_of(c.case.score or 0.0), 0.0003), 0.9999)
        cap = irb.capital(pd, rules.lgd, maturity=rules.maturity, ead=ead)
        loans.append(portfolio.Loan(ead, pd, rules.lgd, c.shares))
        rows.append({
            "case": c.case.code, "firm": c.case.firm.code, "guarantor": c.guarantor.code,
            "preset": c.preset, "ead": ead, "pd": pd, "risk_weight": cap.risk_weight,
            "capital": cap.k * ead,
            "expected_loss": cap.expected_loss, "allocation": c.allocation,
        })  # fmt: skip
    layers = portfolio.layer_losses(loans, rules.tail_level).as_dict() if loans else None
    return {"exposures": rows, "layers": layers}


def limit_usage(person: Person, on: dt.date | None = None) -> dict[str, Any]:
    """Each borrowing firm's ratios against the bank's limits in force on ``on`` (today by
    default), with its band: within, near (the warning band) or exceeded; largest first."""
    on = on or timezone.localdate()
    rules = limits.load_limit_rules()
    capital = limits.load_capital_figures()
    booked = list(
        m.Case.objects.filter(branch__department__centre=person.centre, outcome="approved")
        .select_related("firm")
    )  # fmt: skip
    loans = _loans_by_firm(booked)
    firms = {c.firm.code: c.firm for c in booked}
    lang = language()
    rows: list[dict[str, Any]] = []
    for code in sorted(loans, key=lambda f: -loans[f]):
        firm = firms[code]
        exposures = limits.connected_exposures(loans, code, firm.related_parties)
        check = limits.check_bank(rules, on, capital, exposures, code, 0.0)
        usage = check.as_dict(lang)
        rows.append({"firm": code, "name": firm.name, "loans": loans[code], **usage,
                     "band": "exceeded" if usage["reasons"] else
                     "near" if usage["notes"] else "within"})  # fmt: skip
    figures = limits.in_force(capital, on, what="capital", source=limits.CAPITAL_FILE)
    bank = rules.bank_on(on)
    return {
        "on": on,
        "net_capital": figures.net_capital,
        "tier1_capital": figures.tier1_capital,
        "warning_at": rules.warning_at,
        "limits": {
            "bank.single_borrower": bank.single_borrower,
            "bank.large_exposure_client": bank.large_exposure_client,
            "bank.large_exposure_group": bank.large_exposure_group,
        },
        "firms": rows,
    }


def case_schedule(user: Any, code: str) -> dict[str, Any]:
    """The repayment schedule of an approved loan or lease case (a lease pays in advance,
    a loan in arrears, monthly annuity over the case's term)."""
    _, case = desk.case_for(user, code)
    if case.outcome != "approved" or case.amount_granted is None or not case.term_months:
        raise error(Conflict, "sme.no_schedule", case=code)
    when: schedules.When = "begin" if case.product == LEASING else "end"
    s = schedules.schedule(
        _money(case.amount_granted), case.rate or 0.0, case.term_months, when=when
    )
    return {"case": case.code, "product": case.product, "when": when, **s.as_dict()}


def follow_up_of(case: m.Case) -> dict[str, Any]:
    """The case's events and the early-warning signs in its soft information."""
    rules = guarantees.load_guarantee_rules()
    signs = follow_up.early_warning_signs(
        dataclasses.replace(desk.core_case(case), soft=desk.core_soft(case)),
        load_catalogue(),
        rules.early_warning_at,
    )
    events = [
        {"kind": e.kind, "on": e.on, "by": e.by.name, "amount": e.amount, "interest": e.interest,
         "cost": e.cost, "note": e.note}
        for e in case.events.select_related("by")
    ]  # fmt: skip
    return {"events": events, "early_warnings": signs}
