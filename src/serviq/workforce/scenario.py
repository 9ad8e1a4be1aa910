"""Scenario files for ``serviq workforce check``: a dry run of one request against the rules.

The format is in ``docs/workforce.md``: ``now``, ``people``, ``shifts``, ``history`` (approved
``swaps`` and ``leave``) and one ``request`` (``type: swap`` or ``type: leave``). Leave
requests may also say ``special_case: true`` (the very special case that alone allows
leave on a public holiday). Every reference (a person, a shift) is checked, and each
problem names the file, line and field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from serviq.errors import ConfigError, Problem, ValidationFailed, Where
from serviq.workforce.calendars import HolidayCalendar
from serviq.workforce.decisions import Decision
from serviq.workforce.leave import LeaveRequest, check_leave
from serviq.workforce.ruleset import LeaveKind, Role, Rules
from serviq.workforce.shifts import LeaveRecord, Person, Schedule, Shift, SwapRecord
from serviq.workforce.swaps import SwapRequest, check_swap
from serviq.yamlfile import LineMap, line_of, load_yaml, problems_from_pydantic


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonIn(_Strict):
    id: str = Field(min_length=1)
    team: str = Field(min_length=1)
    job_type: str = "agent"
    skill_level: int = 1
    roles: tuple[Role, ...] = ("agent",)


class ShiftIn(_Strict):
    id: str = Field(min_length=1)
    person: str
    date: dt.date
    kind: str = "day"
    start: AwareDatetime
    end: AwareDatetime


class SwapIn(_Strict):
    requester: str
    partner: str
    give_shift: str
    take_shift: str
    approved_at: AwareDatetime | None = None


class LeaveIn(_Strict):
    person: str
    kind: LeaveKind
    start: AwareDatetime
    end: AwareDatetime
    approved_at: AwareDatetime | None = None


class History(_Strict):
    swaps: tuple[SwapIn, ...] = ()
    leave: tuple[LeaveIn, ...] = ()


class SwapRequestIn(_Strict):
    type: Literal["swap"]
    requester: str
    partner: str
    give_shift: str
    take_shift: str


class LeaveRequestIn(_Strict):
    type: Literal["leave"]
    person: str
    kind: LeaveKind
    start: AwareDatetime
    end: AwareDatetime
    submitted_by: str | None = None
    special_case: bool = False


class ScenarioIn(_Strict):
    now: AwareDatetime
    people: tuple[PersonIn, ...] = Field(min_length=1)
    shifts: tuple[ShiftIn, ...] = ()
    history: History = History()
    request: Annotated[SwapRequestIn | LeaveRequestIn, Field(discriminator="type")]


class Scenario:
    """A validated scenario: the schedule, the time of the request and the request."""

    def __init__(self, data: ScenarioIn, rules: Rules) -> None:
        self.now = data.now
        people = [
            Person(p.id, p.team, p.job_type, p.skill_level, frozenset(p.roles)) for p in data.people
        ]
        shifts = [
            Shift(
                s.id,
                s.person,
                s.date,
                s.kind,
                s.start,
                s.end,
                night=(rules.shift_kinds[s.kind].night if s.kind in rules.shift_kinds else False),
            )
            for s in data.shifts
        ]
        swaps = [
            SwapRecord(w.requester, w.partner, w.give_shift, w.take_shift, w.approved_at)
            for w in data.history.swaps
        ]
        leave = [
            LeaveRecord(lv.person, lv.kind, lv.start, lv.end, lv.approved_at)
            for lv in data.history.leave
        ]
        self.schedule = Schedule.of(people, shifts, swaps, leave)
        req = data.request
        self.request: SwapRequest | LeaveRequest
        if isinstance(req, SwapRequestIn):
            self.request = SwapRequest(req.requester, req.partner, req.give_shift, req.take_shift)
        else:
            self.request = LeaveRequest(
                req.person,
                req.kind,
                req.start,
                req.end,
                req.submitted_by or req.person,
                req.special_case,
            )

    def check(self, rules: Rules, calendar: HolidayCalendar) -> Decision:
        if isinstance(self.request, SwapRequest):
            return check_swap(self.request, self.schedule, rules, calendar, self.now)
        return check_leave(self.request, self.schedule, rules, calendar, self.now)


def _references(data: ScenarioIn, rules: Rules, file: str, lines: LineMap) -> list[Problem]:
    problems: list[Problem] = []

    def bad(msg: str, *loc: str | int) -> None:
        problems.append(
            Problem(msg, Where(file=file, line=line_of(lines, loc), field=".".join(map(str, loc))))
        )

    people = {p.id for p in data.people}
    shifts = {s.id for s in data.shifts}
    known_p = ", ".join(sorted(people))
    known_s = ", ".join(sorted(shifts)) or "none"
    kinds = sorted({*rules.shift_kinds, "custom"})
    for seen, what, key in ((people, data.people, "people"), (shifts, data.shifts, "shifts")):
        if len(seen) != len(what):
            ids = [w.id for w in what]
            bad(f"repeated id {sorted({i for i in ids if ids.count(i) > 1})}", key)
    for i, s in enumerate(data.shifts):
        if s.person not in people:
            bad(f"unknown person {s.person!r}; allowed: {known_p}", "shifts", i, "person")
        if s.kind not in kinds:
            bad(f"unknown shift kind {s.kind!r}; allowed: {', '.join(kinds)}", "shifts", i, "kind")
        if s.end <= s.start:
            bad("the shift ends before it starts", "shifts", i, "end")
    for i, w in enumerate(data.history.swaps):
        for f in ("requester", "partner"):
            if getattr(w, f) not in people:
                bad(
                    f"unknown person {getattr(w, f)!r}; allowed: {known_p}",
                    "history",
                    "swaps",
                    i,
                    f,
                )
        for f in ("give_shift", "take_shift"):
            if getattr(w, f) not in shifts:
                bad(
                    f"unknown shift {getattr(w, f)!r}; allowed: {known_s}", "history", "swaps", i, f
                )
    for i, lv in enumerate(data.history.leave):
        if lv.person not in people:
            bad(
                f"unknown person {lv.person!r}; allowed: {known_p}", "history", "leave", i, "person"
            )
    req = data.request
    if isinstance(req, SwapRequestIn):
        for f in ("requester", "partner"):
            if getattr(req, f) not in people:
                bad(f"unknown person {getattr(req, f)!r}; allowed: {known_p}", "request", f)
        for f in ("give_shift", "take_shift"):
            if getattr(req, f) not in shifts:
                bad(f"unknown shift {getattr(req, f)!r}; allowed: {known_s}", "request", f)
    else:
        for f in ("person", "submitted_by"):
            v = getattr(req, f)
            if v is not None and v not in people:
                bad(f"unknown person {v!r}; allowed: {known_p}", "request", f)
    return problems


def load_scenario(path: str | Path, rules: Rules) -> Scenario:
    """Read and validate a scenario file; every problem names file, line and field."""
    file = str(path)
    data, lines = load_yaml(path)
    if data is None:
        raise ConfigError("the file is empty", where=Where(file=file))
    try:
        model = ScenarioIn.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationFailed(
            problems_from_pydantic(exc, file=file, lines=lines), source=file
        ) from None
    problems = _references(model, rules, file, lines)
    if problems:
        raise ValidationFailed(problems, source=file)
    return Scenario(model, rules)
