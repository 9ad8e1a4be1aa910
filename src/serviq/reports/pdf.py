"""The PDF rendering of a report context, typeset by Typst (the ``typst`` Python binding).

Why Typst (measured, docs/reports.md): it is one self-contained wheel (no system libraries,
no browser), typesets a 40-page report in well under a second, repeats table headers on
every page (``table.header``), breaks CJK lines by the Unicode rules, and embeds only the
glyphs used. Fonts: system fonts are ignored; the text is set in Noto Sans CJK (SIL Open
Font License), installed from PyPI with the ``rinoh-typeface-notosanscjk`` package, so
Chinese renders on a fresh machine with nothing installed by hand. That package holds the
Japanese build only; where Debian's ``fonts-noto-cjk`` is installed (CI installs it), its
Simplified (SC) and Traditional (TC) builds are used for zh-Hans and zh-Hant, with the
regional glyph forms, and the Japanese build stays the fallback (:func:`font_families`).
Charts are the same SVG drawings the HTML page shows.

The Typst source is written from the context with every text passed as a string literal
(escaped), never as markup, so a team lead's commentary cannot change the layout.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from serviq.errors import ComputationError
from serviq.reports import display
from serviq.reports.html import chart_svgs
from serviq.reports.labels import labels

FONT_PACKAGE = "rinoh_typeface_notosanscjk"
FONT_FAMILY = "Noto Sans CJK JP"
#: Debian's fonts-noto-cjk: every regional build of Noto Sans CJK in one collection.
SYSTEM_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
REGIONAL = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "en": "Noto Sans CJK SC"}
#: A fixed creation time: the same context gives the same PDF.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def font_dir() -> Path:
    """The folder of the bundled CJK font files (found without importing the package)."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ComputationError(
            f"the CJK font package {FONT_PACKAGE} is not installed; run `make test` or "
            "`pip install rinoh-typeface-notosanscjk`"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def font_paths() -> list[str]:
    """Where Typst looks for fonts: the Debian collection's folder (if installed) and the
    bundled package's."""
    paths = [str(SYSTEM_CJK.parent)] if SYSTEM_CJK.exists() else []
    return [*paths, str(font_dir())]


def font_families(lang: str) -> tuple[str, ...]:
    """The font list for ``lang``: the regional build when the Debian collection is there
    (Typst takes the first family it has), then the bundled Japanese build."""
    if SYSTEM_CJK.exists():
        return (REGIONAL[lang], FONT_FAMILY)
    return (FONT_FAMILY,)


def s(text: Any) -> str:
    """A Typst string literal."""
    value = "" if text is None else str(text)
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{value}"'


def _table(headers: list[str], rows: list[list[Any]], widths: str | None = None) -> str:
    n = len(headers)
    cols = widths or f"({', '.join(['auto'] * n)})"
    head = ", ".join(f"[*#{s(h)}*]" for h in headers)
    cells = ",\n  ".join(", ".join(s(c) for c in r) for r in rows) if rows else ""
    body = f",\n  {cells}" if cells else ""
    return (
        f"#table(columns: {cols}, inset: 4pt, stroke: 0.4pt + luma(200),\n"
        f"  table.header(repeat: true, {head}){body})\n"
    )


def typst_source(ctx: dict[str, Any], charts: dict[str, str]) -> str:
    """The Typst document of a context; ``charts`` maps code → file name of its SVG."""
    L = labels(ctx["lang"])
    num, ival, integer = display.number, display.interval, display.integer
    lang = {"zh-Hans": ('"zh"', '"cn"'), "zh-Hant": ('"zh"', '"tw"'), "en": ('"en"', "none")}[
        ctx["lang"]
    ]
    out = [
        f"#set document(title: {s(ctx['title'] + ' ' + ctx['period'])}, date: none)",
        f'#set page(paper: "a4", margin: (x: 1.6cm, y: 1.8cm), numbering: "1 / 1", '
        f"header: align(right, text(size: 8pt, fill: luma(120), {s(ctx['title'] + ' · ' + ctx['period'])})))",
        f"#set text(font: ({''.join(s(f) + ', ' for f in font_families(ctx['lang']))}), size: 9pt, "
        f"lang: {lang[0]}, region: {lang[1]})",
        "#set par(justify: false)",
        '#show heading.where(level: 2): it => block(above: 1.4em, below: 0.6em, text(size: 13pt, fill: rgb("#1677ff"), it.body))',
        f'#text(size: 20pt, weight: "bold", {s(ctx["title"])})',
        "",
        f"#text(fill: luma(90), {s(_meta_line(ctx, L))})",
        "",
    ]
    for sec in ctx["sections"]:
        out.append(f"#heading(level: 2, {s(sec['title'])})")
        if sec["narrative"]:
            text = ctx.get("narratives", {}).get(sec["id"]) or L["narrative_empty"]
            out.append(
                f'#block(fill: rgb("#fffbe6"), stroke: (left: 3pt + rgb("#faad14")), inset: 8pt, width: 100%, {s(text)})'
            )
            continue
        feed = sec["feed"]
        if feed == "summary":
            sm = ctx["summary"]
            counts = " · ".join(
                f"{L[k]} {sm['status_counts'][k]}" for k in ("green", "amber", "red")
            )
            out.append(
                f"#text(size: 12pt, {s(L['index'] + ' ' + num(sm['index']) + '  (' + L['previous'] + ' ' + num(sm['previous_index']) + ')  ' + counts)})"
            )
            out.append("")
            out.append(_table([L["dimension"], L["score"], L["status"], L["change"]],
                              [[d["name"], num(d["score"]), L.get(d["status"] or "", "—"), num(d["change"])] for d in sm["dimensions"]]))  # fmt: skip
            if sm["signals"]:
                sig = "; ".join(f"{x['name']} ({', '.join(x['signals'])})" for x in sm["signals"])
                out.append(f'#text(fill: rgb("#cf1322"), {s(L["signals_some"] + ": " + sig)})')
            else:
                out.append(f"#text({s(L['signals_none'])})")
        elif feed == "indicators":
            rows = []
            for i in ctx["indicators"]:
                ch = (i["chart"] or {}).get("change")
                rows.append([
                    i["name"], num(i["value"], i["unit"]), integer(i["n"]), ival(i["interval"], i["unit"]),
                    num(i["target"], i["unit"]), L.get(i["status"] or "", "—"),
                    num(ch["change"], i["unit"]) if ch else "—", L[ch["verdict"]] if ch else "—",
                ])  # fmt: skip
            out.append(_table([L["indicator"], L["value"], L["n"], L["interval"], L["target"], L["status"], L["change"], L["verdict"]], rows))  # fmt: skip
            out.append(f"#text(size: 8pt, fill: luma(110), {s(L['chart_note'])})")
            for i in ctx["indicators"]:
                out.append("#block(breakable: false)[")
                out.append(f'  #text(weight: "bold", {s(i["name"])}) \\')
                out.append(
                    f"  #text(size: 8pt, fill: luma(90), {s(L['definition'] + ': ' + (i['definition'] or '—'))}) \\"
                )
                out.append(
                    f"  #text(size: 8pt, {s(L['value'] + ' ' + num(i['value'], i['unit']) + ' · ' + L['n'] + ' ' + integer(i['n']) + ' · ' + L['interval'] + ' ' + ival(i['interval'], i['unit']) + ' · ' + L['target'] + ' ' + num(i['target'], i['unit']))})"
                )
                if i["code"] in charts:
                    out.append(f"  #image({s(charts[i['code']])}, width: 100%)")
                out.append("]")
        elif feed == "shortfalls":
            units = {i["code"]: i["unit"] for i in ctx["indicators"]}
            out.append(_table([L["indicator"], L["value"], L["target"], L["gap"], L["points_lost"], L["status"]],
                              [[x["name"], num(x["value"], units.get(x["code"])), num(x["target"], units.get(x["code"])),
                                num(x["gap"], units.get(x["code"])), num(x["points_lost"]), L.get(x["status"], "—")]
                               for x in ctx["shortfalls"]]))  # fmt: skip
        elif feed == "drivers":
            d = ctx["drivers"]
            out.append(
                f"#text(size: 8pt, fill: luma(90), {s(L['drivers_note'] + f' (n = {d[chr(110)]})')})"
            )
            out.append(_table([L["driver"], L["effect"], L["interval"], L["p"], L["mean"]],
                              [[e["names"][ctx["lang"]], num(e["effect"], None, 3),
                                f"{num(e['lower'], None, 3)} – {num(e['upper'], None, 3)}", num(e["p"], None, 3), num(e["mean"])]
                               for e in d.get("effects", [])]))  # fmt: skip
        elif feed == "themes":
            out.append(_table([L["theme"], L["count"], L["share"], L["quotes"]],
                              [[t["name"], t["count"], num(t["share"], "%"), " / ".join(t["quotes"])] for t in ctx["themes"]["themes"]],
                              "(auto, auto, auto, 1fr)"))  # fmt: skip
        elif feed == "qa":
            q = ctx["qa"]
            if not q.get("n"):
                out.append(f"#text({s(L['no_data'])})")
                out.extend(_calibration(ctx, L))
                continue
            out.append(
                f"#text({s(L['score'] + ' ' + num(q['score']) + ' (' + num(q['lower']) + ' – ' + num(q['upper']) + '), ' + L['n'] + ' ' + str(q['n']))})"
            )
            out.append("")
            out.append(_table([L["team"], L["n"], L["score"], L["interval"]],
                              [[t["team"], t["n"], num(t["score"]), f"{num(t['lower'])} – {num(t['upper'])}"] for t in q["teams"]]))  # fmt: skip
            out.append(_table([L["item"], L["defects"], L["rate"], L["cumulative"]],
                              [[r["item"], r["defects"], num(r["rate"], "%"), num(r["cumulative"], "%")] for r in q["pareto"]]))  # fmt: skip
            out.extend(_calibration(ctx, L))
        elif feed == "training":
            out.append(_table([L["training"], L["defects"], L["rate"]],
                              [[r["item"], r["defects"], num(r["rate"], "%")] for r in ctx.get("training", [])]))  # fmt: skip
        elif feed == "workforce":
            out.append(
                _table(
                    [L["item"], L["count"]], [[L.get(k, k), v] for k, v in ctx["workforce"].items()]
                )
            )
        elif feed == "actions":
            rows = [[a.get("indicator"), L.get(f"action_{a.get('status')}", a.get("status")), a.get("owner"), a.get("due"), a.get("effective")]
                    for a in ctx["actions"]["rows"]]  # fmt: skip
            if rows:
                out.append(
                    _table(
                        [L["indicator"], L["status"], L["owner"], L["due"], L["effective"]], rows
                    )
                )
            else:
                out.append(f"#text({s(L['actions_none'])})")
        elif feed == "workload":
            types = sorted({t for r in ctx["workload"] for t in r["types"]})
            out.append(_table([L["group"], L["total"], *types, L["answered"], L["abandoned"]],
                              [[r["group"], r["total"], *[r["types"].get(t, 0) for t in types], r["answered"], r["abandoned"]]
                               for r in ctx["workload"] + ctx["workload_agents"]]))  # fmt: skip
        elif feed == "heatmap":
            hm = ctx["heatmap"]
            out.append(_table([L["weekday"], *[str(h) for h in hm["hours"]]],
                              [[r["weekday"], *r["counts"]] for r in hm["rows"]]))  # fmt: skip
        elif feed == "backlog":
            b = ctx["backlog"]
            out.append(
                f"#text({s(L['open'] + ': ' + str(b['open']) + ' · ' + L['overdue'] + ': ' + str(b['overdue']))})"
            )
        elif feed == "handover":
            out.append(_table([L["team"], L["system_problems"], L["hard_cases"]],
                              [[r["team"], r["system_problems"], r["hard_cases"]] for r in ctx["handover"]]))  # fmt: skip
        elif feed == "supervision":
            sv = ctx["supervision"]
            keys = [
                "created",
                "escalated",
                "answered",
                "callback_required",
                "callback_met",
                "called_back",
                "overdue",
            ]
            rows = [[L["answered_cases"] if k == "answered" else L[k], sv.get(k, 0)] for k in keys]
            rows.append([L["callback_rate"], num(sv.get("callback_rate"), "%")])
            out.append(_table([L["item"], L["count"]], rows))
            if sv.get("weeks"):
                out.append(_table([L["week_from"], L["escalated"], L["answered_cases"], L["called_back"], L["callback_required"], L["callback_rate"]],
                                  [[w["week"], w["supervised"], w["answered"], w["called_back"], w["callback_required"], num(w["callback_rate"], "%")] for w in sv["weeks"]]))  # fmt: skip
        elif feed == "targets":
            out.append(_table([L["indicator"], L["first"], L["last"], L["target"], L["met"], L["months"]],
                              [[t["name"], num(t["first"], t["unit"]), num(t["last"], t["unit"]), num(t["target"], t["unit"]),
                                "—" if t["met"] is None else t["met"], t["months"]] for t in ctx["trends"]]))  # fmt: skip
        elif feed == "trends":
            for t in ctx["trends"]:
                if t["code"] in charts:
                    out.append(
                        f'#block(breakable: false)[#text(weight: "bold", {s(t["name"])}) \\ #image({s(charts[t["code"]])}, width: 100%)]'
                    )
    out.extend(_methods(ctx, L))
    return "\n".join(out) + "\n"


def _meta_line(ctx: dict[str, Any], L: dict[str, str]) -> str:
    line = f"{L['period']}: {ctx['period']} ({ctx['period_start']} – {ctx['period_end']}, {ctx['timezone']}) · {L['scope']}: {L.get('scope_' + ctx['scope'], ctx['scope'])}"
    if ctx.get("due"):
        line += f" · {L['due']}: {ctx['due']}"
    return line + f" · {L['definition_version']}: {ctx['definition']['version']}"


def _calibration(ctx: dict[str, Any], L: dict[str, str]) -> list[str]:
    """The inspectors' calibration sessions of the month (QA section), if any."""
    num = display.number
    rows = [[k["session"], k["contacts"], k["inspectors"], num(k["icc"], None, 3),
             f"{num(k['icc_lower'], None, 3)} – {num(k['icc_upper'], None, 3)}", num(k["alpha"], None, 3),
             f"{num(k['alpha_lower'], None, 3)} – {num(k['alpha_upper'], None, 3)}", ", ".join(k["flagged"]) or "—"]
            for k in ctx.get("calibration") or []]  # fmt: skip
    if not rows:
        return []
    heads = [L["session"], L["calibration_contacts"], L["inspectors"], L["icc"], L["interval"],
             L["alpha"], L["interval"], L["flagged"]]  # fmt: skip
    return [f"#heading(level: 3, {s(L['calibration'])})", _table(heads, rows)]


def _methods(ctx: dict[str, Any], L: dict[str, str]) -> list[str]:
    m = ctx["methods"]
    out = [f"#heading(level: 2, {s(L['methods'])})"]
    p = m["period"]
    out.append(
        f"#text({s(L['period'] + ': ' + p['label'] + ' (' + p['start'] + ' – ' + p['end'] + ') · ' + L['timezone'] + ': ' + p['timezone'] + ' · ' + L['scope'] + ': ' + m['scope'] + ' · ' + L['definition_version'] + ': ' + m['definition']['kind'] + ' ' + m['definition']['version'])})"
    )
    out.append("")
    out.append(_table([L["table"], L["rows"], L["rows_in_scope"], L["sha256"]],
                      [[r["table"], r["rows"], "—" if r["rows_in_scope"] is None else r["rows_in_scope"], r["sha256"]] for r in m["inputs"]],
                      "(auto, auto, auto, 1fr)"))  # fmt: skip
    if m["numbers"]:
        rows = []
        for x in m["numbers"]:
            src = x["source"]
            where = "—"
            if src:
                where = f"{src['source']}: {', '.join(src['ref'])} ({src['aggregate']})"
                for k, v in src["filter"].items():
                    where += f"; {k} = {v if isinstance(v, str) else '/'.join(v)}"
            rows.append(
                [
                    x["name"],
                    x["definition"] or "—",
                    where,
                    display.integer(x["n"]),
                    x["method"] or "—",
                ]
            )
        out.append(_table([L["indicator"], L["definition"], L["source"], L["n"], L["method"]], rows,
                          "(auto, 1fr, auto, auto, 1fr)"))  # fmt: skip
    soft = ", ".join(f"{k} {v}" for k, v in ctx["software"].items())
    out.append(f"#text({s(L['software'] + ': ' + soft)})")
    out.append("")
    out.append(f"#text({s(L['command'] + ':')})")
    out.append("")
    out.append(
        f"#block(fill: luma(245), inset: 6pt, width: 100%, text(size: 8pt, {s(ctx['command'])}))"
    )
    return out


def render_pdf(ctx: dict[str, Any]) -> bytes:
    """The report as a PDF (A4), Chinese set in the bundled Noto Sans CJK."""
    import typst

    svgs = chart_svgs(ctx)
    with tempfile.TemporaryDirectory(prefix="serviq-report-") as tmp:
        root = Path(tmp)
        names: dict[str, str] = {}
        for code, svg in svgs.items():
            name = f"chart-{code}.svg"
            (root / name).write_text(svg, encoding="utf-8")
            names[code] = name
        main = root / "report.typ"
        main.write_text(typst_source(ctx, names), encoding="utf-8")
        try:
            pdf = typst.compile(
                str(main),
                root=str(root),
                font_paths=font_paths(),
                ignore_system_fonts=True,
                format="pdf",
                timestamp=EPOCH,
            )
        except Exception as exc:  # the binding raises its own TypstError
            raise ComputationError(f"the PDF could not be typeset: {exc}") from exc
    if not isinstance(pdf, bytes):
        raise ComputationError("the PDF engine returned no document")
    return pdf
