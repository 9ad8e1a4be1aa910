"""Contact-centre KPIs, written once as Ibis expressions that run on any engine.

The same expressions compile to DuckDB (a workspace file, Parquet) and PostgreSQL (and to
Spark or Trino where Ibis has a backend); the engine is chosen at the edge, by whoever
builds the :class:`Sources`. Every result carries the definitions used, in words
(:mod:`serviq.ops.definitions`).

Definitions (defaults in ``ops/kpis.yaml``; *w* = answered_at − arrived_at, the wait):

- short abandon: abandoned and ended_at − arrived_at < ``short_abandon_seconds`` (5 s);
- outbound contacts (``outbound.contact_types``, default proactive) wait in no queue: with
  ``outbound.queue_kpis: excluded`` (default) they are left out of every queue KPI (offered,
  answered, abandoned, service level, ASA, abandon, complaint and timeliness rates) and with
  ``outbound.aht: excluded`` out of AHT; they always count in transfer rate, CSAT,
  occupancy, workload and as handled contacts in FCR;
- offered = queued contacts − short abandons; answered = queued contacts with answered_at;
- abandoned_rate = abandoned (not short) ÷ offered;
- service_level (X = ``sl_seconds``): ``failed`` → #(answered, w ≤ X) ÷ offered;
  ``excluded`` → #(answered, w ≤ X) ÷ answered; ``threshold_excluded`` →
  #(answered, w ≤ X) ÷ (answered + #(abandoned after X));
- asa = mean w over answered; aht = mean (ended_at − answered_at) + hold + wrap-up;
- fcr_rate = share of handled contacts (with a customer key) after which the same
  customer makes no contact on the same issue within ``fcr_window_days`` (system-based FCR,
  Medallia's repeat-contact variant; see docs/ops.md); with ``outbound.fcr_repeats: excluded``
  (default) only inbound contacts are repeats — the centre's outbound call is not one;
- transfer_rate = transferred ÷ handled (answered_at set, inbound and outbound);
  complaint_rate = complaints ÷ offered;
- timeliness_rate (服務及時率, contacts) = #(answered, w ≤ channel target) ÷ offered;
- occupancy = handling seconds ÷ ready seconds (or logged-in seconds), agent states split
  exactly at period borders;
- work orders: wo_timeliness_rate, reopen_rate, callback_rate by period of creation;
  backlog and ageing at an as-of time.

A contact counts in the period (interval, day, week, month — in the centre's zone) in which
it *arrived*; a call that starts at 23:58 and ends at 00:03 belongs to the first day.

References: WFM Academy glossary (service level, short abandon); Call Centre Helper on ASA,
abandon rate, AHT, FCR; Calabrio and Genesys on occupancy (see ``docs/ops.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from serviq.errors import InvalidInput, Where
from serviq.ops.backlog import work_order_kpis
from serviq.ops.definitions import Definition, KpiConfig, describe
from serviq.ops.measures import PERIODS, group_keys, period_of, ratio, seconds, step
from serviq.ops.zones import to_local

DIMENSIONS: dict[str, str] = {
    "queue": "queue",
    "team": "team_id",
    "agent": "agent_id",
    "channel": "channel",
    "contact_type": "contact_type",
}
GROUPS: tuple[str, ...] = PERIODS + tuple(DIMENSIONS)
CONTACT_COLUMNS: tuple[str, ...] = (
    "interaction_id",
    "channel",
    "contact_type",
    "customer_key",
    "issue_key",
    "arrived_at",
    "answered_at",
    "ended_at",
    "hold_seconds",
    "wrapup_seconds",
    "abandoned",
    "transferred",
    "csat",
)

CONTACT_KPIS: tuple[str, ...] = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "answered_within_sl",
    "sl_base",
    "abandoned_rate",
    "service_level",
    "asa",
    "aht",
    "fcr_rate",
    "fcr_judged",
    "fcr_resolved",
    "fcr_pending",
    "handled",
    "transferred",
    "transfer_rate",
    "complaints",
    "complaint_rate",
    "timely",
    "timeliness_rate",
    "csat",
)
#: The KPIs of the queue a contact waits in (its service, not an agent's work): at team scope
#: they are the values of the queues the team owns, never of its agents' contacts alone
#: (abandoned contacts reach no agent and so no team).
QUEUE_KPIS: tuple[str, ...] = (
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "answered_within_sl",
    "sl_base",
    "abandoned_rate",
    "service_level",
    "asa",
    "complaints",
    "complaint_rate",
    "timely",
    "timeliness_rate",
)
#: Each rate as numerator ÷ denominator, both columns of the KPI rows (for drill-downs).
FRACTIONS: dict[str, tuple[str, str]] = {
    "service_level": ("answered_within_sl", "sl_base"),
    "abandoned_rate": ("abandoned", "offered"),
    "complaint_rate": ("complaints", "offered"),
    "timeliness_rate": ("timely", "offered"),
    "fcr_rate": ("fcr_resolved", "fcr_judged"),
    "transfer_rate": ("transferred", "handled"),
}
COUNTS = frozenset(
    {
        "offered",
        "answered",
        "abandoned",
        "short_abandoned",
        "answered_within_sl",
        "sl_base",
        "fcr_judged",
        "fcr_resolved",
        "fcr_pending",
        "handled",
        "transferred",
        "complaints",
        "timely",
        "work_orders",
        "wo_pending",
    }
)
OCCUPANCY_KPIS: tuple[str, ...] = ("handling_seconds", "available_seconds", "occupancy")


@dataclass(frozen=True)
class Sources:
    """The tables the KPIs read, on one engine: interactions, and optionally work orders
    and agent states (Ibis table expressions with the columns of :mod:`serviq.ops.schemas`)."""

    interactions: ir.Table
    work_orders: ir.Table | None = None
    agent_states: ir.Table | None = None
    work_order_events: ir.Table | None = None
    backend: Any = None

    def close(self) -> None:
        """Close the engine connection, when these sources own one."""
        if self.backend is not None:
            self.backend.disconnect()


@dataclass(frozen=True)
class KpiResult:
    """KPI rows (one per group, full precision) and the definitions used, in words."""

    by: tuple[str, ...]
    rows: pd.DataFrame
    definitions: dict[str, Definition]
    timezone: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": list(self.by),
            "timezone": self.timezone,
            "rows": self.rows.to_dict(orient="records"),
            "definitions": {k: d.as_dict() for k, d in self.definitions.items()},
            "notes": list(self.notes),
        }


def is_short_abandon(
    abandoned: bool, answered_at: Any, arrived_at: Any, ended_at: Any, cfg: KpiConfig
) -> bool:
    """One contact's short-abandon flag, as :func:`contact_kpis` decides it: abandoned, never
    answered, and ended − arrived < ``short_abandon_seconds`` (for exports and drill-downs).

    >>> import datetime as dt
    >>> from serviq.ops.definitions import KpiConfig
    >>> t = dt.datetime(2026, 11, 2, 9, 0)
    >>> is_short_abandon(True, None, t, t + dt.timedelta(seconds=4.9), KpiConfig())
    True
    >>> is_short_abandon(True, None, t, t + dt.timedelta(seconds=5), KpiConfig())
    False
    """
    if not abandoned or answered_at is not None or ended_at is None:
        return False
    return bool((ended_at - arrived_at).total_seconds() < cfg.short_abandon_seconds)


def parse_by(by: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"day,queue"`` → ``("day", "queue")``, checked: at most one period, no repeats."""
    if by is None:
        return ()
    items = [b.strip() for b in (by.split(",") if isinstance(by, str) else by) if b.strip()]
    for item in items:
        if item not in GROUPS:
            raise InvalidInput(
                f"unknown grouping {item!r}; allowed: {', '.join(GROUPS)}", where=Where(field="by")
            )
    if len(set(items)) != len(items):
        raise InvalidInput("a grouping is named twice", where=Where(field="by"))
    if sum(1 for i in items if i in PERIODS) > 1:
        raise InvalidInput(
            "at most one period (interval, day, week, month) per grouping", where=Where(field="by")
        )
    return tuple(items)


def _contact_conditions(
    t: ir.Table, cfg: KpiConfig, as_of: Any
) -> tuple[ir.Table, dict[str, ir.BooleanValue]]:
    """Each contact's part in the contact KPIs: ``t`` with the FCR window, wait, life and
    handle time as columns, and one condition per counted quantity (a contact counts in
    ``offered`` where ``cond["offered"]`` holds, …). :func:`contact_kpis` counts these
    conditions; :func:`contact_members` lists the contacts they hold for — one rule for
    the number and for the records behind it."""
    out = cfg.outbound
    issue = t.issue_key.fill_null("")
    order = [t.arrived_at, t.interaction_id]
    if out.contact_types and out.fcr_repeats == "excluded":
        # The customer's next *inbound* arrival: the least arrival among the following rows,
        # with the outbound ones blanked (MIN … ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED
        # FOLLOWING; PostgreSQL has no LEAD … IGNORE NULLS).
        inbound_arrival = ibis.ifelse(
            t.contact_type.isin(out.contact_types).fill_null(False), ibis.null(), t.arrived_at
        )
        nxt = inbound_arrival.min().over(
            ibis.window(group_by=[t.customer_key, issue], order_by=order, rows=(1, None))
        )
    else:
        nxt = t.arrived_at.lead().over(
            ibis.window(group_by=[t.customer_key, issue], order_by=order)
        )
    # The window, the durations and the outbound flag are computed once, as columns.
    flags = (
        {"_outbound": t.contact_type.isin(out.contact_types).fill_null(False)}
        if out.contact_types
        else {}
    )
    data_end = (
        ibis.literal(as_of, type="timestamp")
        if as_of is not None
        else t.arrived_at.max().over(ibis.window())
    )
    talk = seconds(t.ended_at, t.answered_at)
    hold = t.hold_seconds.fill_null(0.0)
    wrap = t.wrapup_seconds.fill_null(0.0)
    t = t.mutate(
        _next_arrival=nxt,
        _window_open=seconds(data_end, t.arrived_at) < cfg.fcr_window_days * 86400.0,
        _wait=seconds(t.answered_at, t.arrived_at),
        _life=seconds(t.ended_at, t.arrived_at),
        _handle=(talk + hold + wrap) if cfg.aht_hold == "added" else (talk + wrap),
        **flags,
    )
    handled = t.answered_at.notnull()  # by an agent, inbound or outbound
    inbound = ~t._outbound if flags else None

    def queued(c: ir.BooleanValue) -> ir.BooleanValue:
        """``c`` for the contacts that wait in a queue: what the queue KPIs read."""
        return c & inbound if inbound is not None and out.queue_kpis == "excluded" else c

    in_aht = handled & inbound if inbound is not None and out.aht == "excluded" else handled
    is_ans = queued(handled)
    wait, life = t._wait, t._life
    gone = t.abandoned & ~handled
    short = gone & (life < cfg.short_abandon_seconds)
    abandoned = queued(gone) & ~short
    offered = queued(~short)
    x = cfg.service_level.seconds
    window_s = cfg.fcr_window_days * 86400.0
    repeat = t._next_arrival.notnull() & (seconds(t._next_arrival, t.arrived_at) <= window_s)
    in_fcr = handled & t.customer_key.notnull()
    judged = in_fcr & ~t._window_open
    target_branches = [(t.channel == ch, s) for ch, s in cfg.channel_answer_seconds.items()]
    target = ibis.cases(*target_branches, else_=x) if target_branches else ibis.literal(x)
    treatment = cfg.service_level.abandon_treatment
    sl_base = {
        "failed": offered,
        "excluded": is_ans,
        "threshold_excluded": is_ans | (abandoned & (life > x)),
    }[treatment]
    cond = {
        "offered": offered,
        "answered": is_ans,
        "abandoned": abandoned,
        "short_abandoned": queued(short),
        "answered_within_sl": is_ans & (wait <= x),
        "sl_base": sl_base,
        "aht": in_aht,
        "fcr_judged": judged,
        "fcr_resolved": judged & ~repeat,
        "fcr_pending": in_fcr & t._window_open,
        "handled": handled,
        "transferred": handled & t.transferred.fill_null(False),
        "complaints": offered & (t.contact_type == "complaint"),
        "timely": is_ans & (wait <= target),
        "csat": t.csat.notnull(),
    }
    return t, cond


#: The contacts behind each contact KPI: (numerator, denominator), names of the conditions
#: of :func:`_contact_conditions`; a mean's numerator is a sum of seconds or ratings (None).
MEMBERS: dict[str, tuple[str | None, str]] = {
    **{kpi: FRACTIONS[kpi] for kpi in FRACTIONS},
    "asa": (None, "answered"),
    "aht": (None, "aht"),
    "csat": (None, "csat"),
    **{c: (None, c) for c in ("offered", "answered", "handled", "complaints")},
}


def contact_members(
    interactions: ir.Table,
    kpi: str,
    period: str,
    scope: str,
    cfg: KpiConfig,
    timezone: str,
    *,
    as_of: Any = None,
    queue_teams: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """The contacts behind one month's ``kpi`` as :func:`compute` counts it by month (the
    centre, ``scope`` ``""``) or by month × team: ``interaction_id`` and the booleans
    ``numerator`` and ``denominator``, one row per contact in the denominator (or, for the
    FCR, also the pending ones: ``pending``). A team's queue KPIs are those of the queues it
    owns (:func:`owned_queues`), its other KPIs its agents' contacts; the FCR looks for
    repeats over all of ``interactions``, whatever team took them.

    ``interactions`` must hold every contact the month's number read: the month itself,
    and for the FCR the window after it (repeats) — what :func:`compute` was given.
    """
    if kpi not in MEMBERS:
        raise InvalidInput(
            f"{kpi!r} lists no contacts; allowed: {', '.join(MEMBERS)}", where=Where(field="kpi")
        )
    num, den = MEMBERS[kpi]
    table = interactions
    if scope and kpi in QUEUE_KPIS:
        table = owned_queues(interactions, queue_teams or {})
    needed = [*CONTACT_COLUMNS, "team_id", "queue"]
    t = table.select(*dict.fromkeys(needed))
    t = t.mutate(_month=period_of(to_local(t.arrived_at, timezone), "month", 15))
    t, cond = _contact_conditions(t, cfg, as_of)
    start = pd.Timestamp(f"{period}-01")
    in_scope = t._month == ibis.literal(start.to_pydatetime(), type="timestamp")
    if scope:
        in_scope = in_scope & (t.team_id == scope)
    pending = cond["fcr_pending"] if kpi == "fcr_rate" else ibis.literal(False)
    t = t.filter(in_scope & (cond[den] | pending)).select(
        "interaction_id",
        numerator=cond[num].fill_null(False) if num else ibis.literal(False),
        denominator=cond[den].fill_null(False),
        pending=pending.fill_null(False),
    )
    df = t.to_pandas()
    for col in ("numerator", "denominator", "pending"):
        df[col] = df[col].astype(bool)
    return df.sort_values("interaction_id").reset_index(drop=True)


def contact_kpis(
    interactions: ir.Table,
    by: Sequence[str],
    cfg: KpiConfig,
    timezone: str,
    as_of: Any = None,
) -> ir.Table:
    """The contact KPIs of :data:`CONTACT_KPIS` per group, as one Ibis expression.

    The FCR flag looks at each contact's next contact from the same customer on the same
    issue, ordered by arrival, over all of ``interactions``: by default the next *inbound*
    one (``MIN`` of the inbound arrivals over the following rows), with
    ``outbound.fcr_repeats: included`` the next of any kind (a ``LEAD`` window).

    A contact's FCR window (arrived_at, arrived_at + W] is judgeable once it has closed by
    the data's end ``as_of`` (UTC naive; default the latest arrival in ``interactions``):
    until then the contact is *pending* — neither resolved nor failed, left out of
    ``fcr_rate`` and counted in ``fcr_pending`` — whether or not its repeat has arrived.
    """
    needed = [*CONTACT_COLUMNS, *(DIMENSIONS[b] for b in by if b in DIMENSIONS)]
    t = interactions.select(*dict.fromkeys(needed))  # only what the KPIs read, before the window
    local = to_local(t.arrived_at, timezone)
    t = t.mutate(**group_keys(t, by, local, cfg, DIMENSIONS))
    keys = [b for b in by if b in PERIODS or b in DIMENSIONS]
    t, cond = _contact_conditions(t, cfg, as_of)
    x = cfg.service_level.seconds
    # Counts as COUNT(*) FILTER (WHERE …) and means as AVG(…) FILTER (WHERE …): the form a
    # hand-written query uses, on every engine.
    agg = {
        "offered": t.count(where=cond["offered"]),
        "answered": t.count(where=cond["answered"]),
        "abandoned": t.count(where=cond["abandoned"]),
        "short_abandoned": t.count(where=cond["short_abandoned"]),
        "answered_within_sl": t.count(where=cond["answered_within_sl"]),
        "_ab_after_x": t.count(where=cond["abandoned"] & (t._life > x)),
        "asa": t._wait.mean(where=cond["answered"]),
        "aht": t._handle.mean(where=cond["aht"]),
        "fcr_judged": t.count(where=cond["fcr_judged"]),
        "fcr_resolved": t.count(where=cond["fcr_resolved"]),
        "fcr_pending": t.count(where=cond["fcr_pending"]),
        "handled": t.count(where=cond["handled"]),
        "transferred": t.count(where=cond["transferred"]),
        "complaints": t.count(where=cond["complaints"]),
        "timely": t.count(where=cond["timely"]),
        "csat": t.csat.mean(),
    }
    g = t.group_by(keys).aggregate(**agg) if keys else t.aggregate(**agg)
    treatment = cfg.service_level.abandon_treatment
    if treatment == "failed":
        sl_den = g.offered
    elif treatment == "excluded":
        sl_den = g.answered
    else:
        sl_den = g.answered + g._ab_after_x
    g = g.mutate(sl_base=sl_den)
    g = g.mutate(
        abandoned_rate=ratio(g.abandoned, g.offered),
        service_level=ratio(g.answered_within_sl, g.sl_base),
        fcr_rate=ratio(g.fcr_resolved, g.fcr_judged),
        transfer_rate=ratio(g.transferred, g.handled),
        complaint_rate=ratio(g.complaints, g.offered),
        timeliness_rate=ratio(g.timely, g.offered),
    )
    return g.select(*keys, *CONTACT_KPIS)


def occupancy(
    interactions: ir.Table,
    agent_states: ir.Table,
    by: Sequence[str],
    cfg: KpiConfig,
    timezone: str,
) -> ir.Table:
    """Handling seconds, available seconds and occupancy per period × team/agent.

    Agent-state spans are cut at period borders (each piece counts in its own period);
    handling counts in the period in which the contact was answered.
    """
    dims = {"team": "team_id", "agent": "agent_id"}
    period = next((b for b in by if b in PERIODS), None)
    s = agent_states
    if cfg.occupancy_denominator == "ready":
        s = s.filter(s.state == "ready")
    start = to_local(s.start_at, timezone)
    end = to_local(s.end_at, timezone)
    s = s.mutate(_start=start, _end=end)
    if period is not None:
        size = step(period, cfg.interval_minutes)
        first = period_of(s._start, period, cfg.interval_minutes)
        s = s.mutate(_p=ibis.range(first, s._end, size).unnest())
        piece_end = ibis.least(s._end, s._p + size)
        piece_start = ibis.greatest(s._start, s._p)
        s = s.mutate(_secs=seconds(piece_end, piece_start), **{period: s._p})
    else:
        s = s.mutate(_secs=seconds(s._end, s._start))
    keys = [b for b in by if b in PERIODS or b in dims]
    s = s.mutate(**{b: s[dims[b]] for b in by if b in dims})
    avail = (
        s.group_by(keys).aggregate(available_seconds=s._secs.sum())
        if keys
        else s.aggregate(available_seconds=s._secs.sum())
    )

    t = interactions.filter(interactions.answered_at.notnull())
    talk = seconds(t.ended_at, t.answered_at)
    handle = talk + t.wrapup_seconds.fill_null(0.0)
    if cfg.aht_hold == "added":
        handle = handle + t.hold_seconds.fill_null(0.0)
    local = to_local(t.answered_at, timezone)
    tkeys = group_keys(t, by, local, cfg, dims)
    t = t.mutate(_handle=handle, **tkeys)
    work = (
        t.group_by(list(tkeys)).aggregate(handling_seconds=t._handle.sum())
        if tkeys
        else t.aggregate(handling_seconds=t._handle.sum())
    )
    if keys:
        j = avail.join(work, keys, how="left")
        j = j.select(*keys, "available_seconds", "handling_seconds")
    else:
        j = avail.cross_join(work)
    j = j.mutate(handling_seconds=j.handling_seconds.fill_null(0.0))
    return j.mutate(occupancy=ratio(j.handling_seconds, j.available_seconds)).select(
        *keys, *OCCUPANCY_KPIS
    )


def _fmt_period(series: pd.Series, period: str) -> pd.Series:
    s = pd.to_datetime(series)
    if period == "interval":
        return s.dt.strftime("%Y-%m-%dT%H:%M")
    if period == "month":
        return s.dt.strftime("%Y-%m")
    return s.dt.strftime("%Y-%m-%d")


def tidy(df: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Sort by the groups, print periods as local ISO text, missing values as None."""
    df = df.copy()
    for b in by:
        if b in PERIODS and b in df.columns:
            df[b] = _fmt_period(df[b], b)
    if by:
        df = df.sort_values(list(by), kind="stable").reset_index(drop=True)
    for c in df.columns:
        if df[c].dtype.kind in "iu":
            df[c] = df[c].astype("int64")
        elif c in COUNTS and df[c].dtype.kind == "f":
            df[c] = df[c].astype("Int64")
    return df.astype(object).where(df.notna(), None)


def owned_queues(interactions: ir.Table, queue_teams: Mapping[str, Sequence[str]]) -> ir.Table:
    """Every contact once per team that owns its queue, with ``team_id`` = that team.

    ``queue_teams`` is the ownership table (queue → teams, ``ops/queues.yaml``); a queue no
    team owns drops out. The queue KPIs of these rows, grouped by team, are the values of
    the queues each team owns, abandoned contacts included.
    """
    teams: dict[str, list[str]] = {}
    for queue, owners in queue_teams.items():
        for team in owners:
            teams.setdefault(team, []).append(queue)
    parts = [
        interactions.filter(interactions.queue.isin(sorted(queues))).mutate(
            team_id=ibis.literal(team, type="string")
        )
        for team, queues in sorted(teams.items())
    ]
    if not parts:
        return interactions.filter(ibis.literal(False))
    out = parts[0]
    for part in parts[1:]:
        out = out.union(part, distinct=False)
    return out


def compute(
    sources: Sources,
    by: str | Sequence[str] | None,
    cfg: KpiConfig,
    timezone: str,
    *,
    as_of: Any = None,
    queue_teams: Mapping[str, Sequence[str]] | None = None,
) -> KpiResult:
    """Run the whole KPI suite per group on the engine of ``sources``; one row per group.

    Occupancy needs agent states and is defined only by period, team and agent; work-order
    KPIs need work orders and are not defined by channel.

    ``as_of`` (UTC naive) is the data's end: FCR windows that close after it are pending
    (default: the latest arrival), and open work orders are judged at it (default: the
    latest time in the data). A row is ``provisional`` while anything in it is pending.

    By team, the queue KPIs (:data:`QUEUE_KPIS`) are those of the queues each team owns
    (``queue_teams``: queue → teams, from ``ops/queues.yaml``), never of the team's
    answered contacts alone; without an ownership table, and by agent, they are absent.
    """
    groups = parse_by(by)
    notes: list[str] = []
    df = sources.interactions.pipe(contact_kpis, groups, cfg, timezone, as_of).to_pandas()
    if "team" in groups or "agent" in groups:
        for col in QUEUE_KPIS:
            df[col] = None
        if "agent" in groups:
            notes.append(
                "queue KPIs (offered, answered, abandonment, service level, ASA, complaint "
                "and timeliness rates) belong to queues and are not shown per agent"
            )
        elif not queue_teams:
            notes.append(
                "queue KPIs are not shown per team: no queue ownership (ops/queues.yaml teams)"
            )
        else:
            owned = owned_queues(sources.interactions, queue_teams)
            q = owned.pipe(contact_kpis, groups, cfg, timezone, as_of).to_pandas()
            keys = list(groups)
            # contacts no team handled (abandoned ones) reach their queues' owners instead
            agent_side = df.drop(columns=list(QUEUE_KPIS))
            agent_side = agent_side[agent_side["team"].notna()]
            df = agent_side.merge(q[[*keys, *QUEUE_KPIS]], on=keys, how="outer")
            df = df[[*keys, *CONTACT_KPIS]]
            pairs = "; ".join(
                f"{team} ← {', '.join(qs)}"
                for team, qs in sorted(teams_queues(queue_teams).items())
            )
            notes.append(
                "queue KPIs (offered, answered, abandonment, service level, ASA, complaint and "
                f"timeliness rates) per team are those of the queues it owns: {pairs}; the "
                "other KPIs are the team's agents' contacts"
            )
    if sources.agent_states is not None:
        if any(g in ("queue", "channel", "contact_type") for g in groups):
            notes.append("occupancy is defined by period, team and agent only; not shown")
        else:
            occ = occupancy(sources.interactions, sources.agent_states, groups, cfg, timezone)
            df = _merge(df, occ.to_pandas(), groups)
    if sources.work_orders is not None:
        if "channel" in groups:
            notes.append("work-order KPIs are not defined by channel; not shown")
        else:
            stamp = as_of if as_of is not None else latest(sources)
            wo = work_order_kpis(sources.work_orders, groups, cfg, timezone, stamp)
            df = _merge(df, wo.to_pandas(), groups)
    pending = df["fcr_pending"].fillna(0).astype("int64") > 0
    if "wo_pending" in df.columns:
        pending = pending | (df["wo_pending"].fillna(0).astype("int64") > 0)
    df["provisional"] = pending.astype(bool)
    defs = describe(cfg, timezone)
    defs.pop("workload")
    defs.pop("heatmap")
    if sources.agent_states is None or "occupancy" not in df.columns:
        defs.pop("occupancy")
    if sources.work_orders is None or "wo_timeliness_rate" not in df.columns:
        for k in ("wo_timeliness_rate", "reopen_rate", "callback_rate", "backlog"):
            defs.pop(k)
    else:
        defs.pop("backlog")
    return KpiResult(groups, tidy(df, groups), defs, timezone, tuple(notes))


def teams_queues(queue_teams: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The ownership table turned round: team → the queues it owns (sorted)."""
    out: dict[str, list[str]] = {}
    for queue, owners in queue_teams.items():
        for team in owners:
            out.setdefault(team, []).append(queue)
    return {t: sorted(qs) for t, qs in out.items()}


def _merge(left: pd.DataFrame, right: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    if not groups:
        return pd.concat([left.reset_index(drop=True), right.reset_index(drop=True)], axis=1)
    keys = list(groups)
    return left.merge(right, on=keys, how="outer")


def latest(sources: Sources) -> Any:
    """The latest time in the data (UTC naive): the default as-of time."""
    candidates = [sources.interactions.ended_at.max().to_pandas()]
    if sources.work_orders is not None:
        w = sources.work_orders
        candidates += [w.created_at.max().to_pandas(), w.closed_at.max().to_pandas()]
    stamps = [pd.Timestamp(c) for c in candidates if c is not None and not pd.isna(c)]
    return max(stamps).to_pydatetime() if stamps else pd.Timestamp.now("UTC").tz_localize(None)
