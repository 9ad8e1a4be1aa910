"""Masking personal data in open comments before they are stored.

The masking itself is the text module's (:func:`serviq.text.redaction.redact`: ID, phone,
card, account numbers and e-mail addresses become typed placeholders); this is the web's one
call site. Nothing unmasked reaches the database: without the text module a comment cannot
be stored (fail closed).
"""

from __future__ import annotations

LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}


def mask(comment: str, language: str = "zh-hans") -> str:
    """The comment with personal data replaced by placeholders in the respondent's language."""
    if not comment:
        return comment
    from serviq.text.redaction import redact

    return redact(comment, lang=LANGS.get(language, "zh-Hans"))
