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


@app.command()
def build(
    kind: str = typer.Argument(
        ...,
        help="monthly, workload-daily, workload-weekly, supervision-weekly, qa-weekly, "
        "half-year or annual.",
    ),
    period: str = typer.Option(
        ..., "--period", help="YYYY-MM, YYYY-Www, YYYY-MM-DD, YYYY-H1/H2, YYYY or last."
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the files to."),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="Folder of the data (interactions.parquet, survey_responses.parquet, …, as "
        "`serviq demo` writes them); default: the database named by DATABASE_URL.",
    ),
    scope: str = typer.Option("centre", "--scope", help="centre, department:CODE or team:CODE."),
    formats: str = typer.Option(
        "html,pdf,xlsx", "--format", help="Comma-separated: html,pdf,xlsx."
    ),
    lang: str = typer.Option("zh-Hans", "--lang", help="zh-Hans, zh-Hant or en."),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Build a report from the data: one context, written as HTML, PDF and XLSX."""
    from serviq.reports.build import build_report, parse_formats

    wanted = parse_formats(formats)
    if data is not None:
        from serviq.reports.inputs import load_inputs

        inputs = load_inputs(data)
        ref = str(data)
    else:
        from serviq.cli.report_db import database_inputs

        inputs = database_inputs()
        ref = "DATABASE"
    built = build_report(kind, period, inputs, formats=wanted, scope=scope, lang=lang, data_ref=ref)
    paths = built.write(out)
    result = {
        "kind": built.context["kind"],
        "period": built.context["period"],
        "scope": built.context["scope"],
        "files": {f: str(p) for f, p in paths.items()},
        "sha256": built.sha256,
        "inputs": inputs.summary(),
    }

    def render(obj: dict[str, Any]) -> None:
        table(
            f"{obj['kind']} {obj['period']} ({obj['scope']})",
            ["format", "file", "sha256"],
            [[f, obj["files"][f], obj["sha256"][f][:16]] for f in obj["files"]],
        )

    emit(result, as_json=json, render=render)


@app.command(name="list")
def list_reports(
    status: str | None = typer.Option(
        None, "--status", help="draft, submitted, returned, approved or overdue."
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The reports in the database named by DATABASE_URL, with status and due day."""
    from serviq.cli.report_db import report_rows
    from serviq.errors import InvalidInput, Where

    allowed = ("draft", "submitted", "returned", "approved", "overdue")
    if status is not None and status not in allowed:
        raise InvalidInput(
            f"unknown status {status!r}; allowed: {', '.join(allowed)}", where=Where(field="status")
        )
    rows = report_rows(status)

    def render(obj: dict[str, Any]) -> None:
        table(
            "Reports",
            ["kind", "period", "scope", "status", "due"],
            [
                [r["kind"], r["period"], r["scope"], r["status"], r["due"] or "—"]
                for r in obj["reports"]
            ],
        )

    emit({"reports": rows}, as_json=json, render=render)


def _number(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if x == x else None
