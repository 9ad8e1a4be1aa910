"""Training sessions, attendance, and conflicts with the phone roster (R-OPS-8).

A session has a topic, a kind, a trainer, a start and a length, the people invited, and each
invited person's attendance: ``present``, ``leave`` (absent with leave) or ``absent``. An
invited person rostered on a phone shift that overlaps the session is a conflict: the two
intervals ``[s1, e1)`` and ``[s2, e2)`` overlap when ``s1 < e2 and s2 < e1``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.tables import letter, read_table, sheet_row

Kind = Literal["new_business", "product", "system", "service_language", "compliance", "qa"]
KINDS: tuple[Kind, ...] = get_args(Kind)
Status = Literal["present", "leave", "absent"]
STATUSES: tuple[Status, ...] = get_args(Status)


@dataclass(frozen=True)
class Session:
    """One training session and who attended it."""

    topic: str
    kind: Kind
    trainer: str
    start: dt.datetime
    minutes: int
    invited: tuple[str, ...]
    attendance: Mapping[str, Status] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidInput(
                f"unknown kind {self.kind!r}; allowed: {', '.join(KINDS)}",
                where=Where(field="kind"),
            )
        if self.minutes <= 0:
            raise InvalidInput(
                f"a session lasts a positive number of minutes, not {self.minutes}",
                where=Where(field="minutes"),
            )
        if len(set(self.invited)) != len(self.invited):
            raise InvalidInput("a person is invited twice", where=Where(field="invited"))
        for person, status in self.attendance.items():
            if person not in self.invited:
                raise InvalidInput(
                    f"{person} is not invited to the session; allowed: {', '.join(self.invited)}",
                    where=Where(field=f"attendance.{person}"),
                )
            if status not in STATUSES:
                raise InvalidInput(
                    f"unknown attendance {status!r}; allowed: {', '.join(STATUSES)}",
                    where=Where(field=f"attendance.{person}"),
                )

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.minutes)

    def status(self, person: str) -> Status | None:
        """The person's attendance, None while it is not recorded."""
        return self.attendance.get(person)

    def record(self, person: str, status: Status) -> Session:
        """A copy with ``person``'s attendance recorded (checked as on creation)."""
        return Session(
            self.topic,
            self.kind,
            self.trainer,
            self.start,
            self.minutes,
            self.invited,
            {**self.attendance, person: status},
        )


@dataclass(frozen=True)
class AttendanceSummary:
    """Counts of one session's attendance; ``rate`` = present / invited."""

    invited: int
    present: int
    leave: int
    absent: int
    unrecorded: int
    rate: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def summary(session: Session) -> AttendanceSummary:
    """How many of the invited were present, absent with leave, absent, or not recorded."""
    counts = {s: 0 for s in STATUSES}
    for status in session.attendance.values():
        counts[status] += 1
    n = len(session.invited)
    return AttendanceSummary(
        invited=n,
        present=counts["present"],
        leave=counts["leave"],
        absent=counts["absent"],
        unrecorded=n - len(session.attendance),
        rate=counts["present"] / n if n else float("nan"),
    )


@dataclass(frozen=True)
class RosterShift:
    """One person's rostered shift; ``phone`` is False for off-phone work (meetings, admin)."""

    person: str
    start: dt.datetime
    end: dt.datetime
    phone: bool = True


@dataclass(frozen=True)
class RosterConflict:
    """An invited person is on a phone shift while the session runs."""

    person: str
    shift_start: dt.datetime
    shift_end: dt.datetime
    overlap_minutes: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def roster_conflicts(session: Session, roster: Iterable[RosterShift]) -> list[RosterConflict]:
    """Every phone shift of an invited person that overlaps the session, in roster order."""
    invited = set(session.invited)
    out: list[RosterConflict] = []
    for shift in roster:
        if not shift.phone or shift.person not in invited:
            continue
        if shift.start < session.end and session.start < shift.end:
            overlap = min(shift.end, session.end) - max(shift.start, session.start)
            out.append(
                RosterConflict(shift.person, shift.start, shift.end, overlap.total_seconds() / 60)
            )
    return out


ROSTER_COLUMNS = ["person", "start", "end"]
YES = {"yes", "y", "true", "1", "是"}
NO = {"no", "n", "false", "0", "否"}


def local_time(text: str | None, where: Where) -> dt.datetime:
    """A local date and time ``YYYY-MM-DD HH:MM`` (no offset: rosters are in centre time)."""
    try:
        value = dt.datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a date and time; allowed: YYYY-MM-DD HH:MM", where=where
        ) from None
    if value.tzinfo is not None:
        raise InvalidInput(
            f"{text!r} has a time-zone offset; give the centre's local time (YYYY-MM-DD HH:MM)",
            where=where,
        )
    return value


def read_roster(path: str | Path) -> list[RosterShift]:
    """Shifts from CSV/XLSX: ``person``, ``start``, ``end`` (local ``YYYY-MM-DD HH:MM``) and
    optionally ``phone`` (yes/no, default yes). Every row is checked before any is returned."""
    path = Path(path)
    df = read_table(path, dtype=str, columns=ROSTER_COLUMNS)
    cols = list(df.columns)
    has_phone = "phone" in cols

    def where(i: int, c: str) -> Where:
        return Where(file=str(path), row=sheet_row(i), column=f"{letter(cols.index(c) + 1)} ({c})")

    def cell(i: int, c: str) -> str | None:
        v = df.iloc[i][c]
        return None if isinstance(v, float) or not str(v).strip() else str(v).strip()

    problems: list[Problem] = []
    out: list[RosterShift] = []
    for i in range(len(df)):
        try:
            person = cell(i, "person")
            if person is None:
                raise InvalidInput("person is empty", where=where(i, "person"))
            start = local_time(cell(i, "start"), where(i, "start"))
            end = local_time(cell(i, "end"), where(i, "end"))
            if end <= start:
                raise InvalidInput(
                    f"the shift ends ({end:%Y-%m-%d %H:%M}) before it starts", where=where(i, "end")
                )
            flag = (cell(i, "phone") or "yes").casefold() if has_phone else "yes"
            if flag not in YES | NO:
                raise InvalidInput(f"{flag!r} is not yes or no", where=where(i, "phone"))
            out.append(RosterShift(person, start, end, flag in YES))
        except InvalidInput as exc:
            problems.append(Problem(exc.message, exc.where))
    if problems:
        raise ValidationFailed(problems, source=str(path))
    return out
