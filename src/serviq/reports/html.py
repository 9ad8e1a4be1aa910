"""The HTML rendering of a report context (a standalone page; the web shows the same page).

The template is ``data/reports/templates/report.html.j2`` (Jinja2, autoescaped); charts are
the SVG of :mod:`serviq.reports.charts`, the same drawing the PDF embeds. The page carries
its numbers as JSON (``<script id="report-numbers">``) so a rebuild can be compared number
for number. Same context, same bytes: nothing in the page depends on the clock.
"""

from __future__ import annotations

import json
from typing import Any

from serviq.reports import display
from serviq.reports.charts import control_chart_svg
from serviq.reports.labels import labels
from serviq.resources import data_path


def numbers(ctx: dict[str, Any]) -> dict[str, Any]:
    """The report's numbers, full precision: what a rebuild must reproduce."""
    out: dict[str, Any] = {"kind": ctx["kind"], "period": ctx["period"], "scope": ctx["scope"]}
    if "summary" in ctx:
        out["index"] = ctx["summary"]["index"]
    if "indicators" in ctx:
        out["indicators"] = {
            i["code"]: {
                "value": i["value"],
                "n": i["n"],
                "interval": i["interval"],
                "target": i["target"],
                "status": i["status"],
                "center": None if not i["chart"] else i["chart"]["center"],
                "sigma_z": None if not i["chart"] else i["chart"]["sigma_z"],
                "signals": None if not i["chart"] else [p["signals"] for p in i["chart"]["points"]],
            }
            for i in ctx["indicators"]
        }
    for key in ("drivers", "themes", "qa", "calibration", "workforce", "supervision", "backlog",
                "workload", "trends", "counts"):  # fmt: skip
        if key in ctx:
            out[key] = ctx[key]
    out["inputs"] = {r["table"]: r["sha256"] for r in ctx["methods"]["inputs"]}
    return out


def chart_svgs(ctx: dict[str, Any]) -> dict[str, str]:
    """``code → SVG`` for every indicator (or trend) that has a chart."""
    out: dict[str, str] = {}
    for item in ctx.get("indicators", []) + ctx.get("trends", []):
        if item.get("chart"):
            out[item["code"]] = control_chart_svg(item["chart"], item.get("unit"), item["name"])
    return out


def render_html(ctx: dict[str, Any]) -> bytes:
    """The report as one standalone UTF-8 HTML page."""
    import jinja2
    from markupsafe import Markup

    template_dir = data_path("reports/templates/report.html.j2").parent
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    units = {i["code"]: i.get("unit") for i in ctx.get("indicators", [])}
    types = sorted({t for r in ctx.get("workload", []) for t in r["types"]})
    heat = [v for r in ctx.get("heatmap", {}).get("rows", []) for v in r["counts"]]
    payload = json.dumps(numbers(ctx), ensure_ascii=False, sort_keys=True, allow_nan=False)
    html = env.get_template("report.html.j2").render(
        c=ctx,
        L=labels(ctx["lang"]),
        charts={k: Markup(v) for k, v in chart_svgs(ctx).items()},
        num=display.number,
        ival=display.interval,
        int=display.integer,
        unit_of=lambda code: units.get(code),
        types=types,
        heat_max=max(heat) if heat else 1,
        numbers_json=Markup(payload.replace("</", "<\\/")),
    )
    return html.encode("utf-8")
