"""The feeds of a report's sections that are not indicators: what drives satisfaction at
contact level, themes from comments, quality inspection, and the workload tables.

Each feed takes the period's tables and returns plain values (dicts and lists, full
precision) that every rendering shows the same way.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from serviq.reports.inputs import local_times

#: Contact-level drivers: column → (label key, unit).
DRIVERS = {
    "wait_min": "wait",
    "handle_min": "handle",
    "transferred": "transfer",
    "hold_min": "hold",
    "repeat": "repeat",
}
DRIVER_NAMES = {
    "wait": {"zh-Hans": "等待时间（分钟）", "zh-Hant": "等待時間（分鐘）", "en": "Wait (minutes)"},
    "handle": {"zh-Hans": "处理时长（分钟）", "zh-Hant": "處理時長（分鐘）", "en": "Handling time (minutes)"},
    "transfer": {"zh-Hans": "转接", "zh-Hant": "轉接", "en": "Transferred"},
    "hold": {"zh-Hans": "保留时长（分钟）", "zh-Hant": "保留時長（分鐘）", "en": "Hold (minutes)"},
    "repeat": {"zh-Hans": "{days}天内重复来电", "zh-Hant": "{days}天內重複來電", "en": "Repeat contact within {days} days"},
}  # fmt: skip


def contact_frame(
    interactions: pd.DataFrame,
    timezone: str,
    only: pd.Series | None = None,
    *,
    window_days: float | None = None,
) -> pd.DataFrame:
    """Per contact: wait, handling and hold in minutes, transfer and repeat flags.

    A contact is a repeat when the same customer contacted the centre about the same issue
    in the ``window_days`` before it — the FCR window read backwards (``fcr_window_days`` of
    the centre's KPI definitions, 7 by default). ``only`` (interaction ids)
    limits the work to those contacts and the earlier contacts of the same customers and
    issues — the rows the drivers regression joins to.
    """
    df = interactions
    if only is not None:
        ids = set(only.astype(str))
        key_all = df["customer_key"].astype(str) + "|" + df.get("issue_key", "").astype(str)
        wanted = df["interaction_id"].astype(str).isin(ids)
        df = df[key_all.isin(set(key_all[wanted]))]
    arrived = pd.to_datetime(df["arrived_at"], utc=True)
    answered = pd.to_datetime(df["answered_at"], utc=True, errors="coerce")
    ended = pd.to_datetime(df["ended_at"], utc=True, errors="coerce")
    out = pd.DataFrame({"interaction_id": df["interaction_id"].astype(str)})
    out["wait_min"] = (answered - arrived).dt.total_seconds().to_numpy() / 60
    talk = (ended - answered).dt.total_seconds().to_numpy()
    hold = pd.to_numeric(df["hold_seconds"], errors="coerce").fillna(0).to_numpy()
    wrap = pd.to_numeric(df["wrapup_seconds"], errors="coerce").fillna(0).to_numpy()
    out["handle_min"] = (talk + hold + wrap) / 60
    out["hold_min"] = hold / 60
    out["transferred"] = df["transferred"].astype(bool).astype(float).to_numpy()
    key = df["customer_key"].astype(str) + "|" + df.get("issue_key", "").astype(str)
    seconds = (arrived - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds().to_numpy()
    order = np.argsort(seconds, kind="stable")
    t = seconds[order]
    k = key.to_numpy()[order]
    prev = pd.Series(t).groupby(k).shift(1).to_numpy(dtype=float)
    gap = t - prev
    rep = np.zeros(len(df))
    if window_days is None:
        from serviq.ops.definitions import load_kpi_config

        window_days = float(load_kpi_config().fcr_window_days)
    rep[order] = np.where(np.isfinite(gap) & (gap <= window_days * 86400), 1.0, 0.0)
    out["repeat"] = rep
    out.attrs["repeat_days"] = window_days
    out["month"] = local_times(df["arrived_at"], timezone).dt.strftime("%Y-%m").to_numpy()
    return out


def drivers(
    responses: pd.DataFrame, contacts: pd.DataFrame, outcome: str = "CSAT"
) -> dict[str, Any]:
    """The effect of wait, handling time, transfer, hold and repeat contact on satisfaction.

    Post-contact survey answers are joined to the contact they follow (``interaction_id``);
    ``outcome`` (the CSAT item, 1–5) is regressed on the five drivers by ordinary least
    squares with heteroscedasticity-robust (HC3) standard errors and 95 % intervals
    (statsmodels; MacKinnon & White, *Journal of Econometrics* 29, 1985). Each effect is the
    change in the mean answer for one more minute, or for a transferred or repeat contact.
    """
    if responses.empty or outcome not in responses.columns:
        return {"n": 0, "outcome": outcome, "effects": [], "r2": None}
    y = pd.to_numeric(responses[outcome], errors="coerce")
    joined = pd.DataFrame(
        {"interaction_id": responses["interaction_id"].astype(str), "y": y}
    ).merge(contacts, on="interaction_id", how="inner")
    cols = list(DRIVERS)
    joined = joined.dropna(subset=["y", *cols])
    n = len(joined)
    if n < len(cols) + 10:
        return {"n": n, "outcome": outcome, "effects": [], "r2": None}
    import statsmodels.api as sm

    X = sm.add_constant(joined[cols].astype(float), has_constant="add")
    X = X.loc[:, (X.std(ddof=0) > 0) | (X.columns == "const")]
    fit = sm.OLS(joined["y"].astype(float), X).fit(cov_type="HC3")
    ci = fit.conf_int(alpha=0.05)
    effects: list[dict[str, Any]] = []
    for col in cols:
        if col not in X.columns:
            continue
        effects.append(
            {
                "driver": DRIVERS[col],
                "names": {
                    lang: name.format(days=f"{contacts.attrs.get('repeat_days', 7):g}")
                    for lang, name in DRIVER_NAMES[DRIVERS[col]].items()
                },
                "effect": float(fit.params[col]),
                "lower": float(ci.loc[col, 0]),
                "upper": float(ci.loc[col, 1]),
                "p": float(fit.pvalues[col]),
                "mean": float(joined[col].mean()),
            }
        )
    effects.sort(
        key=lambda e: -abs(e["effect"] * (1 if e["driver"] in ("transfer", "repeat") else 5))
    )
    return {
        "n": n,
        "outcome": outcome,
        "effects": effects,
        "r2": float(fit.rsquared),
        "method": "OLS, HC3 robust standard errors (statsmodels)",
    }


def themes(comments: pd.DataFrame, lang: str, top: int = 8, quotes: int = 2) -> dict[str, Any]:
    """Themes of the period's comments by the centre's code book, with masked quotes.

    Comments are masked (:func:`serviq.text.redaction.redact`) before they are coded or
    quoted, so no quote carries a phone, card or ID number.
    """
    if comments.empty or "text" not in comments.columns:
        return {"n": 0, "themes": []}
    from serviq.text.codebook import autocode, load_codebook
    from serviq.text.redaction import redact

    book = load_codebook()
    texts = ["" if not isinstance(t, str) else t for t in comments["text"]]
    unique = list(dict.fromkeys(texts))  # the same comment is coded once
    codes_of = dict(zip(unique, autocode(unique, book), strict=True))
    coded = [codes_of[t] for t in texts]
    counts: dict[str, int] = {}
    examples: dict[str, list[str]] = {}
    for text, codes in zip(texts, coded, strict=True):
        for c in codes:
            counts[c] = counts.get(c, 0) + 1
            if len(examples.setdefault(c, [])) < quotes and text:
                examples[c].append(redact(text, lang=lang))
    labels = {c.code: c.labels for c in book.codes}
    n = len(texts)
    rows = [
        {
            "code": code,
            "name": labels[code].get(lang) if code in labels else code,
            "count": count,
            "share": count / n if n else None,
            "quotes": examples.get(code, []),
        }
        for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    ]
    return {"n": n, "themes": rows}


def qa_section(reviews: pd.DataFrame) -> dict[str, Any]:
    """The month's QA: the centre's mean score with its interval, per team, the defect Pareto,
    and how far the inspectors agree (reviews scored by more than one inspector)."""
    if reviews.empty:
        return {"n": 0}
    from serviq.qa.evaluation import defect_pareto
    from serviq.qa.scorecard import load_scorecard
    from serviq.qa.scoring import score_table

    card = load_scorecard()
    scored = score_table(reviews.reset_index(drop=True), card)
    score = pd.to_numeric(scored["score"], errors="coerce").dropna()
    n = int(score.size)
    mean = float(score.mean()) if n else None
    half = 1.96 * float(score.std(ddof=1)) / math.sqrt(n) if n > 1 else None
    teams = []
    if "team_id" in scored.columns:
        for team, part in scored.groupby("team_id", sort=True):
            s = pd.to_numeric(part["score"], errors="coerce").dropna()
            h = 1.96 * float(s.std(ddof=1)) / math.sqrt(len(s)) if len(s) > 1 else None
            teams.append(
                {
                    "team": str(team),
                    "n": len(s),
                    "score": float(s.mean()) if len(s) else None,
                    "lower": None if h is None else float(s.mean()) - h,
                    "upper": None if h is None else float(s.mean()) + h,
                }
            )
    pareto = defect_pareto(scored, card)
    return {
        "n": n,
        "score": mean,
        "lower": None if half is None or mean is None else mean - half,
        "upper": None if half is None or mean is None else mean + half,
        "agents": int(scored["agent_id"].nunique()) if "agent_id" in scored.columns else None,
        "teams": teams,
        "pareto": [
            {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in pareto.to_dict(orient="records")
        ],
    }


def calibration(scores: pd.DataFrame, lang: str = "en") -> list[dict[str, Any]]:
    """How far the QA inspectors agree, per calibration session of the month.

    ``scores`` are long rows (``interaction_id``, ``inspector_id``, ``item``, ``score``; a
    ``session`` column separates several sessions, else one per ``month``). Each session is
    :func:`serviq.qa.calibration.calibrate` with the centre's calibration rules: the
    intraclass correlation of each inspector's mean over the items of a contact (the form
    in ``calibration.icc_form``, Shrout & Fleiss 1979 / McGraw & Wong 1996, with its 95 %
    interval) and Krippendorff's α over every contact × item (interval level; Krippendorff
    2004, bootstrap interval), and the items flagged below ``calibration.flag_below``.
    """
    if scores.empty or not {"interaction_id", "inspector_id", "item", "score"} <= set(
        scores.columns
    ):
        return []
    from serviq.qa.calibration import calibrate
    from serviq.qa.ruleset import load_qa_rules
    from serviq.qa.scorecard import load_scorecard

    rules = load_qa_rules().calibration
    card = load_scorecard()
    key = "session" if "session" in scores.columns else "month"
    out: list[dict[str, Any]] = []
    for session, part in scores.groupby(scores[key].astype(str), sort=True):
        cols = ["interaction_id", "inspector_id", "item", "score"]
        result = calibrate(part[cols].reset_index(drop=True), rules, card=card)
        overall = None
        if result.overall is not None:
            row = result.overall[rules.icc_form]
            overall = {"icc": row.ICC, "lower": row.lower, "upper": row.upper}
        out.append(
            {
                "session": str(session),
                "contacts": int(part["interaction_id"].nunique()),
                "inspectors": int(part["inspector_id"].nunique()),
                "icc_form": rules.icc_form,
                "icc": None if overall is None else overall["icc"],
                "icc_lower": None if overall is None else overall["lower"],
                "icc_upper": None if overall is None else overall["upper"],
                "alpha": _finite_or_none(result.overall_alpha),
                "alpha_lower": _finite_or_none(result.overall_alpha_ci[0]),
                "alpha_upper": _finite_or_none(result.overall_alpha_ci[1]),
                "flagged": [a.item for a in result.items if a.flagged],
            }
        )
    return out


def _finite_or_none(v: float) -> float | None:
    return float(v) if v is not None and math.isfinite(v) else None


def workload(interactions: pd.DataFrame, by: str = "team_id") -> list[dict[str, Any]]:
    """Contacts per ``by`` and contact type (consultation, enquiry, transaction, complaint,
    proactive), answered and abandoned: the daily and weekly workload tables."""
    if interactions.empty:
        return []
    group = (
        interactions[by].astype("string").fillna("—")
        if by in interactions.columns
        else pd.Series("—", index=interactions.index)
    )
    df = interactions.assign(_group=group.astype(str))
    table = df.pivot_table(
        index="_group",
        columns="contact_type",
        values="interaction_id",
        aggfunc="count",
        fill_value=0,
    )
    rows = []
    for group, row in table.sort_index().iterrows():
        part = df[df["_group"] == group]
        rows.append(
            {
                "group": str(group),
                "total": int(row.sum()),
                "types": {str(k): int(v) for k, v in row.items()},
                "answered": int(part["answered_at"].notna().sum()),
                "abandoned": int(part["abandoned"].astype(bool).sum()),
            }
        )
    return rows
