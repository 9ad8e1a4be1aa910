"""``serviq indicators``: validate, show, diff and score indicator systems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

app = typer.Typer(
    help="Indicator systems: validate, show, diff, score.",
    no_args_is_help=True,
)

SYSTEM_HELP = (
    "An indicator-system YAML file, or a bundled one: bank_contact_centre, branch_counter."
)


@app.command()
def validate(
    file: str = typer.Argument(..., help=SYSTEM_HELP),
    questionnaire: Path | None = typer.Option(
        None, "--questionnaire", help="Check survey bindings against this questionnaire's items."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Check an indicator system: schema, tree, weights, targets and data bindings."""
    from serviq.cli.output import emit
    from serviq.indicators.model import load_system

    system = load_system(file, questionnaire=questionnaire)
    result = {
        "ok": True,
        "system": system.id,
        "version": system.version,
        "indicators": len(system.indicators()),
        "nodes": sum(1 for _ in system.walk()),
    }

    def render(r: dict[str, Any]) -> None:
        typer.echo(
            f"ok: {r['system']} {r['version']} — {r['indicators']} indicators, {r['nodes']} nodes"
        )

    emit(result, as_json=json, render=render)


def _tree(node: Any, local: dict[str, float], glob: dict[str, float], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": node.code,
        "name": node.name.get(lang),
        "weight": local.get(node.code, 0.0),
        "global_weight": glob.get(node.code, 0.0),
    }
    if node.is_indicator:
        out.update(
            {
                "target": node.target,
                "unit": node.unit,
                "direction": node.direction,
                "source": node.measurement.binding.source if node.measurement else None,
                "ref": node.measurement.binding.ref if node.measurement else None,
                "scored": node.scored,
            }
        )
    elif node.weighting is not None:
        out["weighting"] = node.weighting.method
    out["children"] = [_tree(c, local, glob, lang) for c in node.children]
    return out


@app.command()
def show(
    file: str = typer.Argument(..., help=SYSTEM_HELP),
    lang: str = typer.Option("en", "--lang", help="zh-Hans, zh-Hant or en."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Print the tree with local and global weights, targets and data sources."""
    from serviq.cli.output import emit, table
    from serviq.errors import InvalidInput
    from serviq.indicators.model import LANGS, load_system

    if lang not in LANGS:
        raise InvalidInput(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    system = load_system(file)
    result = {
        "system": system.id,
        "name": system.name.get(lang),
        "version": system.version,
        "tree": _tree(system.tree, system.local_weights(), system.global_weights(), lang),
    }

    def render(r: dict[str, Any]) -> None:
        rows: list[list[Any]] = []

        def rec(n: dict[str, Any], depth: int) -> None:
            rows.append(
                [
                    "  " * depth + n["code"],
                    n["name"],
                    n["weight"],
                    n["global_weight"],
                    "" if n.get("target") is None else f"{n['target']:g} {n.get('unit') or ''}",
                    n.get("source") or n.get("weighting") or "",
                ]
            )
            for c in n["children"]:
                rec(c, depth + 1)

        rec(r["tree"], 0)
        table(
            f"{r['name']} ({r['system']} {r['version']})",
            ["code", "name", "weight", "global", "target", "source / weighting"],
            rows,
        )

    emit(result, as_json=json, render=render)


@app.command()
def diff(
    old: str = typer.Argument(..., help="The older version."),
    new: str = typer.Argument(..., help="The newer version."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """What changed between two versions: added, removed and changed indicators."""
    from serviq.cli.output import emit, table
    from serviq.indicators.model import load_system
    from serviq.indicators.versioning import diff as diff_systems

    result = diff_systems(load_system(old), load_system(new))

    def render(d: Any) -> None:
        typer.echo(f"{d.old_version} → {d.new_version}")
        if d.empty:
            typer.echo("no differences")
            return
        if d.added:
            table("added", ["code", "parent", "name"], [[a["code"], a["parent"] or "", a["name"]] for a in d.added])  # fmt: skip
        if d.removed:
            table("removed", ["code", "parent", "name"], [[a["code"], a["parent"] or "", a["name"]] for a in d.removed])  # fmt: skip
        if d.changed:
            table(
                "changed",
                ["code", "field", "old", "new"],
                [[c.code, c.field, _short(c.old), _short(c.new)] for c in d.changed],
            )

    emit(result, as_json=json, render=render)


def _short(value: Any, width: int = 50) -> str:
    from serviq.cli.output import fmt

    text = fmt(value, 4) if isinstance(value, float) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command()
def score(
    system: str = typer.Argument(..., help=SYSTEM_HELP),
    values: Path | None = typer.Argument(
        None,
        help="CSV/XLSX/Parquet with columns code, value and optionally previous. With "
        "--interactions/--responses: values for the indicators the data does not give "
        "(manual entries).",
    ),
    interactions: Path | None = typer.Option(
        None, "--interactions", help="Contacts (CSV/XLSX/Parquet, the ops columns): ops KPIs."
    ),
    responses: Path | None = typer.Option(
        None,
        "--responses",
        help="Survey responses: one row per response, submitted_at or period, team_id, "
        "one column per item code.",
    ),
    systems: Path | None = typer.Option(
        None,
        "--systems",
        help="System months (CSV/XLSX: period, service, scheduled_minutes, "
        "unavailable_minutes, problem_contacts): system availability and problem rate.",
    ),
    work_orders: Path | None = typer.Option(
        None,
        "--work-orders",
        help="Work orders (CSV/XLSX/Parquet, the ops columns; with --interactions): "
        "call-back rate, timeliness and the month-end backlog.",
    ),
    feedback: Path | None = typer.Option(
        None,
        "--feedback",
        help="Product feedback (CSV/XLSX: feedback_id, received_on, kind, met, text): "
        "product-complaint share and product needs met.",
    ),
    equipment: Path | None = typer.Option(
        None,
        "--equipment",
        help="Handover equipment checks (CSV/XLSX: recorded_at, team, shift, equipment, state, "
        "reported_at, fixed_at): equipment in good order.",
    ),
    period: str | None = typer.Option(
        None, "--period", help="The month YYYY-MM to score (default: the latest in the data)."
    ),
    scope: str = typer.Option("centre", "--scope", help="centre or team:CODE."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="The data's end (ISO time): FCR windows closing later are pending "
        "(default: the latest arrival).",
    ),
    method: str = typer.Option(
        "target", "--method", help="target (attainment of targets) or minmax (over bounds)."
    ),
    lang: str = typer.Option("en", "--lang", help="zh-Hans, zh-Hant or en."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Score a period: dimension and overall scores (0–100), RAG, change, shortfalls.

    From a values file, or from raw data (--interactions, --responses) valued by the same
    binding dispatch as the dashboard (serviq.indicators.evaluation).
    """
    from serviq.cli.output import emit
    from serviq.errors import InvalidInput, Where
    from serviq.indicators.model import LANGS, load_system
    from serviq.indicators.scoring import read_values, score_system

    if method not in ("target", "minmax"):
        raise InvalidInput(f"unknown method {method!r}; allowed: target, minmax")
    if lang not in LANGS:
        raise InvalidInput(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    sys_ = load_system(system)
    if interactions is None and responses is None:
        if values is None:
            raise InvalidInput(
                "give a values file, or data to value the bindings from "
                "(--interactions, --responses)",
                where=Where(field="values"),
            )
        vals, prev = read_values(values)
        card = score_system(sys_, vals, prev or None, method=method, lang=lang)  # type: ignore[arg-type]
        emit(card, as_json=json, render=_render_scorecard)
        return
    result = _score_from_data(
        sys_, values, interactions, responses, period, scope, as_of, method, lang, systems,
        work_orders, feedback, equipment,
    )  # fmt: skip
    emit(result, as_json=json, render=_render_scope_result)


def _score_from_data(
    sys_: Any,
    values: Path | None,
    interactions: Path | None,
    responses: Path | None,
    period: str | None,
    scope: str,
    as_of: str | None,
    method: str,
    lang: str,
    systems: Path | None = None,
    work_orders: Path | None = None,
    feedback: Path | None = None,
    equipment: Path | None = None,
) -> Any:
    import re
    from dataclasses import replace

    from serviq.cli.ops import _centre, _utc
    from serviq.errors import InvalidInput, Where
    from serviq.indicators.evaluation import evaluate
    from serviq.indicators.scoring import read_values, score_system
    from serviq.ops.definitions import load_kpi_config, load_queue_teams, load_queues
    from serviq.ops.importer import read_file
    from serviq.ops.schemas import SCHEMAS
    from serviq.tables import read_table

    if scope != "centre" and not re.fullmatch(r"team:[A-Za-z0-9_.-]{1,64}", scope):
        raise InvalidInput(
            f"{scope!r} is not a scope; allowed: centre, team:CODE", where=Where(field="scope")
        )
    if period is not None and not re.fullmatch(r"\d{4}-\d{2}", period):
        raise InvalidInput(
            f"{period!r} is not a month; allowed: YYYY-MM", where=Where(field="period")
        )
    the_scope = "" if scope == "centre" else scope.removeprefix("team:")
    _, zone = _centre()
    contacts = (
        read_file(interactions, SCHEMAS["interactions"], queues=load_queues())
        if interactions is not None
        else None
    )
    answers = read_table(responses) if responses is not None else None
    months = None
    if systems is not None:
        from serviq.ops.systems import read_system_months, system_values

        months = system_values(read_system_months(systems))
    orders = None
    if work_orders is not None:
        if contacts is None:
            raise InvalidInput(
                "--work-orders needs --interactions (the KPIs are computed on both)",
                where=Where(field="work_orders"),
            )
        orders = read_file(work_orders, SCHEMAS["work_orders"], queues=load_queues())
    products = None
    if feedback is not None:
        from serviq.text.feedback import feedback_values, read_feedback

        products = feedback_values(read_feedback(feedback))
    rooms = None
    if equipment is not None:
        import datetime as dt

        from serviq.ops.equipment import equipment_values, read_checks

        end = _utc(as_of, zone)  # open faults count up to it (default now, as on the web)
        end = end.replace(tzinfo=dt.UTC) if end is not None else dt.datetime.now(dt.UTC)
        rooms = equipment_values(read_checks(equipment, zone), end)
    ev = evaluate(
        sys_,
        interactions=contacts,
        responses=answers,
        systems=months,
        work_orders=orders,
        feedback=products,
        equipment=rooms,
        scopes=[the_scope],
        timezone=zone,
        kpi_config=load_kpi_config(),
        queue_teams=load_queue_teams(),
        as_of=_utc(as_of, zone),
        method=method,  # type: ignore[arg-type]
        lang=lang,
    )
    if not ev.periods:
        raise InvalidInput("the data has no period to score", where=Where(field="period"))
    # Default: the latest month with contacts (as the dashboard, whose periods are the
    # contacts'); a response submitted after the last contact does not open a new month.
    latest = ev.periods[-1]
    if contacts is not None and len(contacts):
        import pandas as pd

        stamps = pd.to_datetime(contacts["arrived_at"], utc=True).dt.tz_convert(zone)
        latest = stamps.max().strftime("%Y-%m")
    chosen = period or latest
    if chosen not in ev.periods:
        raise InvalidInput(
            f"no data for {chosen}; the data has {', '.join(ev.periods)}",
            where=Where(field="period"),
        )
    result = ev.get(chosen, the_scope)
    if values is not None:
        # Hand-entered values fill what the data does not give (the data's values win);
        # a `previous` column replaces the previous month's values for the change.
        given, previous = read_values(values)
        merged = {**given, **result.values}
        before = ev.periods.index(chosen)
        earlier = ev.get(ev.periods[before - 1], the_scope).values if before else {}
        card = score_system(sys_, merged, previous or earlier or None, method=method, lang=lang)  # type: ignore[arg-type]
        result = replace(result, values=merged, card=card)
    return {**result.as_dict(), "as_of": _iso(ev.as_of)}


def _iso(value: Any) -> str | None:
    return None if value is None else f"{value.isoformat()}Z"


def _render_scope_result(result: dict[str, Any]) -> None:
    from types import SimpleNamespace

    from serviq.indicators.scoring import NodeScore, Shortfall

    card = SimpleNamespace(
        system=result["system"],
        version=result["version"],
        overall=result["overall"],
        previous_overall=result["previous_overall"],
        nodes=[NodeScore(**n) for n in result["nodes"]],
        short=[
            Shortfall(**{**s, "requirements": tuple(s["requirements"])}) for s in result["short"]
        ],
        missing=result["missing"],
    )
    typer.echo(f"period {result['period']}, scope {result['scope'] or 'centre'}")
    _render_scorecard(card)
    for code in result["provisional"]:
        typer.echo(
            f"provisional: {code} — {result['pending'][code]} contact(s) pending, their window "
            f"closes after the data's end ({result['as_of']})"
        )
    for code, queues in result["attribution"].items():
        owned = ", ".join(queues) if queues else "none (no value at team scope)"
        typer.echo(f"attribution: {code} — the service of the queues the team owns: {owned}")


def _render_scorecard(card: Any) -> None:
    from serviq.cli.output import fmt, table

    rows = []
    for n in card.nodes:
        rows.append(
            [
                "  " * n.depth + n.code,
                n.name,
                n.weight,
                n.score,
                "" if n.value is None else fmt(n.value, 4),
                "" if n.target is None else fmt(n.target, 4),
                n.status or "",
                "" if n.change is None else f"{n.change:+.4g}",
            ]
        )
    table(
        f"{card.system} {card.version} — overall {fmt(card.overall, 1)}"
        + ("" if card.previous_overall is None else f" (previous {fmt(card.previous_overall, 1)})"),
        ["code", "name", "weight", "score", "value", "target", "status", "change"],
        rows,
    )
    if card.short:
        table(
            "short of target (worst first)",
            ["code", "name", "value", "target", "status", "points lost", "owner"],
            [
                [
                    s.code,
                    s.name,
                    fmt(s.value, 4),
                    fmt(s.target, 4),
                    s.status,
                    s.points_lost,
                    s.owner or "",
                ]
                for s in card.short
            ],
        )
    if card.missing:
        typer.echo(f"no value for: {', '.join(card.missing)}")


@app.command()
def demo(
    lang: str = typer.Option("en", "--lang", help="zh-Hans, zh-Hant or en."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Validate both bundled systems and score their bundled sample periods."""
    from serviq.cli.output import emit
    from serviq.indicators.bundled import demo_summary

    summary = demo_summary(lang=lang)

    def render(s: Any) -> None:
        for system, card in zip(s.systems, s.scorecards, strict=True):
            typer.echo(
                f"ok: {system.id} {system.version} — {len(system.indicators())} indicators valid"
            )
            _render_scorecard(card)

    emit(summary, as_json=json, render=render)


def _register_data_commands() -> None:
    from serviq.cli.indicator_data import feedback, manual

    app.add_typer(manual, name="manual")
    app.add_typer(feedback, name="feedback")


_register_data_commands()
