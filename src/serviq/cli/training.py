"""``serviq training``: score knowledge tests, analyse their questions, and check whether a
training moved the QA item it targeted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, table

app = typer.Typer(
    help="Training: knowledge-test scoring, item analysis, effect on QA scores.",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object."


@app.command()
def score(
    bank: Path = typer.Argument(..., help="Question bank YAML (format in docs/training.md)."),
    answers: Path = typer.Argument(
        ..., help="Answers CSV/XLSX: person, question, answer, mark (one row per answer)."
    ),
    scoring: Path | None = typer.Option(
        None, "--scoring", help="Scoring settings YAML instead of the centre's scoring.yaml."
    ),
    lang: str = typer.Option("en", "--lang", help="Language of the topic: zh-Hans, zh-Hant, en."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Score everyone's answers against the bank: points per question, total, share, pass.

    The whole file is checked first; any wrong row is reported and nothing is scored.
    """
    from serviq.languages import LANGS
    from serviq.training.bank import load_bank, load_scoring
    from serviq.training.results import score_answers

    if lang not in LANGS:
        from serviq.errors import InvalidInput, Where

        raise InvalidInput(
            f"unknown language {lang!r}; allowed: {', '.join(LANGS)}", where=Where(field="--lang")
        )
    b = load_bank(bank)
    rules = load_scoring(scoring)
    people = score_answers(answers, b, rules)
    out = {
        "topic": b.topic.get(lang),
        "total_points": b.total_points,
        "pass_mark": rules.pass_mark,
        "multiple_choice": rules.multiple_choice,
        "people": [p.as_dict() for p in people],
    }

    def render(obj: dict[str, Any]) -> None:
        table(
            f"{obj['topic']} — pass mark {obj['pass_mark']:.0%}",
            ["person", "points", "share", "passed"],
            [
                [
                    p["person"],
                    f"{p['total']:g} / {obj['total_points']:g}",
                    f"{p['share']:.0%}",
                    "yes" if p["passed"] else "no",
                ]
                for p in obj["people"]
            ],
        )

    emit(out, as_json=json, render=render)


@app.command()
def items(
    results: Path = typer.Argument(
        ..., help="Scored results CSV/XLSX: person and one column per question (0 to 1)."
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Item analysis: each question's difficulty (proportion correct), corrected item–total
    point-biserial and upper–lower 27 % index; the test's KR-20."""
    from serviq.training.items import analyse
    from serviq.training.results import read_results

    out = analyse(read_results(results))

    def render(obj: Any) -> None:
        table(
            f"{obj.n} people, groups of {obj.group_size}, KR-20 {obj.kr20:.3f}",
            ["item", "difficulty", "r_drop", "upper", "lower", "D"],
            [[i.item, i.difficulty, i.r_drop, i.upper, i.lower, i.d_index] for i in obj.items],
        )

    emit(out, as_json=json, render=render)


@app.command()
def effect(
    qa: Path = typer.Argument(..., help="QA scores CSV/XLSX: agent, date, item, score."),
    trained: str = typer.Option(..., "--trained", help="Trained agents, comma-separated."),
    before: str = typer.Option(..., "--before", help="The month before training, YYYY-MM."),
    after: str = typer.Option(..., "--after", help="The month after training, YYYY-MM."),
    item: str = typer.Option(..., "--item", help="The QA item the training targeted."),
    level: float = typer.Option(0.95, "--level", help="Confidence level of the interval."),
    lang: str = typer.Option("en", "--lang", help="Language of the verdict: zh-Hans, zh-Hant, en."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Did the training work: the trained agents' change on the QA item against untrained
    agents' change in the same months (difference in differences, Welch t interval)."""
    from serviq.errors import InvalidInput, Where
    from serviq.languages import LANGS
    from serviq.training.effect import did_effect, read_reviews

    if lang not in LANGS:
        raise InvalidInput(
            f"unknown language {lang!r}; allowed: {', '.join(LANGS)}", where=Where(field="--lang")
        )
    agents = [a.strip() for a in trained.split(",") if a.strip()]
    if not agents:
        raise InvalidInput("name at least one trained agent", where=Where(field="--trained"))
    res = did_effect(
        read_reviews(qa), trained=agents, item=item, before=before, after=after, level=level
    )
    out = res.as_dict(lang)

    def render(obj: dict[str, Any]) -> None:
        table(
            f"{obj['item']}: {obj['before']} → {obj['after']}",
            ["group", "agents", "before", "after", "change"],
            [
                [g, obj[g]["n"], obj[g]["before"], obj[g]["after"], obj[g]["change"]]
                for g in ("trained", "untrained")
            ],
        )
        typer.echo(
            f"difference in differences {obj['did']:.3f} "
            f"({obj['level']:.0%} interval {obj['ci_low']:.3f} to {obj['ci_high']:.3f})"
        )
        typer.echo(obj["message"])

    emit(out, as_json=json, render=render)


@app.command()
def conflicts(
    roster: Path = typer.Argument(
        ..., help="Roster CSV/XLSX: person, start, end (YYYY-MM-DD HH:MM), optional phone."
    ),
    start: str = typer.Option(..., "--start", help="Session start, YYYY-MM-DD HH:MM."),
    minutes: int = typer.Option(..., "--minutes", help="Session length in minutes."),
    invited: str = typer.Option(..., "--invited", help="Invited people, comma-separated."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Invited people rostered on a phone shift that overlaps the session."""
    from serviq.errors import Where
    from serviq.training.sessions import Session, local_time, read_roster, roster_conflicts

    people = tuple(p.strip() for p in invited.split(",") if p.strip())
    session = Session("", "product", "", local_time(start, Where(field="--start")), minutes, people)
    found = roster_conflicts(session, read_roster(roster))
    out = {
        "start": session.start,
        "end": session.end,
        "invited": list(people),
        "conflicts": [c.as_dict() for c in found],
    }

    def render(obj: dict[str, Any]) -> None:
        if not obj["conflicts"]:
            typer.echo("no conflicts")
            return
        table(
            "on a phone shift during the session",
            ["person", "shift", "overlap (min)"],
            [
                [
                    c["person"],
                    f"{c['shift_start']:%H:%M}–{c['shift_end']:%H:%M}",
                    c["overlap_minutes"],
                ]
                for c in obj["conflicts"]
            ],
        )

    emit(out, as_json=json, render=render)
