"""``serviq workforce``: dry-run a leave or swap request against the rules; the meeting calendar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from serviq.cli.output import emit, print_json, scenario_path, table
from serviq.cli.output import language as lang_option

app = typer.Typer(
    help="Department rules: leave and swap checks, meetings.",
    no_args_is_help=True,
)

LANG_HELP = "Language of the messages: zh-Hans, zh-Hant or en."
RULES_HELP = "Rules file to use instead of the centre's rules.yaml."


def _scenario_path(given: Path) -> Path:
    from serviq.resources import data_path

    return scenario_path(given, lambda name: data_path(f"workforce/scenarios/{name}.yaml"))


@app.command()
def check(
    scenario: Path = typer.Argument(
        ...,
        help="Scenario YAML (format in docs/workforce.md), or a bundled example by name: "
        "swap_allowed, swap_third_in_month, swap_back_to_back, swap_on_holiday, "
        "leave_two_days, leave_sick_by_proxy, leave_night_after_noon.",
    ),
    rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Check one leave or swap request against the rules, without saving anything.

    Prints whether it is allowed and every reason it is not, each with the requirement it
    enforces; when allowed, the approver and the approval chain. A leave request past its
    notice period is allowed as ``late: true``: it takes effect only if the named approver
    approves it before the shift, otherwise it counts as absence.
    """
    from serviq.workforce.calendars import holiday_calendar
    from serviq.workforce.ruleset import load_rules
    from serviq.workforce.scenario import load_scenario

    language = lang_option(lang)
    ruleset = load_rules(rules)
    sc = load_scenario(_scenario_path(scenario), ruleset)
    decision = sc.check(ruleset, holiday_calendar(ruleset.calendar.region))
    out = decision.as_dict(language)

    def render(obj: dict[str, Any]) -> None:
        if obj["ok"]:
            late = " (late: takes effect only if the approver approves)" if obj.get("late") else ""
            typer.echo(
                f"allowed{late} — approver: {obj['approver']}; chain: {' → '.join(obj['chain'])}"
            )
        else:
            typer.echo("refused")
            table(
                None,
                ["requirement", "code", "reason"],
                [[r["requirement"], r["code"], r["message"]] for r in obj["reasons"]],
            )
        for n in obj["notes"]:
            typer.echo(f"note ({n['requirement']}): {n['message']}")

    emit(out, as_json=json, render=render)


@app.command()
def meetings(
    year: int = typer.Option(..., "--year", help="The year, e.g. 2026."),
    rules: Path | None = typer.Option(None, "--rules", help=RULES_HELP),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
    json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The meeting calendar of a year: monthly all-agent, weekly team-lead, half-year, annual.

    The monthly meeting is on the last Friday before the 25th, or on the working day
    before it when that Friday is a public holiday.
    """
    from serviq.workforce.calendars import holiday_calendar
    from serviq.workforce.meetings import meeting_calendar
    from serviq.workforce.ruleset import load_rules

    language = lang_option(lang)
    ruleset = load_rules(rules)
    cal = holiday_calendar(ruleset.calendar.region)
    result = meeting_calendar(year, ruleset, cal)
    out = result.as_dict()
    out["sources"] = {str(year): cal.sources.get(year)}

    if json:
        print_json(out)
        return
    heads = {
        "en": ("month", "all-agent meeting", "weekly team-lead meetings", "half-year", "annual"),
        "zh-Hans": ("月份", "全体业务代表会议", "班务会（每周）", "半年总结", "年度总结"),
        "zh-Hant": ("月份", "全體業務代表會議", "班務會（每週）", "半年總結", "年度總結"),
    }[language]
    table(
        f"{year}",
        [heads[0], heads[1]],
        [[f"{i:02d}", d] for i, d in enumerate(out["monthly"], start=1)],
    )
    typer.echo(f"{heads[2]}: {len(out['weekly'])} ({', '.join(out['weekly'][:3])}, …)")
    typer.echo(f"{heads[3]}: {out['half_year']}   {heads[4]}: {out['annual']}")
    typer.echo(f"holidays: {out['sources'][str(year)]}")
