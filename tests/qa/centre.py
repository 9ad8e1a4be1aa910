"""A small synthetic centre for the QA tests (interactions and staff)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def centre(
    n_agents: int = 12,
    teams: int = 3,
    inspector_teams: tuple[str | None, ...] = ("T1", "T2", None),
    contacts: int = 600,
    seed: int = 0,
    month: str = "2026-03",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Interactions (canonical columns) and staff of a small centre in Asia/Shanghai."""
    rng = np.random.default_rng(seed)
    agents = [f"A{i:03d}" for i in range(1, n_agents + 1)]
    team = {a: f"T{i % teams + 1}" for i, a in enumerate(agents)}
    start = pd.Timestamp(f"{month}-01", tz="Asia/Shanghai")
    arrived = start + pd.to_timedelta(rng.uniform(0, 28 * 86400, contacts), unit="s")
    inter = pd.DataFrame(
        {
            "interaction_id": [f"I{i:05d}" for i in range(contacts)],
            "channel": rng.choice(["phone", "chat", "email"], contacts),
            "queue": "retail",
            "contact_type": rng.choice(["query", "complaint", "transaction"], contacts),
            "agent_id": rng.choice(agents, contacts),
            "arrived_at": arrived,
            "answered_at": arrived + pd.Timedelta(seconds=15),
            "ended_at": arrived + pd.to_timedelta(rng.uniform(60, 900, contacts), unit="s"),
            "hold_seconds": 0,
            "wrapup_seconds": 30,
            "abandoned": False,
            "csat": rng.integers(1, 6, contacts).astype(float),
        }
    )
    inter["team_id"] = inter["agent_id"].map(team)
    staff = pd.DataFrame(
        {
            "person_id": agents + [f"Q{i + 1}" for i in range(len(inspector_teams))],
            "role": ["agent"] * n_agents + ["qa_inspector"] * len(inspector_teams),
            "team_id": [team[a] for a in agents] + list(inspector_teams),
        }
    )
    return inter, staff
