"""Who sees which SME case and its soft information; reading and adding soft information
with an audit row each time (R-SME-3; docs/sme.md).

An RM sees the cases of their branch (their team); the risk officer and the SME desk head
see every case of their centre. Soft information is readable only by the case's RM, a risk
officer and the desk head (:func:`serviq.sme.cases.may_read_soft_information`); anyone else
gets a 403 and the refusal is audited too. Every read and every change writes an audit row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from serviq.errors import NotFound, PermissionDenied
from serviq.sme import cases as core
from serviq.web.audit.trail import record
from serviq.web.org import access, roles
from serviq.web.org.models import Person
from serviq.web.privacy import mask
from serviq.web.sme import models as m


def cases_for(person: Person) -> QuerySet[m.Case]:
    """The cases in ``person``'s SME scope."""
    qs = (
        m.Case.objects.filter(branch__department__centre=person.centre)
        .select_related("firm", "branch", "relationship_manager")
        .prefetch_related("steps__by")
    )
    if person.role in roles.SME_DESK_WIDE:
        return qs
    if person.team_id is None:
        return qs.none()
    return qs.filter(branch_id=person.team_id)


def case_for(user: Any, code: str) -> tuple[Person, m.Case]:
    person = access.require(user, roles.SME)
    case = cases_for(person).filter(code=code).first()
    if case is None:
        raise NotFound(f"no case {code} in your scope")
    return person, case


def core_case(case: m.Case) -> core.Case:
    """The core's value of a stored case (timeline included), for its rules and figures."""
    return core.Case(
        code=case.code,
        firm=case.firm.code,
        product=case.product,
        branch=case.branch.code,
        relationship_manager=case.relationship_manager.code,
        amount_asked=float(case.amount_asked),
        # steps.all(): a list's prefetch_related("steps__by") answers it (ordered by Meta)
        timeline=tuple(core.Step(s.step, s.at, s.by.code) for s in case.steps.all()),
        outcome=case.outcome or None,
    )


def core_soft(case: m.Case) -> tuple[core.SoftEntry, ...]:
    """The core's values of the case's stored soft information."""
    return tuple(
        core.SoftEntry(
            category=e.category,
            observation=e.observation,
            source=e.source,
            observed_on=e.observed_on,
            recorded_by=e.recorded_by.code,
            score=e.score,
            verified_by=e.verified_by.code if e.verified_by else None,
        )
        for e in case.soft_entries.select_related("recorded_by", "verified_by")
    )


def _soft_allowed(request: HttpRequest, person: Person, case: m.Case) -> None:
    if not core.may_read_soft_information(
        case.relationship_manager.code, person.code, {person.role}
    ):
        record("sme.soft.refused", request=request, obj=case)
        raise PermissionDenied(
            "soft information is for the case's relationship manager, the risk officer "
            "and the SME desk head"
        )


def read_soft(request: HttpRequest, code: str) -> tuple[m.Case, list[dict[str, Any]]]:
    """The case's soft information; the read is audited (a refusal too)."""
    person, case = case_for(request.user, code)
    _soft_allowed(request, person, case)
    entries = [core.soft_entry_as_dict(e) for e in core_soft(case)]
    record("sme.soft.read", request=request, obj=case, after={"entries": len(entries)})
    return case, entries


def add_soft(
    request: HttpRequest,
    code: str,
    *,
    category: str,
    observation: str,
    source: str,
    observed_on: dt.date,
    score: int,
) -> m.SoftEntry:
    """Record an entry (masked before it is stored), checked by the core's rules."""
    with transaction.atomic():
        person, case = case_for(request.user, code)
        m.Case.objects.select_for_update().filter(pk=case.pk).first()
        _soft_allowed(request, person, case)
        entry = core.SoftEntry(category, mask(observation), mask(source), observed_on,
                               person.code, score)  # fmt: skip
        checked = dataclasses.replace(core_case(case), soft=(entry,))
        core.check_case(checked, core.load_catalogue())
        row = m.SoftEntry.objects.create(
            case=case,
            category=entry.category,
            observation=entry.observation,
            source=entry.source,
            observed_on=observed_on,
            recorded_by=person,
            score=score,
        )
        record("sme.soft.add", request=request, obj=row,
               after={"case": case.code, "category": category, "score": score})  # fmt: skip
    return row


def case_summary(case: m.Case, catalogue: core.Catalogue | None = None) -> dict[str, Any]:
    """A case's figures; a list passes the ``catalogue`` it read once."""
    c = core_case(case)
    return {
        "code": case.code,
        "firm": case.firm.code,
        "product": case.product,
        "layer": (catalogue or core.load_catalogue()).layer_of(case.product),
        "branch": case.branch.code,
        "relationship_manager": case.relationship_manager.name,
        "outcome": case.outcome or None,
        "time_to_decision_days": core.time_to_decision_days(c),
        "hand_offs": core.hand_offs(c),
    }
