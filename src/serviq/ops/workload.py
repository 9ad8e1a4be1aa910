"""Workload of teams and agents (R-OPS-8): what the team lead reports daily and weekly.

Per day or week (in the centre's zone) and per team or agent: the counts of
consultations (咨詢), queries (查詢) and proactive services (主動服務) — and the other contact
types —, contacts caused by system problems, hard cases (疑難), and, when work orders are
given, the work orders created and those escalated/supervised (督辦). A contact counts in
the period it arrived in; short abandons count too (they are contacts the centre received).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from serviq.errors import InvalidInput, Where
from serviq.ops.definitions import KpiConfig
from serviq.ops.measures import period_of
from serviq.ops.schemas import CONTACT_TYPES
from serviq.ops.zones import to_local

WORKLOAD_PERIODS = ("day", "week", "month")
WORKLOAD_DIMENSIONS = {"team": "team_id", "agent": "agent_id", "queue": "queue"}


def _check(by: Sequence[str]) -> None:
    periods = [b for b in by if b in WORKLOAD_PERIODS]
    for b in by:
        if b not in WORKLOAD_PERIODS and b not in WORKLOAD_DIMENSIONS:
            allowed = ", ".join([*WORKLOAD_PERIODS, *WORKLOAD_DIMENSIONS])
            raise InvalidInput(f"workload groups by {allowed}; not {b!r}", where=Where(field="by"))
    if len(periods) > 1:
        raise InvalidInput("at most one period per grouping", where=Where(field="by"))


def workload(
    interactions: ir.Table,
    by: Sequence[str],
    cfg: KpiConfig,
    timezone: str,
    work_orders: ir.Table | None = None,
) -> ir.Table:
    """Counts per period × team/agent: one column per contact type, ``system_problem``,
    ``hard_case``, ``contacts``; with work orders also ``work_orders`` and ``escalated``."""
    _check(by)
    t = interactions
    local = to_local(t.arrived_at, timezone)
    keys: dict[str, ir.Value] = {}
    for b in by:
        keys[b] = (
            period_of(local, b, cfg.interval_minutes)
            if b in WORKLOAD_PERIODS
            else t[WORKLOAD_DIMENSIONS[b]]
        )
    t = t.mutate(**keys)
    agg: dict[str, ir.Value] = {
        ct: ibis.ifelse(t.contact_type == ct, 1, 0).sum() for ct in CONTACT_TYPES
    }
    agg["system_problem"] = ibis.ifelse(t.system_problem.fill_null(False), 1, 0).sum()
    agg["hard_case"] = ibis.ifelse(t.hard_case.fill_null(False), 1, 0).sum()
    agg["contacts"] = t.count()
    out = t.group_by(list(keys)).aggregate(**agg) if keys else t.aggregate(**agg)
    if work_orders is None:
        return out
    w = work_orders
    wdims = {"team": "team_id", "agent": "owner_id", "queue": "queue"}
    wlocal = to_local(w.created_at, timezone)
    wkeys = {
        b: (period_of(wlocal, b, cfg.interval_minutes) if b in WORKLOAD_PERIODS else w[wdims[b]])
        for b in by
    }
    w = w.mutate(**wkeys)
    wagg = {
        "work_orders": w.count(),
        "escalated": ibis.ifelse(w.escalated.fill_null(False), 1, 0).sum(),
    }
    wo = w.group_by(list(wkeys)).aggregate(**wagg) if wkeys else w.aggregate(**wagg)
    if not keys:
        return out.cross_join(wo)
    j = out.join(wo, list(keys), how="outer")
    cols = {k: ibis.coalesce(j[k], j[f"{k}_right"]) for k in keys}
    counts = [c for c in out.columns if c not in keys]
    return j.select(
        **cols,
        **{c: j[c].fill_null(0) for c in counts},
        work_orders=j.work_orders.fill_null(0),
        escalated=j.escalated.fill_null(0),
    )
