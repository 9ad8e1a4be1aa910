"""People, shifts and the schedule as it stands after the approved swaps and leave.

A :class:`Shift` is one person's duty from ``start`` to ``end`` (aware datetimes); its
``date`` is the local date it starts on. A :class:`Schedule` holds the shifts as rostered
plus the approved swaps and leave, and answers who works a shift now
(:meth:`Schedule.worker`) — the swap moves the requester's ``give_shift`` to the partner
and the partner's ``take_shift`` (the pay-back) to the requester.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from serviq.errors import InvalidInput, Where
from serviq.workforce.decisions import SHIFT_KIND_NAMES


@dataclass(frozen=True)
class Person:
    id: str
    team: str
    job_type: str = "agent"
    skill_level: int = 1
    roles: frozenset[str] = frozenset({"agent"})


@dataclass(frozen=True)
class Shift:
    id: str
    person: str
    date: dt.date
    kind: str
    start: dt.datetime
    end: dt.datetime
    night: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise InvalidInput(
                f"shift {self.id}: start and end need a UTC offset, e.g. 2026-12-01T08:00+08:00",
                where=Where(field="shifts"),
            )
        if self.end <= self.start:
            raise InvalidInput(
                f"shift {self.id} ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})",
                where=Where(field="shifts"),
            )

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.start < end and start < self.end

    @property
    def label(self) -> str:
        return self.label_in("en")

    def label_in(self, lang: str) -> str:
        """The shift as a person reads it in ``lang``: id, kind, start and end."""
        kind = SHIFT_KIND_NAMES.get(self.kind, {}).get(lang, self.kind)
        return f"{self.id} ({kind} {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M})"


@dataclass(frozen=True)
class SwapRecord:
    """An approved swap: ``requester`` gives ``give_shift`` and takes ``take_shift``."""

    requester: str
    partner: str
    give_shift: str
    take_shift: str
    approved_at: dt.datetime | None = None

    @property
    def people(self) -> tuple[str, str]:
        return (self.requester, self.partner)

    @property
    def shift_ids(self) -> tuple[str, str]:
        return (self.give_shift, self.take_shift)


@dataclass(frozen=True)
class LeaveRecord:
    person: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    approved_at: dt.datetime | None = None

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Schedule:
    """The people, the rostered shifts and what was approved on top of them."""

    people: dict[str, Person]
    shifts: dict[str, Shift]
    swaps: tuple[SwapRecord, ...] = ()
    leave: tuple[LeaveRecord, ...] = ()
    _workers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        workers = {sid: s.person for sid, s in self.shifts.items()}
        for sw in self.swaps:
            for sid in sw.shift_ids:
                if sid not in self.shifts:
                    raise InvalidInput(
                        f"swap refers to unknown shift {sid}", where=Where(field="history.swaps")
                    )
            workers[sw.give_shift], workers[sw.take_shift] = sw.partner, sw.requester
        self._workers.update(workers)

    @classmethod
    def of(
        cls,
        people: Iterable[Person],
        shifts: Iterable[Shift],
        swaps: Iterable[SwapRecord] = (),
        leave: Iterable[LeaveRecord] = (),
    ) -> Schedule:
        return cls({p.id: p for p in people}, {s.id: s for s in shifts}, tuple(swaps), tuple(leave))

    def person(self, pid: str) -> Person:
        try:
            return self.people[pid]
        except KeyError:
            raise InvalidInput(
                f"unknown person {pid}; known: {', '.join(sorted(self.people)) or 'none'}",
                where=Where(field="people"),
            ) from None

    def shift(self, sid: str) -> Shift:
        try:
            return self.shifts[sid]
        except KeyError:
            raise InvalidInput(
                f"unknown shift {sid}; known: {', '.join(sorted(self.shifts)) or 'none'}",
                where=Where(field="shifts"),
            ) from None

    def worker(self, sid: str) -> str:
        """Who works shift ``sid`` after the approved swaps."""
        self.shift(sid)
        return self._workers[sid]

    def shifts_of(self, pid: str) -> list[Shift]:
        """The shifts ``pid`` works after the approved swaps, by start time."""
        mine = [s for sid, s in self.shifts.items() if self._workers[sid] == pid]
        return sorted(mine, key=lambda s: s.start)

    def swaps_of(self, pid: str) -> list[SwapRecord]:
        return [sw for sw in self.swaps if pid in sw.people]

    def leave_of(self, pid: str) -> list[LeaveRecord]:
        return [lv for lv in self.leave if lv.person == pid]

    def with_swap(self, swap: SwapRecord) -> Schedule:
        return replace(self, swaps=(*self.swaps, swap), _workers={})

    def with_leave(self, leave: LeaveRecord) -> Schedule:
        return replace(self, leave=(*self.leave, leave), _workers={})


def rest_between(first: Shift, second: Shift) -> dt.timedelta:
    """The rest from the end of ``first`` to the start of ``second`` (negative if they overlap)."""
    return second.start - first.end


def format_duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h}h{m:02d}"
