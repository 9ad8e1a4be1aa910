"""``serviq migrate``: apply database migrations to the database of DATABASE_URL."""

from __future__ import annotations

import typer

app = typer.Typer(help="Apply database migrations.", no_args_is_help=False)


@app.command()
def migrate(
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Apply database migrations to the database named by DATABASE_URL."""
    from serviq.cli.output import emit
    from serviq.web import boot

    applied = boot.migrate()

    def render(obj: dict[str, list[str]]) -> None:
        names = obj["applied"]
        typer.echo(
            f"applied {len(names)} migration(s)" + (": " + ", ".join(names) if names else "")
        )

    emit({"applied": applied}, as_json=json, render=render)
