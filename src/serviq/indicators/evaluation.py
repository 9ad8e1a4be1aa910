"""The indicator system valued and scored from data: the one binding dispatch every shell calls.

Public entry point (name and signature stable; the web dashboard, ``serviq indicators
score``, the reports and the improvement actions call it)::

    evaluate(system, *, interactions=None, responses=None, qa=None, manual=None,
             checklists=None, equipment=None, systems=None, work_orders=None, feedback=None, training=None, periods=None, scopes=None, timezone="Asia/Shanghai", kpi_config=None,
             queue_teams=None, scale_max=None, as_of=None, method="target",
             lang="en") -> Evaluation

Inputs are plain data:

- ``interactions`` — contacts in the canonical columns of :mod:`serviq.ops.schemas` (a
  DataFrame with UTC-naive or aware times, an Ibis table, or :class:`serviq.ops.kpis.Sources`);
  ``team_id`` names the team of the agent who handled the contact;
- ``responses`` — one row per survey response: ``period`` (``YYYY-MM``; derived from
  ``submitted_at`` in ``timezone`` when missing), ``team_id`` and one column per item code;
- ``qa`` — ``(period, scope) → {reference: value}``, the QA monthly summary
  (:meth:`serviq.qa.training.MonthlySummary.qa_item_values`);
- ``manual`` — ``(period, scope) → {indicator code or binding reference: value}``: values
  entered by hand (``manual`` bindings, and ``text_theme`` shares from the final coding);
  a value given here for an indicator whose binding has no data fills it;
- ``checklists`` — ``(period, scope) → {template: share of items passed}``, the
  operations-room checklists (:func:`serviq.ops.checklists.shares`);
- ``equipment`` — ``(period, scope) → {equipment_ok, time_to_fix_hours, …}``, the
  handover log's equipment checks (:func:`serviq.ops.equipment.equipment_values`);
- ``systems`` — ``period → {scheduled_minutes, unavailable_minutes, problem_contacts}``,
  the imported system months summed over the services
  (:func:`serviq.ops.systems.system_values`), centre-wide;
- ``work_orders`` — work orders in the canonical columns of :mod:`serviq.ops.schemas` (a
  DataFrame), with a DataFrame of ``interactions``: they give the work-order KPIs of
  :func:`serviq.ops.kpis.compute` (``callback_rate``, …) and the month-end backlog
  (:func:`serviq.ops.supervision.backlog_values`);
- ``feedback`` — ``(period, scope) → {reference: value}``, the product feedback of the month
  (:func:`serviq.text.feedback.feedback_values`: ``product`` complaint share and
  ``product_request_register`` needs met);
- ``training`` — ``(period, scope) → {figure: value}``, the training figures
  (:func:`serviq.training.figures.figures`).

Periods are calendar months (``YYYY-MM``) in ``timezone``; a scope is ``""`` (the whole
centre) or a team code. Defaults: every month and every team in the data.

The dispatch, per binding (``serviq.indicators.bindings`` holds each rule):

- ``ops_kpi`` — :func:`serviq.ops.kpis.compute` by month (centre) and by month × team, once
  per distinct binding ``filter``, the filter applied to the Ibis table first. At team scope
  the queue KPIs (service level, ASA, abandonment, …) are those of the queues the team owns
  (``queue_teams``, from ``ops/queues.yaml``) — never of the team's answered contacts alone;
  without an owner table they are absent at team scope. FCR windows that have not closed by
  ``as_of`` (default: the latest arrival in the data) are *pending*: left out of the rate
  and counted in :attr:`ScopeResult.pending`, the value marked provisional;
- ``survey_item`` / ``survey_scale`` — :func:`~serviq.indicators.bindings.survey_value` on
  the period's (and team's) responses;
- ``qa_item`` — :func:`~serviq.indicators.bindings.qa_value` on ``qa[(period, scope)]``;
- ``checklist`` — ``checklists[(period, scope)][ref]``;
- ``equipment`` — a value entered by hand for the month (``manual[(period, scope)]`` by
  indicator code: the owner's correction, with its evidence and audit row) wins; else
  ``equipment[(period, scope)][ref]`` (``equipment_ok`` = checks in order ÷ checks);
- ``training`` — ``training[(period, scope)][ref]``;
- ``ops_kpi`` ``system_availability`` / ``system_issue_rate`` (no contact data gives them) —
  at the centre scope from ``systems[period]``: 1 − unavailable ÷ scheduled minutes, and
  problem contacts ÷ the month's contacts answered (:mod:`serviq.ops.systems`);
- ``ops_kpi`` ``backlog_open`` / ``backlog_overdue_rate`` — the month-end backlog of
  ``work_orders`` (:func:`serviq.ops.supervision.backlog_values`);
- ``text_theme`` / ``manual`` — ``feedback[(period, scope)]`` by reference, else
  ``manual[(period, scope)]`` by indicator code or reference.

Each period and scope is then scored with :func:`serviq.indicators.scoring.score_system`
against the previous period's values of the same scope (for ``change``).

>>> import pandas as pd
>>> from serviq.indicators import bundled_system
>>> ev = evaluate(bundled_system("bank_contact_centre"),
...               responses=pd.DataFrame({"period": ["2026-10"] * 2, "team_id": ["T1", "T2"],
...                                       "REL1": [5, 3], "REL2": [4, 4]}))
>>> ev.periods, ev.scopes
(('2026-10',), ('', 'T1', 'T2'))
>>> ev.get("2026-10", "").values["REL"], ev.get("2026-10", "T2").values["REL"]
(4.0, 3.5)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from serviq.indicators.bindings import (
    FilterKey,
    filter_interactions,
    filter_key,
    ops_value,
    qa_value,
    survey_counted,
    survey_value,
)
from serviq.indicators.model import IndicatorSystem
from serviq.indicators.scoring import Method, Scorecard, score_system

if TYPE_CHECKING:
    from serviq.ops.definitions import KpiConfig

#: For a KPI with a look-ahead window, the KPI row's column that counts what is not yet
#: judgeable (left out of the rate until its window closes).
PENDING_OF: dict[str, str] = {"fcr_rate": "fcr_pending", "wo_timeliness_rate": "wo_pending"}


@dataclass(frozen=True)
class ScopeResult:
    """The system valued and scored for one period and scope."""

    period: str
    scope: str  # "" = the whole centre, else a team code
    values: dict[str, float]
    card: Scorecard
    pending: dict[str, int] = field(default_factory=dict)  # indicator → not yet judgeable
    # queue KPIs at team scope: indicator → the queues the team owns (empty: none, no value)
    attribution: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a rate's numerator and denominator: indicator → (numerator, denominator)
    fractions: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    @property
    def provisional(self) -> tuple[str, ...]:
        """The indicators whose value will still change: some contacts are pending."""
        return tuple(code for code, n in self.pending.items() if n > 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "scope": self.scope,
            "values": dict(self.values),
            "pending": dict(self.pending),
            "provisional": list(self.provisional),
            "attribution": {k: list(v) for k, v in self.attribution.items()},
            "fractions": {k: list(v) for k, v in self.fractions.items()},
            **self.card.as_dict(),
        }


@dataclass(frozen=True)
class Evaluation:
    """Every period × scope, in order (scope ``""`` first, periods ascending)."""

    periods: tuple[str, ...]
    scopes: tuple[str, ...]
    results: tuple[ScopeResult, ...]
    as_of: Any = None  # the data's end: FCR windows closing later are pending
    missing: tuple[str, ...] = ()

    def get(self, period: str, scope: str = "") -> ScopeResult:
        for r in self.results:
            if r.period == period and r.scope == scope:
                return r
        raise KeyError((period, scope))


def _finite(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def ops_filters(system: IndicatorSystem) -> list[FilterKey]:
    """Every distinct filter the system's ``ops_kpi`` bindings compute KPIs on (``()`` first)."""
    keys: dict[FilterKey, None] = {(): None}
    for node in system.indicators():
        m = node.measurement
        if m is not None and m.binding.source == "ops_kpi":
            keys[filter_key(m.binding)] = None
    return list(keys)


def _sources(interactions: Any, work_orders: pd.DataFrame | None = None) -> tuple[Any, bool]:
    """KPI sources over ``interactions`` (and ``work_orders`` with a DataFrame of them), and
    whether this function owns (and closes) them."""
    from serviq.ops.kpis import Sources

    if isinstance(interactions, Sources):
        return interactions, False
    if isinstance(interactions, pd.DataFrame):
        from serviq.ops.schemas import SCHEMAS
        from serviq.ops.workspace import sources_from_frames

        frame = interactions.copy()
        for column in SCHEMAS["interactions"].columns:
            if column.name not in frame.columns:
                frame[column.name] = column.default
        for name in ("arrived_at", "answered_at", "ended_at"):
            frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_localize(None)
        frames = {"interactions": frame}
        if work_orders is not None and not work_orders.empty:
            frames["work_orders"] = _work_order_frame(work_orders)
        return sources_from_frames(frames), True
    return Sources(interactions=interactions), False


def _work_order_frame(work_orders: pd.DataFrame) -> pd.DataFrame:
    """Work orders in every canonical column (defaults filled, times UTC naive)."""
    from serviq.ops.schemas import SCHEMAS

    frame = work_orders.copy()
    for column in SCHEMAS["work_orders"].columns:
        if column.name not in frame.columns:
            frame[column.name] = column.default
        if column.kind == "timestamp":
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True).dt.tz_localize(None)
    return frame


def data_end(sources: Any) -> Any:
    """The data's end: the latest arrival (UTC naive) — FCR windows closing later are pending."""
    value = sources.interactions.arrived_at.max().to_pandas()
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def _kpi_tables(
    sources: Any,
    keys: Sequence[FilterKey],
    cfg: KpiConfig,
    timezone: str,
    queue_teams: Mapping[str, Sequence[str]] | None,
    as_of: Any,
) -> dict[tuple[FilterKey, bool], pd.DataFrame]:
    from serviq.ops.kpis import compute

    out: dict[tuple[FilterKey, bool], pd.DataFrame] = {}
    for key in keys:
        src = sources
        if key:
            src = replace(sources, interactions=filter_interactions(sources.interactions, key))
        src = replace(src, backend=None)  # closing stays with the owner
        for by_team in (False, True):
            by = ["month", "team"] if by_team else ["month"]
            result = compute(src, by, cfg, timezone, as_of=as_of, queue_teams=queue_teams)
            out[(key, by_team)] = result.rows
    return out


def _kpi_row(table: pd.DataFrame, period: str, scope: str) -> dict[str, Any]:
    if table.empty:
        return {}
    if scope:
        table = table[table["team"] == scope]
    row = table[table["month"].astype(str) == period]
    return row.iloc[0].to_dict() if len(row) else {}


def _responses(responses: pd.DataFrame | None, timezone: str) -> pd.DataFrame:
    if responses is None:
        return pd.DataFrame()
    frame = responses
    if "period" not in frame.columns and "submitted_at" in frame.columns:
        frame = frame.copy()
        local = pd.to_datetime(frame["submitted_at"], utc=True).dt.tz_convert(timezone)
        frame["period"] = local.dt.strftime("%Y-%m")
    return frame


#: The ops KPIs that come from the imported system months, not from contacts.
SYSTEM_KPIS = ("system_availability", "system_issue_rate")


def _system_value(ref: str, sums: Mapping[str, float], row: Mapping[str, Any]) -> float | None:
    from serviq.ops.systems import availability, issue_rate

    if ref == "system_availability":
        return availability(sums)
    return issue_rate(sums, _finite(row.get("answered")))


def _owned(scope: str, queue_teams: Mapping[str, Sequence[str]] | None) -> tuple[str, ...]:
    return tuple(sorted(q for q, teams in (queue_teams or {}).items() if scope in teams))


def evaluate(
    system: IndicatorSystem,
    *,
    interactions: Any = None,
    responses: pd.DataFrame | None = None,
    qa: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    manual: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    checklists: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    equipment: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    systems: Mapping[str, Mapping[str, float]] | None = None,
    work_orders: pd.DataFrame | None = None,
    feedback: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    training: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
    periods: Sequence[str] | None = None,
    scopes: Sequence[str] | None = None,
    timezone: str = "Asia/Shanghai",
    kpi_config: KpiConfig | None = None,
    queue_teams: Mapping[str, Sequence[str]] | None = None,
    scale_max: Mapping[str, float] | None = None,
    as_of: Any = None,
    method: Method = "target",
    lang: str = "en",
) -> Evaluation:
    """Value and score ``system`` for every period and scope from the data (module doc)."""
    from serviq.ops.kpis import FRACTIONS, QUEUE_KPIS

    resp = _responses(responses, timezone)
    keys = ops_filters(system)
    tables: dict[tuple[FilterKey, bool], pd.DataFrame] = {}
    if interactions is not None:
        from serviq.ops.definitions import load_kpi_config

        cfg = kpi_config if kpi_config is not None else load_kpi_config()
        sources, owned = _sources(interactions, work_orders)
        try:
            as_of = as_of if as_of is not None else data_end(sources)
            tables = _kpi_tables(sources, keys, cfg, timezone, queue_teams, as_of)
        finally:
            if owned:
                sources.close()
    backlog: dict[tuple[str, str], dict[str, float]] = {}
    found_periods: set[str] = set()
    found_teams: set[str] = set()
    for (_, by_team), table in tables.items():
        if not table.empty:
            found_periods.update(str(p) for p in table["month"].dropna())
            if by_team:
                found_teams.update(str(t) for t in table["team"].dropna())
    if not resp.empty:
        found_periods.update(str(p) for p in resp["period"].dropna())
        if "team_id" in resp.columns:
            found_teams.update(str(t) for t in resp["team_id"].dropna())
    for period, scope in [*(qa or {}), *(manual or {}), *(checklists or {}), *(equipment or {}), *(feedback or {}), *(training or {}), *((p, "") for p in systems or {})]:  # fmt: skip
        found_periods.add(period)
        if scope:
            found_teams.add(scope)
    the_periods = tuple(sorted(periods if periods is not None else found_periods))
    if work_orders is not None and not work_orders.empty:
        from serviq.ops.supervision import backlog_values

        backlog = backlog_values(work_orders, the_periods, timezone, as_of=as_of)
    the_scopes = tuple(scopes) if scopes is not None else ("", *sorted(found_teams))

    results: list[ScopeResult] = []
    missing: set[str] = set()
    for scope in the_scopes:
        previous: dict[str, float] = {}
        for period in the_periods:
            kpis = {k: _kpi_row(tables.get((k, bool(scope)), pd.DataFrame()), period, scope) for k in keys}  # fmt: skip
            rs = resp
            if not rs.empty:
                rs = rs[rs["period"] == period]
                if scope:
                    rs = rs[rs["team_id"] == scope] if "team_id" in rs.columns else rs.iloc[0:0]
            qa_items = (qa or {}).get((period, scope))
            given = (manual or {}).get((period, scope)) or {}
            checked = (checklists or {}).get((period, scope)) or {}
            rooms = (equipment or {}).get((period, scope)) or {}
            products = (feedback or {}).get((period, scope)) or {}
            trained = (training or {}).get((period, scope)) or {}
            snapshot = backlog.get((period, scope)) or {}
            values: dict[str, float] = {}
            pending: dict[str, int] = {}
            attribution: dict[str, tuple[str, ...]] = {}
            fractions: dict[str, tuple[float | None, float | None]] = {}
            for node in system.indicators():
                m = node.measurement
                if m is None:
                    continue
                b = m.binding
                v: float | None = None
                if b.source == "ops_kpi":
                    ref = b.refs()[0]
                    row = kpis.get(filter_key(b), {})
                    v = ops_value(b, row)
                    if v is None and ref in snapshot:
                        v = _finite(snapshot[ref])
                    if not scope and ref in SYSTEM_KPIS and v is None:
                        sums = (systems or {}).get(period)
                        if sums is not None:
                            v = _system_value(ref, sums, kpis.get((), {}))
                        if ref == "system_issue_rate":  # the denominator, for a later import
                            problems = sums.get("problem_contacts") if sums else None
                            answered = _finite(kpis.get((), {}).get("answered"))
                            fractions[node.code] = (problems, answered)
                    if ref in PENDING_OF and row.get(PENDING_OF[ref]) is not None:
                        pending[node.code] = int(row[PENDING_OF[ref]])
                    if ref in FRACTIONS and row:
                        num, den = FRACTIONS[ref]
                        fractions[node.code] = (_finite(row.get(num)), _finite(row.get(den)))
                    if scope and ref in QUEUE_KPIS:
                        attribution[node.code] = _owned(scope, queue_teams)
                elif b.source in ("survey_item", "survey_scale"):
                    v = survey_value(b, rs, scale_max or {})
                    if v is not None:  # the responses counted, for the drill-down
                        fractions[node.code] = (None, float(survey_counted(b, rs).sum()))
                elif b.source == "qa_item" and qa_items:
                    v = qa_value(b, qa_items)
                elif b.source == "checklist":
                    v = _finite(checked.get(b.refs()[0]))
                elif b.source == "equipment":
                    v = _finite(given.get(node.code))
                    if v is None:
                        v = _finite(rooms.get(b.refs()[0]))
                elif b.source == "training":
                    v = _finite(trained.get(b.refs()[0]))
                elif b.source in ("text_theme", "manual"):
                    v = _finite(products.get(b.refs()[0]))
                if v is None:
                    for name in (node.code, *b.refs()):
                        if name in given and _finite(given[name]) is not None:
                            v = _finite(given[name])
                            break
                if v is not None:
                    values[node.code] = v
            card = score_system(system, values, previous or None, method=method, lang=lang)
            missing.update(card.missing)
            results.append(
                ScopeResult(period, scope, values, card, pending, attribution, fractions)
            )
            previous = values
    return Evaluation(the_periods, the_scopes, tuple(results), as_of, tuple(sorted(missing)))
