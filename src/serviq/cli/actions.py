"""``serviq actions``: the improvement register, suggestions and effectiveness checks on the
database named by ``DATABASE_URL`` (docs/actions.md).

The CLI reads; it never opens, accepts or closes a record (that is a person's step in the
web application, with its audit row). ``suggest`` lists what the data propose without
storing it.
"""

from __future__ import annotations

from typing import Any

import typer

from serviq.cli.output import emit, table

app = typer.Typer(
    help="Improvement actions: the register, suggestions from the data, effectiveness checks.",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object."
STATUSES = ("proposed", "open", "actions_done", "verifying", "closed", "cancelled", "dismissed", "overdue")  # fmt: skip


def _period(period: str) -> str:
    import re

    from serviq.errors import InvalidInput, Where
    from serviq.web.actions import series

    if period == "last":
        found = series.latest_period()
        if found is None:
            raise InvalidInput("no indicator results in the database; run the analyses first")
        return found
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise InvalidInput(
            f"period {period!r} is not valid; allowed: YYYY-MM or last",
            where=Where(field="--period"),
        )
    return period


@app.command("list")
def list_actions(
    status: str | None = typer.Option(
        None,
        "--status",
        help="proposed, open, actions_done, verifying, closed, cancelled, dismissed or overdue.",
    ),
    indicator: str | None = typer.Option(None, "--indicator", help="An indicator code."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The improvement records: indicator, scope, period, status, owner, due day, criterion
    and whether the data found them effective."""
    from django.utils import timezone

    from serviq.errors import InvalidInput, Where
    from serviq.web import boot

    if status is not None and status not in STATUSES:
        raise InvalidInput(
            f"status {status!r} unknown; allowed: {', '.join(STATUSES)}",
            where=Where(field="--status"),
        )
    boot.setup()
    from serviq.web.actions import views
    from serviq.web.actions.models import ActionRecord

    qs = ActionRecord.objects.select_related("owner").prefetch_related("tasks")
    if status and status != "overdue":
        qs = qs.filter(status=status)
    if indicator:
        qs = qs.filter(indicator=indicator)
    today = timezone.localdate()
    entries = [views.entry_of(r) for r in qs]
    if status == "overdue":
        entries = [e for e in entries if e.overdue(today)]
    out = {"actions": [e.as_dict(today) for e in entries]}

    def render(obj: dict[str, Any]) -> None:
        table(
            f"{len(obj['actions'])} improvement record(s)",
            ["id", "indicator", "scope", "period", "status", "owner", "due", "effective"],
            [[str(a["id"]), a["indicator"], a["scope"], a["period"],
              a["status"] + (" (overdue)" if a["overdue"] else ""), a["owner"] or "—",
              a["due"] or "—", "—" if a["effective"] is None else str(a["effective"]).lower()]
             for a in obj["actions"]],
        )  # fmt: skip

    emit(out, as_json=json, render=render)


@app.command()
def suggest(
    period: str = typer.Option(..., "--period", help="YYYY-MM or last."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Indicators the data propose a record for: short of target in consecutive periods, or
    a control-chart signal on the worse side. Nothing is stored."""
    from serviq.web import boot

    boot.setup()
    from serviq.web.actions import records

    p = _period(period)
    out = {"period": p, "suggestions": [s.as_dict() for s in records.suggestions(p)]}

    def render(obj: dict[str, Any]) -> None:
        table(
            f"Suggestions for {obj['period']}",
            ["indicator", "scope", "reason"],
            [[s["indicator"], s["scope"], s["reason"]] for s in obj["suggestions"]],
        )

    emit(out, as_json=json, render=render)


@app.command()
def verify(
    record: int = typer.Argument(..., help="The record's id."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The effectiveness check of one record on the indicator's data: effective (true,
    false, or null while not yet measurable) and the evidence (before/after chart)."""
    from serviq.errors import InvalidInput, Where
    from serviq.web import boot

    boot.setup()
    from serviq.web.actions import api
    from serviq.web.actions.models import ActionRecord

    r = ActionRecord.objects.filter(pk=record).first()
    if r is None:
        raise InvalidInput(f"no improvement record {record}", where=Where(field="ID"))
    out = api.verification(r)

    def render(obj: dict[str, Any]) -> None:
        ev = obj["evidence"]
        typer.echo(f"effective: {obj['effective']}")
        if "reason" in ev:
            typer.echo(ev["reason"]["message"])

    emit(out, as_json=json, render=render)
