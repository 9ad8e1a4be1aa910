"""The data context of a report: every number, chart and text a rendering shows, built once.

:func:`build_context` turns plain tables (:class:`~serviq.reports.inputs.ReportInputs`) into
a JSON-able dict; the HTML, PDF and XLSX renderings only lay it out, so they cannot
disagree. Numbers are kept at full precision; renderings round them.

Two hooks feed sections this package does not own: ``actions`` (the improvement-action
register, from the actions package: a callable ``(period_label, scope) → list of dicts``
with at least ``indicator``, ``status``, ``owner``, ``due``, ``effective``) and
``workforce`` (a callable returning the workforce figures when a shell has them, e.g. from
its database). Team leads' commentary comes in ``narratives`` (section id → text) and is
shown in the marked narrative sections only.
"""

from __future__ import annotations

import datetime as dt
import math
import platform
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from serviq import __version__
from serviq.errors import ComputationError, InvalidInput, Where
from serviq.reports import feeds
from serviq.reports.definitions import ReportDefinition, load_definition
from serviq.reports.inputs import ReportInputs, local_times
from serviq.reports.periods import Period, history, resolve
from serviq.reports.spc import control_chart, wilson_interval
from serviq.reports.values import Observation, department_teams, indicator_history, scoped
from serviq.reports.workforce import workforce_section

ActionsHook = Callable[[str, str], list[dict[str, Any]]]
WorkforceHook = Callable[[str, str], dict[str, Any]]

CHART_METHOD = {
    "laney-p": "Laney p′ chart (Laney 2002, Quality Engineering 14(4)); Wilson interval (Newcombe 1998)",
    "xmr": "XmR chart, limits x̄ ± 2.66·mR̄ (Wheeler 2003); mean ± 1.96·s/√n",
}


def due_date(definition: ReportDefinition, period: Period) -> dt.date | None:
    """The day the report is due: ``due_day`` of the month after the period (monthly)."""
    if definition.due_day is None:
        return None
    return dt.date(period.end.year, period.end.month, min(definition.due_day, 28))


def _software() -> dict[str, str]:
    import importlib.metadata as md

    out = {"serviq": __version__, "python": platform.python_version()}
    for pkg in ("numpy", "pandas", "scipy", "statsmodels", "duckdb", "xlsxwriter", "typst"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            continue
    return out


def _chart_kind(node: Any, obs: list[Observation]) -> str | None:
    have = [o for o in obs if o.value is not None]
    if len(have) < 2:
        return None
    if (
        (node.unit or "") == "%"
        and all(o.n is not None and o.n > 0 for o in have)
        and all(0 <= (o.value or 0) <= 1 for o in have)
    ):
        return "laney-p"
    return "xmr"


def _interval(kind: str | None, o: Observation) -> tuple[float, float] | None:
    if o.value is None or o.n is None or o.n <= 0:
        return None
    if kind == "laney-p" and 0 <= o.value <= 1:
        return wilson_interval(o.value * o.n, o.n)
    if o.sd is not None and o.n > 1:
        half = 1.96 * o.sd / math.sqrt(o.n)
        return (o.value - half, o.value + half)
    return None


def _indicator_chart(kind: str, obs: list[Observation], labels: list[str]) -> dict[str, Any]:
    idx = [i for i, o in enumerate(obs) if o.value is not None]
    values = [obs[i].value for i in idx]
    names = [labels[i] for i in idx]
    rules = "anhoej" if len(idx) < 20 else "western-electric"
    chart = None
    if kind == "laney-p":
        n = [obs[i].n for i in idx]
        counts = [float(v) * float(m) for v, m in zip(values, n, strict=True)]  # type: ignore[arg-type]
        try:
            chart = control_chart(counts, n, kind="laney-p", rules=rules, labels=names)
        except ComputationError:  # every period at 0 % or 100 %: no z-scores; chart the values
            chart = None
    if chart is None:
        chart = control_chart(values, kind="xmr", rules=rules, labels=names)
    out = chart.as_dict()
    out["change"] = chart.last_change()
    out["signal"] = bool(chart.points[-1].signals) if chart.points else False
    return out


def _month_rows(df: pd.DataFrame, column: str, period: Period, timezone: str) -> pd.DataFrame:
    if df.empty or column not in df.columns:
        return df
    t = local_times(df[column], timezone)
    return df[(t >= pd.Timestamp(period.start)) & (t < pd.Timestamp(period.end))]


def build_context(
    kind: str,
    period: str,
    inputs: ReportInputs,
    *,
    scope: str = "centre",
    lang: str = "zh-Hans",
    system: Any = None,
    definition: ReportDefinition | None = None,
    narratives: Mapping[str, str] | None = None,
    actions: ActionsHook | None = None,
    workforce: WorkforceHook | None = None,
    data_ref: str | None = None,
) -> dict[str, Any]:
    """The context of one report (see the module docstring); ``period`` may be ``last``.

    ``data_ref`` is how the rebuild command names the data (``--data DIR``); it defaults to
    the inputs' source.
    """
    from serviq.reports.other import build_other

    definition = definition or load_definition(kind)
    if lang not in ("zh-Hans", "zh-Hant", "en"):
        raise InvalidInput(
            f"unknown language {lang!r}; allowed: zh-Hans, zh-Hant, en", where=Where(field="lang")
        )
    if not (scope == "centre" or scope.startswith(("team:", "department:"))):
        raise InvalidInput(
            f"unknown scope {scope!r}; allowed: centre, department:CODE, team:CODE",
            where=Where(field="scope"),
        )
    if scope.startswith("department:"):
        # the department's teams, from the data's team → department map; refused when the
        # data have none, so a department's report is never silently the centre's
        department_teams(inputs, scope.split(":", 1)[1])
    end = inputs.data_end()
    if end is None:
        raise InvalidInput("the data hold no contacts", where=Where(field="interactions"))
    p = resolve(period, definition.period, end.date())
    base = _base(definition, p, scope, lang, inputs, data_ref)
    if definition.kind != "monthly":
        return build_other(base, definition, p, scope, lang, inputs, system, actions, narratives)
    return _monthly(
        base, definition, p, scope, lang, inputs, system, narratives, actions, workforce
    )


def _base(
    definition: ReportDefinition,
    p: Period,
    scope: str,
    lang: str,
    inputs: ReportInputs,
    data_ref: str | None,
) -> dict[str, Any]:
    ref = data_ref or inputs.source
    data = "" if ref == "DATABASE" else f" --data {ref}"  # the database: DATABASE_URL
    command = (
        f"serviq report build {definition.kind} --period {p.label} --scope {scope} "
        f"--lang {lang}{data} --format html,pdf,xlsx --out OUT"
    )
    due = due_date(definition, p)
    return {
        "kind": definition.kind,
        "period": p.label,
        "period_start": p.start.isoformat(),
        "period_end": p.end.isoformat(),
        "scope": scope,
        "lang": lang,
        "title": definition.title.get(lang),
        "due": None if due is None else due.isoformat(),
        "definition": {"kind": definition.kind, "version": definition.version},
        "sections": [
            {
                "id": s.id,
                "title": s.title.get(lang),
                "feed": s.feed,
                "narrative": s.narrative,
                "hint": None if s.hint is None else s.hint.get(lang),
            }
            for s in definition.sections
        ],
        "command": command,
        "timezone": inputs.timezone,
        "software": _software(),
    }


def _monthly(
    base: dict[str, Any],
    definition: ReportDefinition,
    p: Period,
    scope: str,
    lang: str,
    inputs: ReportInputs,
    system: Any,
    narratives: Mapping[str, str] | None,
    actions: ActionsHook | None,
    workforce: WorkforceHook | None,
) -> dict[str, Any]:
    from serviq.indicators import bundled_system
    from serviq.indicators.scoring import score_system

    system = system if system is not None else bundled_system("bank_contact_centre")
    tz = inputs.timezone
    contacts_all = inputs.table("interactions")
    first = local_times(contacts_all["arrived_at"], tz).min()
    periods = [q for q in history(p, definition.history_periods) if pd.Timestamp(q.end) > first]
    labels = [q.label for q in periods]
    hist = indicator_history(system, inputs, periods, scope)
    now = {c: o[-1].value for c, o in hist.items() if o[-1].value is not None}
    before = {c: o[-2].value for c, o in hist.items() if len(o) > 1 and o[-2].value is not None}
    card = score_system(system, now, before or None, lang=lang)
    nodes = {n.code: n for n in system.indicators()}

    indicators: list[dict[str, Any]] = []
    for ns in card.nodes:
        if not ns.is_indicator:
            continue
        node = nodes[ns.code]
        obs = hist.get(ns.code, [])
        kind = _chart_kind(node, obs)
        binding = node.measurement.binding if node.measurement else None
        last = obs[-1] if obs else Observation(None)
        interval = _interval(kind, last)
        indicators.append(
            {
                "code": ns.code,
                "name": ns.name,
                "unit": ns.unit,
                "direction": ns.direction,
                "definition": node.definition.get(lang) if node.definition else None,
                "value": ns.value,
                "previous": ns.previous,
                "n": last.n,
                "interval": None if interval is None else list(interval),
                "target": ns.target,
                "status": ns.status,
                "score": ns.score,
                "weight": ns.global_weight,
                "source": None
                if binding is None
                else {
                    "source": binding.source,
                    "ref": binding.refs(),
                    "aggregate": binding.aggregate,
                    "filter": dict(binding.filter or {}),
                },
                "method": CHART_METHOD.get(kind or ""),
                "chart": None if kind is None else _indicator_chart(kind, obs, labels),
                "series": [
                    {"period": lb, "value": o.value, "n": o.n}
                    for lb, o in zip(labels, obs, strict=True)
                ],
            }
        )
    dims = [
        {"code": n.code, "name": n.name, "score": n.score, "status": n.status, "change": n.change}
        for n in card.nodes
        if n.depth == 1
    ]
    status_counts = {
        s: sum(1 for i in indicators if i["status"] == s) for s in ("green", "amber", "red")
    }
    signals = [
        {"code": i["code"], "name": i["name"], "signals": i["chart"]["change"]["signals"]}
        for i in indicators
        if i["chart"] and i["chart"]["signal"]
    ]
    short = sorted(card.short, key=lambda s: -s.points_lost)[:5]
    tables = scoped(inputs, scope)
    month_contacts = _month_rows(tables["interactions"], "arrived_at", p, tz)
    responses = _month_rows(tables.get("survey_responses", pd.DataFrame()), "submitted_at", p, tz)
    answered = responses["interaction_id"] if "interaction_id" in responses.columns else None
    contacts = (
        feeds.contact_frame(month_contacts, tz, only=answered)
        if len(month_contacts) and answered is not None
        else pd.DataFrame()
    )
    comments = tables.get("comments", pd.DataFrame())
    if len(comments) and "response_id" in comments.columns and len(responses):
        comments = comments[comments["response_id"].isin(responses["response_id"])]
    else:
        comments = comments.iloc[0:0]
    reviews = tables.get("qa_reviews", pd.DataFrame())
    if len(reviews) and "month" in reviews.columns:
        reviews = reviews[reviews["month"].astype(str).str[:7] == p.label]
    sessions = tables.get("qa_calibration", pd.DataFrame())
    if len(sessions) and "month" in sessions.columns:
        sessions = sessions[sessions["month"].astype(str).str[:7] == p.label]
    from serviq.reports.other import backlog

    ctx = dict(base)
    ctx.update(
        {
            "history": labels,
            "summary": {
                "index": card.overall,
                "previous_index": card.previous_overall,
                "dimensions": dims,
                "status_counts": status_counts,
                "signals": signals,
                "indicators": len(indicators),
                "missing": list(card.missing),
            },
            "indicators": indicators,
            "shortfalls": [s.as_dict() for s in short],
            "drivers": feeds.drivers(responses, contacts)
            if len(contacts)
            else {"n": 0, "outcome": "CSAT", "effects": [], "r2": None},
            "themes": feeds.themes(comments, lang),
            "qa": feeds.qa_section(reviews),
            "calibration": feeds.calibration(sessions, lang),
            "backlog": backlog(tables.get("work_orders", pd.DataFrame()), p, tz),
            "workforce": workforce(p.label, scope)
            if workforce
            else workforce_section(tables, p, tz),
            "actions": {
                "hooked": actions is not None,
                "rows": actions(p.label, scope) if actions else [],
            },
            "narratives": dict(narratives or {}),
            "methods": _methods(inputs, tables, p, scope, indicators, definition),
        }
    )
    ctx["methods"]["numbers"] += _other_numbers(ctx, lang)
    return ctx


def _other_numbers(ctx: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """The methods appendix's rows for the numbers that are not indicators: the inspectors'
    calibration, the workforce counts and the work-order backlog (those present)."""
    from serviq.reports.labels import number_definitions

    defs = number_definitions()
    wf = ctx["workforce"]
    present: list[tuple[str, Any]] = []
    if ctx["calibration"]:
        n = sum(c["contacts"] for c in ctx["calibration"])
        present += [("calibration_icc", n), ("calibration_alpha", n)]
    present += [(k, wf[k]) for k in ("leave", "swaps", "escalations", "incidents") if k in wf]
    if "late" in wf:
        present.append(("attendance", wf["late"] + wf["away_from_post"] + wf["absent"]))
    if ctx["backlog"]["open"]:
        present.append(("backlog", ctx["backlog"]["open"]))
    return [
        {
            "code": code,
            "name": defs[code].name.get(lang),
            "definition": defs[code].definition.get(lang),
            "source": defs[code].source.model_dump(),
            "n": n,
            "method": defs[code].method,
        }
        for code, n in present
    ]


def _methods(
    inputs: ReportInputs,
    tables: Mapping[str, pd.DataFrame],
    p: Period,
    scope: str,
    indicators: list[dict[str, Any]],
    definition: ReportDefinition,
) -> dict[str, Any]:
    summary = inputs.summary()
    rows_in_scope = {name: len(df) for name, df in tables.items()}
    return {
        "source": inputs.source,
        "inputs": [
            {
                "table": name,
                "rows": s["rows"],
                "rows_in_scope": rows_in_scope.get(name),
                "sha256": s["sha256"],
            }
            for name, s in summary.items()
        ],
        "period": {
            "label": p.label,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "timezone": inputs.timezone,
        },
        "scope": scope,
        "definition": {"kind": definition.kind, "version": definition.version},
        "numbers": [
            {
                "code": i["code"],
                "name": i["name"],
                "definition": i["definition"],
                "source": i["source"],
                "n": i["n"],
                "method": i["method"],
            }
            for i in indicators
        ],
    }
