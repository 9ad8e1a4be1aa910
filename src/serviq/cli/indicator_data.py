"""``serviq indicators manual`` and ``serviq indicators feedback``: the data of indicators
that no contact records, on the database named by ``DATABASE_URL`` (docs/indicators.md).

``manual set`` enters a value as a named person through the same function as the web form
(:func:`serviq.web.indicatordata.manual.save_entry`: the person's role and scope, the
core's range and evidence rules, the audit row, the rescore); ``feedback import`` stores a
product-feedback file through the web import's function
(:func:`serviq.web.indicatordata.feedback.store_feedback`), checked whole first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, table

manual = typer.Typer(help="Values entered by hand: set one, list them.", no_args_is_help=True)
feedback = typer.Typer(help="Product feedback: import a file.", no_args_is_help=True)

JSON_HELP = "Print one JSON object."
AS_HELP = "The code of the person entering (their role and scope apply, as on the web form)."


def _person(code: str) -> Any:
    from serviq.errors import NotFound, Where
    from serviq.web.org.models import Person

    found = Person.objects.filter(code=code).first()
    if found is None:
        raise NotFound(f"no person {code!r}", where=Where(field="--as"))
    return found


def _scope(scope: str) -> str:
    import re

    from serviq.errors import InvalidInput, Where

    if scope == "centre":
        return ""
    if not re.fullmatch(r"team:[A-Za-z0-9_.-]{1,64}", scope):
        raise InvalidInput(
            f"{scope!r} is not a scope; allowed: centre, team:CODE", where=Where(field="--scope")
        )
    return scope.removeprefix("team:")


@manual.command("set")
def manual_set(
    indicator: str = typer.Option(..., "--indicator", help="The indicator's code."),
    period: str = typer.Option(..., "--period", help="The month YYYY-MM."),
    value: str = typer.Option(..., "--value", help="The value (full precision)."),
    person: str = typer.Option(..., "--as", help=AS_HELP),
    scope: str = typer.Option("centre", "--scope", help="centre or team:CODE."),
    note: str = typer.Option("", "--note", help="The evidence (masked before it is stored)."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Enter (or replace) one month's value of an indicator entered by hand."""
    from serviq.web import boot

    boot.setup()
    from serviq.web.indicatordata.manual import save_entry

    who = _person(person)
    data = {
        "indicator": indicator,
        "period": period,
        "scope": _scope(scope),
        "value": value,
        "note": note,
    }
    entry = save_entry(None, who, data, None)
    out = _entry(entry)
    emit(out, as_json=json, render=lambda o: print(f"saved: {o['indicator']} {o['period']} {o['scope'] or 'centre'} = {o['value']}"))  # fmt: skip


def _entry(e: Any) -> dict[str, Any]:
    from serviq.web.indicatordata.manual import audited

    return {**audited(e), "entered_at": e.entered_at.isoformat()}


@manual.command("list")
def manual_list(
    period: str | None = typer.Option(None, "--period", help="Only this month YYYY-MM."),
    indicator: str | None = typer.Option(None, "--indicator", help="Only this indicator."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The values entered by hand: indicator, month, scope, value, evidence, who entered it."""
    from serviq.web import boot

    boot.setup()
    from serviq.web.indicatordata.models import ManualValue

    qs = ManualValue.objects.select_related("team", "entered_by")
    if period:
        qs = qs.filter(period=period)
    if indicator:
        qs = qs.filter(code=indicator)
    out = {"values": [_entry(e) for e in qs]}

    def render(o: dict[str, Any]) -> None:
        cols = ("indicator", "period", "scope", "value", "entered_by")
        table("Values entered by hand", cols, [[v[c] for c in cols] for v in o["values"]])

    emit(out, as_json=json, render=render)


@feedback.command("import")
def feedback_import(
    file: Path = typer.Argument(
        ..., help="CSV/XLSX: feedback_id, received_on, kind (complaint|need), met, text."
    ),
    person: str = typer.Option(..., "--as", help="The code of the person importing."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Import product feedback: checked whole, masked, coded; re-import adds nothing."""
    from serviq.errors import PermissionDenied
    from serviq.text.feedback import read_feedback
    from serviq.web import boot

    items = read_feedback(file)
    boot.setup()
    from serviq.web.indicatordata.feedback import IMPORTERS, store_feedback

    who = _person(person)
    if who.role not in {r.value for r in IMPORTERS}:
        raise PermissionDenied(f"the role {who.role} does not import product feedback")
    counts = store_feedback(items, who, name=file.name)
    emit({"file": file.name, "rows": len(items), **counts}, as_json=json, render=lambda o: print(f"imported {o['file']}: {o['added']} added, {o['changed']} changed, {o['unchanged']} unchanged"))  # fmt: skip


checklist = typer.Typer(help="The operations-room checklists: the shares passed.", no_args_is_help=True)  # fmt: skip


@checklist.command("list")
def checklist_list(
    period: str | None = typer.Option(None, "--period", help="Only this month YYYY-MM."),
    scope: str | None = typer.Option(None, "--scope", help="Only centre or team:CODE."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The share of checklist items passed per month, scope and template — the values the
    workplace-standards indicator takes (``serviq.ops.checklists.shares``)."""
    from serviq.web import boot

    boot.setup()
    from serviq.web.dashboard.analysis import stored_checklist_shares

    wanted = _scope(scope) if scope is not None else None
    rows = [
        {"period": p, "scope": s, "template": t, "share": v}
        for (p, s), by_template in sorted(stored_checklist_shares().items())
        for t, v in sorted(by_template.items())
        if (period is None or p == period) and (wanted is None or s == wanted)
    ]

    def render(o: dict[str, Any]) -> None:
        cols = ("period", "scope", "template", "share")
        table("Operations-room checklists", cols, [[r[c] for c in cols] for r in o["checklists"]])

    emit({"checklists": rows}, as_json=json, render=render)


@checklist.command("tick")
def checklist_tick(
    file: Path = typer.Argument(
        ..., help="CSV/XLSX, one row per item: date, shift, team, item, passed[, person, note]."
    ),
    person: str = typer.Option(..., "--as", help="The code of the team lead ticking."),
    template: str = typer.Option("operations_room", "--template", help="The checklist template."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Record shift rounds from a file: checked whole first (one error line naming the row),
    stored in one transaction (failures naming a person record their conduct entry);
    re-import adds nothing."""
    from serviq.errors import InvalidInput, Where
    from serviq.ops.checklists import load_checklists, read_rounds
    from serviq.web import boot

    templates = load_checklists()
    found = templates.get(template)
    if found is None:
        raise InvalidInput(
            f"no checklist {template}; allowed: {', '.join(templates)}",
            where=Where(field="--template"),
        )
    rounds = read_rounds(file, found)
    boot.setup()
    from serviq.web.indicatordata.checklist import store_rounds

    counts = store_rounds(rounds, _person(person), found, name=str(file))
    out = {"file": file.name, "rounds": len(rounds), **counts}
    emit(out, as_json=json, render=lambda o: print(f"ticked {o['file']}: {o['added']} rounds added, {o['unchanged']} unchanged"))  # fmt: skip


@checklist.command("rate")
def checklist_rate(
    period: str | None = typer.Option(None, "--period", help="Only this month YYYY-MM."),
    scope: str | None = typer.Option(None, "--scope", help="Only centre or team:CODE."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The workplace-standards indicator per team and month: items passed ÷ items checked
    of the template its binding names, with the indicator's target and status."""
    from serviq.indicators import bundled_system
    from serviq.ops.checklists import Tick, counts
    from serviq.web import boot

    boot.setup()
    from serviq.web.indicatordata.models import ChecklistTick

    wanted = _scope(scope) if scope is not None else None
    rows = ChecklistTick.objects.values_list(
        "round__period", "round__team__code", "round__template", "passed"
    )
    found = counts(Tick(p, t, tpl, passed) for p, t, tpl, passed in rows)
    out_rows = []
    for node in bundled_system("bank_contact_centre").indicators():
        m = node.measurement
        if m is None or m.binding.source != "checklist":
            continue
        ref = m.binding.refs()[0]
        for (p, s, tpl), (passed, checked) in found.items():
            if tpl != ref or (period is not None and p != period):
                continue
            if wanted is not None and s != wanted:
                continue
            rate = passed / checked
            out_rows.append(
                {
                    "indicator": node.code, "period": p, "scope": s, "template": tpl,
                    "passed": passed, "checked": checked, "rate": rate,
                    "target": node.target, "status": node.status(rate),
                }
            )  # fmt: skip

    def render(o: dict[str, Any]) -> None:
        cols = ("indicator", "period", "scope", "passed", "checked", "rate", "status")
        table("Workplace standards", cols, [[r[c] for c in cols] for r in o["rates"]])

    emit({"rates": out_rows}, as_json=json, render=render)
