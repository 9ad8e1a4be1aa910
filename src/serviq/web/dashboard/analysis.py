"""Running the analyses behind the dashboard: the indicator system scored for every period,
for the whole centre and for each team, from the records in the database.

The web only gathers the data and stores the results; the definitions are the core's:

- KPIs of contacts (service level, ASA, AHT, abandonment, FCR, …) — :func:`serviq.ops.kpis.compute`;
- the indicator tree, normalisation to targets, roll-up, red/amber/green and change —
  :func:`serviq.indicators.scoring.score_system` on the bundled system
  (``data/indicators/bank_contact_centre.yaml``, overridable per centre);
- an ``ops_kpi`` binding's ``filter`` (e.g. ``{channel: [phone]}``) selects the contacts its
  KPI is computed on: the KPIs are computed once per distinct filter, on the Ibis table
  filtered first (:func:`serviq.indicators.bindings.filter_interactions`);
- survey bindings (``mean``, ``top2box``, ``nps``) and QA bindings are valued by the core's
  rules, :mod:`serviq.indicators.bindings`.

QA reviews are not stored by the dashboard yet (the QA web app is its own branch):
:func:`indicator_values` takes the period's QA monthly summary (``qa_items``) and values the
QA indicators from it as soon as the analysis is given one; until then they are reported as
missing, like manual indicators, and the scores of their parents are rescaled over the
indicators that have data (coverage).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from serviq.indicators.bindings import FilterKey
from serviq.web.dashboard.models import IndicatorResult, Interaction
from serviq.web.surveys.models import SurveyResponse

LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
SOURCE_OF_BINDING = {
    "survey_item": "responses",
    "survey_scale": "responses",
    "ops_kpi": "interactions",
    "qa_item": "reviews",
}


@dataclass(frozen=True)
class AnalysisSummary:
    periods: tuple[str, ...]
    scopes: tuple[str, ...]
    results: int
    missing: tuple[str, ...]


# the frame's columns and the fields they are read from (one tuple per row from a queryset)
FRAME_FIELDS = {
    "interaction_id": "interaction_id", "channel": "channel", "queue": "queue",
    "contact_type": "contact_type", "agent_id": "agent__code", "team_id": "team__code",
    "customer_key": "customer_key", "issue_key": "issue_key", "arrived_at": "arrived_at",
    "answered_at": "answered_at", "ended_at": "ended_at", "hold_seconds": "hold_seconds",
    "wrapup_seconds": "wrapup_seconds", "abandoned": "abandoned", "transferred": "transferred",
    "resolved": "resolved", "csat": "csat", "period": "period",
}  # fmt: skip


def interaction_frame(rows: Iterable[Interaction]) -> pd.DataFrame:
    """Interactions in the canonical columns of ``serviq.ops`` (times as naive UTC).

    A queryset is read as tuples, not model objects (a year of the demo's contacts is some
    400,000 rows, which as objects would take most of a minute)."""
    if isinstance(rows, QuerySet):
        df = pd.DataFrame(
            list(rows.values_list(*FRAME_FIELDS.values())), columns=list(FRAME_FIELDS)
        )
        for col in ("customer_key", "issue_key"):
            df[col] = df[col].where(df[col].astype(bool), None)
        for col in ("hold_seconds", "wrapup_seconds"):
            df[col] = df[col].astype(float)
        for col in ("arrived_at", "answered_at", "ended_at"):
            df[col] = pd.to_datetime(df[col], utc=True).dt.tz_localize(None)
        df["csat"] = df["csat"].astype("Int64")
        return df
    data = [
        {
            "interaction_id": r.interaction_id,
            "channel": r.channel,
            "queue": r.queue,
            "contact_type": r.contact_type,
            "agent_id": r.agent.code if r.agent_id else None,
            "team_id": r.team.code if r.team_id else None,
            "customer_key": r.customer_key or None,
            "issue_key": r.issue_key or None,
            "arrived_at": r.arrived_at,
            "answered_at": r.answered_at,
            "ended_at": r.ended_at,
            "hold_seconds": float(r.hold_seconds),
            "wrapup_seconds": float(r.wrapup_seconds),
            "abandoned": r.abandoned,
            "transferred": r.transferred,
            "resolved": r.resolved,
            "csat": r.csat,
            "period": r.period,
        }
        for r in rows
    ]
    df = pd.DataFrame(data)
    for col in ("arrived_at", "answered_at", "ended_at"):
        df[col] = pd.to_datetime(df[col], utc=True).dt.tz_localize(None)
    df["csat"] = df["csat"].astype("Int64")
    return df


def response_frame(rows: Iterable[SurveyResponse]) -> pd.DataFrame:
    """One row per response: period, team and one column per item code."""
    data = [
        {"period": r.period, "team_id": r.team.code if r.team_id else None, **(r.answers or {})}
        for r in rows
    ]
    return pd.DataFrame(data)


def survey_value(
    frame: pd.DataFrame, refs: list[str], aggregate: str, scale_max: Mapping[str, float]
) -> float | None:
    """The value of a survey binding over the responses in ``frame``: the core's rule,
    :func:`serviq.indicators.bindings.survey_value`."""
    from serviq.indicators.bindings import survey_value as core_survey_value
    from serviq.indicators.model import Binding

    binding = Binding.model_validate(
        {"source": "survey_scale", "ref": list(refs), "aggregate": aggregate}
    )
    return core_survey_value(binding, frame, scale_max)


def published_scale_max() -> dict[str, float]:
    """The top point of every item's scale in the published questionnaires (latest wins)."""
    from serviq.web.surveys.models import PublishedQuestionnaire

    out: dict[str, float] = {}
    for q in PublishedQuestionnaire.objects.order_by("published_at"):
        for item in q.definition.get("items", []):
            if "max" in item:
                out[str(item["code"])] = float(item["max"])
    return out


def _kpi_table(
    interactions: pd.DataFrame, by: list[str], timezone: str, key: FilterKey = ()
) -> pd.DataFrame:
    """The ops KPIs per ``by`` on the contacts that the binding filter ``key`` selects
    (the Ibis table is filtered before the KPIs, so e.g. ASA is over phone contacts only)."""
    from dataclasses import replace

    from serviq.indicators.bindings import filter_interactions
    from serviq.ops.definitions import load_kpi_config
    from serviq.ops.kpis import compute
    from serviq.ops.schemas import SCHEMAS
    from serviq.ops.workspace import sources_from_frames

    schema = SCHEMAS["interactions"]
    frame = interactions.copy()
    for col in schema.columns:
        if col.name not in frame.columns:
            frame[col.name] = col.default
    sources = sources_from_frames({"interactions": frame})
    if key:
        sources = replace(sources, interactions=filter_interactions(sources.interactions, key))
    result = compute(sources, by, load_kpi_config(), timezone)
    return result.rows


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def ops_filters(system: Any) -> list[FilterKey]:
    """Every distinct filter the system's ``ops_kpi`` bindings compute KPIs on (``()`` first)."""
    from serviq.indicators.bindings import filter_key

    keys: dict[FilterKey, None] = {(): None}
    for node in system.indicators():
        m = node.measurement
        if m is not None and m.binding.source == "ops_kpi":
            keys[filter_key(m.binding)] = None
    return list(keys)


def indicator_values(
    system: Any,
    kpis: Mapping[FilterKey, Mapping[str, Any]],
    responses: pd.DataFrame,
    scale_max: Mapping[str, float] | None = None,
    qa_items: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The value of every indicator whose binding the web has records for.

    ``kpis`` maps each binding filter (:func:`ops_filters`) to the KPI row computed on it;
    ``qa_items`` is the period's QA monthly summary
    (:meth:`serviq.qa.training.MonthlySummary.qa_item_values`) when the web has reviews.
    The rules are the core's (:mod:`serviq.indicators.bindings`).
    """
    from serviq.indicators.bindings import filter_key, ops_value, qa_value
    from serviq.indicators.bindings import survey_value as core_survey_value

    values: dict[str, float] = {}
    for node in system.indicators():
        m = node.measurement
        if m is None:
            continue
        b = m.binding
        v: float | None = None
        if b.source == "ops_kpi":
            v = ops_value(b, kpis.get(filter_key(b), {}))
        elif b.source in ("survey_item", "survey_scale"):
            v = core_survey_value(b, responses, scale_max or {})
        elif b.source == "qa_item" and qa_items:
            v = qa_value(b, qa_items)
        if v is not None:
            values[node.code] = v
    return values


def _source_of(node: Any) -> str:
    if node.is_indicator:
        m = node.measurement
        return SOURCE_OF_BINDING.get(m.binding.source, "") if m else ""
    kinds = {_source_of(c) for c in node.children}
    return kinds.pop() if len(kinds) == 1 else ""


def _filters_of(node: Any) -> dict[str, str]:
    """The records behind an ops indicator: its binding's filter (values comma-joined),
    and complaints for the complaint rate."""
    m = node.measurement if node.is_indicator else None
    if m is None or m.binding.source != "ops_kpi":
        return {}
    out = {k: ",".join(v) for k, v in (m.binding.filter or {}).items()}
    if "complaint" in m.binding.refs()[0]:
        out.setdefault("contact_type", "complaint")
    return out


def _store(
    system: Any, period: str, scope: str, values: dict[str, float], previous: dict[str, float]
) -> tuple[int, tuple[str, ...]]:
    from serviq.indicators.scoring import score_system

    cards = {
        ours: score_system(system, values, previous or None, lang=theirs)
        for ours, theirs in LANGS.items()
    }
    nodes = {p.node.code: p.node for p in system.walk()}
    green = system.index_thresholds.green
    rows = []
    for order, ns in enumerate(cards["en"].nodes):
        node = nodes[ns.code]
        names = {
            lang: next(n.name for n in cards[lang].nodes if n.code == ns.code) for lang in LANGS
        }
        definition = (
            {ours: node.definition.get(theirs) for ours, theirs in LANGS.items()}
            if node.definition
            else {}
        )
        rows.append(
            IndicatorResult(
                period=period,
                team_code=scope,
                code=ns.code,
                parent_code=ns.parent or "",
                level=ns.depth,
                order=order,
                names=names,
                definition=definition,
                unit=ns.unit or "",
                weight=ns.global_weight,
                value=_clean(ns.value),
                score=_clean(ns.score),
                target=_clean(ns.target) if ns.is_indicator else float(green),
                status=ns.status or "",
                change=_clean(ns.change),
                source=_source_of(node),
                filters=_filters_of(node),
            )
        )
    with transaction.atomic():
        IndicatorResult.objects.filter(period=period, team_code=scope).delete()
        IndicatorResult.objects.bulk_create(rows)
    return len(rows), cards["en"].missing


def _kpi_row(table: pd.DataFrame, period: str, scope: str) -> dict[str, Any]:
    if scope:
        table = table[table["team"] == scope]
    row = table[table["month"].astype(str).str.startswith(period)]
    return row.iloc[0].to_dict() if len(row) else {}


def run_analysis(
    system: Any = None,
    *,
    timezone: str | None = None,
    qa: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
) -> AnalysisSummary:
    """Score the indicator system for every period in the records, centre-wide and per team.

    ``qa`` maps ``(period, scope)`` (scope ``""`` = the centre, else a team code) to that
    month's QA summary values (:meth:`serviq.qa.training.MonthlySummary.qa_item_values`);
    the dashboard stores no QA reviews yet, so the caller that has them (the QA web app)
    passes them here and the QA indicators get values instead of being missing.
    """
    from django.conf import settings

    from serviq.indicators import bundled_system

    system = system if system is not None else bundled_system("bank_contact_centre")
    timezone = timezone or settings.TIME_ZONE
    interactions = interaction_frame(Interaction.objects.select_related("team", "agent"))
    responses = response_frame(SurveyResponse.objects.select_related("team"))
    if interactions.empty:
        return AnalysisSummary((), (), 0, ())
    scale_max = published_scale_max()
    periods = sorted(interactions["period"].unique())
    teams = sorted(interactions["team_id"].dropna().unique())
    keys = ops_filters(system)
    centre = {k: _kpi_table(interactions, ["month"], timezone, k) for k in keys}
    by_team = {k: _kpi_table(interactions, ["month", "team"], timezone, k) for k in keys}
    total = 0
    missing: set[str] = set()
    for scope in ["", *teams]:
        previous: dict[str, float] = {}
        for period in periods:
            kpis = {k: _kpi_row(centre[k] if not scope else by_team[k], period, scope) for k in keys}  # fmt: skip
            resp = responses[responses["period"] == period] if len(responses) else responses
            if scope and len(resp):
                resp = resp[resp["team_id"] == scope]
            qa_items = (qa or {}).get((period, scope))
            values = indicator_values(system, kpis, resp, scale_max, qa_items)
            n, miss = _store(system, period, scope, values, previous)
            total += n
            missing.update(miss)
            previous = values
    return AnalysisSummary(tuple(periods), ("", *teams), total, tuple(sorted(missing)))
