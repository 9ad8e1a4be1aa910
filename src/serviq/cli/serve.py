"""``serviq serve``: the web application and its API, served by gunicorn."""

from __future__ import annotations

import typer

app = typer.Typer(help="Serve the web application and its API.", no_args_is_help=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(2, "--workers", min=1, help="gunicorn worker processes."),
) -> None:
    """Serve the web application and /api/ (OpenAPI at /api/openapi.json) on DATABASE_URL."""
    from serviq.web import boot

    boot.migrate()
    typer.echo(f"serviq on http://{host}:{port}/  (API schema: /api/openapi.json)", err=True)
    boot.serve(host, port, workers=workers)
