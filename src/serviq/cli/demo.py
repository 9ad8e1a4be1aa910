"""``serviq demo``: run the web demo; ``serviq demo generate``: write the synthetic centre."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import typer

app = typer.Typer(
    help="Run the demo (the synthetic bank contact centre in the web application), or generate its data.",
    invoke_without_command=True,
    no_args_is_help=False,
)

DEFAULT_SEED = 20260901  # the same as serviq.demo.dataset.DEFAULT_SEED (kept here: lazy imports)


@app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    no_serve: bool = typer.Option(
        False, "--no-serve", help="Prepare the database and data, do not serve."
    ),
    port: int = typer.Option(8000, "--port", help="Port to serve on."),
) -> None:
    """Create or reuse the database, load the synthetic centre, create demo users, serve."""
    if ctx.invoked_subcommand is not None:
        return
    from serviq.web.demo import run_demo

    run_demo(no_serve=no_serve, port=port)


@app.command("generate")
def generate_command(
    out: Path = typer.Option(..., "--out", help="Directory to write the tables to."),
    months: int = typer.Option(
        1, "--months", min=1, help="Calendar months to generate (the earlier ones give trends)."
    ),
    scale: float = typer.Option(
        1.0, "--scale", help="Size: 1.0 ≈ 60 agents and 60,000 contacts a month."
    ),
    seed: int = typer.Option(
        DEFAULT_SEED, "--seed", help="Random seed: the same seed gives the same data."
    ),
    start: str | None = typer.Option(
        None, "--start", help="First day YYYY-MM-DD (default: the last full months)."
    ),
    until: str | None = typer.Option(
        None,
        "--until",
        help="End at this moment (2026-12-05T10:30+08:00, local if no offset; a date is its "
        "midnight): --months complete months and the month to date; nothing after it.",
    ),
    roster_until: str | None = typer.Option(
        None, "--roster-until", help="Run rosters, leave and swaps on to this day YYYY-MM-DD."
    ),
    format: str = typer.Option("parquet", "--format", help="parquet or csv."),
    survey_export: bool = typer.Option(
        False,
        "--survey-export",
        help="Also write the survey as a Chinese platform export (labels like 非常满意).",
    ),
    interactions_only: bool = typer.Option(
        False,
        "--interactions-only",
        help="Stream only the interaction log, a day at a time (benchmark sizes).",
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Generate the synthetic bank contact centre and write it to --out."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from serviq.cli.output import emit, table
    from serviq.demo.dataset import _check_format, generate, write, write_interactions

    _check_format(format)
    began = time.perf_counter()
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:  # fmt: skip
        task = bar.add_task("generating", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        if interactions_only:
            path = out / f"interactions.{format}"
            info = write_interactions(
                path, months, scale, seed, start, format=format, progress=progress,
                until=until, roster_until=roster_until,
            )  # fmt: skip
            summary: dict[str, Any] = {
                "out": str(out), "format": format, "months": months, "scale": scale, "seed": seed,
                "start": info["start"], "end": info["end"],
                "tables": {"interactions": info["rows"]}, "files": {"interactions": info["path"]},
            }  # fmt: skip
        else:
            data = generate(
                months, scale, seed, start, survey_export=survey_export, progress=progress,
                until=until, roster_until=roster_until,
            )  # fmt: skip
            bar.update(task, description="writing")
            paths = write(data, out, format=format)
            summary = {
                "out": str(out), "format": format, "months": months, "scale": scale, "seed": seed,
                "start": data.meta["start"], "end": data.meta["end"],
                **{k: data.meta[k] for k in ("until", "roster_until") if k in data.meta},
                "tables": {k: len(v) for k, v in data.tables().items()},
                "files": {k: str(v) for k, v in paths.items()},
            }  # fmt: skip
    summary["seconds"] = time.perf_counter() - began

    def render(s: dict[str, Any]) -> None:
        table(f"serviq demo → {s['out']} ({s['format']}, {s['seconds']:.1f} s)", ["table", "rows"],
              [[k, str(v)] for k, v in s["tables"].items()])  # fmt: skip

    emit(summary, as_json=json, render=render)
