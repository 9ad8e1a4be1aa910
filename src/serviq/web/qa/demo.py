"""QA in ``serviq demo``: the synthetic centre's reviews of the earlier months are stored as
scored; the last month gets its sampling plan from the database, and about three in five of
its reviews are scored with the generator's ratings, so the inspector has work left, the
agents have reviews to dispute, and the dashboard's QA indicators have data."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from serviq.web.qa import actions


def load_demo_qa(
    reviews: pd.DataFrame,
    calibration: pd.DataFrame | None = None,
    *,
    seed: int = 0,
    now: dt.datetime | None = None,
    calibration_months: int | None = None,
) -> dict[str, int]:
    """Store the demo's QA (``serviq.demo``'s ``qa_reviews`` and ``qa_calibration``: one
    calibration session a month); returns what was stored. With ``now`` (a demo that lives
    in today) the last month's plan has no review scored before its contact is a day old;
    ``calibration_months`` keeps the calibration sessions of only the latest months (each
    session's agreement statistics take a moment to compute)."""
    if calibration is not None:
        months = sorted(calibration["month"].astype(str).unique())
        keep = months[-calibration_months:] if calibration_months else months
        calibration = calibration[calibration["month"].astype(str).isin(keep)]
        for month, group in calibration.groupby(calibration["month"].astype(str), sort=True):
            actions.run_calibration(str(month), f"calibration {month}", group)
    if reviews.empty:
        return {"reviews": 0, "planned": 0, "scored": 0}
    months = sorted(reviews["month"].astype(str).unique())
    last = months[-1]
    earlier = actions.load_reviews(reviews[reviews["month"].astype(str) != last])
    plan = actions.make_plan(last, seed=seed)
    ratings = reviews[reviews["month"].astype(str) == last]
    scored = actions.score_plan_from(plan, ratings, share=0.6, now=now)
    return {"reviews": earlier, "planned": plan.reviews.count(), "scored": scored}
