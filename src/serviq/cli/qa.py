"""``serviq qa``: sampling plans, review scores, calibration and ICC (docs/qa.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table

app = typer.Typer(
    help="Quality inspection: monthly sampling plan, review scores, calibration, ICC.",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object."
RULES_HELP = "QA rules file to use instead of the centre's qa/rules.yaml."
CARD_HELP = "Scorecard YAML to use instead of the centre's qa/scorecard.yaml."


@app.command()
def icc(
    data: Path = typer.Argument(..., help="Ratings in long format (CSV, XLSX or Parquet)."),
    target: str = typer.Option(..., "--target", help="Column naming what is rated."),
    rater: str = typer.Option(..., "--rater", help="Column naming who rates."),
    rating: str = typer.Option(..., "--rating", help="Column of the numeric rating."),
    level: float = typer.Option(0.95, "--level", help="Confidence level of the intervals."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The six Shrout–Fleiss intraclass correlations (psych's ICC1 … ICC3k) with F tests
    and confidence intervals; targets with a missing rating are left out, as psych does."""
    from serviq.qa.calibration import PSYCH_ROWS
    from serviq.qa.calibration import icc as icc_of
    from serviq.tables import read_table

    df = read_table(data, columns=[target, rater, rating])
    result = icc_of(df, target, rater, rating, level=level)
    out = result.as_dict()

    def render(obj: dict[str, Any]) -> None:
        table(
            f"Intraclass correlations ({obj['n_targets']} targets, {obj['n_judges']} judges)",
            ["", "type", "ICC", "F", "df1", "df2", "p", "lower", "upper"],
            [
                [PSYCH_ROWS[n], n, obj[n]["ICC"], fmt(obj[n]["F"], 2), fmt(obj[n]["df1"], 0),
                 fmt(obj[n]["df2"], 0), fmt(obj[n]["p"], 5), obj[n]["ci"][0], obj[n]["ci"][1]]
                for n in PSYCH_ROWS
            ],
        )  # fmt: skip
        if obj["dropped_targets"]:
            typer.echo(f"{obj['dropped_targets']} targets with a missing rating left out", err=True)

    emit(out, as_json=json, render=render)


def _demo_centre(month: str, seed: int, scale: float) -> tuple[Any, Any]:
    from serviq.errors import InvalidInput

    try:
        from serviq.demo import generate
    except ImportError:
        raise InvalidInput(
            "no --interactions and --staff given and the synthetic centre is not available; "
            "pass both files"
        ) from None
    data = generate(months=1, scale=scale, seed=seed, start=f"{month}-01")
    return data.interactions, data.people


@app.command()
def plan(
    month: str = typer.Option(..., "--month", help="The month, YYYY-MM."),
    minimum: int | None = typer.Option(None, "--min", help="Fewest reviews per agent (default 1)."),
    maximum: int | None = typer.Option(None, "--max", help="Most reviews per agent (default 5)."),
    per_agent: int | None = typer.Option(
        None, "--per-agent", help="Reviews per agent (within min–max)."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same plan."),
    interactions: Path | None = typer.Option(
        None,
        "--interactions",
        help="Interactions (canonical columns); default: the synthetic centre.",
    ),
    staff: Path | None = typer.Option(
        None, "--staff", help="Staff: person_id, role (agent, qa_inspector), team_id."
    ),
    timezone: str | None = typer.Option(
        None, "--timezone", help="Zone of timestamps without an offset (default: the centre's)."
    ),
    mapping: list[str] | None = typer.Option(
        None, "--map", help="Rename a column of the interactions file: 'Call ID=interaction_id'."
    ),
    scale: float = typer.Option(
        1.0, "--scale", help="Size of the synthetic centre when no files are given (1 = 60 agents)."
    ),
    rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The month's sampling plan: every agent between --min and --max reviews, drawn at
    random from their contacts, stratified by channel and contact type, spread over
    inspectors who are not in the agent's team."""
    from serviq.errors import InvalidInput, Where
    from serviq.qa.ruleset import load_qa_rules
    from serviq.qa.sampling import make_plan, parse_month
    from serviq.tables import read_table

    parse_month(month)
    qa_rules = load_qa_rules(rules)
    changes: dict[str, Any] = {}
    if minimum is not None:
        changes["min_per_agent"] = minimum
    if maximum is not None:
        changes["max_per_agent"] = maximum
    if per_agent is not None:
        changes["per_agent"] = per_agent
    sampling = qa_rules.sampling.model_copy(update=changes)
    if sampling.min_per_agent < 0 or sampling.max_per_agent < 1:
        raise InvalidInput("--min must be ≥ 0 and --max ≥ 1", where=Where(field="--min/--max"))
    if sampling.min_per_agent > sampling.max_per_agent:
        raise InvalidInput(
            f"--min ({sampling.min_per_agent}) is greater than --max ({sampling.max_per_agent})",
            where=Where(field="--min"),
        )
    if (interactions is None) != (staff is None):
        raise InvalidInput("give both --interactions and --staff, or neither (synthetic centre)")
    if interactions is not None and staff is not None:
        from serviq.ops.definitions import load_queues
        from serviq.ops.importer import parse_mapping, read_file
        from serviq.ops.schemas import INTERACTIONS

        # the operations import: the same schema, checks and errors as `serviq ops`
        inter_df = read_file(
            interactions,
            INTERACTIONS,
            queues=load_queues(),
            timezone=timezone or sampling.timezone,
            mapping=parse_mapping(mapping),
        )
        staff_df = read_table(staff, columns=["person_id", "role"])
    else:
        inter_df, staff_df = _demo_centre(month, seed, scale)
    result = make_plan(inter_df, staff_df, month, sampling, seed=seed)
    out = result.as_dict()

    def render(obj: dict[str, Any]) -> None:
        table(
            f"QA sampling plan {obj['month']} (seed {obj['seed']}, {obj['min']}–{obj['max']} per agent)",
            ["agent", "team", "quota", "planned", "available"],
            [[r["agent"], r["team"] or "—", r["quota"], r["planned"], r["available"]] for r in obj["per_agent"]],
        )  # fmt: skip
        table(
            "assignments",
            ["agent", "inspector", "interaction", "channel", "contact type"],
            [[a["agent"], a["inspector"], a["interaction"], a["channel"], a["contact_type"]]
             for a in obj["assignments"]],
        )  # fmt: skip
        table(
            "inspectors", ["inspector", "reviews"], [[k, v] for k, v in obj["inspectors"].items()]
        )
        for n in obj["notes"]:
            typer.echo(f"note ({n['requirement']}): {n['message']}", err=True)

    emit(out, as_json=json, render=render)


@app.command()
def score(
    reviews: Path = typer.Argument(
        ..., help="Reviews: review_id, interaction_id, agent_id, [team_id], one column per item."
    ),
    scorecard: Path | None = typer.Option(None, "--scorecard", help=CARD_HELP),
    rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
    csat: Path | None = typer.Option(
        None, "--csat", help="Table with interaction_id and csat (1–5) of the same contacts."
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Score a reviews file against the scorecard: per review, per agent with a confidence
    interval, the centre, whether the month can rank agents, the Pareto of defects, the
    sections' Cronbach's alpha and, with --csat, whether QA predicts the customers' CSAT."""
    from serviq.qa.evaluation import agent_scores, defect_pareto
    from serviq.qa.instrument import csat_validity, section_reliability
    from serviq.qa.ruleset import load_qa_rules
    from serviq.qa.scorecard import load_scorecard
    from serviq.qa.scoring import score_table
    from serviq.tables import read_table

    card = load_scorecard(scorecard)
    qa_rules = load_qa_rules(rules)
    df = read_table(reviews, columns=["agent_id", *card.item_codes])
    scored = score_table(df, card, source=str(reviews))
    ev = agent_scores(scored, qa_rules.evaluation)
    keep = [
        c
        for c in ("review_id", "interaction_id", "agent_id", "inspector_id")
        if c in scored.columns
    ]
    per_review = scored[[*keep, "score", "critical_failed"]].copy()
    out: dict[str, Any] = {
        "scorecard": card.key,
        "n_reviews": len(scored),
        "centre": float(scored["score"].mean()),
        "reviews": per_review.to_dict(orient="records"),
        **ev.as_dict(),
        "pareto": defect_pareto(scored, card, qa_rules.evaluation.defect_below).to_dict(
            orient="records"
        ),
        "section_alpha": {
            name: {k: r.get(k) for k in ("raw_alpha", "alpha_ci", "n", "items_used")}
            for name, r in section_reliability(scored, card).items()
        },
    }
    if csat is not None:
        table_csat = read_table(csat, columns=["interaction_id", "csat"])
        if "interaction_id" not in scored.columns:
            from serviq.errors import InvalidInput, Where

            raise InvalidInput(
                "--csat needs an interaction_id column in the reviews",
                where=Where(file=str(reviews)),
            )
        out["csat"] = csat_validity(scored, table_csat, card).as_dict()

    def render(obj: dict[str, Any]) -> None:
        table(
            f"QA scores on {obj['scorecard']} — centre {obj['centre']:.1f} over {obj['n_reviews']} reviews",
            ["agent", "team", "n", "score", "lower", "upper", "reliability"],
            [[a["agent"], a["team"] or "—", a["n"], fmt(a["score"], 1), fmt(a["lower"], 1),
              fmt(a["upper"], 1), a["reliability"]] for a in obj["agents"]],
        )  # fmt: skip
        table(
            "defects (Pareto)",
            ["item", "defects", "rate", "cumulative"],
            [[p["item"], p["defects"], p["rate"], p["cumulative"]] for p in obj["pareto"]],
        )
        for n in obj["notes"]:
            typer.echo(f"warning ({n['requirement']}): {n['message']}", err=True)

    emit(out, as_json=json, render=render)


@app.command()
def calibrate(
    data: Path = typer.Argument(..., help="Calibration scores in long format."),
    target: str = typer.Option("interaction_id", "--target", help="Column of the interaction."),
    rater: str = typer.Option("inspector_id", "--rater", help="Column of the inspector."),
    item: str = typer.Option("item", "--item", help="Column of the scorecard item."),
    rating: str = typer.Option("score", "--rating", help="Column of the score."),
    scorecard: Path | None = typer.Option(None, "--scorecard", help=CARD_HELP),
    rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Agreement of a calibration session: per item and overall ICC and Krippendorff's
    alpha with intervals, each inspector's bias, and the items to reword."""
    from serviq.qa.calibration import calibrate as run
    from serviq.qa.calibration import numeric_ratings
    from serviq.qa.ruleset import load_qa_rules
    from serviq.qa.scorecard import load_scorecard
    from serviq.tables import read_table

    card = load_scorecard(scorecard)
    qa_rules = load_qa_rules(rules)
    df = numeric_ratings(
        read_table(data, columns=[target, rater, item, rating]), card, item, rating
    )
    levels = {
        it.code: ("nominal" if it.scale.kind == "yes_no" else "interval") for it in card.items
    }
    result = run(
        df,
        qa_rules.calibration,
        target=target,
        rater=rater,
        item=item,
        rating=rating,
        levels=levels,
        card=card,
    )
    out = result.as_dict()

    def render(obj: dict[str, Any]) -> None:
        table(
            "agreement per item",
            ["item", "n", "ICC form", "ICC", "ICC ci", "alpha", "alpha ci", "flagged"],
            [[a["item"], a["n"], a["icc_form"], a["icc"], f"{fmt(a['icc_ci'][0], 2)} – {fmt(a['icc_ci'][1], 2)}",
              a["krippendorff_alpha"], f"{fmt(a['alpha_ci'][0], 2)} – {fmt(a['alpha_ci'][1], 2)}",
              "yes" if a["flagged"] else ""] for a in obj["items"]],
        )  # fmt: skip
        table(
            "inspector bias (positive = lenient)",
            ["inspector", "n", "bias", "lower", "upper"],
            [[b["inspector"], b["n"], b["bias"], b["lower"], b["upper"]] for b in obj["bias"]],
        )
        for n in obj["notes"]:
            typer.echo(f"note ({n['requirement']}): {n['message']}", err=True)

    emit(out, as_json=json, render=render)


@app.command()
def weekly(
    reviews: Path = typer.Argument(
        ..., help="Reviews with reviewed_at and team_id (as for score)."
    ),
    week: str = typer.Option(..., "--week", help="ISO week, e.g. 2026-W11 (centre's time zone)."),
    scorecard: Path | None = typer.Option(None, "--scorecard", help=CARD_HELP),
    rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
    lang: str = typer.Option("en", "--lang", help="Language of the reasons: zh-Hans, zh-Hant, en."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The week's QA analysis and the training plan drawn from it (R-QA-3): defects,
    critical failures, agents and items below threshold, team or individual training."""
    import datetime as dt
    import re

    from serviq.errors import InvalidInput, Where
    from serviq.qa.decisions import LANGS
    from serviq.qa.evaluation import week_of
    from serviq.qa.ruleset import load_qa_rules
    from serviq.qa.scorecard import load_scorecard
    from serviq.qa.scoring import score_table
    from serviq.qa.training import training_plan, weekly_analysis
    from serviq.tables import read_table

    if not re.fullmatch(r"\d{4}-W\d{2}", week):
        raise InvalidInput(
            f"{week!r} is not an ISO week; allowed: YYYY-Www, e.g. 2026-W11",
            where=Where(field="--week"),
        )
    if lang not in LANGS:
        raise InvalidInput(
            f"unknown language {lang!r}; allowed: {', '.join(LANGS)}", where=Where(field="--lang")
        )
    card = load_scorecard(scorecard)
    qa_rules = load_qa_rules(rules)
    df = read_table(reviews, columns=["agent_id", "reviewed_at", *card.item_codes])
    in_week = df[week_of(df["reviewed_at"], qa_rules.sampling.timezone) == week].reset_index(
        drop=True
    )
    if in_week.empty:
        raise InvalidInput(
            f"no reviews in {week}", where=Where(file=str(reviews), column="reviewed_at")
        )
    scored = score_table(in_week, card, source=str(reviews))
    analysis = weekly_analysis(scored, card, week, qa_rules.training, qa_rules.evaluation)
    year, wk = int(week[:4]), int(week[-2:])
    monday = dt.date.fromisocalendar(year, wk, 1)
    tasks = training_plan(
        scored, card, qa_rules.training, qa_rules.evaluation, start=monday + dt.timedelta(days=7)
    )
    out = {**analysis.as_dict(), "training_plan": [t.as_dict(lang) for t in tasks]}

    def render(obj: dict[str, Any]) -> None:
        typer.echo(
            f"{obj['week']}: {obj['n_reviews']} reviews, mean score {fmt(obj['mean_score'], 1)}"
        )
        table(
            "defects (Pareto)",
            ["item", "defects", "rate", "cumulative"],
            [[p["item"], p["defects"], p["rate"], p["cumulative"]] for p in obj["pareto"]],
        )
        table(
            "training plan",
            ["id", "scope", "team", "item", "agents", "roll call", "due"],
            [[t["id"], t["scope"], t["team"] or "—", t["item"], ", ".join(t["agents"]),
              "yes" if t["roll_call"] else "", t["due"]] for t in obj["training_plan"]],
        )  # fmt: skip

    emit(out, as_json=json, render=render)
