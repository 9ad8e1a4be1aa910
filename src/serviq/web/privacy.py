"""Personal data in what the web application stores: one call site per kind.

- :func:`mask` — free text (survey comments, handover logs, escalation reports, minutes,
  QA disputes and notes) through :func:`serviq.text.redaction.redact`, with placeholders in
  the writer's language (the active language when none is given);
- :func:`client_pseudonym` — a client's IP address, kept only as its salted pseudonym where
  the application needs to recognise a repeat (rate limiting the public survey pages).

The salt is :func:`serviq.privacy.salt_for` of the installation's settings.
"""

from __future__ import annotations

from functools import lru_cache

LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}


def mask(text: str, language: str | None = None) -> str:
    """``text`` with personal data replaced by placeholders in ``language`` (a Django
    language code; default the active one)."""
    if not text:
        return text
    from django.utils import translation

    from serviq.privacy import masked

    code = (language or translation.get_language() or "zh-hans").lower()
    return str(masked(text, LANGS.get(code, "zh-Hans")))


@lru_cache(maxsize=1)
def _salt() -> bytes:
    from django.conf import settings

    from serviq.privacy import salt_for

    return salt_for(settings.SERVIQ)


def client_pseudonym(ip: str | None) -> str:
    """The salted pseudonym of a client address; ``-`` when there is none."""
    from serviq.privacy import ip_pseudonym

    return ip_pseudonym(ip, _salt()) or "-"
