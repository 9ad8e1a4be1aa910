"""The monthly sampling plan: every agent listened to between *min* and *max* times (R-QA-1).

**Quota.** With ``per_agent`` set, every agent gets ``clamp(per_agent, min, max)`` reviews.
Otherwise the inspectors' capacity ``C = inspectors × inspector_capacity`` is shared out:
``base = clamp(⌊C / agents⌋, min, max)`` and, while ``base < max``, the remainder
``C − base · agents`` goes one review each to agents drawn at random. An agent never gets
more reviews than they have reviewable contacts; one with fewer than *min* is **reported**
(``plan.too_few_interactions``) and gets all they have.

**Draw.** Reviewable contacts are the agent's answered, not abandoned contacts of the month
(in the centre's time zone) on the configured channels. They are stratified by channel and
contact type. Each draw picks a stratum with probability proportional to its weighted size
among the strata not yet drawn in this round (so an agent's 1–5 reviews spread over
channels and contact types before any stratum repeats), then a contact within it with
probability proportional to its weight. A contact's weight is the product of the configured
extra weights that apply: complaint, long call (talk + hold + wrap-up ≥
``long_call_seconds``), low CSAT (≤ ``low_csat_at_most``).

**Assignment.** Agents with the fewest eligible inspectors go first; each review goes to the
eligible inspector with the lowest load so far (then the one who has reviewed this agent
least, then at random). With ``no_own_team`` an inspector never reviews the team they
belong to; an agent no inspector may review is reported (``plan.no_inspector``).

Everything random comes from one ``numpy`` generator seeded with ``seed``: the same data,
rules and seed give the same plan.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Where
from serviq.messages import error
from serviq.qa.decisions import Reason, reason
from serviq.qa.ruleset import SamplingRules

ASSIGNMENT_COLUMNS = ["agent", "team", "inspector", "interaction", "channel", "contact_type", "weight"]  # fmt: skip
PER_AGENT_COLUMNS = ["agent", "team", "quota", "planned", "available"]


def parse_month(month: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM`` → (first day, first day of the next month)."""
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except (TypeError, ValueError):
        raise error(
            InvalidInput, "form.month_example", where=Where(field="month"), text=month
        ) from None
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt


def _local(values: pd.Series, tz: str) -> pd.Series:
    """Timestamps in the centre's zone: offsets are honoured (mixed offsets too); times
    without an offset are taken as the centre's local time."""
    try:
        ts = pd.to_datetime(values, errors="coerce", format="mixed")
    except ValueError:  # mixed offsets, or offsets and local times: one value at a time
        return pd.Series(
            [_one(v, tz) for v in values], index=values.index, dtype=f"datetime64[ns, {tz}]"
        )
    if getattr(ts.dt, "tz", None) is None:
        return ts.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    return ts.dt.tz_convert(tz)


def _one(value: object, tz: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        t = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if t is pd.NaT:
        return None
    return t.tz_localize(tz) if t.tzinfo is None else t.tz_convert(tz)


def _truthy(values: pd.Series) -> pd.Series:
    if values.dtype == bool:
        return values
    text = values.astype("string").str.strip().str.lower()
    return text.isin(["true", "1", "yes", "y", "t", "1.0"]).fillna(False).astype(bool)


def staff_table(staff: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agents and inspectors from a staff table: ``person_id``, ``role``, ``team_id``
    (``id`` and ``team`` are accepted too). Roles: ``agent`` and ``qa_inspector``."""
    df = staff.rename(columns={"id": "person_id", "team": "team_id"})
    missing = [c for c in ("person_id", "role") if c not in df.columns]
    if missing:
        raise InvalidInput(
            f"the staff table needs columns person_id, role, team_id; missing: {', '.join(missing)}"
        )
    if "team_id" not in df.columns:
        df = df.assign(team_id=None)
    df = df.assign(person_id=df["person_id"].astype(str))
    team = df["team_id"].astype(object).where(df["team_id"].notna(), None)
    df = df.assign(team_id=team.map(lambda v: None if v is None else str(v)))
    agents = df[df["role"] == "agent"][["person_id", "team_id"]].reset_index(drop=True)
    inspectors = df[df["role"] == "qa_inspector"][["person_id", "team_id"]].reset_index(drop=True)
    return agents, inspectors


def reviewable(interactions: pd.DataFrame, month: str, rules: SamplingRules) -> pd.DataFrame:
    """The month's reviewable contacts with their stratum and selection weight."""
    need = ["interaction_id", "agent_id", "channel", "contact_type", "arrived_at"]
    missing = [c for c in need if c not in interactions.columns]
    if missing:
        raise InvalidInput(
            f"the interactions need columns {', '.join(need)}; missing: {', '.join(missing)}"
        )
    first, nxt = parse_month(month)
    df = interactions
    arrived = _local(df["arrived_at"], rules.timezone)
    start = pd.Timestamp(first).tz_localize(rules.timezone)
    end = pd.Timestamp(nxt).tz_localize(rules.timezone)
    keep = (arrived >= start) & (arrived < end) & df["agent_id"].notna()
    keep &= df["channel"].isin(rules.channels)
    if "abandoned" in df.columns:
        keep &= ~_truthy(df["abandoned"])
    if "answered_at" in df.columns:
        keep &= df["answered_at"].notna()
    out = df[keep].copy()
    out["agent_id"] = out["agent_id"].astype(str)
    out["interaction_id"] = out["interaction_id"].astype(str)
    w = rules.weights
    weight = np.ones(len(out))
    weight *= np.where(out["contact_type"].astype(str) == "complaint", w.complaint, 1.0)
    if {"answered_at", "ended_at"} <= set(out.columns):
        talk = (
            _local(out["ended_at"], rules.timezone) - _local(out["answered_at"], rules.timezone)
        ).dt.total_seconds()
        handle = np.array(talk.fillna(0).to_numpy(dtype=float), dtype=float)
        for extra in ("hold_seconds", "wrapup_seconds"):
            if extra in out.columns:
                handle += pd.to_numeric(out[extra], errors="coerce").fillna(0).to_numpy(float)
        weight *= np.where(handle >= w.long_call_seconds, w.long_call, 1.0)
    if "csat" in out.columns:
        csat = pd.to_numeric(out["csat"], errors="coerce")
        low = (csat >= 1) & (csat <= w.low_csat_at_most)
        weight *= np.where(low.fillna(False).to_numpy(bool), w.low_csat, 1.0)
    out["weight"] = weight
    cols = [c for c in rules.stratify_by if c in out.columns]
    stratum = pd.Series("", index=out.index, dtype=object)
    for i, c in enumerate(cols):
        stratum = stratum + ("|" if i else "") + out[c].astype(str).to_numpy(dtype=object)
    out["stratum"] = stratum if cols else "all"
    return out.reset_index(drop=True)


def quotas(
    agents: list[str], n_inspectors: int, rules: SamplingRules, rng: np.random.Generator
) -> dict[str, int]:
    """Reviews planned per agent before the agent's contacts are counted (see module doc)."""
    lo, hi = rules.min_per_agent, rules.max_per_agent
    if not agents:
        return {}
    if rules.per_agent is not None:
        q = min(max(rules.per_agent, lo), hi)
        return dict.fromkeys(agents, q)
    capacity = n_inspectors * rules.inspector_capacity
    base = min(max(capacity // len(agents), lo), hi)
    out = dict.fromkeys(agents, base)
    extra = capacity - base * len(agents)
    if base < hi and extra > 0:
        for i in rng.permutation(len(agents))[: min(extra, len(agents))]:
            out[agents[int(i)]] += 1
    return out


def _draw(group: pd.DataFrame, k: int, rng: np.random.Generator) -> list[int]:
    """``k`` row positions of ``group``, stratified and weighted (see module doc)."""
    strata: dict[str, list[int]] = defaultdict(list)
    for pos, s in enumerate(group["stratum"].to_numpy()):
        strata[str(s)].append(pos)
    weights = group["weight"].to_numpy(dtype=float)
    picked: list[int] = []
    used: set[str] = set()
    for _ in range(k):
        live = sorted(s for s, rows in strata.items() if rows)
        fresh = [s for s in live if s not in used]
        if not fresh:
            used.clear()
            fresh = live
        mass = np.array([weights[strata[s]].sum() for s in fresh])
        s = fresh[int(rng.choice(len(fresh), p=mass / mass.sum()))]
        rows = strata[s]
        w = weights[rows]
        j = int(rng.choice(len(rows), p=w / w.sum()))
        picked.append(rows.pop(j))
        used.add(s)
    return picked


@dataclass(frozen=True)
class Plan:
    """A month's plan: one row per review in ``assignments``; ``per_agent`` quota, planned
    and available counts; inspectors' loads; ``notes`` for agents the plan cannot cover."""

    month: str
    seed: int
    assignments: pd.DataFrame
    per_agent: pd.DataFrame
    loads: dict[str, int]
    notes: tuple[Reason, ...]
    min_per_agent: int
    max_per_agent: int

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "month": self.month,
            "seed": self.seed,
            "min": self.min_per_agent,
            "max": self.max_per_agent,
            "assignments": self.assignments[
                ["agent", "inspector", "interaction", "team", "channel", "contact_type"]
            ].to_dict(orient="records"),
            "per_agent": self.per_agent.to_dict(orient="records"),
            "inspectors": dict(self.loads),
            "notes": [r.as_dict(lang) for r in self.notes],  # type: ignore[arg-type]
        }


def make_plan(
    interactions: pd.DataFrame,
    staff: pd.DataFrame,
    month: str,
    rules: SamplingRules,
    *,
    seed: int = 0,
) -> Plan:
    """The sampling plan of ``month`` (``YYYY-MM``) for the agents and inspectors of
    ``staff`` over ``interactions`` (canonical columns; see module doc for the method)."""
    rng = np.random.default_rng(seed)
    agents, inspectors = staff_table(staff)
    pool = reviewable(interactions, month, rules)
    team_of: dict[str, str | None] = dict(zip(agents["person_id"], agents["team_id"], strict=True))
    if "team_id" in pool.columns:
        for a, t in pool.groupby("agent_id")["team_id"].first().items():
            if team_of.get(str(a)) is None and isinstance(t, str):
                team_of[str(a)] = t
    agent_ids = sorted(team_of)
    plan_q = quotas(agent_ids, len(inspectors), rules, rng)
    by_agent = {str(a): g for a, g in pool.groupby("agent_id", sort=True)}
    notes: list[Reason] = []
    drawn: dict[str, pd.DataFrame] = {}
    rows_per_agent: list[dict[str, Any]] = []
    for a in agent_ids:
        group = by_agent.get(a, pool.iloc[0:0])
        available = len(group)
        k = min(plan_q[a], available)
        if available < rules.min_per_agent:
            notes.append(
                reason(
                    "plan.too_few_interactions",
                    agent=a,
                    available=available,
                    month=month,
                    minimum=rules.min_per_agent,
                )
            )
        picks = _draw(group.reset_index(drop=True), k, rng) if k else []
        drawn[a] = group.reset_index(drop=True).iloc[picks]
        rows_per_agent.append(
            {"agent": a, "team": team_of[a], "quota": plan_q[a], "available": available}
        )
    # assignment to inspectors
    insp = list(zip(inspectors["person_id"], inspectors["team_id"], strict=True))
    load: dict[str, int] = {str(p): 0 for p, _ in insp}

    def eligible(a: str) -> list[str]:
        t = team_of[a]
        return [str(p) for p, pt in insp if not (rules.no_own_team and t is not None and pt == t)]

    order = sorted(agent_ids, key=lambda a: (len(eligible(a)), float(rng.random())))
    records: list[dict[str, Any]] = []
    planned: dict[str, int] = dict.fromkeys(agent_ids, 0)
    for a in order:
        chosen = drawn[a]
        if chosen.empty:
            continue
        who = eligible(a)
        if not who:
            notes.append(reason("plan.no_inspector", agent=a, team=team_of[a] or "—"))
            continue
        seen: dict[str, int] = dict.fromkeys(who, 0)
        for row in chosen.itertuples(index=False):
            ties = rng.random(len(who))
            j = min(range(len(who)), key=lambda i: (load[who[i]], seen[who[i]], ties[i]))
            p = who[j]
            load[p] += 1
            seen[p] += 1
            planned[a] += 1
            records.append(
                {
                    "agent": a,
                    "team": team_of[a],
                    "inspector": p,
                    "interaction": str(row.interaction_id),
                    "channel": str(row.channel),
                    "contact_type": str(row.contact_type),
                    "weight": float(row.weight),
                }
            )
    assignments = pd.DataFrame(records, columns=ASSIGNMENT_COLUMNS)
    assignments = assignments.sort_values(["agent", "interaction"], kind="stable").reset_index(
        drop=True
    )
    per_agent = pd.DataFrame(
        [{**r, "planned": planned[r["agent"]]} for r in rows_per_agent], columns=PER_AGENT_COLUMNS
    )
    return Plan(
        month=month,
        seed=seed,
        assignments=assignments,
        per_agent=per_agent,
        loads=load,
        notes=tuple(notes),
        min_per_agent=rules.min_per_agent,
        max_per_agent=rules.max_per_agent,
    )


def check_assignment(
    inspector: str,
    inspector_team: str | None,
    agent: str,
    agent_team: str | None,
    rules: SamplingRules,
) -> list[Reason]:
    """The no-own-team rule for one review (the web checks it when a review is reassigned)."""
    if rules.no_own_team and agent_team is not None and inspector_team == agent_team:
        return [reason("plan.own_team", inspector=inspector, agent=agent, team=agent_team)]
    return []


@dataclass(frozen=True)
class Progress:
    """Per agent: quota, done, expected by today, and flags; the notes in words."""

    month: str
    today: dt.date
    table: pd.DataFrame  # agent, team, quota, done, expected, behind, at_risk
    done_share: float
    notes: tuple[Reason, ...]

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "month": self.month,
            "today": self.today.isoformat(),
            "done_share": self.done_share,
            "agents": self.table.to_dict(orient="records"),
            "notes": [r.as_dict(lang) for r in self.notes],  # type: ignore[arg-type]
        }


def progress(plan: Plan, done: pd.DataFrame, today: dt.date, rules: SamplingRules) -> Progress:
    """How far the month's plan is: reviews done per agent (``done`` has ``agent_id`` or
    ``agent``, one row per finished review of the month) against the quota.

    ``expected = ⌊planned · d / D⌋`` on day *d* of a *D*-day month; an agent is ``behind``
    when done < expected, ``at_risk`` when reviews are still missing and at most
    ``warn_days_before_month_end`` days are left.
    """
    first, nxt = parse_month(plan.month)
    days = (nxt - first).days
    day = min(max((today - first).days + 1, 0), days)
    left = (nxt - today).days - 1 if first <= today < nxt else (0 if today >= nxt else days)
    col = "agent_id" if "agent_id" in done.columns else "agent"
    if col not in done.columns:
        raise InvalidInput("the reviews done need a column agent_id (or agent)")
    counts = done[col].astype(str).value_counts()
    rows: list[dict[str, Any]] = []
    notes: list[Reason] = []
    for r in plan.per_agent.itertuples(index=False):
        n_done = int(counts.get(r.agent, 0))
        target = int(r.planned)
        expected = math.floor(target * day / days)
        behind = n_done < expected
        at_risk = n_done < target and left <= rules.warn_days_before_month_end
        rows.append(
            {
                "agent": r.agent,
                "team": r.team,
                "quota": target,
                "done": n_done,
                "expected": expected,
                "behind": behind,
                "at_risk": at_risk,
            }
        )
        if at_risk:
            notes.append(
                reason(
                    "plan.short_at_month_end",
                    agent=r.agent,
                    missing=target - n_done,
                    days=max(left, 0),
                    month=plan.month,
                )
            )
        elif behind:
            notes.append(
                reason(
                    "plan.behind",
                    agent=r.agent,
                    done=n_done,
                    quota=target,
                    today=today.isoformat(),
                    expected=expected,
                )
            )
    table = pd.DataFrame(
        rows, columns=["agent", "team", "quota", "done", "expected", "behind", "at_risk"]
    )
    total = int(table["quota"].sum()) if len(table) else 0
    done_n = int(np.minimum(table["done"], table["quota"]).sum()) if len(table) else 0
    return Progress(
        month=plan.month,
        today=today,
        table=table,
        done_share=done_n / total if total else math.nan,
        notes=tuple(notes),
    )


def days_in_month(month: str) -> int:
    first, _ = parse_month(month)
    return calendar.monthrange(first.year, first.month)[1]
