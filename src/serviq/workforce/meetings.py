"""The meeting calendar and the minutes (會議制度, R-OPS-3).

**Monthly all-agent meeting** — the source: 每月25日前周五召開, "on the Friday before the
25th". serviq reads it as: let *F* be the last Friday strictly before the 25th of the
month (so the 18th–24th; when the 25th is itself a Friday, the 18th). If *F* is a working
day the meeting is on *F*; if *F* is a public holiday, it is on the last working day
before *F* — which may be an official make-up working day (a worked Saturday), as in
February 2026 when the Spring Festival holiday runs from the 15th to the 23rd and the
meeting falls on Saturday 14 February. The day (25) and the weekday (Friday) are
settings (``meetings.monthly_before_day``, ``meetings.monthly_weekday``).

**Weekly team-lead meeting** (班務會每周一次): on ``meetings.weekly_weekday`` (Monday); when
that day is not a working day, the next working day of the same week (Monday–Sunday);
a week with no working day on or after it has no meeting.

**Half-year and annual summaries** (半年和年度工作總結): the last working day of
``meetings.half_year_month`` (June) and ``meetings.annual_month`` (December).

**Shift-change meetings** are the roll calls before each shift (:mod:`.handover`).

Minutes record decisions and the one agreed answer to hard questions (統一的答復口徑);
:func:`search_minutes` finds them for agents, matching Traditional and Simplified
characters, full- and half-width forms alike.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from serviq.workforce.calendars import HolidayCalendar
from serviq.workforce.ruleset import WEEKDAYS, Rules

MeetingKind = Literal["shift_change", "weekly", "monthly", "half_year", "annual"]


def _weekday_index(name: str) -> int:
    return WEEKDAYS.index(name)


def monthly_meeting(year: int, month: int, rules: Rules, calendar: HolidayCalendar) -> dt.date:
    """The all-agent meeting of ``month``: the Friday strictly before the 25th, or the
    working day before it when that Friday is a public holiday."""
    mr = rules.meetings
    limit = dt.date(year, month, mr.monthly_before_day)
    wd = _weekday_index(mr.monthly_weekday)
    back = (limit.weekday() - wd) % 7 or 7
    friday = limit - dt.timedelta(days=back)
    return friday if calendar.is_workday(friday) else calendar.previous_workday(friday)


def weekly_meetings(year: int, rules: Rules, calendar: HolidayCalendar) -> list[dt.date]:
    """The weekly team-lead meetings falling in ``year``."""
    wd = _weekday_index(rules.meetings.weekly_weekday)

    def workday(d: dt.date) -> bool:
        # weeks straddle New Year: outside the calendar's years, Monday–Friday
        return calendar.is_workday(d) if d.year in calendar.years else d.weekday() < 5

    monday = dt.date(year, 1, 1) - dt.timedelta(days=dt.date(year, 1, 1).weekday())
    out = []
    while monday <= dt.date(year, 12, 31):
        days = (monday + dt.timedelta(days=i) for i in range(wd, 7))
        found = next((d for d in days if workday(d)), None)
        if found is not None and found.year == year:
            out.append(found)
        monday += dt.timedelta(days=7)
    return out


def last_workday_of_month(year: int, month: int, calendar: HolidayCalendar) -> dt.date:
    last = dt.date(year, month, _stdcal.monthrange(year, month)[1])
    return last if calendar.is_workday(last) else calendar.previous_workday(last)


@dataclass(frozen=True)
class MeetingCalendar:
    year: int
    monthly: tuple[dt.date, ...]
    weekly: tuple[dt.date, ...]
    half_year: dt.date
    annual: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "monthly": [d.isoformat() for d in self.monthly],
            "weekly": [d.isoformat() for d in self.weekly],
            "half_year": self.half_year.isoformat(),
            "annual": self.annual.isoformat(),
        }


def meeting_calendar(year: int, rules: Rules, calendar: HolidayCalendar) -> MeetingCalendar:
    mr = rules.meetings
    return MeetingCalendar(
        year,
        tuple(monthly_meeting(year, m, rules, calendar) for m in range(1, 13)),
        tuple(weekly_meetings(year, rules, calendar)),
        last_workday_of_month(year, mr.half_year_month, calendar),
        last_workday_of_month(year, mr.annual_month, calendar),
    )


# ---- minutes -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedAnswer:
    """The one agreed answer to a hard question (統一的答復口徑)."""

    question: str
    answer: str


@dataclass(frozen=True)
class Minutes:
    id: str
    kind: MeetingKind
    date: dt.date
    chair: str
    attendees: tuple[str, ...] = ()
    notes: str = ""
    decisions: tuple[str, ...] = ()
    agreed_answers: tuple[AgreedAnswer, ...] = ()
    business_changes: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    minutes: str
    date: dt.date
    kind: MeetingKind
    field: str
    text: str
    score: int


def _converter() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def normalise(text: str, converter: Any | None = None) -> str:
    """Text folded for search: NFKC (full-width → half-width), Simplified, lower case."""
    conv = converter or _converter()
    return str(conv.convert(unicodedata.normalize("NFKC", text))).casefold()


def search_minutes(minutes: Iterable[Minutes], query: str) -> list[Hit]:
    """Decisions, agreed answers, business changes and notes matching every term of
    ``query`` (terms separated by spaces), best first: agreed answers, then decisions,
    then the rest; more occurrences first; newer first."""
    conv = _converter()
    terms = [normalise(t, conv) for t in query.split() if t.strip()]
    if not terms:
        return []
    weight = {"agreed_answer": 3, "decision": 2, "business_change": 1, "notes": 1}
    hits = []
    for m in minutes:
        texts: list[tuple[str, str]] = [
            ("agreed_answer", f"{a.question}\n{a.answer}") for a in m.agreed_answers
        ]
        texts += [("decision", d) for d in m.decisions]
        texts += [("business_change", b) for b in m.business_changes]
        if m.notes:
            texts.append(("notes", m.notes))
        for fname, text in texts:
            folded = normalise(text, conv)
            if all(t in folded for t in terms):
                count = sum(folded.count(t) for t in terms)
                hits.append(Hit(m.id, m.date, m.kind, fname, text, weight[fname] * 100 + count))
    hits.sort(key=lambda h: (-h.score, -h.date.toordinal(), h.minutes))
    return hits
