"""Work-order KPIs and the backlog: timeliness, reopen and callback rates per period of
creation; the work orders open at an as-of time, by age band; the overdue list.

Definitions (defaults in ``ops/kpis.yaml``, words in :mod:`serviq.ops.definitions`):

- wo_timeliness_rate = closed by their due time ÷ decided (closed, or past due);
- reopen_rate = reopened ÷ ever closed; callback_rate = callbacks done ÷ callbacks required;
- backlog: open work orders at ``as_of`` (from the status history when given), by age band
  (``backlog_age_days``), with the overdue count.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import ibis
import ibis.expr.types as ir

from serviq.errors import InvalidInput, Where
from serviq.ops.definitions import KpiConfig
from serviq.ops.measures import flag, group_keys, ratio, seconds
from serviq.ops.zones import to_local

WORK_ORDER_KPIS: tuple[str, ...] = (
    "work_orders",
    "wo_pending",
    "wo_timeliness_rate",
    "reopen_rate",
    "callback_rate",
)


def work_order_kpis(
    work_orders: ir.Table,
    by: Sequence[str],
    cfg: KpiConfig,
    timezone: str,
    as_of: Any,
) -> ir.Table:
    """Work-order timeliness, reopen rate and callback completion per period of creation.

    ``as_of`` (a UTC naive datetime) decides which open work orders are already overdue.
    """
    w = work_orders
    dims = {
        "queue": "queue",
        "team": "team_id",
        "agent": "owner_id",
        "contact_type": "contact_type",
    }
    now = ibis.literal(as_of, type="timestamp")
    closed = w.closed_at.notnull() & (w.closed_at <= now)
    decided = closed | (w.due_at < now)
    on_time = closed & (w.closed_at <= w.due_at)
    ever_closed = closed | w.first_closed_at.notnull()
    reopened = w.reopened_count.fill_null(0) > 0
    needs_cb = closed & w.callback_required.fill_null(True)
    cb_done = needs_cb & w.callback_done.fill_null(False)
    local = to_local(w.created_at, timezone)
    keys = group_keys(w, by, local, cfg, dims)
    w = w.filter(w.created_at <= now).mutate(
        _decided=flag(decided),
        _open=flag(~decided),
        _on_time=flag(on_time),
        _ever_closed=flag(ever_closed),
        _reopened=flag(reopened & ever_closed),
        _needs_cb=flag(needs_cb),
        _cb_done=flag(cb_done),
        **keys,
    )
    agg = {
        "work_orders": w.count(),
        "_decided": w._decided.sum(),
        "wo_pending": w._open.sum(),
        "_on_time": w._on_time.sum(),
        "_ever_closed": w._ever_closed.sum(),
        "_reopened": w._reopened.sum(),
        "_needs_cb": w._needs_cb.sum(),
        "_cb_done": w._cb_done.sum(),
    }
    g = w.group_by(list(keys)).aggregate(**agg) if keys else w.aggregate(**agg)
    g = g.mutate(
        wo_timeliness_rate=ratio(g._on_time, g._decided),
        reopen_rate=ratio(g._reopened, g._ever_closed),
        callback_rate=ratio(g._cb_done, g._needs_cb),
    )
    return g.select(*keys, *WORK_ORDER_KPIS)


def open_at(work_orders: ir.Table, as_of: Any, events: ir.Table | None = None) -> ir.Table:
    """The work orders open at ``as_of`` (UTC naive).

    With the status history (``work_order_events``), a work order is open when its last
    event at or before ``as_of`` is not ``closed`` — exact for past dates, also for work
    orders closed, reopened and closed again. Without it (or for a work order without
    events): created by ``as_of`` and not finally closed by it (``closed_at``).
    """
    now = ibis.literal(as_of, type="timestamp")
    w = work_orders.filter(work_orders.created_at <= now)
    by_closed_at = w.closed_at.isnull() | (w.closed_at > now)
    if events is None:
        return w.filter(by_closed_at)
    e = events.filter(events.at <= now)
    e = e.mutate(
        _rn=ibis.row_number().over(
            group_by=e.work_order_id, order_by=[ibis.desc(e.at), ibis.desc(e.status)]
        )
    )
    last = e.filter(e._rn == 0).select(_wo=e.work_order_id, _last_status=e.status)
    j = w.left_join(last, w.work_order_id == last._wo)
    is_open = ibis.ifelse(
        j._last_status.notnull(),
        j._last_status != "closed",
        j.closed_at.isnull() | (j.closed_at > now),
    )
    return j.filter(is_open).select(*work_orders.columns)


def backlog(
    work_orders: ir.Table,
    as_of: Any,
    cfg: KpiConfig,
    by: Sequence[str] = ("queue",),
    events: ir.Table | None = None,
) -> ir.Table:
    """Open work orders at ``as_of`` per group, by age band, with the overdue count.

    Open as :func:`open_at` says (the status history when given, else the last close).
    Age = ``as_of − created_at``; bands from ``backlog_age_days``.
    """
    dims = {
        "queue": "queue",
        "team": "team_id",
        "agent": "owner_id",
        "contact_type": "contact_type",
    }
    for b in by:
        if b not in dims:
            raise InvalidInput(
                f"backlog groups by {', '.join(dims)}; not {b!r}", where=Where(field="by")
            )
    now = ibis.literal(as_of, type="timestamp")
    w = open_at(work_orders, as_of, events)
    age_days = seconds(now, w.created_at) / 86400.0
    bands = band_names(cfg.backlog_age_days)
    edges = list(cfg.backlog_age_days)
    w = w.mutate(
        _age=age_days,
        _overdue=flag(w.due_at < now),
        **{b: w[dims[b]] for b in by},
    )
    agg: dict[str, ir.Value] = {
        "open": w.count(),
        "overdue": w._overdue.sum(),
        "mean_age_days": w._age.mean(),
        "max_age_days": w._age.max(),
    }
    lo = 0.0
    for name, hi in zip(bands, [*edges, None], strict=True):
        cond = w._age >= lo if hi is None else (w._age >= lo) & (w._age < hi)
        agg[name] = flag(cond).sum()
        lo = hi if hi is not None else lo
    return w.group_by(list(by)).aggregate(**agg) if by else w.aggregate(**agg)


def band_names(edges: Sequence[float]) -> list[str]:
    """The age bands' column names for the band edges (days).

    >>> band_names([1, 3, 7])
    ['age_lt_1d', 'age_1_3d', 'age_3_7d', 'age_ge_7d']
    >>> band_names([0.5])
    ['age_lt_0_5d', 'age_ge_0_5d']
    """

    def n(v: float) -> str:
        return str(int(v)) if float(v).is_integer() else str(v).replace(".", "_")

    names = [f"age_lt_{n(edges[0])}d"] if edges else []
    names += [f"age_{n(a)}_{n(b)}d" for a, b in itertools.pairwise(edges)]
    names.append(f"age_ge_{n(edges[-1])}d" if edges else "age_all")
    return names


def overdue_list(
    work_orders: ir.Table, as_of: Any, timezone: str, events: ir.Table | None = None
) -> ir.Table:
    """Open work orders past their due time at ``as_of``: owner, age and hours overdue."""
    now = ibis.literal(as_of, type="timestamp")
    w = open_at(work_orders, as_of, events)
    w = w.filter(w.due_at < now)
    return w.select(
        "work_order_id",
        "queue",
        "team_id",
        "owner_id",
        "status",
        "escalated",
        created_local=to_local(w.created_at, timezone),
        due_local=to_local(w.due_at, timezone),
        age_days=seconds(now, w.created_at) / 86400.0,
        overdue_hours=seconds(now, w.due_at) / 3600.0,
    ).order_by(ibis.desc("overdue_hours"))
