"""``serviq sme`` commands of the SME risk (docs/sme.md): schedules, IRB capital, guarantees,
concentration limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, fmt, scenario_path, table
from serviq.cli.output import language as lang_option

LANG_HELP = "Language of the messages: zh-Hans, zh-Hant or en."
LIMITS_HELP = "Limits file to use instead of the bank's sme/limits.yaml."


def _scenario_path(given: Path) -> Path:
    from serviq.resources import BUNDLED

    return scenario_path(given, lambda name: BUNDLED / "sme" / "scenarios" / f"{name}.yaml")


def _choice(value: str, allowed: tuple[str, ...], option: str) -> Any:
    from serviq.errors import InvalidInput, Where

    if value not in allowed:
        raise InvalidInput(
            f"unknown value {value!r}; allowed: {', '.join(allowed)}", where=Where(field=option)
        )
    return value


def schedule(
    principal: float = typer.Option(..., "--principal", help="Amount lent (or the asset's cost)."),
    annual_rate: float = typer.Option(..., "--annual-rate", help="Yearly rate, a fraction."),
    periods: int = typer.Option(..., "--periods", help="Number of payments."),
    per_year: int = typer.Option(12, "--per-year", help="Payments a year."),
    when: str = typer.Option("end", "--when", help="end (in arrears) or begin (in advance)."),
    method: str = typer.Option("annuity", "--method", help="annuity or equal-principal."),
    residual: float = typer.Option(0.0, "--residual", help="Residual value or buy-back price."),
    grace: int = typer.Option(0, "--grace", help="Interest-only periods at the start."),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """A loan or lease schedule: the level payment and each period's split."""
    from serviq.sme.schedules import METHODS, WHENS
    from serviq.sme.schedules import schedule as build

    s = build(
        principal,
        annual_rate,
        periods,
        per_year=per_year,
        when=_choice(when, WHENS, "--when"),
        method=_choice(method, METHODS, "--method"),
        residual=residual,
        grace=grace,
    )

    def render(obj: dict[str, Any]) -> None:
        if obj["payment"] is not None:
            typer.echo(f"payment: {fmt(obj['payment'], 2)}")
        table(
            None,
            ["period", "payment", "principal", "interest", "balance"],
            [
                [
                    r["period"],
                    *(fmt(r[k], 2) for k in ("payment", "principal", "interest", "balance")),
                ]
                for r in obj["rows"]
            ],
        )

    emit(s.as_dict(), as_json=json, render=render)


def irb(
    pd: float = typer.Option(..., "--pd", help="Probability of default, a fraction."),
    lgd: float = typer.Option(..., "--lgd", help="Loss given default, a fraction."),
    maturity: float = typer.Option(2.5, "--maturity", help="Effective maturity in years (1–5)."),
    sales_meur: float | None = typer.Option(
        None, "--sales-meur", help="Annual sales in millions of euros (SME adjustment, 5–50)."
    ),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The Basel IRB risk weight of a corporate exposure (with the SME adjustment)."""
    from serviq.sme.irb import capital

    c = capital(pd, lgd, maturity=maturity, sales_meur=sales_meur)

    def render(obj: dict[str, Any]) -> None:
        table(
            None,
            ["figure", "value"],
            [
                ["correlation", fmt(obj["correlation"], 4)],
                ["maturity adjustment", fmt(obj["maturity_adjustment"], 4)],
                ["K", fmt(obj["k"], 4)],
                ["risk weight", f"{fmt(obj['risk_weight'] * 100, 2)} %"],
                ["expected loss (per unit)", fmt(obj["expected_loss"], 4)],
            ],
        )

    emit(c.as_dict(), as_json=json, render=render)


def guarantee(
    scenario: Path = typer.Argument(
        ...,
        help="Scenario YAML (format in docs/sme.md), or a bundled example by name: "
        "guarantee_4222, guarantee_2_8.",
    ),
    limits: Path | None = typer.Option(None, "--limits", help=LIMITS_HELP),
    presets: Path | None = typer.Option(
        None, "--presets", help="Presets file to use instead of sme/guarantees.yaml."
    ),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """A guaranteed loan: loss allocation across the layers, fees, and the guarantor's checks."""
    from serviq.sme.guarantees import load_guarantee_rules
    from serviq.sme.limits import load_limit_rules
    from serviq.sme.scenarios import run_guarantee

    language = lang_option(lang)
    out = run_guarantee(
        _scenario_path(scenario), load_limit_rules(limits), load_guarantee_rules(presets), language
    )

    def render(obj: dict[str, Any]) -> None:
        if obj["allocation"]:
            typer.echo(f"loss: {fmt(obj['loss'], 2)}")
            table(None, ["party", "loss"], [[p, fmt(v, 2)] for p, v in obj["allocation"].items()])
        table(None, ["fee", "amount"], [[k, fmt(v, 2)] for k, v in obj["fees"].items()])
        table(
            None,
            ["ok", "requirement", "code", "check"],
            [
                ["yes" if c["ok"] else "NO", c["requirement"], c["code"], c["message"]]
                for c in obj["checks"]
            ],
        )

    emit(out, as_json=json, render=render)


def limits(
    scenario: Path = typer.Argument(
        ...,
        help="Scenario YAML (format in docs/sme.md), or a bundled example by name: "
        "limits_within, limits_breach.",
    ),
    rules: Path | None = typer.Option(None, "--limits", help=LIMITS_HELP),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """One lending decision against the bank's concentration limits, without saving it."""
    from serviq.sme.limits import load_limit_rules
    from serviq.sme.scenarios import run_limits

    language = lang_option(lang)
    out = run_limits(_scenario_path(scenario), load_limit_rules(rules)).as_dict(language)

    def render(obj: dict[str, Any]) -> None:
        typer.echo("allowed" if obj["ok"] else "refused")
        table(
            None,
            ["ratio", "value"],
            [[k, f"{fmt(v * 100, 2)} %"] for k, v in obj["ratios"].items()],
        )
        for r in obj["reasons"]:
            typer.echo(f"refused ({r['requirement']}, {r['code']}): {r['message']}")
        for n in obj["notes"]:
            typer.echo(f"warning ({n['requirement']}, {n['code']}): {n['message']}")

    emit(out, as_json=json, render=render)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``serviq sme`` group."""
    app.command()(schedule)
    app.command()(irb)
    app.command()(guarantee)
    app.command()(limits)
