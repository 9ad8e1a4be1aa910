"""``serviq weights``: AHP, entropy, CRITIC and coefficient-of-variation weights."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Indicator weights: AHP, entropy, CRITIC, coefficient of variation.",
    no_args_is_help=True,
)


def read_matrix(path: Path) -> tuple[list[str], list[list[float]]]:
    """A pairwise-comparison matrix from CSV/XLSX (names in the header row and the first
    column) or YAML ``{items: [...], matrix: [[...]]}``. Cells may be fractions like 1/3."""
    from serviq.errors import InvalidInput, Where

    where = Where(file=str(path))
    if path.suffix.lower() in (".yaml", ".yml"):
        from serviq.yamlfile import load_yaml

        data, _ = load_yaml(path)
        if not isinstance(data, dict) or "items" not in data or "matrix" not in data:
            raise InvalidInput(
                "expected a mapping with items: [...] and matrix: [[...]]", where=where
            )
        items = [str(i) for i in data["items"]]
        rows = data["matrix"]
        return items, [[_cell(v, path, r + 2, items[c] if c < len(items) else str(c)) for c, v in enumerate(row)] for r, row in enumerate(rows)]  # fmt: skip
    from serviq.tables import read_table

    df = read_table(path, dtype=str)
    if df.shape[1] < 2:
        raise InvalidInput("the matrix needs the item names in the first column", where=where)
    items = [str(c) for c in df.columns[1:]]
    row_names = [str(v).strip() for v in df.iloc[:, 0]]
    if row_names != items:
        raise InvalidInput(
            f"the first column ({', '.join(row_names)}) must list the same items in the same "
            f"order as the header ({', '.join(items)})",
            where=where,
        )
    matrix = [
        [_cell(df.iloc[r, c + 1], path, r + 2, items[c]) for c in range(len(items))]
        for r in range(len(items))
    ]
    return items, matrix


def _cell(value: Any, path: Path, row: int, column: str) -> float:
    from serviq.errors import InvalidInput, Where

    text = str(value).strip() if value is not None else ""
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            return float(num) / float(den)
        return float(text)
    except (ValueError, ZeroDivisionError):
        raise InvalidInput(
            f"{text!r} is not a judgement; write a number or a fraction like 1/3",
            where=Where(file=str(path), row=row, column=column),
        ) from None


@app.command("ahp")
def ahp_command(
    matrix: list[Path] = typer.Argument(
        ..., help="Pairwise-comparison matrix (CSV/XLSX or YAML); several = several experts."
    ),
    method: str = typer.Option("eigen", "--method", help="eigen or geometric."),
    ri: str = typer.Option("saaty1980", "--ri", help="Random-index table: saaty1980 or saaty2008."),
    aggregate: str = typer.Option(
        "aij", "--aggregate", help="Several experts: aij (judgements) or aip (priorities)."
    ),
    expert_weights: str | None = typer.Option(
        None, "--expert-weights", help="Comma-separated weights of the experts (default equal)."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """AHP priorities with λmax, CI, CR and the most inconsistent judgements."""
    from serviq.cli.output import emit
    from serviq.errors import InvalidInput, Where
    from serviq.indicators.weighting import ahp, ahp_group

    if method not in ("eigen", "geometric"):
        raise InvalidInput(f"unknown method {method!r}; allowed: eigen, geometric")
    if ri not in ("saaty1980", "saaty2008"):
        raise InvalidInput(f"unknown random-index table {ri!r}; allowed: saaty1980, saaty2008")
    if aggregate not in ("aij", "aip"):
        raise InvalidInput(f"unknown aggregation {aggregate!r}; allowed: aij, aip")
    read = [read_matrix(p) for p in matrix]
    items = read[0][0]
    for p, (its, _) in zip(matrix, read, strict=True):
        if its != items:
            raise InvalidInput(
                f"the experts compare different items ({', '.join(its)} vs {', '.join(items)})",
                where=Where(file=str(p)),
            )
    if len(read) == 1:
        result: Any = ahp(read[0][1], items, method=method, ri=ri, file=str(matrix[0]))  # type: ignore[arg-type]
        emit(result, as_json=json, render=_render_ahp)
        return
    ew = None
    if expert_weights:
        try:
            ew = [float(x) for x in expert_weights.split(",")]
        except ValueError:
            raise InvalidInput("--expert-weights takes numbers, e.g. 0.5,0.3,0.2") from None
    group = ahp_group(
        [m for _, m in read], items, aggregation=aggregate, expert_weights=ew,  # type: ignore[arg-type]
        method=method, ri=ri,  # type: ignore[arg-type]
    )  # fmt: skip
    out = group.as_dict()
    combined = group.combined
    out.update(
        {
            "lambda_max": combined.lambda_max if combined else None,
            "ci": combined.ci if combined else None,
            "cr": combined.cr if combined else None,
            "ri": combined.ri if combined else None,
            "consistent": all(r.consistent for r in group.individual),
            "worst_judgements": [j.as_dict() for j in combined.worst_judgements]
            if combined
            else [],
            "experts": [
                {"file": str(p), "cr": r.cr, "consistent": r.consistent}
                for p, r in zip(matrix, group.individual, strict=True)
            ],
        }
    )

    def render(d: dict[str, Any]) -> None:
        from serviq.cli.output import fmt, table

        table(f"AHP priorities of {len(matrix)} experts ({aggregate.upper()})", ["item", "weight"],
              [[k, v] for k, v in d["weights"].items()])  # fmt: skip
        table("experts", ["file", "CR", "consistent"],
              [[e["file"], e["cr"], "yes" if e["consistent"] else "NO"] for e in d["experts"]])  # fmt: skip
        if d["cr"] is not None:
            typer.echo(f"combined matrix: λmax {fmt(d['lambda_max'], 4)}  CR {fmt(d['cr'], 4)}")

    emit(out, as_json=json, render=render)


def _render_ahp(r: Any) -> None:
    from serviq.cli.output import fmt, table

    table("AHP priorities", ["item", "weight"], [[k, v] for k, v in r.weights.items()])
    verdict = "consistent" if r.consistent else "INCONSISTENT (CR ≥ 0.1): revise the judgements below"  # fmt: skip
    typer.echo(
        f"λmax {fmt(r.lambda_max, 4)}  CI {fmt(r.ci, 4)}  RI {fmt(r.ri, 2)} ({r.ri_table})  "
        f"CR {fmt(r.cr, 4)} — {verdict}"
    )
    if r.worst_judgements:
        table(
            "most inconsistent judgements",
            ["row", "column", "given", "implied", "suggested"],
            [
                [j.row, j.column, j.value, j.implied, fmt(j.suggested, 3)]
                for j in r.worst_judgements
            ],
        )


def _data(
    path: Path, columns: str | None, direction: str | None
) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    import pandas as pd

    from serviq.errors import InvalidInput, Where
    from serviq.tables import read_table

    df = read_table(path)
    if columns:
        cols = [c.strip() for c in columns.split(",") if c.strip()]
    else:
        cols = [str(c) for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
        if not cols:
            raise InvalidInput("no numeric columns; name them with --columns", where=Where(file=str(path)))  # fmt: skip
    dirs: dict[str, str] = {}
    for part in (direction or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise InvalidInput(f"--direction takes col=higher|lower pairs; got {part!r}")
        k, v = (s.strip() for s in part.split("=", 1))
        dirs[k] = v
    return df, cols, dirs


def _render_weights(r: Any) -> None:
    from serviq.cli.output import table

    table(f"{r.method} weights", ["indicator", "weight"], [[k, v] for k, v in r.weights.items()])


def _objective(kind: str, data: Path, columns: str | None, direction: str | None, json: bool, **kw: Any) -> None:  # fmt: skip
    from serviq.cli.output import emit
    from serviq.indicators import weighting

    df, cols, dirs = _data(data, columns, direction)
    fn = {"entropy": weighting.entropy, "critic": weighting.critic, "cv": weighting.coefficient_of_variation}[kind]  # fmt: skip
    try:
        result = fn(df, cols, directions=dirs, **kw)
    except Exception as exc:
        from serviq.errors import ServiqError, Where

        if isinstance(exc, ServiqError) and not exc.where.file:
            exc.where = Where(file=str(data), column=exc.where.column, field=exc.where.field)
        raise
    emit(result, as_json=json, render=_render_weights)


COLUMNS_HELP = "Comma-separated indicator columns (default: every numeric column)."
DIRECTION_HELP = "Lower-is-better columns, e.g. asa=lower,abandoned_rate=lower."


@app.command()
def entropy(
    data: Path = typer.Argument(..., help="Units × indicators table (CSV/XLSX/Parquet)."),
    columns: str | None = typer.Option(None, "--columns", help=COLUMNS_HELP),
    direction: str | None = typer.Option(None, "--direction", help=DIRECTION_HELP),
    normalisation: str = typer.Option(
        "proportion", "--normalisation", help="proportion (classical) or minmax."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Shannon-entropy weights."""
    _objective("entropy", data, columns, direction, json, normalisation=normalisation)


@app.command()
def critic(
    data: Path = typer.Argument(..., help="Units × indicators table (CSV/XLSX/Parquet)."),
    columns: str | None = typer.Option(None, "--columns", help=COLUMNS_HELP),
    direction: str | None = typer.Option(None, "--direction", help=DIRECTION_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """CRITIC weights (contrast and conflict between indicators)."""
    _objective("critic", data, columns, direction, json)


@app.command()
def cv(
    data: Path = typer.Argument(..., help="Units × indicators table (CSV/XLSX/Parquet)."),
    columns: str | None = typer.Option(None, "--columns", help=COLUMNS_HELP),
    direction: str | None = typer.Option(None, "--direction", help=DIRECTION_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Coefficient-of-variation weights."""
    _objective("cv", data, columns, direction, json)
