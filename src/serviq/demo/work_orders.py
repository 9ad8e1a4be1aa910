"""Work orders (工單) opened by contacts, with SLAs and the backlog a real centre carries.

A work order is due ``sla_hours[contact type]`` after it is opened. Time to close is
lognormal with median 0.45 × SLA and σ 0.7, so that about one order in eight overruns its
SLA; ``stuck_share`` are never closed (工單滯留, the open-order list a team lead chases);
orders that are still open at the end of the period form the backlog. Some closed orders
are reopened, some are supervised by the department director (督辦, more often when overdue),
and closed complaints and supervised orders are called back (回訪) with a result.
Statuses (created, assigned, in_progress, escalated, closed, reopened) are as of ``as_of``,
the end of the generated period; every change is also a row of the event history. Columns
and values are those of ``serviq.ops.schemas`` (WORK_ORDERS, WORK_ORDER_EVENTS), plus
``issue_key``, ``priority``, ``reopened_at``, ``escalated_at`` and ``contacts``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from serviq.demo.centre import CentreProfile

WORK_ORDER_COLUMNS = [
    "work_order_id", "interaction_id", "issue_key", "customer_key", "queue", "contact_type",
    "team_id", "owner_id", "priority", "created_at", "assigned_at", "due_at", "status",
    "first_closed_at", "closed_at", "reopened_count", "reopened_at", "escalated",
    "escalated_at", "callback_required", "callback_done", "callback_at", "callback_result",
    "contacts",
]  # fmt: skip
EVENT_COLUMNS = ["work_order_id", "at", "status", "actor_id", "note"]


def build_work_orders(
    interactions: pd.DataFrame,
    profile: CentreProfile,
    as_of: pd.Timestamp,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Work orders and their status history from the interactions that opened them."""
    has = interactions[interactions["work_order_id"].notna()]
    contacts = has.groupby("work_order_id").size()
    first = has.drop_duplicates("work_order_id", keep="first").reset_index(drop=True)
    n = len(first)
    cfg = profile.work_orders
    created = first["ended_at"] + pd.to_timedelta(np.round(rng.uniform(30, 600, n)), unit="s")
    if n:  # a contact ending just before midnight opens its order just after: still in the data
        as_of = max(as_of, created.max())
    sla = first["contact_type"].map(cfg.sla_hours).fillna(48).to_numpy(float)
    assigned = created + pd.to_timedelta(np.round(rng.exponential(1800, n)), unit="s")
    due = created + pd.to_timedelta(sla, unit="h")
    hours_to_close = sla * 0.45 * np.exp(0.7 * rng.standard_normal(n))
    stuck = rng.random(n) < cfg.stuck_share
    closed = created + pd.to_timedelta(np.round(hours_to_close * 3600), unit="s")
    # Worked on before it is closed: never closed before it was assigned and started.
    started_at = assigned + pd.Timedelta(minutes=30)
    closed = closed.where(
        closed > started_at,
        started_at + pd.to_timedelta(np.round(rng.uniform(300, 3600, n)), unit="s"),
    )
    is_closed = ~stuck & (closed <= as_of).to_numpy()
    reopen = is_closed & (rng.random(n) < cfg.reopen_share)
    reopened_at = closed + pd.to_timedelta(np.round(rng.uniform(0.5, 5, n) * 86400), unit="s")
    reopen &= (reopened_at <= as_of).to_numpy()
    reclosed = closed + pd.to_timedelta(
        np.round(
            (hours_to_close + rng.uniform(24, 96, n)) * 3600
            + (reopened_at - closed).dt.total_seconds()
        ),
        unit="s",
    )
    reclosed_ok = reopen & (reclosed <= as_of).to_numpy()
    final_closed = np.where(reopen, reclosed_ok, is_closed)
    closed_at = pd.Series(np.where(reopen, reclosed, closed), index=first.index).where(final_closed)
    overdue_now = np.where(final_closed, (closed_at > due).to_numpy(), (due < as_of).to_numpy())
    hard = (
        first["hard_case"].fillna(False).to_numpy(bool)
        if "hard_case" in first
        else np.zeros(n, dtype=bool)
    )
    p_escalate = np.where(overdue_now, 3 * cfg.escalate_share, cfg.escalate_share * 0.5)
    p_escalate = np.minimum(p_escalate * np.where(hard, cfg.hard_case_escalate_factor, 1.0), 1.0)
    escalate = (rng.random(n) < p_escalate) & (
        (created + (due - created) * 0.8) <= as_of
    ).to_numpy()
    escalated_at = (created + (due - created) * rng.uniform(0.6, 1.1, n)).dt.round("s")
    # The director supervises an order still open: before its first close.
    escalated_at = escalated_at.where(
        ~is_closed | (escalated_at < closed), created + (closed - created) * 0.7
    ).dt.round("s")
    escalated_at = escalated_at.where(escalate)
    escalate &= (escalated_at <= as_of).fillna(False).to_numpy()
    escalated_at = escalated_at.where(escalate)
    complaint = (first["contact_type"] == "complaint").to_numpy()
    callback = final_closed & (complaint | escalate) & (rng.random(n) < cfg.callback_share)
    callback_at = closed_at + pd.to_timedelta(np.round(rng.uniform(2, 72, n) * 3600), unit="s")
    callback &= (callback_at <= as_of).fillna(False).to_numpy()
    p_bad = np.where(overdue_now, 0.3, 0.1)
    r = rng.random(n)
    result = np.select(
        [r < 0.1, r < 0.1 + p_bad, r < 0.25 + p_bad],
        ["unreachable", "dissatisfied", "neutral"],
        "satisfied",
    )
    is_assigned = (assigned <= as_of).to_numpy()
    started = (assigned + pd.Timedelta(minutes=30) <= as_of).to_numpy()
    status = np.select(
        [final_closed, reopen, escalate, started, is_assigned],
        ["closed", "reopened", "escalated", "in_progress", "assigned"],
        "created",
    )
    priority = np.where(
        complaint & escalate, "urgent", np.where(complaint | escalate, "high", "normal")
    )
    out = pd.DataFrame(
        {
            "work_order_id": first["work_order_id"].to_numpy(),
            "interaction_id": first["interaction_id"].to_numpy(),
            "issue_key": first["issue_key"].to_numpy(),
            "customer_key": first["customer_key"].to_numpy(),
            "queue": first["queue"].to_numpy(),
            "contact_type": first["contact_type"].to_numpy(),
            "team_id": first["team_id"].to_numpy(),
            "owner_id": first["agent_id"].to_numpy(),
            "priority": priority,
            "created_at": created,
            "assigned_at": assigned,
            "due_at": due,
            "status": status,
            "first_closed_at": closed.where(is_closed),
            "closed_at": closed_at,
            "reopened_count": reopen.astype(np.int64),
            "reopened_at": reopened_at.where(reopen),
            "escalated": escalate,
            "escalated_at": escalated_at,
            "callback_required": complaint | escalate,
            "callback_done": callback,
            "callback_at": callback_at.where(callback),
            "callback_result": pd.Series(result, index=first.index).where(callback),
            "contacts": first["work_order_id"].map(contacts).to_numpy().astype(np.int64),
        }
    )
    text = ("work_order_id", "interaction_id", "issue_key", "customer_key", "queue",
            "contact_type", "team_id", "owner_id", "priority", "status", "callback_result")  # fmt: skip
    for c in text:
        out[c] = out[c].astype("str")
    # Event history: one row per change of status.
    ids, owners = out["work_order_id"], out["owner_id"]

    def rows(
        at: pd.Series, status: str, keep: np.ndarray, actor: object = None, note: object = None
    ) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "work_order_id": ids,
                "at": at,
                "status": status,
                "actor_id": owners if actor is None else actor,
                "note": note,
            }
        )
        return frame[keep]

    parts = [
        rows(out["created_at"], "created", np.ones(n, dtype=bool)),
        rows(out["assigned_at"], "assigned", is_assigned),
        rows(out["assigned_at"] + pd.Timedelta(minutes=30), "in_progress", started),
        rows(out["escalated_at"], "escalated", escalate, "D01", "督办：请尽快处理"),
        rows(closed, "closed", is_closed),
        rows(out["reopened_at"], "reopened", reopen, None, "客户反映问题未解决"),
        rows(reclosed, "closed", reclosed_ok),
    ]
    events = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if n
        else pd.DataFrame(columns=EVENT_COLUMNS)
    )
    if n:
        events = events.sort_values(["work_order_id", "at"], kind="stable").reset_index(drop=True)
        for c in ("work_order_id", "status", "actor_id", "note"):
            events[c] = events[c].astype("str")
    return out[WORK_ORDER_COLUMNS], events[EVENT_COLUMNS]
