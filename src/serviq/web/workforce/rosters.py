"""Storing a generated centre's rosters, leave and swaps (``serviq.demo.generate``).

The generator's roster table lists who works each shift *after* the swaps; here each
swapped shift goes back to the person it was rostered to, and the swap becomes an approved
:class:`~serviq.web.workforce.models.SwapRequest`, so that the core's
:class:`~serviq.workforce.shifts.Schedule` derives who works it, as for live requests.
"""

from __future__ import annotations

from typing import Any

from serviq.web.org.models import Person, Team
from serviq.web.workforce import models as m
from serviq.workforce.approvals import Flow, Status, Step
from serviq.workforce.ruleset import load_rules


def load_generated(data: Any, people: dict[str, Person], teams: dict[str, Team]) -> dict[str, int]:
    """Shifts, approved swaps and leave of ``data`` (a generated dataset); call it inside
    the transaction that stores the centre."""
    table = data.rosters
    by_cell: dict[tuple[str, str], m.Shift] = {}
    shifts = []
    for r in table.itertuples():
        s = m.Shift(
            code=f"{r.team_id}-{r.person_id}-{r.date}-{r.shift_id}",
            team=teams[r.team_id],
            person=people[r.person_id],
            date=r.date,
            kind=r.shift,
            start=r.start_at.to_pydatetime(),
            end=r.end_at.to_pydatetime(),
            night=r.shift == "night",
        )
        by_cell[(r.person_id, r.date)] = s
        shifts.append(s)
    pairs = []
    for sw in data.swaps.itertuples():
        give = by_cell.get((sw.partner, sw.give_date))  # the partner works it after the swap
        take = by_cell.get((sw.requester, sw.take_date))
        if give is None or take is None:
            continue
        give.person, take.person = people[sw.requester], people[sw.partner]
        give.team, take.team = people[sw.requester].team, people[sw.partner].team
        pairs.append((sw, give, take))
    m.Shift.objects.bulk_create(shifts, batch_size=2000)
    swaps = []
    for sw, give, take in pairs:
        team_codes = dict.fromkeys([give.team.code, take.team.code])
        flow = Flow(
            (Step("agent", sw.partner, 0), *(Step("team_lead", t, 1) for t in team_codes)),
            (),
            "approved",
        )
        swaps.append(
            m.SwapRequest(
                requester=people[sw.requester],
                partner=people[sw.partner],
                give_shift=give,
                take_shift=take,
                status="approved",
                flow=flow.as_dict(),
                created_at=sw.requested_at.to_pydatetime(),
                decided_at=sw.approved_at.to_pydatetime(),
            )
        )
    m.SwapRequest.objects.bulk_create(swaps)
    leave = []
    levels = load_rules().leave.levels  # the chain the centre's rules go up
    for lv in data.leave.itertuples():
        person = people[lv.person_id]
        top = levels.index(lv.approver_role) if lv.approver_role in levels else 1
        steps = tuple(
            Step(role, person.team.code if role == "team_lead" else None, i)
            for i, role in enumerate(levels[: top + 1])
        )
        status: Status = "refused" if lv.status == "refused" else "approved"
        leave.append(
            m.LeaveRequest(
                person=person,
                submitted_by=people.get(lv.submitted_by, person),
                kind=lv.kind,
                start=lv.start_at.to_pydatetime(),
                end=lv.end_at.to_pydatetime(),
                status=status,
                flow=Flow(steps, (), status).as_dict(),
                created_at=lv.submitted_at.to_pydatetime(),
                certificate_handed_in=lv.end_at.date() if lv.certificate_received is True else None,
            )
        )
    m.LeaveRequest.objects.bulk_create(leave)
    return {"shifts": len(shifts), "swaps": len(swaps), "leave": len(leave)}
