"""``serviq survey …``: import responses, item analysis, reliability, omega, EFA, screening.

Thin shell: parse options, call :mod:`serviq.survey`, print a table or one JSON object.
Heavy imports happen inside the commands so that ``serviq --help`` stays fast.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, table

app = typer.Typer(
    help="Questionnaires and psychometrics: import, items, reliability, omega, EFA, screening.",
    no_args_is_help=True,
)

JSON = typer.Option(False, "--json", help="Print one JSON object instead of a table.")
MISSING = typer.Option("pairwise", "--missing", help="pairwise or listwise deletion.")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _missing(value: str) -> Any:
    from serviq.errors import InvalidInput, Where

    if value not in ("pairwise", "listwise"):
        raise InvalidInput(
            f"--missing must be pairwise or listwise, not {value}", where=Where(field="missing")
        )
    return value


def _read(path: Path) -> Any:
    from serviq.tables import read_table

    return read_table(path)


@app.command("import")
def import_(
    data: Path = typer.Argument(
        ..., help="CSV, XLSX, Parquet, SPSS .sav or Stata .dta export of the responses."
    ),
    questionnaire: Path | None = typer.Option(
        None, "--questionnaire", "-q", help="Questionnaire YAML (default: the bundled one)."
    ),
    workspace: Path = typer.Option(..., "--workspace", "-w", help="Directory of the local store."),
    no: list[str] = typer.Option(
        [],
        "--no",
        help="Switch a quality screen off: straight_lining, speeding, duplicate_ip, "
        "duplicate_device, missing (repeatable).",
    ),
    as_json: bool = JSON,
) -> None:
    """Validate, screen and store a response file; re-importing the same file adds nothing."""
    from serviq.survey.quality import load_quality
    from serviq.survey.questionnaire import load_questionnaire
    from serviq.survey.workspace import import_file

    q = load_questionnaire(questionnaire)
    settings = load_quality().without(no)
    res = import_file(data, q, workspace, settings=settings)

    def render(r: Any) -> None:
        if r.already_imported:
            typer.echo(
                f"{data.name} was imported before (sha256 {r.file_hash[:12]}…); nothing added"
            )
            return
        typer.echo(
            f"{r.added} respondents added, {r.skipped_existing} already in the workspace, "
            f"{len(r.excluded)} excluded"
        )
        if r.excluded:
            table(
                "excluded",
                ["respondent", "row", "reasons"],
                [[e["respondent_id"], str(e["row"]), "; ".join(e["reasons"])] for e in r.excluded],
            )

    emit(res, as_json=as_json, render=render)


@app.command("export")
def export_cmd(
    data: Path = typer.Argument(..., help="Responses (CSV, XLSX, Parquet, .sav, .dta)."),
    questionnaire: Path | None = typer.Option(
        None, "--questionnaire", "-q", help="Questionnaire YAML (default: the bundled one)."
    ),
    fmt: str = typer.Option(..., "--format", help="sav (SPSS) or dta (Stata)."),
    out: Path = typer.Option(..., "--out", help="The file to write."),
    lang: str | None = typer.Option(
        None, "--lang", help="zh-Hans, zh-Hant or en (default: the questionnaire's first)."
    ),
    as_json: bool = JSON,
) -> None:
    """Write validated responses as SPSS or Stata, with variable labels, value labels and
    missing-value codes in the questionnaire's language; open answers are masked."""
    from serviq.errors import InvalidInput, Where
    from serviq.languages import LANGS
    from serviq.privacy import installation_salt
    from serviq.survey.labelled import write_labelled
    from serviq.survey.questionnaire import load_questionnaire
    from serviq.survey.responses import read_responses
    from serviq.survey.workspace import protect

    if fmt not in ("sav", "dta"):
        raise InvalidInput(f"--format must be sav or dta, not {fmt}", where=Where(field="format"))
    q = load_questionnaire(questionnaire)
    language = lang or q.languages[0]
    if language not in LANGS:
        raise InvalidInput(
            f"--lang must be one of {', '.join(LANGS)}, not {language}", where=Where(field="lang")
        )
    resp = read_responses(data, q)
    safe = protect(resp.data, [m.item for m in resp.matches], installation_salt())
    res = write_labelled(safe, q, out, fmt=fmt, lang=language)  # type: ignore[arg-type]

    def render(r: Any) -> None:
        typer.echo(f"{r.rows} respondents, {r.variables} variables written to {r.file}")

    emit(res, as_json=as_json, render=render)


@app.command("items")
def items_cmd(
    data: Path = typer.Argument(..., help="Responses (CSV, XLSX, Parquet)."),
    items: str = typer.Option(..., "--items", help="Comma-separated item columns."),
    reverse: str = typer.Option("", "--reverse", help="Reverse-keyed items."),
    lo: float | None = typer.Option(None, "--min", help="Lowest scale point (for reversing)."),
    hi: float | None = typer.Option(None, "--max", help="Highest scale point."),
    extreme: float = typer.Option(0.27, "--extreme", help="Share in the high and low groups."),
    missing: str = MISSING,
    as_json: bool = JSON,
) -> None:
    """Item analysis: mean, sd, corrected item–total r, critical ratio (top/bottom 27 %)."""
    from serviq.survey.items import item_analysis

    res = item_analysis(
        _read(data),
        _split(items),
        reverse=_split(reverse),
        lo=lo,
        hi=hi,
        missing=_missing(missing),
        extreme=extreme,
    )
    out = {"items": [r.__dict__ for r in res]}

    def render(o: Any) -> None:
        table(
            None,
            ["item", "n", "mean", "sd", "r_drop", "alpha if dropped", "CR t", "p"],
            [
                [
                    r["item"],
                    str(r["n"]),
                    r["mean"],
                    r["sd"],
                    r["r_drop"],
                    r["alpha_if_dropped"],
                    r["cr"],
                    fmt(r["cr_pvalue"], 4),
                ]
                for r in o["items"]
            ],
        )

    emit(out, as_json=as_json, render=render)


@app.command("reliability")
def reliability_cmd(
    data: Path = typer.Argument(..., help="Responses (CSV, XLSX, Parquet)."),
    items: str = typer.Option(..., "--items", help="Comma-separated item columns."),
    reverse: str = typer.Option("", "--reverse", help="Reverse-keyed items."),
    lo: float | None = typer.Option(None, "--min", help="Lowest scale point (for reversing)."),
    hi: float | None = typer.Option(None, "--max", help="Highest scale point."),
    missing: str = MISSING,
    stream: bool = typer.Option(
        False, "--stream", help="Sum the covariance in DuckDB (CSV/Parquet larger than memory)."
    ),
    as_json: bool = JSON,
) -> None:
    """Cronbach's alpha (raw and standardised, Feldt CI), G6, split half, item statistics."""
    from serviq.survey.reliability import reliability, reliability_from_moments

    if stream:
        from serviq.errors import InvalidInput, Where
        from serviq.survey.moments import moments_duckdb

        if reverse:
            raise InvalidInput(
                "--stream does not reverse-key; reverse the items in the file or drop --stream",
                where=Where(field="reverse"),
            )
        r = reliability_from_moments(moments_duckdb(data, _split(items), missing=_missing(missing)))
    else:
        r = reliability(
            _read(data),
            _split(items),
            reverse=_split(reverse),
            lo=lo,
            hi=hi,
            missing=_missing(missing),
        )

    def render(res: Any) -> None:
        lo_ci, hi_ci = res.alpha_ci
        table(
            "reliability",
            ["raw_alpha", "std_alpha", "G6", "average_r", "S/N", "ase", "mean", "sd", "n"],
            [
                [
                    res.raw_alpha,
                    res.std_alpha,
                    res.G6,
                    res.average_r,
                    res.S_N,
                    fmt(res.ase, 4),
                    res.mean,
                    res.sd,
                    str(res.n),
                ]
            ],
        )
        typer.echo(f"{res.ci_level:.0%} confidence interval (Feldt): {lo_ci:.3f} – {hi_ci:.3f}")
        if res.split_half is not None:
            typer.echo(
                f"split half (odd/even): r = {res.split_half.r:.3f}, Spearman–Brown "
                f"{res.split_half.spearman_brown:.3f}, Guttman {res.split_half.guttman:.3f}"
            )
        table(
            "items",
            ["item", "raw_r", "std_r", "r_cor", "r_drop", "alpha if dropped", "mean", "sd"],
            [
                [i.item, i.raw_r, i.std_r, i.r_cor, i.r_drop, i.alpha_if_dropped, i.mean, i.sd]
                for i in res.items
            ],
        )

    emit(r, as_json=as_json, render=render)


@app.command("omega")
def omega_cmd(
    data: Path = typer.Argument(..., help="Responses (CSV, XLSX, Parquet)."),
    items: str = typer.Option(..., "--items", help="Comma-separated item columns."),
    factors: int = typer.Option(3, "--factors", help="Number of group factors."),
    reverse: str = typer.Option("", "--reverse", help="Reverse-keyed items."),
    method: str = typer.Option("minres", "--method", help="minres, ml or pa."),
    missing: str = MISSING,
    as_json: bool = JSON,
) -> None:
    """McDonald's omega hierarchical and total (Schmid–Leiman), with alpha and G6."""
    from serviq.survey.omega import omega

    o = omega(
        _read(data),
        _split(items),
        factors,
        reverse=_split(reverse),
        method=method,
        missing=_missing(missing),
    )

    def render(res: Any) -> None:
        table(
            "omega",
            ["omega_h", "omega_h asymptotic", "omega_t", "alpha", "G6"],
            [[res.omega_h, res.omega_h_asymptotic, res.omega_t, res.alpha, res.G6]],
        )
        table(
            "loadings",
            ["item", "g", *[f"F{i + 1}*" for i in range(res.factors)], "h2", "u2"],
            [
                [it, res.g_loadings[i], *res.group_loadings[i].tolist(), res.h2[i], res.u2[i]]
                for i, it in enumerate(res.items)
            ],
        )

    emit(o, as_json=as_json, render=render)


@app.command("efa")
def efa_cmd(
    data: Path = typer.Argument(..., help="Responses (CSV, XLSX, Parquet)."),
    items: str = typer.Option(..., "--items", help="Comma-separated item columns."),
    factors: int = typer.Option(..., "--factors", help="Number of factors."),
    method: str = typer.Option("minres", "--method", help="minres, ml or pa."),
    rotation: str = typer.Option("oblimin", "--rotation", help="none, varimax, promax or oblimin."),
    missing: str = MISSING,
    as_json: bool = JSON,
) -> None:
    """Exploratory factor analysis: KMO, Bartlett, loadings, communalities, fit, parallel analysis."""
    from serviq.survey.efa import efa

    f = efa(
        _read(data),
        _split(items),
        factors,
        method=method,
        rotation=rotation,
        missing=_missing(missing),
    )

    def render(res: Any) -> None:
        typer.echo(
            f"KMO {res.kmo.overall:.3f}; Bartlett χ² = {res.bartlett.chisq:.2f}, df = "
            f"{res.bartlett.df}, p = {res.bartlett.pvalue:.3g}; parallel analysis suggests "
            f"{res.parallel.nfactors if res.parallel else '—'} factors"
        )
        table(
            f"{res.method}, {res.rotation}",
            ["item", *[f"F{i + 1}" for i in range(res.factors)], "h2", "u2"],
            [
                [it, *res.loadings[i].tolist(), float(res.h2[i]), float(res.u2[i])]
                for i, it in enumerate(res.items)
            ],
        )
        v = res.variance()
        table(
            None,
            ["", *[f"F{i + 1}" for i in range(res.factors)]],
            [
                ["SS loadings", *v["ss_loadings"]],
                ["Proportion Var", *v["proportion_var"]],
                ["Cumulative Var", *v["cumulative_var"]],
            ],
        )
        typer.echo(
            f"χ² = {res.fit.chisq:.2f}, df = {res.fit.df}, p = {res.fit.pvalue:.3g}; "
            f"TLI {res.fit.tli:.3f}; RMSEA {res.fit.rmsea:.3f}; BIC {res.fit.bic:.2f}"
        )

    emit(f, as_json=as_json, render=render)


@app.command("screen")
def screen_cmd(
    data: Path = typer.Argument(..., help="Responses (CSV, XLSX, Parquet) with item-code columns."),
    questionnaire: Path | None = typer.Option(
        None, "--questionnaire", "-q", help="Questionnaire YAML (default: the bundled one)."
    ),
    rules: Path | None = typer.Option(None, "--rules", help="Screening rules YAML."),
    factors: int | None = typer.Option(
        None, "--factors", help="EFA factors (default: one per dimension)."
    ),
    override: list[str] = typer.Option(
        [], "--override", help="ITEM=keep|drop|review:reason (repeatable); recorded in the output."
    ),
    system: Path | None = typer.Option(
        None, "--system", help="Indicator system YAML to write a new version of."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Where to write the new indicator system version (default: SYSTEM-VERSION.yaml "
        "in the current directory).",
    ),
    missing: str = MISSING,
    as_json: bool = JSON,
) -> None:
    """Keep / drop / review for every item, with the reasons and the numbers behind them."""
    from serviq.survey.questionnaire import load_questionnaire
    from serviq.survey.screening import load_rules, parse_overrides, screen

    q = load_questionnaire(questionnaire)
    s = screen(
        _read(data),
        q,
        rules=load_rules(rules),
        overrides=parse_overrides(override),
        factors=factors,
        missing=_missing(missing),
    )
    result: dict[str, Any] = s.as_dict()
    if system is not None:
        from serviq.indicators.versioning import write_screened_version

        result["new_version"] = write_screened_version(
            s, system, out, questionnaire=q, questionnaire_path=questionnaire
        )

    def render(res: dict[str, Any]) -> None:
        table(
            f"screening ({res['n']} respondents)",
            [
                "item",
                "construct",
                "decision",
                "r_drop",
                "alpha if dropped",
                "CR t",
                "loading",
                "reasons",
            ],
            [
                [
                    d["item"],
                    d["construct"],
                    d["decision"],
                    d["evidence"].get("r_drop"),
                    d["evidence"].get("alpha_if_dropped"),
                    d["evidence"].get("cr"),
                    d["evidence"].get("loading"),
                    "; ".join(r["message"] for r in d["reasons"])
                    + (f" [override {d['override']}]" if d["override"] else ""),
                ]
                for d in res["decisions"]
            ],
        )
        if res.get("new_version"):
            nv = res["new_version"]
            typer.echo(f"new indicator system version {nv['version']} written to {nv['path']}")

    emit(result, as_json=as_json, render=render)


# survey-b's commands (cfa, pls, servqual, indices, drivers, ipa) live in their own module;
# attach them when that module is present so that both branches merge cleanly.
if importlib.util.find_spec("serviq.cli.survey_models") is not None:
    importlib.import_module("serviq.cli.survey_models").register(app)
