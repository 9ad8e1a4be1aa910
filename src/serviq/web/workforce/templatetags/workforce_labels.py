"""``{{ code|wf_label:"status" }}`` — see :mod:`serviq.web.workforce.labels`."""

from __future__ import annotations

from django import template

from serviq.web.workforce.labels import label

register = template.Library()


@register.filter
def wf_label(code: object, group: str) -> str:
    return label(code, group)


@register.filter
def wf_labels(codes: object, group: str) -> str:
    """A list of codes as words, joined with ", "."""
    items = codes if isinstance(codes, list | tuple) else [codes]
    return ", ".join(label(c, group) for c in items)
