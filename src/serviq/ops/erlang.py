"""Erlang C staffing: how many agents an interval needs to meet a service level.

The M/M/N queue (Poisson arrivals, exponential handle times, callers who wait). With
``calls`` arriving in ``interval`` seconds and an average handle time ``aht`` seconds, the
traffic is A = calls × aht ÷ interval erlangs, and with N agents:

- Erlang B by the stable recursion B(0) = 1, B(n) = A·B(n−1) ÷ (n + A·B(n−1));
- probability of waiting C(N, A) = N·B(N) ÷ (N − A·(1 − B(N)))   (N > A; 1 otherwise);
- service level SL(t) = 1 − C·exp(−(N − A)·t ÷ aht);
- average speed of answer ASA = C·aht ÷ (N − A);
- occupancy = A ÷ N.

Agents needed: the smallest N > A with SL(t) ≥ target and occupancy ≤ max_occupancy;
scheduled = ⌈N ÷ (1 − shrinkage)⌉. The recursion never forms A^N or N!, so it is exact
for thousands of agents.

References: A. K. Erlang (1917); Call Centre Helper, "Erlang C formula – made simple with
an easy worked example" (https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm):
100 calls in 30 min, AHT 180 s, 80 % in 20 s → 14 agents; with 30 % shrinkage, 20.

>>> r = staffing(calls=100, interval_minutes=30, aht=180, target_seconds=20, service_level=0.8)
>>> r.agents, round(r.p_wait, 4), round(r.service_level, 4)
(14, 0.1741, 0.8884)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from serviq.errors import ComputationError, InvalidInput, Where

MAX_AGENTS = 100_000


def erlang_b(traffic: float, agents: int) -> float:
    """Erlang B blocking probability B(N, A), by the recursion (stable for large N)."""
    if agents < 0:
        raise InvalidInput("agents must be ≥ 0", where=Where(field="agents"))
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a contact waits, C(N, A); 1 when N ≤ A (the queue never empties)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(traffic, agents)
    return agents * b / (agents - traffic * (1.0 - b))


@dataclass(frozen=True)
class Row:
    """Erlang C figures for one number of agents."""

    agents: int
    p_wait: float
    service_level: float
    asa: float
    occupancy: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _figures_from_b(traffic: float, agents: int, b: float, aht: float, target: float) -> Row:
    """Row for N > A agents given B(N, A)."""
    gap = agents - traffic
    c = agents * b / (agents - traffic * (1.0 - b))
    return Row(
        agents=agents,
        p_wait=c,
        service_level=1.0 - c * math.exp(-gap * target / aht),
        asa=c * aht / gap,
        occupancy=traffic / agents,
    )


def figures(traffic: float, agents: int, aht: float, target_seconds: float) -> Row:
    """P(wait), service level within ``target_seconds``, ASA (s) and occupancy for N agents."""
    c = erlang_c(traffic, agents)
    if agents <= traffic:
        return Row(agents, 1.0, 0.0, math.inf, min(1.0, traffic / agents) if agents else 1.0)
    gap = agents - traffic
    return Row(
        agents=agents,
        p_wait=c,
        service_level=1.0 - c * math.exp(-gap * target_seconds / aht),
        asa=c * aht / gap,
        occupancy=traffic / agents,
    )


@dataclass(frozen=True)
class Staffing:
    """Agents needed for one interval, the figures they achieve, and the table around them."""

    calls: float
    interval_minutes: float
    aht: float
    target_seconds: float
    target_service_level: float
    max_occupancy: float
    shrinkage: float
    traffic: float
    agents: int
    agents_with_shrinkage: int
    p_wait: float
    service_level: float
    asa: float
    occupancy: float
    table: tuple[Row, ...]

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "table"}
        out["table"] = [r.as_dict() for r in self.table]
        return out


def _check(name: str, value: float, low: float, high: float | None, *, open_low: bool) -> None:
    bad = (value <= low if open_low else value < low) or (high is not None and value > high)
    if bad or not math.isfinite(value):
        rng = f"{'>' if open_low else '≥'} {low:g}" + (
            f" and ≤ {high:g}" if high is not None else ""
        )
        raise InvalidInput(f"{name} must be {rng}; got {value:g}", where=Where(field=name))


def staffing(
    *,
    calls: float,
    interval_minutes: float,
    aht: float,
    target_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
    shrinkage: float = 0.0,
    table_rows: int = 6,
) -> Staffing:
    """Agents needed for ``calls`` per ``interval_minutes`` to answer ``service_level`` of them
    within ``target_seconds``, occupancy at most ``max_occupancy``; then gross up by
    ``shrinkage`` (share of paid time not available for contacts). ``table`` lists N from
    ⌈A⌉ (at least 1; at most 10 below the answer) to a few agents past it."""
    _check("calls", calls, 0, None, open_low=False)
    _check("interval_minutes", interval_minutes, 0, None, open_low=True)
    _check("aht", aht, 0, None, open_low=True)
    _check("target_seconds", target_seconds, 0, None, open_low=False)
    _check("service_level", service_level, 0, 1, open_low=False)
    _check("max_occupancy", max_occupancy, 0, 1, open_low=True)
    if not 0 <= shrinkage < 1:
        raise InvalidInput(
            f"shrinkage must be ≥ 0 and < 1; got {shrinkage:g}", where=Where(field="shrinkage")
        )
    traffic = calls * aht / (interval_minutes * 60.0)
    n = math.floor(traffic) + 1 if traffic > 0 else 0
    row = Row(0, 0.0, 1.0, 0.0, 0.0)
    if n:
        # B(N) is carried from one N to the next (one recursion step each), so the search
        # costs O(N) in all, not O(N²).
        b = erlang_b(traffic, n)
        while True:
            if n > MAX_AGENTS:
                raise ComputationError(
                    f"more than {MAX_AGENTS} agents would be needed; check the inputs"
                )
            row = _figures_from_b(traffic, n, b, aht, target_seconds)
            if row.service_level >= service_level and row.occupancy <= max_occupancy:
                break
            n += 1
            b = traffic * b / (n + traffic * b)
    first = max(1, math.ceil(traffic)) if traffic > 0 else 1
    table = tuple(
        figures(traffic, k, aht, target_seconds)
        for k in range(max(first, n - 10), max(n, first) + table_rows)
    )
    return Staffing(
        calls=calls,
        interval_minutes=interval_minutes,
        aht=aht,
        target_seconds=target_seconds,
        target_service_level=service_level,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        traffic=traffic,
        agents=n,
        agents_with_shrinkage=math.ceil(n / (1.0 - shrinkage) - 1e-9),
        p_wait=row.p_wait,
        service_level=row.service_level,
        asa=row.asa,
        occupancy=row.occupancy,
        table=table,
    )


def staffing_table(
    forecast: pd.DataFrame,
    *,
    interval_minutes: float,
    aht: float | None,
    target_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
    shrinkage: float = 0.0,
    columns: Sequence[str] = ("interval", "calls"),
) -> pd.DataFrame:
    """One Erlang C staffing row per interval of a volume forecast.

    ``forecast`` has an interval label column and a calls column (names in ``columns``),
    and optionally ``aht`` per interval (else ``aht`` applies to all).
    """
    label, calls_col = columns
    for c in (label, calls_col):
        if c not in forecast.columns:
            raise InvalidInput(
                f"the forecast needs a column {c!r}; it has {', '.join(map(str, forecast.columns))}",
                where=Where(column=c),
            )
    rows = []
    for i, rec in enumerate(forecast.to_dict(orient="records")):
        this_aht = rec.get("aht", aht) if "aht" in forecast.columns else aht
        if this_aht is None or pd.isna(this_aht):
            raise InvalidInput(
                "no AHT for this interval: give --aht or an aht column",
                where=Where(row=i + 2, column="aht"),
            )
        try:
            calls = float(rec[calls_col])
        except (TypeError, ValueError):
            raise InvalidInput(
                f"{rec[calls_col]!r} is not a number", where=Where(row=i + 2, column=calls_col)
            ) from None
        s = staffing(
            calls=calls,
            interval_minutes=interval_minutes,
            aht=float(this_aht),
            target_seconds=target_seconds,
            service_level=service_level,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
            table_rows=0,
        )
        rows.append(
            {
                "interval": rec[label],
                "calls": calls,
                "aht": float(this_aht),
                "traffic": s.traffic,
                "agents": s.agents,
                "agents_with_shrinkage": s.agents_with_shrinkage,
                "service_level": s.service_level,
                "asa": s.asa,
                "occupancy": s.occupancy,
            }
        )
    return pd.DataFrame(rows)
