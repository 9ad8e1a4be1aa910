"""The team lead edits their team's month: one shift at a time or the whole month from a
roster file. The shifts are the core's (:func:`serviq.workforce.roster.make_shift`,
:func:`serviq.workforce.roster.read_roster`); each change is one transaction with its
audit row, as in :mod:`serviq.web.workforce.actions`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from serviq.errors import Conflict, InvalidInput, NotFound, PermissionDenied, ValidationFailed
from serviq.messages import error
from serviq.web.audit.trail import record
from serviq.web.org.models import Person, Team
from serviq.web.workforce import models as m
from serviq.web.workforce.actions import user_of
from serviq.web.workforce.schedules import rules_in_force
from serviq.workforce import roster as rosters


def _own_team(lead: Person, team: Team) -> None:
    if lead.role != "team_lead":
        raise error(PermissionDenied, "access.lead_roster", person=lead.code, role=lead.role)
    if lead.team_id != team.pk:
        raise NotFound(f"no team {team.code} in your scope")


def _in_swaps(shift_pks: list[int]) -> list[str]:
    """Codes of those shifts that a swap request, a roll call or a sign-off refers to
    (they cannot be changed)."""
    from django.db.models import Q

    used = m.SwapRequest.objects.filter(
        Q(give_shift__in=shift_pks) | Q(take_shift__in=shift_pks)
    ).values_list("give_shift__code", "take_shift__code")
    codes = {c for pair in used for c in pair}
    for model in (m.RollCall, m.SignOff):
        codes.update(
            model.objects.filter(shift__in=shift_pks).values_list("shift__code", flat=True)
        )
    return sorted(
        c
        for c in m.Shift.objects.filter(pk__in=shift_pks).values_list("code", flat=True)
        if c in codes
    )


def _new_shift(cs: Any, team: Team, person: Person) -> m.Shift:
    return m.Shift(
        code=cs.id,
        team=team,
        person=person,
        date=cs.date,
        kind=cs.kind,
        start=cs.start,
        end=cs.end,
        night=cs.night,
    )


def set_shift(
    lead: Person,
    team: Team,
    person_code: str,
    day: dt.date,
    kind: str,
    *,
    request: HttpRequest | None = None,
) -> m.Shift | None:
    """Add, change or (``kind`` empty) remove ``person_code``'s shift of ``day``; the
    shift itself is the core's (:func:`serviq.workforce.roster.make_shift`). A shift that a
    swap request refers to cannot be changed (409): the swap's record would lose it."""
    _own_team(lead, team)
    person = Person.objects.filter(team=team, code=person_code).first()
    if person is None:
        raise error(NotFound, "roster.no_member", person=person_code, team=team.code)
    rules, _cal = rules_in_force()
    if kind and kind not in rules.shift_kinds:
        raise error(InvalidInput, "shift.kind_off", kind=kind, allowed=", ".join(rules.shift_kinds))
    existing = list(m.Shift.objects.filter(team=team, person=person, date=day))
    new = rosters.make_shift(person.code, day, kind, rules, team.code) if kind else None
    if new is not None and [s.code for s in existing] == [new.id]:
        return existing[0]
    with transaction.atomic():
        # locked first: a swap request or roll call on these shifts waits for us (and the
        # guard below sees one that committed before)
        list(m.Shift.objects.select_for_update().filter(pk__in=[s.pk for s in existing]))
        locked = _in_swaps([s.pk for s in existing])
        if locked:
            raise error(Conflict, "shift.locked", shifts=", ".join(locked))
        m.Shift.objects.filter(pk__in=[s.pk for s in existing]).delete()
        row = _new_shift(new, team, person) if new is not None else None
        if row is not None:
            row.save()
        record(
            "workforce.roster.set",
            request=request,
            actor=user_of(lead),
            obj=row or team,
            before={"shifts": [s.code for s in existing]},
            after={"shift": row.code if row else None, "person": person.code, "date": str(day)},
        )
    return row


def import_roster(
    lead: Person,
    team: Team,
    path: Any,
    year: int,
    month: int,
    *,
    name: str = "",
    request: HttpRequest | None = None,
) -> dict[str, int]:
    """Replace the team's month with the roster file at ``path`` (read and validated by
    :func:`serviq.workforce.roster.read_roster`). When the file has problems, all of them
    are raised (400) naming ``name``, row and column, and nothing is written; importing the
    same file again changes nothing."""
    _own_team(lead, team)
    rules, _cal = rules_in_force()
    members = {p.code: p for p in Person.objects.filter(team=team, role="agent")}
    try:
        roster = rosters.read_roster(
            path, team=team.code, year=year, month=month, rules=rules, people=sorted(members)
        )
    except ValidationFailed as exc:
        if not name:
            raise
        from dataclasses import replace

        raise ValidationFailed(
            [replace(p, where=replace(p.where, file=name)) for p in exc.problems], source=name
        ) from None
    except InvalidInput as exc:  # a damaged or hostile file: name the upload, not the temp path
        if not name:
            raise
        from dataclasses import replace

        raise InvalidInput(
            exc.message, where=replace(exc.where, file=name), code=exc.code,
            details=exc.details, params=exc.params,
        ) from None  # fmt: skip
    wanted = {s.id: s for s in roster.shifts}
    existing = {
        s.code: s
        for s in m.Shift.objects.filter(
            team=team, person__in=members.values(), date__year=year, date__month=month
        )
    }
    gone = [s.pk for code, s in existing.items() if code not in wanted]
    new = [
        _new_shift(s, team, members[s.person]) for code, s in wanted.items() if code not in existing
    ]
    with transaction.atomic():
        list(m.Shift.objects.select_for_update().filter(pk__in=gone))
        locked = _in_swaps(gone)
        if locked:
            raise error(Conflict, "shift.locked_missing", shifts=", ".join(locked))
        m.Shift.objects.filter(pk__in=gone).delete()
        m.Shift.objects.bulk_create(new)
        counts = {"created": len(new), "removed": len(gone), "kept": len(wanted) - len(new)}
        record(
            "workforce.roster.import",
            request=request,
            actor=user_of(lead),
            obj=team,
            after={"month": f"{year}-{month:02d}", "file": name, **counts},
        )
    return counts
