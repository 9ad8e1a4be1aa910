"""``serviq delphi``: the statistics of a Delphi consultation round (docs/delphi.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table

app = typer.Typer(
    help="Delphi consultation: response rate, authority, consensus, Kendall's W.",
    no_args_is_help=True,
)


@app.callback()
def _group() -> None:
    """Delphi consultation: response rate, authority, consensus, Kendall's W."""


@app.command()
def stats(
    data: Path = typer.Argument(..., help="One row per expert × indicator (CSV, XLSX or Parquet)."),
    expert: str = typer.Option(..., "--expert", help="Column naming the expert."),
    indicator: str = typer.Option(..., "--indicator", help="Column naming the indicator."),
    importance: str = typer.Option(..., "--importance", help="Column of the importance score."),
    basis: str | None = typer.Option(
        None, "--basis", help="Column of the expert's judgement basis Ca (0–1)."
    ),
    familiarity: str | None = typer.Option(
        None, "--familiarity", help="Column of the expert's familiarity Cs (0–1)."
    ),
    maximum: int | None = typer.Option(
        None, "--max", help="Top score of the scale (default: the rules file's, 5)."
    ),
    panel: int | None = typer.Option(
        None, "--panel", min=1, help="Experts consulted; gives the response rate."
    ),
    rules: Path | None = typer.Option(
        None, "--rules", help="Delphi rules file instead of the centre's delphi/rules.yaml."
    ),
    system: str | None = typer.Option(
        None,
        "--system",
        help="Indicator system YAML (or a bundled one's name) to write a new version of, "
        "without the indicators dropped; the indicators are named by their codes.",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write it (default: SYSTEM-VERSION.yaml here)."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Per indicator: mean importance, SD, full-score frequency, CV and the keep / revise /
    drop decision; the experts' authority Cr = (Ca + Cs)/2; Kendall's W (tie-corrected)
    with its χ² test."""
    from serviq.delphi.consultation import round_statistics
    from serviq.delphi.rules import load_delphi_rules
    from serviq.tables import read_table

    columns = [expert, indicator, importance, *(c for c in (basis, familiarity) if c)]
    df = read_table(data, columns=list(dict.fromkeys(columns)))
    result = round_statistics(
        df,
        expert=expert,
        indicator=indicator,
        importance=importance,
        basis=basis,
        familiarity=familiarity,
        panel=panel,
        rules=load_delphi_rules(rules),
        scale_max=maximum,
        source=str(data),
    )

    out_obj = result.as_dict()
    if system is not None:
        from serviq.delphi.revision import write_revised_system

        out_obj["new_version"] = write_revised_system(result, system, out)

    def render(obj: dict[str, Any]) -> None:
        head = f"{obj['experts']} experts"
        if obj.get("response_rate") is not None:
            head += f" of {obj['panel']} (response rate {fmt(obj['response_rate'])})"
        table(
            f"Delphi round: {head}",
            ["indicator", "mean", "sd", "full score", "cv", "decision"],
            [
                [i["indicator"], fmt(i["mean"]), fmt(i["sd"]), fmt(i["full_score_frequency"]),
                 fmt(i["cv"]), i["decision"]]
                for i in obj["indicators"]
            ],
        )  # fmt: skip
        if obj["authority"] is not None:
            typer.echo(f"authority Cr = {fmt(obj['authority']['overall'])}")
        k = obj["kendall_w"]
        if k["w"] is None:
            typer.echo(f"Kendall's W: {k['note']}")
        else:
            typer.echo(
                f"Kendall's W = {fmt(k['w'])}, χ²({k['df']}) = {fmt(k['chisq'], 2)}, "
                f"p = {fmt(k['pvalue'], 4)}"
            )
        if "new_version" in obj:
            v = obj["new_version"]
            typer.echo(f"{v['system']} {v['previous_version']} → {v['version']}: {v['path']}")

    emit(out_obj, as_json=json, render=render)


@app.command()
def compare(
    first: Path = typer.Argument(..., help="The first round, long format."),
    second: Path = typer.Argument(..., help="The second round, the same columns."),
    expert: str = typer.Option(..., "--expert", help="Column naming the expert."),
    indicator: str = typer.Option(..., "--indicator", help="Column naming the indicator."),
    importance: str = typer.Option(..., "--importance", help="Column of the importance score."),
    maximum: int | None = typer.Option(
        None, "--max", help="Top score of the scale (default: the rules file's, 5)."
    ),
    rules: Path | None = typer.Option(
        None, "--rules", help="Delphi rules file instead of the centre's delphi/rules.yaml."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Round over round: each indicator's decision in both rounds, which changed, and the
    change of its mean and CV and of Kendall's W."""
    from serviq.delphi.consultation import round_statistics
    from serviq.delphi.rounds import compare_rounds
    from serviq.delphi.rules import load_delphi_rules
    from serviq.tables import read_table

    rule_set = load_delphi_rules(rules)
    rounds = [
        round_statistics(
            read_table(path, columns=list(dict.fromkeys([expert, indicator, importance]))),
            expert=expert,
            indicator=indicator,
            importance=importance,
            rules=rule_set,
            scale_max=maximum,
            source=str(path),
        )
        for path in (first, second)
    ]
    result = compare_rounds(rounds[0], rounds[1])

    def render(obj: dict[str, Any]) -> None:
        table(
            "Delphi rounds compared",
            ["indicator", "first", "second", "changed", "Δ mean", "Δ cv"],
            [
                [i["indicator"], i["first"] or "—", i["second"] or "—",
                 "yes" if i["changed"] else "", fmt(i["mean_change"]), fmt(i["cv_change"])]
                for i in obj["indicators"]
            ],
        )  # fmt: skip
        k = obj["kendall_w"]
        typer.echo(f"Kendall's W {fmt(k['first'])} → {fmt(k['second'])}")

    emit(result.as_dict(), as_json=json, render=render)


@app.command()
def weights(
    matrices: list[Path] = typer.Argument(
        ...,
        help="One expert's AHP matrix per file (CSV/XLSX with the names in the header row and "
        "first column, or YAML); the file's name without extension names the expert.",
    ),
    node: str = typer.Option(..., "--node", help="Code of the node whose children are weighed."),
    system: str = typer.Option(
        "bank_contact_centre", "--system", help="Indicator system YAML or a bundled one's name."
    ),
    write: bool = typer.Option(
        False, "--write", help="Write the next version of the system with the panel's weights."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write it (default: SYSTEM-VERSION.yaml here)."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The panel's AHP weights of a node's children: the geometric mean of the experts'
    judgements, each expert's consistency ratio."""
    from serviq.cli.weights import read_matrix
    from serviq.delphi.weights import panel_weights, weighted_system
    from serviq.errors import InvalidInput, Where
    from serviq.indicators.model import load_system
    from serviq.indicators.versioning import dump_yaml

    loaded = load_system(system)
    judgements: dict[str, list[list[float]]] = {}
    for path in matrices:
        items, matrix = read_matrix(path)
        children = [
            c.code
            for p in loaded.walk()
            if p.node.code == node
            for c in p.node.children
            if c.counts()
        ]
        if children and items != children:
            raise InvalidInput(
                f"the matrix compares {', '.join(items)}; allowed: the scored children of "
                f"{node} in order ({', '.join(children)})",
                where=Where(file=str(path)),
            )
        judgements[path.stem] = matrix
    panel = panel_weights(loaded, node, judgements)
    combined = panel.group.combined
    assert combined is not None
    obj: dict[str, Any] = {
        "node": node,
        "weights": panel.weights,
        "experts": {
            e: {"cr": r.cr, "consistent": r.consistent}
            for e, r in zip(panel.experts, panel.group.individual, strict=True)
        },
        "panel_cr": combined.cr,
        "evidence": panel.evidence(),
    }
    if write:
        new = weighted_system(loaded, panel)
        target = out if out is not None else Path.cwd() / f"{new.id}-{new.version}.yaml"
        target.write_text(dump_yaml(new), encoding="utf-8")
        obj["new_version"] = {
            "system": new.id,
            "version": new.version,
            "previous_version": loaded.version,
            "path": str(target),
        }

    def render(o: dict[str, Any]) -> None:
        table(
            f"AHP weights of {o['node']} ({len(o['experts'])} experts, geometric mean)",
            ["child", "weight"],
            [[k, fmt(v)] for k, v in o["weights"].items()],
        )
        table(
            "consistency",
            ["expert", "CR", "consistent"],
            [
                [e, fmt(x["cr"]), "yes" if x["consistent"] else "no"]
                for e, x in o["experts"].items()
            ],
        )
        typer.echo(f"panel CR = {fmt(o['panel_cr'])}")
        if "new_version" in o:
            v = o["new_version"]
            typer.echo(f"{v['system']} {v['previous_version']} → {v['version']}: {v['path']}")

    emit(obj, as_json=json, render=render)
