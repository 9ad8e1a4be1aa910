"""The interval × weekday heat map: where seats are short and where they stand idle.

For each weekday (Monday = 0) and interval of the day (in the centre's zone) over the data:

- ``offered`` — mean offered contacts per occurrence of that weekday-interval (days with
  data on that weekday count, also when the interval had no contacts);
- ``aht`` — mean handle time of the answered contacts there (the same contacts as
  ``offered``: inbound only by default);
- ``required`` — Erlang C agents needed for the mean volume at the centre's service-level
  target (:mod:`serviq.ops.erlang`);
- ``staffed`` — with agent states: mean agents in ready state (ready seconds ÷ interval
  seconds);
- ``status`` — ``short`` when staffed < required, ``idle`` when staffed exceeds required by
  more than ``heatmap_idle_margin`` (a share; ``ops/kpis.yaml``), else ``ok``; without agent states, ``busy`` for the
  cells at or above the 80th percentile of volume, ``quiet`` at or below the 20th, else ``ok``.

The counting runs as Ibis expressions on the engine; the Erlang step runs on the few
hundred resulting cells.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from serviq.ops.definitions import KpiConfig
from serviq.ops.erlang import staffing
from serviq.ops.kpis import Sources, contact_kpis, occupancy
from serviq.ops.zones import to_local


def heatmap(
    sources: Sources,
    cfg: KpiConfig,
    timezone: str,
    *,
    max_occupancy: float = 1.0,
) -> pd.DataFrame:
    """One row per (weekday, interval) with offered, aht, required, staffed and status."""
    minutes = cfg.interval_minutes
    idle_margin = cfg.heatmap_idle_margin
    # Erlang C models the queue: AHT over the same contacts as offered (inbound only, unless
    # the centre counts outbound contacts in the queue KPIs).
    queue_cfg = cfg.with_options(outbound_aht=cfg.outbound.queue_kpis)
    per = contact_kpis(sources.interactions, ("interval",), queue_cfg, timezone).to_pandas()
    if per.empty:
        return pd.DataFrame(
            columns=["weekday", "interval", "offered", "aht", "required", "staffed", "status"]
        )
    per["interval"] = pd.to_datetime(per["interval"])
    per["date"] = per["interval"].dt.normalize()
    per["weekday"] = per["interval"].dt.day_of_week
    per["slot"] = per["interval"].dt.strftime("%H:%M")
    per["handle_total"] = per["aht"].fillna(0.0) * per["answered"]
    t = sources.interactions
    days = t.select(d=to_local(t.arrived_at, timezone).truncate("D")).distinct().to_pandas()["d"]
    days = pd.to_datetime(days)
    n_days = days.dt.day_of_week.value_counts().to_dict()
    g = per.groupby(["weekday", "slot"], as_index=False).agg(
        offered_sum=("offered", "sum"),
        answered=("answered", "sum"),
        handle_total=("handle_total", "sum"),
    )
    g["offered"] = g["offered_sum"] / g["weekday"].map(n_days)
    g["aht"] = g["handle_total"] / g["answered"].where(g["answered"] > 0)
    target = cfg.service_level
    required: list[Any] = []
    for rec in g.itertuples():
        aht = float(rec.aht) if rec.aht == rec.aht else None  # NaN check
        if aht is None or aht <= 0 or rec.offered <= 0:
            required.append(0)
            continue
        s = staffing(
            calls=float(rec.offered),
            interval_minutes=minutes,
            aht=aht,
            target_seconds=target.seconds,
            service_level=target.target,
            max_occupancy=max_occupancy,
            table_rows=0,
        )
        required.append(s.agents)
    g["required"] = required
    if sources.agent_states is not None:
        ready_cfg = cfg.with_options(occupancy_denominator="ready")
        occ = occupancy(
            sources.interactions, sources.agent_states, ("interval",), ready_cfg, timezone
        ).to_pandas()
        occ["interval"] = pd.to_datetime(occ["interval"])
        occ["weekday"] = occ["interval"].dt.day_of_week
        occ["slot"] = occ["interval"].dt.strftime("%H:%M")
        staffed = occ.groupby(["weekday", "slot"], as_index=False)["available_seconds"].sum()
        g = g.merge(staffed, on=["weekday", "slot"], how="left")
        g["staffed"] = (
            g["available_seconds"].fillna(0.0) / (minutes * 60.0) / g["weekday"].map(n_days)
        )
        g["status"] = [
            "short" if s < r else ("idle" if s > r * (1 + idle_margin) and s - r >= 1 else "ok")
            for s, r in zip(g["staffed"], g["required"], strict=True)
        ]
    else:
        g["staffed"] = math.nan
        hi, lo = g["offered"].quantile(0.8), g["offered"].quantile(0.2)
        g["status"] = ["busy" if v >= hi else ("quiet" if v <= lo else "ok") for v in g["offered"]]
    g = g.rename(columns={"slot": "interval"})
    out = g[["weekday", "interval", "offered", "aht", "required", "staffed", "status"]]
    out = out.sort_values(["weekday", "interval"]).reset_index(drop=True)
    return out.astype(object).where(out.notna(), None)
