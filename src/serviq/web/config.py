"""Django settings from serviq's typed :class:`~serviq.settings.Settings`.

:func:`django_settings` is the one function that builds them; ``serviq.web.settings`` (the
module Django imports) only calls it. SQLite in WAL mode needs no configuration;
``DATABASE_URL=postgresql://…`` switches to PostgreSQL. Secrets come from the environment
or ``*_FILE`` and are refused when they are placeholders outside development
(:func:`serviq.settings.load_settings` checks that).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from serviq.errors import ConfigError, Where
from serviq.settings import Settings, _flag

HERE = Path(__file__).resolve().parent

LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]


def database_from_url(url: str, *, test_suffix: str = "") -> dict[str, Any]:
    """Django's ``DATABASES["default"]`` for a ``sqlite:///PATH`` or ``postgresql://`` URL."""
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
        if not path or path == ":memory:":
            raise ConfigError(
                "DATABASE_URL for SQLite must name a file: sqlite:///PATH",
                where=Where(field="DATABASE_URL"),
            )
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(path)),
            "OPTIONS": {
                # WAL lets readers work while one writer commits; IMMEDIATE takes the write
                # lock at BEGIN so that concurrent submissions queue instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ConfigError(
            "unsupported DATABASE_URL; allowed: sqlite:///PATH, postgresql://USER@HOST/DB",
            where=Where(field="DATABASE_URL"),
        )
    name = unquote(parts.path.lstrip("/")) or "postgres"
    db: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
    if test_suffix:
        # Several engineers and xdist workers share one server: each run gets its own test DB.
        db["TEST"] = {"NAME": f"test_{name}_{test_suffix}"}
    return db


def django_settings(s: Settings, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every Django setting serviq uses, built from ``s`` (and a few web-only variables)."""
    env = os.environ if env is None else env
    secure_cookies = _flag(env, "SERVIQ_SECURE_COOKIES", not s.debug)
    forwarded_proto = _flag(env, "SERVIQ_TRUST_FORWARDED_PROTO", False)
    s.home.mkdir(parents=True, exist_ok=True)
    return {
        "DEBUG": s.debug,
        "SECRET_KEY": s.secret_key,
        "ALLOWED_HOSTS": list(s.allowed_hosts) + (["testserver"] if s.debug else []),
        "INSTALLED_APPS": [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "django.contrib.admin",
            "serviq.web.org",
            "serviq.web.audit",
            "serviq.web.surveys",
            "serviq.web.dashboard",
            "serviq.web.qa",
            "serviq.web.workforce",
            "serviq.web.reports",
            "serviq.web.actions",
            "serviq.web.indicatordata",
            "serviq.web.sme",
            "serviq.web.delphi",
            "serviq.web.training",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "serviq.web.security.ContentSecurityPolicyMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.locale.LocaleMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "serviq.web.security.NoStoreMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "serviq.web.errors.ServiqErrorMiddleware",
        ],
        "ROOT_URLCONF": "serviq.web.urls",
        # uploads: a file past imports.yaml max_upload_mb is dropped while it is read
        "FILE_UPLOAD_HANDLERS": [
            "serviq.web.uploads.CappedUploadHandler",
            "django.core.files.uploadhandler.MemoryFileUploadHandler",
            "django.core.files.uploadhandler.TemporaryFileUploadHandler",
        ],
        "WSGI_APPLICATION": "serviq.web.wsgi.application",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(HERE / "templates")],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.template.context_processors.i18n",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                        "serviq.web.org.views.person_context",
                    ]
                },
            }
        ],
        "DATABASES": {"default": database_from_url(s.database_url, test_suffix=str(os.getpid()))},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "PASSWORD_HASHERS": [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ],
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        ],
        "LOGIN_URL": "login",
        "LOGIN_REDIRECT_URL": "home",
        "LOGOUT_REDIRECT_URL": "login",
        "LANGUAGE_CODE": "zh-hans",
        "LANGUAGES": LANGUAGES,
        "LOCALE_PATHS": [str(HERE / "locale")],
        "USE_I18N": True,
        "USE_TZ": True,
        "TIME_ZONE": s.timezone,
        "STATIC_URL": "/static/",
        "STATIC_ROOT": str(s.home / "static"),
        "STATICFILES_DIRS": [str(HERE / "static")],
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                if s.debug
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            },
        },
        # Whitenoise serves from the finders in development, so no collectstatic is needed.
        "WHITENOISE_USE_FINDERS": True,
        "WHITENOISE_AUTOREFRESH": s.debug,
        # With secure cookies the site is HTTPS only: plain HTTP is redirected, and browsers
        # are told (HSTS, one year) never to use plain HTTP for it again.
        "SECURE_SSL_REDIRECT": secure_cookies,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600 if secure_cookies else 0,
        # Behind a proxy that ends TLS and says so in X-Forwarded-Proto (and strips it
        # from clients), the request counts as HTTPS.
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if forwarded_proto else None,
        "SESSION_COOKIE_SECURE": secure_cookies,
        "CSRF_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
        },
        "SERVIQ": s,
    }
