"""The weekly QA analysis, the training plan drawn from it (R-QA-3) and the monthly summary.

**Weekly analysis** of the week's scored reviews: how many, the mean score, the Pareto of
defects, critical failures, the agents whose mean score is below ``agent_below`` and the
items whose mean normalised score is below ``item_below``.

**Training plan.** For every item and team: the team's reviewed agents who lost points on
the item (a defect, :func:`serviq.qa.evaluation.defect_pareto`'s rule). When at least
``team_min_agents`` of them and at least ``team_share`` of the team's reviewed agents share
it, the team is trained as a whole and the problem is explained at roll call (R-QA-3:
共性問題在班前會講解); otherwise each agent with the defect gets individual coaching. Tasks
are data the inspector edits and tracks::

    planned ──schedule──▶ scheduled ──complete (with a note)──▶ done
       └──────────────cancel──────────────┴──▶ cancelled

**Monthly summary** per agent (mean review score, n, interval) and the centre's QA score —
the mean of all the month's review scores — for the indicator system's QA indicator.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pandas as pd

from serviq.errors import InvalidInput
from serviq.qa.decisions import Decision, Reason, reason
from serviq.qa.evaluation import agent_scores, defect_pareto
from serviq.qa.ruleset import EvaluationRules, TrainingRules
from serviq.qa.scorecard import Scorecard

TaskStatus = Literal["planned", "scheduled", "done", "cancelled"]
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "planned": ("scheduled", "done", "cancelled"),
    "scheduled": ("done", "cancelled", "planned"),
    "done": (),
    "cancelled": (),
}


@dataclass(frozen=True)
class WeeklyAnalysis:
    week: str
    n_reviews: int
    mean_score: float
    pareto: pd.DataFrame
    critical: pd.DataFrame  # review rows with a critical failure
    agents_below: pd.DataFrame  # agent, team, n, score
    items_below: pd.DataFrame  # item, mean, rated

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "n_reviews": self.n_reviews,
            "mean_score": self.mean_score,
            "pareto": self.pareto.to_dict(orient="records"),
            "critical": self.critical.to_dict(orient="records"),
            "agents_below": self.agents_below.to_dict(orient="records"),
            "items_below": self.items_below.to_dict(orient="records"),
        }


def weekly_analysis(
    scored: pd.DataFrame,
    card: Scorecard,
    week: str,
    training: TrainingRules,
    evaluation: EvaluationRules,
    *,
    agent: str = "agent_id",
    team: str = "team_id",
) -> WeeklyAnalysis:
    """The findings of one week's scored reviews (``scored`` holds that week only)."""
    y = pd.to_numeric(scored["score"], errors="coerce")
    by_agent = (
        scored.assign(_y=y)
        .groupby(agent, sort=True)
        .agg(
            team=(team, "first") if team in scored.columns else ("_y", "size"),
            n=("_y", "size"),
            score=("_y", "mean"),
        )
        .reset_index()
        .rename(columns={agent: "agent"})
    )
    if team not in scored.columns:
        by_agent["team"] = None
    below = by_agent[by_agent["score"] < training.agent_below].reset_index(drop=True)
    item_rows = []
    for it in card.items:
        x = pd.to_numeric(scored[f"norm_{it.code}"], errors="coerce")
        m = float(x.mean()) if x.notna().any() else math.nan
        if not math.isnan(m) and m < training.item_below:
            item_rows.append({"item": it.code, "mean": m, "rated": int(x.notna().sum())})
    cols = [
        c for c in ("review_id", "interaction_id", agent, "inspector_id") if c in scored.columns
    ]
    crit = scored.loc[scored["critical_failed"].astype(bool), cols].reset_index(drop=True)
    return WeeklyAnalysis(
        week=week,
        n_reviews=len(scored),
        mean_score=float(y.mean()) if len(y) else math.nan,
        pareto=defect_pareto(scored, card, evaluation.defect_below),
        critical=crit,
        agents_below=below,
        items_below=pd.DataFrame(item_rows, columns=["item", "mean", "rated"]),
    )


@dataclass(frozen=True)
class TrainingTask:
    """One line of the training plan; ``scope`` is ``team`` (with ``roll_call``) or
    ``individual``."""

    id: str
    item: str
    scope: Literal["team", "individual"]
    team: str | None
    agents: tuple[str, ...]
    why: Reason
    due: dt.date
    roll_call: bool = False
    status: TaskStatus = "planned"
    owner: str | None = None
    note: str = ""
    history: tuple[tuple[str, str, str, str], ...] = field(default=())  # (at, actor, from, to)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "id": self.id,
            "item": self.item,
            "scope": self.scope,
            "team": self.team,
            "agents": list(self.agents),
            "why": self.why.as_dict(lang),  # type: ignore[arg-type]
            "due": self.due.isoformat(),
            "roll_call": self.roll_call,
            "status": self.status,
            "owner": self.owner,
            "note": self.note,
            "history": [list(h) for h in self.history],
        }


def training_plan(
    scored: pd.DataFrame,
    card: Scorecard,
    training: TrainingRules,
    evaluation: EvaluationRules,
    *,
    start: dt.date,
    agent: str = "agent_id",
    team: str = "team_id",
    prefix: str = "TR",
) -> tuple[TrainingTask, ...]:
    """Team or individual training tasks from a period's scored reviews (module doc)."""
    teams = (
        scored[team].astype(str) if team in scored.columns else pd.Series("—", index=scored.index)
    )
    agents = scored[agent].astype(str)
    due = start + dt.timedelta(days=training.due_days)
    tasks: list[TrainingTask] = []
    for it in card.items:
        x = pd.to_numeric(scored[f"norm_{it.code}"], errors="coerce")
        defect = x < evaluation.defect_below
        for t in sorted(teams.unique()):
            in_team = teams == t
            reviewed = sorted(agents[in_team].unique())
            hit = agents[in_team & defect]
            with_defect = sorted(hit.unique())
            if not with_defect:
                continue
            share = len(with_defect) / len(reviewed)
            if len(with_defect) >= training.team_min_agents and share >= training.team_share:
                why = reason(
                    "training.team_wide",
                    count=len(with_defect),
                    of=len(reviewed),
                    team=t,
                    item=it.code,
                )
                tasks.append(
                    TrainingTask(
                        id=f"{prefix}{len(tasks) + 1:03d}",
                        item=it.code,
                        scope="team",
                        team=t,
                        agents=tuple(reviewed),
                        why=why,
                        due=due,
                        roll_call=True,
                    )
                )
                continue
            for a in with_defect:
                mine = agents == a
                why = reason(
                    "training.individual",
                    agent=a,
                    item=it.code,
                    **card.names_of(it.code),
                    count=int((mine & defect).sum()),
                    of=int((mine & x.notna()).sum()),
                )
                tasks.append(
                    TrainingTask(
                        id=f"{prefix}{len(tasks) + 1:03d}",
                        item=it.code,
                        scope="individual",
                        team=t,
                        agents=(a,),
                        why=why,
                        due=due,
                    )
                )
    return tuple(tasks)


def advance(
    task: TrainingTask, to: TaskStatus, *, actor: str, at: dt.datetime, note: str = ""
) -> TrainingTask:
    """Move a task along its status machine; ``done`` needs a note of what was done."""
    if to not in TRANSITIONS[task.status]:
        Decision.of(
            [reason("training.bad_transition", status=task.status, to=to)]
        ).raise_if_refused()
    if to == "done" and not note.strip():
        Decision.of([reason("training.evidence_required")]).raise_if_refused()
    return replace(
        task,
        status=to,
        note=note or task.note,
        history=(*task.history, (at.isoformat(), actor, task.status, to)),
    )


def edit(task: TrainingTask, **changes: Any) -> TrainingTask:
    """Change a task's agents, due date, owner or note while it is not finished."""
    allowed = {"agents", "due", "owner", "note", "scope", "roll_call"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(
            f"cannot edit {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}"
        )
    if task.status in ("done", "cancelled"):
        Decision.of(
            [reason("training.bad_transition", status=task.status, to="planned")]
        ).raise_if_refused()
    if "agents" in changes:
        changes["agents"] = tuple(changes["agents"])
    return replace(task, **changes)


@dataclass(frozen=True)
class MonthlySummary:
    """Per agent: n, score, interval; the centre's QA score (mean of all review scores);
    per item and section the month's mean on 0–100 (the indicator system's ``qa_item``
    references: ``total``, item codes, section codes)."""

    month: str
    agents: pd.DataFrame
    centre: float
    n_reviews: int
    items: dict[str, float] = field(default_factory=dict)

    def indicator_values(self) -> dict[str, float]:
        """``agent → score`` and ``"centre"`` → the centre's QA score, for the QA indicator."""
        out = {str(r.agent): float(r.score) for r in self.agents.itertuples(index=False)}
        out["centre"] = self.centre
        return out

    def qa_item_values(self) -> dict[str, float]:
        """``total`` and every item and section code → the month's mean on 0–100."""
        return {"total": self.centre, **self.items}

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "centre": self.centre,
            "n_reviews": self.n_reviews,
            "agents": self.agents.to_dict(orient="records"),
            "items": dict(self.items),
        }


def monthly_summary(
    scored: pd.DataFrame,
    month: str,
    evaluation: EvaluationRules,
    *,
    card: Scorecard | None = None,
    agent: str = "agent_id",
) -> MonthlySummary:
    """The month's summary per agent (``scored`` holds that month's reviews); with ``card``
    also the mean of every item and section (N.A. skipped) on 0–100."""
    ev = agent_scores(scored, evaluation, agent=agent)
    cols = ["agent", "team", "n", "score", "lower", "upper", "pooled_lower", "pooled_upper"]
    y = pd.to_numeric(scored["score"], errors="coerce").dropna()
    items: dict[str, float] = {}
    if card is not None:
        for code in card.item_codes:
            items[code] = 100.0 * float(pd.to_numeric(scored[f"norm_{code}"]).mean())
        for sec in card.sections:
            items[sec.code] = 100.0 * float(pd.to_numeric(scored[f"section_{sec.code}"]).mean())
    return MonthlySummary(
        month, ev.table[cols], float(y.mean()) if len(y) else math.nan, len(y), items
    )
