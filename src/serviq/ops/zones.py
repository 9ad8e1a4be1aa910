"""Stored UTC → the centre's local wall-clock time, as an engine-neutral Ibis expression.

Times are stored as naive timestamps meaning UTC. Reports group by the centre's day, week
and interval, so each timestamp is shifted by the zone's UTC offset *at that instant*.
Engines disagree on time-zone functions, so the shift is written as plain arithmetic: a
single ``+ INTERVAL`` for zones with one offset over the covered years (Asia/Shanghai has
been UTC+8 since 1991), else a ``CASE`` over the zone's transitions between
:data:`FIRST_YEAR` and :data:`LAST_YEAR` (from the IANA database via :mod:`zoneinfo`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ibis
import ibis.expr.types as ir

from serviq.errors import InvalidInput, Where

FIRST_YEAR = 2000
LAST_YEAR = 2040


def check_zone(name: str) -> ZoneInfo:
    """The zone called ``name``; an unknown name is an :class:`InvalidInput`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone {name!r}; use an IANA name such as Asia/Shanghai",
            where=Where(field="timezone"),
        ) from None


def _offset(zone: ZoneInfo, utc: dt.datetime) -> int:
    off = utc.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


@lru_cache(maxsize=64)
def transitions(name: str) -> tuple[tuple[dt.datetime | None, int], ...]:
    """``((None, first_offset), (utc_instant, offset_from_then), …)`` in seconds, UTC naive.

    >>> transitions("Asia/Shanghai")
    ((None, 28800),)
    """
    zone = check_zone(name)
    t = dt.datetime(FIRST_YEAR, 1, 1)
    end = dt.datetime(LAST_YEAR + 1, 1, 1)
    current = _offset(zone, t)
    out: list[tuple[dt.datetime | None, int]] = [(None, current)]
    step = dt.timedelta(hours=6)
    while t < end:
        nxt = t + step
        off = _offset(zone, nxt)
        if off != current:
            lo, hi = t, nxt  # offset changes in (lo, hi]: bisect to the minute
            while hi - lo > dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if _offset(zone, mid) == current:
                    lo = mid
                else:
                    hi = mid
            hi = hi.replace(second=0, microsecond=0)
            if _offset(zone, hi) == current:
                hi += dt.timedelta(minutes=1)
            out.append((hi, off))
            current = off
        t = nxt
    return tuple(out)


def to_local(ts: ir.TimestampValue, zone: str) -> ir.TimestampValue:
    """``ts`` (UTC) as the wall-clock time in ``zone``."""
    steps = transitions(zone)
    if len(steps) == 1:
        return ts + ibis.interval(seconds=steps[0][1])
    branches = []
    for (_, off), (nxt, _) in itertools.pairwise(steps):
        branches.append((ts < ibis.literal(nxt, type="timestamp"), ts + ibis.interval(seconds=off)))
    return ibis.cases(*branches, else_=ts + ibis.interval(seconds=steps[-1][1]))
