"""Running the analyses behind the dashboard: the web gathers the records from the database
and stores the results; the values and scores are the core's.

:func:`serviq.indicators.evaluation.evaluate` turns the indicator system's bindings into
values from plain data — contacts (ops KPIs, :func:`serviq.ops.kpis.compute`, one binding
``filter`` at a time), survey responses, the QA monthly summary, manual values — and scores
every period for the whole centre and each team (:func:`serviq.indicators.scoring.score_system`
on the bundled system ``data/indicators/bank_contact_centre.yaml``, overridable per
centre). ``serviq indicators score`` and the reports call the same function, so a number
on the dashboard is the number they print.

QA reviews are not stored by the dashboard: :func:`run_analysis` takes the QA monthly
summaries (``qa``) from the caller that has them (the QA web app); without them the QA
indicators are reported as missing, like manual indicators, and the scores of their parents
are rescaled over the indicators that have data (coverage).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from serviq.web.dashboard.models import IndicatorResult, Interaction
from serviq.web.surveys.models import SurveyResponse

if TYPE_CHECKING:
    from serviq.indicators.evaluation import ScopeResult

LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
LOOKAHEAD_KPIS = {"fcr_rate": "fcr"}  # KPI → the records' look-ahead (records.LOOKAHEADS)
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


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _source_of(node: Any) -> str:
    if node.is_indicator:
        m = node.measurement
        return SOURCE_OF_BINDING.get(m.binding.source, "") if m else ""
    kinds = {_source_of(c) for c in node.children}
    return kinds.pop() if len(kinds) == 1 else ""


def _filters_of(node: Any) -> dict[str, str]:
    """The records behind an ops indicator: its binding's filter (values comma-joined); FCR
    adds the contacts of the window after the period (``lookahead``), whose repeats decide
    the period's contacts. A rate's drill-down lists its denominator (all offered contacts
    for the complaint rate, not complaints alone)."""
    m = node.measurement if node.is_indicator else None
    if m is None or m.binding.source != "ops_kpi":
        return {}
    out = {k: ",".join(v) for k, v in (m.binding.filter or {}).items()}
    if m.binding.refs()[0] in LOOKAHEAD_KPIS:
        out["lookahead"] = LOOKAHEAD_KPIS[m.binding.refs()[0]]
    return out


def _provisional_nodes(system: Any, codes: Iterable[str]) -> set[str]:
    """The provisional indicators and every node above them."""
    parents = {p.node.code: (p.parent.code if p.parent else None) for p in system.walk()}
    out: set[str] = set()
    for code in codes:
        at: str | None = code
        while at is not None and at not in out:
            out.add(at)
            at = parents.get(at)
    return out


def _aware(value: Any) -> Any:
    """A UTC-naive time from the core as an aware UTC datetime for the database."""
    import datetime as dt

    if value is None:
        return None
    stamp = pd.Timestamp(value)
    return (stamp if stamp.tzinfo else stamp.tz_localize("UTC")).to_pydatetime().astimezone(dt.UTC)


def _attribution(queues: tuple[str, ...] | None) -> str:
    """How a queue KPI is scoped at team level: the owned queues, "-" for none, "" n/a."""
    if queues is None:
        return ""
    return ",".join(queues) or "-"


def _store(system: Any, result: ScopeResult, as_of: Any) -> tuple[int, tuple[str, ...]]:
    """Store one period × scope of the core's evaluation (names in the three languages).

    A node is provisional when any indicator under it is: its score will still change."""
    period, scope = result.period, result.scope
    provisional = _provisional_nodes(system, result.provisional)
    nodes = {p.node.code: p.node for p in system.walk()}
    green = system.index_thresholds.green
    rows = []
    for order, ns in enumerate(result.card.nodes):
        node = nodes[ns.code]
        names = {ours: node.name.get(theirs) for ours, theirs in LANGS.items()}
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
                pending=result.pending.get(ns.code),
                provisional=ns.code in provisional,
                as_of=as_of,
                attribution=_attribution(result.attribution.get(ns.code)),
                numerator=result.fractions.get(ns.code, (None, None))[0],
                denominator=result.fractions.get(ns.code, (None, None))[1],
            )
        )
    with transaction.atomic():
        IndicatorResult.objects.filter(period=period, team_code=scope).delete()
        IndicatorResult.objects.bulk_create(rows)
    return len(rows), result.card.missing


def stored_manual_values() -> dict[tuple[str, str], dict[str, float]]:
    """The values entered by hand (the indicator-data form) as the core's ``manual``."""
    from serviq.indicators.entries import ManualEntry, manual_values
    from serviq.web.indicatordata.models import ManualValue

    rows = ManualValue.objects.values_list("period", "team__code", "code", "value")
    return manual_values(ManualEntry(p, t or "", c, v) for p, t, c, v in rows)


def stored_checklist_shares() -> dict[tuple[str, str], dict[str, float]]:
    """The operations-room checklists ticked as the core's ``checklists``: the share of
    items passed per template, team and month (the centre pooled)."""
    from serviq.ops.checklists import Tick, shares
    from serviq.web.indicatordata.models import ChecklistTick

    rows = ChecklistTick.objects.values_list(
        "round__period", "round__team__code", "round__template", "passed"
    )
    return shares(Tick(p, t, tpl, passed) for p, t, tpl, passed in rows)


def stored_equipment_values(
    as_of: Any = None, team: str | None = None
) -> dict[tuple[str, str], dict[str, float]]:
    """The handover logs' equipment checks as the core's ``equipment``: the share in order
    and the median time to fix per team and month (the month of the log in the centre's
    zone; open faults counted up to ``as_of``, default now) — :mod:`serviq.ops.equipment`."""
    import zoneinfo

    from django.conf import settings
    from django.utils import timezone as dj_timezone

    from serviq.ops.equipment import EquipmentCheck, equipment_values
    from serviq.web.workforce.models import EquipmentCheck as Stored

    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stored = (
        Stored.objects.filter(entry__team__code=team) if team is not None else Stored.objects.all()
    )
    rows = stored.values_list(
        "entry__recorded_at", "entry__team__code", "entry_id", "equipment", "state",
        "reported_at", "fixed_at",
    )  # fmt: skip
    checks = [
        EquipmentCheck(
            at.astimezone(zone).strftime("%Y-%m"), team, str(entry), code, state, reported, fixed
        )
        for at, team, entry, code, state, reported, fixed in rows
    ]
    return equipment_values(checks, as_of if as_of is not None else dj_timezone.now())


def stored_system_values() -> dict[str, dict[str, float]]:
    """The imported system months (availability, problem contacts) as the core's ``systems``."""
    from serviq.ops.systems import SystemMonth, system_values
    from serviq.web.indicatordata.models import SystemMonthRecord

    fields = ("period", "service", "scheduled_minutes", "unavailable_minutes", "problem_contacts")
    return system_values(SystemMonth(*r) for r in SystemMonthRecord.objects.values_list(*fields))


#: The work orders' stored fields in the canonical columns of ``serviq.ops`` (times UTC).
WORK_ORDER_FIELDS = {
    "work_order_id": "work_order_id", "team_id": "team__code", "queue": "queue",
    "contact_type": "contact_type", "created_at": "created_at", "due_at": "due_at",
    "escalated": "escalated", "closed_at": "closed_at", "first_closed_at": "first_closed_at",
    "reopened_count": "reopened_count", "callback_required": "callback_required",
    "callback_done": "callback_done", "callback_at": "callback_at",
}  # fmt: skip


def stored_work_orders() -> pd.DataFrame:
    """The stored work orders as the core's ``work_orders`` (times UTC naive; ``status``
    closed or created from ``closed_at``)."""
    from serviq.web.indicatordata.models import WorkOrderRecord

    rows = WorkOrderRecord.objects.values_list(*WORK_ORDER_FIELDS.values())
    df = pd.DataFrame(list(rows), columns=list(WORK_ORDER_FIELDS))
    for col in ("created_at", "due_at", "closed_at", "first_closed_at", "callback_at"):
        df[col] = pd.to_datetime(df[col], utc=True).dt.tz_localize(None)
    df["contact_type"] = df["contact_type"].where(df["contact_type"].astype(bool), None)
    df["status"] = ["closed" if pd.notna(c) else "created" for c in df["closed_at"]]
    return df


def stored_feedback_values() -> dict[tuple[str, str], dict[str, float]]:
    """The imported product feedback as the core's ``feedback``: complaint shares per
    product theme and the needs met, per month (:func:`serviq.text.feedback.feedback_values`)."""
    from serviq.text.feedback import Feedback, feedback_values
    from serviq.web.indicatordata.models import ProductFeedbackRecord

    fields = ("feedback_id", "received_on", "kind", "met", "text", "codes")
    return feedback_values(
        Feedback(f, d.isoformat(), k, m, t, tuple(c for c in codes.split(";") if c))
        for f, d, k, m, t, codes in ProductFeedbackRecord.objects.values_list(*fields)
    )


def _stored_result(
    system: Any,
    period: str,
    scope: str,
    given: Mapping[str, float],
    checked: Mapping[str, float],
    sums: Mapping[str, float] | None = None,
    products: Mapping[str, float] = MappingProxyType({}),
    rooms: Mapping[str, float] = MappingProxyType({}),
) -> Any:
    """The stored values of one period × scope with the hand-entered values ``given``, the
    checklist shares ``checked`` and the product-feedback values ``products`` replacing
    those indicators' (in the order of the core dispatch) — rescored by the core against the
    previous period."""
    from serviq.indicators.entries import is_enterable
    from serviq.indicators.evaluation import SYSTEM_KPIS, ScopeResult
    from serviq.indicators.scoring import score_system
    from serviq.ops.systems import availability, issue_rate

    def stored(p: str) -> dict[str, IndicatorResult]:
        return {r.code: r for r in IndicatorResult.objects.filter(period=p, team_code=scope)}

    rows = stored(period)
    if not rows:
        return None
    earlier = IndicatorResult.objects.filter(team_code=scope, period__lt=period)
    before = earlier.order_by("-period").values_list("period", flat=True).first()
    prev_rows = stored(before) if before else {}
    values: dict[str, float] = {}
    previous: dict[str, float] = {}
    pending: dict[str, int] = {}
    attribution: dict[str, tuple[str, ...]] = {}
    fractions: dict[str, tuple[float | None, float | None]] = {}
    for node in system.indicators():
        row, prev = rows.get(node.code), prev_rows.get(node.code)
        if prev is not None and prev.value is not None:
            previous[node.code] = prev.value
        m = node.measurement
        ref = m.binding.refs()[0] if m is not None else ""
        if m is not None and m.binding.source in ("text_theme", "manual") and ref in products:
            values[node.code] = products[ref]
            continue
        if is_enterable(node):
            if node.code in given:
                values[node.code] = given[node.code]
            elif m is not None and m.binding.source == "equipment" and ref in rooms:
                values[node.code] = rooms[ref]
            continue
        if m is not None and m.binding.source == "checklist":
            if m.binding.refs()[0] in checked:
                values[node.code] = checked[m.binding.refs()[0]]
            continue
        if row is None:
            continue
        if sums is not None and not scope and ref in SYSTEM_KPIS:
            if ref == "system_availability":
                found = availability(sums)
            else:
                found = issue_rate(sums, row.denominator)
                fractions[node.code] = (sums.get("problem_contacts"), row.denominator)
            if found is not None:
                values[node.code] = found
            continue
        if row.value is not None:
            values[node.code] = row.value
        if row.pending is not None:
            pending[node.code] = row.pending
        if row.attribution:
            attribution[node.code] = tuple(q for q in row.attribution.split(",") if q != "-")
        if row.numerator is not None or row.denominator is not None:
            fractions[node.code] = (row.numerator, row.denominator)
    as_of = next(iter(rows.values())).as_of
    card = score_system(system, values, previous or None, lang="en")
    return ScopeResult(period, scope, values, card, pending, attribution, fractions), as_of


def rescore(period: str, scope: str, system: Any = None) -> bool:
    """After a value was entered by hand or a checklist ticked: the stored results of ``period`` × ``scope`` (and
    the next period's change) rescored with the stored hand-entered values. The other
    indicators' values do not depend on them, so this equals a full :func:`run_analysis`
    (a test checks); a period not analysed yet is left to the next run (False)."""
    from serviq.indicators import bundled_system

    system = system if system is not None else bundled_system("bank_contact_centre")
    manual = stored_manual_values()
    checks = stored_checklist_shares()
    months = stored_system_values()
    feedback = stored_feedback_values()
    rooms = stored_equipment_values()
    later = IndicatorResult.objects.filter(team_code=scope, period__gt=period)
    after = later.order_by("period").values_list("period", flat=True).first()
    done = False
    for p in (period, after):
        if p is None:
            continue
        given, checked = manual.get((p, scope), {}), checks.get((p, scope), {})
        found = _stored_result(
            system,
            p,
            scope,
            given,
            checked,
            months.get(p),
            feedback.get((p, scope), {}),
            rooms.get((p, scope), {}),
        )
        if found is not None:
            _store(system, found[0], found[1])
            done = True
    return done


def evaluation(
    system: Any = None,
    *,
    timezone: str | None = None,
    qa: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
) -> Any:
    """The core's :func:`serviq.indicators.evaluation.evaluate` on the records in the
    database: what :func:`run_analysis` stores (and what a test compares it with)."""
    from django.conf import settings

    from serviq.indicators import bundled_system
    from serviq.indicators.evaluation import evaluate
    from serviq.ops.definitions import load_queue_teams
    from serviq.web.training.figures import stored_training_values

    system = system if system is not None else bundled_system("bank_contact_centre")
    interactions = interaction_frame(Interaction.objects.select_related("team", "agent"))
    if interactions.empty:
        return None
    responses = response_frame(SurveyResponse.objects.select_related("team"))
    manual = stored_manual_values()
    periods = sorted(interactions["period"].unique())
    teams = sorted(interactions["team_id"].dropna().unique())
    return evaluate(
        system,
        interactions=interactions,
        responses=responses,
        qa=qa,
        manual=manual,
        checklists=stored_checklist_shares(),
        equipment=stored_equipment_values(),
        systems=stored_system_values(),
        work_orders=stored_work_orders(),
        feedback=stored_feedback_values(),
        training=stored_training_values(),
        periods=periods,
        scopes=["", *teams],
        timezone=timezone or settings.TIME_ZONE,
        scale_max=published_scale_max(),
        queue_teams=load_queue_teams(),
        lang="en",
    )


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
    from serviq.indicators import bundled_system

    system = system if system is not None else bundled_system("bank_contact_centre")
    ev = evaluation(system, timezone=timezone, qa=qa)
    if ev is None:
        return AnalysisSummary((), (), 0, ())
    total = 0
    missing: set[str] = set()
    for result in ev.results:
        n, miss = _store(system, result, _aware(ev.as_of))
        total += n
        missing.update(miss)
    return AnalysisSummary(ev.periods, ev.scopes, total, tuple(sorted(missing)))
