"""Control charts as SVG: one drawing, embedded the same in the HTML page and the PDF.

The SVG is written by hand (no plotting library), with coordinates rounded to 0.1 px and
numbers printed with fixed decimals, so the same chart gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

WIDTH, HEIGHT = 640, 190
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 30


def _fmt(v: float, unit: str | None) -> str:
    if unit == "%":
        return f"{v * 100:.1f}%"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.2f}"


def _polyline(xs: Sequence[float], ys: Sequence[float | None], **attrs: str) -> str:
    parts: list[str] = []
    run: list[str] = []
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            if len(run) > 1:
                parts.append(" ".join(run))
            run = []
            continue
        run.append(f"{x:.1f},{y:.1f}")
    if len(run) > 1:
        parts.append(" ".join(run))
    a = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return "".join(f'<polyline points="{p}" fill="none" {a}/>' for p in parts)


def control_chart_svg(chart: dict[str, Any], unit: str | None = None, title: str = "") -> str:
    """The SVG of a chart as :meth:`serviq.reports.spc.Chart.as_dict` gives it."""
    points = chart["points"]
    values = [p["value"] for p in points]
    lcl = [p["lcl"] for p in points]
    ucl = [p["ucl"] for p in points]
    every = [v for v in values + lcl + ucl if v is not None]
    lo, hi = min(every), max(every)
    if hi - lo < 1e-12:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    n = len(points)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    xs = [LEFT + (plot_w * (i + 0.5) / n) for i in range(n)]

    def y(v: float | None) -> float | None:
        return None if v is None else TOP + plot_h * (hi - v) / (hi - lo)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#d9d9d9"/>',
    ]
    for v in (lo + pad, (lo + hi) / 2, hi - pad):
        yy = y(v)
        out.append(
            f'<text x="{LEFT - 4}" y="{(yy or 0) + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#595959">{escape(_fmt(v, unit))}</text>'
        )
    centre = [y(p["center"]) for p in points]
    out.append(_polyline(xs, centre, stroke="#389e0d", stroke_width="1.2"))
    out.append(
        _polyline(
            xs, [y(v) for v in ucl], stroke="#cf1322", stroke_width="1", stroke_dasharray="4 3"
        )
    )
    out.append(
        _polyline(
            xs, [y(v) for v in lcl], stroke="#cf1322", stroke_width="1", stroke_dasharray="4 3"
        )
    )
    out.append(_polyline(xs, [y(v) for v in values], stroke="#1677ff", stroke_width="1.6"))
    step = max(1, n // 6)
    for i, p in enumerate(points):
        yy = y(p["value"])
        if yy is None:
            continue
        colour = "#cf1322" if p["signals"] else "#1677ff"
        r = 3.6 if p["signals"] else 2.4
        out.append(f'<circle cx="{xs[i]:.1f}" cy="{yy:.1f}" r="{r}" fill="{colour}"/>')
        if i % step == 0 or i == n - 1:
            label = escape(str(p.get("label") or i + 1))
            out.append(
                f'<text x="{xs[i]:.1f}" y="{HEIGHT - 10}" font-size="10" text-anchor="middle" '
                f'fill="#595959">{label}</text>'
            )
    out.append("</svg>")
    return "".join(out)
