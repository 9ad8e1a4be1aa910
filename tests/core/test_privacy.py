"""Salted pseudonyms and where their salt comes from (serviq.privacy)."""

from __future__ import annotations

import stat

import pytest

from serviq.privacy import (
    SALT_FILE,
    installation_salt,
    ip_address,
    ip_pseudonym,
    protected_key,
    pseudonym,
    salt_for,
)
from serviq.settings import load_settings


def test_a_pseudonym_depends_on_the_value_and_the_salt() -> None:
    a = pseudonym("203.0.113.7", b"one")
    assert a == pseudonym(" 203.0.113.7 ", b"one")
    assert a != pseudonym("203.0.113.8", b"one")
    assert a != pseudonym("203.0.113.7", b"two")
    assert len(a) == 16
    assert int(a, 16) >= 0


@pytest.mark.parametrize(
    ("cell", "ip"),
    [
        ("137.203.97.66(上海-上海)", "137.203.97.66"),
        ("来自 10.0.0.1", "10.0.0.1"),
        ("2001:db8::1", "2001:db8::1"),
        ("not an address", None),
    ],
)
def test_the_address_is_found_in_a_platform_cell(cell: str, ip: str | None) -> None:
    assert ip_address(cell) == ip


def test_the_place_a_platform_adds_does_not_change_the_pseudonym() -> None:
    assert ip_pseudonym("137.203.97.66(上海-上海)", b"s") == ip_pseudonym("137.203.97.66", b"s")
    assert ip_pseudonym("", b"s") is None
    assert ip_pseudonym(None, b"s") is None


def test_a_raw_customer_key_becomes_a_pseudonym_and_a_pseudonymous_one_stays() -> None:
    assert protected_key("13812345678", b"s") == pseudonym("13812345678", b"s")
    assert protected_key("a.chan@example.com", b"s") != "a.chan@example.com"
    assert protected_key("3f9a0c11d2e4b5a6", b"s") == "3f9a0c11d2e4b5a6"
    assert protected_key(None, b"s") is None


def test_the_salt_setting_wins_then_the_secret_key(tmp_path) -> None:
    base = {"SERVIQ_HOME": str(tmp_path), "SERVIQ_SECRET_KEY": "k" * 40}
    explicit = load_settings({**base, "SERVIQ_PSEUDONYM_SALT": "pepper"})
    assert salt_for(explicit) == b"pepper"
    derived = salt_for(load_settings(base))
    assert derived not in (b"pepper", b"k" * 40)
    assert salt_for(load_settings({**base, "SERVIQ_SECRET_KEY": "j" * 40})) != derived
    assert not (tmp_path / SALT_FILE).exists()


def test_without_a_key_a_random_salt_is_kept_in_the_home_folder(tmp_path) -> None:
    env = {"SERVIQ_HOME": str(tmp_path / "home")}
    first = installation_salt(env)
    assert installation_salt(env) == first
    path = tmp_path / "home" / SALT_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 64
    assert installation_salt({"SERVIQ_HOME": str(tmp_path / "other")}) != first
