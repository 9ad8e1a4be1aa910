"""Record columns as people read them: localised headers and values rounded by unit.

The page and the labelled exports use the same labels (the gettext catalogues); seconds are
rounded to whole seconds, times shown in the centre's zone to the second, yes/no in words,
agents by name with their code. The data layout (``layout=data``) keeps the import's
column names and full precision, for ``serviq ops kpi`` and ``serviq survey import``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

from serviq.web import labels

# Labels the page's columns share with :mod:`serviq.web.labels`; these are the export's own.
LABELS: dict[str, Any] = {
    "NPS": pgettext_lazy("record column", "NPS"),
    "CSAT": pgettext_lazy("record column", "CSAT"),
    "CES": pgettext_lazy("record column", "CES"),
    "in_number": pgettext_lazy("record column", "In the number"),
}
SECONDS = frozenset({"hold_seconds", "wrapup_seconds", "wait_seconds", "handle_seconds"})
TIMES = frozenset({"arrived_at", "answered_at", "ended_at", "submitted_at"})
AGENT = frozenset({"agent_id", "agent"})


def label(column: str) -> str:
    if column in labels.COLUMNS:
        return labels.column_label(column)
    return str(LABELS.get(column, column))


def headers(columns: list[str]) -> list[str]:
    return [label(c) for c in columns]


def mark_text(mark: tuple[bool, bool, bool] | None) -> str:
    """A record's part in the drilled number, in words."""
    if mark is None:
        return ""
    num, den, pending = mark
    if pending:
        return pgettext("record mark", "pending")
    if num and den:
        return pgettext("record mark", "numerator and denominator")
    if num:
        return pgettext("record mark", "numerator")
    return pgettext("record mark", "denominator") if den else ""


def shown(columns: list[str], values: list[Any], obj: Any) -> list[Any]:
    """One record's values as people read them (module doc)."""
    out: list[Any] = []
    for column, value in zip(columns, values, strict=True):
        if value is None or value == "":
            out.append(None)
        elif column in SECONDS:
            out.append(round(float(value)))
        elif column in TIMES:
            out.append(str(value)[:19].replace("T", " "))
        elif column in AGENT and getattr(obj, "agent", None) is not None:
            out.append(f"{obj.agent.name} ({obj.agent.code})")
        elif isinstance(value, bool):
            out.append(pgettext("record value", "yes") if value else pgettext("record value", "no"))
        elif isinstance(value, float):
            out.append(round(value, 2))
        else:
            out.append(value)
    return out
