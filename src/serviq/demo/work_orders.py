"""Work orders (工單) opened by contacts, with SLAs and the backlog a real centre carries.

A work order is due ``sla_hours[contact type]`` after it is opened. Time to close is
lognormal with median 0.45 × SLA and σ 0.7, so that about one order in eight overruns its
SLA; ``stuck_share`` are never closed (工單滯留, the open-order list a team lead chases);
orders that are still open at the end of the period form the backlog. Some closed orders
are reopened, some are supervised by the department director (督辦, more often when overdue),
and closed complaints and supervised orders are called back (回訪) with a result.
Statuses are as of ``as_of``, the end of the generated period; every change is also a row
of the event history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from serviq.demo.centre import CentreProfile

WORK_ORDER_COLUMNS = [
    "work_order_id", "interaction_id", "issue_key", "customer_key", "queue", "category",
    "team_id", "owner_id", "priority", "created_at", "assigned_at", "due_at", "status",
    "closed_at", "reopened", "reopened_at", "escalated", "escalated_at", "callback_done",
    "callback_at", "callback_result", "contacts",
]  # fmt: skip
EVENT_COLUMNS = ["work_order_id", "at", "status", "actor_id"]


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
    sla = first["contact_type"].map(cfg.sla_hours).fillna(48).to_numpy(float)
    assigned = created + pd.to_timedelta(np.round(rng.exponential(1800, n)), unit="s")
    due = created + pd.to_timedelta(sla, unit="h")
    hours_to_close = sla * 0.45 * np.exp(0.7 * rng.standard_normal(n))
    stuck = rng.random(n) < cfg.stuck_share
    closed = created + pd.to_timedelta(np.round(hours_to_close * 3600), unit="s")
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
    escalate = (
        rng.random(n) < np.where(overdue_now, 3 * cfg.escalate_share, cfg.escalate_share * 0.5)
    ) & ((created + (due - created) * 0.8) <= as_of).to_numpy()
    escalated_at = created + (due - created) * rng.uniform(0.6, 1.1, n)
    escalated_at = escalated_at.where(escalate)
    escalate &= (escalated_at <= as_of).fillna(False).to_numpy()
    escalated_at = escalated_at.where(escalate)
    complaint = (first["contact_type"] == "complaint").to_numpy()
    callback = final_closed & (complaint | escalate) & (rng.random(n) < cfg.callback_share)
    callback_at = closed_at + pd.to_timedelta(np.round(rng.uniform(2, 72, n) * 3600), unit="s")
    callback &= (callback_at <= as_of).fillna(False).to_numpy()
    p_bad = np.where(overdue_now, 0.35, 0.12)
    r = rng.random(n)
    result = np.where(r < 0.1, "unreachable", np.where(r < 0.1 + p_bad, "unsatisfied", "satisfied"))
    status = np.where(
        final_closed,
        "closed",
        np.where(
            reopen, "reopened", np.where((assigned <= as_of).to_numpy(), "in_progress", "open")
        ),
    )
    owner = first["agent_id"].to_numpy()
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
            "category": first["contact_type"].to_numpy(),
            "team_id": first["team_id"].to_numpy(),
            "owner_id": owner,
            "priority": priority,
            "created_at": created,
            "assigned_at": assigned,
            "due_at": due,
            "status": status,
            "closed_at": closed_at,
            "reopened": reopen,
            "reopened_at": reopened_at.where(reopen),
            "escalated": escalate,
            "escalated_at": escalated_at,
            "callback_done": callback,
            "callback_at": callback_at.where(callback),
            "callback_result": pd.array(np.where(callback, result, ""), dtype="str"),
            "contacts": first["work_order_id"].map(contacts).to_numpy().astype(np.int64),
        }
    )
    for c in (
        "work_order_id",
        "interaction_id",
        "issue_key",
        "customer_key",
        "queue",
        "category",
        "team_id",
        "owner_id",
        "priority",
        "status",
    ):
        out[c] = out[c].astype("str")
    # Event history: one row per change of status.
    ev = [
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": out["created_at"],
                "status": "open",
                "actor_id": out["owner_id"],
            }
        ),
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": out["assigned_at"],
                "status": "in_progress",
                "actor_id": out["owner_id"],
            }
        )[out["assigned_at"] <= as_of],
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": out["escalated_at"],
                "status": "escalated",
                "actor_id": "D01",
            }
        )[escalate],
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": closed,
                "status": "closed",
                "actor_id": out["owner_id"],
            }
        )[is_closed],
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": out["reopened_at"],
                "status": "reopened",
                "actor_id": out["owner_id"],
            }
        )[reopen],
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": reclosed,
                "status": "closed",
                "actor_id": out["owner_id"],
            }
        )[reclosed_ok],
        pd.DataFrame(
            {
                "work_order_id": out["work_order_id"],
                "at": out["callback_at"],
                "status": "callback_" + pd.Series(result, index=out.index),
                "actor_id": out["owner_id"],
            }
        )[callback],
    ]
    events = (
        pd.concat([e for e in ev if len(e)], ignore_index=True)
        if n
        else pd.DataFrame(columns=EVENT_COLUMNS)
    )
    if n:
        events = events.sort_values(["work_order_id", "at"], kind="stable").reset_index(drop=True)
        out.loc[~callback, "callback_result"] = pd.NA
    for c in ("work_order_id", "status", "actor_id"):
        events[c] = events[c].astype("str")
    return out[WORK_ORDER_COLUMNS], events[EVENT_COLUMNS]
