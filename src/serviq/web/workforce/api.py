"""``/api/workforce/``: my shifts and my requests, with the same scope as the pages."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from serviq.web.api import ERRORS, api
from serviq.web.org import access, roles
from serviq.web.workforce import scope
from serviq.web.workforce.schedules import schedule_around
from serviq.web.workforce.views import _month

router = Router(tags=["workforce"])


class ShiftOut(Schema):
    shift: str
    date: dt.date
    kind: str
    start: dt.datetime
    end: dt.datetime
    night: bool
    swapped: bool


class RequestOut(Schema):
    id: int
    type: str
    status: str
    pending: list[str]
    detail: dict[str, Any]
    check: dict[str, Any]


@router.get(
    "/my-shifts", response={200: list[ShiftOut], **ERRORS}, summary="The shifts I work in a month"
)
def my_shifts(request: HttpRequest, month: str | None = None) -> list[dict[str, Any]]:
    person = access.require(request.user, roles.ALL)
    year, mon = _month(month)
    first, last = dt.date(year, mon, 1), dt.date(year, mon, cal.monthrange(year, mon)[1])
    schedule = schedule_around([first, last])
    swapped = {sid for sw in schedule.swaps for sid in sw.shift_ids}
    return [
        {
            "shift": s.id,
            "date": s.date,
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "night": s.night,
            "swapped": s.id in swapped,
        }
        for s in schedule.shifts_of(person.code)
        if first <= s.date <= last
    ]


@router.get(
    "/my-requests", response={200: list[RequestOut], **ERRORS}, summary="My swap and leave requests"
)
def my_requests(request: HttpRequest) -> list[dict[str, Any]]:
    person = access.require(request.user, roles.ALL)
    out: list[dict[str, Any]] = []
    swaps = scope.swaps_for(request.user)
    for sw in (swaps.filter(requester=person) | swaps.filter(partner=person)).distinct():
        out.append(
            {
                "id": sw.pk,
                "type": "swap",
                "status": sw.status,
                "pending": [str(s) for s in _pending(sw.flow)],
                "detail": {
                    "requester": sw.requester.code,
                    "partner": sw.partner.code,
                    "give_shift": sw.give_shift.code,
                    "take_shift": sw.take_shift.code,
                },
                "check": sw.rule_check,
            }
        )
    for lv in scope.leave_for(request.user).filter(person=person):
        out.append(
            {
                "id": lv.pk,
                "type": "leave",
                "status": lv.status,
                "pending": [str(s) for s in _pending(lv.flow)],
                "detail": {
                    "kind": lv.kind,
                    "start": lv.start.isoformat(),
                    "end": lv.end.isoformat(),
                },
                "check": lv.rule_check,
            }
        )
    return out


def _pending(flow: dict[str, Any]) -> tuple[Any, ...]:
    from serviq.workforce.approvals import Flow

    return Flow.from_dict(flow).pending


# the registers (roll call, sign-off, visitors, minutes) add their endpoints to ``router``
from serviq.web.workforce import registers_api  # noqa: E402, F401

api.add_router("/workforce", router)
