"""Report periods: ``YYYY-MM``, ``YYYY-Www`` (ISO week), ``YYYY-MM-DD``, ``YYYY-H1``/``H2``,
``YYYY``, or ``last`` — the last complete period of that kind in the data.

Periods are calendar spans in the centre's time zone: ``start`` inclusive, ``end``
exclusive (both local dates).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from serviq.errors import InvalidInput, Where

_PATTERNS = {
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "week": re.compile(r"^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$"),
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "half": re.compile(r"^(\d{4})-H([12])$"),
    "year": re.compile(r"^(\d{4})$"),
}
FORMS = "YYYY-MM, YYYY-Www, YYYY-MM-DD, YYYY-H1, YYYY-H2, YYYY or last"


@dataclass(frozen=True, order=True)
class Period:
    """A calendar span: ``kind`` (day, week, month, half, year), ``start`` ≤ t < ``end``."""

    start: dt.date
    end: dt.date
    kind: str
    label: str

    def previous(self) -> Period:
        return shift(self, -1)

    def __str__(self) -> str:
        return self.label


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, end, "month", f"{year:04d}-{month:02d}")


def make(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` that contains ``day``.

    >>> make("week", dt.date(2026, 12, 31)).label
    '2026-W53'
    >>> make("half", dt.date(2026, 8, 1)).label
    '2026-H2'
    """
    if kind == "day":
        return Period(day, day + dt.timedelta(days=1), "day", day.isoformat())
    if kind == "week":
        y, w, _ = day.isocalendar()
        start = dt.date.fromisocalendar(y, w, 1)
        return Period(start, start + dt.timedelta(days=7), "week", f"{y:04d}-W{w:02d}")
    if kind == "month":
        return _month(day.year, day.month)
    if kind == "half":
        h = 1 if day.month <= 6 else 2
        start = dt.date(day.year, 1 if h == 1 else 7, 1)
        end = dt.date(day.year, 7, 1) if h == 1 else dt.date(day.year + 1, 1, 1)
        return Period(start, end, "half", f"{day.year:04d}-H{h}")
    if kind == "year":
        return Period(dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1), "year", str(day.year))
    raise InvalidInput(f"unknown period kind {kind!r}", where=Where(field="period"))


def parse(text: str, kind: str | None = None) -> Period:
    """A period from its label; ``kind``, when given, must match the label's form.

    >>> parse("2026-11")
    Period(start=datetime.date(2026, 11, 1), end=datetime.date(2026, 12, 1), kind='month', label='2026-11')
    """
    text = text.strip()
    for k, pattern in _PATTERNS.items():
        m = pattern.match(text)
        if not m:
            continue
        try:
            if k == "month":
                p = _month(int(m[1]), int(m[2]))
            elif k == "week":
                p = make("week", dt.date.fromisocalendar(int(m[1]), int(m[2]), 1))
            elif k == "day":
                p = make("day", dt.date(int(m[1]), int(m[2]), int(m[3])))
            elif k == "half":
                p = make("half", dt.date(int(m[1]), 1 if m[2] == "1" else 7, 1))
            else:
                p = make("year", dt.date(int(m[1]), 1, 1))
        except ValueError:
            break
        if kind is not None and p.kind != kind:
            raise InvalidInput(
                f"period {text!r} is a {p.kind}; this report needs a {kind}",
                where=Where(field="period"),
            )
        return p
    raise InvalidInput(
        f"period {text!r} is not a period; allowed: {FORMS}", where=Where(field="period")
    )


def shift(period: Period, steps: int) -> Period:
    """The period ``steps`` periods after (negative: before) ``period``."""
    p = period
    for _ in range(abs(steps)):
        day = p.end if steps > 0 else p.start - dt.timedelta(days=1)
        p = make(p.kind, day)
    return p


def last_complete(kind: str, data_end: dt.date) -> Period:
    """The last period of ``kind`` that ends on or before ``data_end`` (exclusive end date).

    >>> last_complete("month", dt.date(2026, 12, 5)).label
    '2026-11'
    >>> last_complete("month", dt.date(2026, 12, 1)).label
    '2026-11'
    """
    p = make(kind, data_end - dt.timedelta(days=1))
    return p if p.end <= data_end else p.previous()


def resolve(text: str, kind: str, data_end: dt.date) -> Period:
    """``last`` or a label, for a report whose period is of ``kind``."""
    if text.strip() == "last":
        return last_complete(kind, data_end)
    return parse(text, kind)


def history(period: Period, count: int) -> list[Period]:
    """``count`` periods ending with ``period``, oldest first."""
    out = [period]
    for _ in range(count - 1):
        out.append(out[-1].previous())
    return out[::-1]
