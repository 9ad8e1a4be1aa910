"""Masking personal data in open comments before they are stored.

The masking itself is :func:`serviq.web.privacy.mask` (the text module's
:func:`serviq.text.redaction.redact`: ID, phone, card, account numbers and e-mail addresses
become typed placeholders in the respondent's language). Nothing unmasked reaches the
database.
"""

from __future__ import annotations

from serviq.web.privacy import LANGS, mask

__all__ = ["LANGS", "mask"]
