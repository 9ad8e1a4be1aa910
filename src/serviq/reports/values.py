"""Every indicator's value for every period of a report's history, with its n.

The values come from :func:`serviq.indicators.evaluation.evaluate`, the one dispatch of
the indicator bindings that the dashboard and the CLI call (ops KPIs on the contacts the
binding's filter selects, survey bindings on the period's responses, QA bindings on the
month's QA summary, :func:`serviq.qa.training.monthly_summary`). Beside each value this module keeps
what the statistics over time need: ``n`` (the KPI row's denominator — offered or answered
contacts, work orders — or the number of responses or reviews) and, for means, the
standard deviation of the individual answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Where
from serviq.reports.inputs import ReportInputs, local_times
from serviq.reports.periods import Period

#: The KPI row column that counts the denominator of each share KPI.
DENOMINATOR = {
    "service_level": "offered",
    "abandoned_rate": "offered",
    "fcr_rate": "answered",
    "transfer_rate": "answered",
    "complaint_rate": "answered",
    "timeliness_rate": "answered",
    "callback_rate": "work_orders",
    "wo_timeliness_rate": "work_orders",
    "reopen_rate": "work_orders",
}


@dataclass(frozen=True)
class Observation:
    """One indicator in one period."""

    value: float | None
    n: float | None = None  # denominator, responses or reviews
    sd: float | None = None  # standard deviation of the individual answers (means)


def department_teams(inputs: ReportInputs, department: str) -> set[str]:
    """The codes of the teams of ``department``, from the ``teams`` table's
    ``department_id`` (the organisation's team → department map).

    Refused (:class:`~serviq.errors.InvalidInput`) when the data carry no such map — a
    department's report would otherwise silently be the centre's — or when no team
    belongs to ``department`` (the known departments are named).
    """
    teams = inputs.table("teams")
    if teams.empty or not {"team_id", "department_id"} <= set(teams.columns):
        raise InvalidInput(
            f"scope 'department:{department}': the data carry no team-to-department map "
            "(a teams table with team_id and department_id); allowed: centre, team:CODE",
            where=Where(field="scope"),
        )
    dept = teams["department_id"].astype("string")
    mine = set(teams.loc[dept == department, "team_id"].astype(str))
    if not mine:
        known = sorted(str(d) for d in dept.dropna().unique())
        raise InvalidInput(
            f"scope 'department:{department}': no team belongs to that department; "
            f"allowed: {', '.join('department:' + d for d in known) or 'none'}",
            where=Where(field="scope"),
        )
    return mine


def scoped(inputs: ReportInputs, scope: str) -> dict[str, pd.DataFrame]:
    """The tables restricted to ``scope`` (``centre``, ``department:CODE``, ``team:CODE``):
    rows whose ``team_id`` is the team, or one of the department's teams
    (:func:`department_teams`). Tables without a ``team_id`` are kept whole."""
    out = {name: df for name, df in inputs.tables.items()}
    if scope.startswith("team:"):
        wanted = {scope.split(":", 1)[1]}
    elif scope.startswith("department:"):
        wanted = department_teams(inputs, scope.split(":", 1)[1])
    else:
        return out
    for name, df in out.items():
        if "team_id" in df.columns and name not in ("teams",):
            out[name] = df[df["team_id"].astype(str).isin(wanted)]
    return out


def canonical(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames with every column of their :mod:`serviq.ops.schemas` schema (missing ones
    take the schema's default), as the KPI engine reads them."""
    from serviq.ops.schemas import SCHEMAS

    out: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        missing = [c for c in SCHEMAS[name].columns if c.name not in frame.columns]
        if missing:
            frame = frame.copy()
            for column in missing:
                frame[column.name] = column.default
        out[name] = frame
    return out


def _month_of(df: pd.DataFrame, column: str, timezone: str) -> pd.Series:
    return local_times(df[column], timezone).dt.strftime("%Y-%m")


def _kpi_rows(sources: Any, key: Any, timezone: str, as_of: Any) -> pd.DataFrame:
    """The KPI rows by month on ``sources`` (not closed here) filtered by ``key``."""
    from dataclasses import replace

    from serviq.indicators.bindings import filter_interactions
    from serviq.ops.definitions import load_kpi_config
    from serviq.ops.kpis import compute

    src = replace(sources, backend=None)
    if key:
        src = replace(src, interactions=filter_interactions(src.interactions, key))
    rows = compute(src, ["month"], load_kpi_config(), timezone, as_of=as_of).rows
    rows = rows.copy()
    rows["month"] = rows["month"].astype(str).str[:7]
    return rows.set_index("month")


def _finite(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _survey_observation(binding: Any, responses: pd.DataFrame) -> Observation:
    from serviq.indicators.bindings import survey_value

    value = survey_value(binding, responses)
    cols = [c for c in binding.refs() if c in responses.columns]
    if value is None or not cols:
        return Observation(None)
    answers = responses[cols].apply(pd.to_numeric, errors="coerce")
    if binding.aggregate == "mean":
        per_person = answers.mean(axis=1, skipna=True).dropna()
        sd = float(per_person.std(ddof=1)) if len(per_person) > 1 else None
        return Observation(value, float(len(per_person)), sd)
    return Observation(value, float(answers.stack().dropna().size))


def indicator_history(
    system: Any,
    inputs: ReportInputs,
    periods: Sequence[Period],
    scope: str = "centre",
) -> dict[str, list[Observation]]:
    """``code → [Observation per period]`` for every indicator of ``system`` (months).

    The values are those of :func:`serviq.indicators.evaluation.evaluate` — the one binding
    dispatch the dashboard and the CLI call — on the contacts, work orders, survey
    responses and QA summaries; this function adds each value's ``n`` (and ``sd``).
    """
    from serviq.indicators.evaluation import evaluate
    from serviq.ops.definitions import load_queue_teams
    from serviq.ops.workspace import sources_from_frames

    tz = inputs.timezone
    labels = [p.label for p in periods]
    cutoff = pd.Timestamp(periods[-1].end)
    team = scope.split(":", 1)[1] if scope.startswith(("team:", "department:")) else ""
    source = dict(inputs.tables)
    queue_teams = load_queue_teams()
    if scope.startswith("department:"):
        # a department is evaluated like a team whose contacts are those of its teams: each
        # row's team is relabelled with its department, and a queue belongs to the
        # departments of the teams that own it — so repeat contacts to other departments
        # and the owned queues' abandoned calls count as they do for a team
        source, queue_teams = _as_departments(inputs, queue_teams)
    contacts = source.get("interactions", pd.DataFrame())
    contacts = contacts[local_times(contacts["arrived_at"], tz) < cutoff]
    frames = {"interactions": contacts}
    wo = source.get("work_orders", pd.DataFrame())
    if len(wo):
        frames["work_orders"] = wo[local_times(wo["created_at"], tz) < cutoff]
    responses = source.get("survey_responses", pd.DataFrame())
    qa_items = _qa_items(scoped(inputs, scope).get("qa_reviews", pd.DataFrame()), labels)
    end = cutoff.tz_localize(tz).tz_convert("UTC").tz_localize(None).to_pydatetime()
    sources = sources_from_frames(canonical(frames))
    own = None
    try:
        ev = evaluate(
            system,
            interactions=sources,
            responses=responses if len(responses) else None,
            qa={(label, team): items for label, (items, _) in qa_items.items()},
            periods=labels,
            scopes=[team],
            timezone=tz,
            queue_teams=queue_teams,
            as_of=end,
            manual=inputs.indicator_values.get("manual"),
            checklists=inputs.indicator_values.get("checklists"),
            equipment=inputs.indicator_values.get("equipment"),
            systems=inputs.indicator_values.get("systems"),
            feedback=inputs.indicator_values.get("feedback"),
            work_orders=frames.get("work_orders"),
        )
        tables = scoped(inputs, scope)
        if team:
            scoped_frames = {"interactions": tables["interactions"]}
            if "work_orders" in frames:
                scoped_frames["work_orders"] = tables["work_orders"]
            own = sources_from_frames(canonical(scoped_frames))
        counting = own if own is not None else sources
        kpis: dict[Any, pd.DataFrame] = {}
        for node in system.indicators():
            m = node.measurement
            if m is not None and m.binding.source == "ops_kpi":
                from serviq.indicators.bindings import filter_key

                key = filter_key(m.binding)
                if key not in kpis:
                    kpis[key] = _kpi_rows(counting, key, tz, end)
    finally:
        sources.close()
        if own is not None:
            own.close()

    scoped_responses = tables.get("survey_responses", pd.DataFrame())
    resp_month = (
        _month_of(scoped_responses, "submitted_at", tz)
        if len(scoped_responses)
        else pd.Series(dtype=str)
    )
    out: dict[str, list[Observation]] = {}
    for node in system.indicators():
        m = node.measurement
        obs: list[Observation] = []
        for label in labels:
            value = ev.get(label, team).values.get(node.code)
            if m is None or value is None:
                obs.append(Observation(value))
                continue
            b = m.binding
            if b.source == "ops_kpi":
                from serviq.indicators.bindings import filter_key

                rows = kpis[filter_key(b)]
                den = DENOMINATOR.get(b.refs()[0])
                n = None
                if den is not None and label in rows.index:
                    n = _finite(rows.loc[label].get(den))
                obs.append(Observation(value, n))
            elif b.source in ("survey_item", "survey_scale") and len(scoped_responses):
                o = _survey_observation(b, scoped_responses[resp_month == label])
                obs.append(Observation(value, o.n, o.sd))
            elif b.source == "qa_item" and label in qa_items:
                obs.append(Observation(value, float(qa_items[label][1])))
            else:
                obs.append(Observation(value))
        out[node.code] = obs
    return out


def _as_departments(
    inputs: ReportInputs, queue_teams: Mapping[str, Sequence[str]]
) -> tuple[dict[str, pd.DataFrame], dict[str, tuple[str, ...]]]:
    """The tables with each row's ``team_id`` replaced by its team's department (rows of
    teams outside the map get none), and queue → the departments owning it."""
    teams = inputs.table("teams")
    dept_of = dict(zip(teams["team_id"].astype(str), teams["department_id"], strict=True))
    out: dict[str, pd.DataFrame] = {}
    for name, df in inputs.tables.items():
        if "team_id" in df.columns and name != "teams":
            df = df.assign(team_id=df["team_id"].astype("string").map(dept_of))
        out[name] = df
    owners = {
        q: tuple(sorted({str(dept_of[t]) for t in ts if t in dept_of and pd.notna(dept_of[t])}))
        for q, ts in queue_teams.items()
    }
    return out, {q: d for q, d in owners.items() if d}


def _qa_items(
    reviews: pd.DataFrame, labels: Sequence[str]
) -> dict[str, tuple[dict[str, float], int]]:
    """``month → (QA item values on 0–100, number of reviews)`` from the reviews table."""
    if reviews.empty or "month" not in reviews.columns:
        return {}
    from serviq.qa.ruleset import load_qa_rules
    from serviq.qa.scorecard import load_scorecard
    from serviq.qa.scoring import score_table
    from serviq.qa.training import monthly_summary

    card = load_scorecard()
    rules = load_qa_rules()
    month = reviews["month"].astype(str).str[:7]
    out: dict[str, tuple[dict[str, float], int]] = {}
    for label in labels:
        part = reviews[month == label]
        if part.empty:
            continue
        scored = score_table(part.reset_index(drop=True), card)
        summary = monthly_summary(scored, label, rules.evaluation, card=card)
        values = {k: float(v) for k, v in summary.qa_item_values().items() if np.isfinite(v)}
        out[label] = (values, len(part))
    return out
