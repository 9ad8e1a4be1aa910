"""``serviq sme`` commands of the SME desk (docs/sme.md): ``binning`` and
``scorecard fit | validate``."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table

scorecard_app = typer.Typer(
    help="The SME rating scorecard: fit on hard and soft features, validate.",
    no_args_is_help=True,
)


@scorecard_app.callback()
def _scorecard_group() -> None:
    """The SME rating scorecard: fit on hard and soft features, validate."""


def binning(
    data: Path = typer.Argument(..., help="One row per firm (CSV, XLSX or Parquet)."),
    feature: str = typer.Option(..., "--feature", help="Numeric column to bin."),
    target: str = typer.Option(..., "--target", help="Column of the default flag (0/1)."),
    monotonic: str = typer.Option(
        "auto", "--monotonic", help="Trend of the event rate: auto, ascending or descending."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Optimal binning of one feature: split points, WoE and IV per bin, total IV and Gini."""
    from serviq.sme.binning import optimal_binning
    from serviq.sme.scorecard import binary_target, numeric_columns
    from serviq.tables import read_table

    df = read_table(data, columns=list(dict.fromkeys([feature, target])))
    x = numeric_columns(df, [feature], source=str(data))[feature]
    y = binary_target(df, target, source=str(data))
    result = optimal_binning(x, y, feature=feature, monotonic=monotonic)

    def render(obj: dict[str, Any]) -> None:
        table(
            f"{feature}: IV {fmt(obj['iv'], 4)}, Gini {fmt(obj['gini'], 4)} ({obj['monotonic']})",
            ["bin", "count", "event rate", "WoE", "IV"],
            [[b["range"], str(b["count"]), fmt(b["event_rate"]), fmt(b["woe"], 4),
              fmt(b["iv"], 4)] for b in obj["bins"]],
        )  # fmt: skip

    emit(result.as_dict(), as_json=json, render=render)


@scorecard_app.command()
def fit(
    data: Path = typer.Argument(..., help="One row per firm (CSV, XLSX or Parquet)."),
    target: str = typer.Option(..., "--target", help="Column of the default flag (0/1)."),
    features: str | None = typer.Option(
        None, "--features", help="Comma-separated feature columns (default: every other column)."
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the model (JSON)."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Bin every feature, regress the default on the WoE values, scale to points."""
    from serviq.sme.scorecard import binary_target, fit_scorecard, numeric_columns
    from serviq.sme.validation import auc
    from serviq.tables import read_table

    names = [f.strip() for f in features.split(",") if f.strip()] if features else None
    df = read_table(data, columns=[target, *(names or [])])
    if names is None:
        names = [str(c) for c in df.columns if c != target]
    y = binary_target(df, target, source=str(data))
    cols = numeric_columns(df, names, source=str(data))
    model = fit_scorecard(cols, y, target_name=target)
    out.write_text(jsonlib.dumps(model.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    in_sample = auc(y, -model.score(cols))
    result = {
        "model": str(out),
        "rows": len(y),
        "auc": in_sample,
        "gini": 2 * in_sample - 1,
        "features": [
            {"feature": b.feature, "iv": b.iv, "coefficient": c}
            for b, c in zip(model.binnings, model.fit.coef[1:], strict=True)
        ],
        "intercept": model.fit.coef[0],
    }

    def render(obj: dict[str, Any]) -> None:
        table(
            f"scorecard on {obj['rows']} rows (in-sample AUC {fmt(obj['auc'])}) → {obj['model']}",
            ["feature", "IV", "coefficient"],
            [[f["feature"], fmt(f["iv"], 4), fmt(f["coefficient"], 4)] for f in obj["features"]],
        )

    emit(result, as_json=json, render=render)


@scorecard_app.command()
def validate(
    data: Path = typer.Argument(..., help="Rows to validate on, with the model's columns."),
    model: Path = typer.Option(..., "--model", help="A model written by 'sme scorecard fit'."),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Rows of an earlier period, for the PSI of the score."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """AUC, Gini, KS, PSI against a baseline, Hosmer–Lemeshow and calibration by grade."""
    from serviq.sme.report import validate_scorecard
    from serviq.sme.scorecard import Scorecard, load_scorecard_settings
    from serviq.tables import read_table

    card = Scorecard.from_dict(_read_json(model), source=str(model))
    df = read_table(data, columns=[card.target, *card.features])
    base = read_table(baseline, columns=list(card.features)) if baseline is not None else None
    result = validate_scorecard(
        card,
        df,
        baseline=base,
        settings=load_scorecard_settings(),
        source=str(data),
        baseline_source=str(baseline) if baseline is not None else None,
    )

    def render(obj: dict[str, Any]) -> None:
        hl = obj["hosmer_lemeshow"]
        typer.echo(
            f"AUC {fmt(obj['auc'])}, Gini {fmt(obj['gini'])}, KS {fmt(obj['ks'])}"
            + (f", PSI {fmt(obj['psi'], 4)}" if obj.get("psi") is not None else "")
        )
        typer.echo(
            f"Hosmer–Lemeshow χ²({hl['df']}) = {fmt(hl['chisq'], 2)}, p = {fmt(hl['pvalue'], 4)}"
        )
        table(
            "calibration by grade",
            ["grade", "firms", "defaults", "observed", "mean PD", "p"],
            [[c["grade"], str(c["count"]), str(c["defaults"]), fmt(c["observed_rate"]),
              fmt(c["mean_pd"]), fmt(c["pvalue"])] for c in obj["calibration"]],
        )  # fmt: skip

    emit(result, as_json=json, render=render)


def portfolio(
    out: Path = typer.Option(..., "--out", help="Where to write the portfolio (CSV)."),
    firms: int = typer.Option(3000, "--firms", min=200, help="Firms (one application each)."),
    seed: int = typer.Option(20261205, "--seed", help="Random seed (same seed, same rows)."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Write the synthetic SME portfolio of the demo (hard and soft features, default)."""
    from serviq.demo.sme_portfolio import portfolio as make

    df = make(firms, seed=seed)
    df.to_csv(out, index=False)
    result = {"file": str(out), "rows": len(df), "default_rate": float(df["default"].mean())}
    emit(
        result,
        as_json=json,
        render=lambda o: typer.echo(
            f"{o['rows']} applications, default rate {fmt(o['default_rate'])} → {o['file']}"
        ),
    )


def soft_gain(
    data: Path = typer.Argument(..., help="One row per firm with hard and soft features."),
    target: str = typer.Option(..., "--target", help="Column of the default flag (0/1)."),
    hard: str = typer.Option(..., "--hard", help="Comma-separated hard features."),
    soft: str = typer.Option(..., "--soft", help="Comma-separated soft features."),
    split: str = typer.Option(
        ..., "--split", help="COLUMN<=VALUE: rows fitted on; the others are the holdout."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """What soft information adds: holdout AUC with and without the soft features and
    DeLong's 95 % interval of the difference."""
    from serviq.errors import InvalidInput, Where
    from serviq.sme.report import soft_information_gain
    from serviq.sme.scorecard import numeric_columns
    from serviq.tables import read_table

    column, sep, value = split.partition("<=")
    if not sep or not column.strip():
        raise InvalidInput(
            f"--split {split!r} is not COLUMN<=VALUE (e.g. year<=2023)", where=Where(field="split")
        )
    hard_names = [h.strip() for h in hard.split(",") if h.strip()]
    soft_names = [s.strip() for s in soft.split(",") if s.strip()]
    df = read_table(data, columns=list(dict.fromkeys([target, column.strip(), *hard_names,
                                                      *soft_names])))  # fmt: skip
    try:
        limit = float(value)
    except ValueError as exc:
        raise InvalidInput(
            f"--split value {value!r} is not a number", where=Where(field="split")
        ) from exc
    train = numeric_columns(df, [column.strip()], source=str(data))[column.strip()] <= limit
    result = soft_information_gain(df, target=target, hard=hard_names, soft=soft_names,
                                   train=train)  # fmt: skip

    def render(o: dict[str, Any]) -> None:
        typer.echo(
            f"holdout AUC with soft information {fmt(o['auc_with_soft'])}, without "
            f"{fmt(o['auc_without_soft'])}; difference {fmt(o['difference'])} "
            f"(95 % CI {fmt(o['ci'][0])} to {fmt(o['ci'][1])}, DeLong, p = {fmt(o['pvalue'], 4)})"
        )

    emit(result, as_json=json, render=render)


def _read_json(path: Path) -> dict[str, Any]:
    from serviq.errors import InvalidInput, Where

    try:
        data = jsonlib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput("no such model file", where=Where(file=str(path))) from exc
    except (UnicodeDecodeError, jsonlib.JSONDecodeError) as exc:
        raise InvalidInput(f"the model is not JSON: {exc}", where=Where(file=str(path))) from exc
    if not isinstance(data, dict):
        raise InvalidInput("the model is not a JSON object", where=Where(file=str(path)))
    return data


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``serviq sme`` group."""
    app.command("binning")(binning)
    app.command("portfolio")(portfolio)
    app.command("soft-gain")(soft_gain)
    app.add_typer(scorecard_app, name="scorecard")
