"""``serviq sme``: the SME financial-service desk (docs/sme.md).

The desk's commands (binning, the scorecard) and the risk commands (schedules, IRB capital,
guarantees, limits) live in two modules; each adds its commands to this group.
"""

from __future__ import annotations

import typer

from serviq.cli import sme_desk, sme_risk

app = typer.Typer(
    help="SME financial services: scorecard, binning, guarantees, limits, schedules, capital.",
    no_args_is_help=True,
)


@app.callback()
def _group() -> None:
    """SME financial services: scorecard, binning, guarantees, limits, schedules, capital."""


sme_desk.register(app)
sme_risk.register(app)
