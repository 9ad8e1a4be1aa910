"""Shared fixtures. Tests use real components: files on disk, real databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("SERVIQ_DEBUG", "1")
# Hypothesis reads no environment variable itself: the profile is registered and loaded here.
# "ci" keeps every example and check and drops only the timing ones (the per-example deadline
# and the slow-generation health check), which fail on a loaded 2-core machine, not on a bug.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev")
settings.load_profile(os.environ.setdefault("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent

# Fixtures that open the Django database (directly or through the fixtures built on them).
DB_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
        "client",
        "async_client",
        "admin_client",
        "admin_user",
        "django_user_model",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``db`` every test that opens a database: a Django one (a fixture of
    ``DB_FIXTURES`` among all the fixtures it uses, or the ``django_db`` marker) or the
    PostgreSQL server of the ops/KPI engines (the ``postgres`` marker). ``make test-pg`` runs
    only these; the others would run twice the same way."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if (
            names & DB_FIXTURES
            or item.get_closest_marker("django_db") is not None
            or item.get_closest_marker("postgres") is not None
        ):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``serviq ARGS`` in-process; return (exit code, stdout, stderr)."""
    from serviq.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run
