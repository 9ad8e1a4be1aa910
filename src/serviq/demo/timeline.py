"""When the synthetic centre's data run: the days simulated, the moment the data stop, and
the days rostered ahead.

A centre that lives in today (``until``) has contacts, surveys, QA reviews and agent states
up to that moment and nothing after it, work orders as they stand then, and rosters that run
on past it (``roster_until``), so that agents have shifts to swap and leave to ask for.
Without ``until`` the data cover whole days, as before: ``months`` calendar months (or
``days`` days) from ``start``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from serviq.errors import InvalidInput, Where


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (clamped to the month's last day)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s calendar month."""
    return add_months(day.replace(day=1), 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Timeline:
    """``days`` are rostered; the first ``contact_days`` of them are simulated (contacts,
    surveys, QA); ``until`` (tz-aware, or ``None`` for whole days) is when the data stop."""

    days: list[dt.date]
    contact_days: int
    until: pd.Timestamp | None

    @property
    def end(self) -> dt.date:
        """The day after the last simulated day."""
        return self.days[self.contact_days - 1] + dt.timedelta(days=1)

    @property
    def until_seconds(self) -> int | None:
        """``until`` in UTC seconds since the epoch (the interaction columns' unit)."""
        return None if self.until is None else int(self.until.timestamp())


def parse_day(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{name} must be a date YYYY-MM-DD, not {value!r}", where=Where(field=name)
        ) from None


def parse_moment(value: dt.datetime | dt.date | str, tz: str) -> pd.Timestamp:
    """A moment in the centre's zone: a naive time is local; a date is its midnight."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                f"until must be a date or time in ISO 8601 (2026-12-05T10:30+08:00), not {value!r}",
                where=Where(field="until"),
            ) from None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    ts = pd.Timestamp(value)
    return ts.tz_localize(ZoneInfo(tz)) if ts.tzinfo is None else ts.tz_convert(ZoneInfo(tz))


def timeline(
    months: int,
    start: dt.date | str | None,
    *,
    tz: str,
    days: int | None = None,
    until: dt.datetime | dt.date | str | None = None,
    roster_until: dt.date | str | None = None,
    today: dt.date | None = None,
) -> Timeline:
    """The days of a generated centre.

    Without ``until``: ``months`` calendar months from ``start`` (or ``days`` days); without
    ``start`` the ``months`` full months before ``today``. With ``until``: from ``start``
    (default: the first of the month ``months`` months before ``until``'s month, so
    ``months`` complete months and the current month to date) up to the moment ``until``.
    ``roster_until`` (inclusive) extends the roster, leave and swaps past the last simulated
    day (e.g. to the end of next month).
    """
    if days is not None and days < 1:
        raise InvalidInput(f"days must be at least 1, not {days}", where=Where(field="days"))
    if months < 1:
        raise InvalidInput(f"months must be at least 1, not {months}", where=Where(field="months"))
    moment = None if until is None else parse_moment(until, tz)
    if start is None:
        if moment is not None:
            first = add_months(moment.date().replace(day=1), -months)
        else:
            first = add_months((today or dt.date.today()).replace(day=1), -months)
    else:
        first = parse_day(start, "start")
    if moment is None:
        end = add_months(first, months) if days is None else first + dt.timedelta(days=days)
    else:
        local = moment.tz_localize(None)
        end = local.date() + dt.timedelta(days=1 if local.time() > dt.time() else 0)
        if end <= first:
            raise InvalidInput(
                f"until ({moment.isoformat()}) must be after start ({first.isoformat()})",
                where=Where(field="until"),
            )
    contact = [first + dt.timedelta(days=i) for i in range((end - first).days)]
    last = contact[-1]
    if roster_until is not None:
        last_rostered = parse_day(roster_until, "roster_until")
        if last_rostered < last:
            raise InvalidInput(
                f"roster_until ({last_rostered.isoformat()}) must not be before the last "
                f"simulated day ({last.isoformat()})",
                where=Where(field="roster_until"),
            )
        extra = (last_rostered - last).days
        contact_days = len(contact)
        contact += [last + dt.timedelta(days=i) for i in range(1, extra + 1)]
        return Timeline(contact, contact_days, moment)
    return Timeline(contact, len(contact), moment)
