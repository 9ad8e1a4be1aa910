"""``{% load training_labels %}``: a session's kind and an attendance by their names."""

from __future__ import annotations

from django import template

from serviq.web.labels import lang
from serviq.web.training.archive import kind_label, status_label

register = template.Library()
register.filter("training_kind", kind_label)
register.filter("attendance", status_label)


@register.filter
def percent(share: float | None) -> str:
    """A share 0–1 as a whole-ish percentage (one decimal)."""
    return "—" if share is None else f"{100 * share:.1f}%"


@register.filter
def get_item(mapping: object, key: str) -> object:
    """``mapping[key]`` (None when absent), for JSON fields keyed by question or language."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def in_lang(texts: object) -> str:
    """A text stored in the three languages (``{"zh-Hans": …, "zh-Hant": …, "en": …}``) in
    the reader's language."""
    if not isinstance(texts, dict):
        return str(texts or "")
    return str(texts.get(lang()) or texts.get("en") or "")
