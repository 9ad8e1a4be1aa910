"""The contexts of the other reports: daily and weekly workload, the weekly supervision
summary (督辦、反饋、回訪), QA weekly, and the half-year and annual summaries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from serviq.reports import feeds
from serviq.reports.definitions import ReportDefinition
from serviq.reports.inputs import ReportInputs, local_times
from serviq.reports.periods import Period, make
from serviq.reports.values import scoped


def _rows(df: pd.DataFrame, column: str, p: Period, tz: str) -> pd.DataFrame:
    if df.empty or column not in df.columns:
        return df.iloc[0:0]
    t = local_times(df[column], tz)
    return df[(t >= pd.Timestamp(p.start)) & (t < pd.Timestamp(p.end))]


def _heatmap(contacts: pd.DataFrame, tz: str) -> dict[str, Any]:
    """Contacts per weekday (1 = Monday) and hour: the busy/idle heat map."""
    if contacts.empty:
        return {"hours": [], "rows": []}
    t = local_times(contacts["arrived_at"], tz)
    table = pd.crosstab(t.dt.day_of_week + 1, t.dt.hour)
    hours = [int(h) for h in table.columns]
    return {
        "hours": hours,
        "rows": [
            {"weekday": int(d), "counts": [int(v) for v in row.to_numpy()]}
            for d, row in table.iterrows()
        ],
    }


def backlog(wo: pd.DataFrame, p: Period, tz: str) -> dict[str, Any]:
    """Work orders open at the end of the period and those past their due time."""
    if wo.empty:
        return {"open": 0, "overdue": 0, "rows": []}
    end = pd.Timestamp(p.end)
    created = local_times(wo["created_at"], tz)
    closed = local_times(wo["closed_at"], tz) if "closed_at" in wo.columns else created * pd.NaT
    due = local_times(wo["due_at"], tz) if "due_at" in wo.columns else created * pd.NaT
    open_ = (created < end) & (closed.isna() | (closed >= end))
    overdue = open_ & (due < end)
    part = wo[overdue]
    return {
        "open": int(open_.sum()),
        "overdue": int(overdue.sum()),
        "rows": [
            {"work_order": str(r.work_order_id), "team": str(r.team_id), "queue": str(r.queue)}
            for r in part.head(20).itertuples()
        ],
    }


def _handover(contacts: pd.DataFrame) -> list[dict[str, Any]]:
    """System problems and hard cases logged per team (the handover log's two counts)."""
    if contacts.empty:
        return []
    rows = []
    for team, part in contacts.groupby("team_id", sort=True):
        rows.append(
            {
                "team": str(team),
                "system_problems": int(
                    part.get("system_problem", pd.Series(dtype=bool)).astype(bool).sum()
                ),
                "hard_cases": int(part.get("hard_case", pd.Series(dtype=bool)).astype(bool).sum()),
            }
        )
    return rows


def _supervision(wo: pd.DataFrame, p: Period, tz: str) -> dict[str, Any]:
    """The department director's weekly totals (R-OPS-8) of the period's weeks —
    :func:`serviq.ops.supervision.weekly_totals`, the events of the week: supervised cases
    (督辦) created, answered (反饋), call-backs (回訪) made, and the call-back rate of the
    answered cases that needed one — with their sum, the work orders created in the period
    and those of them overdue."""
    from serviq.ops.supervision import totals_of, weekly_totals

    weeks = weekly_totals(wo, tz, start=p.start, end=p.end) if not wo.empty else []
    sums = totals_of(weeks)
    part = _rows(wo, "created_at", p, tz)
    overdue = 0
    if not part.empty:
        end = pd.Timestamp(p.end)
        closed = local_times(part["closed_at"], tz)
        due = local_times(part["due_at"], tz)
        overdue = int(((closed.isna() & (due < end)) | (closed > due)).sum())
    return {
        "created": len(part),
        "escalated": sums["supervised"],
        "answered": sums["answered"],
        "callback_required": sums["callback_required"],
        "callback_met": sums["callback_met"],
        "called_back": sums["called_back"],
        "overdue": overdue,
        "callback_rate": sums["callback_rate"],
        "weeks": [w.as_dict() for w in weeks],
    }


def build_other(
    base: dict[str, Any],
    definition: ReportDefinition,
    p: Period,
    scope: str,
    lang: str,
    inputs: ReportInputs,
    system: Any,
    actions: Callable[[str, str], list[dict[str, Any]]] | None,
    narratives: Mapping[str, str] | None,
) -> dict[str, Any]:
    tz = inputs.timezone
    tables = scoped(inputs, scope)
    contacts = _rows(tables["interactions"], "arrived_at", p, tz)
    wo = tables.get("work_orders", pd.DataFrame())
    ctx = dict(base)
    ctx["narratives"] = dict(narratives or {})
    ctx["counts"] = {"contacts": len(contacts)}
    kind = definition.kind
    if kind.startswith("workload"):
        ctx["workload"] = feeds.workload(contacts)
        ctx["workload_agents"] = feeds.workload(contacts, by="agent_id")
        ctx["heatmap"] = _heatmap(contacts, tz)
        ctx["backlog"] = backlog(wo, p, tz)
        ctx["handover"] = _handover(contacts)
    elif kind == "supervision-weekly":
        ctx["supervision"] = _supervision(wo, p, tz)
        ctx["backlog"] = backlog(wo, p, tz)
    elif kind == "qa-weekly":
        reviews = _rows(tables.get("qa_reviews", pd.DataFrame()), "reviewed_at", p, tz)
        qa = feeds.qa_section(reviews)
        ctx["qa"] = qa
        ctx["training"] = [
            {"item": row["item"], "defects": row["defects"], "rate": row["rate"]}
            for row in qa.get("pareto", [])[:3]
            if row.get("defects")
        ]
    else:  # half-year, annual: the months of the period
        from serviq.reports.context import _chart_kind, _indicator_chart
        from serviq.reports.values import indicator_history

        if system is None:
            from serviq.indicators import bundled_system

            system = bundled_system("bank_contact_centre")
        months = []
        m = make("month", p.start)
        while m.start < p.end:
            months.append(m)
            m = make("month", m.end)
        hist = indicator_history(system, inputs, months, scope)
        labels = [m.label for m in months]
        trends = []
        for node in system.indicators():
            obs = hist.get(node.code, [])
            have = [o.value for o in obs if o.value is not None]
            if not have:
                continue
            target = node.target
            met = None
            if target is not None:
                higher = (node.direction or "higher") == "higher"
                met = sum(1 for v in have if (v >= target if higher else v <= target))
            kind_ = _chart_kind(node, obs)
            trends.append(
                {
                    "code": node.code,
                    "name": node.name.get(lang),
                    "unit": node.unit,
                    "target": target,
                    "months": len(have),
                    "met": met,
                    "first": have[0],
                    "last": have[-1],
                    "chart": None if kind_ is None else _indicator_chart(kind_, obs, labels),
                }
            )
        ctx["trends"] = trends
        ctx["actions"] = {
            "hooked": actions is not None,
            "rows": actions(p.label, scope) if actions else [],
        }
    ctx["methods"] = {
        "source": inputs.source,
        "inputs": [
            {"table": k, "rows": v["rows"], "rows_in_scope": None, "sha256": v["sha256"]}
            for k, v in inputs.summary().items()
        ],
        "period": {
            "label": p.label,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "timezone": tz,
        },
        "scope": scope,
        "definition": {"kind": definition.kind, "version": definition.version},
        "numbers": [],
    }
    return ctx
