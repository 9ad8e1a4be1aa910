"""The register of improvement records: open, overdue and due this week, by indicator,
owner and team — on the dashboard, the register page and as a section of the monthly and
half-year reports (R-IND-9).

:func:`section` is what a report calls: ``section(records, period)`` with the records as
:class:`Entry` values; it counts as of the period's last day (or ``today`` when given), so a
report rebuilt later says what was true at the end of its period.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from serviq.actions.lifecycle import WORKED
from serviq.actions.record import MONTH
from serviq.errors import InvalidInput
from serviq.messages import error


@dataclass(frozen=True)
class Entry:
    """One record as the register shows it; ``tasks`` holds each action's (due, status)."""

    id: int | str
    indicator: str
    scope: str  # "" = the whole centre, else a team code
    period: str
    status: str
    owner: str = ""
    due: dt.date | None = None
    criterion: str = ""
    effective: bool | None = None
    closed_on: dt.date | None = None
    opened_on: dt.date | None = None
    tasks: tuple[tuple[dt.date | None, str], ...] = ()

    def overdue(self, today: dt.date) -> bool:
        """Being worked and past its due day, or with an unfinished action past its own."""
        if self.status not in WORKED:
            return False
        if self.due is not None and self.due < today:
            return True
        return any(d is not None and d < today and s not in ("done", "cancelled") for d, s in self.tasks)  # fmt: skip

    def due_soon(self, today: dt.date, days: int) -> bool:
        """Being worked, not overdue, and due (or an action due) within ``days`` days."""
        if self.status not in WORKED or self.overdue(today):
            return False
        horizon = today + dt.timedelta(days=days)
        dues = [self.due] + [d for d, s in self.tasks if s not in ("done", "cancelled")]
        return any(d is not None and today <= d <= horizon for d in dues)

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        out = {
            "id": self.id,
            "indicator": self.indicator,
            "scope": self.scope or "centre",
            "period": self.period,
            "status": self.status,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "criterion": self.criterion,
            "effective": self.effective,
        }
        if today is not None:
            out["overdue"] = self.overdue(today)
        return out


@dataclass(frozen=True)
class Counts:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"open": self.open, "overdue": self.overdue, "due_soon": self.due_soon}


@dataclass(frozen=True)
class RegisterSection:
    """The register as of ``as_of``: the lists, and counts by indicator, owner and team."""

    period: str
    as_of: dt.date
    open: tuple[Entry, ...]
    overdue: tuple[Entry, ...]
    due_soon: tuple[Entry, ...]
    opened_in_period: tuple[Entry, ...]
    closed_in_period: tuple[Entry, ...]
    by_indicator: dict[str, Counts] = field(default_factory=dict)
    by_owner: dict[str, Counts] = field(default_factory=dict)
    by_team: dict[str, Counts] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        rows = lambda es: [e.as_dict(self.as_of) for e in es]  # noqa: E731
        return {
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "open": rows(self.open),
            "overdue": rows(self.overdue),
            "due_soon": rows(self.due_soon),
            "opened_in_period": rows(self.opened_in_period),
            "closed_in_period": rows(self.closed_in_period),
            "by_indicator": {k: v.as_dict() for k, v in self.by_indicator.items()},
            "by_owner": {k: v.as_dict() for k, v in self.by_owner.items()},
            "by_team": {k: v.as_dict() for k, v in self.by_team.items()},
        }


def period_end(period: str) -> dt.date:
    m = MONTH.match(period)
    if m is None:
        raise error(InvalidInput, "form.period", period=period)
    year, month = int(m.group(1)), int(m.group(2))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _in(day: dt.date | None, period: str) -> bool:
    return day is not None and f"{day.year}-{day.month:02d}" == period


def _count(entries: Iterable[Entry], key: str, today: dt.date, days: int) -> dict[str, Counts]:
    out: dict[str, list[int]] = {}
    for e in entries:
        k = getattr(e, key) or ("centre" if key == "scope" else "—")
        c = out.setdefault(k, [0, 0, 0])
        c[0] += 1
        c[1] += e.overdue(today)
        c[2] += e.due_soon(today, days)
    return {k: Counts(*v) for k, v in sorted(out.items())}


def section(
    records: Iterable[Entry],
    period: str,
    *,
    today: dt.date | None = None,
    due_soon_days: int = 7,
) -> RegisterSection:
    """The register section of a report of ``period`` (YYYY-MM)."""
    as_of = today or period_end(period)
    entries = [
        e for e in records if e.opened_on is None or e.opened_on <= as_of or e.status == "proposed"
    ]
    worked = [e for e in entries if e.status in WORKED]
    key = lambda e: (e.due or dt.date.max, str(e.id))  # noqa: E731
    return RegisterSection(
        period=period,
        as_of=as_of,
        open=tuple(sorted(worked, key=key)),
        overdue=tuple(sorted((e for e in worked if e.overdue(as_of)), key=key)),
        due_soon=tuple(sorted((e for e in worked if e.due_soon(as_of, due_soon_days)), key=key)),
        opened_in_period=tuple(e for e in entries if _in(e.opened_on, period)),
        closed_in_period=tuple(e for e in entries if _in(e.closed_on, period)),
        by_indicator=_count(worked, "indicator", as_of, due_soon_days),
        by_owner=_count(worked, "owner", as_of, due_soon_days),
        by_team=_count(worked, "scope", as_of, due_soon_days),
    )
