"""The building blocks every ops measure is written with: durations in seconds, 0/1 flags,
null-safe ratios and the period a local time falls in — Ibis expressions that compile the
same on every engine (DuckDB, PostgreSQL, Spark)."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from serviq.ops.definitions import KpiConfig

PERIODS: tuple[str, ...] = ("interval", "day", "week", "month")


def seconds(later: ir.TimestampValue, earlier: ir.TimestampValue) -> ir.FloatingValue:
    """``later − earlier`` in seconds, to the microsecond, on every engine."""
    return later.delta(earlier, unit="microsecond").cast("float64") / 1e6


def period_of(local: ir.TimestampValue, period: str, interval_minutes: int) -> ir.Value:
    """The start of the period ``local`` (a local wall-clock time) falls in.

    An interval of *m* minutes (*m* divides 60: 15, 30, 60) starts at the hour plus
    ⌊minute ÷ *m*⌋ × *m* minutes, written as ``DATE_TRUNC('hour') + CASE …`` with constant
    intervals: every engine compiles that (Ibis's PySpark backend has no rule for
    ``TimestampBucket``), and it is the same as bucketing from the epoch for such *m*.
    Days, weeks (ISO, from Monday) and months are ``DATE_TRUNC``.
    """
    if period == "interval":
        if interval_minutes <= 0 or 60 % interval_minutes:
            raise ValueError(f"interval_minutes must divide 60, not {interval_minutes}")
        hour = local.truncate("h")
        if interval_minutes == 60:
            return hour
        minute = local.minute()
        starts = list(range(interval_minutes, 60, interval_minutes))
        branches = [(minute < starts[0], hour)] + [
            (minute < k, hour + ibis.interval(minutes=k - interval_minutes)) for k in starts[1:]
        ]
        return ibis.cases(*branches, else_=hour + ibis.interval(minutes=60 - interval_minutes))
    unit = {"day": "D", "week": "W", "month": "M"}[period]
    return local.truncate(unit)


def flag(cond: ir.BooleanValue) -> ir.IntegerValue:
    """1 where ``cond`` holds, else 0 (a missing value counts as 0); engines differ on
    casting booleans to integers, so this is a ``CASE``."""
    return ibis.ifelse(cond, 1, 0)


def ratio(num: ir.NumericValue, den: ir.NumericValue) -> ir.FloatingValue:
    """``num ÷ den``, null where ``den`` is 0 or null (never an error, never ±inf)."""
    return num.cast("float64") / den.cast("float64").nullif(0.0)


def group_keys(
    table: ir.Table,
    by: Sequence[str],
    local: ir.TimestampValue,
    cfg: KpiConfig,
    dims: dict[str, str],
) -> dict[str, ir.Value]:
    """The grouping columns of ``by``: a period of ``local`` or a column of ``table``."""
    keys: dict[str, ir.Value] = {}
    for b in by:
        if b in PERIODS:
            keys[b] = period_of(local, b, cfg.interval_minutes)
        elif b in dims:
            keys[b] = table[dims[b]]
    return keys


def step(period: str, interval_minutes: int) -> ir.IntervalScalar:
    """The length of one ``period`` as an interval."""
    if period == "interval":
        return ibis.interval(minutes=interval_minutes)
    if period == "day":
        return ibis.interval(days=1)
    if period == "week":
        return ibis.interval(weeks=1)
    return ibis.interval(months=1)
