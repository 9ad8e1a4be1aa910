"""Django settings come from one typed function; SQLite works with no configuration."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from serviq.errors import ConfigError
from serviq.settings import load_settings
from serviq.web import catalogs
from serviq.web.config import database_from_url, django_settings

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_needs_no_configuration_and_runs_in_wal_mode(tmp_path: Path) -> None:
    env = {"SERVIQ_DEBUG": "1", "SERVIQ_HOME": str(tmp_path)}
    s = django_settings(load_settings(env), env)
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "serviq.sqlite3")
    # a real migration on a real file, in a fresh interpreter: the file ends up in WAL mode
    out = subprocess.run(
        [sys.executable, "-m", "serviq.cli.main", "migrate", "--json"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"applied": [' in out.stdout
    mode = sqlite3.connect(tmp_path / "serviq.sqlite3").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)


def test_postgresql_through_database_url() -> None:
    db = database_from_url("postgresql://serviq:p%40ss@db.internal:5433/quality", test_suffix="7")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "quality",
        "serviq",
        "p@ss",
        "db.internal",
        "5433",
    )
    assert db["TEST"]["NAME"] == "test_quality_7"


def test_unusable_database_urls_name_the_setting() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database_from_url("sqlite://")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database_from_url("mysql://x@y/z")


def test_placeholder_secret_refused_in_production_and_cookies_secure(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SERVIQ_SECRET_KEY"):
        load_settings({"SERVIQ_SECRET_KEY": "changeme", "SERVIQ_HOME": str(tmp_path)})
    key = tmp_path / "key"
    key.write_text("x" * 50)
    env = {"SERVIQ_SECRET_KEY_FILE": str(key), "SERVIQ_HOME": str(tmp_path)}
    s = django_settings(load_settings(env), env)
    assert s["SECRET_KEY"] == "x" * 50
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"]
    assert s["CSRF_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"]
    assert s["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert "django.middleware.csrf.CsrfViewMiddleware" in s["MIDDLEWARE"]


def test_web_settings_are_documented() -> None:
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    source = (ROOT / "src/serviq/web/config.py").read_text(encoding="utf-8")
    import re

    names = set(re.findall(r'_flag\(env, "([A-Z_]+)"', source))
    assert names
    assert all(f"`{n}`" in docs for n in names), names


def test_compiled_catalogues_are_up_to_date() -> None:
    assert len(catalogs.po_files()) == 3
    assert catalogs.stale() == []


def test_each_catalogue_says_each_message_once() -> None:
    """Branches append to the catalogues and git keeps both sides (.gitattributes: union):
    a message added twice would be translated by whichever entry the compiler keeps."""
    import collections

    import polib

    for po in catalogs.po_files():
        counts = collections.Counter((e.msgctxt, e.msgid) for e in polib.pofile(str(po)))
        assert [k for k, n in counts.items() if n > 1] == [], po


def test_password_hashing_is_argon2(db) -> None:
    from django.contrib.auth.models import User

    u = User.objects.create_user("hashme", password="A-long-enough-Passw0rd")
    assert u.password.startswith("argon2")


def test_migrations_match_the_models(db) -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_web_roles_are_the_products_roles() -> None:
    from serviq.languages import ROLES
    from serviq.web.org.roles import Role

    assert tuple(r.value for r in Role) == ROLES
