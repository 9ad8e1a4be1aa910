"""Finding 6: a workforce rule that guards a write is checked inside the transaction, after
locking the rows it reads. Two team leads approving two swaps of one agent at the same
moment cannot take the agent past the monthly limit (R-OPS-7, 2 swaps a month).

The race needs two real connections that run at the same time: PostgreSQL. On SQLite a
write transaction takes the whole database at BEGIN (``transaction_mode = IMMEDIATE``), so
the two approvals are serialised by the engine and the race cannot be staged there.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from workforce_data import extra_lead

pytestmark = pytest.mark.django_db(transaction=True)


def _month_base() -> dt.date:
    """A day ≥ 14 days ahead with 12 holiday-free days after it, all in one month."""
    from serviq.workforce.calendars import holiday_calendar
    from serviq.workforce.ruleset import load_rules

    cal = holiday_calendar(load_rules().calendar.region)
    day = dt.date.today() + dt.timedelta(days=14)
    while (day + dt.timedelta(days=12)).month != day.month or any(
        cal.holiday(day + dt.timedelta(days=i)) for i in range(13)
    ):
        day += dt.timedelta(days=1)
    return day


def _shift(person: Any, day: dt.date) -> Any:
    from serviq.web.workforce.models import Shift
    from serviq.workforce.roster import make_shift
    from serviq.workforce.ruleset import load_rules

    cs = make_shift(person.code, day, "day", load_rules(), person.team.code)
    return Shift.objects.create(
        code=cs.id,
        team=person.team,
        person=person,
        date=cs.date,
        kind=cs.kind,
        start=cs.start,
        end=cs.end,
        night=cs.night,
    )


def _three_swaps_of_a001(personas: Any) -> tuple[Any, Any, Any, dict[str, Any]]:
    """Swap Z (approved) and swaps X, Y waiting only for the partner's team lead.

    A001 gives day 0 to A002, day 4 to B001 and day 8 to C001 (each takes the partner's
    next day): no two swaps are within a day of each other, no back-to-back shifts, so the
    only rule a third approval breaks is the monthly limit.
    """
    from serviq.web.workforce import actions

    centre = personas()
    people = centre["people"]
    lead3 = extra_lead(centre, "lead3", "T3")
    base = _month_base()
    d = [base + dt.timedelta(days=i) for i in range(10)]
    pairs = {
        "Z": (_shift(people["a001"], d[0]), _shift(people["a002"], d[1])),
        "X": (_shift(people["a001"], d[4]), _shift(people["b001"], d[5])),
        "Y": (_shift(people["a001"], d[8]), _shift(people["c001"], d[9])),
    }
    swaps = {
        k: actions.request_swap(people["a001"], give, take) for k, (give, take) in pairs.items()
    }
    partner = {"Z": "a002", "X": "b001", "Y": "c001"}
    for k, sw in swaps.items():
        sw = actions.act_on_swap(sw, people[partner[k]], "approve")
        swaps[k] = actions.act_on_swap(sw, people["lead1"], "approve")
    assert swaps["Z"].status == "approved"
    assert swaps["X"].status == swaps["Y"].status == "in_review"
    return swaps["X"], swaps["Y"], people["lead2"], {"lead3": lead3, **people}


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises write transactions at BEGIN; the race needs PostgreSQL",
)
def test_two_leads_approving_at_once_cannot_pass_the_monthly_swap_limit(personas: Any) -> None:
    from django.db import close_old_connections

    from serviq.web.workforce import actions
    from serviq.web.workforce.models import SwapRequest

    x, y, lead2, people = _three_swaps_of_a001(personas)
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def approve(name: str, sw: Any, lead: Any) -> None:
        try:
            start.wait()
            outcome[name] = actions.act_on_swap(sw, lead, "approve").status
        except actions.RuleRefusal as exc:
            outcome[name] = [r.code for r in exc.decision.reasons]
        except Exception as exc:  # a deadlock or lock error would show here
            outcome[name] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=approve, args=("X", x, lead2)),
        threading.Thread(target=approve, args=("Y", y, people["lead3"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    approved = SwapRequest.objects.filter(requester__code="A001", status="approved").count()
    assert approved == 2, outcome  # Z and one of X, Y: never 3
    assert sorted(map(str, outcome.values())) == ["['swap.monthly_limit']", "approved"], outcome


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises write transactions at BEGIN; the race needs PostgreSQL",
)
def test_a_swap_and_leave_on_its_shift_approved_at_once_are_not_both_approved(
    personas: Any,
) -> None:
    """The last approvals of a swap (A001 takes A002's day-1 shift) and of A001's leave on
    that day, at the same moment: one passes, the other sees it (no leave on a swapped
    shift, R-OPS-7)."""
    from django.db import close_old_connections

    from serviq.web.workforce import actions

    people = personas()["people"]
    base = _month_base()
    give, take = _shift(people["a001"], base), _shift(people["a002"], base + dt.timedelta(days=1))
    sw = actions.request_swap(people["a001"], give, take)
    sw = actions.act_on_swap(sw, people["a002"], "approve")
    lv = actions.submit_leave(people["a001"], "personal", take.start, take.end)
    lv = actions.act_on_leave(lv, people["lead1"], "approve")
    assert lv.status == "in_review", lv.flow
    go = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def run(name: str, act: Any) -> None:
        try:
            go.wait()
            outcome[name] = act().status
        except actions.RuleRefusal as exc:
            outcome[name] = [r.code for r in exc.decision.reasons]
        except Exception as exc:
            outcome[name] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(
            target=run, args=("swap", lambda: actions.act_on_swap(sw, people["lead1"], "approve"))
        ),
        threading.Thread(
            target=run, args=("leave", lambda: actions.act_on_leave(lv, people["dir1"], "approve"))
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcome.values())) in (
        ["['leave.on_swapped_shift']", "approved"],
        ["['swap.leave_booked']", "approved"],
    ), outcome
