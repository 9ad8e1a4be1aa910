"""The PDF engine, chosen by measurement: Typst (the ``typst`` wheel) against WeasyPrint on
the same monthly report (13 months of the demo centre).

Prints each engine's time, pages, size and whether the Chinese title is in the PDF's text
(CJK rendered with a real font, not boxes); repeating table headers are checked by
tests/reports/test_pdf_layout.py. WeasyPrint is not
a dependency of serviq; install it by hand to include it (it also needs Pango from the
system). ``make bench BENCH_ARGS=pdf_engines``.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path


def _text(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def main(argv: list[str]) -> None:
    from serviq.demo import generate
    from serviq.demo.dataset import write
    from serviq.reports.context import build_context
    from serviq.reports.html import render_html
    from serviq.reports.inputs import load_inputs
    from serviq.reports.pdf import render_pdf

    with tempfile.TemporaryDirectory() as tmp:
        write(generate(months=13, scale=0.05, seed=1, start="2025-11-01"), tmp)
        ctx = build_context("monthly", "last", load_inputs(tmp))
    title = ctx["title"]
    engines = {"typst": lambda: render_pdf(ctx)}
    try:
        import weasyprint  # noqa: F401

        def weasy() -> bytes:
            from weasyprint import HTML

            return HTML(string=render_html(ctx).decode("utf-8")).write_pdf()

        engines["weasyprint"] = weasy
    except Exception as exc:  # not installed, or its system libraries are missing
        print(f"weasyprint: not measured ({type(exc).__name__})")
    for name, fn in engines.items():
        fn()  # warm-up: fonts and imports
        t = time.perf_counter()
        runs = 3
        for _ in range(runs):
            pdf = fn()
        dt = (time.perf_counter() - t) / runs
        pages = _text(pdf)
        print(
            f"{name:11s} {dt:6.2f} s  {len(pages):3d} pages  {len(pdf) / 1e6:5.2f} MB  "
            f"CJK title in text: {title in ''.join(pages)}"
        )
        Path(tempfile.gettempdir(), f"serviq-bench-{name}.pdf").write_bytes(pdf)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
