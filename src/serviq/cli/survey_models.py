"""``serviq survey`` commands for models and indices: cfa, pls, servqual, indices, drivers, ipa.

:func:`register` adds them to the survey app defined in :mod:`serviq.cli.survey`. Heavy
imports happen inside the commands so that ``serviq --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table
from serviq.errors import InvalidInput

JSON_OPT = typer.Option(False, "--json", help="Print one JSON object instead of tables.")


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _warn(message: str | None) -> None:
    if message:
        sys.stderr.write(f"warning: {message}\n")


def _warn_dropped(total: int, used: int) -> None:
    if used < total:
        _warn(
            f"{total - used} of {total} rows have a missing or non-numeric answer and were left out (listwise)"
        )


def _matrix(title: str, m: dict[str, dict[str, float]]) -> None:
    names = list(m)
    table(title, ["", *names], [[r, *(m[r][c] for c in names)] for r in names])


def register(app: typer.Typer) -> None:
    """Add cfa, pls, servqual, indices, drivers and ipa to the survey ``app``."""

    @app.command("cfa")
    def cfa_cmd(
        data: Path = typer.Argument(..., help="Responses: CSV, XLSX or Parquet."),
        model: Path = typer.Option(..., "--model", help="Model file in lavaan syntax (=~, ~~)."),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Confirmatory factor analysis by maximum likelihood (lavaan's conventions)."""
        from serviq.survey.cfa import fit_cfa
        from serviq.survey.modelspec import read_model
        from serviq.tables import read_table

        spec = read_model(model)
        df = read_table(data)
        res = fit_cfa(df, spec)
        _warn_dropped(len(df), res.n)
        if not res.converged:
            _warn("the ML estimation may not have converged; check the estimates")

        def render(r: Any) -> None:
            table(
                f"CFA (ML), n = {r.n}",
                ["measure", "value"],
                [
                    ["χ² (df)", f"{fmt(r.chisq)} ({r.df})"],
                    ["p", fmt(r.pvalue)],
                    ["baseline χ² (df)", f"{fmt(r.baseline_chisq)} ({r.baseline_df})"],
                    ["CFI", r.cfi],
                    ["TLI", r.tli],
                    [
                        "RMSEA [90 % CI]",
                        f"{fmt(r.rmsea)} [{fmt(r.rmsea_ci_lower)}, {fmt(r.rmsea_ci_upper)}]",
                    ],
                    ["p (RMSEA ≤ .05)", r.rmsea_pvalue],
                    ["SRMR", r.srmr],
                    ["log-likelihood", r.logl],
                    ["AIC", r.aic],
                    ["BIC", r.bic],
                    ["parameters", str(r.npar)],
                ],
            )
            table(
                "Standardised loadings (std.all)",
                ["factor", "item", "loading"],
                [[f, i, v] for f, items in r.loadings.items() for i, v in items.items()],
            )
            table(
                "Reliability and convergent validity",
                ["factor", "CR", "AVE"],
                [[f, r.cr[f], r.ave[f]] for f in r.cr],
            )
            if len(r.cr) > 1:
                d = r.as_dict()
                _matrix("Fornell–Larcker (√AVE on the diagonal)", d["fornell_larcker"])
                _matrix("HTMT", d["htmt"])

        emit(res, as_json=as_json, render=render)

    @app.command("pls")
    def pls_cmd(
        data: Path = typer.Argument(..., help="Responses: CSV, XLSX or Parquet."),
        model: Path = typer.Option(
            ..., "--model", help="Model file: Construct =~ items; Outcome ~ Drivers."
        ),
        boot: int = typer.Option(0, "--boot", help="Bootstrap resamples for intervals (0: none)."),
        seed: int = typer.Option(123, "--seed", help="Seed of the bootstrap."),
        scheme: str = typer.Option(
            "path", "--scheme", help="Inner weighting: path (default), factorial or centroid."
        ),
        missing: str = typer.Option(
            "listwise", "--missing", help="Missing answers: listwise (drop rows) or mean."
        ),
        as_json: bool = JSON_OPT,
    ) -> None:
        """PLS path model (mode A, path weighting), as seminr estimates it."""
        from serviq.survey.modelspec import read_model
        from serviq.survey.pls import PlsModel, fit_pls
        from serviq.tables import read_table

        m = PlsModel.from_spec(read_model(model))
        df = read_table(data)
        res = fit_pls(df, m, nboot=boot, seed=seed, scheme=scheme, missing=missing)
        _warn_dropped(len(df), res.n)

        def render(r: Any) -> None:
            cols = ["from", "to", "coef"] + (["ci_lower", "ci_upper"] if r.nboot else [])
            table(
                f"Paths (n = {r.n})",
                cols,
                [[row[c] for c in cols] for row in r.paths.to_dict(orient="records")],
            )
            table("R²", ["construct", "R²", "adj. R²"], [[c, r.r2[c], r.adj_r2[c]] for c in r.r2])
            table(
                "Reliability",
                ["construct", "alpha", "rhoC", "AVE", "rhoA"],
                [[c, r.alpha[c], r.rhoC[c], r.AVE[c], r.rhoA[c]] for c in r.alpha],
            )
            _matrix("HTMT", r.as_dict()["htmt"])

        emit(res, as_json=as_json, render=render)

    @app.command("servqual")
    def servqual_cmd(
        data: Path = typer.Argument(..., help="Responses: CSV, XLSX or Parquet."),
        questionnaire: Path | None = typer.Option(
            None, "--questionnaire", help="Questionnaire YAML with expectation/perception pairs."
        ),
        pairs: str | None = typer.Option(
            None,
            "--pairs",
            help="Pairs EXPECTATION:PERCEPTION[:DIMENSION], comma-separated.",
        ),
        as_json: bool = JSON_OPT,
    ) -> None:
        """SERVQUAL gaps (perception − expectation) per item and dimension, paired tests."""
        from serviq.survey.servqual import parse_pairs, servqual
        from serviq.tables import read_table

        if (questionnaire is None) == (pairs is None):
            raise InvalidInput("give either --questionnaire FILE or --pairs E1:P1,…")
        if questionnaire is not None:
            gap_pairs = _questionnaire_pairs(questionnaire)
        else:
            gap_pairs = parse_pairs(pairs or "")
        res = servqual(read_table(data), gap_pairs)

        def render(r: Any) -> None:
            cols = ["expectation", "perception", "gap", "pvalue", "wilcoxon_pvalue", "n"]
            table(
                "SERVQUAL gaps by dimension",
                ["dimension", *cols],
                [[d["dimension"], *(d[c] for c in cols)] for d in r.as_dict()["dimensions"]],
            )
            table(
                "SERVQUAL gaps by item",
                ["item", "dimension", *cols],
                [[d["item"], d["dimension"], *(d[c] for c in cols)] for d in r.as_dict()["items"]],
            )
            typer.echo(f"overall gap: {fmt(r.overall_gap)}")

        emit(res, as_json=as_json, render=render)

    @app.command("indices")
    def indices_cmd(
        data: Path = typer.Argument(..., help="Responses: CSV, XLSX or Parquet."),
        nps_col: str | None = typer.Option(None, "--nps", help="Column of 0–10 recommend answers."),
        csat_col: str | None = typer.Option(None, "--csat", help="Column of 1–5 satisfaction."),
        ces_col: str | None = typer.Option(None, "--ces", help="Column of 1–7 effort agreement."),
        settings: Path | None = typer.Option(
            None, "--settings", help="Index settings YAML (default: survey/indices.yaml)."
        ),
        as_json: bool = JSON_OPT,
    ) -> None:
        """NPS, CSAT and CES with confidence intervals, n and a minimum-n warning."""
        from serviq.survey.indices import ces, csat, load_index_settings, nps
        from serviq.tables import read_table

        if not (nps_col or csat_col or ces_col):
            raise InvalidInput("name at least one of --nps, --csat, --ces")
        cfg = load_index_settings(settings)
        wanted = [c for c in (nps_col, csat_col, ces_col) if c]
        df = read_table(data, columns=wanted)
        out: dict[str, Any] = {"minimum_n": cfg.minimum_n, "confidence": cfg.confidence}
        for key, col, fn in (
            ("nps", nps_col, nps),
            ("csat", csat_col, csat),
            ("ces", ces_col, ces),
        ):
            if col:
                val = fn(df[col], cfg)
                _warn(val.warning)
                out[key] = {"column": col, **val.as_dict()}

        def render(o: dict[str, Any]) -> None:
            rows = []
            for key in ("nps", "csat", "ces"):
                if key in o:
                    v = o[key]
                    rows.append(
                        [
                            key.upper(),
                            v["column"],
                            v["value"],
                            f"[{fmt(v['ci'][0])}, {fmt(v['ci'][1])}]",
                            str(v["n"]),
                            v["warning"] or "",
                        ]
                    )
            table(
                f"Indices ({o['confidence']:.0%} intervals)",
                ["index", "column", "value", "CI", "n", "note"],
                rows,
            )

        emit(out, as_json=as_json, render=render)

    @app.command("drivers")
    def drivers_cmd(
        data: Path = typer.Argument(..., help="Responses: CSV, XLSX or Parquet."),
        outcome: str = typer.Option(..., "--outcome", help="Overall satisfaction column."),
        drivers: str = typer.Option(..., "--drivers", help="Driver columns, comma-separated."),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Key drivers: Johnson's relative weights and the Shapley (LMG) split of R²."""
        from serviq.survey.drivers import key_drivers
        from serviq.tables import read_table

        df = read_table(data)
        res = key_drivers(df, outcome, _split(drivers))
        _warn_dropped(len(df), res.n)

        def render(r: Any) -> None:
            cols = ["driver", "r", "beta", "relative_weight_share", "shapley_share", "rank"]
            table(
                f"Drivers of {r.outcome} (R² = {fmt(r.r2)}, n = {r.n})",
                cols,
                [
                    [row[c] if not isinstance(row[c], int) else str(row[c]) for c in cols]
                    for row in r.drivers.sort_values("rank").to_dict(orient="records")
                ],
            )

        emit(res, as_json=as_json, render=render)

    @app.command("ipa")
    def ipa_cmd(
        data: Path = typer.Argument(..., help="Responses: CSV, XLSX or Parquet."),
        items: str = typer.Option(..., "--items", help="Attribute columns, comma-separated."),
        overall: str | None = typer.Option(
            None, "--overall", help="Overall satisfaction column (derived importance)."
        ),
        importance: str | None = typer.Option(
            None,
            "--importance",
            help="Stated importance columns as ITEM=COLUMN, comma-separated.",
        ),
        importance_cut: float | None = typer.Option(
            None, "--importance-cut", help="Cut on importance (default: the mean)."
        ),
        performance_cut: float | None = typer.Option(
            None, "--performance-cut", help="Cut on performance (default: the mean)."
        ),
        as_json: bool = JSON_OPT,
    ) -> None:
        """Importance–performance analysis: a quadrant for every attribute."""
        from serviq.survey.ipa import ipa
        from serviq.tables import read_table

        stated: dict[str, str] | None = None
        if importance:
            stated = {}
            for part in _split(importance):
                item, sep, col = part.partition("=")
                if not sep or not item.strip() or not col.strip():
                    raise InvalidInput(f"--importance entry {part!r} is not ITEM=COLUMN")
                stated[item.strip()] = col.strip()
        res = ipa(
            read_table(data),
            _split(items),
            importance=stated,
            overall=overall,
            importance_cut=importance_cut,
            performance_cut=performance_cut,
        )

        def render(r: Any) -> None:
            cols = ["item", "importance", "performance", "quadrant", "n"]
            table(
                f"IPA (importance {r.importance_source}; cuts {fmt(r.importance_cut)} / "
                f"{fmt(r.performance_cut)})",
                cols,
                [
                    [row[c] if not isinstance(row[c], int) else str(row[c]) for c in cols]
                    for row in r.items.to_dict(orient="records")
                ],
            )

        emit(res, as_json=as_json, render=render)


def _questionnaire_pairs(path: Path) -> list[Any]:
    """SERVQUAL pairs from a questionnaire file (survey-a's questionnaire model)."""
    import importlib.util

    if importlib.util.find_spec("serviq.survey.questionnaire") is None:
        raise InvalidInput(
            "--questionnaire needs the questionnaire model, which this installation lacks; "
            "use --pairs EXPECTATION:PERCEPTION[:DIMENSION],…"
        ) from None
    raise InvalidInput(
        "reading expectation/perception pairs from a questionnaire is not wired yet; "
        "use --pairs EXPECTATION:PERCEPTION[:DIMENSION],…"
    )
