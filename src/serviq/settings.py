"""serviq's settings: one typed object, built by a function from the environment.

Nothing is read at import time. Every setting is listed in ``docs/settings.md``; a test
fails when one is not. Centre-specific rules and thresholds are not settings here but YAML
data files (see :mod:`serviq.resources`), which ``SERVIQ_CONFIG_DIR`` can override.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from serviq.errors import ConfigError, Where

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "placeholder", "xxx"})
#: the signing key development mode uses when none is set (never valid outside it).
DEVELOPMENT_SECRET_KEY = "serviq-development-only-key-not-for-production"


@dataclass(frozen=True)
class Settings:
    """What a serviq installation is configured with.

    Attributes:
        home: where serviq keeps its files (SQLite database, DuckDB workspace, uploads).
        database_url: the application database; default a SQLite file under ``home``.
        config_dir: a folder whose YAML files override the bundled ones in ``serviq/data``.
        timezone: the centre's time zone; times are stored in UTC and reported in this zone.
        debug: development mode (placeholder secrets allowed, detailed error pages).
        secret_key: the web application's signing key.
        allowed_hosts: host names the web application answers to.
        pseudonym_salt: the salt of the pseudonyms of stored identifiers (respondents' IP
            addresses, customer keys that are raw personal data); see :mod:`serviq.privacy`.
        site: the centre's site code (``SERVIQ_SITE``, default ``main``): the site of contacts
            imported without one, and their partition in Parquet output.
        spark_master: the Spark master for ``--engine spark`` (``SERVIQ_SPARK_MASTER``,
            default ``local[*]``); ``spark_remote`` a Spark Connect URL
            (``SERVIQ_SPARK_REMOTE``, ``sc://host:15002``) that wins over it.
        tmp_dir: scratch space for engines (``SERVIQ_TMPDIR``, default the system's).
    """

    home: Path
    database_url: str
    config_dir: Path | None
    timezone: str
    debug: bool
    secret_key: str
    allowed_hosts: tuple[str, ...]
    pseudonym_salt: str | None = None
    site: str = "main"
    spark_master: str = "local[*]"
    spark_remote: str | None = None
    tmp_dir: Path | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _secret(env: Mapping[str, str], name: str) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    file = env.get(f"{name}_FILE")
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"cannot read {name}_FILE: {exc.strerror}", where=Where(field=f"{name}_FILE")
            ) from None
    return env.get(name)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(
        f"{value!r} is not a boolean; allowed: 1, 0, true, false, yes, no, on, off",
        where=Where(field=name),
    )


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    home = Path(env.get("SERVIQ_HOME") or Path.cwd() / "var").resolve()
    debug = _flag(env, "SERVIQ_DEBUG", False)
    database_url = env.get("DATABASE_URL") or f"sqlite:///{home / 'serviq.sqlite3'}"
    if not database_url.startswith(("sqlite:", "postgres://", "postgresql://")):
        raise ConfigError(
            "unsupported DATABASE_URL; allowed: sqlite:///PATH, postgresql://USER@HOST/DB",
            where=Where(field="DATABASE_URL"),
        )
    timezone = env.get("SERVIQ_TIMEZONE") or "Asia/Shanghai"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {timezone!r}; use an IANA name such as Asia/Shanghai or Asia/Hong_Kong",
            where=Where(field="SERVIQ_TIMEZONE"),
        ) from None
    secret = _secret(env, "SERVIQ_SECRET_KEY")
    if secret is None or secret.strip().lower() in PLACEHOLDER_SECRETS:
        if not debug:
            raise ConfigError(
                "SERVIQ_SECRET_KEY is missing or a placeholder; set a long random value "
                "(or SERVIQ_SECRET_KEY_FILE), or SERVIQ_DEBUG=1 for development",
                where=Where(field="SERVIQ_SECRET_KEY"),
            )
        secret = DEVELOPMENT_SECRET_KEY
    config_dir = env.get("SERVIQ_CONFIG_DIR")
    hosts = tuple(
        h.strip()
        for h in (env.get("SERVIQ_ALLOWED_HOSTS") or "localhost,127.0.0.1").split(",")
        if h.strip()
    )
    return Settings(
        home=home,
        database_url=database_url,
        config_dir=Path(config_dir).resolve() if config_dir else None,
        timezone=timezone,
        debug=debug,
        secret_key=secret,
        allowed_hosts=hosts,
        pseudonym_salt=_secret(env, "SERVIQ_PSEUDONYM_SALT") or None,
        site=(env.get("SERVIQ_SITE") or "main").strip() or "main",
        spark_master=env.get("SERVIQ_SPARK_MASTER") or "local[*]",
        spark_remote=env.get("SERVIQ_SPARK_REMOTE") or None,
        tmp_dir=Path(env["SERVIQ_TMPDIR"]).resolve() if env.get("SERVIQ_TMPDIR") else None,
    )
