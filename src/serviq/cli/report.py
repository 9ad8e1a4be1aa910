"""``serviq report``: control charts, report builds and the report register (docs/reports.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table

app = typer.Typer(
    help="The department's reports: build them, list them, and control charts (SPC).",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object."


@app.callback()
def _group() -> None:
    """The department's reports: build them, list them, and control charts (SPC)."""


@app.command()
def spc(
    data: Path = typer.Argument(..., help="One row per period, in order (CSV, XLSX or Parquet)."),
    chart: str = typer.Option(
        ..., "--chart", help="p, laney-p, u, laney-u, xmr or ewma (docs/reports.md)."
    ),
    value: str = typer.Option(
        ..., "--value", help="Column of the values: counts for p/u charts, measurements else."
    ),
    n: str | None = typer.Option(
        None, "--n", help="Column of the subgroup sizes or exposures (p and u charts)."
    ),
    label: str | None = typer.Option(None, "--label", help="Column naming each period."),
    center: float | None = typer.Option(None, "--center", help="Fixed centre line."),
    sigma: float | None = typer.Option(
        None, "--sigma", help="Fixed process standard deviation (xmr, ewma)."
    ),
    lam: float = typer.Option(0.2, "--lambda", help="EWMA weight λ, in (0, 1]."),
    L: float = typer.Option(3.0, "--L", help="Width of the limits in standard deviations."),
    rules: str = typer.Option(
        "western-electric", "--rules", help="western-electric, nelson or anhoej."
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A control chart of one indicator over time, with the points that signal."""
    from serviq.errors import InvalidInput, Where
    from serviq.reports.spc import control_chart
    from serviq.tables import read_table, sheet_row

    columns = [value] + ([n] if n else []) + ([label] if label else [])
    df = read_table(data, columns=columns)
    for col in [value] + ([n] if n else []):
        numbers = df[col].apply(_number)
        bad = numbers.isna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise InvalidInput(
                f"{df[col].iloc[i]!r} is not a number; allowed: numbers, one row per period",
                where=Where(file=str(data), row=sheet_row(i), column=col),
            )
        df[col] = numbers
    try:
        result = control_chart(
            df[value].to_numpy(dtype=float),
            None if n is None else df[n].to_numpy(dtype=float),
            kind=chart,
            center=center,
            sigma=sigma,
            lam=lam,
            L=L,
            rules=rules,
            labels=None if label is None else [str(v) for v in df[label]],
        )
    except InvalidInput as exc:
        where = exc.where
        row = None if where.row is None else sheet_row(where.row - 1)
        column = {"values": value, "n": n}.get(where.field or "")
        raise InvalidInput(
            exc.message,
            where=Where(
                file=str(data),
                row=row,
                column=column,
                field=None if column else where.field,
            ),
        ) from None
    out = result.as_dict()

    def render(obj: dict[str, Any]) -> None:
        head = f"{obj['kind']} chart: centre {fmt(obj['center'], 4)}"
        if obj["sigma_z"] is not None:
            head += f", σ_z {fmt(obj['sigma_z'], 3)}"
        table(
            head,
            ["period", "value", "LCL", "UCL", "signals"],
            [
                [p["label"] or str(i + 1), p["value"], p["lcl"], p["ucl"], ", ".join(p["signals"])]
                for i, p in enumerate(obj["points"])
            ],
        )

    emit(out, as_json=json, render=render)


def _number(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if x == x else None
