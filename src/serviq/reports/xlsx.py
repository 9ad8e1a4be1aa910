"""The XLSX rendering of a report context (XlsxWriter): a summary sheet with labelled and
rounded columns (the cells keep full precision; the number format rounds), the history of
every indicator with a native Excel line chart of its values and control limits, a
definitions sheet and the methods appendix. The workbook's creation time is fixed, so the
same context gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from serviq.reports.labels import labels

CREATED = dt.datetime(2000, 1, 1)


def _fmt_for(unit: str | None) -> str:
    if unit == "%":
        return "0.0%"
    if unit == "s":
        return "0"
    return "0.00"


def render_xlsx(ctx: dict[str, Any]) -> bytes:
    """The report as an XLSX workbook (bytes)."""
    import xlsxwriter

    L = labels(ctx["lang"])
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    wb.set_properties({"title": f"{ctx['title']} {ctx['period']}", "created": CREATED})
    bold = wb.add_format({"bold": True, "bg_color": "#FAFAFA", "border": 1, "text_wrap": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    formats: dict[str, Any] = {}

    def fmt(unit: str | None) -> Any:
        key = _fmt_for(unit)
        if key not in formats:
            formats[key] = wb.add_format({"num_format": key})
        return formats[key]

    summary = wb.add_worksheet(L["summary_sheet"][:31])
    summary.write(0, 0, f"{ctx['title']} · {ctx['period']} · {ctx['scope']}", title)
    row = 2
    if "summary" in ctx:
        summary.write(row, 0, L["index"], bold)
        summary.write_number(row, 1, ctx["summary"]["index"] or 0, fmt(None))
        row += 2
        heads = [L["indicator"], L["unit"], L["value"], L["n"], L["lower"], L["upper"], L["target"], L["status"], L["change"], L["verdict"]]  # fmt: skip
        summary.write_row(row, 0, heads, bold)
        for i in ctx["indicators"]:
            row += 1
            f = fmt(i["unit"])
            summary.write(row, 0, i["name"])
            summary.write(row, 1, i["unit"] or "")
            for col, v in ((2, i["value"]), (4, (i["interval"] or [None])[0]), (5, (i["interval"] or [None, None])[1]), (6, i["target"])):  # fmt: skip
                if v is not None:
                    summary.write_number(row, col, v, f)
            if i["n"] is not None:
                summary.write_number(row, 3, i["n"], fmt("s"))
            summary.write(row, 7, L.get(i["status"] or "", ""))
            ch = (i["chart"] or {}).get("change")
            if ch:
                summary.write_number(row, 8, ch["change"], f)
                summary.write(row, 9, L[ch["verdict"]])
        summary.set_column(0, 0, 24)
        summary.set_column(1, 9, 12)
        _people(summary, ctx, L, bold, row + 2)
        _history(wb, ctx, L, bold, fmt)
    else:
        _plain(summary, ctx, L, bold, row)
    _definitions(wb, ctx, L, bold, wrap)
    _methods(wb, ctx, L, bold, wrap)
    wb.close()
    return buf.getvalue()


def _history(wb: Any, ctx: dict[str, Any], L: dict[str, str], bold: Any, fmt: Any) -> None:
    """One block per indicator: period, value, centre, LCL, UCL and its native chart."""
    hist = wb.add_worksheet(L["series_sheet"][:31])
    charts = wb.add_worksheet(L["charts_sheet"][:31])
    sheet = L["series_sheet"][:31].replace("'", "''")
    col = 0
    slot = 0
    for i in ctx["indicators"]:
        chart = i["chart"]
        if not chart:
            continue
        pts = chart["points"]
        hist.write(0, col, i["name"], bold)
        hist.write_row(1, col, [L["period"], L["value"], L["center"], L["lower"], L["upper"]], bold)
        f = fmt(i["unit"])
        for r, p in enumerate(pts, start=2):
            hist.write(r, col, p["label"] or "")
            for k, key in enumerate(("value", "center", "lcl", "ucl"), start=1):
                if p[key] is not None:
                    hist.write_number(r, col + k, p[key], f)
        last = len(pts) + 1
        c = wb.add_chart({"type": "line"})
        cats = [sheet, 2, col, last, col]
        for k, (name, colour, dash) in enumerate(
            (
                (L["value"], "#1677FF", "solid"),
                (L["center"], "#389E0D", "solid"),
                (L["lower"], "#CF1322", "dash"),
                (L["upper"], "#CF1322", "dash"),
            ),
            start=1,
        ):
            c.add_series(
                {
                    "name": name,
                    "categories": cats,
                    "values": [sheet, 2, col + k, last, col + k],
                    "line": {"color": colour, "dash_type": dash, "width": 1.75 if k == 1 else 1},
                    "marker": {"type": "circle", "size": 4} if k == 1 else {"type": "none"},
                }
            )
        c.set_title({"name": i["name"], "name_font": {"size": 11}})
        c.set_legend({"position": "bottom"})
        c.set_y_axis({"num_format": _fmt_for(i["unit"])})
        c.set_size({"width": 640, "height": 260})
        charts.insert_chart(slot * 14, 0, c)
        slot += 1
        col += 6


def _people(ws: Any, ctx: dict[str, Any], L: dict[str, str], bold: Any, row: int) -> None:
    """Under the indicators: the inspectors' calibration, the workforce counts and the
    work-order backlog of the monthly report."""
    if ctx.get("calibration"):
        ws.write(row, 0, L["calibration"], bold)
        row += 1
        heads = [L["session"], L["calibration_contacts"], L["inspectors"], L["icc"], L["lower"],
                 L["upper"], L["alpha"], L["lower"], L["upper"], L["flagged"]]  # fmt: skip
        ws.write_row(row, 0, heads, bold)
        for k in ctx["calibration"]:
            row += 1
            values = [k["session"], k["contacts"], k["inspectors"], k["icc"], k["icc_lower"],
                      k["icc_upper"], k["alpha"], k["alpha_lower"], k["alpha_upper"]]  # fmt: skip
            for col, v in enumerate(values):
                if v is not None:
                    ws.write(row, col, v)
            ws.write(row, 9, ", ".join(k["flagged"]))
        row += 2
    for k, v in ctx.get("workforce", {}).items():
        ws.write(row, 0, L.get(k, k), bold)
        ws.write_number(row, 1, v)
        row += 1
    if "backlog" in ctx:
        ws.write(row, 0, L["open"], bold)
        ws.write_number(row, 1, ctx["backlog"]["open"])
        ws.write(row + 1, 0, L["overdue"], bold)
        ws.write_number(row + 1, 1, ctx["backlog"]["overdue"])


def _plain(ws: Any, ctx: dict[str, Any], L: dict[str, str], bold: Any, row: int) -> None:
    """The other reports: their tables, one under the other."""
    if "workload" in ctx:
        types = sorted({t for r in ctx["workload"] for t in r["types"]})
        ws.write_row(row, 0, [L["group"], L["total"], *types, L["answered"], L["abandoned"]], bold)
        for r in ctx["workload"] + ctx["workload_agents"]:
            row += 1
            ws.write_row(row, 0, [r["group"], r["total"], *[r["types"].get(t, 0) for t in types], r["answered"], r["abandoned"]])  # fmt: skip
        row += 2
    if "supervision" in ctx:
        sv = ctx["supervision"]
        for k, v in sv.items():
            if k == "weeks" or v is None:
                continue
            ws.write(row, 0, L["answered_cases"] if k == "answered" else L.get(k, k), bold)
            ws.write_number(row, 1, v)
            row += 1
        if sv.get("weeks"):
            row += 1
            keys = ("supervised", "answered", "called_back", "callback_required", "callback_rate")
            head = [L["week_from"], L["escalated"], L["answered_cases"], L["called_back"], L["callback_required"], L["callback_rate"]]  # fmt: skip
            ws.write_row(row, 0, head, bold)
            for w in sv["weeks"]:
                row += 1
                ws.write(row, 0, w["week"])
                for j, k in enumerate(keys, start=1):
                    if w[k] is not None:
                        ws.write_number(row, j, w[k])
            row += 2
    if "backlog" in ctx:
        ws.write(row, 0, L["open"], bold)
        ws.write_number(row, 1, ctx["backlog"]["open"])
        ws.write(row + 1, 0, L["overdue"], bold)
        ws.write_number(row + 1, 1, ctx["backlog"]["overdue"])
        row += 3
    if "qa" in ctx and ctx["qa"].get("n"):
        ws.write_row(row, 0, [L["item"], L["defects"], L["rate"], L["cumulative"]], bold)
        for r in ctx["qa"]["pareto"]:
            row += 1
            ws.write_row(row, 0, [r["item"], r["defects"], r["rate"], r["cumulative"]])
        row += 2
    if "trends" in ctx:
        ws.write_row(
            row,
            0,
            [L["indicator"], L["first"], L["last"], L["target"], L["met"], L["months"]],
            bold,
        )
        for t in ctx["trends"]:
            row += 1
            ws.write_row(
                row, 0, [t["name"], t["first"], t["last"], t["target"], t["met"], t["months"]]
            )
    ws.set_column(0, 0, 24)


def _definitions(wb: Any, ctx: dict[str, Any], L: dict[str, str], bold: Any, wrap: Any) -> None:
    ws = wb.add_worksheet(L["definitions_sheet"][:31])
    ws.write_row(0, 0, [L["indicator"], L["unit"], L["definition"], L["source"], L["method"]], bold)
    for r, m in enumerate(ctx["methods"]["numbers"], start=1):
        src = m["source"]
        where = "" if not src else f"{src['source']}: {', '.join(src['ref'])} ({src['aggregate']})"
        unit = next((i["unit"] for i in ctx.get("indicators", []) if i["code"] == m["code"]), "")
        ws.write_row(
            r, 0, [m["name"], unit or "", m["definition"] or "", where, m["method"] or ""], wrap
        )
    ws.set_column(0, 0, 22)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 4, 40)


def _methods(wb: Any, ctx: dict[str, Any], L: dict[str, str], bold: Any, wrap: Any) -> None:
    ws = wb.add_worksheet(L["methods"][:31])
    m = ctx["methods"]
    p = m["period"]
    rows = [
        (L["period"], f"{p['label']} ({p['start']} – {p['end']})"),
        (L["timezone"], p["timezone"]),
        (L["scope"], m["scope"]),
        (L["definition_version"], f"{m['definition']['kind']} {m['definition']['version']}"),
        (L["software"], ", ".join(f"{k} {v}" for k, v in ctx["software"].items())),
        (L["command"], ctx["command"]),
    ]
    for r, (k, v) in enumerate(rows):
        ws.write(r, 0, k, bold)
        ws.write(r, 1, v, wrap)
    r = len(rows) + 1
    ws.write_row(r, 0, [L["table"], L["rows"], L["rows_in_scope"], L["sha256"]], bold)
    for x in m["inputs"]:
        r += 1
        ws.write_row(r, 0, [x["table"], x["rows"], x["rows_in_scope"] if x["rows_in_scope"] is not None else "", x["sha256"]])  # fmt: skip
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 90)
