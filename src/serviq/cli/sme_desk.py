"""``serviq sme`` commands of the SME desk (docs/sme.md)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``serviq sme`` group."""
