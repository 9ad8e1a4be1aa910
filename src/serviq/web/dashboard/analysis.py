"""Running the analyses behind the dashboard: the indicator system scored for every period,
for the whole centre and for each team, from the records in the database.

The web only gathers the data and stores the results; the definitions are the core's:

- KPIs of contacts (service level, ASA, AHT, abandonment, FCR, …) — :func:`serviq.ops.kpis.compute`;
- the indicator tree, normalisation to targets, roll-up, red/amber/green and change —
  :func:`serviq.indicators.scoring.score_system` on the bundled system
  (``data/indicators/bank_contact_centre.yaml``, overridable per centre);
- survey bindings (``survey_item`` / ``survey_scale``) aggregate the answers as the
  indicator system's :class:`~serviq.indicators.model.Binding` documents them:
  ``mean`` — mean over respondents of their mean over the items;
  ``top2box`` — share of answers in the top two points of the scale (for CSAT, the survey
  module's :func:`serviq.survey.indices.csat` with the centre's top-box cut-off);
  ``nps`` — % promoters − % detractors on −100…100, :func:`serviq.survey.indices.nps`
  with the centre's cut-offs (default 9–10 and 0–6, Reichheld 2003).

QA indicators (``qa_item``) read the month's scored reviews of :mod:`serviq.web.qa`
(:func:`serviq.web.qa.indicators.qa_item_values`). Manual indicators have no records in the
web yet; they, and QA indicators of a month without reviews, are reported as missing and the
scores of their parents are rescaled over the indicators that have data (coverage).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from serviq.web.dashboard.models import IndicatorResult, Interaction
from serviq.web.qa.indicators import binding_value, qa_item_values
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


def interaction_frame(rows: Iterable[Interaction]) -> pd.DataFrame:
    """Interactions in the canonical columns of ``serviq.ops`` (times as naive UTC)."""
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
    """The value of a survey binding over the responses in ``frame`` (see the module doc).

    ``scale_max`` gives the top point of each item's scale (for ``top2box``).
    """
    cols = [c for c in refs if c in frame.columns]
    if frame.empty or not cols:
        return None
    answers = frame[cols].apply(pd.to_numeric, errors="coerce")
    if aggregate == "mean":
        per_person = answers.mean(axis=1, skipna=True).dropna()
        return float(per_person.mean()) if len(per_person) else None
    flat = answers.stack().dropna()
    if flat.empty:
        return None
    if aggregate == "nps":
        from serviq.survey.indices import load_index_settings, nps

        return float(nps(flat.to_numpy(), load_index_settings()).value)
    if aggregate == "top2box" and cols == ["CSAT"]:
        from serviq.survey.indices import csat, load_index_settings

        return float(csat(flat.to_numpy(), load_index_settings()).value)
    if aggregate == "top2box":
        hits = total = 0
        for c in cols:
            col = answers[c].dropna()
            top = scale_max.get(c, float(col.max()) if len(col) else 0.0)
            hits += int((col >= top - 1).sum())
            total += len(col)
        return hits / total if total else None
    if aggregate in ("value", "rate", "share"):
        return float(flat.mean())
    return None


def published_scale_max() -> dict[str, float]:
    """The top point of every item's scale in the published questionnaires (latest wins)."""
    from serviq.web.surveys.models import PublishedQuestionnaire

    out: dict[str, float] = {}
    for q in PublishedQuestionnaire.objects.order_by("published_at"):
        for item in q.definition.get("items", []):
            if "max" in item:
                out[str(item["code"])] = float(item["max"])
    return out


def _kpi_table(interactions: pd.DataFrame, by: list[str], timezone: str) -> pd.DataFrame:
    from serviq.ops.definitions import load_kpi_config
    from serviq.ops.kpis import compute
    from serviq.ops.schemas import SCHEMAS
    from serviq.ops.workspace import sources_from_frames

    schema = SCHEMAS["interactions"]
    frame = interactions.copy()
    for col in schema.columns:
        if col.name not in frame.columns:
            frame[col.name] = col.default
    result = compute(sources_from_frames({"interactions": frame}), by, load_kpi_config(), timezone)
    return result.rows


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def indicator_values(
    system: Any,
    kpis: Mapping[str, Any],
    responses: pd.DataFrame,
    scale_max: Mapping[str, float] | None = None,
    qa: dict[str, float] | None = None,
) -> dict[str, float]:
    """The value of every indicator whose binding the web has records for (``qa``: the
    month's QA values, :func:`serviq.web.qa.indicators.qa_item_values`)."""
    values: dict[str, float] = {}
    for node in system.indicators():
        m = node.measurement
        if m is None:
            continue
        b = m.binding
        v: float | None = None
        if b.source == "ops_kpi":
            v = _clean(kpis.get(b.refs()[0]))
        elif b.source in ("survey_item", "survey_scale"):
            v = survey_value(responses, b.refs(), b.aggregate, scale_max or {})
        elif b.source == "qa_item" and qa:
            v = binding_value(qa, b.refs())
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
    m = node.measurement if node.is_indicator else None
    if m is not None and m.binding.source == "ops_kpi" and "complaint" in m.binding.refs()[0]:
        return {"contact_type": "complaint"}
    return {}


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


def run_analysis(system: Any = None, *, timezone: str | None = None) -> AnalysisSummary:
    """Score the indicator system for every period in the records, centre-wide and per team."""
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
    centre = _kpi_table(interactions, ["month"], timezone)
    by_team = _kpi_table(interactions, ["month", "team"], timezone)
    total = 0
    missing: set[str] = set()
    for scope in ["", *teams]:
        previous: dict[str, float] = {}
        for period in periods:
            table = centre if not scope else by_team[by_team["team"] == scope]
            row = table[table["month"].astype(str).str.startswith(period)]
            kpis = row.iloc[0].to_dict() if len(row) else {}
            resp = responses[responses["period"] == period] if len(responses) else responses
            if scope and len(resp):
                resp = resp[resp["team_id"] == scope]
            qa = qa_item_values(period, scope)
            values = indicator_values(system, kpis, resp, scale_max, qa)
            n, miss = _store(system, period, scope, values, previous)
            total += n
            missing.update(miss)
            previous = values
    return AnalysisSummary(tuple(periods), ("", *teams), total, tuple(sorted(missing)))
