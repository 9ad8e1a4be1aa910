"""What a person reads for a code, in the reader's language — the one place the pages, the
exports' visible headers and the charts look labels up.

* queues, channels and contact types: their names from the core (:mod:`serviq.ops.labels`);
* people by name with their code (``王芳 (A001)``), teams by name;
* roles by their label (:data:`serviq.web.org.roles.LABELS`);
* QA items by their scorecard name;
* yes/no, dates and times in the reader's format, seconds rounded to whole seconds;
* the columns of the record tables by their heading.

The codes stay in forms, URLs, the API and the exports' data; only what is read changes.
Templates use the filters of ``{% load labels %}`` (:mod:`serviq.web.templatetags.labels`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, pgettext_lazy

from serviq.indicators.units import unit_name
from serviq.languages import Lang
from serviq.ops import labels as ops_labels

TAGS: dict[str, Lang] = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}

COLUMNS: dict[str, Promise] = {
    "interaction_id": pgettext_lazy("record column", "Contact"),
    "response_id": pgettext_lazy("record column", "Response"),
    "period": pgettext_lazy("record column", "Month"),
    "channel": pgettext_lazy("record column", "Channel"),
    "queue": pgettext_lazy("record column", "Queue"),
    "contact_type": pgettext_lazy("record column", "Contact type"),
    "team_id": pgettext_lazy("record column", "Team"),
    "team": pgettext_lazy("record column", "Team"),
    "agent_id": pgettext_lazy("record column", "Agent"),
    "agent": pgettext_lazy("record column", "Agent"),
    "customer_key": pgettext_lazy("record column", "Customer (pseudonym)"),
    "issue_key": pgettext_lazy("record column", "Issue (pseudonym)"),
    "arrived_at": pgettext_lazy("record column", "Arrived"),
    "answered_at": pgettext_lazy("record column", "Answered"),
    "ended_at": pgettext_lazy("record column", "Ended"),
    "submitted_at": pgettext_lazy("record column", "Submitted"),
    "hold_seconds": pgettext_lazy("record column", "Hold (s)"),
    "wrapup_seconds": pgettext_lazy("record column", "Wrap-up (s)"),
    "wait_seconds": pgettext_lazy("record column", "Wait (s)"),
    "handle_seconds": pgettext_lazy("record column", "Handling (s)"),
    "abandoned": pgettext_lazy("record column", "Abandoned"),
    "short_abandoned": pgettext_lazy("record column", "Short abandon"),
    "transferred": pgettext_lazy("record column", "Transferred"),
    "resolved": pgettext_lazy("record column", "Resolved"),
    "csat": pgettext_lazy("record column", "CSAT"),
    "language": pgettext_lazy("record column", "Language"),
    "comment": pgettext_lazy("record column", "Comment"),
}
CODE_GROUPS = {"channel": "channel", "queue": "queue", "contact_type": "contact_type"}
TIMES = frozenset({"arrived_at", "answered_at", "ended_at", "submitted_at"})
SECONDS = frozenset({"hold_seconds", "wrapup_seconds", "wait_seconds", "handle_seconds"})
LANGUAGE_NAMES: dict[str, Promise] = {
    "zh-hans": pgettext_lazy("language", "Simplified Chinese"),
    "zh-hant": pgettext_lazy("language", "Traditional Chinese"),
    "en": pgettext_lazy("language", "English"),
}


QA_STATUSES: dict[str, Promise] = {
    "assigned": pgettext_lazy("QA status", "assigned"),
    "scored": pgettext_lazy("QA status", "scored"),
    "disputed": pgettext_lazy("QA status", "disputed"),
    "decided": pgettext_lazy("QA status", "decided"),
    "upheld": pgettext_lazy("QA status", "upheld"),
    "amended": pgettext_lazy("QA status", "amended"),
}


def lang() -> Lang:
    """The reader's language as the core spells it (``zh-Hans``, ``zh-Hant`` or ``en``)."""
    return TAGS.get((get_language() or "zh-hans").lower(), "en")


def code_label(code: object, group: str) -> str:
    """The name of a queue, channel or contact type (``group``); an unknown code as it is."""
    if code is None or code == "":
        return ""
    if group not in ops_labels.GROUPS:
        raise ValueError(f"unknown code group {group!r}; allowed: {', '.join(ops_labels.GROUPS)}")
    return ops_labels.name(group, str(code), lang())


def person_label(name: str, code: str) -> str:
    """A person by name, with the code where it helps tell two people apart."""
    if not name or name == code:
        return code
    return f"{name} ({code})" if code else name


@lru_cache(maxsize=4)
def _qa_items(path: str) -> dict[str, Any]:
    from serviq.qa.scorecard import load_scorecard

    card = load_scorecard(path)
    return {item.code: item.name for item in card.items}


def qa_item_label(code: object) -> str:
    """A QA scorecard item by its name (``needs_summary`` → 客户需求的归纳能力)."""
    from serviq.resources import data_path

    name = _qa_items(str(data_path("qa/scorecard.yaml"))).get(str(code))
    return name.get(lang()) if name is not None else str(code)


def qa_status_label(code: object) -> str:
    """A QA review's status (``scored`` → 已评分); an unknown status as it is."""
    found = QA_STATUSES.get(str(code))
    return str(found) if found is not None else str(code)


SCOPES: dict[str, Promise] = {
    "centre": pgettext_lazy("report scope", "centre"),
    "department": pgettext_lazy("report scope", "department"),
    "team": pgettext_lazy("report scope", "team"),
}


def report_kind_label(kind: object) -> str:
    """A report's kind by its title (``monthly`` → 服务质量分析报告)."""
    from serviq.errors import InvalidInput
    from serviq.reports.definitions import load_definition

    try:
        return load_definition(str(kind)).title.get(lang())
    except InvalidInput:
        return str(kind)


def scope_label(scope: object) -> str:
    """A report's scope by name: ``centre`` → 中心, ``department:SME`` → 部门 中小企业部,
    ``team:T5`` → 班组 第五组 (the code when the unit has no name)."""
    from serviq.web.org.models import Department, Team

    level, _, code = str(scope).partition(":")
    found = SCOPES.get(level)
    if found is None:
        return str(scope)
    if not code:
        return str(found)
    units: Any = {"department": Department.objects, "team": Team.objects}.get(level)
    name = units.filter(code=code).values_list("name", flat=True).first() if units else None
    return f"{found} {name or code}"


def yes_no(value: object) -> str:
    if value is None or value == "":
        return ""
    return gettext("yes") if value else gettext("no")


def local_time(value: object) -> str:
    """A time in the centre's zone, in the reader's short date-and-time format."""
    if value is None or value == "":
        return ""
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(when, dt.datetime):
        return str(value)
    return formats.date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


def whole(value: object) -> str:
    """A number of seconds rounded to whole seconds, for display."""
    if value is None or value == "":
        return ""
    return formats.number_format(round(float(value)))  # type: ignore[arg-type]


def unit_label(unit: str) -> str:
    """An indicator's unit in the reader's language (``points (1–5)`` → ``分（1–5）``)."""
    return unit_name(unit, lang())


def column_label(column: str) -> str:
    found = COLUMNS.get(column)
    return str(found) if found is not None else column


def language_name(code: object) -> str:
    found = LANGUAGE_NAMES.get(str(code).lower())
    return str(found) if found is not None else str(code)


def shown_value(column: str, value: Any, names: dict[str, str] | None = None) -> Any:
    """``value`` of ``column`` as a person reads it; ``names`` maps people's and teams'
    codes to their names."""
    if column in CODE_GROUPS:
        return code_label(value, CODE_GROUPS[column])
    if column in TIMES:
        return local_time(value)
    if column in SECONDS:
        return whole(value)
    if column == "language":
        return language_name(value)
    if column in ("team_id", "team", "agent_id", "agent") and names and value:
        return person_label(names.get(str(value), ""), str(value))
    if isinstance(value, bool):
        return yes_no(value)
    return value


def shown_rows(
    columns: list[str], rows: list[list[Any]], names: dict[str, str] | None = None
) -> list[list[Any]]:
    """Record rows (as :func:`serviq.web.dashboard.records.row` gives them) for reading."""
    return [[shown_value(c, v, names) for c, v in zip(columns, r, strict=True)] for r in rows]
