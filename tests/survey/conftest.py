"""Fixtures for the survey tests.

``run_models_cli`` runs the model commands (cfa, pls, servqual, indices, drivers, ipa) on a
survey app built here, so they can be tested before ``serviq.cli.survey`` registers them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def run_models_cli(
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., tuple[int, str, str]]:
    import typer

    from serviq.cli.output import run_with_errors
    from serviq.cli.survey_models import register

    app = typer.Typer(no_args_is_help=True)
    register(app)
    command = typer.main.get_command(app)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            run_with_errors(command, list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run
