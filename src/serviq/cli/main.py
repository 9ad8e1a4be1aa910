"""Entry point of the ``serviq`` command.

Sub-commands live in their own modules and are imported only when used, so that
``serviq --help`` stays fast (``benchmarks/bench_cli_startup.py`` measures it). Each module
named in :data:`COMMANDS` defines a Typer ``app``: an app with several commands becomes
``serviq GROUP COMMAND``; an app with one command and no callback becomes ``serviq NAME``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import typer

from serviq import __version__

# name → (module, one-line help). The help is repeated here so that listing the commands
# imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "indicators": ("serviq.cli.indicators", "Indicator systems: validate, show, diff, score."),
    "weights": (
        "serviq.cli.weights",
        "Indicator weights: AHP, entropy, CRITIC, coefficient of variation.",
    ),
    "survey": (
        "serviq.cli.survey",
        "Questionnaires and psychometrics: reliability, EFA, CFA, PLS, screening.",
    ),
    "text": (
        "serviq.cli.text",
        "Open comments: redaction, word frequency, keywords, coding, agreement.",
    ),
    "ops": ("serviq.cli.ops", "Contact-centre data: import, KPIs, backlog, Erlang C, heat map."),
    "qa": ("serviq.cli.qa", "Quality inspection: sampling plans, scores, calibration, ICC."),
    "workforce": ("serviq.cli.workforce", "Department rules: leave and swap checks, meetings."),
    "report": (
        "serviq.cli.report",
        "The department's reports: build, list, and control charts (SPC).",
    ),
    "actions": (
        "serviq.cli.actions",
        "Improvement actions: the register, suggestions, effectiveness checks.",
    ),
    "delphi": (
        "serviq.cli.delphi",
        "Delphi consultation: response rate, authority, consensus, Kendall's W.",
    ),
    "sme": (
        "serviq.cli.sme",
        "SME financial services: scorecard, binning, guarantees, limits, schedules, capital.",
    ),
    "training": ("serviq.cli.training", "Training: knowledge-test scoring, item analysis, effect."),
    "demo": (
        "serviq.cli.demo",
        "Run the demo: the synthetic bank contact centre in the web application.",
    ),
    "serve": ("serviq.cli.serve", "Serve the web application and its API."),
    "migrate": ("serviq.cli.migrate", "Apply database migrations."),
}

HELP = """serviq — customer-service quality for banks, securities firms and insurers.

Every command that returns data prints a table, or one JSON object with --json.
Bad input prints `error: …` on stderr and exits with 2."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"serviq {__version__}")
        raise typer.Exit()


def _root() -> typer.Typer:
    root = typer.Typer(
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @root.callback()
    def _main(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        pass

    return root


def _available(name: str) -> bool:
    return importlib.util.find_spec(COMMANDS[name][0]) is not None


def _attach(root: typer.Typer, name: str) -> None:
    """Import the module of ``name`` and attach its app to ``root``."""
    module_name, short = COMMANDS[name]
    app: typer.Typer = importlib.import_module(module_name).app
    single = (
        len(app.registered_commands) == 1
        and not app.registered_groups
        and app.registered_callback is None
    )
    if single:
        info = app.registered_commands[0]
        assert info.callback is not None
        root.command(name=name, help=info.help or short)(info.callback)
    else:
        root.add_typer(app, name=name, help=app.info.help or short)


def build(argv: list[str]) -> typer.Typer:
    """The root app for this call: the one command asked for, or stubs for the listing."""
    root = _root()
    first = argv[0] if argv else None
    if first in COMMANDS and _available(first):
        _attach(root, first)
        return root
    for name, (_, short) in COMMANDS.items():
        if _available(name):
            root.add_typer(typer.Typer(help=short), name=name)
    return root


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI, turning serviq's errors into ``error: …`` lines and exit codes."""
    from serviq.cli.output import run_with_errors

    args = list(sys.argv[1:] if argv is None else argv)
    return run_with_errors(typer.main.get_command(build(args)), args)


if __name__ == "__main__":  # pragma: no cover
    main()
