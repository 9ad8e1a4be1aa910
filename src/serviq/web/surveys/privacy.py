"""Masking personal data in open comments before they are stored.

The masking itself is the text module's (:func:`serviq.text.redact.redact`); this is the
one call site of the web. Nothing unmasked reaches the database.
"""

from __future__ import annotations


def mask(comment: str) -> str:
    """The comment with names, phone, card, account and ID numbers replaced by placeholders."""
    if not comment:
        return comment
    from serviq.text.redact import redact

    result = redact(comment)
    return result if isinstance(result, str) else str(result.text)
