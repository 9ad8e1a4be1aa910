"""``/api/sme/``: the SME desk's cases and their soft information, with the same
permissions, rules and audit rows as the pages (:mod:`serviq.web.sme.desk`).

| endpoint | read | write |
|---|---|---|
| ``/cases`` | RMs (their branch), risk officer, desk head | — |
| ``/cases/{code}`` | the same | — |
| ``/cases/{code}/soft`` | the case's RM, risk officer, desk head (audited) | the same (audited) |
| ``/cases/{code}/events`` | RMs (their branch), risk officer, desk head | the same (audited) |
| ``/cases/{code}/schedule`` | RMs (their branch), risk officer, desk head | — |
| ``/cases/{code}/decision`` | — | risk officer, desk head (limits checked; audited) |
| ``/portfolio`` | risk officer, desk head | — |
| ``/limits`` | risk officer, desk head | — |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from serviq.sme.cases import load_catalogue
from serviq.web.api import ERRORS, api
from serviq.web.org import access, roles
from serviq.web.sme import desk, risk

router = Router(tags=["sme"])


class CaseOut(Schema):
    code: str
    firm: str
    product: str
    layer: str | None
    branch: str
    relationship_manager: str
    outcome: str | None
    time_to_decision_days: float | None
    hand_offs: int | None


class StepOut(Schema):
    step: str
    at: dt.datetime
    by: str


class CaseDetailOut(CaseOut):
    timeline: list[StepOut]


class SoftOut(Schema):
    category: str
    observation: str
    source: str
    observed_on: dt.date
    recorded_by: str
    verified_by: str | None
    score: int


class SoftIn(Schema):
    category: str
    observation: str
    source: str
    observed_on: dt.date
    score: int


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
def cases(request: HttpRequest) -> Any:
    person = access.require(request.user, roles.SME)
    catalogue = load_catalogue()
    return [desk.case_summary(c, catalogue) for c in desk.cases_for(person).order_by("code")]


@router.get("/cases/{code}", response={200: CaseDetailOut, **ERRORS})
def case(request: HttpRequest, code: str) -> Any:
    _, c = desk.case_for(request.user, code)
    steps = [{"step": s.step, "at": s.at, "by": s.by.name} for s in c.steps.select_related("by")]
    return {**desk.case_summary(c), "timeline": steps}


@router.get("/cases/{code}/soft", response={200: list[SoftOut], **ERRORS})
def soft(request: HttpRequest, code: str) -> Any:
    return desk.read_soft(request, code)[1]


@router.post("/cases/{code}/soft", response={200: SoftOut, **ERRORS})
def add_soft(request: HttpRequest, code: str, body: SoftIn) -> Any:
    row = desk.add_soft(request, code, **body.dict())
    return {
        "category": row.category,
        "observation": row.observation,
        "source": row.source,
        "observed_on": row.observed_on,
        "recorded_by": row.recorded_by.code,
        "verified_by": None,
        "score": row.score,
    }


class EventIn(Schema):
    kind: str
    on: dt.date
    amount: float | None = None
    interest: float | None = None
    cost: float | None = None
    note: str = ""


class DecisionIn(Schema):
    outcome: str
    amount: float | None = None
    rate: float | None = None


@router.get("/cases/{code}/events", response={200: dict[str, Any], **ERRORS})
def events(request: HttpRequest, code: str) -> Any:
    _, c = desk.case_for(request.user, code)
    contract = risk.contract_of(c)
    out = risk.follow_up_of(c)
    out["guarantee"] = (
        {"guarantor": contract.guarantor.code, "preset": contract.preset,
         "shares": contract.shares, "fees": contract.fees, "allocation": contract.allocation}
        if contract else None
    )  # fmt: skip
    return out


@router.post("/cases/{code}/events", response={200: dict[str, Any], **ERRORS})
def add_event(request: HttpRequest, code: str, body: EventIn) -> Any:
    row = risk.record_event(request, code, **body.dict())
    contract = risk.contract_of(row.case)
    return {"kind": row.kind, "on": row.on, "allocation": contract.allocation if contract else None}


@router.get("/cases/{code}/schedule", response={200: dict[str, Any], **ERRORS})
def schedule(request: HttpRequest, code: str) -> Any:
    return risk.case_schedule(request.user, code)


@router.post("/cases/{code}/decision", response={200: dict[str, Any], **ERRORS})
def decision(request: HttpRequest, code: str, body: DecisionIn) -> Any:
    c = risk.decide(request, code, **body.dict())
    granted = float(c.amount_granted) if c.amount_granted is not None else None
    return {"code": c.code, "outcome": c.outcome, "amount_granted": granted}


@router.get("/portfolio", response={200: dict[str, Any], **ERRORS})
def guaranteed_portfolio(request: HttpRequest) -> Any:
    return risk.portfolio_by_layer(access.require(request.user, roles.SME_DESK_WIDE))


@router.get("/limits", response={200: dict[str, Any], **ERRORS})
def limit_usage(request: HttpRequest) -> Any:
    return risk.limit_usage(access.require(request.user, roles.SME_DESK_WIDE))


api.add_router("/sme", router)
