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
    values: Path = typer.Argument(
        ..., help="CSV/XLSX/Parquet with columns code, value and optionally previous."
    ),
    method: str = typer.Option(
        "target", "--method", help="target (attainment of targets) or minmax (over bounds)."
    ),
    lang: str = typer.Option("en", "--lang", help="zh-Hans, zh-Hant or en."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Score a period: dimension and overall scores (0–100), RAG, change, shortfalls."""
    from serviq.cli.output import emit
    from serviq.errors import InvalidInput
    from serviq.indicators.model import LANGS, load_system
    from serviq.indicators.scoring import read_values, score_system

    if method not in ("target", "minmax"):
        raise InvalidInput(f"unknown method {method!r}; allowed: target, minmax")
    if lang not in LANGS:
        raise InvalidInput(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    sys_ = load_system(system)
    vals, prev = read_values(values)
    card = score_system(sys_, vals, prev or None, method=method, lang=lang)  # type: ignore[arg-type]
    emit(card, as_json=json, render=_render_scorecard)


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
