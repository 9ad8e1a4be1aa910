"""``{% load labels %}``: the filters of :mod:`serviq.web.labels` for templates.

``{{ r.queue|code_label:"queue" }}``, ``{{ item|qa_item }}``, ``{{ value|yes_no }}``,
``{{ when|local_time }}``, ``{{ code|language_name }}``, ``{{ column|column_label }}``.
"""

from __future__ import annotations

from django import template

from serviq.web import labels

register = template.Library()
register.filter("code_label", labels.code_label)


@register.filter
def code_labels(codes: object, group: str) -> str:
    """A list of codes by their names, joined with ", "."""
    if isinstance(codes, str):
        items: list[object] = [c.strip() for c in codes.split(",") if c.strip()]
    else:
        items = list(codes) if isinstance(codes, list | tuple) else [codes]
    return ", ".join(labels.code_label(c, group) for c in items)


register.filter("qa_item", labels.qa_item_label)
register.filter("qa_status", labels.qa_status_label)
register.filter("report_kind", labels.report_kind_label)
register.filter("scope", labels.scope_label)
register.filter("unit", labels.unit_label)
register.filter("yes_no", labels.yes_no)
register.filter("local_time", labels.local_time)
register.filter("language_name", labels.language_name)
register.filter("column_label", labels.column_label)
