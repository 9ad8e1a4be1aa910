"""QA reviews (質檢): every agent 1–5 times a month, by inspectors of another team.

Each review scores one of the agent's answered contacts of the month on the source's five
items of the comprehensive service-quality evaluation form (R-QA-2) — ``service_language``,
``attitude``, ``tone``, ``needs_summary``, ``adaptability`` — from 1 to 5, and three
compliance items passed/failed: ``greeting_closing`` (R-OPS-4), ``identity_verification`` and
``confidentiality`` (R-OPS-2). Score = 3.6 + 0.8·q_agent + b_inspector + item effect +
contact effect + noise, rounded and clipped, where q_agent grows with skill and b_inspector is
the inspector's leniency (so calibration has a bias to find). A calibration table has every
inspector score the same ten contacts each month, for ICC and Krippendorff's alpha.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

QA_ITEMS = ("service_language", "attitude", "tone", "needs_summary", "adaptability")
COMPLIANCE = ("greeting_closing", "identity_verification", "confidentiality")
ITEM_EFFECT = np.array([0.15, 0.1, 0.0, -0.25, -0.35])
REVIEW_COLUMNS = ["review_id", "month", "interaction_id", "agent_id", "team_id", "inspector_id",
                  "inspector_team_id", "reviewed_at", *QA_ITEMS, *COMPLIANCE]  # fmt: skip


def build_reviews(
    interactions: pd.DataFrame,
    people: pd.DataFrame,
    reviews_range: tuple[int, int],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The month's reviews of every agent and the calibration scores (long format)."""
    agents = people[people["role"] == "agent"].set_index("person_id")
    inspectors = people[people["role"] == "qa_inspector"].reset_index(drop=True)
    quality = rng.normal(0.3 * (agents["skill_level"].to_numpy() - 2), 0.45)
    q_of = dict(zip(agents.index, quality, strict=True))
    leniency = rng.normal(0, 0.3, len(inspectors))
    answered = interactions[
        ~interactions["abandoned"] & interactions["channel"].isin(["phone", "chat", "app"])
    ]
    month = answered["arrived_at"].dt.strftime("%Y-%m")
    rows: list[dict[str, object]] = []
    lo, hi = reviews_range
    for (mon, agent), grp in answered.groupby([month, "agent_id"], sort=True):
        team = agents.at[agent, "team_id"]
        allowed = np.flatnonzero(inspectors["team_id"].to_numpy() != team)
        k = min(len(grp), int(rng.integers(lo, hi + 1)))
        picks = grp.iloc[rng.choice(len(grp), size=k, replace=False)]
        for _, contact in picks.iterrows():
            j = int(rng.choice(allowed))
            effect = (
                -0.3 * bool(contact["transferred"])
                - 0.2 * (contact["contact_type"] == "complaint")
                - 0.25 * (not contact["resolved"])
            )
            raw = (
                3.6
                + 0.8 * q_of[agent]
                + leniency[j]
                + ITEM_EFFECT
                + effect
                + rng.normal(0, 0.55, len(QA_ITEMS))
            )
            scores = np.clip(np.round(raw), 1, 5).astype(int)
            skill = int(agents.at[agent, "skill_level"])
            row: dict[str, object] = {
                "month": mon,
                "interaction_id": contact["interaction_id"],
                "agent_id": agent,
                "team_id": team,
                "inspector_id": inspectors.at[j, "person_id"],
                "inspector_team_id": inspectors.at[j, "team_id"],
                "reviewed_at": contact["ended_at"] + pd.Timedelta(hours=float(rng.uniform(4, 120))),
                "greeting_closing": bool(rng.random() > (0.1 if skill == 1 else 0.04)),
                "identity_verification": bool(rng.random() > 0.04),
                "confidentiality": bool(rng.random() > 0.015),
            }
            row.update(dict(zip(QA_ITEMS, scores.tolist(), strict=True)))
            rows.append(row)
    reviews = pd.DataFrame(rows, columns=[c for c in REVIEW_COLUMNS if c != "review_id"])
    reviews.insert(0, "review_id", [f"QA{i:06d}" for i in range(1, len(reviews) + 1)])
    # Calibration: all inspectors score the same ten contacts each month.
    cal: list[dict[str, object]] = []
    for mon, grp in answered.groupby(month, sort=True):
        picks = grp.iloc[rng.choice(len(grp), size=min(10, len(grp)), replace=False)]
        for _, contact in picks.iterrows():
            truth = (
                3.5
                + 0.8 * q_of.get(contact["agent_id"], 0.0)
                + ITEM_EFFECT
                + rng.normal(0, 0.5, len(QA_ITEMS))
            )
            for j in range(len(inspectors)):
                scores = np.clip(
                    np.round(truth + leniency[j] + rng.normal(0, 0.35, len(QA_ITEMS))), 1, 5
                ).astype(int)
                for item, s in zip(QA_ITEMS, scores.tolist(), strict=True):
                    cal.append(
                        {
                            "month": mon,
                            "interaction_id": contact["interaction_id"],
                            "inspector_id": inspectors.at[j, "person_id"],
                            "item": item,
                            "score": s,
                        }
                    )
    calibration = pd.DataFrame(
        cal, columns=["month", "interaction_id", "inspector_id", "item", "score"]
    )
    for df in (reviews, calibration):
        for c in df.columns:
            if df[c].dtype == object:
                df[c] = df[c].astype("str")
    return reviews, calibration
