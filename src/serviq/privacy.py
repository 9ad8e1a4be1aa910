"""Personal data before it is stored: masked text, salted pseudonyms of identifiers.

Two operations, used by every path that stores something a customer wrote or that
identifies a customer (survey imports, web survey answers, ops imports, staff notes):

- free text is masked by :func:`serviq.text.redaction.redact` — the one masking function;
- an identifier that duplicate detection or joins still need (a respondent's IP address or
  device, a customer key that arrives as a raw phone or ID number) is replaced by its
  **pseudonym**: the first 16 hex digits of HMAC-SHA256(salt, value). The same value gives
  the same pseudonym under one salt, so duplicates are still found, and without the salt
  the value cannot be recovered by hashing every IPv4 address or phone number::

      >>> pseudonym("203.0.113.7", b"salt") == pseudonym("203.0.113.7", b"salt")
      True
      >>> pseudonym("203.0.113.7", b"salt") == pseudonym("203.0.113.7", b"other")
      False
      >>> len(pseudonym("13812345678", b"salt"))
      16

The salt (:func:`salt_for`) is ``SERVIQ_PSEUDONYM_SALT`` (or ``…_FILE``); else it is derived
from ``SERVIQ_SECRET_KEY``; in development, or on the command line without a key, it is a
random value kept in ``$SERVIQ_HOME/pseudonym.salt`` (created on first use, readable by its
owner only).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from serviq.text.redaction import find_pii, redact

if TYPE_CHECKING:
    from serviq.settings import Settings

SALT_FILE = "pseudonym.salt"
_IP_CANDIDATE = re.compile(r"[0-9A-Fa-f:.]{2,45}")


def pseudonym(value: str, salt: bytes) -> str:
    """The salted pseudonym of ``value`` (16 hex digits of HMAC-SHA256)."""
    return hmac.new(salt, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def ip_address(text: str) -> str | None:
    """The IP address in a cell such as ``203.0.113.7(上海-上海)`` (platform exports add the
    place), normalised; None when there is none."""
    for candidate in _IP_CANDIDATE.findall(text):
        try:
            return str(ipaddress.ip_address(candidate.strip(".:")))
        except ValueError:
            continue
    return None


def ip_pseudonym(text: Any, salt: bytes) -> str | None:
    """The pseudonym of the IP address in ``text`` (the place a platform adds is dropped);
    any other non-empty text is pseudonymised whole; empty stays None."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    s = str(text).strip()
    if not s:
        return None
    return pseudonym(ip_address(s) or s, salt)


def protected_key(value: Any, salt: bytes) -> Any:
    """A customer key as it may be stored: a key that is itself personal data (a phone,
    ID-card or bank-card number, an e-mail address) becomes its pseudonym, so that repeats
    of the same customer still match; a key that is already pseudonymous is kept."""
    if not isinstance(value, str) or not value.strip():
        return value
    return pseudonym(value, salt) if find_pii(value) else value


def masked(value: Any, lang: str = "zh-Hans") -> Any:
    """Free text with personal data masked (:func:`~serviq.text.redaction.redact`);
    anything that is not text (a number, None) is returned as it is."""
    return redact(value, lang=lang) if isinstance(value, str) and value else value


def masked_all(values: Iterable[Any], lang: str = "zh-Hans") -> list[Any]:
    """:func:`masked` of each value."""
    return [masked(v, lang) for v in values]


def _home_salt(home: Path) -> bytes:
    path = home / SALT_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def salt_for(settings: Settings) -> bytes:
    """The pseudonym salt of this installation (see the module docstring)."""
    from serviq.settings import DEVELOPMENT_SECRET_KEY

    if settings.pseudonym_salt:
        return settings.pseudonym_salt.encode("utf-8")
    if settings.secret_key and settings.secret_key != DEVELOPMENT_SECRET_KEY:
        return hmac.new(
            settings.secret_key.encode("utf-8"), b"serviq pseudonyms", hashlib.sha256
        ).digest()
    return _home_salt(settings.home)


def installation_salt(env: dict[str, str] | None = None) -> bytes:
    """The salt for a command-line run: :func:`salt_for` of the settings in ``env`` (default
    the process environment). Commands sign nothing, so a missing secret key does not stop
    them: the salt then comes from ``$SERVIQ_HOME/pseudonym.salt``."""
    from serviq.settings import DEVELOPMENT_SECRET_KEY, load_settings

    values = dict(os.environ if env is None else env)
    if not (values.get("SERVIQ_SECRET_KEY") or values.get("SERVIQ_SECRET_KEY_FILE")):
        values["SERVIQ_SECRET_KEY"] = DEVELOPMENT_SECRET_KEY
    return salt_for(load_settings(values))
