"""Build a report: one context, rendered as HTML, PDF and XLSX, each with its SHA-256.

>>> FORMATS
('html', 'pdf', 'xlsx')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from serviq.errors import InvalidInput, Where
from serviq.reports.context import ActionsHook, WorkforceHook, build_context
from serviq.reports.inputs import ReportInputs

FORMATS = ("html", "pdf", "xlsx")


def parse_formats(text: str) -> tuple[str, ...]:
    """``html,pdf,xlsx`` → the formats, checked, in the given order, without repeats."""
    out: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if part not in FORMATS:
            raise InvalidInput(
                f"unknown format {part!r}; allowed: {', '.join(FORMATS)}",
                where=Where(field="format"),
            )
        if part not in out:
            out.append(part)
    if not out:
        raise InvalidInput("no format asked for", where=Where(field="format"))
    return tuple(out)


def renderers() -> dict[str, Callable[[dict[str, Any]], bytes]]:
    from serviq.reports.html import render_html
    from serviq.reports.pdf import render_pdf
    from serviq.reports.xlsx import render_xlsx

    return {"html": render_html, "pdf": render_pdf, "xlsx": render_xlsx}


@dataclass(frozen=True)
class Built:
    """A built report: its context and each format's bytes."""

    context: dict[str, Any]
    documents: dict[str, bytes]

    @property
    def sha256(self) -> dict[str, str]:
        return {f: hashlib.sha256(b).hexdigest() for f, b in self.documents.items()}

    def file_name(self, fmt: str) -> str:
        c = self.context
        scope = c["scope"].replace(":", "-")
        return f"{c['kind']}-{c['period']}-{scope}-{c['lang']}.{fmt}"

    def write(self, out: str | Path) -> dict[str, Path]:
        root = Path(out)
        root.mkdir(parents=True, exist_ok=True)
        paths = {}
        for fmt, data in self.documents.items():
            path = root / self.file_name(fmt)
            path.write_bytes(data)
            paths[fmt] = path
        return paths


def build_report(
    kind: str,
    period: str,
    inputs: ReportInputs,
    *,
    formats: Sequence[str] = FORMATS,
    scope: str = "centre",
    lang: str = "zh-Hans",
    narratives: Mapping[str, str] | None = None,
    actions: ActionsHook | None = None,
    workforce: WorkforceHook | None = None,
    data_ref: str | None = None,
    system: Any = None,
) -> Built:
    """Build ``kind`` for ``period`` (or ``last``) in ``formats``."""
    ctx = build_context(
        kind,
        period,
        inputs,
        scope=scope,
        lang=lang,
        narratives=narratives,
        actions=actions,
        workforce=workforce,
        data_ref=data_ref,
        system=system,
    )
    render = renderers()
    return Built(ctx, {f: render[f](ctx) for f in formats})
