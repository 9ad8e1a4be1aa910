"""Personas and builders for the workforce tests: a small centre in Asia/Shanghai.

Alice (A001) and Bob (A002) are phone agents of teams T1 and T2 with the same skill;
Carol (A003) is a T1 agent; Dan (A004) is a chat agent; Erin (A005) is a senior agent.
Times are local (Asia/Shanghai) unless they carry an offset.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from serviq.workforce.roster import make_shift
from serviq.workforce.ruleset import Rules
from serviq.workforce.shifts import Person, Shift

ZONE = ZoneInfo("Asia/Shanghai")


ALICE = Person("A001", "T1", "phone_agent", 2)
BOB = Person("A002", "T2", "phone_agent", 2)
CAROL = Person("A003", "T1", "phone_agent", 2)
DAN = Person("A004", "T2", "chat_agent", 2)
ERIN = Person("A005", "T2", "phone_agent", 4)
PEOPLE = (ALICE, BOB, CAROL, DAN, ERIN)


def at(text: str) -> dt.datetime:
    """'2026-12-09 13:00' in the centre's zone."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZONE)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def shift(person: Person | str, date: str, kind: str = "day", rules: Rules | None = None) -> Shift:
    pid = person.id if isinstance(person, Person) else person
    return make_shift(pid, day(date), kind, rules or Rules())
