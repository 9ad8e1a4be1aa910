"""``/api/delphi``: a consultation's rounds and one round's statistics (read-only), for the
same roles as the pages: analysts, the admin and the directors."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from serviq.web.api import ERRORS, api
from serviq.web.delphi import results
from serviq.web.delphi.models import Round
from serviq.web.delphi.views import READERS, get_consultation, get_round
from serviq.web.org import access

router = Router(tags=["delphi"])


class RoundOut(Schema):
    number: int
    status: str
    items: list[str]
    closes_on: str
    answered: int
    invited: int
    response_rate: float | None


class RoundStatisticsOut(RoundOut):
    levels: dict[str, Any]


def finite(value: Any) -> Any:
    """``value`` with NaN (an SD or CV of one score) as null, which JSON can carry."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def _round(rnd: Round) -> dict[str, Any]:
    answered, invited = results.response(rnd)
    return {
        "number": rnd.number,
        "status": rnd.status,
        "items": list(rnd.items),
        "closes_on": rnd.closes_on.isoformat(),
        "answered": answered,
        "invited": invited,
        "response_rate": answered / invited if invited else None,
    }


@router.get(
    "/{pk}/rounds", response={200: list[RoundOut], **ERRORS}, summary="A consultation's rounds"
)
def round_list(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    access.require(request.user, READERS)
    c = get_consultation(pk)
    return [_round(r) for r in Round.objects.filter(consultation=c).order_by("number")]


@router.get(
    "/{pk}/rounds/{number}",
    response={200: RoundStatisticsOut, **ERRORS},
    summary="One round's statistics per level of the tree",
)
def round_detail(request: HttpRequest, pk: int, number: int) -> dict[str, Any]:
    access.require(request.user, READERS)
    rnd = get_round(get_consultation(pk), number)
    levels = results.statistics(rnd)
    return {
        **_round(rnd),
        "levels": {str(k): finite(s.as_dict()) for k, s in sorted(levels.items())},
    }


api.add_router("/delphi", router)
