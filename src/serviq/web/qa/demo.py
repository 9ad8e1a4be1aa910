"""QA in ``serviq demo``: the synthetic centre's reviews of the earlier months are stored as
scored; the last month gets its sampling plan from the database, and about three in five of
its reviews are scored with the generator's ratings, so the inspector has work left, the
agents have reviews to dispute, and the dashboard's QA indicators have data."""

from __future__ import annotations

import pandas as pd

from serviq.web.qa import actions


def load_demo_qa(
    reviews: pd.DataFrame, calibration: pd.DataFrame | None = None, *, seed: int = 0
) -> dict[str, int]:
    """Store the demo's QA (``serviq.demo``'s ``qa_reviews`` and ``qa_calibration``: one
    calibration session a month); returns what was stored."""
    if calibration is not None:
        for month, group in calibration.groupby(calibration["month"].astype(str), sort=True):
            actions.run_calibration(str(month), f"calibration {month}", group)
    if reviews.empty:
        return {"reviews": 0, "planned": 0, "scored": 0}
    months = sorted(reviews["month"].astype(str).unique())
    last = months[-1]
    earlier = actions.load_reviews(reviews[reviews["month"].astype(str) != last])
    plan = actions.make_plan(last, seed=seed)
    ratings = reviews[reviews["month"].astype(str) == last]
    scored = actions.score_plan_from(plan, ratings, share=0.6)
    return {"reviews": earlier, "planned": plan.reviews.count(), "scored": scored}
